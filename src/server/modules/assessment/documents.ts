/**
 * The special circular (专项通报) as a Word file in the usual official-document layout (GB/T 9704):
 * red issuing-organ heading, document number, red rule, title, body, the ranking table per group,
 * issuing organ and date. Fonts are named as offices have them; Word substitutes where they are missing.
 */
import { AlignmentType, BorderStyle, Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { GRADE_LABELS, type Grade } from './rules.js';

const RED = 'C00000';
const TITLE_FONT = '方正小标宋简体';
const BODY_FONT = '仿宋_GB2312';
const HEI = '黑体';
const pt = (n: number) => n * 2; // docx sizes are half-points
const SIZE = { organ: pt(26), title: pt(22), body: pt(16), table: pt(12) };

export type CircularRow = { groupLabel: string; rank: number; orgName: string; total: number; grade: string };
export type CircularInput = { issuer: string; docNo: string; title: string; body: string; date: string; rows: CircularRow[] };

const body = (text: string, opts: { indent?: boolean; font?: string; align?: (typeof AlignmentType)[keyof typeof AlignmentType] } = {}) => new Paragraph({
  alignment: opts.align ?? AlignmentType.JUSTIFIED, spacing: { line: 560, lineRule: 'exact' }, indent: opts.indent === false ? undefined : { firstLine: 640 },
  children: [new TextRun({ text, font: opts.font ?? BODY_FONT, size: SIZE.body })],
});

const cell = (text: string, bold = false) => new TableCell({
  children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text, font: bold ? HEI : BODY_FONT, size: SIZE.table, bold })] })],
});

function dateText(iso: string) {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

export async function circularDocx(c: CircularInput): Promise<Buffer> {
  const groups = [...new Set(c.rows.map((r) => r.groupLabel))];
  const tables = groups.flatMap((g, k) => [
    body(`${'一二三四五六七八九十'[k] ?? k + 1}、${g}（${c.rows.filter((r) => r.groupLabel === g).length} 个）`, { font: HEI }),
    new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      rows: [
        new TableRow({ tableHeader: true, children: ['名次', '党组织', '得分', '等次'].map((h) => cell(h, true)) }),
        ...c.rows.filter((r) => r.groupLabel === g).map((r) => new TableRow({
          children: [cell(String(r.rank)), cell(r.orgName), cell(r.total.toFixed(2)), cell(GRADE_LABELS[r.grade as Grade] ?? r.grade)],
        })),
      ],
    }),
  ]);
  const doc = new Document({
    creator: c.issuer, title: c.title,
    sections: [{
      properties: { page: { margin: { top: 2098, bottom: 1984, left: 1588, right: 1474 } } },
      children: [
        new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 400 }, children: [new TextRun({ text: `${c.issuer}文件`, font: TITLE_FONT, size: SIZE.organ, color: RED, bold: true })] }),
        new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: c.docNo, font: BODY_FONT, size: SIZE.body })] }),
        new Paragraph({ border: { bottom: { style: BorderStyle.SINGLE, size: 18, color: RED, space: 4 } }, spacing: { after: 400 }, children: [] }),
        new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 400, line: 700, lineRule: 'exact' }, children: [new TextRun({ text: c.title, font: TITLE_FONT, size: SIZE.title })] }),
        body('各乡镇党委，县直各党（工）委，各有关单位党组织：', { indent: false }),
        ...c.body.split(/\n+/).filter(Boolean).map((p) => body(p)),
        ...tables,
        new Paragraph({ children: [] }),
        body(c.issuer, { indent: false, align: AlignmentType.RIGHT }),
        body(dateText(c.date), { indent: false, align: AlignmentType.RIGHT }),
      ],
    }],
  });
  return Packer.toBuffer(doc);
}
