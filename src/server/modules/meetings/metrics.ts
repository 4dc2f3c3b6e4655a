/**
 * Metrics that the assessment engine may call by name. Each is computed from the records themselves
 * (docs/rules.md §8: outcomes of real work, never activity counts such as logins).
 */
import type { Actor } from '../../core/actor.js';
import type { Db } from '../../core/db.js';
import { getCompliance, memberParticipation } from './service.js';
import { rows } from '../../core/db.js';
import { sql } from 'drizzle-orm';
import { orgScopeSql, require, rollupKey, scopeOf } from '../../core/actor.js';
import { P } from '../../core/permissions.js';
import { getOrgRow } from '../orgs/service.js';
import { addMonths } from '../orgs/rules.js';
import { yearAsOf } from '../../core/paging.js';
import { FLOATING_MIN_MONTHS } from '../../../shared/figures.js';

export type OrgMetric = (db: Db, actor: Actor, orgId: number, year: number) => Promise<number | null>;

export const ORG_METRICS: Record<string, { label: string; compute: OrgMetric }> = {
  meeting_compliance_rate: {
    label: '组织生活达标率',
    compute: async (db, actor, orgId, year) => (await getCompliance(db, actor, orgId, year)).rate,
  },
  member_participation_rate: {
    label: '党员参加组织生活率',
    compute: async (db, actor, orgId, year) => {
      await getCompliance(db, actor, orgId, year); // the scope check first, and a branch only
      const [r] = await rows<{ listed: number; present: number }>(db, sql`
        select count(*)::int as listed, count(*) filter (where a.status = 'present')::int as present
        from meeting_attendance a join meetings mt on mt.id = a.meeting_id
        where mt.org_id = ${orgId} and mt.status = 'submitted' and mt.held_on between ${`${year}-01-01`} and ${`${year}-12-31`}`);
      return r && r.listed ? r.present / r.listed : null;
    },
  },
  floating_contact_rate: {
    label: '流动党员联系率',
    /** Of the org's floating members (away six months or more at the year's end or today), the share reached at least once in the year. */
    compute: async (db, actor, orgId, year) => {
      await getCompliance(db, actor, orgId, year); // the scope check first, and a branch only
      const { end, awaySince } = floatingAsOf(year);
      const [r] = await rows<{ away: number; reached: number }>(db, sql`
        select count(distinct f.member_id)::int as away,
          count(distinct f.member_id) filter (where exists (select 1 from member_contacts c where c.member_id = f.member_id and c.reached
            and c.contacted_on between ${`${year}-01-01`} and ${end}))::int as reached
        from floating_register f where f.org_id = ${orgId} and f.direction = 'outflow' and f.since <= ${awaySince}
          and (f.ended_on is null or f.ended_on > ${end})`);
      return r && r.away ? r.reached / r.away : null;
    },
  },
};

export { memberParticipation };

/**
 * The floating population of a year (figure members.floating): taken at the year's end, or today in the current
 * year; counted once away for six months by then.
 */
export function floatingAsOf(year: number) {
  const end = yearAsOf(year);
  return { end, awaySince: addMonths(end, -FLOATING_MIN_MONTHS) };
}

/**
 * Floating members reached in the year, rolled up to the children of `under` (or the tops of the actor's scope):
 * of the members away at the year's end, the share contacted and reached at least once in the year.
 */
export async function floatingContactRollup(db: Db, actor: Actor, f: { under?: number; year: number }) {
  require(actor, P.meetingRead);
  const under = f.under ? await getOrgRow(db, actor, f.under, P.meetingRead) : null;
  const scope = scopeOf(actor, P.meetingRead);
  const key = rollupKey(scope, under?.path ?? null, sql`o.path`, sql`o.id`);
  const { end, awaySince } = floatingAsOf(f.year);
  const items = await rows<{ id: number; away: number; reached: number }>(db, sql`
    with per as (
      select ${key} as child, count(distinct fr.member_id)::int as away,
        count(distinct fr.member_id) filter (where exists (select 1 from member_contacts c where c.member_id = fr.member_id and c.reached
          and c.contacted_on between ${`${f.year}-01-01`} and ${end}))::int as reached
      from floating_register fr join orgs o on o.id = fr.org_id
      where fr.direction = 'outflow' and fr.since <= ${awaySince} and (fr.ended_on is null or fr.ended_on > ${end})
        and ${orgScopeSql(scope, { countyId: sql`o.county_id`, path: sql`o.path`, id: sql`o.id` })}
        ${under ? sql`and o.path like ${under.path + '%'}` : sql``}
      group by 1)
    select child as id, away, reached from per`);
  return items.map((x) => ({ ...x, rate: x.away ? x.reached / x.away : null }));
}
