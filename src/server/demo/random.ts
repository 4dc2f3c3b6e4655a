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
export const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国建华志强志明海燕红梅玉兰文俊晓东晓燕春梅德明德华永红永强国平国强小红小明丽娟雪梅宏伟海涛金凤光明世杰家豪子涵欣怡浩然宇轩梓萱诗涵'.match(/../g)!
  .concat('伟 芳 娜 敏 静 丽 强 磊 军 洋 勇 艳 杰 娟 涛 明 超 霞 平 刚 华 辉 鑫 波 斌 宇 浩 凯 健 俊 帆 帅 旭 宁 琳 颖 倩 婷 雪 慧'.split(' '));
export const PLACE_SYLLABLES = '青石 白沙 杨柳 龙泉 桃园 清水 黄土 梅林 松岭 柏树 大坪 小河 新华 光明 红星 凤凰 金竹 银杏 双河 三合 五里 七星 九龙 高桥 长岭 东坪 西山 南坝 北岗 中和 太平 永安 兴隆 丰收 和平 胜利 团结 前进 友谊 幸福 紫荆 荷花 望江 临溪 云峰 雁塘 竹园 李家 王家 陈家 张家 刘家 马鞍 牛角 石门 铁炉 官庄 柳湾 枫林 杏花 茶园'.split(' ');
