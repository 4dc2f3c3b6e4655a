import { describe, expect, it } from 'vitest';
import { jaccard, normalize, shingles, similarPairs, similarPairsBruteForce, type Doc } from './similarity.js';

const base = '会议传达学习了上级关于基层组织建设的部署要求，围绕如何发挥党员先锋模范作用展开讨论，大家结合村里产业发展实际，提出要办好合作社、修好机耕道、管好集体资产，并明确由支委分片包干，每月向党员大会报告进展。';
const other = '本次主题党日组织党员到敬老院开展志愿服务，为老人打扫卫生、理发、测量血压，随后回到活动室观看警示教育片，党员们纷纷表示要守住底线、廉洁自律，在群众中树立良好形象，切实把学习成果转化为服务群众的实际行动。';

describe('near-duplicate minutes', () => {
  it('ignores the org names, digits and punctuation a copier changes', () => {
    expect(normalize('中共甲村支部：应到 12 人，实到 10 人。', ['中共甲村支部'])).toBe('应到人实到人');
  });
  it('measures Jaccard similarity of shingle sets', () => {
    expect(jaccard(shingles(base), shingles(base))).toBe(1);
    expect(jaccard(shingles(base), shingles(other))).toBeLessThan(0.1);
  });
  it('finds a copied pair between orgs, not a pair within one org, and not different texts', () => {
    const docs: Doc[] = [
      { id: 1, group: 10, text: normalize(`中共甲村支部${base}`, ['中共甲村支部']) },
      { id: 2, group: 20, text: normalize(`中共乙村支部${base}改了几个字`, ['中共乙村支部']) },
      { id: 3, group: 10, text: normalize(base) },
      { id: 4, group: 30, text: normalize(other) },
    ];
    const pairs = similarPairs(docs, 0.8);
    // 1 and 3 are the same org's own texts: never a pair
    expect(pairs.map((p) => `${p.a}-${p.b}`).sort()).toEqual(['1-2', '2-3']);
    expect(pairs.some((p) => p.b === 4 || p.a === 4)).toBe(false);
  });
  it('agrees with the all-pairs comparison on planted copies among many texts', () => {
    const words = '学习 讨论 部署 落实 群众 服务 产业 合作社 道路 卫生 志愿 廉洁 教育 发展 安全 防汛 环境 治理 调解 宣传'.split(' ');
    let seed = 7;
    const rnd = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
    const docs: Doc[] = Array.from({ length: 300 }, (_, i) => ({ id: i + 1, group: i + 1, text: Array.from({ length: 40 }, () => words[Math.floor(rnd() * words.length)]).join('') }));
    for (const [from, to] of [[5, 200], [17, 250], [42, 299]] as const) docs[to - 1] = { id: to, group: to, text: docs[from - 1]!.text };
    const fast = similarPairs(docs, 0.8).map((p) => `${p.a}-${p.b}`).sort();
    const slow = similarPairsBruteForce(docs, 0.8).map((p) => `${p.a}-${p.b}`).sort();
    expect(fast).toEqual(slow);
    expect(slow).toEqual(expect.arrayContaining(['5-200', '17-250', '42-299']));
  });
});
