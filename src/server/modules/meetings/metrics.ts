/**
 * Metrics that the assessment engine may call by name. Each is computed from the records themselves
 * (RULES.md §8: outcomes of real work, never activity counts such as logins).
 */
import type { Actor } from '../../core/actor.js';
import type { Db } from '../../core/db.js';
import { getCompliance, memberParticipation } from './service.js';
import { rows } from '../../core/db.js';
import { sql } from 'drizzle-orm';

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
};

export { memberParticipation };
