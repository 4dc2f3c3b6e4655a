/** What every training use case reads: the local clock, the counties the actor runs training in, the rule values in force. */
import type { Actor } from '../../core/actor.js';
import type { Db } from '../../core/db.js';
import { today } from '../../core/paging.js';
import { P } from '../../core/permissions.js';
import { ruleValuesAt } from '../orgs/service.js';
import { DEFAULT_ANNUAL_HOURS, DEFAULT_LEAVE_LIMIT } from './rules.js';

export const num = (x: string | number | null | undefined) => (x === null || x === undefined ? 0 : Number(x));

/** Local (Asia/Shanghai) date and minutes of day, the clock sessions are planned in. */
export function localNow(nowMs = Date.now()) {
  const d = new Date(nowMs + 8 * 3600_000);
  return { date: d.toISOString().slice(0, 10), minutes: d.getUTCHours() * 60 + d.getUTCMinutes() };
}

/** Counties in which the actor holds a permission: training is run county-wide by the organisation department. */
export const countiesOf = (actor: Actor, perm: typeof P.trainingRead | typeof P.trainingManage | typeof P.trainingNominate) =>
  [...new Set(actor.assignments.filter((a) => a.permissions.includes(perm)).map((a) => a.countyId))];

export async function rulesOf(db: Db, on = today()) {
  const v = await ruleValuesAt(db, { trainingLeaveLimit: DEFAULT_LEAVE_LIMIT, studyHoursMember: DEFAULT_ANNUAL_HOURS.member,
    studyHoursSecretary: DEFAULT_ANNUAL_HOURS.secretary, studyHoursCadre: DEFAULT_ANNUAL_HOURS.cadre }, on);
  return { leaveLimit: v.trainingLeaveLimit, hours: { member: v.studyHoursMember, secretary: v.studyHoursSecretary, cadre: v.studyHoursCadre } };
}
