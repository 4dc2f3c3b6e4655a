/** Year-end ballots: a campaign's one-time tokens, casting a ballot, and counting it into the ledger. */
import crypto from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Actor } from '../../core/actor.js';
import { audit } from '../../core/audit.js';
import { inTx, rows, type Db } from '../../core/db.js';
import { errors } from '../../core/errors.js';
import { P } from '../../core/permissions.js';
import { ballotPoints, DEFAULT_BALLOT_CHOICES, round2 } from './rules.js';
import { ballotCampaigns, ballotGroups, ballotMarks, ballots, ballotTokens } from './tables.js';
import { type NewEntry, OPEN_FOR, appendEntries, sumsOf } from './ledger.js';
import { getScheme, leaf } from './schemes.js';

const tokenHash = (t: string) => crypto.createHash('sha256').update(t).digest('hex');

export async function createCampaign(db: Db, actor: Actor, schemeId: number, input: { name: string; indicatorId: number; opensAt: string; closesAt: string;
  groups: { name: string; weight: number; count: number }[] }) {
  const s = await getScheme(db, actor, schemeId, P.assessmentManage);
  if (OPEN_FOR[s.status]) throw errors.invalidState(OPEN_FOR[s.status]!);
  await leaf(db, schemeId, input.indicatorId, ['ballot']);
  if (new Date(input.closesAt) <= new Date(input.opensAt)) throw errors.field('closesAt', '截止时间须晚于开始时间');
  if (!input.groups.length) throw errors.field('groups', '请至少设一个测评组');
  const wsum = input.groups.reduce((a, g) => a + g.weight, 0);
  if (Math.abs(wsum - 1) > 0.001) throw errors.field('groups', `各测评组权重之和须为 100%（现为 ${round2(wsum * 100)}%）`);
  return inTx(db, async (tx) => {
    const [c] = await tx.insert(ballotCampaigns).values({ countyId: s.countyId, schemeId, indicatorId: input.indicatorId, name: input.name, opensAt: new Date(input.opensAt),
      closesAt: new Date(input.closesAt), choices: DEFAULT_BALLOT_CHOICES, createdBy: actor.userId }).returning();
    const tokens: { group: string; seq: number; token: string }[] = [];
    for (const g of input.groups) {
      const [gr] = await tx.insert(ballotGroups).values({ campaignId: c!.id, name: g.name, weight: String(g.weight) }).returning();
      const made = Array.from({ length: g.count }, (_, k) => ({ seq: k + 1, token: crypto.randomBytes(12).toString('base64url') }));
      if (made.length) await tx.insert(ballotTokens).values(made.map((t) => ({ campaignId: c!.id, groupId: gr!.id, seq: t.seq, tokenHash: tokenHash(t.token) })));
      tokens.push(...made.map((t) => ({ group: g.name, ...t })));
    }
    await audit(tx, actor, { action: 'create', entity: 'ballot_campaign', entityId: c!.id, orgId: s.ownerOrgId, after: { ...c, tokens: tokens.length } });
    return { campaign: c!, tokens };
  });
}

export async function findCampaigns(db: Db, actor: Actor, schemeId: number) {
  await getScheme(db, actor, schemeId);
  const list = await rows<{ id: number; name: string; indicatorId: number; opensAt: string; closesAt: string; countedAt: string | null }>(db, sql`
    select id, name, indicator_id as "indicatorId", opens_at as "opensAt", closes_at as "closesAt", counted_at as "countedAt" from ballot_campaigns where scheme_id = ${schemeId} order by id`);
  const groups = await rows<{ campaignId: number; id: number; name: string; weight: number; issued: number; used: number }>(db, sql`
    select g.campaign_id as "campaignId", g.id, g.name, g.weight::float8 as weight, count(t.id)::int as issued, count(t.used_at)::int as used
    from ballot_groups g join ballot_campaigns c on c.id = g.campaign_id left join ballot_tokens t on t.group_id = g.id where c.scheme_id = ${schemeId} group by g.id order by g.id`);
  return list.map((c) => ({ ...c, groups: groups.filter((g) => g.campaignId === c.id) }));
}

/** The ballot page: which campaign a token belongs to, and whether it can still vote. Public: the token is the credential. */
export async function ballotByToken(db: Db, token: string) {
  const [t] = await rows<{ id: number; used_at: string | null; campaign_id: number; group_id: number; group_name: string; name: string; opens_at: Date; closes_at: Date; scheme_id: number; choices: { label: string; score: number }[] }>(db, sql`
    select t.id, t.used_at, t.campaign_id, t.group_id, g.name as group_name, c.name, c.opens_at, c.closes_at, c.scheme_id, c.choices
    from ballot_tokens t join ballot_groups g on g.id = t.group_id join ballot_campaigns c on c.id = t.campaign_id where t.token_hash = ${tokenHash(token)}`);
  if (!t) throw errors.notFound('测评票');
  const now = new Date();
  const state = t.used_at ? 'used' : now < new Date(t.opens_at) ? 'not_open' : now > new Date(t.closes_at) ? 'closed' : 'open';
  const orgsList = await rows<{ id: number; name: string }>(db, sql`select o.id, o.name from assessment_orgs a join orgs o on o.id = a.org_id where a.scheme_id = ${t.scheme_id} order by o.path`);
  return { campaign: t.name, group: t.group_name, opensAt: t.opens_at, closesAt: t.closes_at, state, choices: t.choices.map((c, k) => ({ value: k, label: c.label })), orgs: orgsList, t };
}

const BALLOT_STATE: Record<string, string> = { used: '这张测评票已经投过，每票只能投一次', not_open: '测评尚未开始', closed: '测评已经结束' };

/** Cast a ballot: the token is spent and the ballot stored in one transaction, with nothing that links them. */
export async function castBallot(db: Db, token: string, marks: { orgId: number; choice: number }[]) {
  const b = await ballotByToken(db, token);
  if (b.state !== 'open') throw (b.state === 'used' ? errors.alreadyDone : errors.invalidState)(BALLOT_STATE[b.state]!);
  const ids = new Set(b.orgs.map((o) => o.id));
  const given = new Map(marks.map((m) => [m.orgId, m.choice]));
  const missing = b.orgs.filter((o) => !given.has(o.id));
  if (missing.length) throw errors.field('marks', `还有 ${missing.length} 个单位未评价（如：${missing[0]!.name}）`);
  if (marks.some((m) => !ids.has(m.orgId))) throw errors.field('marks', '票面上没有这个单位');
  if (marks.some((m) => !Number.isInteger(m.choice) || m.choice < 0 || m.choice >= b.choices.length)) throw errors.field('marks', '评价选项无效');
  return inTx(db, async (tx) => {
    const spent = await rows(tx, sql`update ballot_tokens t set used_at = now() from ballot_campaigns c
      where t.id = ${b.t.id} and t.used_at is null and c.id = t.campaign_id and now() between c.opens_at and c.closes_at returning t.id`);
    if (!spent.length) throw errors.alreadyDone(BALLOT_STATE.used!); // a second tab, or the close, got there first
    const [ballot] = await tx.insert(ballots).values({ campaignId: b.t.campaign_id, groupId: b.t.group_id }).returning();
    await tx.insert(ballotMarks).values(marks.map((m) => ({ ballotId: ballot!.id, orgId: m.orgId, choice: m.choice })));
    return { ok: true };
  });
}

/** After closing: per org the weighted score into the ballot indicator (the difference from the ledger). */
export async function countCampaign(db: Db, actor: Actor, campaignId: number) {
  const [c] = await db.select().from(ballotCampaigns).where(eq(ballotCampaigns.id, campaignId));
  if (!c) throw errors.notFound('测评');
  await getScheme(db, actor, c.schemeId, P.assessmentManage);
  if (new Date() < c.closesAt) throw errors.invalidState('测评尚未结束，结束后才能计票');
  const i = await leaf(db, c.schemeId, c.indicatorId, ['ballot']);
  const r = await campaignResults(db, c);
  const sums = await sumsOf(db, c.schemeId);
  const add: NewEntry[] = [];
  for (const [orgId, perGroup] of r) {
    const pts = ballotPoints(i.maxPoints, perGroup);
    if (pts === null) continue;
    const delta = round2(pts - (sums.get(orgId)?.get(i.id) ?? 0));
    if (delta) add.push({ orgId, indicatorId: i.id, points: delta, channel: 'ballot', evidenceKind: 'ballot_campaign', evidenceId: c.id,
      reason: `${c.name}：${perGroup.map((g) => `${g.name} ${g.count} 票 均分 ${g.count ? round2(g.sum / g.count) : '-'}`).join('，')}` });
  }
  await inTx(db, async (tx) => {
    await appendEntries(tx, actor, c.schemeId, add);
    await tx.update(ballotCampaigns).set({ countedAt: new Date() }).where(eq(ballotCampaigns.id, c.id));
  });
  return { entries: add.length };
}

async function campaignResults(db: Db, c: typeof ballotCampaigns.$inferSelect) {
  const scores = c.choices.map((x) => x.score);
  const r = await rows<{ org_id: number; group_id: number; name: string; weight: number; sum: number; count: number }>(db, sql`
    select m.org_id, g.id as group_id, g.name, g.weight::float8 as weight,
      sum((${JSON.stringify(scores)}::jsonb ->> m.choice)::numeric)::float8 as sum, count(*)::int as count
    from ballot_marks m join ballots b on b.id = m.ballot_id join ballot_groups g on g.id = b.group_id where b.campaign_id = ${c.id} group by 1, 2, 3, 4`);
  const groups = await db.select().from(ballotGroups).where(eq(ballotGroups.campaignId, c.id));
  const out = new Map<number, { name: string; weight: number; sum: number; count: number }[]>();
  for (const x of r) {
    if (!out.has(x.org_id)) out.set(x.org_id, groups.map((g) => ({ name: g.name, weight: Number(g.weight), sum: 0, count: 0 })));
    const g = out.get(x.org_id)!.find((y) => y.name === x.name)!;
    g.sum = x.sum; g.count = x.count;
  }
  return out;
}
