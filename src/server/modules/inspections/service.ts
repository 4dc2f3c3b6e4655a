import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import { can, nameIn, require, rollupKey, scopeOf, type Actor, scopeAt } from '../../core/actor.js';
import { audit } from '../../core/audit.js';
import { notOwnWork } from '../../core/duties.js';
import { inTx, rows, type Db } from '../../core/db.js';
import { errors } from '../../core/errors.js';
import { contains, offset, today, yearAsOf } from '../../core/paging.js';
import { P, type Permission } from '../../core/permissions.js';
import { port } from '../../core/port.js';
import { getOrgRow } from '../orgs/service.js';
import { checkEvidence, readStoredFile, storeFile } from '../meetings/service.js';
import {
  addDays, DEFAULT_CHECKLIST, DEFAULT_RECTIFY_DAYS, escalationTarget, EVENT_OF, isOverdue, remindDue, transition, type Action,
} from './rules.js';
import {
  inspectionFindings, inspectionPlans, inspectionVisits, rectificationEvents, rectificationFiles, rectificationItems,
  type Attachment, type ChecklistItem, type FindingCategory, type RectificationSource, type RectificationStatus, type Severity,
} from './tables.js';

export type Upload = { name: string; content: Buffer };
type Item = typeof rectificationItems.$inferSelect;


/** Days before a deadline when the responsible org is reminded (a setting of the platform, docs/rules.md §5). */
export const REMIND_DAYS = 7;

/**
 * A plan may name an assessment scheme, and a finding an indicator of it, which the finding then deducts from. The
 * assessment module scores what inspections measure, so inspections does not import it: it provides this link.
 */
export type AssessmentLink = {
  /** Resolves when the scheme exists and the actor may score it; rejects otherwise. */
  checkScheme(db: Db, actor: Actor, schemeId: number): Promise<unknown>;
  /** The finding's deduction in the scheme's ledger, inside the caller's transaction. */
  deduct(tx: Db, actor: Actor, schemeId: number, input: { orgId: number; indicatorId: number; team: string; foundOn: string; description: string; occurrences: number }): Promise<{ id: number; points: number }>;
};
export const assessmentLink = port<AssessmentLink>('inspections → assessment link');

// ───────────────────────────── plans, visits, findings ─────────────────────────────

export type PlanInput = {
  ownerOrgId: number; title: string; periodStart: string; periodEnd: string; scopeOrgId: number; team: string; teamMembers?: string | null;
  checklist?: ChecklistItem[] | null; schemeId?: number | null; rectifyDays?: number | null;
};

export async function createPlan(db: Db, actor: Actor, input: PlanInput) {
  require(actor, P.problemInspect);
  const owner = await getOrgRow(db, actor, input.ownerOrgId, P.problemInspect).catch(() => { throw errors.field('ownerOrgId', '组织单位不存在或不在您的管理范围内'); });
  const target = await getOrgRow(db, actor, input.scopeOrgId, P.problemInspect).catch(() => { throw errors.field('scopeOrgId', '督查范围不存在或不在您的管理范围内'); });
  if (!target.path.startsWith(owner.path)) throw errors.field('scopeOrgId', '督查范围应在组织单位及其下级之内');
  if (input.periodEnd < input.periodStart) throw errors.field('periodEnd', '结束日期不能早于开始日期');
  if (input.schemeId) await assessmentLink.use.checkScheme(db, actor, input.schemeId).catch(() => { throw errors.field('schemeId', '考核方案不存在或您不能为其扣分'); });
  const checklist = input.checklist?.length ? input.checklist : DEFAULT_CHECKLIST;
  if (new Set(checklist.map((c) => c.code)).size !== checklist.length) throw errors.field('checklist', '检查清单的编号不能重复');
  return inTx(db, async (tx) => {
    const [p] = await tx.insert(inspectionPlans).values({ ...input, checklist, teamMembers: input.teamMembers ?? null, schemeId: input.schemeId ?? null,
      rectifyDays: input.rectifyDays ?? 30, countyId: owner.countyId, createdBy: actor.userId }).returning();
    await audit(tx, actor, { action: 'create', entity: 'inspection_plan', entityId: p!.id, orgId: owner.id, after: p });
    return p!;
  });
}

/** A plan as listed: its range, and how many visits, findings and closed items it has. */
export type PlanListRow = {
  id: number; title: string; periodStart: string; periodEnd: string; team: string; schemeId: number | null; ownerName: string; scopeName: string; scopeOrgId: number;
  visits: number; findings: number; closed: number;
};

/** Plans whose owner or range the actor sees, with their counts. */
export async function findPlans(db: Db, actor: Actor, f: { year?: number }) {
  require(actor, P.problemRead);
  return rows<PlanListRow>(db, sql`
    select p.id, p.title, p.period_start as "periodStart", p.period_end as "periodEnd", p.team, p.scheme_id as "schemeId",
      ${nameIfVisible(actor, 'o', '上级党组织')} as "ownerName", t.name as "scopeName", t.id as "scopeOrgId",
      (select count(*)::int from inspection_visits v where v.plan_id = p.id) as visits,
      (select count(*)::int from inspection_findings f where f.plan_id = p.id) as findings,
      (select count(*)::int from rectification_items r join inspection_findings f on f.id = r.finding_id where f.plan_id = p.id and r.status = 'closed') as closed
    from inspection_plans p join orgs o on o.id = p.owner_org_id join orgs t on t.id = p.scope_org_id
    where (${scopeAt(actor, P.problemRead)} or ${scopeAt(actor, P.problemRead, 't')})
      ${f.year ? sql`and extract(year from p.period_start) = ${f.year}` : sql``}
    order by p.period_start desc, p.id desc`);
}

/** A plan's own columns (not who created it or when), with its range's path and the names shown. */
type PlanRow = Omit<typeof inspectionPlans.$inferSelect, 'createdBy' | 'createdAt'> & { scopePath: string; ownerName: string; scopeName: string };

async function planRow(db: Db, actor: Actor, id: number, perm: Permission = P.problemRead) {
  require(actor, perm);
  const [p] = await rows<PlanRow>(db, sql`
    select p.id, p.county_id as "countyId", p.owner_org_id as "ownerOrgId", p.title, p.period_start as "periodStart", p.period_end as "periodEnd",
      p.scope_org_id as "scopeOrgId", p.team, p.team_members as "teamMembers", p.checklist, p.scheme_id as "schemeId", p.rectify_days as "rectifyDays",
      t.path as "scopePath", ${nameIfVisible(actor, 'o', '上级党组织')} as "ownerName", t.name as "scopeName"
    from inspection_plans p join orgs o on o.id = p.owner_org_id join orgs t on t.id = p.scope_org_id
    where p.id = ${id} and ${perm === P.problemRead ? sql`(${scopeAt(actor, perm)} or ${scopeAt(actor, perm, 't')})` : scopeAt(actor, perm)}`);
  if (!p) throw errors.notFound('督查计划');
  return p;
}

/** A visit of a plan, with the number of findings recorded on it. */
export type VisitRow = { id: number; orgId: number; orgName: string; visitedOn: string; inspectors: string; summary: string | null; findings: number };

export async function getPlan(db: Db, actor: Actor, id: number) {
  const p = await planRow(db, actor, id);
  const visits = await rows<VisitRow>(db, sql`select v.id, v.org_id as "orgId", o.name as "orgName", v.visited_on as "visitedOn", v.inspectors, v.summary,
      (select count(*)::int from inspection_findings f where f.visit_id = v.id) as findings
    from inspection_visits v join orgs o on o.id = v.org_id where v.plan_id = ${id} and ${scopeAt(actor, P.problemRead)} order by v.visited_on desc, v.id desc`);
  return { ...p, visits };
}

/** An org inside the plan's range, visible to the actor. */
async function orgInPlan(db: Db, actor: Actor, plan: { scopePath: string }, orgId: number, perm: Permission) {
  const o = await getOrgRow(db, actor, orgId, perm).catch(() => { throw errors.field('orgId', '党组织不存在或不在您的管理范围内'); });
  if (!o.path.startsWith(plan.scopePath)) throw errors.field('orgId', '该党组织不在本次督查范围内');
  return o;
}

export async function recordVisit(db: Db, actor: Actor, planId: number, input: { orgId: number; visitedOn: string; inspectors: string; summary?: string | null }) {
  const p = await planRow(db, actor, planId, P.problemInspect);
  const o = await orgInPlan(db, actor, p, input.orgId, P.problemInspect);
  if (input.visitedOn > today()) throw errors.field('visitedOn', '走访日期不能晚于今天');
  return inTx(db, async (tx) => {
    const [v] = await tx.insert(inspectionVisits).values({ ...input, summary: input.summary ?? null, countyId: o.countyId, planId, createdBy: actor.userId }).returning();
    await audit(tx, actor, { action: 'create', entity: 'inspection_visit', entityId: v!.id, orgId: o.id, after: v });
    return v!;
  });
}

export type FindingInput = {
  orgId: number; visitId?: number | null; foundOn: string; checklistCode?: string | null; category: FindingCategory; severity: Severity; description: string;
  indicatorId?: number | null; occurrences?: number; responsiblePerson: string; deadline?: string | null; measures?: string | null;
};

/**
 * 记录问题: the finding, its rectification item (responsible org, person, deadline) and — when it names an
 * indicator of the plan's scheme — the deduction in the assessment ledger, all in one transaction.
 */
export async function recordFinding(db: Db, actor: Actor, planId: number, input: FindingInput) {
  const p = await planRow(db, actor, planId, P.problemInspect);
  const o = await orgInPlan(db, actor, p, input.orgId, P.problemInspect);
  const t = today();
  if (input.foundOn > t) throw errors.field('foundOn', '发现日期不能晚于今天');
  const deadline = input.deadline ?? addDays(input.foundOn, p.rectifyDays || DEFAULT_RECTIFY_DAYS[input.severity]);
  if (deadline < input.foundOn) throw errors.field('deadline', `整改期限（${deadline}）不能早于发现问题的日期（${input.foundOn}）`);
  if (input.checklistCode && !p.checklist.some((c) => c.code === input.checklistCode)) throw errors.field('checklistCode', '检查清单中没有该项');
  if (input.visitId) {
    const [v] = await db.select().from(inspectionVisits).where(and(eq(inspectionVisits.id, input.visitId), eq(inspectionVisits.planId, planId)));
    if (!v || v.orgId !== o.id) throw errors.field('visitId', '该走访记录不属于本计划或不是该党组织的');
  }
  if (input.indicatorId && !p.schemeId) throw errors.field('indicatorId', '本督查计划未关联考核方案，不能扣分');
  const item = p.checklist.find((c) => c.code === input.checklistCode);
  return inTx(db, async (tx) => {
    const [f] = await tx.insert(inspectionFindings).values({
      countyId: o.countyId, planId, visitId: input.visitId ?? null, orgId: o.id, foundOn: input.foundOn, checklistCode: input.checklistCode ?? null,
      category: input.category, severity: input.severity, description: input.description, indicatorId: input.indicatorId ?? null,
      recordedBy: actor.userId, recordedByName: actor.displayName,
    }).returning();
    let deduction: { id: number; points: number } | null = null;
    if (input.indicatorId && p.schemeId) {
      const a = await assessmentLink.use.deduct(tx, actor, p.schemeId, { orgId: o.id, indicatorId: input.indicatorId, team: p.team, foundOn: input.foundOn,
        description: input.description, occurrences: input.occurrences ?? 1 });
      await tx.update(inspectionFindings).set({ assessmentFindingId: a.id }).where(eq(inspectionFindings.id, f!.id));
      deduction = { id: a.id, points: a.points };
    }
    const r = await raiseItem(tx, actor, {
      orgId: o.id, countyId: o.countyId, responsiblePerson: input.responsiblePerson, source: 'inspection', findingId: f!.id, sourceRef: p.title,
      title: item ? `${item.code} ${item.text}` : input.description.slice(0, 40), description: input.description, foundOn: input.foundOn, deadline,
      measures: input.measures ?? null, checkerOrgId: p.ownerOrgId,
    });
    await audit(tx, actor, { action: 'create', entity: 'inspection_finding', entityId: f!.id, orgId: o.id, after: { ...f, rectificationItemId: r.id, deduction } });
    return { ...f!, rectificationItemId: r.id, deduction };
  });
}

/** A finding as listed, with its plan and its rectification item (null where none was raised). */
export type FindingListRow = {
  id: number; planId: number; planTitle: string; orgId: number; orgName: string; foundOn: string; checklistCode: string | null; category: FindingCategory;
  severity: Severity; description: string; attachments: Attachment[]; indicatorId: number | null; assessmentFindingId: number | null; recordedByName: string;
  itemId: number | null; status: RectificationStatus | null; deadline: string | null;
};

export async function findFindings(db: Db, actor: Actor, f: { planId?: number; orgId?: number; page: number; pageSize: number }) {
  require(actor, P.problemRead);
  const where = sql`${scopeAt(actor, P.problemRead)} ${f.planId ? sql`and x.plan_id = ${f.planId}` : sql``} ${f.orgId ? sql`and x.org_id = ${f.orgId}` : sql``}`;
  const [items, [{ n = 0 } = {}]] = await Promise.all([
    rows<FindingListRow>(db, sql`select x.id, x.plan_id as "planId", p.title as "planTitle", x.org_id as "orgId", o.name as "orgName", x.found_on as "foundOn",
        x.checklist_code as "checklistCode", x.category, x.severity, x.description, x.attachments, x.indicator_id as "indicatorId",
        x.assessment_finding_id as "assessmentFindingId", x.recorded_by_name as "recordedByName",
        r.id as "itemId", r.status, r.deadline
      from inspection_findings x join orgs o on o.id = x.org_id join inspection_plans p on p.id = x.plan_id
        left join rectification_items r on r.finding_id = x.id
      where ${where} order by x.found_on desc, x.id desc limit ${f.pageSize} offset ${offset(f)}`),
    rows<{ n: number }>(db, sql`select count(*)::int as n from inspection_findings x join orgs o on o.id = x.org_id where ${where}`),
  ]);
  return { items, total: n };
}

export async function findingRow(db: Db, actor: Actor, id: number, perm: Permission) {
  require(actor, perm);
  const [x] = await rows<{ id: number; orgId: number; attachments: Attachment[] }>(db, sql`select x.id, x.org_id as "orgId", x.attachments
    from inspection_findings x join orgs o on o.id = x.org_id where x.id = ${id} and ${scopeAt(actor, perm)}`);
  if (!x) throw errors.notFound('督查发现');
  return x;
}

/** A photo or scan for a finding (optional, docs/rules.md §8). */
export async function addFindingEvidence(db: Db, actor: Actor, id: number, file: Upload) {
  const x = await findingRow(db, actor, id, P.problemInspect);
  const kind = checkEvidence(file.content);
  return inTx(db, async (tx) => {
    const { fileId } = await storeFile(tx, file.content, kind.type);
    const att = [...x.attachments, { fileId, name: file.name, contentType: kind.type }];
    await tx.update(inspectionFindings).set({ attachments: att }).where(eq(inspectionFindings.id, id));
    await audit(tx, actor, { action: 'attach', entity: 'inspection_finding', entityId: id, orgId: x.orgId, after: { name: file.name } });
    return att;
  });
}

export async function findingFile(db: Db, actor: Actor, id: number, fileId: number) {
  const x = await findingRow(db, actor, id, P.problemRead);
  const a = x.attachments.find((y) => y.fileId === fileId);
  if (!a) throw errors.notFound('附件');
  return { ...(await readStoredFile(db, fileId)), name: a.name };
}

// ───────────────────────────── rectification items ─────────────────────────────

export type RaiseInput = {
  orgId: number; countyId: number; responsiblePerson: string; source: RectificationSource; findingId?: number | null; sourceRef?: string | null;
  title: string; description: string; foundOn: string; deadline: string; measures?: string | null; checkerOrgId: number;
};

/**
 * A new rectification item with its first event, inside the caller's transaction. The service of the source
 * (inspection, weak-org confirmation, mid-term review, interview) checks its own permissions before calling.
 */
export async function raiseItem(tx: Db, actor: Actor, input: RaiseInput) {
  if (input.deadline < input.foundOn) throw errors.field('deadline', `整改期限（${input.deadline}）不能早于发现问题的日期（${input.foundOn}）`);
  const [r] = await tx.insert(rectificationItems).values({ ...input, findingId: input.findingId ?? null, sourceRef: input.sourceRef ?? null,
    measures: input.measures ?? null, createdBy: actor.userId, createdByName: actor.displayName }).returning();
  await tx.insert(rectificationEvents).values({ itemId: r!.id, kind: 'created', note: `${input.title}；整改期限 ${input.deadline}`, happenedOn: today(),
    actorId: actor.userId, actorName: actor.displayName });
  await audit(tx, actor, { action: 'create', entity: 'rectification_item', entityId: r!.id, orgId: input.orgId, after: r });
  return r!;
}

/** 交办: a problem from another source (a complaint, an interview, the review) raised by a checker for an org in scope. */
export async function createItem(db: Db, actor: Actor, input: Omit<RaiseInput, 'countyId' | 'findingId' | 'checkerOrgId'> & { checkerOrgId: number }) {
  require(actor, P.problemAccept);
  const checker = await getOrgRow(db, actor, input.checkerOrgId, P.problemAccept).catch(() => { throw errors.field('checkerOrgId', '验收单位不存在或不在您的管理范围内'); });
  const o = await getOrgRow(db, actor, input.orgId, P.problemAccept).catch(() => { throw errors.field('orgId', '责任单位不存在或不在您的管理范围内'); });
  if (!o.path.startsWith(checker.path)) throw errors.field('orgId', '责任单位应是验收单位本身或其下级');
  if (input.source === 'inspection' || input.source === 'weak_org') throw errors.field('source', '督查发现和软弱涣散整改由各自的功能生成');
  if (input.foundOn > today()) throw errors.field('foundOn', '发现日期不能晚于今天');
  return inTx(db, (tx) => raiseItem(tx, actor, { ...input, countyId: o.countyId }));
}

/** An org's name where the actor may see it; otherwise what it is to them (the checking or supervising level above). */
export const nameIfVisible = (actor: Actor, alias: string, otherwise: string) => nameIn(actor, P.problemRead, alias, otherwise);

const itemCols = (actor: Actor) => sql`r.id, r.org_id as "orgId", o.name as "orgName", o.path as "orgPath", r.responsible_person as "responsiblePerson", r.source,
  r.finding_id as "findingId", r.source_ref as "sourceRef", r.title, r.description, r.found_on as "foundOn", r.deadline, r.measures,
  r.checker_org_id as "checkerOrgId", ${nameIfVisible(actor, 'c', '上级验收单位')} as "checkerName", r.status, r.last_progress_on as "lastProgressOn", r.escalated_to_org_id as "escalatedToOrgId",
  ${nameIfVisible(actor, 'e', '上级党组织')} as "escalatedToName", r.returned_times as "returnedTimes", r.accepted_on as "acceptedOn", r.closed_on as "closedOn", r.created_by_name as "createdByName",
  r.created_at as "createdAt", r.version`;
const ITEM_FROM = sql`rectification_items r join orgs o on o.id = r.org_id join orgs c on c.id = r.checker_org_id left join orgs e on e.id = r.escalated_to_org_id`;
/** An item is seen by the responsible org's people, the checker's and the level it escalated to. */
const itemVisible = (actor: Actor, perm: Permission = P.problemRead) => sql`(${scopeAt(actor, perm)} or ${scopeAt(actor, perm, 'c')} or ${scopeAt(actor, perm, 'e')})`;

export type ItemRow = {
  id: number; orgId: number; orgName: string; orgPath: string; responsiblePerson: string; source: RectificationSource; findingId: number | null; sourceRef: string | null;
  title: string; description: string; foundOn: string; deadline: string; measures: string | null; checkerOrgId: number; checkerName: string; status: RectificationStatus;
  lastProgressOn: string | null; escalatedToOrgId: number | null; escalatedToName: string | null; returnedTimes: number; acceptedOn: string | null; closedOn: string | null;
  createdByName: string; createdAt: string; version: number; age: number;
};

export type ItemFilter = {
  under?: number; source?: RectificationSource; status?: RectificationStatus | 'open_all'; overdue?: boolean; escalated?: boolean; keyword?: string;
  ageMin?: number; ageMax?: number; dueWithin?: number; sort?: 'deadline' | 'age' | 'org'; page: number; pageSize: number;
};

export async function findItems(db: Db, actor: Actor, f: ItemFilter) {
  require(actor, P.problemRead);
  const underPath = f.under ? (await getOrgRow(db, actor, f.under, P.problemRead)).path : null;
  const t = today();
  const age = sql`(coalesce(r.closed_on, ${t}::date) - r.found_on)`;
  const where = sql`${itemVisible(actor)} ${underPath ? sql`and o.path like ${underPath + '%'}` : sql``}
    ${f.source ? sql`and r.source = ${f.source}` : sql``}
    ${f.status === 'open_all' ? sql`and r.status not in ('accepted','closed')` : f.status ? sql`and r.status = ${f.status}` : sql``}
    ${f.overdue ? sql`and r.status not in ('accepted','closed') and r.deadline < ${t}` : sql``}
    ${f.escalated ? sql`and r.escalated_to_org_id is not null and r.status not in ('accepted','closed')` : sql``}
    ${f.dueWithin !== undefined ? sql`and r.status not in ('accepted','closed') and r.deadline between ${t} and ${t}::date + ${f.dueWithin}::int` : sql``}
    ${f.keyword ? sql`and (r.title ilike ${contains(f.keyword)} or r.description ilike ${contains(f.keyword)} or o.name ilike ${contains(f.keyword)})` : sql``}
    ${f.ageMin !== undefined ? sql`and ${age} >= ${f.ageMin}` : sql``} ${f.ageMax !== undefined ? sql`and ${age} <= ${f.ageMax}` : sql``}`;
  const order = f.sort === 'age' ? sql`${age} desc, r.id` : f.sort === 'org' ? sql`o.path, r.deadline, r.id` : sql`r.deadline, r.id`;
  const [items, [{ n = 0 } = {}]] = await Promise.all([
    rows<ItemRow>(db, sql`
      select ${itemCols(actor)}, ${age}::int as age from ${ITEM_FROM} where ${where} order by ${order} limit ${f.pageSize} offset ${offset(f)}`),
    rows<{ n: number }>(db, sql`select count(*)::int as n from ${ITEM_FROM} where ${where}`),
  ]);
  return { items: items.map((i) => ({ ...i, overdue: isOverdue(i, t) })), total: n };
}

async function itemRow(db: Db, actor: Actor, id: number) {
  require(actor, P.problemRead);
  const [r] = await rows<Omit<ItemRow, 'age'>>(db, sql`select ${itemCols(actor)} from ${ITEM_FROM} where r.id = ${id} and ${itemVisible(actor)}`);
  if (!r) throw errors.notFound('整改事项');
  return r;
}

const orgInScope = async (db: Db, actor: Actor, perm: Permission, orgId: number) => {
  if (!can(actor, perm)) return false;
  const [r] = await rows<{ ok: boolean }>(db, sql`select ${scopeAt(actor, perm)} as ok from orgs o where o.id = ${orgId}`);
  return !!r?.ok;
};

/** What the actor may do with an item: the responsible org reports and asks; the checker returns, accepts, closes. */
async function rolesOn(db: Db, actor: Actor, r: Pick<Item, 'orgId' | 'checkerOrgId'>) {
  return { responsible: await orgInScope(db, actor, P.problemRectify, r.orgId), checker: await orgInScope(db, actor, P.problemAccept, r.checkerOrgId) };
}

/** The inspection finding an item was raised from, with its plan. */
export type ItemFinding = {
  id: number; category: FindingCategory; severity: Severity; checklistCode: string | null; attachments: Attachment[]; recordedByName: string;
  assessmentFindingId: number | null; planTitle: string; planId: number;
};

export async function getItem(db: Db, actor: Actor, id: number) {
  const r = await itemRow(db, actor, id);
  const [events, files, finding] = await Promise.all([
    db.select().from(rectificationEvents).where(eq(rectificationEvents.itemId, id)).orderBy(asc(rectificationEvents.id)),
    db.select({ id: rectificationFiles.id, name: rectificationFiles.name, contentType: rectificationFiles.contentType }).from(rectificationFiles).where(eq(rectificationFiles.itemId, id)),
    r.findingId ? rows<ItemFinding>(db, sql`select f.id, f.category, f.severity, f.checklist_code as "checklistCode", f.attachments, f.recorded_by_name as "recordedByName",
        f.assessment_finding_id as "assessmentFindingId", p.title as "planTitle", p.id as "planId"
      from inspection_findings f join inspection_plans p on p.id = f.plan_id where f.id = ${r.findingId}`) : Promise.resolve([] as ItemFinding[]),
  ]);
  const t = today();
  return { ...r, overdue: isOverdue(r, t), events, files, finding: finding[0] ?? null, can: await rolesOn(db, actor, r) };
}

const ACTION_PERMS: Record<Action, 'responsible' | 'checker'> = {
  progress: 'responsible', request_acceptance: 'responsible', return: 'checker', accept: 'checker', close: 'checker',
};
const ACTION_LABELS: Record<Action, string> = { progress: '报送整改进展', request_acceptance: '申请验收', return: '退回', accept: '验收通过', close: '销号' };

/**
 * One step of an item: a new event (with the files uploaded for it), the status that follows, in one transaction.
 * The responsible org's people report progress and ask for acceptance; the checker returns, accepts and closes.
 */
export async function act(db: Db, actor: Actor, id: number, action: Action, input: { note?: string | null; fileIds?: number[]; happenedOn?: string | null; version?: number }) {
  const r = await itemRow(db, actor, id);
  const who = await rolesOn(db, actor, r);
  if (!who[ACTION_PERMS[action]]) {
    throw errors.forbidden(ACTION_PERMS[action] === 'responsible' ? `只有责任单位（${r.orgName}）可以${ACTION_LABELS[action]}` : `只有验收单位（${r.checkerName}）可以${ACTION_LABELS[action]}`);
  }
  const step = transition(r.status, action);
  if ('error' in step) throw errors.invalidState(step.error);
  if (action === 'accept' || action === 'return') {
    // the one who asked for acceptance does not accept it (an account holding both roles over the same item)
    const [asked] = await rows<{ actorId: number | null }>(db, sql`select actor_id as "actorId" from rectification_events
      where item_id = ${id} and kind = ${EVENT_OF.request_acceptance} order by id desc limit 1`);
    notOwnWork(actor, { userId: asked?.actorId }, '申请验收的整改事项');
  }
  if (input.version !== undefined && input.version !== r.version) throw errors.stale();
  const note = input.note?.trim() || null;
  if ((action === 'progress' || action === 'return') && !note) throw errors.field('note', action === 'return' ? '请写明退回原因和需要补充整改的内容' : '请填写整改进展');
  const happenedOn = input.happenedOn ?? today();
  if (happenedOn > today()) throw errors.field('happenedOn', '日期不能晚于今天');
  if (happenedOn < r.foundOn) throw errors.field('happenedOn', '日期不能早于发现问题的日期');
  const ids = [...new Set(input.fileIds ?? [])];
  const files = ids.length ? await db.select().from(rectificationFiles).where(and(eq(rectificationFiles.itemId, id), sql`${rectificationFiles.id} in ${ids}`)) : [];
  if (files.length !== ids.length) throw errors.field('fileIds', '附件不属于该整改事项，请重新上传');
  return inTx(db, async (tx) => {
    const attachments = files.map((f) => ({ fileId: f.id, name: f.name, contentType: f.contentType }));
    const [e] = await tx.insert(rectificationEvents).values({ itemId: id, kind: EVENT_OF[action], note, attachments, happenedOn, actorId: actor.userId, actorName: actor.displayName }).returning();
    const set: Partial<Item> = { status: step.to };
    if (action === 'progress' || action === 'request_acceptance') set.lastProgressOn = happenedOn;
    if (action === 'return') set.returnedTimes = r.returnedTimes + 1;
    if (action === 'accept') set.acceptedOn = happenedOn;
    if (action === 'close') set.closedOn = happenedOn;
    const [after] = await tx.update(rectificationItems).set({ ...set, version: sql`${rectificationItems.version} + 1` })
      .where(and(eq(rectificationItems.id, id), eq(rectificationItems.version, r.version))).returning();
    if (!after) throw errors.stale();
    await audit(tx, actor, { action, entity: 'rectification_item', entityId: id, orgId: r.orgId, before: { status: r.status }, after: { status: step.to, event: e!.id } });
    return after;
  });
}

/** A photo or scan for the next progress report: kept with the item; the report then cites it. */
export async function uploadItemFile(db: Db, actor: Actor, id: number, file: Upload) {
  const r = await itemRow(db, actor, id);
  const who = await rolesOn(db, actor, r);
  if (!who.responsible && !who.checker) throw errors.forbidden('只有责任单位和验收单位可以上传整改材料');
  const kind = checkEvidence(file.content);
  return inTx(db, async (tx) => {
    const { fileId } = await storeFile(tx, file.content, kind.type);
    const [f] = await tx.insert(rectificationFiles).values({ itemId: id, fileId, name: file.name, contentType: kind.type, uploadedBy: actor.userId }).returning();
    await audit(tx, actor, { action: 'attach', entity: 'rectification_item', entityId: id, orgId: r.orgId, after: { name: file.name } });
    return { id: f!.id, name: f!.name, contentType: f!.contentType };
  });
}

export async function itemFile(db: Db, actor: Actor, id: number, fileRowId: number) {
  await itemRow(db, actor, id);
  const [f] = await db.select().from(rectificationFiles).where(and(eq(rectificationFiles.id, fileRowId), eq(rectificationFiles.itemId, id)));
  if (!f) throw errors.notFound('附件');
  return { ...(await readStoredFile(db, f.fileId)), name: f.name };
}

/** A checker moves a deadline (with a reason); the item keeps its history. */
export async function changeDeadline(db: Db, actor: Actor, id: number, input: { deadline: string; reason: string }) {
  const r = await itemRow(db, actor, id);
  if (!(await rolesOn(db, actor, r)).checker) throw errors.forbidden(`只有验收单位（${r.checkerName}）可以调整整改期限`);
  if (r.status === 'accepted' || r.status === 'closed') throw errors.invalidState('已验收的事项不能调整期限');
  if (input.deadline < r.foundOn) throw errors.field('deadline', `整改期限（${input.deadline}）不能早于发现问题的日期（${r.foundOn}）`);
  return inTx(db, async (tx) => {
    await tx.insert(rectificationEvents).values({ itemId: id, kind: 'deadline_changed', note: `${r.deadline} → ${input.deadline}：${input.reason}`, happenedOn: today(), actorId: actor.userId, actorName: actor.displayName });
    const [after] = await tx.update(rectificationItems).set({ deadline: input.deadline, escalatedToOrgId: input.deadline >= today() ? null : r.escalatedToOrgId, version: sql`${rectificationItems.version} + 1` })
      .where(eq(rectificationItems.id, id)).returning();
    await audit(tx, actor, { action: 'change_deadline', entity: 'rectification_item', entityId: id, orgId: r.orgId, before: { deadline: r.deadline }, after: { deadline: input.deadline } });
    return after!;
  });
}

/**
 * The daily duties, idempotent: an overdue item escalates to the level above the responsible org (one event);
 * an item whose deadline is within REMIND_DAYS gets one reminder. Run at start-up and every hour.
 */
export async function runDailyDuties(db: Db, on = today()) {
  const open = await rows<{ id: number; status: RectificationStatus; deadline: string; path: string; escalated: number | null; reminded: boolean }>(db, sql`
    select r.id, r.status, r.deadline, o.path, r.escalated_to_org_id as escalated,
      exists (select 1 from rectification_events e where e.item_id = r.id and e.kind = 'reminded'
        and e.id > coalesce((select max(d.id) from rectification_events d where d.item_id = r.id and d.kind = 'deadline_changed'), 0)) as reminded
    from rectification_items r join orgs o on o.id = r.org_id where r.status not in ('accepted', 'closed')`);
  let escalated = 0; let reminded = 0;
  const system = { actorId: null, actorName: '系统' };
  for (const i of open) {
    if (isOverdue(i, on) && i.escalated === null) {
      const to = escalationTarget(i.path);
      if (to === null) continue;
      await inTx(db, async (tx) => {
        await tx.insert(rectificationEvents).values({ itemId: i.id, kind: 'escalated', note: `已超过整改期限（${i.deadline}），提级至上级党组织督办`, happenedOn: on, ...system });
        await tx.update(rectificationItems).set({ escalatedToOrgId: to }).where(eq(rectificationItems.id, i.id));
      });
      escalated++;
    } else if (!i.reminded && remindDue(i, on, REMIND_DAYS)) {
      await db.insert(rectificationEvents).values({ itemId: i.id, kind: 'reminded', note: `整改期限 ${i.deadline} 临近，请按期完成并申请验收`, happenedOn: on, ...system });
      reminded++;
    }
  }
  return { escalated, reminded };
}

/** Counts for the actor's own to-do: items of their orgs due soon or overdue, items waiting for their acceptance. */
export async function myWork(db: Db, actor: Actor) {
  if (!can(actor, P.problemRead)) return null;
  const t = today();
  const mine = can(actor, P.problemRectify) ? scopeAt(actor, P.problemRectify) : sql`false`;
  const checker = can(actor, P.problemAccept) ? scopeAt(actor, P.problemAccept, 'c') : sql`false`;
  const [r] = await rows<{ overdue: number; dueSoon: number; toAccept: number; escalated: number }>(db, sql`
    select count(*) filter (where ${mine} and r.deadline < ${t})::int as overdue,
      count(*) filter (where ${mine} and r.deadline between ${t} and ${t}::date + ${REMIND_DAYS}::int)::int as "dueSoon",
      count(*) filter (where ${checker} and r.status = 'pending_acceptance')::int as "toAccept",
      count(*) filter (where r.escalated_to_org_id is not null and ${can(actor, P.problemAccept) ? scopeAt(actor, P.problemAccept, 'e') : sql`false`})::int as escalated
    from ${ITEM_FROM} where r.status not in ('accepted', 'closed')`);
  return r!;
}

// ───────────────────────────── rollups for dashboards and the assessment catalogue ─────────────────────────────

/** Open, closed and overdue items rolled up to the children of `under` (or the tops of the actor's scope). */
export async function itemsRollup(db: Db, actor: Actor, f: { under?: number; year?: number }) {
  require(actor, P.problemRead);
  const under = f.under ? await getOrgRow(db, actor, f.under, P.problemRead) : null;
  const key = rollupKey(scopeOf(actor, P.problemRead), under?.path ?? null, sql`o.path`, sql`o.id`);
  const t = today();
  const yearCond: SQL = f.year ? sql`and extract(year from r.found_on) = ${f.year}` : sql``;
  const base = sql`from rectification_items r join orgs o on o.id = r.org_id where ${scopeAt(actor, P.problemRead)}
    ${under ? sql`and o.path like ${under.path + '%'}` : sql``} ${yearCond}`;
  const [byOrg, byStatus, bySource] = await Promise.all([
    rows<{ id: number; name: string; total: number; open: number; overdue: number; closed: number }>(db, sql`
      with per as (select ${key} as child, count(*)::int as total,
          count(*) filter (where r.status not in ('accepted','closed'))::int as open,
          count(*) filter (where r.status not in ('accepted','closed') and r.deadline < ${t})::int as overdue,
          count(*) filter (where r.status = 'closed')::int as closed ${base} group by 1)
      select g.id, g.name, per.total, per.open, per.overdue, per.closed from per join orgs g on g.id = per.child order by per.overdue desc, per.open desc, g.path`),
    rows<{ status: RectificationStatus; n: number; overdue: number }>(db, sql`select r.status, count(*)::int as n,
      count(*) filter (where r.status not in ('accepted','closed') and r.deadline < ${t})::int as overdue ${base} group by r.status`),
    rows<{ source: RectificationSource; n: number; open: number }>(db, sql`select r.source, count(*)::int as n,
      count(*) filter (where r.status not in ('accepted','closed'))::int as open ${base} group by r.source`),
  ]);
  return { under: under && { id: under.id, name: under.name }, byOrg, byStatus, bySource };
}

/**
 * 整改按期完成率 for the assessment catalogue: of the items due in the year up to today, the share accepted by their deadline,
 * rolled up to the children of `under`.
 */
export async function closureRollup(db: Db, actor: Actor, f: { under: number; year: number }) {
  require(actor, P.assessmentRead);
  const under = await getOrgRow(db, actor, f.under, P.assessmentRead);
  const key = rollupKey(scopeOf(actor, P.assessmentRead), under.path, sql`o.path`, sql`o.id`);
  // figure problems.onTimeRate: items due by the year's end or today, whichever comes first; an item not yet due is not counted
  const asOf = yearAsOf(f.year);
  const items = await rows<{ id: number; due: number; onTime: number }>(db, sql`
    select ${key} as id, count(*)::int as due, count(*) filter (where r.accepted_on is not null and r.accepted_on <= r.deadline)::int as "onTime"
    from rectification_items r join orgs o on o.id = r.org_id
    where o.path like ${under.path + '%'} and o.id <> ${under.id} and r.deadline between ${`${f.year}-01-01`} and ${asOf}
      and ${scopeAt(actor, P.assessmentRead)}
    group by 1`);
  return items.map((x) => ({ ...x, rate: x.due ? x.onTime / x.due : null }));
}
