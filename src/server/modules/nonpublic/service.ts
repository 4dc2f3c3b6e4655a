import { and, eq, sql } from 'drizzle-orm';
import { require, rollupKey, scopeOf, type Actor, scopeAt } from '../../core/actor.js';
import { audit } from '../../core/audit.js';
import { inTx, rows, type Db } from '../../core/db.js';
import { errors } from '../../core/errors.js';
import { checkUscc } from '../../core/idcard.js';
import { contains, offset, today } from '../../core/paging.js';
import { P, type Permission } from '../../core/permissions.js';
import { getOrgRow } from '../orgs/service.js';
import { nameIfVisible } from '../inspections/service.js';
import { nonpublicEntities, nonpublicSnapshots, type CoverKind } from './tables.js';
import type { EntityKind, EntitySize } from '../../../shared/codes.js';

/** An entity with at least this many party members must have its own party org (《中国共产党章程》第三十条). */
export const MIN_MEMBERS_FOR_ORG = 3;


/** The orgs an entity can belong to: a township or sector committee (or the county committee itself). */
const OWNER_TYPES = ['county_committee', 'sector_committee', 'township_committee'];

export type EntityInput = {
  ownerOrgId: number; name: string; uscc?: string | null; acceptBadUscc?: boolean; kind: 'enterprise' | 'social_org'; size: 'large' | 'medium' | 'small' | 'micro';
  industry?: string | null; employees: number; partyMembers: number; coverKind: CoverKind; partyOrgId?: number | null; liaison?: string | null; address?: string | null;
};

/**
 * The checks of an entity: a GB 32100 credit code (a wrong check character is refused unless the user confirms
 * it is an early pilot code, which is then kept with a warning), members not above employees, a covering org in scope.
 */
async function checked(db: Db, actor: Actor, input: EntityInput) {
  require(actor, P.problemRegister);
  const owner = await getOrgRow(db, actor, input.ownerOrgId, P.problemRegister).catch(() => { throw errors.field('ownerOrgId', '所属党（工）委不存在或不在您的管理范围内'); });
  if (!OWNER_TYPES.includes(owner.orgType)) throw errors.field('ownerOrgId', '所属单位应为乡镇（街道）党（工）委或行业党委');
  let usccWarning: string | null = null;
  const uscc = input.uscc?.trim().toUpperCase() || null;
  if (uscc) {
    const problem = checkUscc(uscc);
    if (problem) {
      if (problem !== '校验位不正确' || !input.acceptBadUscc) throw errors.field('uscc', `统一社会信用代码${problem}${problem === '校验位不正确' ? '（早期试点代码确认无误的，可勾选“保留该代码”）' : ''}`);
      usccWarning = '校验位不正确（用户确认保留）';
    }
  }
  if (input.partyMembers > input.employees) throw errors.field('partyMembers', '党员人数不能多于从业人员数');
  if (input.coverKind !== 'none') {
    if (!input.partyOrgId) throw errors.field('partyOrgId', '已建党组织的，请选择所在党组织');
    await getOrgRow(db, actor, input.partyOrgId, P.problemRead).catch(() => { throw errors.field('partyOrgId', '党组织不存在或不在您的管理范围内'); });
  }
  return { owner, values: { ...input, uscc, usccWarning, acceptBadUscc: undefined, partyOrgId: input.coverKind === 'none' ? null : input.partyOrgId ?? null,
    industry: input.industry ?? null, liaison: input.liaison ?? null, address: input.address ?? null } };
}

export async function createEntity(db: Db, actor: Actor, input: EntityInput) {
  const { owner, values } = await checked(db, actor, input);
  if (values.uscc) {
    const [dup] = await db.select({ id: nonpublicEntities.id }).from(nonpublicEntities).where(and(eq(nonpublicEntities.uscc, values.uscc), eq(nonpublicEntities.active, true)));
    if (dup) throw errors.field('uscc', '该统一社会信用代码已登记');
  }
  return inTx(db, async (tx) => {
    const { acceptBadUscc: _, ...v } = values;
    const [e] = await tx.insert(nonpublicEntities).values({ ...v, countyId: owner.countyId }).returning();
    await audit(tx, actor, { action: 'create', entity: 'nonpublic_entity', entityId: e!.id, orgId: owner.id, after: e });
    return e!;
  });
}

async function entityRow(db: Db, actor: Actor, id: number, perm: Permission) {
  require(actor, perm);
  const [e] = await rows<Pick<typeof nonpublicEntities.$inferSelect, 'id' | 'ownerOrgId' | 'version' | 'active'>>(db, sql`select e.id, e.owner_org_id as "ownerOrgId", e.version, e.active from nonpublic_entities e
    join orgs o on o.id = e.owner_org_id where e.id = ${id} and ${scopeAt(actor, perm)}`);
  if (!e) throw errors.notFound('两新组织');
  return e;
}

export async function updateEntity(db: Db, actor: Actor, id: number, input: EntityInput & { version: number; active?: boolean }) {
  const before = await entityRow(db, actor, id, P.problemRegister);
  if (before.version !== input.version) throw errors.stale();
  const { owner, values } = await checked(db, actor, input);
  return inTx(db, async (tx) => {
    const { acceptBadUscc: _, version: __, ...v } = values as typeof values & { version: number };
    const [after] = await tx.update(nonpublicEntities).set({ ...v, active: input.active ?? true, updatedAt: new Date(), version: sql`${nonpublicEntities.version} + 1` })
      .where(and(eq(nonpublicEntities.id, id), eq(nonpublicEntities.version, input.version))).returning();
    if (!after) throw errors.stale();
    await audit(tx, actor, { action: 'update', entity: 'nonpublic_entity', entityId: id, orgId: owner.id, before, after });
    return after;
  });
}

export type EntityFilter = { under?: number; kind?: 'enterprise' | 'social_org'; coverKind?: CoverKind; worklist?: boolean; keyword?: string; page: number; pageSize: number };

/** An entity as listed; its party org is named where the actor's scope reaches it (null: none). */
export type EntityListRow = {
  id: number; ownerOrgId: number; ownerName: string; name: string; uscc: string | null; usccWarning: string | null; kind: EntityKind; size: EntitySize;
  industry: string | null; employees: number; partyMembers: number; coverKind: CoverKind; partyOrgId: number | null; partyOrgName: string | null;
  liaison: string | null; address: string | null; version: number; updatedAt: string;
};

/** The register in scope; `worklist`: entities with 3 or more party members and no party org. */
export async function findEntities(db: Db, actor: Actor, f: EntityFilter) {
  require(actor, P.problemRead);
  const underPath = f.under ? (await getOrgRow(db, actor, f.under, P.problemRead)).path : null;
  const where = sql`e.active and ${scopeAt(actor, P.problemRead)} ${underPath ? sql`and o.path like ${underPath + '%'}` : sql``}
    ${f.kind ? sql`and e.kind = ${f.kind}` : sql``} ${f.coverKind ? sql`and e.cover_kind = ${f.coverKind}` : sql``}
    ${f.worklist ? sql`and e.cover_kind = 'none' and e.party_members >= ${MIN_MEMBERS_FOR_ORG}` : sql``}
    ${f.keyword ? sql`and (e.name ilike ${contains(f.keyword)} or e.uscc ilike ${contains(f.keyword)})` : sql``}`;
  const [items, [{ n = 0 } = {}]] = await Promise.all([
    rows<EntityListRow>(db, sql`select e.id, e.owner_org_id as "ownerOrgId", o.name as "ownerName", e.name, e.uscc, e.uscc_warning as "usccWarning", e.kind, e.size, e.industry,
        e.employees, e.party_members as "partyMembers", e.cover_kind as "coverKind", e.party_org_id as "partyOrgId", ${nameIfVisible(actor, 'g', '联合党组织')} as "partyOrgName", e.liaison, e.address,
        e.version, e.updated_at as "updatedAt"
      from nonpublic_entities e join orgs o on o.id = e.owner_org_id left join orgs g on g.id = e.party_org_id
      where ${where} order by ${f.worklist ? sql`e.party_members desc, e.name` : sql`o.path, e.name`} limit ${f.pageSize} offset ${offset(f)}`),
    rows<{ n: number }>(db, sql`select count(*)::int as n from nonpublic_entities e join orgs o on o.id = e.owner_org_id where ${where}`),
  ]);
  return { items, total: n };
}

const COVER_SUMS = sql`count(*)::int as entities, count(*) filter (where e.cover_kind <> 'none')::int as covered,
  count(*) filter (where e.party_members >= ${MIN_MEMBERS_FOR_ORG})::int as eligible,
  count(*) filter (where e.party_members >= ${MIN_MEMBERS_FOR_ORG} and e.cover_kind <> 'none')::int as "eligibleCovered"`;
type Cover = { entities: number; covered: number; eligible: number; eligibleCovered: number };
const rates = <T extends Cover>(x: T) => ({ ...x, rate: x.entities ? x.covered / x.entities : null, eligibleRate: x.eligible ? x.eligibleCovered / x.eligible : null });

/** Coverage by child of `under` (township, sector) and in total, with the monthly trend from the snapshots. */
export async function coverageRollup(db: Db, actor: Actor, f: { under?: number; kind?: 'enterprise' | 'social_org' }) {
  require(actor, P.problemRead);
  const under = f.under ? await getOrgRow(db, actor, f.under, P.problemRead) : null;
  const key = rollupKey(scopeOf(actor, P.problemRead), under?.path ?? null, sql`o.path`, sql`o.id`);
  const where = sql`e.active and ${scopeAt(actor, P.problemRead)} ${under ? sql`and o.path like ${under.path + '%'}` : sql``} ${f.kind ? sql`and e.kind = ${f.kind}` : sql``}`;
  const [items, [total], trend] = await Promise.all([
    rows<Cover & { id: number; name: string }>(db, sql`with per as (select ${key} as child, ${COVER_SUMS}
        from nonpublic_entities e join orgs o on o.id = e.owner_org_id where ${where} group by 1)
      select g.id, g.name, per.entities, per.covered, per.eligible, per."eligibleCovered" from per join orgs g on g.id = per.child order by g.path`),
    rows<Cover>(db, sql`select ${COVER_SUMS} from nonpublic_entities e join orgs o on o.id = e.owner_org_id where ${where}`),
    f.kind ? Promise.resolve([]) : rows<Cover & { month: string }>(db, sql`select s.month::text as month, sum(s.entities)::int as entities, sum(s.covered)::int as covered,
        sum(s.eligible)::int as eligible, sum(s.eligible_covered)::int as "eligibleCovered"
      from nonpublic_snapshots s join orgs o on o.id = s.owner_org_id where ${scopeAt(actor, P.problemRead)} ${under ? sql`and o.path like ${under.path + '%'}` : sql``}
      group by s.month order by s.month`),
  ]);
  return { under: under && { id: under.id, name: under.name }, total: rates(total!), items: items.map(rates), trend: trend.map(rates) };
}

/** The month-end snapshot per owner org (idempotent: the current month is rewritten until it ends). */
export async function snapshotCoverage(db: Db, on = today()) {
  const month = `${on.slice(0, 7)}-01`;
  await inTx(db, async (tx) => {
    await tx.delete(nonpublicSnapshots).where(eq(nonpublicSnapshots.month, month));
    await tx.execute(sql`insert into nonpublic_snapshots (month, owner_org_id, county_id, entities, covered, eligible, eligible_covered)
      select ${month}::date, e.owner_org_id, e.county_id, count(*), count(*) filter (where e.cover_kind <> 'none'),
        count(*) filter (where e.party_members >= ${MIN_MEMBERS_FOR_ORG}), count(*) filter (where e.party_members >= ${MIN_MEMBERS_FOR_ORG} and e.cover_kind <> 'none')
      from nonpublic_entities e where e.active group by e.owner_org_id, e.county_id`);
  });
}
