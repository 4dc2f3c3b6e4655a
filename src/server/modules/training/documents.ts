/** Training documents: the question-bank sheet (template and all-or-nothing import) and the certificate PDF. */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import QRCode from 'qrcode';
import type { Actor } from '../../core/actor.js';
import { require as requirePerm } from '../../core/actor.js';
import type { Db } from '../../core/db.js';
import { errors } from '../../core/errors.js';
import { P } from '../../core/permissions.js';
import { readXlsx, writeXlsx } from '../../core/xlsx.js';
import { storeErrorReport } from '../imports/service.js';
import { checkQuestion, insertQuestions, type QuestionInput } from './service.js';

const KINDS: Record<string, QuestionInput['kind']> = { 单选: 'single', 单选题: 'single', 多选: 'multiple', 多选题: 'multiple', 判断: 'judge', 判断题: 'judge' };
const LETTERS = ['A', 'B', 'C', 'D', 'E', 'F'];
const HEADERS = ['题型', '题干', ...LETTERS.map((l) => `选项${l}`), '答案', '知识点'];

export async function questionTemplate() {
  type R = Record<string, string>;
  const examples: R[] = [
    { 题型: '单选', 题干: '党支部党员大会一般每季度召开几次？', 选项A: '1 次', 选项B: '2 次', 选项C: '每月 1 次', 答案: 'A', 知识点: '三会一课' },
    { 题型: '多选', 题干: '“三会一课”中的“三会”包括：', 选项A: '支部党员大会', 选项B: '支部委员会', 选项C: '党小组会', 选项D: '职工大会', 答案: 'ABC', 知识点: '三会一课' },
    { 题型: '判断', 题干: '预备党员有表决权。', 答案: '错', 知识点: '党员权利' },
  ];
  return writeXlsx('题库', HEADERS.map((h) => ({ header: h, width: h === '题干' ? 50 : 12, value: (r: R) => r[h] ?? '' })), examples);
}

/** Parse one row; the message names what is wrong in words a party-affairs worker uses. */
function parseRow(cells: Record<string, string>): QuestionInput | string {
  const kind = KINDS[(cells['题型'] ?? '').trim()];
  if (!kind) return '题型须为“单选”“多选”或“判断”';
  const stem = (cells['题干'] ?? '').trim();
  const options = LETTERS.map((l) => (cells[`选项${l}`] ?? '').trim()).filter(Boolean);
  const raw = (cells['答案'] ?? '').replace(/[\s,，、]/g, '').toUpperCase();
  if (!raw) return '答案不能为空';
  let answer: number[];
  if (kind === 'judge') {
    const v = { 对: 0, 正确: 0, '√': 0, 错: 1, 错误: 1, '×': 1 }[raw as '对'];
    if (v === undefined) return '判断题答案须为“对”或“错”';
    answer = [v];
  } else {
    if (!/^[A-F]+$/.test(raw)) return '答案须为选项字母，如 A 或 ABD';
    answer = [...new Set(raw.split('').map((c) => LETTERS.indexOf(c)))];
  }
  const q = { kind, stem, options: kind === 'judge' ? ['对', '错'] : options, answer, topic: (cells['知识点'] ?? '').trim() || null };
  return checkQuestion(q) ?? q;
}

/** All-or-nothing: every row is checked; on any error nothing is written and an error sheet is stored. */
export async function importQuestions(db: Db, actor: Actor, buf: Buffer, fileName: string) {
  requirePerm(actor, P.trainingManage);
  const { headers, rows } = await readXlsx(buf, 5_000);
  const missing = ['题型', '题干', '答案'].filter((h) => !headers.includes(h));
  if (missing.length) throw errors.badRequest(`表头缺少：${missing.join('、')}。请使用题库模板`);
  if (!rows.length) throw errors.badRequest('表格中没有试题');
  const errs = new Map<number, string[]>();
  const good: QuestionInput[] = [];
  for (const r of rows) {
    const q = parseRow(r.cells);
    if (typeof q === 'string') errs.set(r.rowNumber, [q]); else good.push(q);
  }
  if (errs.size) {
    const token = await storeErrorReport(db, actor, headers, rows, errs, fileName.replace(/\.xlsx$/i, ''));
    throw errors.unprocessable(`共 ${rows.length} 行，其中 ${errs.size} 行有错误，未导入任何试题。请下载错误报告，修改后重新上传`,
      { errorReport: token, errorCount: errs.size, firstErrors: [...errs].slice(0, 5).map(([n, m]) => `第 ${n} 行：${m.join('；')}`) });
  }
  return insertQuestions(db, actor, good);
}

let fontBytes: Buffer | null = null;
function cjkFont() {
  // Noto Sans SC from npm: the certificate renders the same on any machine, with no system fonts needed
  if (!fontBytes) fontBytes = fs.readFileSync(createRequire(import.meta.url).resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf'));
  return fontBytes;
}

export type Certificate = { serial: string; name: string; className: string; startsOn: string; endsOn: string; hours: number; organiser: string; county: string; confirmedAt: string };

/** pdf-lib and fontkit are loaded on the first PDF, not at start (half a second of the server's start-up). */
async function pdfLib() {
  const [{ PDFDocument, rgb }, { default: fontkit }] = await Promise.all([import('pdf-lib'), import('@pdf-lib/fontkit')]);
  return { PDFDocument, rgb, fontkit };
}

const cn = (iso: string) => `${iso.slice(0, 4)}年${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日`;

/** A one-page A4 landscape certificate with the serial and a QR code of the public verification link. */
export async function certificatePdf(c: Certificate, verifyUrl: string): Promise<Buffer> {
  const { PDFDocument, rgb, fontkit } = await pdfLib();
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  doc.setTitle(`结业证书 ${c.serial}`);
  doc.setAuthor(c.organiser);
  const font = await doc.embedFont(cjkFont(), { subset: true });
  const page = doc.addPage([842, 595]);
  const red = rgb(0.72, 0.08, 0.08);
  const ink = rgb(0.15, 0.15, 0.15);
  page.drawRectangle({ x: 24, y: 24, width: 794, height: 547, borderColor: red, borderWidth: 3 });
  page.drawRectangle({ x: 34, y: 34, width: 774, height: 527, borderColor: red, borderWidth: 1 });
  const center = (text: string, y: number, size: number, color = ink) =>
    page.drawText(text, { x: (842 - font.widthOfTextAtSize(text, size)) / 2, y, size, font, color });
  center('结 业 证 书', 470, 40, red);
  const body = `${c.name} 同志于 ${cn(c.startsOn)} 至 ${cn(c.endsOn)} 参加“${c.className}”，完成规定课程 ${Math.round(c.hours * 10) / 10} 学时，经考核准予结业。`;
  // wrap by width
  const lines: string[] = [];
  let line = '';
  for (const ch of body) {
    if (font.widthOfTextAtSize(line + ch, 20) > 640) { lines.push(line); line = ch; } else line += ch;
  }
  if (line) lines.push(line);
  lines.forEach((l, i) => page.drawText(l, { x: 100, y: 380 - i * 36, size: 20, font, color: ink }));
  page.drawText(c.organiser, { x: 480, y: 170, size: 18, font, color: ink });
  page.drawText(cn(c.confirmedAt.slice(0, 10)), { x: 480, y: 140, size: 16, font, color: ink });
  page.drawText(`证书编号：${c.serial}`, { x: 100, y: 110, size: 12, font, color: ink });
  page.drawText('扫码或访问下方链接核验真伪：', { x: 100, y: 90, size: 10, font, color: ink });
  page.drawText(verifyUrl, { x: 100, y: 74, size: 9, font, color: rgb(0.2, 0.3, 0.6) });
  const png = await QRCode.toBuffer(verifyUrl, { margin: 1, width: 240, errorCorrectionLevel: 'M' });
  page.drawImage(await doc.embedPng(png), { x: 680, y: 60, width: 100, height: 100 });
  return Buffer.from(await doc.save());
}

export const qrPng = (text: string) => QRCode.toBuffer(text, { margin: 1, width: 480, errorCorrectionLevel: 'M' });

type RecordDoc = {
  name: string; orgName: string; year: number; required: number; classHours: number; entryHours: number; total: number; met: boolean;
  classes: { name: string; startsOn: string; endsOn: string; completed: boolean | null; hours: number | null; attendedHours: number }[];
  entries: { studiedOn: string; title: string; hours: number; status: string }[];
};

/** A person's training record for a year as an A4 PDF: what was studied, the hours, against the requirement. */
export async function recordPdf(r: RecordDoc): Promise<Buffer> {
  const { PDFDocument, rgb, fontkit } = await pdfLib();
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  doc.setTitle(`个人培训档案 ${r.name} ${r.year}`);
  const font = await doc.embedFont(cjkFont(), { subset: true });
  let page = doc.addPage([595, 842]);
  let y = 790;
  const ink = rgb(0.15, 0.15, 0.15);
  const line = (text: string, size = 11, x = 56) => {
    if (y < 60) { page = doc.addPage([595, 842]); y = 790; }
    page.drawText(text, { x, y, size, font, color: ink });
    y -= size + 9;
  };
  line(`个人培训档案（${r.year} 年）`, 18, 200);
  y -= 6;
  line(`姓名：${r.name}　　所在党组织：${r.orgName}`);
  line(`本年学时：${r.total}（培训班 ${r.classHours}，班外认定 ${r.entryHours}）；年度要求 ${r.required} 学时；${r.met ? '已达到' : '未达到'}`);
  y -= 6;
  line('一、参加培训班', 13);
  if (!r.classes.length) line('（无）');
  for (const c of r.classes) {
    const state = c.completed === null ? '未确认结业' : c.completed ? `结业，计 ${c.hours ?? 0} 学时` : '未结业';
    line(`${c.startsOn} 至 ${c.endsOn}　${c.name}　出勤 ${c.attendedHours} 学时　${state}`, 10);
  }
  y -= 6;
  line('二、班外学习', 13);
  if (!r.entries.length) line('（无）');
  const label: Record<string, string> = { pending: '待认定', approved: '已认定', rejected: '不予认定' };
  for (const e of r.entries) line(`${e.studiedOn}　${e.title}　${e.hours} 学时　${label[e.status] ?? e.status}`, 10);
  y -= 12;
  line(`生成日期：${new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)}　基层党建工作平台`, 9);
  return Buffer.from(await doc.save());
}
