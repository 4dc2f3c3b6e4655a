/** The scheme's stages after publishing (scoring → review → objection → final) and the objections filed in between. */
import { and, eq, sql } from 'drizzle-orm';
import { type Actor, scopeAt } from '../../core/actor.js';
import { audit } from '../../core/audit.js';
import { notOwnWork } from '../../core/duties.js';
import { inTx, rows, type Db } from '../../core/db.js';
import { errors } from '../../core/errors.js';
import { today } from '../../core/paging.js';
import { P } from '../../core/permissions.js';
import { assessmentResults, assessmentSchemes, scoreEntries, scoreObjections, type ObjectionStatus, type SchemeStatus } from './tables.js';
import { appendEntries, reverseIn } from './ledger.js';
import { computeResults } from './results.js';
import { type Scheme, getScheme, ownerSees } from './schemes.js';

const NEXT: Partial<Record<SchemeStatus, SchemeStatus>> = { scoring: 'review', review: 'objection', objection: 'final' };

/** scoring → review → results published with an objection window → final. Snapshots are taken when results are published and when final. */
export async function advance(db: Db, actor: Actor, id: number, to: SchemeStatus, rev: number) {
  const s = await getScheme(db, actor, id, P.assessmentManage);
  if (NEXT[s.status] !== to) throw errors.invalidState(`当前为“${({ draft: '草稿', scoring: '评分中', review: '审核中', objection: '异议期', final: '已定稿' })[s.status]}”，不能转到该阶段`);
  if (to === 'final') {
    const [{ n = 0 } = {}] = await rows<{ n: number }>(db, sql`select count(*)::int as n from score_objections where scheme_id = ${id} and status = 'open'`);
    if (n) throw errors.invalidState(`还有 ${n} 条异议未处理，处理后才能定稿`);
    if (s.objectionUntil && String(s.objectionUntil) >= today()) throw errors.invalidState(`异议期到 ${s.objectionUntil} 为止，期满后才能定稿`);
  }
  return inTx(db, async (tx) => {
    const objectionUntil = to === 'objection' ? new Date(Date.parse(today()) + s.objectionDays * 86400_000).toISOString().slice(0, 10) : s.objectionUntil;
    const [n] = await tx.update(assessmentSchemes).set({ status: to, rev: s.rev + 1, objectionUntil: objectionUntil as string | null,
      ...(to === 'objection' ? { resultsAt: new Date() } : {}), ...(to === 'final' ? { finalAt: new Date() } : {}) })
      .where(and(eq(assessmentSchemes.id, id), eq(assessmentSchemes.rev, rev))).returning();
    if (!n) throw errors.stale();
    if (to === 'objection' || to === 'final') await snapshot(tx, s, to);
    await audit(tx, actor, { action: 'advance', entity: 'assessment_scheme', entityId: id, orgId: s.ownerOrgId, before: { status: s.status }, after: { status: to } });
    return n;
  });
}

/** The results now, kept as the stage's snapshot (replacing an earlier one); returned for the caller to compare. */
export async function snapshot(tx: Db, s: Pick<Scheme, 'id' | 'gradeRule' | 'bonusCap'>, stage: 'objection' | 'final') {
  const r = await computeResults(tx, s);
  await tx.delete(assessmentResults).where(and(eq(assessmentResults.schemeId, s.id), eq(assessmentResults.stage, stage)));
  for (let k = 0; k < r.length; k += 1000) {
    await tx.insert(assessmentResults).values(r.slice(k, k + 1000).map((x) => ({ schemeId: s.id, stage, orgId: x.orgId, groupKey: x.groupKey, total: x.total.toFixed(2), rank: x.rank, grade: x.grade, vetoed: x.vetoed })));
  }
  return r;
}

export async function fileObjection(db: Db, actor: Actor, schemeId: number, input: { entryId: number; reason: string }) {
  const s = await getScheme(db, actor, schemeId, P.assessmentSubmit);
  if (s.status !== 'objection') throw errors.invalidState('只能在结果公示的异议期内提出异议');
  if (s.objectionUntil && today() > String(s.objectionUntil)) throw errors.invalidState(`异议期已于 ${s.objectionUntil} 结束`);
  const [e] = await rows<{ org_id: number }>(db, sql`select e.org_id from score_entries e join orgs o on o.id = e.org_id where e.id = ${input.entryId} and e.scheme_id = ${schemeId} and ${scopeAt(actor, P.assessmentSubmit)}`);
  if (!e) throw errors.field('entryId', '得分记录不存在或不是本单位的');
  return inTx(db, async (tx) => {
    const [o] = await tx.insert(scoreObjections).values({ countyId: s.countyId, schemeId, orgId: e.org_id, entryId: input.entryId, reason: input.reason, filedBy: actor.userId, filedByName: actor.displayName }).returning();
    await audit(tx, actor, { action: 'create', entity: 'score_objection', entityId: o!.id, orgId: e.org_id, after: o });
    return o!;
  });
}

/** An objection as listed, with the ledger entry it is against. */
export type ObjectionRow = {
  id: number; orgId: number; orgName: string; entryId: number; seq: number; points: number; entryReason: string | null; indicator: string; reason: string;
  filedByName: string; filedAt: string; status: ObjectionStatus; decision: string | null; decidedByName: string | null; decidedAt: string | null; correctionEntryId: number | null;
};

export async function findObjections(db: Db, actor: Actor, schemeId: number) {
  const s = await getScheme(db, actor, schemeId);
  return rows<ObjectionRow>(db, sql`select x.id, x.org_id as "orgId", o.name as "orgName", x.entry_id::int as "entryId", e.seq, e.points::float8 as points, e.reason as "entryReason",
      i.code || ' ' || i.name as indicator, x.reason, x.filed_by_name as "filedByName", x.filed_at as "filedAt", x.status, x.decision, x.decided_by_name as "decidedByName",
      x.decided_at as "decidedAt", x.correction_entry_id::int as "correctionEntryId"
    from score_objections x join orgs o on o.id = x.org_id join score_entries e on e.id = x.entry_id join assessment_indicators i on i.id = e.indicator_id
    where x.scheme_id = ${schemeId} and (${scopeAt(actor, P.assessmentRead)} or ${await ownerSees(db, actor, s)}) order by x.filed_at desc`);
}

/** Decide an objection: upheld → the entry is reversed (and re-scored if points are given); rejected → reason kept. */
export async function decideObjection(db: Db, actor: Actor, id: number, input: { upheld: boolean; decision: string; points?: number | null }) {
  const [x] = await db.select().from(scoreObjections).where(eq(scoreObjections.id, id));
  if (!x) throw errors.notFound('异议');
  await getScheme(db, actor, x.schemeId, P.assessmentManage);
  if (x.status !== 'open') throw errors.alreadyDone('该异议已处理');
  notOwnWork(actor, { userId: x.filedBy }, '提出的异议');
  return inTx(db, async (tx) => {
    let correctionEntryId: number | null = null;
    if (input.upheld) {
      const r = await reverseIn(tx, actor, x.schemeId, x.entryId, `异议成立：${input.decision}`, true);
      correctionEntryId = r.id;
      if (input.points !== null && input.points !== undefined) {
        const [orig] = await tx.select().from(scoreEntries).where(eq(scoreEntries.id, x.entryId));
        await appendEntries(tx, actor, x.schemeId, [{ orgId: orig!.orgId, indicatorId: orig!.indicatorId, points: input.points, channel: 'correction', evidenceKind: 'objection', evidenceId: x.id,
          reason: `异议处理后重新计分：${input.decision}` }], { viaObjection: true });
      }
    }
    const [n] = await tx.update(scoreObjections).set({ status: input.upheld ? 'upheld' : 'rejected', decision: input.decision, decidedByName: actor.displayName, decidedAt: new Date(), correctionEntryId })
      .where(and(eq(scoreObjections.id, id), eq(scoreObjections.status, 'open'))).returning();
    if (!n) throw errors.alreadyDone('该异议已处理');
    await audit(tx, actor, { action: 'decide', entity: 'score_objection', entityId: id, orgId: x.orgId, before: x, after: n });
    return n;
  });
}
