/**
 * The ways points enter the ledger: a scorer's manual score, bonus or veto; platform metrics; inspection findings;
 * daily records reviewed; duty-report reviews; and the evidence attached to records and findings.
 */
import { and, eq, sql } from 'drizzle-orm';
import { can, require, type Actor, scopeAt } from '../../core/actor.js';
import { audit } from '../../core/audit.js';
import { notOwnWork } from '../../core/duties.js';
import { inTx, rows, type Db } from '../../core/db.js';
import { errors } from '../../core/errors.js';
import { offset, today } from '../../core/paging.js';
import { P, type Permission } from '../../core/permissions.js';
import { getOrgRow, secretaryVacantSinceSql } from '../orgs/service.js';
import { assessmentLink } from '../inspections/service.js';
import { checkEvidence, readStoredFile, storeFile } from '../meetings/service.js';
import { metricValues, METRICS } from '../metrics/catalogue.js';
import { metricOutcome, POST_BASED_METRICS, round2 } from './rules.js';
import { assessmentFindings, dailyRecords, dutyScores, type DailyRecordStatus } from './tables.js';
import { type NewEntry, OPEN_FOR, appendEntries, sumsOf } from './ledger.js';
import { type Scheme, getScheme, inScope, indicatorsOf, leaf, ownerSees } from './schemes.js';

async function scorer(db: Db, actor: Actor, schemeId: number) {
  const s = await getScheme(db, actor, schemeId, P.assessmentScore);
  if (OPEN_FOR[s.status]) throw errors.invalidState(OPEN_FOR[s.status]!);
  return s;
}

async function currentSum(db: Db, schemeId: number, orgId: number, indicatorId: number) {
  const [r] = await rows<{ raw: number }>(db, sql`select coalesce(sum(points), 0)::float8 as raw from score_entries where scheme_id = ${schemeId} and org_id = ${orgId} and indicator_id = ${indicatorId}`);
  return r?.raw ?? 0;
}

/** A scorer sets a manual indicator's score (the ledger gets the difference), adds a bonus item, or records a veto event. */
export async function recordScore(db: Db, actor: Actor, schemeId: number, input: { orgId: number; indicatorId: number; points: number; reason: string }) {
  await scorer(db, actor, schemeId);
  const i = await leaf(db, schemeId, input.indicatorId, ['manual', 'bonus', 'veto']);
  return inTx(db, async (tx) => {
    if (i.method === 'manual') {
      if (input.points < 0 || input.points > i.maxPoints) throw errors.field('points', `「${i.code} ${i.name}」得分须在 0 到 ${i.maxPoints} 分之间`);
      const delta = round2(input.points - await currentSum(tx, schemeId, input.orgId, i.id));
      if (delta === 0) throw errors.field('points', '得分与现有得分相同，无需记录');
      return (await appendEntries(tx, actor, schemeId, [{ orgId: input.orgId, indicatorId: i.id, points: delta, channel: 'manual', reason: `评定为 ${input.points} 分：${input.reason}` }]))[0]!;
    }
    return (await appendEntries(tx, actor, schemeId, [{ orgId: input.orgId, indicatorId: i.id, points: i.method === 'veto' ? 1 : input.points,
      channel: i.method === 'veto' ? 'veto' : 'bonus', reason: input.reason }]))[0]!;
  });
}

/** Platform metrics → entries: each covered org's metric-indicator score brought to what the data says now. */
export async function computeMetrics(db: Db, actor: Actor, schemeId: number) {
  const s = await getScheme(db, actor, schemeId, P.assessmentManage);
  const add = await metricEntries(db, actor, s);
  await inTx(db, (tx) => appendEntries(tx, actor, schemeId, add));
  return { entries: add.length };
}

/**
 * The entries that bring each covered org's metric indicators to what the data says now under the rules in force:
 * the difference from what the ledger holds, and the first computation even at 0 points so the explanation shows it.
 * `correction` (计算口径更正 of a final scheme) names the reason in every entry.
 */
export async function metricEntries(db: Db, actor: Actor, s: Pick<Scheme, 'id' | 'year' | 'notApplicableShare'>, correction?: string): Promise<NewEntry[]> {
  const schemeId = s.id;
  const inds = (await indicatorsOf(db, schemeId)).filter((i) => i.method === 'metric');
  const orgsList = await rows<{ id: number; parentId: number }>(db, sql`select o.id, o.parent_id as "parentId" from assessment_orgs a join orgs o on o.id = a.org_id where a.scheme_id = ${schemeId}`);
  const sums = await sumsOf(db, schemeId);
  const ids = orgsList.map((o) => o.id).join(',');
  const vacant = new Map((await rows<{ id: number; since: string | null }>(db, sql`select o.id, (${secretaryVacantSinceSql('o')})::text as since
    from orgs o where o.id = any(string_to_array(${ids}, ',')::int[])`)).map((x) => [x.id, x.since]));
  // entries written under the earlier rule, which gave full points to an empty population of post-holders
  const fullByOldRule = new Set((await rows<{ key: string }>(db, sql`select distinct e.org_id || '/' || e.indicator_id as key from score_entries e
    where e.scheme_id = ${schemeId} and e.channel = 'metric' and e.reason like '%无适用对象，按满分计'`)).map((x) => x.key));
  const notApplicableShare = Number(s.notApplicableShare);
  const add: NewEntry[] = [];
  for (const i of inds) {
    const metric = METRICS.find((m) => m.key === i.metricKey)!;
    const values = await metricValues(db, actor, i.metricKey!, orgsList, s.year);
    for (const o of orgsList) {
      const out = metricOutcome(i, values.get(o.id) ?? null, { label: metric.label, vacantSince: vacant.get(o.id) ?? null, notApplicableShare });
      const delta = round2(out.points - (sums.get(o.id)?.get(i.id) ?? 0));
      const oldRule = fullByOldRule.has(`${o.id}/${i.id}`) && POST_BASED_METRICS.has(i.metricKey!);
      const reason = correction ? `计算口径更正（${correction}）：${out.reason}`
        : oldRule ? `计算口径更正：${out.reason}（原按满分计，空缺不再得分）` : out.reason;
      if (delta || (!correction && !sums.get(o.id)?.has(i.id))) add.push({ orgId: o.id, indicatorId: i.id, points: delta, channel: 'metric', evidenceKind: 'metric', reason });
    }
  }
  return add;
}

type Upload = { name: string; content: Buffer };
async function attach(tx: Db, file: Upload | null) {
  if (!file) return [];
  const kind = checkEvidence(file.content);
  const { fileId } = await storeFile(tx, file.content, kind.type);
  return [{ fileId, name: file.name, contentType: kind.type }];
}

/** 督查发现: recorded with its deduction (per occurrence); every finding is kept even beyond the cap, which the score respects. */
export async function recordFinding(db: Db, actor: Actor, schemeId: number, input: { orgId: number; indicatorId: number; team: string; foundOn: string; description: string; occurrences: number }, file: Upload | null = null) {
  await scorer(db, actor, schemeId);
  const i = await leaf(db, schemeId, input.indicatorId, ['deduction']);
  const points = -round2((i.perItem ?? 1) * input.occurrences);
  return inTx(db, async (tx) => {
    const [f] = await tx.insert(assessmentFindings).values({ ...input, countyId: actor.countyId, schemeId, attachments: await attach(tx, file), recordedBy: actor.userId, recordedByName: actor.displayName }).returning();
    const [e] = await appendEntries(tx, actor, schemeId, [{ orgId: input.orgId, indicatorId: i.id, points, channel: 'inspection', evidenceKind: 'finding', evidenceId: f!.id,
      reason: `${input.team}：${input.description.slice(0, 60)}${input.occurrences > 1 ? `（${input.occurrences} 处）` : ''}` }]);
    await tx.update(assessmentFindings).set({ entryId: e!.id, countyId: e!.countyId }).where(eq(assessmentFindings.id, f!.id));
    return { ...f!, entryId: e!.id, points };
  });
}

type Attachment = (typeof assessmentFindings.$inferSelect)['attachments'][number];

/** A finding as listed, with the deduction it put into the ledger (null before it was recorded). */
export type FindingRow = {
  id: number; orgId: number; orgName: string; indicator: string; team: string; foundOn: string; description: string; occurrences: number;
  attachments: Attachment[]; recordedByName: string; entryId: number | null; points: number | null;
};

export async function findFindings(db: Db, actor: Actor, schemeId: number) {
  const s = await getScheme(db, actor, schemeId);
  return rows<FindingRow>(db, sql`select f.id, f.org_id as "orgId", o.name as "orgName", i.code || ' ' || i.name as indicator, f.team, f.found_on as "foundOn", f.description,
      f.occurrences, f.attachments, f.recorded_by_name as "recordedByName", f.entry_id::int as "entryId", e.points::float8 as points
    from assessment_findings f join orgs o on o.id = f.org_id join assessment_indicators i on i.id = f.indicator_id left join score_entries e on e.id = f.entry_id
    where f.scheme_id = ${schemeId} and (${scopeAt(actor, P.assessmentRead)} or ${await ownerSees(db, actor, s)}) order by f.found_on desc, f.id desc`);
}

// daily records

export async function submitDailyRecord(db: Db, actor: Actor, input: { schemeId: number; orgId: number; indicatorId: number; title: string; content: string; doneOn: string }, file: Upload | null = null) {
  const s = await getScheme(db, actor, input.schemeId, P.assessmentSubmit);
  if (s.status !== 'scoring') throw errors.invalidState(s.status === 'draft' ? '方案尚未发布' : '日常记实报送已截止');
  await getOrgRow(db, actor, input.orgId, P.assessmentSubmit).catch(() => { throw errors.field('orgId', '党组织不存在或不在您的管理范围内'); });
  const [covered] = await rows(db, sql`select 1 from assessment_orgs where scheme_id = ${s.id} and org_id = ${input.orgId}`);
  if (!covered) throw errors.field('orgId', '该党组织不在本方案的考核范围（考核类别）内');
  await leaf(db, s.id, input.indicatorId, ['daily']);
  if (input.doneOn > today()) throw errors.field('doneOn', '工作日期不能晚于今天');
  return inTx(db, async (tx) => {
    const [r] = await tx.insert(dailyRecords).values({ ...input, countyId: s.countyId, attachments: await attach(tx, file), submittedBy: actor.userId, submittedByName: actor.displayName }).returning();
    await audit(tx, actor, { action: 'create', entity: 'daily_record', entityId: r!.id, orgId: input.orgId, after: r });
    return r!;
  });
}

/** A daily record as listed, with its indicator's scoring rule. */
export type DailyRecordRow = {
  id: number; orgId: number; orgName: string; indicatorId: number; indicator: string; perItem: number | null; maxPoints: number; title: string; content: string;
  doneOn: string; attachments: Attachment[]; status: DailyRecordStatus; submittedByName: string; submittedAt: string; reviewedByName: string | null;
  reviewedAt: string | null; reviewNote: string | null; points: number | null;
};

/** Daily records the actor may see: their own orgs' (submitters) or all of a scheme they score. */
export async function findDailyRecords(db: Db, actor: Actor, f: { schemeId?: number; status?: string; orgId?: number; page: number; pageSize: number }) {
  require(actor, P.assessmentRead);
  const s = f.schemeId ? await getScheme(db, actor, f.schemeId) : null;
  const all = s ? (can(actor, P.assessmentScore) && await inScope(db, actor, P.assessmentScore, s.ownerOrgId)) || await inScope(db, actor, P.assessmentRead, s.ownerOrgId) : false;
  const where = sql`${s ? sql`d.scheme_id = ${s.id}` : sql`true`} ${f.status ? sql`and d.status = ${f.status}` : sql``} ${f.orgId ? sql`and d.org_id = ${f.orgId}` : sql``}
    and (${all ? sql`true` : sql`false`} or ${scopeAt(actor, P.assessmentRead)})`;
  const [items, [{ n = 0 } = {}]] = await Promise.all([
    rows<DailyRecordRow>(db, sql`select d.id, d.org_id as "orgId", o.name as "orgName", d.indicator_id as "indicatorId", i.code || ' ' || i.name as indicator, i.per_item::float8 as "perItem",
        i.max_points::float8 as "maxPoints", d.title, d.content, d.done_on as "doneOn", d.attachments, d.status, d.submitted_by_name as "submittedByName", d.submitted_at as "submittedAt",
        d.reviewed_by_name as "reviewedByName", d.reviewed_at as "reviewedAt", d.review_note as "reviewNote", d.points::float8 as points
      from daily_records d join orgs o on o.id = d.org_id join assessment_indicators i on i.id = d.indicator_id where ${where}
      order by d.submitted_at desc limit ${f.pageSize} offset ${offset(f)}`),
    rows<{ n: number }>(db, sql`select count(*)::int as n from daily_records d join orgs o on o.id = d.org_id where ${where}`),
  ]);
  return { items, total: n };
}

/** A reviewer approves (points proposed by the indicator's rule, at most what is left) or rejects with a reason. */
export async function reviewDailyRecord(db: Db, actor: Actor, id: number, input: { approve: boolean; points?: number | null; note?: string | null }) {
  const [d] = await db.select().from(dailyRecords).where(eq(dailyRecords.id, id));
  if (!d) throw errors.notFound('日常记实');
  await scorer(db, actor, d.schemeId);
  if (d.status !== 'submitted') throw errors.alreadyDone('该记实已审核');
  notOwnWork(actor, { userId: d.submittedBy }, '报送的日常记实');
  if (!input.approve && !input.note?.trim()) throw errors.field('note', '退回须写明原因');
  const i = await leaf(db, d.schemeId, d.indicatorId, ['daily']);
  return inTx(db, async (tx) => {
    let entryId: number | null = null; let points: number | null = null;
    if (input.approve) {
      const left = round2(i.maxPoints - await currentSum(tx, d.schemeId, d.orgId, i.id));
      points = input.points ?? Math.min(i.perItem ?? 1, left);
      if (points <= 0) throw errors.field('points', `「${i.code} ${i.name}」已得满 ${i.maxPoints} 分，不能再加分；可通过并记 0 分以外的方式处理：请退回并说明`);
      const [e] = await appendEntries(tx, actor, d.schemeId, [{ orgId: d.orgId, indicatorId: i.id, points, channel: 'daily_record', evidenceKind: 'daily_record', evidenceId: d.id,
        reason: `日常记实：${d.title}`, approvedBy: actor.userId, approvedByName: actor.displayName }]);
      entryId = e!.id;
    }
    const [n] = await tx.update(dailyRecords).set({ status: input.approve ? 'approved' : 'rejected', reviewedBy: actor.userId, reviewedByName: actor.displayName, reviewedAt: new Date(),
      reviewNote: input.note ?? null, points: points === null ? null : String(points), entryId }).where(and(eq(dailyRecords.id, id), eq(dailyRecords.status, 'submitted'))).returning();
    if (!n) throw errors.alreadyDone('该记实已审核');
    await audit(tx, actor, { action: input.approve ? 'approve' : 'reject', entity: 'daily_record', entityId: id, orgId: d.orgId, before: d, after: n });
    return n;
  });
}

// duty report review

export async function recordDutyScore(db: Db, actor: Actor, schemeId: number, input: { indicatorId: number; orgId: number; score: number }) {
  const s = await scorer(db, actor, schemeId);
  if (OPEN_FOR[s.status]) throw errors.invalidState(OPEN_FOR[s.status]!);
  const i = await leaf(db, schemeId, input.indicatorId, ['duty']);
  if (input.score < 0 || input.score > i.maxPoints) throw errors.field('score', `评分须在 0 到 ${i.maxPoints} 分之间`);
  const [covered] = await rows(db, sql`select 1 from assessment_orgs where scheme_id = ${schemeId} and org_id = ${input.orgId}`);
  if (!covered) throw errors.field('orgId', '该党组织不在本方案的考核范围（考核类别）内');
  return inTx(db, async (tx) => {
    const [r] = await tx.insert(dutyScores).values({ ...input, score: String(input.score), countyId: s.countyId, schemeId, reviewerId: actor.userId, reviewerName: actor.displayName })
      .onConflictDoNothing().returning();
    if (!r) throw errors.alreadyDone('您已为该单位的述职评过分');
    await audit(tx, actor, { action: 'create', entity: 'duty_score', entityId: r.id, orgId: input.orgId, after: r });
    return r;
  });
}

/** The duty review of one org: how many reviewers scored, their average (null: none yet), whether the actor did, what the ledger holds. */
export type DutySummaryRow = { orgId: number; orgName: string; reviewers: number; average: number | null; mine: boolean | null; recorded: number };

export async function dutySummary(db: Db, actor: Actor, schemeId: number, indicatorId: number) {
  const s = await getScheme(db, actor, schemeId);
  return rows<DutySummaryRow>(db, sql`select a.org_id as "orgId", o.name as "orgName", count(d.id)::int as reviewers, round(avg(d.score), 2)::float8 as average,
      bool_or(d.reviewer_id = ${actor.userId}) as mine,
      (select coalesce(sum(points), 0)::float8 from score_entries e where e.scheme_id = a.scheme_id and e.org_id = a.org_id and e.indicator_id = ${indicatorId}) as recorded
    from assessment_orgs a join orgs o on o.id = a.org_id left join duty_scores d on d.org_id = a.org_id and d.indicator_id = ${indicatorId}
    where a.scheme_id = ${schemeId} and (${scopeAt(actor, P.assessmentRead)} or ${await ownerSees(db, actor, s)}) group by a.org_id, o.name, o.path, a.scheme_id order by o.path`);
}

/** The panel's averages into the ledger (the difference from what it holds). */
export async function finalizeDuty(db: Db, actor: Actor, schemeId: number, indicatorId: number) {
  await getScheme(db, actor, schemeId, P.assessmentManage);
  await leaf(db, schemeId, indicatorId, ['duty']);
  const avgs = await rows<{ org_id: number; avg: number; n: number }>(db, sql`select org_id, round(avg(score), 2)::float8 as avg, count(*)::int as n from duty_scores where scheme_id = ${schemeId} and indicator_id = ${indicatorId} group by 1`);
  const sums = await sumsOf(db, schemeId);
  const add = avgs.map((a) => ({ orgId: a.org_id, indicatorId, points: round2(a.avg - (sums.get(a.org_id)?.get(indicatorId) ?? 0)), channel: 'duty_report' as const,
    evidenceKind: 'duty_review', reason: `述职评议：${a.n} 位评议人平均 ${a.avg} 分` })).filter((e) => e.points !== 0);
  await inTx(db, (tx) => appendEntries(tx, actor, schemeId, add));
  return { entries: add.length };
}

/** Evidence on a daily record (its submitter, while it waits) or a finding (a scorer). */
export async function addEvidence(db: Db, actor: Actor, kind: 'daily' | 'finding', id: number, file: Upload) {
  const r = await evidenceOwner(db, actor, kind, id, kind === 'daily' ? P.assessmentSubmit : P.assessmentScore);
  if (kind === 'daily' && r.status !== 'submitted') throw errors.invalidState('已审核的记实不能再添加附件');
  return inTx(db, async (tx) => {
    const att = [...r.attachments, ...await attach(tx, file)];
    if (kind === 'daily') await tx.update(dailyRecords).set({ attachments: att }).where(eq(dailyRecords.id, id));
    else await tx.update(assessmentFindings).set({ attachments: att }).where(eq(assessmentFindings.id, id));
    await audit(tx, actor, { action: 'attach', entity: kind === 'daily' ? 'daily_record' : 'assessment_finding', entityId: id, orgId: r.orgId, after: { name: file.name } });
    return att;
  });
}

/** The record an evidence file belongs to, checked for the actor before an upload is read. */
export async function evidenceOwner(db: Db, actor: Actor, kind: 'daily' | 'finding', id: number, perm: Permission) {
  const table = kind === 'daily' ? dailyRecords : assessmentFindings;
  const [r] = await db.select().from(table).where(eq(table.id, id));
  if (!r) throw errors.notFound(kind === 'daily' ? '日常记实' : '督查发现');
  const s = await getScheme(db, actor, r.schemeId, perm === P.assessmentScore ? P.assessmentScore : P.assessmentRead);
  if (perm === P.assessmentSubmit) await getOrgRow(db, actor, r.orgId, P.assessmentSubmit);
  else if (perm === P.assessmentRead && !(await inScope(db, actor, P.assessmentRead, s.ownerOrgId)) && !(await inScope(db, actor, P.assessmentRead, r.orgId))) throw errors.notFound('附件');
  return r as typeof r & { status?: string };
}

export async function evidenceFile(db: Db, actor: Actor, kind: 'daily' | 'finding', id: number, fileId: number) {
  const r = await evidenceOwner(db, actor, kind, id, P.assessmentRead);
  const a = r.attachments.find((x) => x.fileId === fileId);
  if (!a) throw errors.notFound('附件');
  return { ...a, ...(await readStoredFile(db, fileId)) };
}

// An inspection plan may name a scheme and its findings deduct from it; inspections is measured by the assessment,
// so it does not import it but names this link, provided here.
assessmentLink.provide({ checkScheme: (db, actor, schemeId) => getScheme(db, actor, schemeId, P.assessmentScore), deduct: recordFinding });
