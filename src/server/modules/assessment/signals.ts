/** What weak-org screening reads of the year's assessment (docs/decisions/0013: provided through its port). */
import { sql } from 'drizzle-orm';
import { screeningSignals } from '../weak-orgs/service.js';

/** Share of a choice counted as satisfied in a year-end ballot: choices scoring at least this part of the top choice (好, 较好). */
export const SATISFIED_SHARE = 0.8;

/**
 * For screening: CTEs `sat (org_id, rate, marks)` — per org, the share of year-end ballot marks in the year's
 * schemes that were satisfied — and `lastp (org_id, rank, size, group_key)` — orgs ranked last in their group
 * (of at least two) in the year's final results.
 */
export function screeningSignalsCtes(year: number, countyIds: number[]) {
  return sql`
    sat as (
      select bm.org_id, avg(case when (c.choices -> bm.choice ->> 'score')::numeric >= ${SATISFIED_SHARE} * mx.top then 1.0 else 0.0 end)::float8 as rate, count(*)::int as marks
      from ballot_campaigns c join assessment_schemes s on s.id = c.scheme_id and s.year = ${year} and s.county_id in ${countyIds}
        cross join lateral (select max((x ->> 'score')::numeric) as top from jsonb_array_elements(c.choices) x) mx
        join ballots b on b.campaign_id = c.id join ballot_marks bm on bm.ballot_id = b.id
      group by bm.org_id),
    fin as (
      select r.org_id, r.scheme_id, r.group_key, r.rank, count(*) over (partition by r.scheme_id, r.group_key)::int as size,
        max(r.rank) over (partition by r.scheme_id, r.group_key) as last_rank
      from assessment_results r join assessment_schemes s on s.id = r.scheme_id and s.year = ${year} and s.county_id in ${countyIds} and s.status = 'final'
      where r.stage = 'final'),
    lastp as (select org_id, min(rank) as rank, max(size) as size from fin where rank = last_rank and size >= 2 group by org_id)`;
}

screeningSignals.provide(screeningSignalsCtes);
