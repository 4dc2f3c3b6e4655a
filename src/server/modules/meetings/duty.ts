import { and, asc, eq, isNull, or, sql } from 'drizzle-orm';
import { require, type Actor } from '../../core/actor.js';
import { audit } from '../../core/audit.js';
import { inTx, rows, type Db } from '../../core/db.js';
import { errors } from '../../core/errors.js';
import { today } from '../../core/paging.js';
import { P } from '../../core/permissions.js';
import { getBranch } from './service.js';
import { members } from '../members/tables.js';
import { dutyAssignments, dutyPosts } from './tables.js';

/** The county's catalogue, seeded once; branches may add their own. */
export const DEFAULT_DUTY_POSTS = [
  ['政策宣传岗', '向群众宣讲惠民政策，收集意见建议'], ['环境监督岗', '监督人居环境整治，劝导乱扔乱倒'],
  ['邻里调解岗', '化解邻里矛盾纠纷，及时上报'], ['治安巡逻岗', '参与夜间巡逻和防火防汛值守'],
  ['关爱帮扶岗', '联系留守老人、儿童和困难群众'], ['产业服务岗', '传授种养技术，带动发展产业'],
] as const;

const branch = (db: Db, actor: Actor, orgId: number, perm: typeof P.meetingRead | typeof P.meetingWrite) =>
  getBranch(db, actor, orgId, perm, '设岗定责按党支部管理');

/** The posts a branch may use, and its members without a formal post with this year's duty and note. */
export async function getDuties(db: Db, actor: Actor, orgId: number, year: number) {
  require(actor, P.meetingRead);
  const o = await branch(db, actor, orgId, P.meetingRead);
  const posts = await db.select({ id: dutyPosts.id, name: dutyPosts.name, description: dutyPosts.description }).from(dutyPosts)
    .where(or(and(isNull(dutyPosts.orgId), or(isNull(dutyPosts.countyId), eq(dutyPosts.countyId, o.countyId))), eq(dutyPosts.orgId, o.id))).orderBy(asc(dutyPosts.id));
  const people = await rows<{ memberId: number; name: string; postId: number | null; postName: string | null; performanceNote: string | null }>(db, sql`
    select m.id as "memberId", m.name, d.post_id as "postId", p.name as "postName", d.performance_note as "performanceNote"
    from members m
    left join lateral (select post_id, performance_note from duty_assignments x where x.member_id = m.id and x.year = ${year} order by x.id desc limit 1) d on true
    left join duty_posts p on p.id = d.post_id
    where m.org_id = ${o.id} and m.status = 'active' and m.is_without_post order by m.id`);
  return { posts, people };
}

export async function assignDuty(db: Db, actor: Actor, orgId: number, input: { memberId: number; postId: number; year: number; performanceNote?: string | null }) {
  require(actor, P.meetingWrite);
  const o = await branch(db, actor, orgId, P.meetingWrite);
  if (input.year > Number(today().slice(0, 4)) + 1) throw errors.field('year', '年度不正确');
  const [m] = await db.select({ id: members.id }).from(members).where(and(eq(members.id, input.memberId), eq(members.orgId, o.id), eq(members.status, 'active')));
  if (!m) throw errors.field('memberId', '该党员不是本支部在册党员');
  const [post] = await db.select().from(dutyPosts).where(eq(dutyPosts.id, input.postId));
  if (!post || (post.orgId !== null && post.orgId !== o.id) || (post.countyId !== null && post.countyId !== o.countyId)) throw errors.field('postId', '岗位不存在');
  return inTx(db, async (tx) => {
    const [a] = await tx.insert(dutyAssignments).values({ ...input, countyId: o.countyId, orgId: o.id, performanceNote: input.performanceNote ?? null, createdBy: actor.userId }).returning();
    await audit(tx, actor, { action: 'assign_duty', entity: 'member', entityId: input.memberId, orgId: o.id, after: { post: post.name, year: input.year, note: input.performanceNote } });
    return a!;
  });
}
