/**
 * The mid-term review's evidence pack (迎检材料): a Word report, a spreadsheet of the targets and figures, and
 * the evidence files, in one .zip that inspectors can read offline.
 */
import { AlignmentType, Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import JSZip from 'jszip';
import ExcelJS from '../../core/exceljs.js';
import type { Actor } from '../../core/actor.js';
import type { Db } from '../../core/db.js';
import { readStoredFile } from '../meetings/service.js';
import { ASPECT_LABELS, evidenceRows, RATING_LABELS } from './review.js';
import { formatValue, GAP_LABELS } from './rules.js';

const TITLE_FONT = '方正小标宋简体';
const BODY_FONT = '仿宋_GB2312';
const HEI = '黑体';
const SIZE = { title: 44, body: 32, table: 21 };

const para = (text: string, opts: { font?: string; indent?: boolean; align?: (typeof AlignmentType)[keyof typeof AlignmentType] } = {}) => new Paragraph({
  alignment: opts.align ?? AlignmentType.JUSTIFIED, spacing: { line: 560, lineRule: 'exact' }, indent: opts.indent === false ? undefined : { firstLine: 640 },
  children: [new TextRun({ text, font: opts.font ?? BODY_FONT, size: SIZE.body })],
});
const cell = (text: string, bold = false) => new TableCell({ children: [new Paragraph({ children: [new TextRun({ text, font: bold ? HEI : BODY_FONT, size: SIZE.table, bold })] })] });
const table = (head: string[], body: string[][]) => new Table({ width: { size: 100, type: WidthType.PERCENTAGE },
  rows: [new TableRow({ tableHeader: true, children: head.map((h) => cell(h, true)) }), ...body.map((r) => new TableRow({ children: r.map((c) => cell(c)) }))] });

type Pack = Awaited<ReturnType<typeof evidenceRows>>;
const NUM = '一二三四五六七八九十';

export async function reviewDocx(p: Pack): Promise<Buffer> {
  const gaps = p.lines.filter((l) => l.category);
  const doc = new Document({
    creator: p.ownerName, title: p.review.title,
    sections: [{ properties: { page: { margin: { top: 2098, bottom: 1984, left: 1588, right: 1474 } } }, children: [
      new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 400, line: 700, lineRule: 'exact' }, children: [new TextRun({ text: p.review.title, font: TITLE_FONT, size: SIZE.title })] }),
      para(`${p.ownerName}　评估基准日：${p.review.asOf}　规划：${p.review.planTitle}`, { indent: false, align: AlignmentType.CENTER }),
      para(`${NUM[0]}、总体情况`, { font: HEI, indent: false }),
      para(`本规划共有指标和任务 ${p.lines.length} 项，其中进度正常或已达标 ${p.summary.ready} 项；待整改 ${p.summary.rectify} 项、待完善 ${p.summary.improve} 项、待落实 ${p.summary.do} 项，已交办整改 ${p.summary.acted} 项。以下数据取自平台业务记录，未经人工填报。`),
      para(`${NUM[1]}、指标完成情况`, { font: HEI, indent: false }),
      table(['方面', '指标', '责任单位', '目标', '当前', '按进度应达', '状态'], p.lines.filter((l) => l.kind === 'target').map((l) => [
        l.aspect ? ASPECT_LABELS[l.aspect] : '', l.title, l.orgName, formatValue(l.target, l.unit), formatValue(l.value, l.unit), formatValue(l.expected, l.unit), l.statusLabel])),
      ...(p.revisions.length ? [para('指标调整情况：', { indent: false }), ...p.revisions.map((v, i) => para(`${i + 1}. ${revisionText(v)}`))] : []),
      para(`${NUM[2]}、存在差距和整改安排`, { font: HEI, indent: false }),
      ...(gaps.length ? gaps.map((l, i) => para(`${i + 1}. 【${GAP_LABELS[l.category!]}】${l.title}（${l.orgName}）：${l.gap}${l.action ? `。已转为${l.action.rectificationItemId ? `整改事项（编号 ${l.action.rectificationItemId}）` : `任务（编号 ${l.action.taskId}）`}` : ''}`))
        : [para('无。')]),
      para(`${NUM[3]}、责任单位自评`, { font: HEI, indent: false }),
      ...p.selves.flatMap((s) => s.latest
        ? [para(`${s.orgName}（自评：${RATING_LABELS[s.latest.rating]}）`, { font: HEI }), para(`主要成效：${s.latest.achievements}`), para(`存在不足：${s.latest.shortfalls}`), para(`下步打算：${s.latest.nextSteps}`)]
        : [para(`${s.orgName}：尚未提交自评。`)]),
      para(`${NUM[4]}、佐证材料`, { font: HEI, indent: false }),
      ...(p.files.length ? p.files.map((f, i) => para(`${i + 1}. ${f.orgName}：${f.name}（见附件文件夹）`)) : [para('无。')]),
    ] }],
  });
  return Packer.toBuffer(doc);
}

/** What an adjustment changed, in words: 目标值由 95% 调整为 98%. */
function revisionChanges(v: Pack['revisions'][number]) {
  return [
    v.before.title !== v.after.title ? `名称由“${v.before.title}”改为“${v.after.title}”` : '',
    v.before.targetValue !== v.after.targetValue ? `目标值由 ${formatValue(v.before.targetValue, v.unit)} 调整为 ${formatValue(v.after.targetValue, v.unit)}` : '',
    v.before.baseline !== v.after.baseline ? `基期值由 ${formatValue(v.before.baseline, v.unit)} 调整为 ${formatValue(v.after.baseline, v.unit)}` : '',
  ].filter(Boolean).join('，');
}
const revisionText = (v: Pack['revisions'][number]) => `“${v.after.title}”${revisionChanges(v)}（${v.reason}；${v.actorName}，${v.on}）`;

export async function reviewXlsx(p: Pack): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('指标与任务');
  ws.addRow([p.review.title]).font = { bold: true, size: 14 };
  ws.addRow([`统计范围：${p.ownerName}　数据截至：${p.review.asOf}　生成时间：${new Date().toISOString().slice(0, 10)}`]);
  const head = ws.addRow(['类别', '方面', '指标/任务', '责任单位', '目标', '当前', '按进度应达', '状态', '差距', '完成时限', '整改交办']);
  head.font = { bold: true };
  for (const l of p.lines) {
    ws.addRow([l.kind === 'target' ? '指标' : '任务', l.aspect ? ASPECT_LABELS[l.aspect] : '', l.title, l.orgName, l.target, l.value, l.expected, l.statusLabel,
      l.category ? `【${GAP_LABELS[l.category]}】${l.gap}` : '', l.deadline ?? '', l.action ? (l.action.rectificationItemId ? `整改事项 ${l.action.rectificationItemId}` : `任务 ${l.action.taskId}`) : '']);
  }
  [8, 16, 36, 24, 8, 8, 10, 10, 50, 12, 14].forEach((w, i) => { ws.getColumn(i + 1).width = w; });
  if (p.revisions.length) {
    const v = wb.addWorksheet('指标调整');
    v.addRow(['调整日期', '指标', '调整内容', '原因', '调整人']).font = { bold: true };
    for (const x of p.revisions) v.addRow([x.on, x.after.title, revisionChanges(x), x.reason, x.actorName]);
    [12, 30, 60, 40, 16].forEach((w, i) => { v.getColumn(i + 1).width = w; });
  }
  const s = wb.addWorksheet('自评');
  s.addRow(['单位', '自评', '主要成效', '存在不足', '下步打算', '提交人', '提交时间']).font = { bold: true };
  for (const x of p.selves) s.addRow([x.orgName, x.latest ? RATING_LABELS[x.latest.rating] : '未提交', x.latest?.achievements ?? '', x.latest?.shortfalls ?? '',
    x.latest?.nextSteps ?? '', x.latest?.submittedByName ?? '', x.latest ? new Date(x.latest.createdAt).toISOString().slice(0, 10) : '']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The Word report alone (its own download: no spreadsheet, no files read). */
export async function reviewReport(db: Db, actor: Actor, reviewId: number) {
  const p = await evidenceRows(db, actor, reviewId);
  return { p, name: `${p.review.title}-评估报告.docx`, docx: await reviewDocx(p) };
}

/** The pack: report, spreadsheet and every evidence file the actor may see. */
export async function evidencePack(db: Db, actor: Actor, reviewId: number): Promise<{ name: string; zip: Buffer }> {
  const { p, docx } = await reviewReport(db, actor, reviewId);
  const zip = new JSZip();
  zip.file('评估报告.docx', docx);
  zip.file('指标与任务.xlsx', await reviewXlsx(p));
  for (const f of p.files) zip.file(`佐证材料/${f.id}-${f.orgName}-${f.name}`, (await readStoredFile(db, f.fileId)).content);
  return { name: `${p.review.title}-迎检材料.zip`, zip: await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }) };
}
