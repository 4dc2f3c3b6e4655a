import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { can, nameIn, require, scopeAt, type Actor } from '../../core/actor.js';
import { audit } from '../../core/audit.js';
import { notOwnWork } from '../../core/duties.js';
import { inTx, rows, type Db } from '../../core/db.js';
import { errors } from '../../core/errors.js';
import { contains, offset, today } from '../../core/paging.js';
import { P, type Permission } from '../../core/permissions.js';
import { getOrgRow, ruleValuesAt } from '../orgs/service.js';
import { checkEvidence, readStoredFile, storeFile } from '../meetings/service.js';
import { METRICS, metricTotal } from '../metrics/catalogue.js';
import type { Attachment } from '../inspections/tables.js';
import type { Upload } from '../inspections/service.js';
import { canAssignTo, DEFAULT_AT_RISK_SHARE, targetStatus, type TargetStatus } from './rules.js';
import {
  planFiles, planGoals, plans, planTargetReports, planTargetRevisions, planTargets, planTaskReports, planTasks,
  type Aspect, type Comparator, type PlanKind, type TargetTerms, type TaskStatus,
} from './tables.js';

export type Plan = typeof plans.$inferSelect;

/** The unit of a rate target (metric targets are always in it): its values lie between 0 and 100. */
const PERCENT = '%';

/** A value in a target's unit: a rate lies between 0 and 100 (the field is named in the refusal). */
function checkInUnit(unit: string, field: string, v: number, what: string) {
  if (unit === PERCENT && (v < 0 || v > 100)) throw errors.field(field, `百分比${what}应在 0 到 100 之间`);
}

export async function atRiskShare(db: Db, on = today()): Promise<number> {
  return (await ruleValuesAt(db, { planAtRiskShare: DEFAULT_AT_RISK_SHARE }, on)).planAtRiskShare;
}

// ───────────────────────────── plans, goals, targets ─────────────────────────────

export type PlanInput = { ownerOrgId: number; kind: PlanKind; title: string; startYear: number; endYear: number; goals?: { aspect: Aspect; title: string }[] };

export async function createPlan(db: Db, actor: Actor, input: PlanInput) {
  require(actor, P.planManage);
  const owner = await getOrgRow(db, actor, input.ownerOrgId, P.planManage).catch(() => { throw errors.field('ownerOrgId', '制定单位不存在或不在您的管理范围内'); });
  if (input.endYear < input.startYear) throw errors.field('endYear', '结束年度不能早于起始年度');
  const span = { three_year: 3, five_year: 5, work_points: 1 }[input.kind];
  if (input.endYear - input.startYear + 1 !== span) throw errors.field('endYear', `${{ three_year: '三年规划', five_year: '五年规划', work_points: '年度工作要点' }[input.kind]}应为 ${span} 个年度`);
  return inTx(db, async (tx) => {
    const [p] = await tx.insert(plans).values({ countyId: owner.countyId, ownerOrgId: owner.id, kind: input.kind, title: input.title,
      startYear: input.startYear, endYear: input.endYear, createdBy: actor.userId }).returning();
    if (input.goals?.length) await tx.insert(planGoals).values(input.goals.map((g, i) => ({ planId: p!.id, aspect: g.aspect, title: g.title, sort: i + 1 })));
    await audit(tx, actor, { action: 'create', entity: 'plan', entityId: p!.id, orgId: owner.id, after: { ...p, goals: input.goals ?? [] } });
    return p!;
  });
}

/**
 * A plan the actor may see: its owner is in scope, or one of its targets or tasks is (a township sees the
 * county's plan through the work handed to it, and nothing else of it).
 */
export async function planRow(db: Db, actor: Actor, id: number, perm: Permission = P.planRead) {
  require(actor, perm);
  const [p] = await rows<Omit<Plan, 'createdBy'> & { ownerPath: string; ownerName: string; ownerVisible: boolean }>(db, sql`
    select p.id, p.county_id as "countyId", p.owner_org_id as "ownerOrgId", p.kind, p.title, p.start_year as "startYear", p.end_year as "endYear",
      p.version, p.created_at as "createdAt", o.path as "ownerPath", ${nameIn(actor, perm, 'o', '上级党委')} as "ownerName", ${scopeAt(actor, perm)} as "ownerVisible"
    from plans p join orgs o on o.id = p.owner_org_id
    where p.id = ${id} and (${scopeAt(actor, perm)}
      or exists (select 1 from plan_tasks t join orgs o on o.id = t.org_id where t.plan_id = p.id and ${scopeAt(actor, perm)})
      or exists (select 1 from plan_targets g join orgs o on o.id = g.responsible_org_id where g.plan_id = p.id and ${scopeAt(actor, perm)}))`);
  if (!p) throw errors.notFound('规划');
  return p;
}

/** The plan's owner must be in scope for changing the plan itself. */
async function ownedPlan(db: Db, actor: Actor, id: number) {
  const p = await planRow(db, actor, id, P.planManage);
  if (!p.ownerVisible) throw errors.forbidden('规划由上级党委制定，您可以分解交办给您的任务');
  return p;
}

/** A plan as listed: its targets, the tasks in the actor's scope (and how many are overdue), its reviews. */
export type PlanListRow = {
  id: number; kind: PlanKind; title: string; startYear: number; endYear: number; ownerOrgId: number; ownerName: string;
  targets: number; tasks: number; overdue: number; reviews: number;
};

export async function findPlans(db: Db, actor: Actor, f: { kind?: PlanKind; year?: number }) {
  require(actor, P.planRead);
  return rows<PlanListRow>(db, sql`
    select p.id, p.kind, p.title, p.start_year as "startYear", p.end_year as "endYear", p.owner_org_id as "ownerOrgId", ${nameIn(actor, P.planRead, 'o', '上级党委')} as "ownerName",
      (select count(*)::int from plan_targets g where g.plan_id = p.id) as targets,
      (select count(*)::int from plan_tasks t join orgs o on o.id = t.org_id where t.plan_id = p.id and ${scopeAt(actor, P.planRead)}) as tasks,
      (select count(*)::int from plan_tasks t join orgs o on o.id = t.org_id where t.plan_id = p.id and t.status <> 'closed' and t.deadline < ${today()} and ${scopeAt(actor, P.planRead)}) as overdue,
      (select count(*)::int from plan_reviews r where r.plan_id = p.id) as reviews
    from plans p join orgs o on o.id = p.owner_org_id
    where (${scopeAt(actor, P.planRead)} or exists (select 1 from plan_tasks t join orgs o on o.id = t.org_id where t.plan_id = p.id and ${scopeAt(actor, P.planRead)}))
      ${f.kind ? sql`and p.kind = ${f.kind}` : sql``} ${f.year ? sql`and ${f.year} between p.start_year and p.end_year` : sql``}
    order by p.end_year desc, p.kind, p.id desc`);
}

export async function addGoal(db: Db, actor: Actor, planId: number, input: { aspect: Aspect; title: string }) {
  const p = await ownedPlan(db, actor, planId);
  return inTx(db, async (tx) => {
    const [{ n = 0 } = {}] = await rows<{ n: number }>(tx, sql`select coalesce(max(sort), 0)::int as n from plan_goals where plan_id = ${p.id}`);
    const [g] = await tx.insert(planGoals).values({ planId: p.id, aspect: input.aspect, title: input.title, sort: n + 1 }).returning();
    await audit(tx, actor, { action: 'create', entity: 'plan_goal', entityId: g!.id, orgId: p.ownerOrgId, after: g });
    return g!;
  });
}

export type TargetInput = {
  goalId: number; title: string; metricKey?: string | null; comparator: Comparator; targetValue: number; baseline?: number | null; unit?: string | null;
  responsibleOrgId?: number | null;
};

/** The year whose figures a plan's live status reads on a date: the date's year, within the plan's years. */
const yearOf = (p: Pick<Plan, 'startYear' | 'endYear'>, asOf: string) => Math.min(p.endYear, Math.max(p.startYear, Number(asOf.slice(0, 4))));

/**
 * A target from the metric catalogue (read live, in percent) or a manual one (reported with evidence). A metric
 * target without a baseline takes the metric's value today; a manual one must state its baseline.
 */
export async function addTarget(db: Db, actor: Actor, planId: number, input: TargetInput) {
  const p = await ownedPlan(db, actor, planId);
  const [goal] = await db.select().from(planGoals).where(and(eq(planGoals.id, input.goalId), eq(planGoals.planId, p.id)));
  if (!goal) throw errors.field('goalId', '目标不属于该规划');
  const metric = input.metricKey ? METRICS.find((m) => m.key === input.metricKey) : null;
  if (input.metricKey && !metric) throw errors.field('metricKey', `平台指标“${input.metricKey}”不在指标库中（指标库只收录工作实绩，不含登录、在线时长等活跃度数据）`);
  const responsible = input.responsibleOrgId
    ? await getOrgRow(db, actor, input.responsibleOrgId, P.planManage).catch(() => { throw errors.field('responsibleOrgId', '责任单位不存在或不在您的管理范围内'); })
    : { id: p.ownerOrgId, path: p.ownerPath };
  if (!responsible.path.startsWith(p.ownerPath)) throw errors.field('responsibleOrgId', '责任单位应为规划制定单位或其下级党组织');
  const unit = metric ? PERCENT : (input.unit?.trim() || '项');
  checkInUnit(unit, 'targetValue', input.targetValue, '目标值');
  let baseline = input.baseline ?? null;
  if (baseline === null) {
    if (!metric) throw errors.field('baseline', '手工指标请填写基期值');
    const live = await metricTotal(db, actor, metric.key, responsible.id, yearOf(p, today()));
    baseline = live === null ? 0 : Math.round(live * 1000) / 10;
  }
  return inTx(db, async (tx) => {
    const [t] = await tx.insert(planTargets).values({ planId: p.id, goalId: goal.id, countyId: p.countyId, title: input.title, metricKey: metric?.key ?? null,
      comparator: input.comparator, targetValue: input.targetValue, baseline, unit, responsibleOrgId: responsible.id, createdBy: actor.userId }).returning();
    await audit(tx, actor, { action: 'create', entity: 'plan_target', entityId: t!.id, orgId: responsible.id, after: t });
    return t!;
  });
}

type TargetRow = typeof planTargets.$inferSelect & { revisions: number; responsibleName: string; aspect: Aspect; goalTitle: string; reportedValue: number | null; reportedOn: string | null };

export type TargetView = TargetRow & { value: number | null; status: TargetStatus; expected: number; gap: number | null; metricLabel: string | null; valueError: string | null };

/**
 * Every target of the plan the actor may see, with its value and status as of a date: a metric target reads
 * the metric over its responsible org's subtree for the year, a manual one its latest report.
 */
export async function targetsWithStatus(db: Db, actor: Actor, p: Pick<Plan, 'id' | 'startYear' | 'endYear'>, asOf = today()): Promise<TargetView[]> {
  const list = await rows<TargetRow>(db, sql`
    select g.id, g.plan_id as "planId", g.goal_id as "goalId", g.county_id as "countyId", g.title, g.metric_key as "metricKey", g.comparator,
      g.target_value::float8 as "targetValue", g.baseline::float8 as baseline, g.unit, g.responsible_org_id as "responsibleOrgId", o.name as "responsibleName",
      pg.aspect, pg.title as "goalTitle", r.value::float8 as "reportedValue", r.reported_on as "reportedOn", g.created_at as "createdAt", g.created_by as "createdBy", g.version,
      (select count(*)::int from plan_target_revisions v where v.target_id = g.id) as revisions
    from plan_targets g join plan_goals pg on pg.id = g.goal_id join orgs o on o.id = g.responsible_org_id
      left join lateral (select x.value, x.reported_on from plan_target_reports x where x.target_id = g.id and x.reported_on <= ${asOf} order by x.id desc limit 1) r on true
    where g.plan_id = ${p.id} and ${scopeAt(actor, P.planRead)}
    order by pg.sort, g.id`);
  const share = await atRiskShare(db, asOf);
  const year = yearOf(p, asOf);
  const out: TargetView[] = [];
  for (const t of list) {
    let value: number | null = t.reportedValue;
    let valueError: string | null = null;
    if (t.metricKey) {
      try {
        const v = await metricTotal(db, actor, t.metricKey, t.responsibleOrgId, year);
        value = v === null ? null : Math.round(v * 1000) / 10;
      } catch {
        value = null; valueError = '您没有查看该指标数据的权限';
      }
    }
    const s = targetStatus({ comparator: t.comparator, target: t.targetValue, baseline: t.baseline, value, startYear: p.startYear, endYear: p.endYear, asOf }, share);
    out.push({ ...t, value, ...s, metricLabel: METRICS.find((m) => m.key === t.metricKey)?.label ?? null, valueError });
  }
  return out;
}

export async function planDetail(db: Db, actor: Actor, id: number, asOf = today()) {
  const p = await planRow(db, actor, id);
  const [goals, targets, taskSums] = await Promise.all([
    db.select().from(planGoals).where(eq(planGoals.planId, p.id)).orderBy(asc(planGoals.sort)),
    targetsWithStatus(db, actor, p, asOf),
    rows<{ targetId: number | null; total: number; closed: number; overdue: number }>(db, sql`
      select t.target_id as "targetId", count(*)::int as total, count(*) filter (where t.status = 'closed')::int as closed,
        count(*) filter (where t.status <> 'closed' and t.deadline < ${asOf})::int as overdue
      from plan_tasks t join orgs o on o.id = t.org_id where t.plan_id = ${p.id} and ${scopeAt(actor, P.planRead)} group by 1`),
  ]);
  const byStatus = Object.fromEntries((['met', 'on_track', 'at_risk', 'behind', 'no_data'] as TargetStatus[]).map((s) => [s, targets.filter((t) => t.status === s).length]));
  return { ...p, asOf, goals: p.ownerVisible ? goals : goals.filter((g) => targets.some((t) => t.goalId === g.id)), targets, byStatus,
    tasks: { total: taskSums.reduce((a, x) => a + x.total, 0), closed: taskSums.reduce((a, x) => a + x.closed, 0), overdue: taskSums.reduce((a, x) => a + x.overdue, 0),
      byTarget: taskSums }, metrics: METRICS.map(({ key, label, module, describe }) => ({ key, label, module, describe })) };
}

/** Evidence first (kept with the plan, by org), then cited by the report. */
export async function uploadPlanFile(db: Db, actor: Actor, planId: number, orgId: number, file: Upload) {
  const p = await planRow(db, actor, planId, P.planReport);
  const o = await getOrgRow(db, actor, orgId, P.planReport);
  const kind = checkEvidence(file.content);
  return inTx(db, async (tx) => {
    const { fileId } = await storeFile(tx, file.content, kind.type);
    const [f] = await tx.insert(planFiles).values({ planId: p.id, orgId: o.id, fileId, name: file.name, contentType: kind.type, uploadedBy: actor.userId }).returning();
    await audit(tx, actor, { action: 'attach', entity: 'plan', entityId: p.id, orgId: o.id, after: { name: file.name } });
    return { id: f!.id, name: f!.name, contentType: f!.contentType };
  });
}

async function citedFiles(db: Db, planId: number, orgId: number, ids: number[] | undefined): Promise<Attachment[]> {
  if (!ids?.length) return [];
  const list = await db.select().from(planFiles).where(and(eq(planFiles.planId, planId), eq(planFiles.orgId, orgId), inArray(planFiles.id, ids)));
  if (list.length !== new Set(ids).size) throw errors.field('fileIds', '引用的附件不存在或不属于本单位');
  return list.map((f) => ({ fileId: f.id, name: f.name, contentType: f.contentType }));
}

export async function planFile(db: Db, actor: Actor, planId: number, fileRowId: number) {
  const p = await planRow(db, actor, planId);
  const [f] = await rows<{ fileId: number; name: string }>(db, sql`select f.file_id as "fileId", f.name from plan_files f join orgs o on o.id = f.org_id
    where f.id = ${fileRowId} and f.plan_id = ${p.id} and ${scopeAt(actor, P.planRead)}`);
  if (!f) throw errors.notFound('附件');
  return { ...(await readStoredFile(db, f.fileId)), name: f.name };
}

export type TargetRevision = { title?: string; targetValue?: number; baseline?: number; reason: string; version: number };

/**
 * 指标调整 (e.g. after the mid-term review): the plan's owner changes a target's name, target value or baseline with
 * a reason. The target shows the terms in force; every adjustment is kept with what it was, what it became and why.
 * What the target reads (its metric or its reports), its unit and its responsible org stay.
 */
export async function reviseTarget(db: Db, actor: Actor, targetId: number, input: TargetRevision) {
  const [t] = await db.select().from(planTargets).where(eq(planTargets.id, targetId));
  if (!t) throw errors.notFound('指标');
  await ownedPlan(db, actor, t.planId);
  const before = { title: t.title, targetValue: Number(t.targetValue), baseline: Number(t.baseline) };
  const after = { title: input.title?.trim() || before.title, targetValue: input.targetValue ?? before.targetValue, baseline: input.baseline ?? before.baseline };
  checkInUnit(t.unit, 'targetValue', after.targetValue, '目标值');
  checkInUnit(t.unit, 'baseline', after.baseline, '基期值');
  if (after.title === before.title && after.targetValue === before.targetValue && after.baseline === before.baseline) {
    throw errors.field('targetValue', '没有修改指标名称、目标值或基期值');
  }
  if (input.version !== t.version) throw errors.stale();
  return inTx(db, async (tx) => {
    const [n] = await tx.update(planTargets).set({ ...after, version: sql`${planTargets.version} + 1` })
      .where(and(eq(planTargets.id, t.id), eq(planTargets.version, t.version))).returning();
    if (!n) throw errors.stale();
    const [r] = await tx.insert(planTargetRevisions).values({ targetId: t.id, before, after, reason: input.reason, actorId: actor.userId, actorName: actor.displayName }).returning();
    await audit(tx, actor, { action: 'revise', entity: 'plan_target', entityId: t.id, orgId: t.responsibleOrgId, before, after: { ...after, reason: input.reason, revision: r!.id } });
    return n;
  });
}

/** An adjustment of a target: its terms before and after, and why. */
export type TargetRevisionRow = { id: number; before: TargetTerms; after: TargetTerms; reason: string; actorName: string; createdAt: string };

/** A target's adjustments, newest first. */
export async function targetRevisions(db: Db, actor: Actor, targetId: number) {
  require(actor, P.planRead);
  return rows<TargetRevisionRow>(db, sql`select v.id, v.before, v.after, v.reason, v.actor_name as "actorName", v.created_at as "createdAt"
    from plan_target_revisions v join plan_targets g on g.id = v.target_id join orgs o on o.id = g.responsible_org_id
    where v.target_id = ${targetId} and ${scopeAt(actor, P.planRead)} order by v.id desc`);
}

/** A manual target's value as of now, with a note and optional evidence; the responsible org (or above it) reports it. */
export async function reportTargetValue(db: Db, actor: Actor, targetId: number, input: { value: number; note: string; fileIds?: number[] }) {
  require(actor, P.planReport);
  const [t] = await rows<Pick<typeof planTargets.$inferSelect, 'id' | 'planId' | 'metricKey' | 'unit' | 'responsibleOrgId'>>(db, sql`select g.id, g.plan_id as "planId", g.metric_key as "metricKey", g.unit, g.responsible_org_id as "responsibleOrgId"
    from plan_targets g join orgs o on o.id = g.responsible_org_id where g.id = ${targetId} and ${scopeAt(actor, P.planReport)}`);
  if (!t) throw errors.notFound('指标');
  if (t.metricKey) throw errors.badRequest('该指标取自平台数据，随业务记录自动更新，无需报送');
  checkInUnit(t.unit, 'value', input.value, '');
  const attachments = await citedFiles(db, t.planId, t.responsibleOrgId, input.fileIds);
  return inTx(db, async (tx) => {
    const [r] = await tx.insert(planTargetReports).values({ targetId: t.id, value: input.value, reportedOn: today(), note: input.note, attachments,
      reportedBy: actor.userId, reportedByName: actor.displayName }).returning();
    await audit(tx, actor, { action: 'report', entity: 'plan_target', entityId: t.id, orgId: t.responsibleOrgId, after: r });
    return r!;
  });
}

/** A reported value of a manual target, with its evidence. */
export type TargetReportRow = { id: number; value: number; reportedOn: string; note: string; attachments: Attachment[]; reportedByName: string; createdAt: string };

export async function targetReports(db: Db, actor: Actor, targetId: number) {
  require(actor, P.planRead);
  return rows<TargetReportRow>(db, sql`select r.id, r.value::float8 as value, r.reported_on as "reportedOn", r.note, r.attachments, r.reported_by_name as "reportedByName", r.created_at as "createdAt"
    from plan_target_reports r join plan_targets g on g.id = r.target_id join orgs o on o.id = g.responsible_org_id
    where r.target_id = ${targetId} and ${scopeAt(actor, P.planRead)} order by r.id desc`);
}

// ───────────────────────────── tasks: 一级抓一级 ─────────────────────────────

export type TaskInput = { targetId?: number | null; parentId?: number | null; orgId: number; title: string; deliverable: string; deadline: string };

/** A task as read for its page and its acts (the columns selected by taskRow). */
type TaskRow = Omit<typeof planTasks.$inferSelect, 'createdAt' | 'createdBy' | 'reviewGapId'> & { orgPath: string; orgName: string };

async function taskRow(db: Db, actor: Actor, id: number, perm: Permission): Promise<TaskRow> {
  require(actor, perm);
  const [t] = await rows<TaskRow>(db, sql`select t.id, t.plan_id as "planId", t.county_id as "countyId", t.target_id as "targetId", t.parent_id as "parentId",
      t.org_id as "orgId", t.assigned_by_org_id as "assignedByOrgId", t.title, t.deliverable, t.deadline, t.status, t.percent, t.closed_on as "closedOn",
      t.version, o.path as "orgPath", o.name as "orgName"
    from plan_tasks t join orgs o on o.id = t.org_id where t.id = ${id} and ${scopeAt(actor, perm)}`);
  if (!t) throw errors.notFound('任务');
  return t;
}

/**
 * Hand a task down: from the plan's owner (the county to a township), or from the org a task was handed to,
 * breaking it down for the orgs below it. Only to orgs below the assigning org and in the actor's scope;
 * the deadline lies within the plan and not after the task it breaks down.
 */
export async function assignTask(db: Db, actor: Actor, planId: number, input: TaskInput, opts: { tx?: Db; reviewGapId?: number } = {}) {
  require(actor, P.planManage);
  const p = await planRow(db, actor, planId, P.planManage);
  const parent = input.parentId ? await taskRow(db, actor, input.parentId, P.planManage).catch(() => { throw errors.field('parentId', '上级任务不存在或不在您的管理范围内'); }) : null;
  if (parent && parent.planId !== p.id) throw errors.field('parentId', '上级任务不属于该规划');
  if (!parent && !p.ownerVisible) throw errors.field('parentId', '请选择交办给本单位的任务进行分解');
  const assigner = parent ? { id: parent.orgId, path: parent.orgPath } : { id: p.ownerOrgId, path: p.ownerPath };
  const org = await getOrgRow(db, actor, input.orgId, P.planManage).catch(() => { throw errors.field('orgId', '责任单位不存在或不在您的管理范围内'); });
  if (!canAssignTo(assigner.path, org.path)) throw errors.field('orgId', '任务只能交办给交办单位的下级党组织');
  if (input.deadline > `${p.endYear}-12-31`) throw errors.field('deadline', `完成时限不能晚于规划期末（${p.endYear}-12-31）`);
  if (parent && input.deadline > parent.deadline) throw errors.field('deadline', `完成时限不能晚于上级任务的时限（${parent.deadline}）`);
  if (input.targetId) {
    const [g] = await db.select({ id: planTargets.id }).from(planTargets).where(and(eq(planTargets.id, input.targetId), eq(planTargets.planId, p.id)));
    if (!g) throw errors.field('targetId', '指标不属于该规划');
  }
  const write = async (tx: Db) => {
    const [t] = await tx.insert(planTasks).values({ planId: p.id, countyId: p.countyId, targetId: input.targetId ?? parent?.targetId ?? null, parentId: parent?.id ?? null,
      orgId: org.id, assignedByOrgId: assigner.id, title: input.title, deliverable: input.deliverable, deadline: input.deadline,
      reviewGapId: opts.reviewGapId ?? null, createdBy: actor.userId }).returning();
    await audit(tx, actor, { action: 'create', entity: 'plan_task', entityId: t!.id, orgId: org.id, after: t });
    return t!;
  };
  return opts.tx ? write(opts.tx) : inTx(db, write);
}

/** 进展报送 by the responsible org; a closed task takes no more reports. */
export async function reportTask(db: Db, actor: Actor, id: number, input: { percent: number; note: string; complete?: boolean; fileIds?: number[] }) {
  const t = await taskRow(db, actor, id, P.planReport);
  if (t.status === 'closed') throw errors.invalidState(`任务“${t.title}”已于 ${t.closedOn} 办结，不能再报送进展`);
  const complete = !!input.complete;
  if (complete && input.percent !== 100) throw errors.field('percent', '报送完成时进度应为 100%');
  if (!complete && input.percent < t.percent) throw errors.field('percent', `进度不能低于上次报送的 ${t.percent}%`);
  const attachments = await citedFiles(db, t.planId, t.orgId, input.fileIds);
  return inTx(db, async (tx) => {
    const [r] = await tx.insert(planTaskReports).values({ taskId: t.id, reportedOn: today(), percent: input.percent, note: input.note, complete, attachments,
      reportedBy: actor.userId, reportedByName: actor.displayName }).returning();
    const status: TaskStatus = complete ? 'done' : 'open';
    await tx.update(planTasks).set({ percent: input.percent, status, version: sql`${planTasks.version} + 1` }).where(eq(planTasks.id, t.id));
    await audit(tx, actor, { action: 'report', entity: 'plan_task', entityId: t.id, orgId: t.orgId, before: { status: t.status, percent: t.percent }, after: { status, percent: input.percent, report: r } });
    return r!;
  });
}

/** The assigning org accepts the deliverable (办结) or sends it back for more work (a report of its own with the reason). */
export async function decideTask(db: Db, actor: Actor, id: number, input: { accept: boolean; note: string }) {
  const t = await taskRow(db, actor, id, P.planRead);
  await getOrgRow(db, actor, t.assignedByOrgId, P.planManage).catch(() => { throw errors.forbidden('只有交办单位可以办结或退回任务'); });
  if (t.status !== 'done') throw t.status === 'closed' ? errors.alreadyDone('任务已办结') : errors.invalidState('责任单位尚未报送完成，不能办结');
  const [done] = await rows<{ by: number | null }>(db, sql`select reported_by as by from plan_task_reports where task_id = ${t.id} and complete order by id desc limit 1`);
  notOwnWork(actor, { userId: done?.by }, '报送完成的任务');
  return inTx(db, async (tx) => {
    const [r] = await tx.insert(planTaskReports).values({ taskId: t.id, reportedOn: today(), percent: t.percent, note: `${input.accept ? '办结' : '退回'}：${input.note}`,
      complete: input.accept, reportedBy: actor.userId, reportedByName: actor.displayName }).returning();
    const status: TaskStatus = input.accept ? 'closed' : 'open';
    await tx.update(planTasks).set({ status, closedOn: input.accept ? today() : null, percent: input.accept ? 100 : Math.min(t.percent, 90), version: sql`${planTasks.version} + 1` }).where(eq(planTasks.id, t.id));
    await audit(tx, actor, { action: input.accept ? 'close' : 'return', entity: 'plan_task', entityId: t.id, orgId: t.orgId, before: { status: t.status }, after: { status, report: r } });
    return { status };
  });
}

export type TaskFilter = { planId?: number; under?: number; status?: TaskStatus; overdue?: boolean; keyword?: string; page: number; pageSize: number };

/** A task as listed: its plan and target, who handed it down, its last report and how many tasks it was broken into. */
export type TaskListRow = {
  id: number; planId: number; planTitle: string; targetId: number | null; targetTitle: string | null; parentId: number | null; orgId: number; orgName: string;
  assignedByOrgId: number; assignedByName: string; title: string; deliverable: string; deadline: string; status: TaskStatus; percent: number; closedOn: string | null;
  overdue: boolean; lastReportOn: string | null; children: number; version: number;
};

export async function findTasks(db: Db, actor: Actor, f: TaskFilter) {
  require(actor, P.planRead);
  const underPath = f.under ? (await getOrgRow(db, actor, f.under, P.planRead)).path : null;
  const t0 = today();
  const where = sql`${scopeAt(actor, P.planRead)} ${f.planId ? sql`and t.plan_id = ${f.planId}` : sql``} ${underPath ? sql`and o.path like ${underPath + '%'}` : sql``}
    ${f.status ? sql`and t.status = ${f.status}` : sql``} ${f.overdue ? sql`and t.status <> 'closed' and t.deadline < ${t0}` : sql``}
    ${f.keyword ? sql`and (t.title ilike ${contains(f.keyword)} or o.name ilike ${contains(f.keyword)})` : sql``}`;
  const [items, [{ n = 0 } = {}]] = await Promise.all([
    rows<TaskListRow>(db, sql`select t.id, t.plan_id as "planId", p.title as "planTitle", t.target_id as "targetId", g.title as "targetTitle", t.parent_id as "parentId",
        t.org_id as "orgId", o.name as "orgName", t.assigned_by_org_id as "assignedByOrgId", ${nameIn(actor, P.planRead, 'a', '上级党委')} as "assignedByName",
        t.title, t.deliverable, t.deadline, t.status, t.percent, t.closed_on as "closedOn", (t.status <> 'closed' and t.deadline < ${t0}) as overdue,
        (select max(r.reported_on) from plan_task_reports r where r.task_id = t.id) as "lastReportOn",
        (select count(*)::int from plan_tasks c where c.parent_id = t.id) as children, t.version
      from plan_tasks t join orgs o on o.id = t.org_id join plans p on p.id = t.plan_id join orgs a on a.id = t.assigned_by_org_id
        left join plan_targets g on g.id = t.target_id
      where ${where} order by (t.status = 'closed'), t.deadline, o.path, t.id limit ${f.pageSize} offset ${offset(f)}`),
    rows<{ n: number }>(db, sql`select count(*)::int as n from plan_tasks t join orgs o on o.id = t.org_id where ${where}`),
  ]);
  return { items, total: n };
}

export async function taskDetail(db: Db, actor: Actor, id: number) {
  const t = await taskRow(db, actor, id, P.planRead);
  const [reports, children, [assigner]] = await Promise.all([
    db.select().from(planTaskReports).where(eq(planTaskReports.taskId, t.id)).orderBy(asc(planTaskReports.id)),
    rows<{ id: number; title: string; orgId: number; orgName: string; deadline: string; status: TaskStatus; percent: number }>(db, sql`select t.id, t.title, t.org_id as "orgId", o.name as "orgName", t.deadline, t.status, t.percent from plan_tasks t join orgs o on o.id = t.org_id
      where t.parent_id = ${t.id} and ${scopeAt(actor, P.planRead)} order by o.path`),
    rows<{ name: string; canDecide: boolean; canReport: boolean }>(db, sql`select ${nameIn(actor, P.planRead, 'o', '上级党委')} as name, ${scopeAt(actor, P.planManage)} as "canDecide",
      (select ${scopeAt(actor, P.planReport, 'r')} from orgs r where r.id = ${t.orgId}) as "canReport" from orgs o where o.id = ${t.assignedByOrgId}`),
  ]);
  return { ...t, assignedByName: assigner?.name ?? '', canDecide: !!assigner?.canDecide && can(actor, P.planManage),
    canReport: !!assigner?.canReport && t.status !== 'closed', reports, children };
}

/**
 * Plan progress for the cockpit: the plans running in the year that the actor sees, each with its targets by
 * status and its tasks (total, closed, overdue) in scope.
 */
export async function planProgress(db: Db, actor: Actor, f: { year: number }) {
  require(actor, P.planRead);
  const list = await findPlans(db, actor, { year: f.year }) as { id: number; title: string; kind: PlanKind }[];
  return Promise.all(list.slice(0, 5).map(async (x) => {
    const d = await planDetail(db, actor, x.id);
    return { id: d.id, title: d.title, kind: d.kind, startYear: d.startYear, endYear: d.endYear, byStatus: d.byStatus, targets: d.targets.length, tasks: d.tasks };
  }));
}
