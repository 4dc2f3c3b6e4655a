/**
 * 计算口径更正 of a final scheme: when a rule of computation is fixed after the results were final, the platform
 * metrics are brought to the rule in force by new ledger entries that say why (nothing is rewritten), the final
 * ranks and grades are recomputed, the old results are kept beside the new, and the circulars, interviews,
 * honour bans and adjustments already issued on the old grades are listed for the department to review.
 */
import { sql } from 'drizzle-orm';
import type { Actor } from '../../core/actor.js';
import { audit } from '../../core/audit.js';
import { inTx, rows, type Db } from '../../core/db.js';
import { errors } from '../../core/errors.js';
import { P } from '../../core/permissions.js';
import type { ActionKind } from '../../../shared/codes.js';
import { appendEntries } from './ledger.js';
import type { Grade } from './rules.js';
import { metricEntries } from './scoring.js';
import { getScheme, inScope } from './schemes.js';
import { assessmentCorrectionChanges, assessmentCorrections } from './tables.js';
import { snapshot } from './workflow.js';

/** Run a correction on a final scheme; refused when the rules in force change nothing. */
export async function correctFinal(db: Db, actor: Actor, schemeId: number, input: { reason: string }) {
  const s = await getScheme(db, actor, schemeId, P.assessmentManage);
  if (s.status !== 'final') throw errors.invalidState('只有已定稿的方案需要计算口径更正；尚未定稿的方案请直接“按平台数据计分”');
  const add = await metricEntries(db, actor, s, input.reason);
  if (!add.length) throw errors.invalidState('按现行计算口径重新计算，各单位得分没有变化，无需更正');
  return inTx(db, async (tx) => {
    const before = new Map((await rows<{ orgId: number; total: number; rank: number; grade: string }>(tx, sql`
      select org_id as "orgId", total::float8 as total, rank, grade from assessment_results where scheme_id = ${schemeId} and stage = 'final'`)).map((r) => [r.orgId, r]));
    const written = await appendEntries(tx, actor, schemeId, add, { finalCorrection: true });
    const after = await snapshot(tx, s, 'final');
    const [c] = await tx.insert(assessmentCorrections).values({ countyId: s.countyId, schemeId, reason: input.reason, firstSeq: written[0]!.seq,
      lastSeq: written.at(-1)!.seq, createdBy: actor.userId, createdByName: actor.displayName }).returning();
    const changes = after.flatMap((n) => {
      const o = before.get(n.orgId);
      if (!o || (o.total === n.total && o.rank === n.rank && o.grade === n.grade)) return [];
      return [{ correctionId: c!.id, orgId: n.orgId, oldTotal: o.total.toFixed(2), newTotal: n.total.toFixed(2), oldRank: o.rank, newRank: n.rank, oldGrade: o.grade, newGrade: n.grade }];
    });
    for (let k = 0; k < changes.length; k += 1000) await tx.insert(assessmentCorrectionChanges).values(changes.slice(k, k + 1000));
    await audit(tx, actor, { action: 'correct', entity: 'assessment_scheme', entityId: schemeId, orgId: s.ownerOrgId,
      after: { correctionId: c!.id, reason: input.reason, entries: written.length, changed: changes.length } });
    return { id: c!.id, entries: written.length, changed: changes.length, gradesChanged: changes.filter((x) => x.oldGrade !== x.newGrade).length };
  });
}

/** An org whose final result moved in a correction. */
export type CorrectionChange = { orgId: number; orgName: string; oldTotal: number; newTotal: number; oldRank: number; newRank: number; oldGrade: Grade; newGrade: Grade };
/** An accountability action issued on results a correction changed, to be reviewed by the department. */
export type ActionToReview = { id: number; kind: ActionKind; title: string; docNo: string | null; happenedOn: string; orgId: number | null; orgName: string | null;
  oldGrade: Grade | null; newGrade: Grade | null; why: string };
export type CorrectionRow = { id: number; reason: string; firstSeq: number; lastSeq: number; createdByName: string; createdAt: string; entries: number;
  changes: CorrectionChange[]; review: ActionToReview[] };

/** A scheme's corrections, newest first, each with the results it moved and the actions to review. */
export async function findCorrections(db: Db, actor: Actor, schemeId: number): Promise<CorrectionRow[]> {
  const s = await getScheme(db, actor, schemeId);
  if (!(await inScope(db, actor, P.assessmentRead, s.ownerOrgId))) throw errors.notFound('考核方案');
  const list = await rows<Omit<CorrectionRow, 'changes' | 'review'>>(db, sql`select id, reason, first_seq as "firstSeq", last_seq as "lastSeq", created_by_name as "createdByName",
      created_at as "createdAt", last_seq - first_seq + 1 as entries
    from assessment_corrections where scheme_id = ${schemeId} order by id desc`);
  const out: CorrectionRow[] = [];
  for (const c of list) {
    const changes = await rows<CorrectionChange>(db, sql`select x.org_id as "orgId", o.name as "orgName", x.old_total::float8 as "oldTotal", x.new_total::float8 as "newTotal",
        x.old_rank as "oldRank", x.new_rank as "newRank", x.old_grade as "oldGrade", x.new_grade as "newGrade"
      from assessment_correction_changes x join orgs o on o.id = x.org_id where x.correction_id = ${c.id} order by (x.old_grade <> x.new_grade) desc, o.path`);
    const byOrg = new Map(changes.map((x) => [x.orgId, x]));
    const gradeMoved = changes.some((x) => x.oldGrade !== x.newGrade);
    // actions issued before the correction, on an org whose result moved, or county-wide (a circular lists every grade)
    const actions = await rows<Omit<ActionToReview, 'oldGrade' | 'newGrade' | 'why'>>(db, sql`select a.id, a.kind, a.title, a.doc_no as "docNo", a.happened_on::text as "happenedOn",
        a.org_id as "orgId", o.name as "orgName"
      from accountability_actions a left join orgs o on o.id = a.org_id where a.scheme_id = ${schemeId} and a.created_at <= ${c.createdAt} order by a.happened_on, a.id`);
    const review = actions.flatMap((a): ActionToReview[] => {
      if (a.orgId === null) return gradeMoved ? [{ ...a, oldGrade: null, newGrade: null, why: `通报所列等次有 ${changes.filter((x) => x.oldGrade !== x.newGrade).length} 个单位发生变化` }] : [];
      const x = byOrg.get(a.orgId);
      if (!x) return [];
      return [{ ...a, oldGrade: x.oldGrade, newGrade: x.newGrade,
        why: x.oldGrade !== x.newGrade ? '该单位考核等次已变化' : `该单位得分由 ${x.oldTotal} 变为 ${x.newTotal}，名次由第 ${x.oldRank} 变为第 ${x.newRank}` }];
    });
    out.push({ ...c, changes, review });
  }
  return out;
}
