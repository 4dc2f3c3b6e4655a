/**
 * The score ledger: append-only, hash-chained entries per scheme, the maintained sums beside them
 * (docs/decisions/0008), their check and rebuild, and corrections as reversing entries.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import { type Actor, scopeAt } from '../../core/actor.js';
import { audit } from '../../core/audit.js';
import { inTx, rows, type Db } from '../../core/db.js';
import { errors } from '../../core/errors.js';
import { offset } from '../../core/paging.js';
import { P } from '../../core/permissions.js';
import { checkEntry, entryHash, GENESIS, round2, verifyChain } from './rules.js';
import { scoreEntries, type Channel, type SchemeStatus } from './tables.js';
import { getScheme, indicatorsOf, ownerSees } from './schemes.js';

export type NewEntry = { orgId: number; indicatorId: number; points: number; channel: Channel; evidenceKind?: string | null; evidenceId?: number | null;
  reason?: string | null; reversesId?: number | null; approvedBy?: number | null; approvedByName?: string | null };

export const OPEN_FOR: Record<SchemeStatus, string | null> = {
  draft: '方案尚未发布，不能计分', scoring: null, review: null, objection: '结果公示期间只能通过异议处理更正', final: '考核已定稿，不能再计分',
};

/**
 * Append entries to a scheme's ledger in the caller's transaction: the scheme row is locked, each entry is
 * checked against its indicator's bounds and the scheme's orgs, then chained to the previous hash.
 */
export async function appendEntries(tx: Db, actor: Actor, schemeId: number, list: NewEntry[], opts: { viaObjection?: boolean; finalCorrection?: boolean } = {}) {
  if (!list.length) return [];
  const [s] = await rows<{ status: SchemeStatus; version: number; county_id: number }>(tx, sql`select status, version, county_id from assessment_schemes where id = ${schemeId} for update`);
  if (!s) throw errors.notFound('考核方案');
  const closed = (opts.viaObjection && s.status === 'objection') || (opts.finalCorrection && s.status === 'final') ? null : OPEN_FOR[s.status];
  if (closed) throw errors.invalidState(closed);
  const inds = new Map((await indicatorsOf(tx, schemeId)).map((i) => [i.id, i]));
  const orgIds = [...new Set(list.map((e) => e.orgId))];
  const covered = new Set((await rows<{ org_id: number }>(tx, sql`select org_id from assessment_orgs where scheme_id = ${schemeId} and org_id in ${orgIds}`)).map((r) => r.org_id));
  const sums = new Map<string, number>();
  for (const r of await rows<{ org_id: number; indicator_id: number; raw: string }>(tx, sql`
    select org_id, indicator_id, raw from score_sums where scheme_id = ${schemeId} and org_id in ${orgIds}`)) {
    sums.set(`${r.org_id}:${r.indicator_id}`, Number(r.raw));
  }
  for (const [k, e] of list.entries()) {
    const where = list.length > 1 ? `第 ${k + 1} 条：` : '';
    const i = inds.get(e.indicatorId);
    if (!i) throw errors.field('indicatorId', `${where}指标不属于本方案`);
    if (!covered.has(e.orgId)) throw errors.field('orgId', `${where}该党组织不在本方案的考核范围（考核类别）内`);
    const key = `${e.orgId}:${e.indicatorId}`;
    const msg = checkEntry(i, sums.get(key) ?? 0, e.points, e.channel === 'correction');
    if (msg) throw errors.field('points', where + msg);
    sums.set(key, round2((sums.get(key) ?? 0) + e.points));
  }
  const [last] = await rows<{ seq: number; hash: string }>(tx, sql`select seq, hash from score_entries where scheme_id = ${schemeId} order by seq desc limit 1`);
  let seq = last?.seq ?? 0; let prev = last?.hash ?? GENESIS;
  const values = list.map((e) => {
    seq += 1;
    const recordedAt = new Date();
    const f = { schemeId, seq, orgId: e.orgId, indicatorId: e.indicatorId, points: round2(e.points), channel: e.channel, evidenceKind: e.evidenceKind ?? null,
      evidenceId: e.evidenceId ?? null, reason: e.reason ?? null, reversesId: e.reversesId ?? null, schemeVersion: s.version, recordedBy: actor.userId,
      approvedBy: e.approvedBy ?? null, recordedAt };
    const hash = entryHash(prev, f);
    const row = { ...f, points: f.points.toFixed(2), countyId: s.county_id, recordedByName: actor.displayName, approvedByName: e.approvedByName ?? null, prevHash: prev, hash };
    prev = hash;
    return row;
  });
  const out: (typeof scoreEntries.$inferSelect)[] = [];
  for (let k = 0; k < values.length; k += 1000) out.push(...await tx.insert(scoreEntries).values(values.slice(k, k + 1000)).returning());
  await addToSums(tx, schemeId, s.county_id, values.map((v) => ({ orgId: v.orgId, indicatorId: v.indicatorId, points: Number(v.points) })));
  await audit(tx, actor, { action: 'score', entity: 'score_entry', entityId: out[0]!.id, after: { schemeId, entries: out.length, first: values[0]!.reason } });
  return out;
}

/** The maintained sums move with each batch of entries (one upsert per org and indicator touched). */
async function addToSums(tx: Db, schemeId: number, countyId: number, list: { orgId: number; indicatorId: number; points: number }[]) {
  const delta = new Map<string, { orgId: number; indicatorId: number; points: number; n: number }>();
  for (const e of list) {
    const k = `${e.orgId}:${e.indicatorId}`;
    const d = delta.get(k) ?? { orgId: e.orgId, indicatorId: e.indicatorId, points: 0, n: 0 };
    d.points = round2(d.points + e.points); d.n += 1; delta.set(k, d);
  }
  const all = [...delta.values()];
  for (let k = 0; k < all.length; k += 1000) {
    const v = sql.join(all.slice(k, k + 1000).map((d) => sql`(${schemeId}::int, ${d.orgId}::int, ${d.indicatorId}::int, ${countyId}::int, ${d.points.toFixed(2)}::numeric, ${d.n}::int)`), sql`, `);
    await tx.execute(sql`insert into score_sums (scheme_id, org_id, indicator_id, county_id, raw, entries) values ${v}
      on conflict (scheme_id, org_id, indicator_id) do update set raw = score_sums.raw + excluded.raw, entries = score_sums.entries + excluded.entries`);
  }
}

/** The idempotent refresh: the sums rebuilt from the ledger (after a restore, or to check the maintained ones). */
export async function rebuildScoreSums(db: Db, schemeId: number) {
  return inTx(db, async (tx) => {
    await tx.execute(sql`select 1 from assessment_schemes where id = ${schemeId} for update`);
    await tx.execute(sql`delete from score_sums where scheme_id = ${schemeId}`);
    await tx.execute(sql`insert into score_sums (scheme_id, org_id, indicator_id, county_id, raw, entries)
      select ${schemeId}, org_id, indicator_id, county_id, raw, entries from (${ledgerSums(schemeId)}) l`);
    await tx.execute(sql`update assessment_schemes set live_seq = null where id = ${schemeId}`);
  });
}

/** Maintained sums that differ from the ledger (none when all is well). */
async function sumsDrift(db: Db, schemeId: number) {
  return rows<{ orgId: number; indicatorId: number; maintained: number | null; ledger: number | null }>(db, sql`
    with l as (${ledgerSums(schemeId)}),
      m as (select org_id, indicator_id, raw from score_sums where scheme_id = ${schemeId})
    select coalesce(l.org_id, m.org_id) as "orgId", coalesce(l.indicator_id, m.indicator_id) as "indicatorId", m.raw::float8 as maintained, l.raw::float8 as ledger
    from l full join m on m.org_id = l.org_id and m.indicator_id = l.indicator_id
    where l.raw is distinct from m.raw and not (coalesce(l.raw, 0) = 0 and coalesce(m.raw, 0) = 0)
    order by 1, 2 limit 20`);
}

/** Verify a scheme's chain (names the first entry that does not hold) and that the maintained sums agree with the ledger. */
export async function verifyLedger(db: Db, actor: Actor, schemeId: number) {
  await getScheme(db, actor, schemeId);
  return checkLedger(db, schemeId);
}

/** The check itself, for the command line (`main.ts verify-ledger`), which runs without a user. */
export async function checkLedger(db: Db, schemeId: number) {
  const list = await db.select().from(scoreEntries).where(eq(scoreEntries.schemeId, schemeId)).orderBy(asc(scoreEntries.seq));
  const chain = verifyChain(list.map((e) => ({ ...e, points: Number(e.points) })));
  if (!chain.ok) return chain;
  const drift = await sumsDrift(db, schemeId);
  if (drift.length) return { ok: false as const, entryId: 0, seq: 0, message: `汇总表与台账不符：党组织 ${drift[0]!.orgId}、指标 ${drift[0]!.indicatorId}（汇总 ${drift[0]!.maintained ?? 0}，台账 ${drift[0]!.ledger ?? 0}）等 ${drift.length} 处，可重建汇总` };
  return chain;
}

/** A line of the score ledger as listed (the hash shortened to 12 characters). */
export type LedgerRow = {
  id: number; seq: number; orgId: number; orgName: string; indicatorId: number; indicatorCode: string; indicatorName: string; points: number; channel: Channel;
  evidenceKind: string | null; evidenceId: number | null; reason: string | null; reversesId: number | null; recordedByName: string; approvedByName: string | null;
  recordedAt: string; schemeVersion: number; reversed: boolean; hash: string;
};

export async function findEntries(db: Db, actor: Actor, schemeId: number, f: { orgId?: number; indicatorId?: number; channel?: string; page: number; pageSize: number }) {
  const s = await getScheme(db, actor, schemeId);
  const where = sql`e.scheme_id = ${schemeId} ${f.orgId ? sql`and e.org_id = ${f.orgId}` : sql``} ${f.indicatorId ? sql`and e.indicator_id = ${f.indicatorId}` : sql``}
    ${f.channel ? sql`and e.channel = ${f.channel}` : sql``} and (${scopeAt(actor, P.assessmentRead)} or ${await ownerSees(db, actor, s)})`;
  const [items, [{ n = 0 } = {}]] = await Promise.all([
    rows<LedgerRow>(db, sql`select e.id::int as id, e.seq, e.org_id as "orgId", o.name as "orgName", e.indicator_id as "indicatorId", i.code as "indicatorCode", i.name as "indicatorName",
        e.points::float8 as points, e.channel, e.evidence_kind as "evidenceKind", e.evidence_id as "evidenceId", e.reason, e.reverses_id::int as "reversesId",
        e.recorded_by_name as "recordedByName", e.approved_by_name as "approvedByName", e.recorded_at as "recordedAt", e.scheme_version as "schemeVersion",
        exists (select 1 from score_entries r where r.reverses_id = e.id) as reversed, left(e.hash, 12) as hash
      from score_entries e join orgs o on o.id = e.org_id join assessment_indicators i on i.id = e.indicator_id where ${where}
      order by e.seq desc limit ${f.pageSize} offset ${offset(f)}`),
    rows<{ n: number }>(db, sql`select count(*)::int as n from score_entries e join orgs o on o.id = e.org_id where ${where}`),
  ]);
  return { items, total: n };
}

/** A correction: the reversing entry, with a reason; the original stays. */
export async function reverseEntry(db: Db, actor: Actor, schemeId: number, entryId: number, reason: string) {
  const s = await getScheme(db, actor, schemeId, P.assessmentScore);
  return inTx(db, async (tx) => reverseIn(tx, actor, s.id, entryId, reason, false));
}

export async function reverseIn(tx: Db, actor: Actor, schemeId: number, entryId: number, reason: string, viaObjection: boolean) {
  const [e] = await tx.select().from(scoreEntries).where(and(eq(scoreEntries.id, entryId), eq(scoreEntries.schemeId, schemeId)));
  if (!e) throw errors.notFound('得分记录');
  const [done] = await rows(tx, sql`select 1 from score_entries where reverses_id = ${entryId}`);
  if (done) throw errors.alreadyDone('这条记录已经更正过');
  if (e.reversesId) throw errors.invalidState('更正记录不能再更正，请重新计分');
  const [r] = await appendEntries(tx, actor, schemeId, [{ orgId: e.orgId, indicatorId: e.indicatorId, points: -Number(e.points), channel: 'correction',
    evidenceKind: e.evidenceKind, evidenceId: e.evidenceId, reason: `更正第 ${e.seq} 条：${reason}`, reversesId: e.id }], { viaObjection });
  return r!;
}

export async function sumsOf(db: Db, schemeId: number, orgIds?: number[]) {
  const out = new Map<number, Map<number, number>>();
  if (orgIds && !orgIds.length) return out;
  for (const r of await rows<{ org_id: number; indicator_id: number; raw: number }>(db, sql`
    select org_id, indicator_id, raw::float8 as raw from score_sums where scheme_id = ${schemeId} ${orgIds ? sql`and org_id in ${orgIds}` : sql``}`)) {
    if (!out.has(r.org_id)) out.set(r.org_id, new Map());
    out.get(r.org_id)!.set(r.indicator_id, r.raw);
  }
  return out;
}

/** The ledger summed per org and indicator: what `score_sums` maintains, recomputed from the entries. */
export const ledgerSums = (schemeId: number) => sql`
  select org_id, indicator_id, min(county_id) as county_id, sum(points) as raw, count(*)::int as entries
  from score_entries where scheme_id = ${schemeId} group by org_id, indicator_id`;
