/**
 * The leaders' cockpit and the standard reports: figures read from each module's own service functions, so a
 * number on the cockpit is the number on the module's page. A figure the actor may not read is left out.
 */
import { can, type Actor } from '../../core/actor.js';
import type { Db } from '../../core/db.js';
import { AppError } from '../../core/errors.js';
import { today } from '../../core/paging.js';
import { P } from '../../core/permissions.js';
import { getOrgRow, orgFigures } from '../orgs/service.js';
import { memberFigures } from '../members/service.js';
import { complianceRollup } from '../meetings/service.js';
import { coverage } from '../training/service.js';
import { gradeRollup } from '../assessment/service.js';
import { itemsRollup } from '../inspections/service.js';
import { weakOrgRollup, weakOrgSummary } from '../weak-orgs/service.js';
import { coverageRollup } from '../nonpublic/service.js';
import { planProgress } from '../plans/service.js';

/** A figure the actor's roles do not reach is null rather than an error: the cockpit shows what each may see. */
async function maybe<T>(allowed: boolean, f: () => Promise<T>): Promise<T | null> {
  if (!allowed) return null;
  try {
    return await f();
  } catch (e) {
    if (e instanceof AppError && (e.status === 403 || e.status === 404)) return null;
    throw e;
  }
}

export async function cockpit(db: Db, actor: Actor, f: { under?: number; year?: number }) {
  const year = f.year ?? Number(today().slice(0, 4));
  const under = f.under ? await getOrgRow(db, actor, f.under, P.orgRead) : null;
  const u = under?.id;
  const [orgsF, membersF, compliance, workers, secretaries, grades, problems, weakSummary, weakByChild, nonpublic, plansF] = await Promise.all([
    maybe(can(actor, P.orgRead), () => orgFigures(db, actor, { under: u })),
    maybe(can(actor, P.memberRead), () => memberFigures(db, actor, { under: u })),
    maybe(can(actor, P.meetingRead), () => complianceRollup(db, actor, { under: u, year })),
    maybe(can(actor, P.trainingRead), () => coverage(db, actor, { under: u, year, targetGroup: 'party_workers' })),
    maybe(can(actor, P.trainingRead), () => coverage(db, actor, { under: u, year, targetGroup: 'village_secretaries' })),
    maybe(can(actor, P.assessmentRead), () => gradeRollup(db, actor, { year, under: u })),
    maybe(can(actor, P.problemRead), () => itemsRollup(db, actor, { under: u })),
    maybe(can(actor, P.problemRead), () => weakOrgSummary(db, actor, year)),
    maybe(can(actor, P.problemRead), () => weakOrgRollup(db, actor, { year, under: u })),
    maybe(can(actor, P.problemRead), () => coverageRollup(db, actor, { under: u })),
    maybe(can(actor, P.planRead), () => planProgress(db, actor, { year })),
  ]);
  const open = problems ? problems.byOrg.reduce((a, x) => a + x.open, 0) : null;
  const overdue = problems ? problems.byOrg.reduce((a, x) => a + x.overdue, 0) : null;
  return {
    year, asOf: today(), under: under && { id: under.id, name: under.name },
    orgs: orgsF, members: membersF,
    compliance: compliance && { rate: compliance.rate, items: compliance.items.map((x) => ({ id: x.id, name: x.name, rate: x.rate, missing: x.missing })) },
    training: workers && secretaries && {
      partyWorkers: { rate: workers.rate, target: workers.target, trained: workers.trained, satisfaction: workers.satisfaction },
      secretaries: { rate: secretaries.rate, target: secretaries.target, trained: secretaries.trained },
      items: workers.items.map((x) => ({ id: x.id, name: x.name, rate: x.rate, secretaries: secretaries.items.find((s) => s.id === x.id)?.rate ?? null })),
    },
    grades,
    problems: problems && { open, overdue, closed: problems.byOrg.reduce((a, x) => a + x.closed, 0), byStatus: problems.byStatus, byOrg: problems.byOrg.slice(0, 30) },
    weakOrgs: weakByChild && { summary: weakSummary, byChild: weakByChild, confirmed: weakByChild.reduce((a, x) => a + x.confirmed, 0) },
    nonpublic: nonpublic && { total: nonpublic.total, items: nonpublic.items, trend: nonpublic.trend.slice(-12) },
    plans: plansF,
  };
}
