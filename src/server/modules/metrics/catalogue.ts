/**
 * The metric catalogue a scheme's "platform data" indicators and a plan's targets may name. Each entry reads its
 * module's own service function (a rollup to the children of an org), so an assessed org's figure is the one its
 * module shows. It is a module of its own, above the modules it measures and below assessment and plans, which
 * read it: no measured module imports the one that scores it (docs/decisions/0013). docs/rules.md §8.1: outcomes of real work only — no logins, online time, study minutes or
 * participation counts; an indicator or target naming anything not listed here is refused.
 */
import type { Actor } from '../../core/actor.js';
import type { Db } from '../../core/db.js';
import { complianceRollup } from '../meetings/service.js';
import { floatingContactRollup } from '../meetings/metrics.js';
import { coverage } from '../training/service.js';
import { closureRollup } from '../inspections/service.js';
import { coverageRollup } from '../nonpublic/service.js';
import { venueRollup, incomeRollup } from '../weak-orgs/service.js';
import { FIGURES } from '../../../shared/figures.js';

type Rollup = (db: Db, actor: Actor, under: number, year: number) => Promise<{ id: number; rate: number | null }[]>;
/** The rate over the whole subtree of `under` (the figure of `under` itself, as a plan target reads it). */
type Total = (db: Db, actor: Actor, under: number, year: number) => Promise<number | null>;
export type MetricDef = { key: string; label: string; module: string; describe: string; rollup: Rollup; total: Total };

const ratio = (num: number, den: number) => (den ? num / den : null);
const sumOf = <T>(list: T[], f: (x: T) => number) => list.reduce((a, x) => a + f(x), 0);

export const METRICS: MetricDef[] = [
  { key: 'meeting_compliance_rate', label: '组织生活达标率', module: '组织生活', describe: '所属党支部按规则应开展的组织生活中已达标的比例',
    rollup: async (db, actor, under, year) => (await complianceRollup(db, actor, { under, year })).items,
    total: async (db, actor, under, year) => (await complianceRollup(db, actor, { under, year })).rate },
  { key: 'floating_contact_rate', label: '流动党员联系率', module: '组织生活', describe: '外出满 6 个月的流动党员（年末或截至今天）中，年内联系上的比例',
    rollup: (db, actor, under, year) => floatingContactRollup(db, actor, { under, year }),
    total: async (db, actor, under, year) => { const l = await floatingContactRollup(db, actor, { under, year }); return ratio(sumOf(l, (x) => x.reached), sumOf(l, (x) => x.away)); } },
  { key: 'party_worker_training_coverage', label: '党务工作者培训覆盖率', module: '干部教育培训', describe: '党务工作者年内参加党务工作者培训并结业的比例',
    rollup: async (db, actor, under, year) => (await coverage(db, actor, { under, year, targetGroup: 'party_workers' })).items,
    total: async (db, actor, under, year) => (await coverage(db, actor, { under, year, targetGroup: 'party_workers' })).rate },
  { key: 'secretary_training_coverage', label: '党组织书记培训覆盖率', module: '干部教育培训', describe: '党组织书记年内参加书记培训并结业的比例',
    rollup: async (db, actor, under, year) => (await coverage(db, actor, { under, year, targetGroup: 'secretaries' })).items,
    total: async (db, actor, under, year) => (await coverage(db, actor, { under, year, targetGroup: 'secretaries' })).rate },
  { key: 'rectification_closure_rate', label: FIGURES['problems.onTimeRate'].label, module: '督查与整改', describe: FIGURES['problems.onTimeRate'].meaning,
    rollup: (db, actor, under, year) => closureRollup(db, actor, { under, year }),
    total: async (db, actor, under, year) => { const l = await closureRollup(db, actor, { under, year }); return ratio(sumOf(l, (x) => x.onTime), sumOf(l, (x) => x.due)); } },
  { key: 'nonpublic_coverage_rate', label: FIGURES['nonpublic.eligibleRate'].label, module: '两新组织', describe: FIGURES['nonpublic.eligibleRate'].meaning,
    rollup: async (db, actor, under) => (await coverageRollup(db, actor, { under })).items.map((x) => ({ id: x.id, rate: x.eligibleRate })),
    total: async (db, actor, under) => (await coverageRollup(db, actor, { under })).total.eligibleRate },
  { key: 'village_venue_rate', label: FIGURES['villages.venueRate'].label, module: '问题整改', describe: FIGURES['villages.venueRate'].meaning,
    rollup: (db, actor, under, year) => venueRollup(db, actor, { under, year }),
    total: async (db, actor, under, year) => { const l = await venueRollup(db, actor, { under, year }); return ratio(sumOf(l, (x) => x.venues), sumOf(l, (x) => x.villages)); } },
  { key: 'village_income_rate', label: FIGURES['villages.incomeRate'].label, module: '问题整改', describe: FIGURES['villages.incomeRate'].meaning,
    rollup: (db, actor, under, year) => incomeRollup(db, actor, { under, year }),
    total: async (db, actor, under, year) => { const l = await incomeRollup(db, actor, { under, year }); return ratio(sumOf(l, (x) => x.reaching), sumOf(l, (x) => x.villages)); } },
];
export const METRIC_KEYS = new Set(METRICS.map((m) => m.key));

/** One metric for a set of orgs, each over its own subtree: one rollup per distinct parent. */
export async function metricValues(db: Db, actor: Actor, key: string, orgsList: { id: number; parentId: number }[], year: number): Promise<Map<number, number | null>> {
  const m = METRICS.find((x) => x.key === key);
  const out = new Map<number, number | null>();
  if (!m) return out;
  for (const parent of new Set(orgsList.map((o) => o.parentId))) {
    const items = await m.rollup(db, actor, parent, year);
    const byId = new Map(items.map((i) => [i.id, i.rate]));
    for (const o of orgsList) if (o.parentId === parent) out.set(o.id, byId.get(o.id) ?? null);
  }
  return out;
}

/** A metric's rate over an org's whole subtree in a year (null when nothing is counted yet). */
export async function metricTotal(db: Db, actor: Actor, key: string, orgId: number, year: number): Promise<number | null> {
  const m = METRICS.find((x) => x.key === key);
  if (!m) return null;
  return m.total(db, actor, orgId, year);
}
