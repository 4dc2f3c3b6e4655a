/** 中期评估: a review round of a plan — self-assessments, the readiness checklist from live data, gaps turned into work, the evidence pack. */
import { desc, eq, sql } from 'drizzle-orm';
import { can, nameIn, require, scopeAt, type Actor } from '../../core/actor.js';
import { audit } from '../../core/audit.js';
import { inTx, rows, type Db } from '../../core/db.js';
import { errors } from '../../core/errors.js';
import { today } from '../../core/paging.js';
import { P } from '../../core/permissions.js';
import { getOrgRow } from '../orgs/service.js';
import { raiseItem } from '../inspections/service.js';
import { assignTask, planRow, targetsWithStatus } from './service.js';
import { GAP_LABELS, gapText, targetGapCategory, taskGapCategory, TARGET_STATUS_LABELS } from './rules.js';
import { planReviews, reviewGaps, reviewSelfAssessments, SELF_RATINGS, type Aspect, type GapCategory, type TargetTerms } from './tables.js';

export { ASPECT_LABELS } from '../../../shared/codes.js';
export { SELF_RATING_LABELS as RATING_LABELS } from '../../../shared/codes.js';

export async function createReview(db: Db, actor: Actor, planId: number, input: { title: string; asOf: string; selfDueOn: string }) {
  const p = await planRow(db, actor, planId, P.planManage);
  if (!p.ownerVisible) throw errors.forbidden('中期评估由规划制定单位组织');
  if (input.selfDueOn > input.asOf) throw errors.field('selfDueOn', '自评截止日期不能晚于评估基准日');
  if (input.asOf < `${p.startYear}-01-01` || input.asOf > `${p.endYear}-12-31`) throw errors.field('asOf', `评估基准日应在规划期内（${p.startYear}—${p.endYear} 年）`);
  return inTx(db, async (tx) => {
    const [r] = await tx.insert(planReviews).values({ planId: p.id, countyId: p.countyId, title: input.title, asOf: input.asOf, selfDueOn: input.selfDueOn, createdBy: actor.userId }).returning();
    await audit(tx, actor, { action: 'create', entity: 'plan_review', entityId: r!.id, orgId: p.ownerOrgId, after: r });
    return r!;
  });
}

export async function reviewRow(db: Db, actor: Actor, id: number) {
  require(actor, P.planRead);
  const [r] = await db.select().from(planReviews).where(eq(planReviews.id, id));
  if (!r) throw errors.notFound('评估');
  const plan = await planRow(db, actor, r.planId).catch(() => { throw errors.notFound('评估'); });
  return { ...r, plan };
}

export async function findReviews(db: Db, actor: Actor, planId: number) {
  const p = await planRow(db, actor, planId);
  return db.select().from(planReviews).where(eq(planReviews.planId, p.id)).orderBy(desc(planReviews.asOf));
}

/** The orgs answerable in a plan: the owner, each target's responsible org and each org a task went to, as far as the actor sees. */
async function responsibleOrgs(db: Db, actor: Actor, planId: number) {
  return rows<{ id: number; name: string; path: string }>(db, sql`select o.id, o.name, o.path from orgs o where o.id in (
      select owner_org_id from plans where id = ${planId} union select responsible_org_id from plan_targets where plan_id = ${planId}
      union select org_id from plan_tasks where plan_id = ${planId}) and ${scopeAt(actor, P.planRead)} order by o.path`);
}

export type SelfInput = { orgId: number; rating: (typeof SELF_RATINGS)[number]; achievements: string; shortfalls: string; nextSteps: string };

/** 自评 by a responsible org; a later submission supersedes the earlier (both kept). */
export async function submitSelfAssessment(db: Db, actor: Actor, reviewId: number, input: SelfInput) {
  const r = await reviewRow(db, actor, reviewId);
  const o = await getOrgRow(db, actor, input.orgId, P.planReport).catch(() => { throw errors.field('orgId', '自评单位不存在或不在您的管理范围内'); });
  const answerable = await responsibleOrgs(db, actor, r.planId);
  if (!answerable.some((x) => x.id === o.id)) throw errors.field('orgId', '该单位在本规划中没有承担指标或任务，无需自评');
  return inTx(db, async (tx) => {
    const [s] = await tx.insert(reviewSelfAssessments).values({ reviewId: r.id, orgId: o.id, rating: input.rating, achievements: input.achievements,
      shortfalls: input.shortfalls, nextSteps: input.nextSteps, submittedBy: actor.userId, submittedByName: actor.displayName }).returning();
    await audit(tx, actor, { action: 'submit', entity: 'review_self_assessment', entityId: s!.id, orgId: o.id, after: s });
    return s!;
  });
}

export async function selfAssessments(db: Db, actor: Actor, reviewId: number) {
  return selvesOf(db, actor, await reviewRow(db, actor, reviewId));
}

type Review = Awaited<ReturnType<typeof reviewRow>>;

async function selvesOf(db: Db, actor: Actor, r: Review) {
  const orgsList = await responsibleOrgs(db, actor, r.planId);
  const latest = await rows<Omit<typeof reviewSelfAssessments.$inferSelect, 'reviewId' | 'submittedBy'>>(db, sql`select distinct on (s.org_id) s.id, s.org_id as "orgId", s.rating, s.achievements,
      s.shortfalls, s.next_steps as "nextSteps", s.submitted_by_name as "submittedByName", s.created_at as "createdAt"
    from review_self_assessments s join orgs o on o.id = s.org_id where s.review_id = ${r.id} and ${scopeAt(actor, P.planRead)} order by s.org_id, s.id desc`);
  return orgsList.map((o) => ({ orgId: o.id, orgName: o.name, latest: latest.find((x) => x.orgId === o.id) ?? null }));
}

export type ChecklistLine = {
  key: string; kind: 'target' | 'task'; category: GapCategory | null; aspect: Aspect | null; title: string; orgId: number; orgName: string;
  value: number | null; target: number | null; unit: string; expected: number | null; status: string; statusLabel: string; gap: string; deadline: string | null;
  action: { gapId: number; rectificationItemId: number | null; taskId: number | null } | null;
};

/**
 * The readiness checklist as of the review's date: every target (by its live status) and every task (by its
 * deadline), the ones needing work sorted into to improve / to rectify / to do with the gap of each, and
 * whether a gap was already turned into a rectification item or a task.
 */
export async function reviewChecklist(db: Db, actor: Actor, reviewId: number) {
  return checklistOf(db, actor, await reviewRow(db, actor, reviewId));
}

async function checklistOf(db: Db, actor: Actor, r: Review) {
  const asOf = r.asOf < today() ? r.asOf : today();
  const [targets, tasks, acted] = await Promise.all([
    targetsWithStatus(db, actor, r.plan, asOf),
    rows<{ id: number; title: string; orgId: number; orgName: string; deadline: string; status: 'open' | 'done' | 'closed'; percent: number; aspect: Aspect | null }>(db, sql`
      select t.id, t.title, t.org_id as "orgId", o.name as "orgName", t.deadline, t.status, t.percent, pg.aspect
      from plan_tasks t join orgs o on o.id = t.org_id left join plan_targets g on g.id = t.target_id left join plan_goals pg on pg.id = g.goal_id
      where t.plan_id = ${r.planId} and t.review_gap_id is null and ${scopeAt(actor, P.planRead)} order by o.path, t.deadline`),
    db.select().from(reviewGaps).where(eq(reviewGaps.reviewId, r.id)),
  ]);
  const actionOf = (key: string) => {
    const g = acted.find((x) => x.lineKey === key);
    return g ? { gapId: g.id, rectificationItemId: g.rectificationItemId, taskId: g.taskId } : null;
  };
  const lines: ChecklistLine[] = [
    ...targets.map((t): ChecklistLine => ({
      key: `target:${t.id}`, kind: 'target', category: targetGapCategory(t.status), aspect: t.aspect, title: t.title, orgId: t.responsibleOrgId, orgName: t.responsibleName,
      value: t.value, target: t.targetValue, unit: t.unit, expected: t.expected, status: t.status, statusLabel: TARGET_STATUS_LABELS[t.status],
      gap: t.status === 'met' || t.status === 'on_track' ? '' : (t.valueError ?? gapText({ ...t, target: t.targetValue })), deadline: null, action: actionOf(`target:${t.id}`),
    })),
    ...tasks.map((t): ChecklistLine => {
      const category = taskGapCategory(t, asOf);
      const late = Math.round((Date.parse(asOf) - Date.parse(t.deadline)) / 86400_000);
      return {
        key: `task:${t.id}`, kind: 'task', category, aspect: t.aspect, title: t.title, orgId: t.orgId, orgName: t.orgName, value: t.percent, target: 100, unit: '%', expected: null,
        status: t.status, statusLabel: { open: '推进中', done: '待办结', closed: '已办结' }[t.status],
        gap: category === 'do' ? `完成时限 ${t.deadline}，已逾期 ${late} 天，进度 ${t.percent}%` : category === 'improve' ? `已报完成，交办单位尚未验收办结（时限 ${t.deadline}）` : '',
        deadline: t.deadline, action: actionOf(`task:${t.id}`),
      };
    }),
  ];
  const order: Record<string, number> = { rectify: 0, improve: 1, do: 2 };
  lines.sort((a, b) => (order[a.category ?? ''] ?? 3) - (order[b.category ?? ''] ?? 3));
  const count = (c: GapCategory) => lines.filter((l) => l.category === c).length;
  return { review: { id: r.id, title: r.title, asOf: r.asOf, selfDueOn: r.selfDueOn, planId: r.planId, planTitle: r.plan.title, ownerName: r.plan.ownerName },
    canManage: r.plan.ownerVisible && can(actor, P.planManage),
    summary: { improve: count('improve'), rectify: count('rectify'), do: count('do'), ready: lines.filter((l) => !l.category).length, acted: acted.length },
    lines };
}

export type GapActionInput = { lineKey: string; as: 'rectification' | 'task'; deadline: string; responsiblePerson?: string | null; measures?: string | null; orgId?: number | null };

/**
 * Turn a checklist gap into work: a rectification item (source: mid-term review, checked and accepted by the
 * plan's owner) or a task. The line is recomputed now, so only a current gap can be acted on, and only once.
 */
export async function actOnGap(db: Db, actor: Actor, reviewId: number, input: GapActionInput) {
  require(actor, P.planManage);
  const r = await reviewRow(db, actor, reviewId);
  const c = await checklistOf(db, actor, r);
  if (!c.canManage) throw errors.forbidden('中期评估的问题由规划制定单位交办');
  const line = c.lines.find((l) => l.key === input.lineKey);
  if (!line) throw errors.field('lineKey', '评估清单中没有这一项');
  if (!line.category) throw errors.field('lineKey', `“${line.title}”${line.statusLabel}，不需要整改`);
  if (line.action) throw errors.alreadyDone(`“${line.title}”已转为${line.action.rectificationItemId ? '整改事项' : '任务'}`);
  if (input.deadline < today()) throw errors.field('deadline', '完成时限不能早于今天');
  const orgId = input.orgId ?? line.orgId;
  const gapLine = `【${GAP_LABELS[line.category]}】${line.gap}`;
  return inTx(db, async (tx) => {
    // the gap row is written once, after what it became; its id is taken first so that a task can name it
    const [{ id: gapId } = { id: 0 }] = await rows<{ id: number }>(tx, sql`select nextval('review_gaps_id_seq')::int as id`);
    let itemId: number | null = null; let taskId: number | null = null;
    if (input.as === 'rectification') {
      const org = await getOrgRow(tx, actor, orgId, P.planManage).catch(() => { throw errors.field('orgId', '责任单位不存在或不在您的管理范围内'); });
      const item = await raiseItem(tx, actor, { orgId: org.id, countyId: org.countyId, responsiblePerson: input.responsiblePerson?.trim() || `${org.name}书记`,
        source: 'midterm_review', sourceRef: `${r.title} #${gapId}`, title: `中期评估：${line.title}`, description: gapLine, foundOn: today(), deadline: input.deadline,
        measures: input.measures ?? null, checkerOrgId: r.plan.ownerOrgId });
      itemId = item.id;
    } else {
      const target = line.kind === 'target' ? Number(line.key.slice('target:'.length)) : null;
      const to = orgId === r.plan.ownerOrgId ? null : orgId;
      if (!to) throw errors.field('orgId', '请选择承办整改任务的下级党组织');
      const t = await assignTask(tx, actor, r.planId, { orgId: to, targetId: target, title: `中期评估整改：${line.title}`,
        deliverable: input.measures?.trim() || '整改完成情况报告', deadline: input.deadline }, { tx, reviewGapId: gapId });
      taskId = t.id;
    }
    const [g] = await tx.insert(reviewGaps).values({ id: gapId, reviewId: r.id, lineKey: line.key, category: line.category!, gap: gapLine,
      rectificationItemId: itemId, taskId, createdBy: actor.userId }).returning();
    await audit(tx, actor, { action: 'act', entity: 'plan_review', entityId: r.id, orgId, after: g });
    return { gapId: g!.id, rectificationItemId: itemId, taskId };
  });
}

/** The rows of the evidence pack (also its spreadsheet): every checklist line with its figures. */
export async function evidenceRows(db: Db, actor: Actor, reviewId: number) {
  const r = await reviewRow(db, actor, reviewId);
  const c = await checklistOf(db, actor, r);
  const files = await rows<{ id: number; name: string; fileId: number; orgName: string }>(db, sql`select f.id, f.name, f.file_id as "fileId", o.name as "orgName"
    from plan_files f join orgs o on o.id = f.org_id where f.plan_id = ${c.review.planId} and ${scopeAt(actor, P.planRead)} order by f.id`);
  const selves = await selvesOf(db, actor, r);
  const owner = await rows<{ name: string }>(db, sql`select ${nameIn(actor, P.planRead, 'o', '')} as name from plans p join orgs o on o.id = p.owner_org_id where p.id = ${c.review.planId}`);
  // adjusted targets (the checklist reads the terms in force): inspectors see what a target was and why it changed
  const revisions = await rows<{ title: string; unit: string; before: TargetTerms; after: TargetTerms; reason: string; actorName: string; on: string }>(db, sql`
    select g.title, g.unit, v.before, v.after, v.reason, v.actor_name as "actorName", to_char(v.created_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as on
    from plan_target_revisions v join plan_targets g on g.id = v.target_id join orgs o on o.id = g.responsible_org_id
    where g.plan_id = ${c.review.planId} and ${scopeAt(actor, P.planRead)} order by v.id`);
  return { ...c, files, selves, revisions, ownerName: owner[0]?.name ?? '' };
}
