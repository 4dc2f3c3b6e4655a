/** The annual training plan: its items per year, edited and copied to the next year. */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { require, type Actor } from '../../core/actor.js';
import { audit } from '../../core/audit.js';
import { inTx, rows, type Db } from '../../core/db.js';
import { errors } from '../../core/errors.js';
import { today } from '../../core/paging.js';
import { P } from '../../core/permissions.js';
import { trainingPlanItems, type ClassType, type TargetGroup } from './tables.js';
import { countiesOf } from './context.js';

export type PlanItemInput = { year: number; name: string; classType: ClassType; targetGroup: TargetGroup; plannedMonth: number; days: number; quota: number; organiser: string; budget?: number | null };

export async function findPlan(db: Db, actor: Actor, year: number) {
  require(actor, P.trainingRead);
  const items = await rows<{ id: number; year: number; name: string; classType: ClassType; targetGroup: TargetGroup; plannedMonth: number; days: number;
    quota: number; organiser: string; budget: number | null; version: number; classes: number; held: number; trainees: number }>(db, sql`
    select p.id, p.year, p.name, p.class_type as "classType", p.target_group as "targetGroup", p.planned_month as "plannedMonth", p.days, p.quota,
      p.organiser, p.budget::float8 as budget, p.version,
      (select count(*)::int from training_classes c where c.plan_item_id = p.id) as classes,
      (select count(*)::int from training_classes c where c.plan_item_id = p.id and c.starts_on <= ${today()}) as held,
      (select count(*)::int from training_enrollments e join training_classes c on c.id = e.class_id where c.plan_item_id = p.id and e.status <> 'withdrawn') as trainees
    from training_plan_items p where p.county_id in ${countiesOf(actor, P.trainingRead).concat(-1)} and p.year = ${year}
    order by p.planned_month, p.id`);
  const held = items.filter((i) => i.held > 0).length;
  return { year, items, planned: items.length, held, rate: items.length ? held / items.length : null };
}

export async function createPlanItem(db: Db, actor: Actor, input: PlanItemInput) {
  require(actor, P.trainingManage);
  return inTx(db, async (tx) => {
    const [row] = await tx.insert(trainingPlanItems).values({ ...input, countyId: actor.countyId, budget: input.budget == null ? null : String(input.budget), createdBy: actor.userId }).returning();
    await audit(tx, actor, { action: 'create', entity: 'training_plan_item', entityId: row!.id, after: row });
    return row!;
  });
}

export async function updatePlanItem(db: Db, actor: Actor, id: number, input: PlanItemInput & { version: number }) {
  require(actor, P.trainingManage);
  const [before] = await db.select().from(trainingPlanItems).where(and(eq(trainingPlanItems.id, id), inArray(trainingPlanItems.countyId, countiesOf(actor, P.trainingManage).concat(-1))));
  if (!before) throw errors.notFound('培训计划项目');
  return inTx(db, async (tx) => {
    const { version, ...rest } = input;
    const [row] = await tx.update(trainingPlanItems).set({ ...rest, budget: rest.budget == null ? null : String(rest.budget), version: version + 1 })
      .where(and(eq(trainingPlanItems.id, id), eq(trainingPlanItems.version, version))).returning();
    if (!row) throw errors.stale();
    await audit(tx, actor, { action: 'update', entity: 'training_plan_item', entityId: id, before, after: row });
    return row;
  });
}

/** Start a year's plan as a copy of another year's: same classes, months and quotas, to edit. */
export async function copyPlan(db: Db, actor: Actor, input: { fromYear: number; toYear: number }) {
  require(actor, P.trainingManage);
  if (input.fromYear === input.toYear) throw errors.field('toYear', '复制的目标年度不能与来源年度相同');
  const src = await db.select().from(trainingPlanItems).where(and(eq(trainingPlanItems.countyId, actor.countyId), eq(trainingPlanItems.year, input.fromYear))).orderBy(asc(trainingPlanItems.id));
  if (!src.length) throw errors.field('fromYear', `${input.fromYear} 年没有培训计划可复制`);
  const [exists] = await db.select({ id: trainingPlanItems.id }).from(trainingPlanItems).where(and(eq(trainingPlanItems.countyId, actor.countyId), eq(trainingPlanItems.year, input.toYear))).limit(1);
  if (exists) throw errors.field('toYear', `${input.toYear} 年已有培训计划，不能覆盖`);
  return inTx(db, async (tx) => {
    const made = await tx.insert(trainingPlanItems).values(src.map(({ id: _id, createdAt: _c, version: _v, ...r }) => ({ ...r, year: input.toYear, createdBy: actor.userId }))).returning({ id: trainingPlanItems.id });
    await audit(tx, actor, { action: 'copy', entity: 'training_plan', entityId: input.toYear, after: { fromYear: input.fromYear, items: made.length } });
    return { copied: made.length };
  });
}
