/**
 * The metric catalogue a scheme's "platform data" indicators may name. Each entry reads its module's own
 * service function (a rollup to the children of an org), so an assessed org's figure is the one its
 * module shows. RULES.md §8.1: outcomes of real work only — no logins, online time, study minutes or
 * participation counts; an indicator naming anything not listed here is refused (rules.validateTree).
 */
import type { Actor } from '../../core/actor.js';
import type { Db } from '../../core/db.js';
import { complianceRollup } from '../meetings/service.js';
import { floatingContactRollup } from '../meetings/metrics.js';
import { coverage } from '../training/service.js';
import { closureRollup } from '../inspections/service.js';

type Rollup = (db: Db, actor: Actor, under: number, year: number) => Promise<{ id: number; rate: number | null }[]>;
export type MetricDef = { key: string; label: string; module: string; describe: string; rollup: Rollup };

export const METRICS: MetricDef[] = [
  { key: 'meeting_compliance_rate', label: '组织生活达标率', module: '组织生活', describe: '所属党支部按规则应开展的组织生活中已达标的比例',
    rollup: async (db, actor, under, year) => (await complianceRollup(db, actor, { under, year })).items },
  { key: 'floating_contact_rate', label: '流动党员联系率', module: '组织生活', describe: '年末在外流动的党员中，年内联系上的比例',
    rollup: (db, actor, under, year) => floatingContactRollup(db, actor, { under, year }) },
  { key: 'party_worker_training_coverage', label: '党务工作者培训覆盖率', module: '干部教育培训', describe: '党务工作者年内参加党务工作者培训并结业的比例',
    rollup: async (db, actor, under, year) => (await coverage(db, actor, { under, year, targetGroup: 'party_workers' })).items },
  { key: 'secretary_training_coverage', label: '党组织书记培训覆盖率', module: '干部教育培训', describe: '党组织书记年内参加书记培训并结业的比例',
    rollup: async (db, actor, under, year) => (await coverage(db, actor, { under, year, targetGroup: 'secretaries' })).items },
  { key: 'rectification_closure_rate', label: '问题整改按期完成率', module: '督查与整改', describe: '整改期限在年内的问题中，按期验收通过的比例',
    rollup: (db, actor, under, year) => closureRollup(db, actor, { under, year }) },
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
