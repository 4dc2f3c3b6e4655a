/** Accountability that follows published results: circulars (with their Word document), interviews, bans, adjustments. */
import { eq, sql } from 'drizzle-orm';
import { require, type Actor, scopeAt } from '../../core/actor.js';
import { audit } from '../../core/audit.js';
import { inTx, rows, type Db } from '../../core/db.js';
import { errors } from '../../core/errors.js';
import { P } from '../../core/permissions.js';
import { circularDocx } from './documents.js';
import { accountabilityActions, type ActionKind, type SchemeStatus } from './tables.js';
import type { Grade } from './rules.js';
import { ensureLive } from './results.js';
import { type Scheme, getScheme } from './schemes.js';

export type ActionInput = { kind: ActionKind; orgId?: number | null; title: string; docNo?: string | null; happenedOn: string; persons?: string | null; problems?: string | null;
  commitments?: string | null; followUp?: string | null; decision?: string | null; body?: string | null };

/** Circulars, interviews, honour bans and adjustments follow from published results of orgs the scheme covers. */
export async function recordAction(db: Db, actor: Actor, schemeId: number, input: ActionInput) {
  const s = await getScheme(db, actor, schemeId, P.assessmentManage);
  if (!['objection', 'final'].includes(s.status)) throw errors.invalidState('结果公布后才能据以问责');
  if (input.kind !== 'circular') {
    if (!input.orgId) throw errors.field('orgId', '请选择被问责的党组织');
    const [c] = await rows(db, sql`select 1 from assessment_orgs where scheme_id = ${schemeId} and org_id = ${input.orgId}`);
    if (!c) throw errors.field('orgId', '该党组织不在本方案的考核范围内');
  }
  return inTx(db, async (tx) => {
    const [a] = await tx.insert(accountabilityActions).values({ ...input, orgId: input.orgId ?? null, countyId: s.countyId, schemeId, createdBy: actor.userId, createdByName: actor.displayName }).returning();
    await audit(tx, actor, { action: 'create', entity: 'accountability_action', entityId: a!.id, orgId: input.orgId ?? s.ownerOrgId, after: a });
    return a!;
  });
}

/** An accountability action as listed, with the org's published result it followed (null for a county-wide circular). */
export type ActionRow = {
  id: number; schemeId: number; schemeName: string; year: number; kind: ActionKind; orgId: number | null; orgName: string | null; title: string; docNo: string | null;
  happenedOn: string; persons: string | null; problems: string | null; commitments: string | null; followUp: string | null; decision: string | null; createdByName: string;
  total: number | null; rank: number | null; grade: Grade | null;
};

export async function findActions(db: Db, actor: Actor, f: { schemeId?: number; kind?: ActionKind; year?: number }) {
  require(actor, P.assessmentRead);
  return rows<ActionRow>(db, sql`select a.id, a.scheme_id as "schemeId", s.name as "schemeName", s.year, a.kind, a.org_id as "orgId", o.name as "orgName", a.title, a.doc_no as "docNo",
      a.happened_on as "happenedOn", a.persons, a.problems, a.commitments, a.follow_up as "followUp", a.decision, a.created_by_name as "createdByName",
      r.total::float8 as total, r.rank, r.grade
    from accountability_actions a join assessment_schemes s on s.id = a.scheme_id join orgs w on w.id = s.owner_org_id left join orgs o on o.id = a.org_id
      left join lateral (select total, rank, grade from assessment_results r where r.scheme_id = a.scheme_id and r.org_id = a.org_id order by stage = 'final' desc limit 1) r on true
    where (${scopeAt(actor, P.assessmentRead, 'w')} or (o.id is not null and ${scopeAt(actor, P.assessmentRead)}))
      ${f.schemeId ? sql`and a.scheme_id = ${f.schemeId}` : sql``} ${f.kind ? sql`and a.kind = ${f.kind}` : sql``} ${f.year ? sql`and s.year = ${f.year}` : sql``}
    order by a.happened_on desc, a.id desc`);
}

export async function getAction(db: Db, actor: Actor, id: number) {
  const [a] = await db.select().from(accountabilityActions).where(eq(accountabilityActions.id, id));
  if (!a) throw errors.notFound('问责记录');
  const s = await getScheme(db, actor, a.schemeId);
  return { action: a, scheme: s };
}

/** A committee's own scheme in the cascade: its orgs, how many fall in each grade, their average total (null: no results yet). */
export type CascadeRow = {
  id: number; name: string; status: SchemeStatus; ownerOrgId: number; ownerName: string; baseSchemeId: number | null; deviationApproval: string | null;
  orgs: number; excellent: number; good: number; fair: number; poor: number; average: number | null;
};

/** The cascade: each committee's own scheme for the year, with its grade counts, for the level above. */
export async function cascade(db: Db, actor: Actor, year: number) {
  require(actor, P.assessmentRead);
  // schemes still being scored show their live grades (kept current from the ledger); published ones their snapshot
  const open = await rows<Pick<Scheme, 'id' | 'gradeRule' | 'bonusCap'>>(db, sql`
    select s.id, s.grade_rule as "gradeRule", s.bonus_cap as "bonusCap" from assessment_schemes s join orgs o on o.id = s.owner_org_id
    where s.year = ${year} and o.parent_id is not null and s.status in ('scoring', 'review') and ${scopeAt(actor, P.assessmentRead)}`);
  for (const x of open) await ensureLive(db, x);
  const stage = sql.raw(`case s.status when 'final' then 'final' when 'objection' then 'objection' else 'live' end`);
  return rows<CascadeRow>(db, sql`select s.id, s.name, s.status, o.id as "ownerOrgId", o.name as "ownerName", s.base_scheme_id as "baseSchemeId", s.deviation_approval as "deviationApproval",
      (select count(*)::int from assessment_orgs a where a.scheme_id = s.id) as orgs,
      (select count(*)::int from assessment_results r where r.scheme_id = s.id and r.stage = ${stage} and r.grade = 'excellent') as excellent,
      (select count(*)::int from assessment_results r where r.scheme_id = s.id and r.stage = ${stage} and r.grade = 'good') as good,
      (select count(*)::int from assessment_results r where r.scheme_id = s.id and r.stage = ${stage} and r.grade = 'fair') as fair,
      (select count(*)::int from assessment_results r where r.scheme_id = s.id and r.stage = ${stage} and r.grade = 'poor') as poor,
      (select round(avg(r.total), 1)::float8 from assessment_results r where r.scheme_id = s.id and r.stage = ${stage}) as average
    from assessment_schemes s join orgs o on o.id = s.owner_org_id
    where s.year = ${year} and o.parent_id is not null and ${scopeAt(actor, P.assessmentRead)} and s.status <> 'draft' order by o.path, s.version desc`);
}

/** A special circular from the published results: recorded as an action, its .docx made from the snapshot. */
export async function issueCircular(db: Db, actor: Actor, schemeId: number, input: { docNo: string; title: string; body: string; happenedOn: string }) {
  return recordAction(db, actor, schemeId, { kind: 'circular', title: input.title, docNo: input.docNo, happenedOn: input.happenedOn, body: input.body });
}

export async function circularFile(db: Db, actor: Actor, actionId: number) {
  const { action, scheme } = await getAction(db, actor, actionId);
  if (action.kind !== 'circular') throw errors.notFound('通报');
  const stage = scheme.status === 'final' ? 'final' : 'objection';
  const r = await rows<{ groupKey: string; rank: number; orgName: string; total: number; grade: string }>(db, sql`
    select r.group_key as "groupKey", r.rank, o.name as "orgName", r.total::float8 as total, r.grade from assessment_results r join orgs o on o.id = r.org_id
    where r.scheme_id = ${scheme.id} and r.stage = ${stage} order by r.group_key, r.rank, o.path`);
  const order = scheme.groups.map((g) => g.key);
  const label = new Map(scheme.groups.map((g) => [g.key, g.label]));
  const rowsOut = r.sort((a, b) => order.indexOf(a.groupKey) - order.indexOf(b.groupKey) || a.rank - b.rank)
    .map((x) => ({ ...x, groupLabel: label.get(x.groupKey) ?? x.groupKey }));
  const buf = await circularDocx({ issuer: `中共${scheme.ownerName.replace(/^中共/, '').replace(/委员会$/, '委')}`, docNo: action.docNo ?? '', title: action.title,
    body: action.body ?? '', date: String(action.happenedOn), rows: rowsOut });
  return { fileName: `${action.title}.docx`, buf };
}
