/**
 * 通知公告: published to the users of org subtrees (optionally of some roles), with attachments and read receipts.
 * Quiet messaging (docs/rules.md §8.9): a receipt is recorded when a recipient opens the notice — no "reply received",
 * no response deadline; the sender may remind those who have not read, at most once a day.
 */
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { require, scopeAt, type Actor } from '../../core/actor.js';
import { audit } from '../../core/audit.js';
import { inTx, rows, type Db } from '../../core/db.js';
import { errors } from '../../core/errors.js';
import { contains, offset, today } from '../../core/paging.js';
import { P } from '../../core/permissions.js';
import { getOrgRow } from '../orgs/service.js';
import { checkEvidence, readStoredFile, storeFile } from '../meetings/service.js';
import type { Upload } from '../inspections/service.js';
import { noticeFiles, noticeReads, noticeReminders, notices } from './tables.js';
import { GRASSROOTS_ORG_TYPES } from '../../../shared/figures.js';
import type { OrgType } from '../../../shared/codes.js';

export async function uploadNoticeFile(db: Db, actor: Actor, file: Upload) {
  require(actor, P.noticePublish);
  const kind = checkEvidence(file.content, file.name);
  return inTx(db, async (tx) => {
    const { fileId } = await storeFile(tx, file.content, kind.type);
    const [f] = await tx.insert(noticeFiles).values({ fileId, name: file.name, contentType: kind.type, uploadedBy: actor.userId }).returning();
    return { id: f!.id, name: f!.name, contentType: f!.contentType };
  });
}

export type NoticeInput = { senderOrgId: number; issuer?: string | null; title: string; body: string; orgIds: number[]; roles?: string[]; fileIds?: number[] };

/** The users a target reaches: active accounts (not the three administrators) whose role sits in one of the subtrees — a member's own org for a member. */
function recipientsSql(paths: string[], roles: string[], exceptUserId: number) {
  return sql`select distinct on (u.id) u.id as user_id, o.id as org_id
    from users u join role_assignments ra on ra.user_id = u.id join roles r on r.id = ra.role_id left join members m on m.id = u.member_id
      join orgs o on o.id = case when ra.scope = 'self' then m.org_id else ra.org_id end
    where u.is_active and r.admin_duty is null and u.id <> ${exceptUserId} and (${sql.join(paths.map((p) => sql`o.path like ${p + '%'}`), sql` or `)})
      ${roles.length ? sql`and r.code in ${roles}` : sql``}
    order by u.id, o.depth`;
}

/** The orgs a notice is aimed at, every one in the sender's scope. */
async function targetOrgs(db: Db, actor: Actor, orgIds: number[]) {
  const targets = await rows<{ id: number; path: string }>(db, sql`select o.id, o.path from orgs o where o.id in ${orgIds} and ${scopeAt(actor, P.noticePublish)}`);
  if (targets.length !== new Set(orgIds).size) throw errors.field('orgIds', '通知范围中有党组织不存在或不在您的管理范围内');
  return targets;
}

/** The county committee's notices go out in the name of its organisation department (中共××县委组织部), others in their own. */
const defaultIssuer = (o: { name: string; orgType: string }) => (o.orgType === 'county_committee' ? o.name.replace(/委员会$/, '委组织部') : o.name);

/** Who a notice would reach, before it is sent: how many at each level, and the organisations under it that nobody there would receive it for. */
export async function noticePreview(db: Db, actor: Actor, f: { orgIds?: number[]; roles?: string[] }) {
  require(actor, P.noticePublish);
  const orgIds = f.orgIds ?? []; const roles = f.roles ?? [];
  if (!orgIds.length) return { recipients: 0, byType: [], unreached: [], unreachedTotal: 0 };
  const paths = (await targetOrgs(db, actor, orgIds)).map((t) => t.path);
  const byType = await rows<{ orgType: OrgType; recipients: number }>(db, sql`with rc as (${recipientsSql(paths, roles, actor.userId)})
    select o.org_type as "orgType", count(*)::int as recipients from rc join orgs o on o.id = rc.org_id group by 1 order by min(o.depth)`);
  const unreached = await rows<{ id: number; name: string; orgType: OrgType; total: number }>(db, sql`
    with rc as (${recipientsSql(paths, roles, actor.userId)}), reached as (select distinct o.path from rc join orgs o on o.id = rc.org_id)
    select g.id, g.name, g.org_type as "orgType", count(*) over ()::int as total from orgs g
    where g.status = 'active' and g.org_type in ${[...GRASSROOTS_ORG_TYPES]} and (${sql.join(paths.map((p) => sql`g.path like ${p + '%'}`), sql` or `)})
      and not exists (select 1 from reached r where r.path like g.path || '%')
    order by g.path limit 100`);
  return { recipients: byType.reduce((a, x) => a + x.recipients, 0), byType, unreached: unreached.map(({ total: _t, ...o }) => o), unreachedTotal: unreached[0]?.total ?? 0 };
}

export async function publishNotice(db: Db, actor: Actor, input: NoticeInput) {
  require(actor, P.noticePublish);
  const sender = await getOrgRow(db, actor, input.senderOrgId, P.noticePublish).catch(() => { throw errors.field('senderOrgId', '发文单位不存在或不在您的管理范围内'); });
  if (!input.orgIds.length) throw errors.field('orgIds', '请选择通知范围');
  const targets = await targetOrgs(db, actor, input.orgIds);
  const roles = input.roles ?? [];
  if (roles.length) {
    const known = await rows<{ code: string }>(db, sql`select code from roles where code in ${roles} and admin_duty is null`);
    if (known.length !== new Set(roles).size) throw errors.field('roles', '通知对象中有未知的角色');
  }
  const files = input.fileIds?.length
    ? await db.select().from(noticeFiles).where(and(inArray(noticeFiles.id, input.fileIds), eq(noticeFiles.uploadedBy, actor.userId), isNull(noticeFiles.noticeId)))
    : [];
  if (files.length !== new Set(input.fileIds ?? []).size) throw errors.field('fileIds', '附件不存在或已用于其他通知，请重新上传');
  return inTx(db, async (tx) => {
    const [n] = await tx.insert(notices).values({ countyId: sender.countyId, senderOrgId: sender.id, issuer: input.issuer?.trim() || defaultIssuer(sender), title: input.title, body: input.body,
      target: { orgIds: targets.map((t) => t.id), roles }, recipients: 0, publishedOn: today(), createdBy: actor.userId, createdByName: actor.displayName }).returning();
    const added = await rows<{ n: number }>(tx, sql`with ins as (insert into notice_recipients (notice_id, user_id, org_id)
      select ${n!.id}, user_id, org_id from (${recipientsSql(targets.map((t) => t.path), roles, actor.userId)}) x returning 1) select count(*)::int as n from ins`);
    const count = added[0]?.n ?? 0;
    // nobody would receive it: refuse, and the transaction leaves nothing behind
    if (!count) throw errors.field('orgIds', '通知范围内没有可接收通知的用户，请调整范围或对象');
    await tx.update(notices).set({ recipients: count }).where(eq(notices.id, n!.id));
    if (files.length) await tx.update(noticeFiles).set({ noticeId: n!.id }).where(inArray(noticeFiles.id, files.map((f) => f.id)));
    await audit(tx, actor, { action: 'publish', entity: 'notice', entityId: n!.id, orgId: sender.id, after: { ...n, recipients: count, files: files.map((f) => f.name) } });
    return { ...n!, recipients: count };
  });
}

/** A notice in my inbox: when I read it (null: not yet), whether I was reminded of it, how many files it has. */
export type InboxRow = {
  id: number; title: string; issuer: string; publishedAt: string; readAt: string | null; withdrawnAt: string | null; reminded: boolean; files: number;
};

/** My notices (as a recipient), newest first; `unread` for the unread ones only. */
export async function inbox(db: Db, actor: Actor, f: { unread?: boolean; keyword?: string; page: number; pageSize: number }) {
  // unread: not opened, and not withdrawn (a withdrawn notice asks nothing of its recipients)
  const unreadSql = sql`rd.user_id is null and n.withdrawn_at is null`;
  const where = sql`nr.user_id = ${actor.userId} ${f.unread ? sql`and ${unreadSql}` : sql``} ${f.keyword ? sql`and n.title ilike ${contains(f.keyword)}` : sql``}`;
  const from = sql`from notice_recipients nr join notices n on n.id = nr.notice_id left join notice_reads rd on rd.notice_id = n.id and rd.user_id = nr.user_id`;
  const [items, [{ n = 0, unread = 0 } = {}]] = await Promise.all([
    rows<InboxRow>(db, sql`select n.id, n.title, n.issuer, n.published_at as "publishedAt", rd.read_at as "readAt", n.withdrawn_at as "withdrawnAt",
        (${unreadSql} and exists (select 1 from notice_reminders m where m.notice_id = n.id)) as reminded,
        (select count(*)::int from notice_files f where f.notice_id = n.id) as files
      ${from} where ${where} order by n.published_at desc, n.id desc limit ${f.pageSize} offset ${offset(f)}`),
    rows<{ n: number; unread: number }>(db, sql`select count(*)::int as n, (select count(*)::int ${from} where nr.user_id = ${actor.userId} and ${unreadSql}) as unread ${from} where ${where}`),
  ]);
  return { items, total: n, unread };
}

/** A notice the actor received or may manage (its sender org in their publishing scope). */
async function noticeFor(db: Db, actor: Actor, id: number) {
  const [n] = await rows<Omit<typeof notices.$inferSelect, 'createdBy'> & { recipient: boolean; manage: boolean }>(db, sql`
    select n.id, n.county_id as "countyId", n.sender_org_id as "senderOrgId", n.issuer, n.title, n.body, n.target, n.recipients,
      n.published_on as "publishedOn", n.published_at as "publishedAt", n.created_by_name as "createdByName",
      n.withdrawn_at as "withdrawnAt", n.withdrawn_by_name as "withdrawnByName", n.withdraw_reason as "withdrawReason",
      exists (select 1 from notice_recipients r where r.notice_id = n.id and r.user_id = ${actor.userId}) as recipient, ${scopeAt(actor, P.noticePublish, 's')} as manage
    from notices n join orgs s on s.id = n.sender_org_id where n.id = ${id}`);
  if (!n || (!n.recipient && !n.manage)) throw errors.notFound('通知');
  return n;
}

/**
 * Opening a notice records the receipt once (the first time); the sender's view records nothing.
 * A withdrawn notice shows its recipients that it was withdrawn, when and why — not its text or attachments — and records no receipt.
 */
export async function readNotice(db: Db, actor: Actor, id: number) {
  const n = await noticeFor(db, actor, id);
  if (n.withdrawnAt && !n.manage) return { ...n, body: '', files: [] };
  if (n.recipient && !n.withdrawnAt) await db.insert(noticeReads).values({ noticeId: n.id, userId: actor.userId }).onConflictDoNothing();
  const files = await db.select({ id: noticeFiles.id, name: noticeFiles.name, contentType: noticeFiles.contentType }).from(noticeFiles)
    .where(eq(noticeFiles.noticeId, n.id)).orderBy(asc(noticeFiles.id));
  return { ...n, files };
}

export async function noticeFile(db: Db, actor: Actor, id: number, fileRowId: number) {
  const n = await noticeFor(db, actor, id);
  if (n.withdrawnAt && !n.manage) throw errors.invalidState('该通知已撤回，附件不再提供');
  const [f] = await db.select().from(noticeFiles).where(and(eq(noticeFiles.id, fileRowId), eq(noticeFiles.noticeId, n.id)));
  if (!f) throw errors.notFound('附件');
  return { ...(await readStoredFile(db, f.fileId)), name: f.name };
}

/** A sent notice with how many have read it and the last reminder (null: none). */
export type SentNoticeRow = {
  id: number; title: string; senderName: string; publishedAt: string; recipients: number; createdByName: string; withdrawnAt: string | null; reads: number;
  lastRemindedOn: string | null;
};

/** Notices sent by orgs in the actor's publishing scope, with how many have read them. */
export async function sentNotices(db: Db, actor: Actor, f: { keyword?: string; page: number; pageSize: number }) {
  require(actor, P.noticePublish);
  const where = sql`${scopeAt(actor, P.noticePublish, 's')} ${f.keyword ? sql`and n.title ilike ${contains(f.keyword)}` : sql``}`;
  const [items, [{ n = 0 } = {}]] = await Promise.all([
    rows<SentNoticeRow>(db, sql`select n.id, n.title, s.name as "senderName", n.published_at as "publishedAt", n.recipients, n.created_by_name as "createdByName", n.withdrawn_at as "withdrawnAt",
        (select count(*)::int from notice_reads r where r.notice_id = n.id) as reads,
        (select max(m.reminded_on) from notice_reminders m where m.notice_id = n.id) as "lastRemindedOn"
      from notices n join orgs s on s.id = n.sender_org_id where ${where} order by n.published_at desc, n.id desc limit ${f.pageSize} offset ${offset(f)}`),
    rows<{ n: number }>(db, sql`select count(*)::int as n from notices n join orgs s on s.id = n.sender_org_id where ${where}`),
  ]);
  return { items, total: n };
}

/** 已读回执: every recipient with their org and when they read it; `unread` for who has not. */
export async function receipts(db: Db, actor: Actor, id: number, f: { unread?: boolean } = {}) {
  const n = await noticeFor(db, actor, id);
  if (!n.manage) throw errors.forbidden('只有发文单位可以查看阅读情况');
  const list = await rows<{ userId: number; displayName: string; orgId: number; orgName: string; readAt: string | null }>(db, sql`
    select u.id as "userId", u.display_name as "displayName", o.id as "orgId", o.name as "orgName", rd.read_at as "readAt"
    from notice_recipients nr join users u on u.id = nr.user_id join orgs o on o.id = nr.org_id
      left join notice_reads rd on rd.notice_id = nr.notice_id and rd.user_id = nr.user_id
    where nr.notice_id = ${n.id} ${f.unread ? sql`and rd.user_id is null` : sql``} order by (rd.user_id is not null), o.path, u.display_name`);
  const [{ reads = 0 } = {}] = await rows<{ reads: number }>(db, sql`select count(*)::int as reads from notice_reads where notice_id = ${n.id}`);
  const reminders = await db.select().from(noticeReminders).where(eq(noticeReminders.noticeId, n.id)).orderBy(asc(noticeReminders.id));
  return { notice: { id: n.id, title: n.title, recipients: n.recipients, reads, unread: n.recipients - reads, withdrawnAt: n.withdrawnAt }, items: list, reminders };
}

/** Remind those who have not read: once a day at most; they see it flagged in their notices. */
export async function remind(db: Db, actor: Actor, id: number) {
  const n = await noticeFor(db, actor, id);
  if (!n.manage) throw errors.forbidden('只有发文单位可以提醒');
  if (n.withdrawnAt) throw errors.invalidState('该通知已撤回，不能提醒');
  const t = today();
  const [done] = await db.select().from(noticeReminders).where(and(eq(noticeReminders.noticeId, n.id), eq(noticeReminders.remindedOn, t)));
  if (done) throw errors.alreadyDone('今天已经提醒过，请勿重复提醒（为基层减负：每天最多提醒一次）');
  const [{ unread = 0 } = {}] = await rows<{ unread: number }>(db, sql`select count(*)::int as unread from notice_recipients nr
    where nr.notice_id = ${n.id} and not exists (select 1 from notice_reads r where r.notice_id = nr.notice_id and r.user_id = nr.user_id)`);
  if (!unread) throw errors.invalidState('所有接收人都已阅读，无需提醒');
  return inTx(db, async (tx) => {
    const [r] = await tx.insert(noticeReminders).values({ noticeId: n.id, remindedOn: t, unread, actorId: actor.userId }).returning();
    await audit(tx, actor, { action: 'remind', entity: 'notice', entityId: n.id, orgId: n.senderOrgId, after: r });
    return r!;
  });
}

/**
 * 撤回: the sender withdraws a published notice with a reason. The notice, its recipients and receipts stay;
 * recipients see that it was withdrawn and why, it leaves their unread count, and it can be neither read nor reminded.
 */
export async function withdrawNotice(db: Db, actor: Actor, id: number, input: { reason: string }) {
  const n = await noticeFor(db, actor, id);
  if (!n.manage) throw errors.forbidden('只有发文单位可以撤回通知');
  if (n.withdrawnAt) throw errors.alreadyDone('该通知已经撤回');
  const { reason } = input; // required and trimmed by the route's schema
  return inTx(db, async (tx) => {
    const [after] = await tx.update(notices).set({ withdrawnAt: sql`now()`, withdrawnByName: actor.displayName, withdrawReason: reason })
      .where(and(eq(notices.id, n.id), isNull(notices.withdrawnAt))).returning();
    if (!after) throw errors.alreadyDone('该通知已经撤回');
    await audit(tx, actor, { action: 'withdraw', entity: 'notice', entityId: n.id, orgId: n.senderOrgId, before: { withdrawnAt: null }, after: { withdrawnAt: after.withdrawnAt, reason } });
    return after;
  });
}

/** The roles a notice may be addressed to (not the three administrators). */
export async function noticeRoles(db: Db) {
  return rows<{ code: string; name: string }>(db, sql`select code, name from roles where admin_duty is null order by id`);
}
