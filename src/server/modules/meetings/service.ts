import crypto from 'node:crypto';
import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { memberScopeAt, orgScopeSql, require, rollupKey, scopeOf, type Actor } from '../../core/actor.js';
import { audit } from '../../core/audit.js';
import { inTx, rows, type Db } from '../../core/db.js';
import { errors } from '../../core/errors.js';
import { offset, today } from '../../core/paging.js';
import { P } from '../../core/permissions.js';
import { getOrgRow, ruleValuesAt } from '../orgs/service.js';
import { addMonths } from '../orgs/rules.js';
import { orgs } from '../orgs/tables.js';
import { members } from '../members/tables.js';
import { meetingAttachments, meetingAttendance, meetingRevisions, meetingRules, meetings, storedFiles, type MeetingType } from './tables.js';
import { DOCUMENT_TYPES_LABEL, EVIDENCE_LIMIT_BYTES, EVIDENCE_TYPES_LABEL, sniff, sniffDocument } from '../../core/filetype.js';
import { normalize, similarPairs } from './similarity.js';
import { checkEffectiveFrom } from '../../core/rule-dates.js';
import {
  cellState, complianceRate, DEFAULT_LATE_DAYS, generalMeetingValidity, governedPeriods, isLate, periodEnd, periodStart, type CellState, type MeetingRule,
} from './rules.js';

type Attendance = { memberId: number; status: 'present' | 'leave' | 'absent'; reason?: string | null };
export type MeetingInput = {
  orgId: number; meetingType: MeetingType; heldOn: string; place?: string | null; host?: string | null; recorder?: string | null;
  topic: string; minutes?: string | null; resolutions?: { text: string; yes: number; no: number; abstain: number }[] | null;
  attendance: Attendance[];
};

/** A version of a meeting rule as the rules page lists it: who set it, why, and whether it is the one in force today. */
export type MeetingRuleRow = MeetingRule & { id: number; reason: string | null; createdByName: string | null; createdAt: string };

const ruleOf = (r: typeof meetingRules.$inferSelect): MeetingRuleRow => ({ id: r.id, meetingType: r.meetingType, appliesTo: r.appliesTo, period: r.period,
  minPerPeriod: r.minPerPeriod, quorum: r.quorum === null ? null : Number(r.quorum), source: r.source, effectiveFrom: String(r.effectiveFrom), reason: r.reason,
  createdByName: r.createdByName, createdAt: r.createdAt.toISOString() });

/** Every version of the meeting rules, oldest first: the periods of a year each follow the version they started under. */
export async function meetingRuleHistory(db: Db): Promise<MeetingRuleRow[]> {
  return (await db.select().from(meetingRules).orderBy(asc(meetingRules.effectiveFrom), asc(meetingRules.id))).map(ruleOf);
}

/** The periods of a year that have started by today, each with the rule version it started under. */
async function startedPeriods(db: Db, year: number, t: string) {
  return governedPeriods(await meetingRuleHistory(db), year).filter((g) => periodStart(g.key) <= t);
}

/** Every version of every meeting rule, newest first within each type, the one in force today marked. */
export async function findMeetingRules(db: Db, actor: Actor): Promise<(MeetingRuleRow & { inForce: boolean })[]> {
  require(actor, P.meetingRead);
  const t = today();
  const history = await meetingRuleHistory(db);
  const current = new Map<string, number>();
  for (const r of history) if (r.effectiveFrom <= t) current.set(r.meetingType, r.id);
  return history.map((r) => ({ ...r, inForce: current.get(r.meetingType) === r.id }))
    .sort((a, b) => a.meetingType.localeCompare(b.meetingType) || b.effectiveFrom.localeCompare(a.effectiveFrom));
}

/**
 * A county's new version of a meeting rule: how often, for which branches, how many, the quorum of a general meeting,
 * the document it rests on, the date it takes effect and why. The periods that start from then follow it; nothing
 * before is recomputed. Audited.
 */
export async function addMeetingRule(db: Db, actor: Actor, input: Omit<MeetingRule, 'quorum'> & { quorum?: number | null; reason: string }) {
  require(actor, P.ruleManage);
  if (input.meetingType === 'heart_talk') throw errors.field('meetingType', '谈心谈话不按期次计算达标，不设频次规则');
  const quorum = input.meetingType === 'general_meeting' ? input.quorum ?? null : null;
  if (input.meetingType === 'general_meeting' && quorum === null) throw errors.field('quorum', '支部党员大会须设定应到会比例');
  if (input.meetingType !== 'general_meeting' && input.quorum != null) throw errors.field('quorum', '只有支部党员大会有应到会比例');
  const history = (await meetingRuleHistory(db)).filter((r) => r.meetingType === input.meetingType);
  const latest = history.at(-1) ?? null;
  checkEffectiveFrom(input.effectiveFrom, latest?.effectiveFrom ?? null, today());
  if (latest && latest.appliesTo === input.appliesTo && latest.period === input.period && latest.minPerPeriod === input.minPerPeriod && latest.quorum === quorum) {
    throw errors.field('period', '与现行规则相同，无需修改');
  }
  return inTx(db, async (tx) => {
    const [r] = await tx.insert(meetingRules).values({ meetingType: input.meetingType, appliesTo: input.appliesTo, period: input.period, minPerPeriod: input.minPerPeriod,
      quorum: quorum === null ? null : String(quorum), source: input.source, effectiveFrom: input.effectiveFrom, reason: input.reason,
      createdBy: actor.userId, createdByName: actor.displayName }).returning();
    await audit(tx, actor, { action: 'create', entity: 'meeting_rule', entityId: r!.id, before: latest, after: r });
    const { id, meetingType, period, minPerPeriod, quorum: q, effectiveFrom } = ruleOf(r!);
    return { id, meetingType, period, minPerPeriod, quorum: q, effectiveFrom };
  });
}

const MEETING_ORG_TYPES = ['branch', 'general_branch'];

async function orgForMeetings(db: Db, actor: Actor, orgId: number) {
  let o;
  try { o = await getOrgRow(db, actor, orgId, P.meetingWrite); } catch { throw errors.field('orgId', '党组织不存在或不在您的管理范围内'); }
  if (o.status !== 'active') throw errors.field('orgId', '该党组织已撤销');
  if (!MEETING_ORG_TYPES.includes(o.orgType)) throw errors.field('orgId', '组织生活记录由党支部（党总支）填写');
  return o;
}

/** The votes of a resolution are cast by those present: in favour, against and abstaining together are at most present. */
function checkVotes(resolutions: MeetingInput['resolutions'], present: number) {
  (resolutions ?? []).forEach((r, i) => {
    const cast = r.yes + r.no + r.abstain;
    if (cast > present) throw errors.field('resolutions', `第 ${i + 1} 项表决“${r.text.slice(0, 20)}”：赞成、反对、弃权共 ${cast} 票，超过实到的 ${present} 人`);
  });
}

/** Every attendee must be an active member of the org; the voting figures are derived, never typed. */
async function checkAttendance(db: Db, orgId: number, list: Attendance[]) {
  const ids = list.map((a) => a.memberId);
  if (new Set(ids).size !== ids.length) throw errors.field('attendance', '同一党员不能重复登记');
  const roster = ids.length ? await db.select({ id: members.id, name: members.name, category: members.memberCategory, status: members.membershipStatus })
    .from(members).where(and(eq(members.orgId, orgId), eq(members.status, 'active'), inArray(members.id, ids))) : [];
  const known = new Map(roster.map((m) => [m.id, m]));
  const outsider = ids.find((id) => !known.has(id));
  if (outsider) throw errors.field('attendance', `参会人员（编号 ${outsider}）不是本组织党员`);
  const voters = roster.filter((m) => m.category === 'full' && m.status === 'normal').map((m) => m.id);
  const [{ votingTotal = 0 } = {}] = await rows<{ votingTotal: number }>(db, sql`select count(*)::int as "votingTotal" from members
    where org_id = ${orgId} and status = 'active' and member_category = 'full' and membership_status = 'normal'`);
  return {
    expectedCount: list.length,
    presentCount: list.filter((a) => a.status === 'present').length,
    votingPresent: list.filter((a) => a.status === 'present' && voters.includes(a.memberId)).length,
    votingTotal,
  };
}

function checkDates(heldOn: string) {
  if (heldOn > today()) throw errors.field('heldOn', '会议日期不能晚于今天');
}

export async function createMeeting(db: Db, actor: Actor, input: MeetingInput) {
  require(actor, P.meetingWrite);
  checkDates(input.heldOn);
  const o = await orgForMeetings(db, actor, input.orgId);
  const figures = await checkAttendance(db, o.id, input.attendance);
  checkVotes(input.resolutions, figures.presentCount);
  const { attendance, ...rest } = input;
  return inTx(db, async (tx) => {
    const [m] = await tx.insert(meetings).values({ ...rest, countyId: o.countyId, ...figures, createdBy: actor.userId }).returning();
    if (attendance.length) await tx.insert(meetingAttendance).values(attendance.map((a) => ({ ...a, meetingId: m!.id, reason: a.reason ?? null })));
    await audit(tx, actor, { action: 'create', entity: 'meeting', entityId: m!.id, orgId: o.id, after: { ...m, attendance } });
    return m!;
  });
}

/** A draft is the recorder's work in progress: only those who may record the org's meetings see it. */
const draftsFor = (actor: Actor) => sql`(${meetings.status} = 'submitted' or ${orgScopeSql(scopeOf(actor, P.meetingWrite), orgs)})`;

async function getMeetingRow(db: Db, actor: Actor, id: number, perm: typeof P.meetingRead | typeof P.meetingWrite = P.meetingRead) {
  require(actor, perm);
  const [m] = await db.select({ m: meetings }).from(meetings).innerJoin(orgs, eq(orgs.id, meetings.orgId))
    .where(and(eq(meetings.id, id), orgScopeSql(scopeOf(actor, perm), orgs), draftsFor(actor)));
  if (!m) throw errors.notFound('会议记录');
  return m.m;
}

/** Editing a draft changes it; editing a submitted record adds a revision, and the earlier one stays. */
export async function updateMeeting(db: Db, actor: Actor, id: number, input: Omit<MeetingInput, 'orgId'> & { version: number }) {
  const before = await getMeetingRow(db, actor, id, P.meetingWrite);
  if (before.version !== input.version) throw errors.stale();
  checkDates(input.heldOn);
  const figures = await checkAttendance(db, before.orgId, input.attendance);
  checkVotes(input.resolutions, figures.presentCount);
  const { attendance, version, ...rest } = input;
  return inTx(db, async (tx) => {
    const revision = before.status === 'submitted' ? before.revision + 1 : before.revision;
    const [m] = await tx.update(meetings).set({ ...rest, ...figures, revision, updatedAt: new Date(), version: sql`${meetings.version} + 1` })
      .where(and(eq(meetings.id, id), eq(meetings.version, version))).returning();
    if (!m) throw errors.stale();
    await tx.delete(meetingAttendance).where(eq(meetingAttendance.meetingId, id));
    if (attendance.length) await tx.insert(meetingAttendance).values(attendance.map((a) => ({ ...a, meetingId: id, reason: a.reason ?? null })));
    if (before.status === 'submitted') {
      await tx.insert(meetingRevisions).values({ meetingId: id, revision, snapshot: { ...m, attendance }, actorId: actor.userId });
    }
    await audit(tx, actor, { action: 'update', entity: 'meeting', entityId: id, orgId: m.orgId, before, after: { ...m, attendance } });
    return m;
  });
}

export async function submitMeeting(db: Db, actor: Actor, id: number, input: { version: number }) {
  const before = await getMeetingRow(db, actor, id, P.meetingWrite);
  if (before.status === 'submitted') throw errors.badRequest('该记录已提交；如需更正，请修改后保存为新的版本');
  if (before.version !== input.version) throw errors.stale();
  if (!before.minutes?.trim()) throw errors.field('minutes', '提交前请填写会议记录');
  const late = isLate(before.heldOn, today(), DEFAULT_LATE_DAYS);
  return inTx(db, async (tx) => {
    const [m] = await tx.update(meetings).set({ status: 'submitted', submittedAt: new Date(), isLate: late, revision: 1, version: sql`${meetings.version} + 1` })
      .where(and(eq(meetings.id, id), eq(meetings.version, input.version))).returning();
    if (!m) throw errors.stale();
    const attendance = await tx.select().from(meetingAttendance).where(eq(meetingAttendance.meetingId, id));
    await tx.insert(meetingRevisions).values({ meetingId: id, revision: 1, snapshot: { ...m, attendance }, actorId: actor.userId });
    await audit(tx, actor, { action: 'submit', entity: 'meeting', entityId: id, orgId: m.orgId, after: { isLate: late } });
    return m;
  });
}

export async function getMeeting(db: Db, actor: Actor, id: number) {
  const m = await getMeetingRow(db, actor, id);
  const attendance = await db.select({ memberId: meetingAttendance.memberId, status: meetingAttendance.status, reason: meetingAttendance.reason,
    name: members.name, memberCategory: members.memberCategory })
    .from(meetingAttendance).innerJoin(members, eq(members.id, meetingAttendance.memberId))
    .where(eq(meetingAttendance.meetingId, id)).orderBy(asc(members.id));
  // who attended is part of the record; why someone was away is theirs: a reason shows only to those who may read that member
  const readable = new Set((await rows<{ id: number }>(db, sql`select m.id from members m join orgs o on o.id = m.org_id
    where m.id in (select member_id from meeting_attendance where meeting_id = ${id})
      and ${memberScopeAt(actor, P.memberRead)}`)).map((x) => x.id));
  for (const a of attendance) if (!readable.has(a.memberId)) a.reason = null;
  const revisions = await db.select({ revision: meetingRevisions.revision, createdAt: meetingRevisions.createdAt }).from(meetingRevisions)
    .where(eq(meetingRevisions.meetingId, id)).orderBy(desc(meetingRevisions.revision));
  const [org] = await db.select({ name: orgs.name }).from(orgs).where(eq(orgs.id, m.orgId));
  const attachments = await db.select({ id: meetingAttachments.id, fileName: meetingAttachments.fileName, contentType: storedFiles.contentType, size: storedFiles.size })
    .from(meetingAttachments).innerJoin(storedFiles, eq(storedFiles.id, meetingAttachments.fileId))
    .where(eq(meetingAttachments.meetingId, id)).orderBy(asc(meetingAttachments.id));
  const validity = m.meetingType === 'general_meeting' ? generalMeetingValidity({ ...m, resolutions: m.resolutions ?? [] }) : null;
  return { ...m, orgName: org?.name ?? '', attendance, revisions, validity, attachments };
}

export type MeetingFilter = { orgId?: number; meetingType?: MeetingType; status?: 'draft' | 'submitted'; from?: string; to?: string; page: number; pageSize: number };

export async function findMeetings(db: Db, actor: Actor, f: MeetingFilter) {
  require(actor, P.meetingRead);
  const underPath = f.orgId ? (await getOrgRow(db, actor, f.orgId, P.meetingRead)).path : undefined;
  const where = and(orgScopeSql(scopeOf(actor, P.meetingRead), orgs), draftsFor(actor),
    underPath ? sql`${orgs.path} like ${underPath + '%'}` : undefined,
    f.meetingType ? eq(meetings.meetingType, f.meetingType) : undefined,
    f.status ? eq(meetings.status, f.status) : undefined,
    f.from ? sql`${meetings.heldOn} >= ${f.from}` : undefined,
    f.to ? sql`${meetings.heldOn} <= ${f.to}` : undefined);
  const [items, [total]] = await Promise.all([
    db.select({ id: meetings.id, orgId: meetings.orgId, orgName: orgs.name, meetingType: meetings.meetingType, heldOn: meetings.heldOn,
      topic: meetings.topic, status: meetings.status, isLate: meetings.isLate, expectedCount: meetings.expectedCount, presentCount: meetings.presentCount,
      votingPresent: meetings.votingPresent, votingTotal: meetings.votingTotal })
      .from(meetings).innerJoin(orgs, eq(orgs.id, meetings.orgId)).where(where)
      .orderBy(desc(meetings.heldOn), desc(meetings.id)).limit(f.pageSize).offset(offset(f)),
    db.select({ n: sql<number>`count(*)::int` }).from(meetings).innerJoin(orgs, eq(orgs.id, meetings.orgId)).where(where),
  ]);
  return { items, total: total?.n ?? 0 };
}

/** One org's year: every meeting type by period, green/amber/red, computed from the records. */
export async function getCompliance(db: Db, actor: Actor, orgId: number, year: number) {
  require(actor, P.meetingRead);
  const o = await getOrgRow(db, actor, orgId, P.meetingRead);
  if (o.orgType !== 'branch' || o.status !== 'active') throw errors.badRequest('组织生活达标情况按党支部计算');
  const governed = governedPeriods(await meetingRuleHistory(db), year);
  const periods = periodValues(governed);
  const cells = await rows<{ meeting_type: MeetingType; key: string; n: number; valid: number; late: boolean; required: boolean }>(db, sql`
    with ${periodCountsSql(actor, null, periods, o.id)} select meeting_type, key, n, valid, late, required from cell`);
  const byCell = new Map(cells.map((c) => [`${c.meeting_type}|${c.key}`, c]));
  const t = today();
  // one row per meeting type, its cells in order; a type whose rule changed in the year shows both kinds of period
  const types = [...new Set(governed.map((g) => g.rule.meetingType))];
  const rows_ = types.map((type) => {
    const list = governed.filter((g) => g.rule.meetingType === type).sort((a, b) => periodStart(a.key).localeCompare(periodStart(b.key)));
    const last = list.at(-1)!.rule;
    return {
      meetingType: type, period: last.period, source: last.source,
      cells: list.map(({ rule, key }) => {
        const c = byCell.get(`${type}|${key}`)!;
        return { key, state: cellState(rule, key, t, cellRecords(c), c.required), count: c.n };
      }),
    };
  });
  return { orgId: o.id, orgName: o.name, year, rate: complianceRate(rows_.flatMap((r) => r.cells), t), rows: rows_ };
}

/** Periods with their governing rule as bound SQL values: (meeting type, applies to, minimum, quorum, key, first day, last day). */
function periodValues(governed: { rule: MeetingRule; key: string }[]) {
  const list = governed.map(({ rule: r, key }) => sql`(${r.meetingType}, ${r.appliesTo}, ${r.minPerPeriod}::int,
    ${r.quorum}::float8, ${key}, ${periodStart(key)}::date, ${periodEnd(key)}::date)`);
  // no rule in force (a year before the rules): no periods, rather than an empty VALUES list, which SQL refuses
  if (!list.length) list.push(sql`(null::text, null::text, null::int, null::float8, null::text, null::date, null::date)`);
  return sql`(select * from (values ${sql.join(list, sql`, `)}) as v(meeting_type, applies_to, min_per_period, quorum, key, first_day, last_day)
    where v.key is not null) as r`;
}

/**
 * Branches in scope (under a path, or one org) with their shape, and per branch and rule period the submitted records:
 * how many, how many count (quorate where the rule asks for a quorum), whether one was entered late, and whether the
 * rule applies to the branch at all (`required`: a committee, party groups).
 * One aggregate in the database; the state of each cell is then `cellState`, the one rule.
 */
function periodCountsSql(actor: Actor, underPath: string | null, periods: SQL, orgId?: number) {
  const scope = orgScopeSql(scopeOf(actor, P.meetingRead), { countyId: sql`o.county_id`, path: sql`o.path`, id: sql`o.id` });
  return sql`
    b as (
      select o.id, o.name, o.path,
        exists (select 1 from org_posts p where p.org_id = o.id and p.ended_on is null
          and p.post in ('organization_member','publicity_member','discipline_member','committee_member','deputy_secretary')) as has_committee,
        exists (select 1 from orgs g where g.parent_id = o.id and g.org_type = 'party_group' and g.status = 'active') as has_groups
      from orgs o where o.org_type = 'branch' and o.status = 'active' and ${scope}
        ${underPath ? sql`and o.path like ${underPath + '%'}` : sql``} ${orgId ? sql`and o.id = ${orgId}` : sql``}),
    r as (select * from ${periods}),
    held as (
      select m.org_id, r.meeting_type, r.key, count(*)::int as n,
        count(*) filter (where r.quorum is null or m.voting_present > m.voting_total * r.quorum)::int as valid,
        coalesce(bool_or(m.is_late) filter (where r.quorum is null or m.voting_present > m.voting_total * r.quorum), false) as late
      from meetings m join b on b.id = m.org_id
        join r on r.meeting_type = m.meeting_type and m.held_on between r.first_day and r.last_day
      where m.status = 'submitted'
      group by m.org_id, r.meeting_type, r.key),
    cell as (
      select b.id, b.name, b.path, r.meeting_type, r.key, r.min_per_period, r.last_day,
        coalesce(h.n, 0) as n, coalesce(h.valid, 0) as valid, coalesce(h.late, false) as late,
        r.applies_to = 'branch' or (r.applies_to = 'committee' and b.has_committee) or (r.applies_to = 'groups' and b.has_groups) as required
      from b cross join r left join held h on h.org_id = b.id and h.meeting_type = r.meeting_type and h.key = r.key)`;
}

/** The records of one cell as `cellState` reads them, from the counts. */
const cellRecords = (c: { n: number; valid: number; late: boolean }) => [
  ...Array.from({ length: c.valid }, (_, i) => ({ isLate: c.late && i === 0, quorate: true })),
  ...Array.from({ length: c.n - c.valid }, () => ({ isLate: false, quorate: false })),
];

/** Who is missing what in the period containing a month: every branch in scope with its unmet rules. */
export async function findMissing(db: Db, actor: Actor, f: { under?: number; month: string; page: number; pageSize: number }) {
  require(actor, P.meetingRead);
  const underPath = f.under ? (await getOrgRow(db, actor, f.under, P.meetingRead)).path : null;
  const day = `${f.month}-01`;
  const governed = governedPeriods(await meetingRuleHistory(db), Number(f.month.slice(0, 4)))
    .filter((g) => periodStart(g.key) <= day && day <= periodEnd(g.key));
  const periods = periodValues(governed);
  // the number of branches rides along on every row; only when nothing is unmet is it asked for alone
  const unmet = await rows<{ id: number; name: string; meeting_type: MeetingType; key: string; n: number; valid: number; late: boolean; branches: number }>(db, sql`
    with ${periodCountsSql(actor, underPath, periods)}
    select id, name, meeting_type, key, n, valid, late, (select count(*)::int from b) as branches
    from cell where required and valid < min_per_period order by path, meeting_type`);
  const branches = unmet[0]?.branches
    ?? (await rows<{ n: number }>(db, sql`with ${periodCountsSql(actor, underPath, periods)} select count(*)::int as n from b`))[0]!.n;
  const byRule = new Map(governed.map((g) => [`${g.rule.meetingType}|${g.key}`, g.rule]));
  const t = today();
  const byOrg = new Map<number, { id: number; name: string; missing: { meetingType: MeetingType; period: string; state: CellState }[] }>();
  for (const c of unmet) {
    const state = cellState(byRule.get(`${c.meeting_type}|${c.key}`)!, c.key, t, cellRecords(c), true);
    if (state !== 'missing' && state !== 'due' && state !== 'below_quorum') continue;
    const o = byOrg.get(c.id) ?? { id: c.id, name: c.name, missing: [] };
    o.missing.push({ meetingType: c.meeting_type, period: c.key, state });
    byOrg.set(c.id, o);
  }
  const all = [...byOrg.values()];
  // overdue and invalid first, then those still running (a stable sort keeps the tree order within each)
  const weight = (o: (typeof all)[number]) => o.missing.filter((x) => x.state !== 'due').length;
  all.sort((a, b) => weight(b) - weight(a));
  return { items: all.slice(offset(f), offset(f) + f.pageSize), total: all.length, branches, complete: branches - all.length };
}

/**
 * The year's compliance rolled up one level below an org (or by county root when none is given), for the
 * county → committee → branch drill-down: branches, cells done, cells counted, cells missing, rate.
 * A cell counts as in `complianceRate`: only periods that are over (done, below quorum or missing); a running
 * period is left out whether or not it is done yet.
 */
export async function complianceRollup(db: Db, actor: Actor, f: { under?: number; year: number }) {
  require(actor, P.meetingRead);
  const under = f.under ? await getOrgRow(db, actor, f.under, P.meetingRead) : null;
  const t = today();
  const started = await startedPeriods(db, f.year, t);
  const periods = periodValues(started);
  if (!started.length) return { under: under && { id: under.id, name: under.name }, year: f.year, rate: null, items: [] };
  // the rows: children of `under`, or the tops of the actor's scope
  const key = rollupKey(scopeOf(actor, P.meetingRead), under?.path ?? null, sql`path`, sql`id`);
  const list = await rows<{ id: number; name: string; orgType: string; branches: number; done: number; counted: number; missing: number }>(db, sql`
    with ${periodCountsSql(actor, under?.path ?? null, periods)},
    per as (
      select ${key} as child, count(distinct id)::int as branches,
        count(*) filter (where valid >= min_per_period and last_day < ${t})::int as done,
        count(*) filter (where last_day < ${t})::int as counted,
        count(*) filter (where valid < min_per_period and last_day < ${t})::int as missing
      from cell where required group by 1)
    select o.id, o.name, o.org_type as "orgType", per.branches, per.done, per.counted, per.missing
    from per join orgs o on o.id = per.child order by o.path`);
  const sum = (k: 'done' | 'counted') => list.reduce((a, x) => a + x[k], 0);
  const rate = (done: number, counted: number) => (counted ? done / counted : null);
  return {
    under: under && { id: under.id, name: under.name }, year: f.year, rate: rate(sum('done'), sum('counted')),
    items: list.map((x) => ({ ...x, rate: rate(x.done, x.counted) })),
  };
}

/** The org's active members, to pre-fill attendance. */
/**
 * Who is expected at a meeting (应到): a 支委会 is the committee in post, not the branch — five members, not forty-five
 * with forty marked absent; a 谈心谈话 is between two people and has no roll; every other meeting is the branch's members.
 */
export async function rosterFor(db: Db, actor: Actor, orgId: number, meetingType?: MeetingType) {
  const o = await getOrgRow(db, actor, orgId, P.meetingWrite);
  if (meetingType === 'heart_talk') return [];
  const committee = meetingType === 'committee_meeting'
    ? sql`exists (select 1 from org_posts p where p.member_id = ${members.id} and p.org_id = ${o.id} and p.ended_on is null and p.post <> 'group_leader')`
    : undefined;
  // a floating or lost-contact member is marked, and the form starts him as excused rather than present
  const away = sql<string | null>`case when ${members.isLostContact} then '失联党员'
    when ${members.isFloating} then '流动党员' || coalesce('（外出' || ${members.outflowRegion} || '）', '') end`;
  return db.select({ memberId: members.id, name: members.name, memberCategory: members.memberCategory, away })
    .from(members).where(and(eq(members.orgId, o.id), eq(members.status, 'active'), committee)).orderBy(asc(members.id));
}

export const MEETING_DEFAULTS = { lateDays: DEFAULT_LATE_DAYS };

export const ATTACHMENT_LIMIT_BYTES = EVIDENCE_LIMIT_BYTES;

/** The meeting an upload is for, checked before the upload is read: an outsider learns nothing. */
export async function meetingForAttachment(db: Db, actor: Actor, id: number) {
  return getMeetingRow(db, actor, id, P.meetingWrite);
}

/**
 * An evidence file's type by its content (never its name) and size, or a field error naming `file`. With
 * `documentName` (a notice's attachment) an Office file is taken too: a zip by its bytes, of the kind its name says.
 */
export function checkEvidence(content: Buffer, documentName?: string) {
  if (content.length > ATTACHMENT_LIMIT_BYTES) throw errors.tooLarge(`附件不能超过 ${ATTACHMENT_LIMIT_BYTES / 1024 / 1024} MB`);
  const kind = documentName === undefined ? sniff(content) : sniffDocument(content, documentName);
  if (!kind) throw errors.field('file', documentName === undefined ? `附件类型不支持：只接受 ${EVIDENCE_TYPES_LABEL}（按文件内容判断，不看扩展名）`
    : `附件类型不支持：只接受 ${DOCUMENT_TYPES_LABEL}（按文件内容判断）`);
  return kind;
}

/** Store a file once by its content hash; the same photo uploaded twice is one row. */
export async function storeFile(tx: Db, content: Buffer, contentType: string) {
  const sha256 = crypto.createHash('sha256').update(content).digest('hex');
  await tx.insert(storedFiles).values({ sha256, size: content.length, contentType, content }).onConflictDoNothing();
  const [f] = await tx.select({ id: storedFiles.id }).from(storedFiles).where(eq(storedFiles.sha256, sha256));
  return { fileId: f!.id, sha256 };
}

export async function addAttachment(db: Db, actor: Actor, meetingId: number, file: { name: string; content: Buffer }) {
  const m = await getMeetingRow(db, actor, meetingId, P.meetingWrite);
  const kind = checkEvidence(file.content);
  return inTx(db, async (tx) => {
    const { fileId, sha256 } = await storeFile(tx, file.content, kind.type);
    const [a] = await tx.insert(meetingAttachments).values({ meetingId, fileId, fileName: file.name.slice(0, 200), createdBy: actor.userId }).returning();
    await audit(tx, actor, { action: 'attach', entity: 'meeting', entityId: meetingId, orgId: m.orgId, after: { fileName: a!.fileName, sha256, size: file.content.length } });
    return { id: a!.id, fileName: a!.fileName, size: file.content.length, contentType: kind.type };
  });
}

export async function getAttachment(db: Db, actor: Actor, id: number) {
  require(actor, P.meetingRead);
  const [a] = await db.select({ fileName: meetingAttachments.fileName, contentType: storedFiles.contentType, content: storedFiles.content })
    .from(meetingAttachments).innerJoin(storedFiles, eq(storedFiles.id, meetingAttachments.fileId))
    .innerJoin(meetings, eq(meetings.id, meetingAttachments.meetingId)).innerJoin(orgs, eq(orgs.id, meetings.orgId))
    .where(and(eq(meetingAttachments.id, id), orgScopeSql(scopeOf(actor, P.meetingRead), orgs)));
  if (!a) throw errors.notFound('附件');
  return a;
}

export const DEFAULT_SIMILARITY_THRESHOLD = 0.8;

/** Minutes of different branches in the same month that are near-copies of each other, with both texts. */
export async function findCopiedMinutes(db: Db, actor: Actor, f: { under?: number; month: string }) {
  require(actor, P.meetingRead);
  const underPath = f.under ? (await getOrgRow(db, actor, f.under, P.meetingRead)).path : null;
  const threshold = (await ruleValuesAt(db, { minutesSimilarityThreshold: DEFAULT_SIMILARITY_THRESHOLD }, `${f.month}-28`)).minutesSimilarityThreshold;
  const scope = orgScopeSql(scopeOf(actor, P.meetingRead), orgs);
  const list = await db.select({ id: meetings.id, orgId: meetings.orgId, orgName: orgs.name, meetingType: meetings.meetingType, heldOn: meetings.heldOn,
    topic: meetings.topic, minutes: meetings.minutes })
    .from(meetings).innerJoin(orgs, eq(orgs.id, meetings.orgId))
    .where(and(scope, eq(meetings.status, 'submitted'), sql`to_char(${meetings.heldOn}, 'YYYY-MM') = ${f.month}`,
      underPath ? sql`${orgs.path} like ${underPath + '%'}` : undefined));
  const bare = (n: string) => [n, n.replace(/^中共/, ''), n.replace(/^中共/, '').replace(/(总支部|支部)?委员会$/, '')];
  const docs = list.map((m) => ({ id: m.id, group: m.orgId, text: normalize(m.minutes ?? '', bare(m.orgName)) }));
  const byId = new Map(list.map((m) => [m.id, m]));
  const pairs = similarPairs(docs, threshold).slice(0, 200);
  return { threshold, compared: docs.length, pairs: pairs.map((p) => ({ similarity: Math.round(p.similarity * 1000) / 1000, a: byId.get(p.a)!, b: byId.get(p.b)! })) };
}

export const ABSENCE_MONTHS = 6;

/**
 * Members who have not been present at any organisational life for six months or more while their
 * branch held some (docs/rules.md §3): a list to follow up, never a deletion.
 */
export async function findLongAbsent(db: Db, actor: Actor, f: { under?: number; page: number; pageSize: number }) {
  require(actor, P.meetingRead);
  require(actor, P.memberRead);
  const underPath = f.under ? (await getOrgRow(db, actor, f.under, P.meetingRead)).path : null;
  // per person, not per org: a member reading his branch sees himself here, never a neighbour
  const scope = memberScopeAt(actor, P.memberRead);
  const since = addMonths(today(), -ABSENCE_MONTHS);
  const list = await rows<{ id: number; name: string; orgId: number; orgName: string; isFloating: boolean; isLostContact: boolean; lastPresent: string | null; held: number }>(db, sql`
    select m.id, m.name, o.id as "orgId", o.name as "orgName", m.is_floating as "isFloating", m.is_lost_contact as "isLostContact",
      (select max(mt.held_on) from meeting_attendance a join meetings mt on mt.id = a.meeting_id
        where a.member_id = m.id and a.status = 'present' and mt.status = 'submitted') as "lastPresent",
      (select count(*)::int from meetings mt where mt.org_id = m.org_id and mt.status = 'submitted' and mt.held_on >= ${since}) as held
    from members m join orgs o on o.id = m.org_id
    where m.status = 'active' and ${scope} ${underPath ? sql`and o.path like ${underPath + '%'}` : sql``}
      and exists (select 1 from meetings mt where mt.org_id = m.org_id and mt.status = 'submitted' and mt.held_on >= ${since})
      and not exists (select 1 from meeting_attendance a join meetings mt on mt.id = a.meeting_id
        where a.member_id = m.id and a.status = 'present' and mt.status = 'submitted' and mt.held_on >= ${since})
    order by o.path, m.id`);
  return { since, items: list.slice(offset(f), offset(f) + f.pageSize), total: list.length };
}

/** One member's attendance in a year: how many records listed them, and how often present. */
export async function memberParticipation(db: Db, actor: Actor, memberId: number, year: number) {
  require(actor, P.meetingRead);
  const scope = memberScopeAt(actor, P.memberRead);
  const [m] = await rows<{ id: number }>(db, sql`select m.id from members m join orgs o on o.id = m.org_id where m.id = ${memberId} and ${scope}`);
  if (!m) throw errors.notFound('党员');
  const [r] = await rows<{ listed: number; present: number; leave: number }>(db, sql`
    select count(*)::int as listed, count(*) filter (where a.status = 'present')::int as present, count(*) filter (where a.status = 'leave')::int as leave
    from meeting_attendance a join meetings mt on mt.id = a.meeting_id
    where a.member_id = ${memberId} and mt.status = 'submitted' and mt.held_on between ${`${year}-01-01`} and ${`${year}-12-31`}`);
  return { memberId, year, ...r!, rate: r!.listed ? r!.present / r!.listed : null };
}

/** A branch the actor may reach with the permission; other org types are refused with the given reason. */
export async function getBranch(db: Db, actor: Actor, orgId: number, perm: typeof P.meetingRead | typeof P.meetingWrite, notBranch: string) {
  const o = await getOrgRow(db, actor, orgId, perm);
  if (o.orgType !== 'branch') throw errors.badRequest(notBranch);
  return o;
}

/** A stored evidence file by id, for modules that keep file ids with their own records (after their own access check). */
export async function readStoredFile(db: Db, fileId: number) {
  const [f] = await db.select({ contentType: storedFiles.contentType, content: storedFiles.content }).from(storedFiles).where(eq(storedFiles.id, fileId));
  if (!f) throw errors.notFound('附件');
  return f;
}

/**
 * For screening (weak-org triggers): CTEs ending in `comp (org_id, done, counted)` — per branch in the actor's
 * scope, the cells of the year met and counted so far, by the same rule as the compliance rollup. Null when
 * no rule has started in the year.
 */
export async function branchComplianceCtes(db: Db, actor: Actor, year: number, underPath: string | null = null): Promise<SQL | null> {
  const t = today();
  const started = await startedPeriods(db, year, t);
  if (!started.length) return null;
  const periods = periodValues(started);
  return sql`${periodCountsSql(actor, underPath, periods)},
    comp as (select id as org_id, count(*) filter (where valid >= min_per_period and last_day < ${t})::int as done,
      count(*) filter (where last_day < ${t})::int as counted
      from cell where required group by id)`;
}
