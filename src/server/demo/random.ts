/** A seeded PRNG (mulberry32): the same seed gives the same county. */
export class Rng {
  private s: number;
  constructor(seed: number) { this.s = seed >>> 0; }
  next(): number {
    let t = (this.s += 0x6d2b79f5);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(min: number, max: number): number { return min + Math.floor(this.next() * (max - min + 1)); }
  pick<T>(a: readonly T[]): T { return a[Math.floor(this.next() * a.length)]!; }
  chance(p: number): boolean { return this.next() < p; }
  weighted<T>(items: readonly [T, number][]): T {
    const total = items.reduce((s, [, w]) => s + w, 0);
    let r = this.next() * total;
    for (const [v, w] of items) { if ((r -= w) < 0) return v; }
    return items[items.length - 1]![0];
  }
}

export const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'.split('');
export const GIVEN_MALE = ('伟 强 磊 军 洋 勇 杰 涛 明 超 平 刚 华 辉 鑫 波 斌 宇 浩 凯 健 俊 帆 帅 旭 宁 建国 建华 志强 志明 文俊 晓东 德明 德华 永强 国平 '
  + '国强 小明 宏伟 海涛 光明 世杰 家豪 浩然 宇轩 建军 红兵 卫东 学文 新民 振华 长江 福生 金宝 正阳').split(' ');
export const GIVEN_FEMALE = ('芳 娜 秀英 敏 静 丽 艳 娟 秀兰 霞 桂英 玉兰 海燕 红梅 晓燕 春梅 永红 小红 丽娟 雪梅 金凤 子涵 欣怡 梓萱 诗涵 '
  + '琳 颖 倩 婷 雪 慧 玉珍 凤英 桂兰 淑华 美玲 翠花 丽萍 晓丽 佳怡').split(' ');
export const PLACE_SYLLABLES = '青石 白沙 杨柳 龙泉 桃园 清水 黄土 梅林 松岭 柏树 大坪 小河 新华 光明 红星 凤凰 金竹 银杏 双河 三合 五里 七星 九龙 高桥 长岭 东坪 西山 南坝 北岗 中和 太平 永安 兴隆 丰收 和平 胜利 团结 前进 友谊 幸福 紫荆 荷花 望江 临溪 云峰 雁塘 竹园 李家 王家 陈家 张家 刘家 马鞍 牛角 石门 铁炉 官庄 柳湾 枫林 杏花 茶园'.split(' ');
