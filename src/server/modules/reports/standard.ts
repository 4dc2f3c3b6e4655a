/**
 * 标准报表: the tables a county sends upward, generated from the live records (docs/rules.md §8.5: never typed in),
 * each headed with the scope and the date it covers.
 */
import ExcelJS from '../../core/exceljs.js';
import type { Actor } from '../../core/actor.js';
import type { Db } from '../../core/db.js';
import { errors } from '../../core/errors.js';
import { today } from '../../core/paging.js';
import { P } from '../../core/permissions.js';
import { getOrgRow, orgFigures } from '../orgs/service.js';
import { memberFigures } from '../members/service.js';
import { complianceRollup } from '../meetings/service.js';
import { coverage } from '../training/service.js';
import { itemsRollup } from '../inspections/service.js';
import { weakOrgRollup } from '../weak-orgs/service.js';
import { coverageRollup } from '../nonpublic/service.js';
import { findTasks } from '../plans/service.js';
import { FIGURES } from '../../../shared/figures.js';

type Cell = string | number | null;
type Table = { head: string[]; rows: Cell[][]; widths?: number[] };
type Report = { key: string; title: string; describe: string; perm: (typeof P)[keyof typeof P]; build: (db: Db, actor: Actor, under: number | undefined, year: number) => Promise<Table> };

const pct = (r: number | null | undefined) => (r === null || r === undefined ? null : Math.round(r * 1000) / 10);
/** The 合计 row: every numeric column summed (a table without rows has the label alone). */
const sumRow = (label: string, rows: Cell[][]): Cell[] =>
  [label, ...(rows[0]?.slice(1).map((_, i) => rows.reduce<number>((a, r) => a + (typeof r[i + 1] === 'number' ? (r[i + 1] as number) : 0), 0)) ?? [])];

export const REPORTS: Report[] = [
  { key: 'org-members', title: '党组织和党员基本情况统计表', describe: '按下级单位统计党组织数、党支部数和党员构成', perm: P.memberRead,
    build: async (db, actor, under) => {
      const [o, m] = await Promise.all([orgFigures(db, actor, { under }), memberFigures(db, actor, { under })]);
      // one row per unit that has orgs or members; the selected org's own row (a township committee counts itself) is 本级
      const ids = [...new Set([...o.byChild.map((x) => x.id), ...m.byChild.map((x) => x.id)])];
      const rows: Cell[][] = ids.map((id) => {
        const og = o.byChild.find((y) => y.id === id);
        const x = m.byChild.find((y) => y.id === id);
        const name = (og ?? x)!.name;
        return [id === under ? `（本级）${name}` : name, og?.orgs ?? 0, og?.branches ?? 0, x?.total ?? 0, x?.probationary ?? 0, x?.women ?? 0,
          x?.under35 ?? 0, x?.over60 ?? 0, x?.floating ?? 0, x?.lostContact ?? 0];
      });
      const F = FIGURES;
      return { head: ['单位', F['orgs.grassroots'].label, F['orgs.branches'].label, F['members.total'].label, F['members.probationary'].label,
        F['members.women'].label, F['members.young'].label, F['members.old'].label, F['members.floating'].label, F['members.lostContact'].label],
      rows: [...rows, sumRow('合计', rows)], widths: [34] };
    } },
  { key: 'org-life', title: '组织生活开展情况统计表', describe: '“三会一课”等组织生活按规则应开展和已达标情况', perm: P.meetingRead,
    build: async (db, actor, under, year) => {
      const c = await complianceRollup(db, actor, { under, year });
      const rows: Cell[][] = c.items.map((x) => [x.name, x.branches, x.counted, x.done, x.missing, pct(x.rate)]);
      return { head: ['单位', '党支部数', '应开展（期次）', '已达标', '未达标', '达标率%'], rows: [...rows, [...sumRow('合计', rows).slice(0, 5), pct(c.rate)]], widths: [34] };
    } },
  { key: 'training', title: '党员干部教育培训情况统计表', describe: '党务工作者和村党组织书记的培训覆盖', perm: P.trainingRead,
    build: async (db, actor, under, year) => {
      const [w, s] = await Promise.all([coverage(db, actor, { under, year, targetGroup: 'party_workers' }), coverage(db, actor, { under, year, targetGroup: 'village_secretaries' })]);
      const rows: Cell[][] = w.items.map((x) => { const y = s.items.find((z) => z.id === x.id); return [x.name, x.target, x.trained, pct(x.rate), y?.target ?? 0, y?.trained ?? 0, pct(y?.rate)]; });
      return { head: ['单位', '党务工作者', '已培训', '覆盖率%', '村党组织书记', '已培训', '覆盖率%'],
        rows: [...rows, ['合计', w.target, w.trained, pct(w.rate), s.target, s.trained, pct(s.rate)]], widths: [34] };
    } },
  { key: 'rectification', title: '问题整改情况统计表', describe: '各来源问题的整改、逾期和销号情况', perm: P.problemRead,
    build: async (db, actor, under) => {
      const r = await itemsRollup(db, actor, { under });
      const rows: Cell[][] = r.byOrg.map((x) => [x.name, x.total, x.open, x.overdue, x.closed, pct(x.total ? x.closed / x.total : null)]);
      const total = sumRow('合计', rows);
      return { head: ['单位', '问题总数', '未完成', '其中逾期', '已销号', '销号率%'], rows: [...rows, [...total.slice(0, 5), pct(Number(total[1]) ? Number(total[4]) / Number(total[1]) : null)]], widths: [34] };
    } },
  { key: 'weak-orgs', title: '软弱涣散基层党组织整顿情况表', describe: '年内认定和整顿销号情况', perm: P.problemRead,
    build: async (db, actor, under, year) => {
      const r = await weakOrgRollup(db, actor, { year, under });
      const rows: Cell[][] = r.map((x) => [x.name, x.confirmed, x.closed, x.confirmed - x.closed]);
      return { head: ['单位', '认定数', '已整顿销号', '整顿中'], rows: [...rows, sumRow('合计', rows)], widths: [34] };
    } },
  { key: 'nonpublic', title: '非公有制企业和社会组织党建工作覆盖情况统计表', describe: '两新组织党组织覆盖（3 名以上党员的单位应建尽建）', perm: P.problemRead,
    build: async (db, actor, under) => {
      const c = await coverageRollup(db, actor, { under });
      const rows: Cell[][] = c.items.map((x) => [x.name, x.entities, x.covered, pct(x.rate), x.eligible, x.eligibleCovered, pct(x.eligibleRate)]);
      return { head: ['单位', '两新组织数', '已覆盖', `${FIGURES['nonpublic.coverage'].label}%`, '党员 3 名以上', '其中已建', `${FIGURES['nonpublic.eligibleRate'].label}%`],
        rows: [...rows, ['合计', c.total.entities, c.total.covered, pct(c.total.rate), c.total.eligible, c.total.eligibleCovered, pct(c.total.eligibleRate)]], widths: [34] };
    } },
  { key: 'plan-tasks', title: '规划任务推进情况表', describe: '交办任务的进度、逾期和办结情况', perm: P.planRead,
    build: async (db, actor, under) => {
      const { items } = await findTasks(db, actor, { under, page: 1, pageSize: 100_000 });
      type T = { planTitle: string; title: string; orgName: string; deadline: string; percent: number; status: string; overdue: boolean };
      const label = { open: '推进中', done: '待办结', closed: '已办结' } as Record<string, string>;
      return { head: ['规划', '任务', '责任单位', '完成时限', '进度%', '状态', '逾期'],
        rows: (items as T[]).map((t) => [t.planTitle, t.title, t.orgName, t.deadline, t.percent, label[t.status] ?? t.status, t.overdue ? '是' : '']), widths: [28, 40, 30, 12] };
    } },
];

export function listReports(actor: Actor) {
  return REPORTS.filter((r) => actor.assignments.some((a) => a.permissions.includes(r.perm))).map(({ key, title, describe }) => ({ key, title, describe }));
}

/** One report as an .xlsx: title, scope and date lines above the table. */
export async function buildReport(db: Db, actor: Actor, key: string, f: { under?: number; year?: number }) {
  const r = REPORTS.find((x) => x.key === key);
  if (!r) throw errors.notFound('报表');
  const year = f.year ?? Number(today().slice(0, 4));
  const under = f.under ? await getOrgRow(db, actor, f.under, P.orgRead) : null;
  const scopeName = under?.name ?? (await rootName(db, actor));
  const t = await r.build(db, actor, under?.id, year);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(r.title.slice(0, 31));
  ws.addRow([r.title]).font = { bold: true, size: 14 };
  ws.mergeCells(1, 1, 1, t.head.length);
  ws.getRow(1).alignment = { horizontal: 'center' };
  ws.addRow([`统计范围：${scopeName}　统计年度：${year}　数据截至：${today()}　（由平台根据业务记录生成）`]);
  ws.mergeCells(2, 1, 2, t.head.length);
  const head = ws.addRow(t.head);
  head.font = { bold: true };
  head.eachCell((c) => { c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFDE9E7' } }; c.border = { bottom: { style: 'thin' } }; });
  for (const row of t.rows) ws.addRow(row);
  t.head.forEach((h, i) => { ws.getColumn(i + 1).width = t.widths?.[i] ?? Math.max(10, h.length * 2 + 2); });
  return { name: `${r.title}-${scopeName}-${today()}.xlsx`, title: r.title, scopeName, year, table: t, buffer: Buffer.from(await wb.xlsx.writeBuffer()) };
}

async function rootName(db: Db, actor: Actor) {
  const a = actor.assignments.find((x) => x.orgId);
  if (!a?.orgId) return '';
  return (await getOrgRow(db, actor, a.orgId, P.orgRead).catch(() => null))?.name ?? '';
}
