import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { inTx, rows } from '../../src/server/core/db.js';
import { P } from '../../src/server/core/permissions.js';
import type { Actor } from '../../src/server/core/actor.js';
import { computeTotals, indicatorScore, rankAndGrade, round2, weightProducts, type IndicatorDef } from '../../src/server/modules/assessment/rules.js';
import type { GradeRule } from '../../src/server/modules/assessment/tables.js';
import * as svc from '../../src/server/modules/assessment/service.js';
import { snapshot } from '../../src/server/modules/assessment/workflow.js';
import { anchors } from '../builders.js';
import { count, login, loginAll, one, problem, refusal, useApp, type Client } from '../helpers.js';
import { Rng } from '../../src/server/demo/random.js';

const byOrg = <T extends { orgId: number }>(l: T[]) => [...l].sort((a, b) => a.orgId - b.orgId);
const pick = ({ orgId, total, rank, grade }: { orgId: number; total: number; rank: number; grade: string }) => ({ orgId, total, rank, grade });

/**
 * The scoring rule in its plain form (rules.computeTotals and rankAndGrade, which the what-if runs) over the sums of
 * the ledger's entries as stored. The SQL engine (results.ts: pages, snapshots, the cockpit) must give the same
 * answer: the two forms of the rule are checked against each other here, over the demo and random schemes.
 */
async function plainResults(db: Parameters<typeof rows>[0], schemeId: number) {
  const s = await one<{ grade_rule: GradeRule; bonus_cap: string }>(db, sql`select grade_rule, bonus_cap from assessment_schemes where id = ${schemeId}`);
  const inds = await svc.indicatorsOf(db, schemeId);
  const orgs = await rows<{ orgId: number; groupKey: string }>(db, sql`select org_id as "orgId", group_key as "groupKey" from assessment_orgs where scheme_id = ${schemeId}`);
  const sums = new Map<number, Map<number, number>>();
  for (const e of await rows<{ org_id: number; indicator_id: number; raw: number }>(db, sql`
    select org_id, indicator_id, sum(points)::float8 as raw from score_entries where scheme_id = ${schemeId} group by 1, 2`)) {
    if (!sums.has(e.org_id)) sums.set(e.org_id, new Map());
    sums.get(e.org_id)!.set(e.indicator_id, e.raw);
  }
  return { inds, sums, results: byOrg(rankAndGrade(computeTotals(inds, orgs, sums, Number(s.bonus_cap)), s.grade_rule)).map(pick) };
}

describe('assessment', () => {
  const ctx = useApp();
  let a: Awaited<ReturnType<typeof anchors>>;
  let county: Client; let town: Client; let branch: Client; let member: Client; let inspector: Client;
  let demo: number; let townScheme: number; let draftCopy: number;
  beforeAll(async () => {
    a = await anchors(ctx.db);
    [county, town, branch, member, inspector] = await loginAll(ctx.app, 'county_admin', 'township_admin', 'branch_secretary', 'member', 'inspector');
    const list = (await county.get('/api/assessment/schemes')).json() as { id: number; status: string; ownerOrgId: number; copiedFromId: number | null }[];
    demo = list.find((s) => s.status === 'final')!.id;
    townScheme = list.find((s) => s.ownerOrgId === a.town)!.id;
    draftCopy = list.find((s) => s.copiedFromId === demo)!.id;
  });

  it('ranks the demo county per category with grades, agreeing with the plain form of the rule over the ledger; the chain verifies', async () => {
    const r = await county.get(`/api/assessment/schemes/${demo}/results`);
    expect(r.statusCode).toBe(200);
    const items = r.json().items as { orgId: number; total: number; rank: number; grade: string; groupKey: string }[];
    expect(new Set(items.map((i) => i.groupKey)).size).toBeGreaterThanOrEqual(3);
    expect(byOrg(items).map(pick)).toEqual((await plainResults(ctx.db, demo)).results);
    expect((await county.get(`/api/assessment/schemes/${demo}/verify`)).json()).toMatchObject({ ok: true });
    const x = await county.get(`/api/assessment/schemes/${demo}/results/export`);
    expect(x.headers['content-type']).toContain('spreadsheetml');
  });

  it('shows the cascade to the county, with the approved difference from the county scheme', async () => {
    const c = (await county.get('/api/assessment/cascade')).json();
    const t = c.find((x: { ownerOrgId: number }) => x.ownerOrgId === a.town);
    expect(t).toMatchObject({ baseSchemeId: demo, status: 'scoring' });
    // still being scored: the live figures, one grade per assessed branch and their average total
    expect(t.excellent + t.good + t.fair + t.poor).toBe(t.orgs);
    const live = (await county.get(`/api/assessment/schemes/${townScheme}/results`)).json().items as { total: number }[];
    expect(t.average).toBeCloseTo(live.reduce((x, r) => x + r.total, 0) / live.length, 0);
    const d = (await county.get(`/api/assessment/schemes/${townScheme}`)).json();
    expect(d.deviations.some((x: string) => x.includes('1.2'))).toBe(true);
    expect((await branch.get('/api/assessment/cascade')).json()).toEqual([]);
  });

  it('the SQL engine and the plain rule agree on random schemes, weights, caps, quotas, ties, vetoes and corrections (property test)', async () => {
    const rng = new Rng(77);
    const actor = (await svc.getScheme(ctx.db, countyActor(a.root, await rootPath()), demo)) && countyActor(a.root, await rootPath());
    for (let round = 0; round < 6; round++) {
      const s = await svc.createScheme(ctx.db, actor, { name: `随机方案 ${round}`, year: 2030 + round, ownerOrgId: a.root, template: 'blank',
        gradeRule: { excellent: rng.int(60, 80), good: 50, fair: 30, excellentQuota: rng.pick([null, 0.2, 0.3, 0.5]) }, bonusCap: rng.int(0, 4) });
      const tree: Parameters<typeof svc.saveIndicators>[3] = [];
      let key = 0;
      for (let g = 0; g < rng.int(1, 4); g++) {
        const gk = ++key; const kids: typeof tree = [];
        for (let k = 0; k < rng.int(1, 4); k++) {
          const method = rng.pick(['manual', 'deduction', 'bonus', 'veto', 'daily'] as const);
          kids.push({ key: ++key, parentKey: gk, code: `${g + 1}.${k + 1}`, name: `指标${key}`, method, maxPoints: method === 'veto' ? 0 : rng.int(1, 20),
            weight: rng.pick([1, 1, 2, 3]), perItem: method === 'deduction' ? 1 : null, vetoEffect: method === 'veto' ? rng.pick(['poor', 'no_excellent'] as const) : null });
        }
        tree.push({ key: gk, parentKey: null, code: String(g + 1), name: `方面${g + 1}`, method: 'group', weight: rng.pick([1, 2]),
          maxPoints: kids.filter((c) => c.method !== 'bonus' && c.method !== 'veto').reduce((x, c) => x + c.maxPoints, 0) }, ...kids);
      }
      const saved = await svc.saveIndicators(ctx.db, actor, s.id, tree, s.rev);
      await svc.publishScheme(ctx.db, actor, s.id, saved.rev);
      const inds = await svc.indicatorsOf(ctx.db, s.id);
      const orgs = await rows<{ org_id: number }>(ctx.db, sql`select org_id from assessment_orgs where scheme_id = ${s.id}`);
      const some = orgs.filter(() => rng.chance(0.4)).slice(0, 30);
      await inTx(ctx.db, async (tx) => {
        for (const o of some) for (const i of inds.filter((x) => x.method !== 'group')) {
          if (!rng.chance(0.6)) continue;
          const points = i.method === 'veto' ? 1 : i.method === 'deduction' ? -rng.int(1, i.maxPoints) : i.method === 'bonus' ? rng.int(1, i.maxPoints) : rng.int(0, i.maxPoints * 100) / 100;
          if (i.method !== 'deduction' && i.method !== 'bonus' && i.method !== 'veto' && points === 0) continue;
          await svc.appendEntries(tx, actor, s.id, [{ orgId: o.org_id, indicatorId: i.id, points, channel: i.method === 'deduction' ? 'inspection' : 'manual', reason: '随机' }]);
          if (i.method === 'deduction' && rng.chance(0.5)) await svc.appendEntries(tx, actor, s.id, [{ orgId: o.org_id, indicatorId: i.id, points: -i.maxPoints, channel: 'inspection', reason: '超过上限也记录' }]);
        }
      });
      const [first] = await rows<{ id: number }>(ctx.db, sql`select id::int as id from score_entries where scheme_id = ${s.id} order by seq limit 1`);
      if (first) await svc.reverseEntry(ctx.db, actor, s.id, first.id, '随机更正');
      const engine = await svc.computeResults(ctx.db, (await svc.getScheme(ctx.db, actor, s.id)));
      const { sums, results: plain } = await plainResults(ctx.db, s.id);
      expect(byOrg(engine).map(pick), `第 ${round} 轮`).toEqual(plain);
      // the what-if runs the plain rule on a draft copy: with nothing changed, before and after are the engine's figures
      const w = await svc.whatIf(ctx.db, actor, (await svc.copyScheme(ctx.db, actor, s.id, {})).id);
      expect(byOrg(w.items.map((i) => ({ orgId: i.orgId, ...i.before }))), `第 ${round} 轮（模拟测算）`).toEqual(byOrg(engine).map(pick));
      expect(byOrg(w.items.map((i) => ({ orgId: i.orgId, ...i.after })))).toEqual(byOrg(engine).map(pick));
      expect(w.moved).toBe(0);
      // the maintained sums, the full rebuild from the ledger and the kept live results all say the same
      const scheme = await svc.getScheme(ctx.db, actor, s.id);
      expect(byOrg(await svc.computeResults(ctx.db, scheme, undefined, 'ledger'))).toEqual(byOrg(engine));
      expect(byOrg(await svc.liveResults(ctx.db, scheme))).toEqual(byOrg(engine));
      const maintained = await rows(ctx.db, sql`select org_id, indicator_id, raw::float8 as raw, entries from score_sums where scheme_id = ${s.id} order by 1, 2`);
      await svc.rebuildScoreSums(ctx.db, s.id);
      expect(await rows(ctx.db, sql`select org_id, indicator_id, raw::float8 as raw, entries from score_sums where scheme_id = ${s.id} order by 1, 2`)).toEqual(maintained);
      // the explanation's group averages per indicator, against the pure rules over every org of the group
      if (some.length) {
        const org = some[0]!.org_id;
        const x = await svc.explain(ctx.db, actor, s.id, org);
        const group = engine.filter((r) => r.groupKey === x.result.groupKey).map((r) => r.orgId);
        const w = weightProducts(inds as IndicatorDef[]);
        for (const leaf of (inds as IndicatorDef[]).filter((i) => i.method !== 'group' && i.method !== 'veto')) {
          const avg = group.reduce((acc, o) => acc + indicatorScore(leaf, sums.get(o)?.get(leaf.id) ?? 0) * w.get(leaf.id)!, 0) / group.length;
          expect(x.tree.find((t) => t.id === leaf.id)!.groupAverage, `第 ${round} 轮 ${leaf.code}`).toBeCloseTo(avg, 1);
        }
        expect(x.groupAverage).toBeCloseTo(engine.filter((r) => r.groupKey === x.result.groupKey).reduce((acc, r) => acc + r.total, 0) / group.length, 1);
      }
    }
  });

  it('builds a scheme from the template and publishes it; a published scheme, an activity metric and a bad tree are refused', async () => {
    const made = await county.post('/api/assessment/schemes', { name: '测试考核方案', year: 2031, ownerOrgId: a.root, template: 'county' });
    expect(made.statusCode).toBe(201);
    const id = made.json().id;
    expect(made.json().notApplicableShare).toBe(1);
    expect(problem(await county.put(`/api/assessment/schemes/${id}`, { rev: made.json().rev, notApplicableShare: 1.5 })).errors[0]).toMatchObject({ field: 'notApplicableShare' });
    const na = await county.put(`/api/assessment/schemes/${id}`, { rev: made.json().rev, notApplicableShare: 0.5 });
    expect(na.json().notApplicableShare).toBe(0.5);
    const detail = (await county.get(`/api/assessment/schemes/${id}`)).json();
    expect(detail.notApplicableShare).toBe(0.5);
    expect(detail.indicators.filter((i: { method: string }) => i.method !== 'group').length).toBeGreaterThanOrEqual(20);
    const tree = detail.indicators.map((i: IndicatorDef & { copiedFromId: number | null }) => ({ key: i.id, parentKey: i.parentId, code: i.code, name: i.name, method: i.method,
      maxPoints: i.maxPoints, weight: i.weight, perItem: i.perItem, metricKey: i.metricKey, metricTarget: i.metricTarget, vetoEffect: i.vetoEffect }));
    const logins = tree.map((i: { code: string }) => (i.code === '1.2' ? { ...i, metricKey: 'login_count' } : i));
    const bad = await county.put(`/api/assessment/schemes/${id}/indicators`, { rev: detail.rev, indicators: logins });
    expect(bad.statusCode).toBe(400);
    expect(problem(bad).detail).toContain('登录次数');
    const sumWrong = await county.put(`/api/assessment/schemes/${id}/indicators`, { rev: detail.rev, indicators: tree.map((i: { code: string; maxPoints: number }) => (i.code === '1.1' ? { ...i, maxPoints: 9 } : i)) });
    expect(problem(sumWrong).detail).toContain('与下级指标分值之和');
    expect((await town.post(`/api/assessment/schemes/${id}/publish`, { rev: detail.rev })).statusCode).toBe(404); // the county's scheme is not the township's to publish
    const pub = await county.post(`/api/assessment/schemes/${id}/publish`, { rev: detail.rev });
    expect(pub.statusCode).toBe(200);
    const edit = await county.put(`/api/assessment/schemes/${id}/indicators`, { rev: pub.json().rev, indicators: tree });
    expect(refusal(edit)).toEqual({ status: 409, code: 'INVALID_STATE' });
    expect(problem(edit).detail).toContain('方案已发布');
    expect(refusal(await county.put(`/api/assessment/schemes/${id}`, { rev: pub.json().rev, name: '改名' }))).toEqual({ status: 409, code: 'INVALID_STATE' });
    expect((await member.get('/api/assessment/schemes')).statusCode).toBe(403);
  });

  it('refuses points beyond bounds and entries for an org outside the categories, changing nothing', async () => {
    const d = (await town.get(`/api/assessment/schemes/${townScheme}`)).json();
    const manual = d.indicators.find((i: { code: string }) => i.code === '3.3');
    const covered = d.orgs[0].id;
    const before = await count(ctx.db, 'score_entries');
    const over = await town.post(`/api/assessment/schemes/${townScheme}/scores`, { orgId: covered, indicatorId: manual.id, points: manual.maxPoints + 1, reason: '测试' });
    expect(problem(over).errors[0]).toMatchObject({ field: 'points' });
    expect(problem(over).detail).toContain(`0 到 ${manual.maxPoints} 分`);
    const outside = await town.post(`/api/assessment/schemes/${townScheme}/scores`, { orgId: a.town, indicatorId: manual.id, points: 1, reason: '测试' });
    expect(problem(outside).errors[0]).toMatchObject({ field: 'orgId', message: '该党组织不在本方案的考核范围（考核类别）内' });
    expect(await count(ctx.db, 'score_entries')).toBe(before);
    const ok = await town.post(`/api/assessment/schemes/${townScheme}/scores`, { orgId: covered, indicatorId: manual.id, points: manual.maxPoints - 1, reason: '实地查看' });
    expect(ok.statusCode).toBe(201);
    expect((await branch.post(`/api/assessment/schemes/${townScheme}/scores`, { orgId: covered, indicatorId: manual.id, points: 1, reason: 'x' })).statusCode).toBe(403);
    expect(refusal(await county.post(`/api/assessment/schemes/${demo}/scores`, { orgId: covered, indicatorId: manual.id, points: 1, reason: 'x' }))).toEqual({ status: 409, code: 'INVALID_STATE' }); // final
  });

  it('takes a daily record from a branch, approved by the township with points by rule; a rejection needs a reason', async () => {
    const d = (await town.get(`/api/assessment/schemes/${townScheme}`)).json();
    const daily = d.indicators.find((i: { code: string }) => i.code === '4.1');
    const other = await branch.post('/api/assessment/daily-records', { schemeId: townScheme, orgId: a.townBranch, indicatorId: daily.id, title: '别人的记实', content: '内容', doneOn: '2026-03-01' });
    expect(problem(other).errors[0]!.field).toBe('orgId');
    const r = await branch.post('/api/assessment/daily-records', { schemeId: townScheme, orgId: a.branch, indicatorId: daily.id, title: '召开党建工作专题会', content: '研究部署全年党建工作', doneOn: '2026-03-01' });
    expect(r.statusCode).toBe(201);
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    expect((await branch.upload(`/api/assessment/daily-records/${r.json().id}/attachments`, Buffer.concat([png, Buffer.alloc(64)]), 'photo.png')).statusCode).toBe(201);
    expect((await member.upload(`/api/assessment/daily-records/${r.json().id}/attachments`, png, 'photo.png')).statusCode).toBe(403);
    const mine = (await branch.get(`/api/assessment/daily-records?schemeId=${townScheme}`)).json();
    expect(mine.items.every((x: { orgId: number }) => x.orgId === a.branch)).toBe(true);
    const noReason = await town.post(`/api/assessment/daily-records/${r.json().id}/review`, { approve: false });
    expect(problem(noReason).errors[0]!.field).toBe('note');
    expect((await branch.post(`/api/assessment/daily-records/${r.json().id}/review`, { approve: true })).statusCode).toBe(403);
    const ok = await town.post(`/api/assessment/daily-records/${r.json().id}/review`, { approve: true });
    expect(ok.json().status).toBe('approved');
    expect(Number(ok.json().points)).toBe(1);
    const entry = await one<{ channel: string; approved_by_name: string; evidence_id: number }>(ctx.db, sql`select channel, approved_by_name, evidence_id from score_entries where id = ${ok.json().entryId}`);
    expect(entry).toMatchObject({ channel: 'daily_record', evidence_id: r.json().id });
    expect(refusal(await town.post(`/api/assessment/daily-records/${r.json().id}/review`, { approve: true }))).toEqual({ status: 409, code: 'ALREADY_DONE' });
  });

  it('lets an inspector record a finding with its deduction; the explanation shows it under its indicator', async () => {
    const d = (await inspector.get(`/api/assessment/schemes/${townScheme}`)).json();
    const ded = d.indicators.find((i: { code: string }) => i.code === '4.2');
    const f = await inspector.post(`/api/assessment/schemes/${townScheme}/findings`, { orgId: a.branch, indicatorId: ded.id, team: '县委第一督查组', foundOn: '2026-06-01', description: '会议记录事后补记', occurrences: 2 });
    expect(f.statusCode).toBe(201);
    expect(f.json().points).toBe(-ded.perItem * 2);
    const manual = d.indicators.find((i: { code: string }) => i.code === '3.3');
    expect((await inspector.post(`/api/assessment/schemes/${townScheme}/findings`, { orgId: a.branch, indicatorId: manual.id, team: 'x', foundOn: '2026-06-01', description: 'x' })).statusCode).toBe(400);
    const e = (await town.get(`/api/assessment/schemes/${townScheme}/orgs/${a.branch}/explain`)).json();
    const node = e.tree.find((n: { code: string }) => n.code === '4.2');
    expect(node.entries.some((x: { channel: string; evidenceId: number }) => x.channel === 'inspection' && x.evidenceId === f.json().id)).toBe(true);
    const leaves = e.tree.filter((n: { method: string; parentId: number | null }) => n.parentId === null);
    expect(Math.round(leaves.reduce((s: number, n: { score: number }) => s + n.score, 0) * 100) / 100).toBeCloseTo(e.result.total, 1);
    expect((await branch.get(`/api/assessment/schemes/${townScheme}/orgs/${a.townBranch}/explain`)).statusCode).toBe(404);
  });

  it('runs a year-end ballot: one single-use token per rater, anonymous, closed and counted by group weights', async () => {
    const d = (await town.get(`/api/assessment/schemes/${townScheme}`)).json();
    const ballot = d.indicators.find((i: { method: string }) => i.method === 'ballot');
    const now = Date.now();
    const bad = await town.post(`/api/assessment/schemes/${townScheme}/campaigns`, { name: '测评', indicatorId: ballot.id, opensAt: new Date(now - 60_000).toISOString(),
      closesAt: new Date(now + 3600_000).toISOString(), groups: [{ name: '领导', weight: 0.5, count: 2 }, { name: '党员', weight: 0.3, count: 2 }] });
    expect(problem(bad).detail).toContain('权重之和须为 100%');
    const c = await town.post(`/api/assessment/schemes/${townScheme}/campaigns`, { name: '镇年末测评', indicatorId: ballot.id, opensAt: new Date(now - 60_000).toISOString(),
      closesAt: new Date(now + 3600_000).toISOString(), groups: [{ name: '领导', weight: 0.4, count: 2 }, { name: '党员', weight: 0.6, count: 3 }] });
    expect(c.statusCode).toBe(201);
    const tokens = c.json().tokens as { token: string; group: string }[];
    expect(tokens).toHaveLength(5);
    const anon = new (await import('../helpers.js')).Client(ctx.app);
    const page = (await anon.get(`/api/ballot/${tokens[0]!.token}`)).json();
    expect(page.state).toBe('open');
    const all = (choice: number) => page.orgs.map((o: { id: number }) => ({ orgId: o.id, choice }));
    expect(problem(await anon.post(`/api/ballot/${tokens[0]!.token}`, { marks: all(0).slice(1) })).detail).toContain('未评价');
    expect((await anon.post(`/api/ballot/${tokens[0]!.token}`, { marks: all(0) })).statusCode).toBe(200);
    const again = await anon.post(`/api/ballot/${tokens[0]!.token}`, { marks: all(3) });
    expect(refusal(again)).toEqual({ status: 409, code: 'ALREADY_DONE' });
    expect(problem(again).detail).toContain('只能投一次');
    await anon.post(`/api/ballot/${tokens[2]!.token}`, { marks: all(1) });
    expect(await count(ctx.db, `ballots where campaign_id = ${c.json().campaign.id}`)).toBe(2);
    const cols = (await rows<{ column_name: string }>(ctx.db, sql`select column_name from information_schema.columns where table_name = 'ballots'`)).map((x) => x.column_name).sort();
    expect(cols).toEqual(['campaign_id', 'group_id', 'id']); // no token, no time, no voter
    expect(refusal(await town.post(`/api/assessment/campaigns/${c.json().campaign.id}/count`))).toEqual({ status: 409, code: 'INVALID_STATE' }); // still open
    await ctx.db.execute(sql`update ballot_campaigns set closes_at = now() - interval '1 minute' where id = ${c.json().campaign.id}`);
    const late = await anon.post(`/api/ballot/${tokens[1]!.token}`, { marks: all(0) });
    expect(problem(late).detail).toContain('已经结束');
    const counted = await town.post(`/api/assessment/campaigns/${c.json().campaign.id}/count`);
    expect(counted.statusCode).toBe(200);
    const org = page.orgs[0].id;
    // leaders (40%) all "好" = 100, members (60%) all "较好" = 85 → 91% of the indicator's points
    const pts = await one<{ p: number }>(ctx.db, sql`select sum(points)::float8 as p from score_entries where scheme_id = ${townScheme} and org_id = ${org} and indicator_id = ${ballot.id}`);
    expect(pts.p).toBeCloseTo(Math.round(ballot.maxPoints * 0.91 * 100) / 100, 2);
    const turnout = (await town.get(`/api/assessment/schemes/${townScheme}/campaigns`)).json().find((x: { id: number }) => x.id === c.json().campaign.id);
    expect(turnout.groups.map((g: { used: number; issued: number }) => [g.used, g.issued])).toEqual([[1, 2], [1, 3]]);
  });

  it('names a tampered ledger row when the chain is verified', async () => {
    const e = await one<{ id: number; seq: number }>(ctx.db, sql`select id::int as id, seq from score_entries where scheme_id = ${demo} order by seq offset 5 limit 1`);
    await expect(ctx.db.execute(sql`update score_entries set points = points + 1 where id = ${e.id}`)).rejects.toThrow();
    await ctx.db.execute(sql`alter table score_entries disable trigger score_entries_append_only`);
    await ctx.db.execute(sql`update score_entries set points = points + 1 where id = ${e.id}`);
    await ctx.db.execute(sql`alter table score_entries enable trigger score_entries_append_only`);
    const v = (await county.get(`/api/assessment/schemes/${demo}/verify`)).json();
    expect(v).toMatchObject({ ok: false, entryId: e.id, seq: e.seq });
    expect(v.message).toContain(`第 ${e.seq} 条`);
    // put the row back, for the tests after this one
    await ctx.db.execute(sql`alter table score_entries disable trigger score_entries_append_only`);
    await ctx.db.execute(sql`update score_entries set points = points - 1 where id = ${e.id}`);
    await ctx.db.execute(sql`alter table score_entries enable trigger score_entries_append_only`);
    expect((await county.get(`/api/assessment/schemes/${demo}/verify`)).json()).toMatchObject({ ok: true });
  });

  it('moves a scheme through review and an objection window; an upheld objection reverses the entry; final waits for the window', async () => {
    const s = (await town.get(`/api/assessment/schemes/${townScheme}`)).json();
    expect(refusal(await town.post(`/api/assessment/schemes/${townScheme}/advance`, { rev: s.rev, to: 'final' }))).toEqual({ status: 409, code: 'INVALID_STATE' });
    const r1 = await town.post(`/api/assessment/schemes/${townScheme}/advance`, { rev: s.rev, to: 'review' });
    const r2 = await town.post(`/api/assessment/schemes/${townScheme}/advance`, { rev: r1.json().rev, to: 'objection' });
    expect(r2.json().status).toBe('objection');
    const mine = (await branch.get(`/api/assessment/schemes/${townScheme}/results`)).json();
    expect(mine.items.map((i: { orgId: number }) => i.orgId)).toEqual([a.branch]); // a branch sees its own row only
    const entry = await one<{ id: number }>(ctx.db, sql`select id::int as id from score_entries where scheme_id = ${townScheme} and org_id = ${a.branch} and channel = 'inspection' order by seq desc limit 1`);
    const other = await one<{ id: number }>(ctx.db, sql`select id::int as id from score_entries where scheme_id = ${townScheme} and org_id <> ${a.branch} limit 1`);
    expect(problem(await branch.post(`/api/assessment/schemes/${townScheme}/objections`, { entryId: other.id, reason: '不是我的' })).errors[0]!.field).toBe('entryId');
    const ob = await branch.post(`/api/assessment/schemes/${townScheme}/objections`, { entryId: entry.id, reason: '督查前已整改完毕' });
    expect(ob.statusCode).toBe(201);
    const done = await town.post(`/api/assessment/objections/${ob.json().id}/decide`, { upheld: true, decision: '核实已整改，撤销扣分' });
    expect(done.json().status).toBe('upheld');
    const rev = await one<{ points: number; channel: string }>(ctx.db, sql`select points::float8 as points, channel from score_entries where id = ${done.json().correctionEntryId}`);
    const orig = await one<{ points: number }>(ctx.db, sql`select points::float8 as points from score_entries where id = ${entry.id}`);
    expect(rev).toEqual({ points: -orig.points, channel: 'correction' });
    const fin = await town.post(`/api/assessment/schemes/${townScheme}/advance`, { rev: r2.json().rev, to: 'final' });
    expect(problem(fin).detail).toContain('期满后才能定稿');
  });

  it('corrects a final scheme by new entries with the reason: the full marks of an old rule taken back, grades recomputed, the circular listed for review', async () => {
    // the year was made final under an earlier rule that gave full marks to both post-based training metrics: plant that
    // for the best 较好 org whose two metrics now give 0, and take the final snapshot again as it was then
    const inds = await rows<{ id: number; max: number }>(ctx.db, sql`select id, max_points::float8 as max from assessment_indicators
      where scheme_id = ${demo} and metric_key in ('secretary_training_coverage', 'party_worker_training_coverage')`);
    const target = await one<{ orgId: number; total: number }>(ctx.db, sql`select r.org_id as "orgId", r.total::float8 as total from assessment_results r
      where r.scheme_id = ${demo} and r.stage = 'final' and r.grade = 'good' and not r.vetoed
        and (select coalesce(sum(raw), 0) from score_sums s where s.scheme_id = r.scheme_id and s.org_id = r.org_id and s.indicator_id in ${inds.map((i) => i.id)}) = 0
      order by r.total desc limit 1`);
    const gain = inds.reduce((t, i) => t + i.max, 0);
    expect(target.total + gain).toBeGreaterThanOrEqual(85);
    const actor = countyActor(a.root, await rootPath());
    const s = await svc.getScheme(ctx.db, actor, demo);
    await inTx(ctx.db, async (tx) => {
      await svc.appendEntries(tx, actor, demo, inds.map((i) => ({ orgId: target.orgId, indicatorId: i.id, points: i.max, channel: 'metric' as const,
        evidenceKind: 'metric', reason: '党组织书记培训覆盖率：无适用对象，无未完成事项，按满分计' })), { finalCorrection: true });
      await snapshot(tx, s, 'final');
    });
    const inflated = await one<{ grade: string }>(ctx.db, sql`select grade from assessment_results where scheme_id = ${demo} and stage = 'final' and org_id = ${target.orgId}`);
    expect(inflated.grade).toBe('excellent');
    const entries = async () => (await one<{ n: number }>(ctx.db, sql`select count(*)::int as n from score_entries where scheme_id = ${demo}`)).n;
    const before = await entries();
    const earlier = (await county.get(`/api/assessment/schemes/${demo}/corrections`)).json() as unknown[];

    // refused: bad input, another's scheme, no permission, a draft; nothing written
    expect(problem(await county.post(`/api/assessment/schemes/${demo}/corrections`, { reason: ' ' })).errors[0]!.field).toBe('reason');
    expect(refusal(await town.post(`/api/assessment/schemes/${demo}/corrections`, { reason: '越权' })).status).toBe(404);
    expect(refusal(await member.post(`/api/assessment/schemes/${demo}/corrections`, { reason: '越权' })).status).toBe(403);
    expect(refusal(await town.get(`/api/assessment/schemes/${demo}/corrections`)).status).toBe(404);
    expect(refusal(await county.post(`/api/assessment/schemes/${draftCopy}/corrections`, { reason: '草稿' }))).toEqual({ status: 409, code: 'INVALID_STATE' });
    expect(await entries()).toBe(before);

    const r = await county.post(`/api/assessment/schemes/${demo}/corrections`, { reason: '书记空缺、无人在任的单位不再按满分计' });
    expect(r.statusCode).toBe(201);
    expect(r.json()).toMatchObject({ entries: 2, gradesChanged: 1 });
    // new entries that say why, nothing rewritten; the sums are back to what the data says
    const fixed = await rows<{ points: number; reason: string }>(ctx.db, sql`select points::float8 as points, reason from score_entries where scheme_id = ${demo} and seq > (select max(seq) - 2 from score_entries where scheme_id = ${demo}) order by seq`);
    expect(fixed.map((e) => e.points).sort()).toEqual(inds.map((i) => -i.max).sort());
    for (const e of fixed) expect(e.reason).toMatch(/^计算口径更正（书记空缺、无人在任的单位不再按满分计）：.*→ 0 分$/);
    expect(await entries()).toBe(before + 2);
    // the final results are those of the ledger now; the moved org is listed with its old and new result
    const final = await rows<{ orgId: number; total: number; grade: string }>(ctx.db, sql`select org_id as "orgId", total::float8 as total, grade from assessment_results where scheme_id = ${demo} and stage = 'final'`);
    expect(byOrg(final).map((x) => [x.orgId, x.total, x.grade])).toEqual((await plainResults(ctx.db, demo)).results.map((x) => [x.orgId, x.total, x.grade]));
    const list = (await county.get(`/api/assessment/schemes/${demo}/corrections`)).json() as {
      reason: string; entries: number; changes: { orgId: number; oldGrade: string; newGrade: string; oldTotal: number; newTotal: number }[]; review: { kind: string; why: string }[] }[];
    expect(list).toHaveLength(earlier.length + 1);
    const c = list[0]!;
    expect(c).toMatchObject({ reason: '书记空缺、无人在任的单位不再按满分计', entries: 2 });
    expect(c.changes.find((x) => x.orgId === target.orgId)).toMatchObject({ oldGrade: 'excellent', newGrade: 'good', oldTotal: round2(target.total + gain), newTotal: target.total });
    expect(c.review.find((x) => x.kind === 'circular')?.why).toBe('通报所列等次有 1 个单位发生变化');
    // the org's explanation shows the correction with its reason
    const ex = (await county.get(`/api/assessment/schemes/${demo}/orgs/${target.orgId}/explain`)).json() as { tree: { entries: { reason: string }[] }[] };
    expect(ex.tree.flatMap((n) => n.entries).filter((e) => e.reason.startsWith('计算口径更正（书记空缺'))).toHaveLength(2);
    // nothing left to correct
    expect(problem(await county.post(`/api/assessment/schemes/${demo}/corrections`, { reason: '再算一次' })).detail).toContain('无需更正');
    expect((await county.get(`/api/assessment/schemes/${demo}/verify`)).json()).toMatchObject({ ok: true });
  });

  it('shows what a draft copy would change in the ranking', async () => {
    const w = await county.post(`/api/assessment/schemes/${draftCopy}/what-if`, { gradeRule: { excellent: 70, good: 60, fair: 50, excellentQuota: 0.5 } });
    expect(w.statusCode).toBe(200);
    expect(w.json().moved).toBeGreaterThan(0);
    const first = w.json().items[0];
    expect(first.before.grade).toBeTruthy();
    expect(refusal(await county.post(`/api/assessment/schemes/${demo}/what-if`, {}))).toEqual({ status: 409, code: 'INVALID_STATE' });
  });

  it('generates the special circular as a .docx whose text carries the ranking; lists and exports accountability', async () => {
    const acts = (await county.get(`/api/assessment/actions?schemeId=${demo}`)).json();
    const circ = acts.find((x: { kind: string }) => x.kind === 'circular');
    const f = await county.get(`/api/assessment/actions/${circ.id}/docx`);
    expect(f.headers['content-type']).toContain('wordprocessingml');
    const xml = await (await JSZip.loadAsync(f.rawPayload)).file('word/document.xml')!.async('string');
    const top = await one<{ name: string }>(ctx.db, sql`select o.name from assessment_results r join orgs o on o.id = r.org_id where r.scheme_id = ${demo} and r.stage = 'final' order by r.total desc limit 1`);
    expect(xml).toContain(top.name);
    expect(xml).toContain('名次');
    expect(acts.some((x: { kind: string }) => x.kind === 'interview')).toBe(true);
    expect((await county.get('/api/assessment/actions/export')).headers['content-type']).toContain('spreadsheetml');
    const bad = await county.post(`/api/assessment/schemes/${demo}/actions`, { kind: 'interview', orgId: a.branch, title: '约谈', happenedOn: '2026-11-01' });
    expect(problem(bad).errors[0]!.field).toBe('orgId');
  });

  async function rootPath() { return (await one<{ path: string }>(ctx.db, sql`select path from orgs where id = ${a.root}`)).path; }
});

function countyActor(root: number, path: string): Actor {
  return { userId: 1, username: 't', displayName: '测试', memberId: null, memberOrgId: null, countyId: 1, ip: null,
    assignments: [{ roleCode: 'county_admin', permissions: [P.orgRead, P.meetingRead, P.trainingRead, P.assessmentRead, P.assessmentManage, P.assessmentScore], scope: 'org_and_below', countyId: 1, orgId: root, orgPath: path, customOrgIds: [] }] };
}
void login;
