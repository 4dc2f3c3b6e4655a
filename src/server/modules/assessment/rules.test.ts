import { describe, expect, it } from 'vitest';
import {
  ballotPoints, checkEntry, metricOutcome, COUNTY_TEMPLATE, computeTotals, entryHash, flattenTemplate, GENESIS, indicatorScore, metricPoints, rankAndGrade,
  validateTree, verifyChain, weightProducts, type ChainFields, type IndicatorDef, type OrgTotal,
} from './rules.js';
import { METRIC_KEYS } from '../metrics/catalogue.js';

const ind = (id: number, parentId: number | null, method: IndicatorDef['method'], maxPoints: number, extra: Partial<IndicatorDef> = {}): IndicatorDef =>
  ({ id, parentId, code: String(id), name: `指标${id}`, method, maxPoints, weight: 1, ...extra });

describe('assessment rules', () => {
  it('multiplies weights down the tree', () => {
    const w = weightProducts([ind(1, null, 'group', 10, { weight: 2 }), ind(2, 1, 'manual', 10, { weight: 1.5 }), ind(3, null, 'manual', 5)]);
    expect(w.get(2)).toBe(3);
    expect(w.get(3)).toBe(1);
  });

  it.each([
    // method, max, current sum, new points, refused?
    ['manual', 10, 0, 10, false],
    ['manual', 10, 8, 3, true],          // beyond the upper bound
    ['manual', 10, 2, -3, true],         // below zero
    ['deduction', 5, -4, -1, false],
    ['deduction', 5, -5, -1, false],     // every finding is recorded beyond the cap; the score stops there
    ['deduction', 5, 0, 1, true],        // a deduction cannot add
    ['deduction', 5, 0, -6, true],       // one finding cannot exceed the item's cap
    ['bonus', 3, 2, 3, false],
    ['bonus', 3, 0, 4, true],
    ['veto', 0, 0, 1, false],
    ['veto', 0, 0, 2, true],
    ['group', 10, 0, 1, true],
  ] as const)('%s item of %i points: sum %d + %d refused=%s', (method, max, current, points, refused) => {
    const msg = checkEntry({ method, maxPoints: max, code: '1.1', name: '测试' }, current, points);
    expect(msg !== null).toBe(refused);
    if (msg) expect(msg).toContain('1.1');
  });

  it('refuses more than two decimals, but lets a correction bring a sum back', () => {
    expect(checkEntry({ method: 'manual', maxPoints: 10, code: '1', name: 'x' }, 0, 1.234)).toContain('两位小数');
    expect(checkEntry({ method: 'manual', maxPoints: 10, code: '1', name: 'x' }, 10, -12, true)).toBeNull();
  });

  it('scores an indicator from its sum: deductions from full points down to zero, others up to full', () => {
    expect(indicatorScore({ method: 'deduction', maxPoints: 5 }, -2)).toBe(3);
    expect(indicatorScore({ method: 'deduction', maxPoints: 5 }, -9)).toBe(0);
    expect(indicatorScore({ method: 'manual', maxPoints: 5 }, 7)).toBe(5);
    expect(indicatorScore({ method: 'veto', maxPoints: 0 }, 1)).toBe(0);
    expect(metricPoints({ maxPoints: 8, metricTarget: 0.95 }, 0.95)).toBe(8);
    expect(metricPoints({ maxPoints: 8, metricTarget: 0.95 }, 0.475)).toBe(4);
    expect(metricPoints({ maxPoints: 8, metricTarget: 0.95 }, null)).toBe(0);
  });
  it('never gives full marks for a vacancy (figure rule: an empty population of post-holders earns nothing)', () => {
    const sec = { maxPoints: 5, metricTarget: 1, metricKey: 'secretary_training_coverage' };
    expect(metricOutcome(sec, null, { label: '书记参训率', vacantSince: '2026-08-01' }))
      .toEqual({ points: 0, reason: '书记参训率：书记空缺（自 2026-08-01 起），无人参训，按 0 分计' });
    expect(metricOutcome({ ...sec, metricKey: 'party_worker_training_coverage', maxPoints: 6 }, null, { label: '党务工作者参训率', vacantSince: null }).points).toBe(0);
    expect(metricOutcome(sec, 0.5, { label: '书记参训率', vacantSince: null }).points).toBe(2.5);
    // nobody away six months: nothing has failed
    expect(metricOutcome({ maxPoints: 3, metricTarget: 0.9, metricKey: 'floating_contact_rate' }, null, { label: '流动党员联系率', vacantSince: null }).points).toBe(3);
  });
  it('gives what the scheme states for nothing to measure, and still nothing for a vacancy', () => {
    const floating = { maxPoints: 3, metricTarget: 0.9, metricKey: 'floating_contact_rate' };
    expect(metricOutcome(floating, null, { label: '流动党员联系率', vacantSince: null, notApplicableShare: 0.6 }))
      .toEqual({ points: 1.8, reason: '流动党员联系率：无适用对象，按方案规定计满分的 60%，1.8 分' });
    expect(metricOutcome(floating, null, { label: '流动党员联系率', vacantSince: null, notApplicableShare: 0 }).points).toBe(0);
    // a measured value is scored as measured, whatever the setting
    expect(metricOutcome(floating, 0.45, { label: '流动党员联系率', vacantSince: null, notApplicableShare: 0 }).points).toBe(1.5);
    const sec = { maxPoints: 5, metricTarget: 1, metricKey: 'secretary_training_coverage' };
    expect(metricOutcome(sec, null, { label: '书记参训率', vacantSince: '2026-08-01', notApplicableShare: 1 }).points).toBe(0);
  });

  it('totals with the bonus cap and vetoes; orgs without entries keep the deduction items', () => {
    const inds = [ind(1, null, 'deduction', 10), ind(2, null, 'manual', 20), ind(3, null, 'bonus', 5), ind(4, null, 'veto', 0, { vetoEffect: 'no_excellent' })];
    const sums = new Map([[100, new Map([[1, -3], [2, 15], [3, 5], [4, 1]])]]);
    const [a, b] = computeTotals(inds, [{ orgId: 100, groupKey: 'g' }, { orgId: 200, groupKey: 'g' }], sums, 2);
    expect(a).toMatchObject({ total: 7 + 15 + 2, bonus: 2, vetoes: ['no_excellent'] });
    expect(b).toMatchObject({ total: 10, vetoes: [] });
  });

  it('ranks by competition within each group, keeps ties out of a full quota, and applies vetoes', () => {
    const t = (orgId: number, total: number, groupKey = 'g', vetoes: OrgTotal['vetoes'] = []): OrgTotal => ({ orgId, groupKey, total, base: total, bonus: 0, vetoes });
    const r = rankAndGrade([t(1, 95), t(2, 93), t(3, 93), t(4, 70), t(5, 99, 'h', ['poor']), t(6, 91, 'h', ['no_excellent'])],
      { excellent: 90, good: 80, fair: 60, excellentQuota: 0.5 });
    const by = new Map(r.map((x) => [x.orgId, x]));
    expect([1, 2, 3, 4].map((id) => by.get(id)!.rank)).toEqual([1, 2, 2, 4]);
    // quota 50% of 4 = 2: the tie at rank 2 would make 3, so both stay "good"
    expect([1, 2, 3, 4].map((id) => by.get(id)!.grade)).toEqual(['excellent', 'good', 'good', 'fair']);
    expect(by.get(5)!.grade).toBe('poor');
    expect(by.get(6)!.grade).toBe('good');
    expect(by.get(5)!.groupSize).toBe(2);
  });

  it('takes the county template as a valid tree of 100 points, and refuses activity metrics', () => {
    const flat = flattenTemplate(COUNTY_TEMPLATE).map((r) => ({ ...r, id: r.key, parentId: r.parentKey, weight: 1 }));
    expect(validateTree(flat, METRIC_KEYS)).toEqual([]);
    const base = flat.filter((i) => i.parentId === null && !['bonus', 'veto'].includes(i.method) && i.code !== '7' && i.code !== '8').reduce((a, i) => a + i.maxPoints, 0);
    expect(base).toBe(100);
    const bad = flat.map((i) => (i.method === 'metric' ? { ...i, metricKey: 'login_count' } : i));
    expect(validateTree(bad, METRIC_KEYS)[0]).toContain('登录次数');
    expect(METRIC_KEYS.has('login_count')).toBe(false);
  });

  it('weights ballot groups over the groups that voted', () => {
    expect(ballotPoints(10, [{ weight: 0.4, sum: 200, count: 2 }, { weight: 0.3, sum: 70, count: 1 }, { weight: 0.3, sum: 0, count: 0 }]))
      .toBe(Math.round(10 * ((100 * 0.4 + 70 * 0.3) / 0.7) / 100 * 100) / 100);
    expect(ballotPoints(10, [{ weight: 1, sum: 0, count: 0 }])).toBeNull();
  });

  it('chains entries by hash and names the first one that was changed', () => {
    const at = new Date('2026-11-01T00:00:00Z');
    const chain: (ChainFields & { id: number; prevHash: string; hash: string })[] = [];
    let prev = GENESIS;
    for (let seq = 1; seq <= 4; seq++) {
      const f: ChainFields = { schemeId: 1, seq, orgId: 9, indicatorId: 2, points: seq, channel: 'manual', evidenceKind: null, evidenceId: null, reason: null,
        reversesId: null, schemeVersion: 1, recordedBy: 1, approvedBy: null, recordedAt: at };
      const hash = entryHash(prev, f);
      chain.push({ ...f, id: 100 + seq, prevHash: prev, hash });
      prev = hash;
    }
    expect(verifyChain(chain)).toEqual({ ok: true, count: 4 });
    const tampered = chain.map((e) => (e.seq === 3 ? { ...e, points: 30 } : e));
    expect(verifyChain(tampered)).toMatchObject({ ok: false, seq: 3, entryId: 103 });
    expect(verifyChain(chain.filter((e) => e.seq !== 2))).toMatchObject({ ok: false, seq: 3 });
  });
});
