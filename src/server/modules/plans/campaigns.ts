/** 载体活动: a campaign from pilot to rollout — participants, criteria, reports and highlights, the rollout's reach. */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { can, nameIn, require, rollupKey, scopeAt, scopeOf, type Actor } from '../../core/actor.js';
import { audit } from '../../core/audit.js';
import { inTx, rows, type Db } from '../../core/db.js';
import { errors } from '../../core/errors.js';
import { today } from '../../core/paging.js';
import { P, type Permission } from '../../core/permissions.js';
import { getOrgRow } from '../orgs/service.js';
import { checkEvidence, readStoredFile, storeFile } from '../meetings/service.js';
import type { Upload } from '../inspections/service.js';
import { campaignFiles, campaignOrgs, campaignReports, campaigns, campaignStageEvents, CAMPAIGN_STAGES, type CampaignStage } from './tables.js';

import { STAGE_LABELS } from '../../../shared/codes.js';
export { STAGE_LABELS };
/** The orgs a rollout reaches: branches (and general branches) — where the work is done. */
const ROLLOUT_TYPES = ['branch', 'general_branch'];

type Campaign = typeof campaigns.$inferSelect;

export type CampaignInput = {
  ownerOrgId: number; title: string; description: string; criteria: string[]; startedOn: string; pilotOrgIds: number[]; rolloutOrgId: number; rolloutCategories?: string[];
};

export async function createCampaign(db: Db, actor: Actor, input: CampaignInput) {
  require(actor, P.planManage);
  const owner = await getOrgRow(db, actor, input.ownerOrgId, P.planManage).catch(() => { throw errors.field('ownerOrgId', '牵头单位不存在或不在您的管理范围内'); });
  const range = await getOrgRow(db, actor, input.rolloutOrgId, P.planManage).catch(() => { throw errors.field('rolloutOrgId', '推广范围不存在或不在您的管理范围内'); });
  if (!range.path.startsWith(owner.path)) throw errors.field('rolloutOrgId', '推广范围应在牵头单位之内');
  const criteria = input.criteria.map((c) => c.trim()).filter(Boolean);
  if (!criteria.length) throw errors.field('criteria', '请至少列出一条创建标准');
  if (!input.pilotOrgIds.length) throw errors.field('pilotOrgIds', '请选择试点单位');
  const pilots = await rows<{ id: number; path: string }>(db, sql`select o.id, o.path from orgs o where o.id in ${input.pilotOrgIds} and ${scopeAt(actor, P.planManage)}`);
  const bad = input.pilotOrgIds.find((id) => !pilots.some((x) => x.id === id && x.path.startsWith(range.path)));
  if (bad) throw errors.field('pilotOrgIds', '试点单位应在推广范围内且在您的管理范围内');
  return inTx(db, async (tx) => {
    const [c] = await tx.insert(campaigns).values({ countyId: owner.countyId, ownerOrgId: owner.id, title: input.title, description: input.description, criteria,
      startedOn: input.startedOn, rolloutOrgId: range.id, rolloutCategories: input.rolloutCategories ?? [], createdBy: actor.userId }).returning();
    await tx.insert(campaignStageEvents).values({ campaignId: c!.id, stage: 'pilot', happenedOn: input.startedOn, summary: `启动试点：${pilots.length} 个单位`, actorId: actor.userId, actorName: actor.displayName });
    await tx.insert(campaignOrgs).values(pilots.map((o) => ({ campaignId: c!.id, orgId: o.id, countyId: owner.countyId, role: 'pilot' as const, joinedOn: input.startedOn })));
    await audit(tx, actor, { action: 'create', entity: 'campaign', entityId: c!.id, orgId: owner.id, after: { ...c, pilots: pilots.map((p) => p.id) } });
    return c!;
  });
}

/** A campaign is visible where its owner or its rollout range meets the actor's scope. */
export async function campaignRow(db: Db, actor: Actor, id: number, perm: Permission = P.planRead) {
  require(actor, perm);
  const [c] = await rows<Omit<Campaign, 'createdBy' | 'createdAt'> & { ownerPath: string; rangePath: string; ownerVisible: boolean }>(db, sql`
    select c.id, c.county_id as "countyId", c.owner_org_id as "ownerOrgId", c.title, c.description, c.criteria, c.stage, c.started_on as "startedOn",
      c.rollout_org_id as "rolloutOrgId", c.rollout_categories as "rolloutCategories", c.version, o.path as "ownerPath", r.path as "rangePath", ${scopeAt(actor, perm)} as "ownerVisible"
    from campaigns c join orgs o on o.id = c.owner_org_id join orgs r on r.id = c.rollout_org_id
    where c.id = ${id} and (${scopeAt(actor, perm)} or ${scopeAt(actor, perm, 'r')}
      or exists (select 1 from orgs s where ${scopeAt(actor, perm, 's')} and s.path like r.path || '%'))`);
  if (!c) throw errors.notFound('载体活动');
  return c;
}

/** pilot → summary (with the summary of experience) → rollout → closed; each step with its text, kept. */
export async function advanceCampaign(db: Db, actor: Actor, id: number, input: { to: CampaignStage; summary: string; version: number; happenedOn?: string }) {
  const c = await campaignRow(db, actor, id, P.planManage);
  if (!c.ownerVisible) throw errors.forbidden('只有牵头单位可以推进活动阶段');
  if (c.version !== input.version) throw errors.stale();
  const next = CAMPAIGN_STAGES[CAMPAIGN_STAGES.indexOf(c.stage) + 1];
  if (input.to !== next) throw errors.field('to', next ? `当前为“${STAGE_LABELS[c.stage]}”阶段，下一阶段应为“${STAGE_LABELS[next]}”` : '活动已结束');
  if (input.summary.trim().length < 10) throw errors.field('summary', input.to === 'summary' ? '请填写试点经验总结（不少于 10 个字）' : '请填写阶段说明（不少于 10 个字）');
  return inTx(db, async (tx) => {
    const [after] = await tx.update(campaigns).set({ stage: input.to, version: sql`${campaigns.version} + 1` })
      .where(and(eq(campaigns.id, c.id), eq(campaigns.version, input.version))).returning();
    if (!after) throw errors.stale();
    await tx.insert(campaignStageEvents).values({ campaignId: c.id, stage: input.to, happenedOn: input.happenedOn ?? today(), summary: input.summary.trim(), actorId: actor.userId, actorName: actor.displayName });
    await audit(tx, actor, { action: 'advance', entity: 'campaign', entityId: c.id, orgId: c.ownerOrgId, before: { stage: c.stage }, after: { stage: input.to, summary: input.summary } });
    return after;
  });
}

/** Orgs join during the rollout: a township enrols its branches, a branch itself; only orgs within the range and of its categories. */
export async function joinCampaign(db: Db, actor: Actor, id: number, input: { orgIds: number[] }) {
  const c = await campaignRow(db, actor, id, P.planReport);
  if (c.stage !== 'rollout') throw errors.invalidState(`活动处于“${STAGE_LABELS[c.stage]}”阶段，全面推广后才能申报参加`);
  const list = await rows<{ id: number; path: string; orgType: string; category: string }>(db, sql`select o.id, o.path, o.org_type as "orgType", o.category
    from orgs o where o.id in ${input.orgIds.length ? input.orgIds : [-1]} and o.status = 'active' and ${scopeAt(actor, P.planReport)}`);
  for (const id of input.orgIds) {
    const o = list.find((x) => x.id === id);
    if (!o) throw errors.field('orgIds', '申报单位不存在或不在您的管理范围内');
    if (!o.path.startsWith(c.rangePath) || !ROLLOUT_TYPES.includes(o.orgType) || (c.rolloutCategories.length && !c.rolloutCategories.includes(o.category))) {
      throw errors.field('orgIds', '申报单位不在本活动的推广范围内');
    }
  }
  return inTx(db, async (tx) => {
    const added = await tx.insert(campaignOrgs).values(list.map((o) => ({ campaignId: c.id, orgId: o.id, countyId: c.countyId, role: 'rollout' as const, joinedOn: today() })))
      .onConflictDoNothing().returning();
    await audit(tx, actor, { action: 'join', entity: 'campaign', entityId: c.id, orgId: c.ownerOrgId, after: { orgIds: added.map((a) => a.orgId) } });
    return { joined: added.length };
  });
}

/** The owner confirms an org meets the criteria (命名), or withdraws that. */
export async function markMet(db: Db, actor: Actor, id: number, orgId: number, input: { met: boolean; note: string }) {
  const c = await campaignRow(db, actor, id, P.planManage);
  if (!c.ownerVisible) throw errors.forbidden('达标认定由牵头单位进行');
  const [row] = await db.select().from(campaignOrgs).where(and(eq(campaignOrgs.campaignId, c.id), eq(campaignOrgs.orgId, orgId)));
  if (!row) throw errors.field('orgId', '该单位没有参加本活动');
  return inTx(db, async (tx) => {
    const [after] = await tx.update(campaignOrgs).set({ metOn: input.met ? today() : null, metNote: input.note }).where(and(eq(campaignOrgs.campaignId, c.id), eq(campaignOrgs.orgId, orgId))).returning();
    await audit(tx, actor, { action: input.met ? 'met' : 'unmet', entity: 'campaign', entityId: c.id, orgId, before: row, after });
    return after!;
  });
}

export async function uploadCampaignFile(db: Db, actor: Actor, id: number, orgId: number, file: Upload) {
  const c = await campaignRow(db, actor, id, P.planReport);
  const o = await getOrgRow(db, actor, orgId, P.planReport);
  const kind = checkEvidence(file.content);
  return inTx(db, async (tx) => {
    const { fileId } = await storeFile(tx, file.content, kind.type);
    const [f] = await tx.insert(campaignFiles).values({ campaignId: c.id, orgId: o.id, fileId, name: file.name, contentType: kind.type, uploadedBy: actor.userId }).returning();
    return { id: f!.id, name: f!.name, contentType: f!.contentType };
  });
}

/** A participating org's report; a highlight (亮点) goes to the showcase. Photos optional (docs/rules.md §8.4). */
export async function reportCampaign(db: Db, actor: Actor, id: number, input: { orgId: number; title: string; body: string; highlight?: boolean; fileIds?: number[] }) {
  const c = await campaignRow(db, actor, id, P.planReport);
  await getOrgRow(db, actor, input.orgId, P.planReport).catch(() => { throw errors.field('orgId', '报送单位不存在或不在您的管理范围内'); });
  const [part] = await db.select().from(campaignOrgs).where(and(eq(campaignOrgs.campaignId, c.id), eq(campaignOrgs.orgId, input.orgId)));
  if (!part) throw errors.field('orgId', '该单位没有参加本活动，请先申报参加');
  const files = input.fileIds?.length
    ? await db.select().from(campaignFiles).where(and(eq(campaignFiles.campaignId, c.id), eq(campaignFiles.orgId, input.orgId), inArray(campaignFiles.id, input.fileIds)))
    : [];
  if (files.length !== new Set(input.fileIds ?? []).size) throw errors.field('fileIds', '引用的照片不存在或不属于本单位');
  return inTx(db, async (tx) => {
    const [r] = await tx.insert(campaignReports).values({ campaignId: c.id, orgId: input.orgId, title: input.title, body: input.body, highlight: !!input.highlight,
      attachments: files.map((f) => ({ fileId: f.id, name: f.name, contentType: f.contentType })), reportedOn: today(), reportedBy: actor.userId, reportedByName: actor.displayName }).returning();
    await audit(tx, actor, { action: 'report', entity: 'campaign', entityId: c.id, orgId: input.orgId, after: r });
    return r!;
  });
}

export async function campaignFile(db: Db, actor: Actor, id: number, fileRowId: number) {
  const c = await campaignRow(db, actor, id);
  const [f] = await db.select().from(campaignFiles).where(and(eq(campaignFiles.id, fileRowId), eq(campaignFiles.campaignId, c.id)));
  if (!f) throw errors.notFound('照片');
  return { ...(await readStoredFile(db, f.fileId)), name: f.name };
}

/** The population a rollout must reach, as a SQL condition over `o` (branches in the range, of its categories). */
const rolloutPopulation = (c: { rangePath: string; rolloutCategories: string[] }) => sql`o.status = 'active' and o.org_type in ${ROLLOUT_TYPES}
  and o.path like ${c.rangePath + '%'} ${c.rolloutCategories.length ? sql`and o.category in ${c.rolloutCategories}` : sql``}`;

export async function findCampaigns(db: Db, actor: Actor) {
  require(actor, P.planRead);
  const list = await rows<Pick<Campaign, 'id' | 'title' | 'stage' | 'startedOn' | 'criteria' | 'rolloutCategories'> & { rangePath: string; ownerName: string }>(db, sql`
    select c.id, c.title, c.stage, c.started_on as "startedOn", c.criteria, c.rollout_categories as "rolloutCategories", r.path as "rangePath",
      ${nameIn(actor, P.planRead, 'o', '上级党委')} as "ownerName"
    from campaigns c join orgs o on o.id = c.owner_org_id join orgs r on r.id = c.rollout_org_id
    where ${scopeAt(actor, P.planRead)} or exists (select 1 from orgs s where ${scopeAt(actor, P.planRead, 's')} and (r.path like s.path || '%' or s.path like r.path || '%'))
    order by c.started_on desc`);
  return Promise.all(list.map(async (c) => ({ ...c, rangePath: undefined, ...(await reach(db, actor, c)).total })));
}

/** Rollout tracking: of the population in the actor's scope, how many joined and met the criteria, by child of `under` (default: the range). */
async function reach(db: Db, actor: Actor, c: { id: number; rangePath: string; rolloutCategories: string[] }, underPath: string | null = null) {
  const key = rollupKey(scopeOf(actor, P.planRead), underPath, sql`o.path`, sql`o.id`);
  const base = sql`from orgs o left join campaign_orgs j on j.campaign_id = ${c.id} and j.org_id = o.id
    where ${rolloutPopulation(c)} and ${scopeAt(actor, P.planRead)} ${underPath ? sql`and o.path like ${underPath + '%'}` : sql``}`;
  const sums = sql`count(*)::int as population, count(j.org_id)::int as joined, count(j.met_on)::int as met`;
  const [items, [total]] = await Promise.all([
    rows<{ id: number; name: string; population: number; joined: number; met: number }>(db, sql`with per as (select ${key} as child, ${sums} ${base} group by 1)
      select g.id, g.name, per.population, per.joined, per.met from per join orgs g on g.id = per.child order by g.path`),
    rows<{ population: number; joined: number; met: number }>(db, sql`select ${sums} ${base}`),
  ]);
  const shares = <T extends { population: number; joined: number; met: number }>(x: T) => ({ ...x, joinedShare: x.population ? x.joined / x.population : null, metShare: x.population ? x.met / x.population : null });
  return { items: items.map(shares), total: shares(total!) };
}

/** An org taking part in a campaign, with how many reports it made. */
export type ParticipantRow = {
  orgId: number; orgName: string; role: (typeof campaignOrgs.$inferSelect)['role']; joinedOn: string; metOn: string | null; metNote: string | null; reports: number;
};
/** A report of an org on a campaign. */
export type CampaignReportRow = {
  id: number; orgId: number; orgName: string; title: string; body: string; highlight: boolean; attachments: Attachment[]; reportedOn: string; reportedByName: string;
};
/** A highlighted report, with its campaign. */
export type ShowcaseRow = {
  id: number; campaignId: number; campaignTitle: string; orgId: number; orgName: string; title: string; body: string; attachments: Attachment[]; reportedOn: string;
};
type Attachment = (typeof campaignReports.$inferSelect)['attachments'][number];

export async function campaignDetail(db: Db, actor: Actor, id: number, f: { under?: number } = {}) {
  const c = await campaignRow(db, actor, id);
  const underPath = f.under ? (await getOrgRow(db, actor, f.under, P.planRead)).path : null;
  const [stages, participants, reports, tracking, owner] = await Promise.all([
    db.select().from(campaignStageEvents).where(eq(campaignStageEvents.campaignId, c.id)).orderBy(asc(campaignStageEvents.id)),
    rows<ParticipantRow>(db, sql`select j.org_id as "orgId", o.name as "orgName", j.role, j.joined_on as "joinedOn", j.met_on as "metOn", j.met_note as "metNote",
        (select count(*)::int from campaign_reports r where r.campaign_id = j.campaign_id and r.org_id = j.org_id) as reports
      from campaign_orgs j join orgs o on o.id = j.org_id where j.campaign_id = ${c.id} and ${scopeAt(actor, P.planRead)} order by j.role, o.path`),
    rows<CampaignReportRow>(db, sql`select r.id, r.org_id as "orgId", o.name as "orgName", r.title, r.body, r.highlight, r.attachments, r.reported_on as "reportedOn", r.reported_by_name as "reportedByName"
      from campaign_reports r join orgs o on o.id = r.org_id where r.campaign_id = ${c.id} and ${scopeAt(actor, P.planRead)} order by r.id desc`),
    reach(db, actor, c, underPath),
    rows<{ name: string }>(db, sql`select ${nameIn(actor, P.planRead, 'o', '上级党委')} as name from orgs o where o.id = ${c.ownerOrgId}`),
  ]);
  return { ...c, ownerPath: undefined, rangePath: undefined, ownerName: owner[0]?.name ?? '', canManage: c.ownerVisible && can(actor, P.planManage),
    stages, participants, reports, tracking };
}

/** 亮点展示: the highlights of every campaign in scope, newest first, with their photos. */
export async function showcase(db: Db, actor: Actor, f: { campaignId?: number; limit?: number } = {}) {
  require(actor, P.planRead);
  return rows<ShowcaseRow>(db, sql`select r.id, r.campaign_id as "campaignId", c.title as "campaignTitle", r.org_id as "orgId", o.name as "orgName", r.title, r.body, r.attachments,
      r.reported_on as "reportedOn"
    from campaign_reports r join campaigns c on c.id = r.campaign_id join orgs o on o.id = r.org_id
    where r.highlight and ${scopeAt(actor, P.planRead)} ${f.campaignId ? sql`and r.campaign_id = ${f.campaignId}` : sql``}
    order by r.reported_on desc, r.id desc limit ${f.limit ?? 60}`);
}
