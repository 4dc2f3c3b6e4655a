/**
 * Opening the files a county already keeps, as they are: .xlsx (exceljs, streamed), .xls and .ods (SheetJS, in
 * memory, confined by size), .csv in UTF-8, UTF-16 or GBK/GB18030. The format is told by the bytes, never by the
 * name. Decision 0014.
 */
import path from 'node:path';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import ExcelJS from '../../core/exceljs.js';
import { AppError, errors } from '../../core/errors.js';
import type { Cell, FileFormat, RawRow, Workbook } from './types.js';
import { scanRows, scanSharedStrings, xmlText, type ScanOptions } from './xlsx-scan.js';

export const DEFAULT_MAX_ROWS = 200_000;
export const DEFAULT_MAX_UNZIPPED_BYTES = 300 * 1024 * 1024;
/** .xls and .ods are parsed whole, in memory, by SheetJS: only files up to this size. */
export const SHEETJS_MAX_BYTES = 30 * 1024 * 1024;
/** An .ods sheet is one XML part that SheetJS reads as one string. */
export const ODS_MAX_CONTENT_BYTES = 150 * 1024 * 1024;
/**
 * The reader does not know where the header is: it lets this many non-blank rows pass beyond the row limit for
 * titles, notes, a two-row header, totals and signature lines.
 */
export const ROWS_BESIDE_DATA = 10;
/** One zip entry inflating past this size at more than this ratio is not a spreadsheet someone typed. */
const BOMB_ENTRY_BYTES = 50 * 1024 * 1024;
const BOMB_RATIO = 200;

export const READ_ERRORS = {
  notSpreadsheet: '文件不是电子表格（支持 .xlsx、.xls、.ods、.csv），请检查后重新上传',
  password: '工作簿设有打开密码，请在 Excel 或 WPS 中取消密码后再导入',
  zipBomb: '文件解压后过大，可能已损坏或不是正常的表格，未导入',
  empty: '表格是空的：没有任何内容',
  tooManyRows: (max: number) => `一次最多导入 ${max} 行，请拆分文件后分批导入`,
  damaged: (kind: string) => `文件已损坏，无法作为 ${kind} 表格读取；请在 Excel 或 WPS 中打开后另存为 .xlsx 再上传`,
  tooLargeForFormat: (kind: string) =>
    `${kind} 文件最大 ${SHEETJS_MAX_BYTES / 1024 / 1024} MB；请在 Excel 或 WPS 中另存为 .xlsx 后再导入`,
  odsTooLarge: `.ods 文件解压后超过 ${ODS_MAX_CONTENT_BYTES / 1024 / 1024} MB；请在 WPS 或 LibreOffice 中另存为 .xlsx 后再导入`,
  xlsb: '不支持 Excel 二进制工作簿（.xlsb）；请在 Excel 中另存为 .xlsx 后再导入',
  webPage: '文件是网页（HTML/XML）格式，只是扩展名像表格；请在 Excel 或 WPS 中打开，另存为 .xlsx 后再导入',
  renamedText: (ext: string) => `文件扩展名是 .${ext}，内容却是纯文本而不是表格；请在 Excel 或 WPS 中打开后另存为 .xlsx 再导入`,
  noSheet: (n: number) => `工作簿中没有第 ${n + 1} 个工作表`,
};

export type OpenOptions = { maxRows?: number; maxUnzippedBytes?: number };

/** Open an uploaded file as a workbook; throws a 400 with a Chinese message naming what is wrong with it. */
export async function openWorkbook(buf: Buffer, fileName: string, opts: OpenOptions = {}): Promise<Workbook> {
  const maxRows = opts.maxRows ?? DEFAULT_MAX_ROWS;
  const maxUnzipped = opts.maxUnzippedBytes ?? DEFAULT_MAX_UNZIPPED_BYTES;
  if (buf.length === 0) throw errors.badRequest(READ_ERRORS.empty);
  if (buf.length >= 4 && buf.readUInt32LE(0) === 0x04034b50) return openZip(buf, maxRows, maxUnzipped);
  if (buf.length >= 8 && buf.readBigUInt64BE(0) === 0xd0cf11e0a1b11ae1n) return openCompoundFile(buf, maxRows);
  if (BINARY_SIGNATURES.some((s) => buf.subarray(0, s.length).equals(s))) throw errors.badRequest(READ_ERRORS.notSpreadsheet);
  return openText(buf, fileName, maxRows);
}

// ---------------------------------------------------------------------------------------------------------------
// Rows: what every format shares

type Sheet = { name: string; read: () => AsyncIterable<RawRow> };

function workbook(format: FileFormat, sheets: Sheet[], maxRows: number, encoding?: string): Workbook {
  if (!sheets.length) throw errors.badRequest(READ_ERRORS.empty);
  const sheetAt = (i: number) => {
    const s = sheets[i];
    if (!s) throw errors.badRequest(READ_ERRORS.noSheet(i));
    return s;
  };
  return {
    format,
    ...(encoding ? { encoding } : {}),
    sheets: sheets.map((s, index) => ({ index, name: s.name })),
    async head(sheet, n) {
      const out: RawRow[] = [];
      for await (const row of sheetAt(sheet).read()) {
        if (row.rowNumber > n) break;
        while (out.length < row.rowNumber - 1) out.push({ rowNumber: out.length + 1, cells: [] });
        out.push(row);
      }
      return out;
    },
    rows(sheet) {
      return limitRows(sheetAt(sheet).read(), maxRows);
    },
  };
}

async function* limitRows(source: AsyncIterable<RawRow>, maxRows: number): AsyncGenerator<RawRow> {
  let count = 0;
  for await (const row of source) {
    if (!row.cells.length) continue;
    if (++count > maxRows + ROWS_BESIDE_DATA) throw errors.badRequest(READ_ERRORS.tooManyRows(maxRows));
    yield row;
  }
  if (!count) throw errors.badRequest(READ_ERRORS.empty);
}

/** Cells without trailing empties and without holes; '' is empty. */
function tidy(cells: Cell[]): Cell[] {
  let end = cells.length;
  while (end > 0 && (cells[end - 1] == null || cells[end - 1] === '')) end--;
  const out = new Array<Cell>(end);
  for (let i = 0; i < end; i++) {
    const c = cells[i];
    out[i] = c === undefined || c === '' ? null : c;
  }
  return out;
}

/** A number format that shows a date or time (quoted text and [colour]/[locale] sections aside). */
function isDateFormat(fmt: string | undefined): boolean {
  if (!fmt) return false;
  return /[ymdhs]/i.test(fmt.replace(/\[[^\]]*]|"[^"]*"|\\./g, '').replace(/general/gi, ''));
}

const BINARY_SIGNATURES = [
  '%PDF-', '\x89PNG', '\xff\xd8\xff', 'GIF8', 'Rar!', '7z\xbc\xaf', '\x1f\x8b', 'BZh', 'MZ', '\x7fELF', 'RIFF', 'OggS',
].map((s) => Buffer.from(s, 'latin1'));

// ---------------------------------------------------------------------------------------------------------------
// Zip: .xlsx and .ods. The central directory is read first, without inflating anything, to refuse zip bombs.

type ZipEntry = { name: string; method: number; flags: number; compressedSize: number; size: number; offset: number };

function zipEntries(buf: Buffer): ZipEntry[] | null {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65_557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) return null;
  let count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const locator = eocd - 20;
  if ((count === 0xffff || at === 0xffffffff) && locator >= 0 && buf.readUInt32LE(locator) === 0x07064b50) {
    const z64 = Number(buf.readBigUInt64LE(locator + 8));
    if (z64 + 56 > buf.length || buf.readUInt32LE(z64) !== 0x06064b50) return null;
    count = Number(buf.readBigUInt64LE(z64 + 32));
    at = Number(buf.readBigUInt64LE(z64 + 48));
  }
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (at + 46 > buf.length || buf.readUInt32LE(at) !== 0x02014b50) return null;
    const nameLength = buf.readUInt16LE(at + 28);
    const extraLength = buf.readUInt16LE(at + 30);
    const e: ZipEntry = {
      flags: buf.readUInt16LE(at + 8),
      method: buf.readUInt16LE(at + 10),
      compressedSize: buf.readUInt32LE(at + 20),
      size: buf.readUInt32LE(at + 24),
      offset: buf.readUInt32LE(at + 42),
      name: buf.toString('utf8', at + 46, at + 46 + nameLength),
    };
    // ZIP64: the 32-bit fields set to 0xFFFFFFFF are given, in this order, in the extra field 0x0001
    for (let x = at + 46 + nameLength, end = x + extraLength; x + 4 <= end; x += 4 + buf.readUInt16LE(x + 2)) {
      if (buf.readUInt16LE(x) !== 0x0001) continue;
      let p = x + 4;
      for (const k of ['size', 'compressedSize', 'offset'] as const) {
        if (e[k] === 0xffffffff && p + 8 <= end) { e[k] = Number(buf.readBigUInt64LE(p)); p += 8; }
      }
    }
    entries.push(e);
    at += 46 + nameLength + extraLength + buf.readUInt16LE(at + 32);
  }
  return entries;
}

function refuseBombs(entries: ZipEntry[], maxUnzipped: number) {
  let total = 0;
  for (const e of entries) {
    total += e.size;
    const absurd = e.size > BOMB_ENTRY_BYTES && e.size > BOMB_RATIO * Math.max(1, e.compressedSize);
    if (total > maxUnzipped || absurd) throw errors.badRequest(READ_ERRORS.zipBomb);
  }
}

function storedBytes(buf: Buffer, e: ZipEntry, kind: string): Buffer {
  const p = e.offset;
  if (p + 30 > buf.length || buf.readUInt32LE(p) !== 0x04034b50 || e.flags & 1 || (e.method !== 0 && e.method !== 8)) {
    throw errors.badRequest(READ_ERRORS.damaged(kind));
  }
  const start = p + 30 + buf.readUInt16LE(p + 26) + buf.readUInt16LE(p + 28);
  if (start + e.compressedSize > buf.length) throw errors.badRequest(READ_ERRORS.damaged(kind));
  return buf.subarray(start, start + e.compressedSize);
}

/** A small part (relationships, workbook, manifest), whole; never more than its directory entry says. */
function readPart(buf: Buffer, e: ZipEntry, kind: string): string {
  const data = storedBytes(buf, e, kind);
  if (e.method === 0) return data.toString('utf8');
  try {
    return zlib.inflateRawSync(data, { maxOutputLength: Math.max(1, e.size) }).toString('utf8');
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw errors.badRequest(READ_ERRORS.zipBomb);
    throw errors.badRequest(READ_ERRORS.damaged(kind));
  }
}

/** A part as a stream of inflated chunks: a part inflating past the size its directory entry declares is refused. */
async function* streamPart(buf: Buffer, e: ZipEntry, kind: string): AsyncGenerator<Buffer> {
  const data = storedBytes(buf, e, kind);
  if (e.method === 0) {
    for (let i = 0; i < data.length; i += 1 << 16) yield data.subarray(i, i + (1 << 16));
    return;
  }
  const inflater = zlib.createInflateRaw({ chunkSize: 1 << 16 });
  inflater.end(data);
  let n = 0;
  try {
    for await (const chunk of inflater as AsyncIterable<Buffer>) {
      n += chunk.length;
      if (n > e.size) throw errors.badRequest(READ_ERRORS.zipBomb);
      yield chunk;
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw errors.badRequest(READ_ERRORS.damaged(kind));
  } finally {
    inflater.destroy();
  }
}

function openZip(buf: Buffer, maxRows: number, maxUnzipped: number): Promise<Workbook> {
  const entries = zipEntries(buf);
  if (!entries) throw errors.badRequest(READ_ERRORS.damaged('Excel (.xlsx)'));
  refuseBombs(entries, maxUnzipped);
  const byName = new Map(entries.map((e) => [e.name.replace(/^\//, ''), e]));
  const mimetype = byName.get('mimetype');
  if (mimetype && readPart(buf, mimetype, 'ODS').trim().startsWith('application/vnd.oasis.opendocument.spreadsheet')) {
    return openOds(buf, byName, maxRows);
  }
  return Promise.resolve(openXlsx(buf, byName, maxRows));
}

// ---------------------------------------------------------------------------------------------------------------
// .xlsx: exceljs's streaming reader, given the parts it needs in the order it needs them

type Rel = { id: string; type: string; target: string };


/** The elements of a small XML part with the given local name (any namespace prefix), as attribute maps. */
function elements(xml: string, local: string): Record<string, string>[] {
  const out: Record<string, string>[] = [];
  for (const m of xml.matchAll(new RegExp(`<(?:[\\w.-]+:)?${local}\\b([^>]*)>`, 'g'))) {
    const attrs: Record<string, string> = {};
    for (const a of (m[1] ?? '').matchAll(/([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
      attrs[a[1]!] = xmlText(a[2] ?? a[3] ?? '');
    }
    out.push(attrs);
  }
  return out;
}

function relsOf(buf: Buffer, byName: Map<string, ZipEntry>, part: string): Rel[] {
  const relsName = path.posix.join(path.posix.dirname(part), '_rels', `${path.posix.basename(part)}.rels`);
  const e = byName.get(relsName);
  if (!e) return [];
  const dir = path.posix.dirname(part);
  return elements(readPart(buf, e, 'Excel (.xlsx)'), 'Relationship').map((a) => ({
    id: a.Id ?? '',
    type: a.Type ?? '',
    target: (a.Target ?? '').startsWith('/') ? (a.Target ?? '').slice(1) : path.posix.normalize(path.posix.join(dir, a.Target ?? '')),
  }));
}

/** exceljs's streaming reader, for its styles parser alone (which number formats show dates). */
type StyleReader = {
  styles?: { getStyleModel(id: number): { numFmt?: string } | null };
  _parseStyles(entry: Readable): Promise<void>;
};

function openXlsx(buf: Buffer, byName: Map<string, ZipEntry>, maxRows: number): Workbook {
  const kind = 'Excel (.xlsx)';
  const main = relsOf(buf, byName, '').find((r) => r.type.endsWith('/officeDocument'))?.target
    ?? (byName.has('xl/workbook.xml') ? 'xl/workbook.xml' : undefined);
  if (main?.endsWith('.bin')) throw errors.badRequest(READ_ERRORS.xlsb);
  const mainEntry = main ? byName.get(main) : undefined;
  if (!main || !mainEntry || main.startsWith('word/') || main.startsWith('ppt/')) {
    throw errors.badRequest(READ_ERRORS.notSpreadsheet);
  }
  const xml = readPart(buf, mainEntry, kind);
  const rels = relsOf(buf, byName, main);
  const date1904 = elements(xml, 'workbookPr').some((a) => a.date1904 === '1' || a.date1904 === 'true');
  const partOf = (type: string) => rels.find((r) => r.type.endsWith(`/${type}`))?.target;
  const sheets = elements(xml, 'sheet')
    .filter((a) => !a.state || a.state === 'visible')
    .map((a) => {
      const rid = Object.entries(a).find(([k]) => k.endsWith(':id'))?.[1];
      const rel = rels.find((r) => r.id === rid && r.type.endsWith('/worksheet'));
      return { name: a.name ?? '', entry: rel ? byName.get(rel.target) : undefined };
    })
    .filter((s): s is { name: string; entry: ZipEntry } => !!s.entry);

  // Styles (for date formats) and shared strings are read once, when a sheet is first read.
  let prepared: Promise<ScanOptions> | undefined;
  const prepare = () => (prepared ??= (async () => {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(undefined as never, {
      sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'ignore',
    }) as unknown as StyleReader;
    const styles = byName.get(partOf('styles') ?? 'xl/styles.xml');
    if (styles) await reader._parseStyles(Readable.from(streamPart(buf, styles, kind)));
    const strings = byName.get(partOf('sharedStrings') ?? 'xl/sharedStrings.xml');
    const dateStyle = new Map<number, boolean>();
    const isDateStyle = (id: number) => {
      let d = dateStyle.get(id);
      if (d === undefined) dateStyle.set(id, d = isDateFormat(reader.styles?.getStyleModel(id)?.numFmt));
      return d;
    };
    return { strings: strings ? await scanSharedStrings(streamPart(buf, strings, kind)) : [], isDateStyle, date1904 };
  })());

  return workbook('xlsx', sheets.map((s) => ({
    name: s.name,
    async *read() {
      try {
        const options = await prepare();
        for await (const row of scanRows(streamPart(buf, s.entry, kind), options)) yield { rowNumber: row.rowNumber, cells: tidy(row.cells) };
      } catch (err) {
        if (err instanceof AppError) throw err;
        throw errors.badRequest(READ_ERRORS.damaged(kind));
      }
    },
  })), maxRows);
}

// ---------------------------------------------------------------------------------------------------------------
// .xls and .ods: SheetJS, loaded when first needed

type SheetJs = typeof import('@e965/xlsx');
let sheetJs: Promise<SheetJs> | undefined;
const loadSheetJs = () => (sheetJs ??= (async () => {
  const x = await import('@e965/xlsx');
  // code pages (936 = GBK) for the text of .xls files older than Excel 97
  x.set_cptable(await import('@e965/xlsx/dist/cpexcel.full.mjs'));
  return x;
})());

const ERROR_TEXT: Record<number, string> = {
  0x00: '#NULL!', 0x07: '#DIV/0!', 0x0f: '#VALUE!', 0x17: '#REF!', 0x1d: '#NAME?', 0x24: '#NUM!', 0x2a: '#N/A',
};

async function openCompoundFile(buf: Buffer, maxRows: number): Promise<Workbook> {
  const x = await loadSheetJs();
  let names: string[];
  try {
    const cfb = x.CFB.read(buf, { type: 'buffer' }) as { FullPaths: string[] };
    names = cfb.FullPaths.map((p) => p.replace(/\/$/, '').split('/').pop() ?? '');
  } catch {
    throw errors.badRequest(READ_ERRORS.damaged('Excel (.xls)'));
  }
  // Excel and WPS save a password-protected .xlsx as a compound file holding the encrypted package
  if (names.includes('EncryptedPackage')) throw errors.badRequest(READ_ERRORS.password);
  if (!names.some((n) => n === 'Workbook' || n === 'Book')) throw errors.badRequest(READ_ERRORS.notSpreadsheet);
  return openWithSheetJs(buf, 'xls', maxRows);
}

function openOds(buf: Buffer, byName: Map<string, ZipEntry>, maxRows: number): Promise<Workbook> {
  const manifest = byName.get('META-INF/manifest.xml');
  if (manifest && /encryption-data/.test(readPart(buf, manifest, 'ODS'))) throw errors.badRequest(READ_ERRORS.password);
  if ((byName.get('content.xml')?.size ?? 0) > ODS_MAX_CONTENT_BYTES) throw errors.badRequest(READ_ERRORS.odsTooLarge);
  return openWithSheetJs(buf, 'ods', maxRows);
}

async function openWithSheetJs(buf: Buffer, format: 'xls' | 'ods', maxRows: number): Promise<Workbook> {
  const kind = format === 'xls' ? 'Excel (.xls)' : 'ODS';
  if (buf.length > SHEETJS_MAX_BYTES) throw errors.badRequest(READ_ERRORS.tooLargeForFormat(`.${format}`));
  const x = await loadSheetJs();
  let wb: import('@e965/xlsx').WorkBook;
  try {
    wb = x.read(buf, {
      type: 'buffer', dense: true, cellDates: true, cellFormula: false, cellHTML: false, cellNF: false, cellStyles: false,
      cellText: false, bookVBA: false,
    });
  } catch (err) {
    if (/password/i.test((err as Error).message)) throw errors.badRequest(READ_ERRORS.password);
    throw errors.badRequest(READ_ERRORS.damaged(kind));
  }
  const hidden = wb.Workbook?.Sheets ?? [];
  const sheets = wb.SheetNames.filter((_, i) => !hidden[i]?.Hidden).map((name) => ({
    name,
    async *read() {
      const data = (wb.Sheets[name] as { '!data'?: (import('@e965/xlsx').CellObject | undefined)[][] } | undefined)?.['!data'] ?? [];
      for (let r = 0; r < data.length; r++) {
        const row = data[r];
        if (!row) continue;
        const cells: Cell[] = [];
        for (let c = 0; c < row.length; c++) cells[c] = sheetJsValue(row[c]);
        yield { rowNumber: r + 1, cells: tidy(cells) };
      }
    },
  }));
  return workbook(format, sheets, maxRows);
}

function sheetJsValue(c: import('@e965/xlsx').CellObject | undefined): Cell {
  if (!c || c.v == null) return null;
  switch (c.t) {
    case 's': return String(c.v);
    case 'n': return typeof c.v === 'number' && Number.isFinite(c.v) ? c.v : null;
    case 'b': return Boolean(c.v);
    case 'd': return c.v instanceof Date && !Number.isNaN(c.v.getTime()) ? c.v : null;
    case 'e': return ERROR_TEXT[c.v as number] ?? null;
    default: return null;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// .csv (and tab-separated text): decoded, then RFC 4180

async function decodeText(buf: Buffer): Promise<{ text: string; encoding: string }> {
  const iconv = (await import('iconv-lite')).default;
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return { text: buf.toString('utf8', 3), encoding: 'utf-8' };
  if (buf[0] === 0xff && buf[1] === 0xfe) return { text: iconv.decode(buf.subarray(2), 'utf-16le'), encoding: 'utf-16le' };
  if (buf[0] === 0xfe && buf[1] === 0xff) return { text: iconv.decode(buf.subarray(2), 'utf-16be'), encoding: 'utf-16be' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(buf), encoding: 'utf-8' };
  } catch { /* not UTF-8 */ }
  // Chinese Excel and WPS save CSV in GBK (a subset of GB18030). chardet often names Big5 or EUC-KR for a short GBK
  // text; only a confident other answer wins over GB18030 when the bytes decode as GB18030 without a fault.
  const chardet = (await import('chardet')).default;
  const gb = iconv.decode(buf, 'gb18030');
  const best = chardet.analyse(buf)[0];
  const other = best && !/^(GB|GBK|GB2312|GB18030)$/i.test(best.name) && best.confidence >= 50 && iconv.encodingExists(best.name);
  if (!other && !gb.includes('\ufffd')) return { text: gb, encoding: 'gb18030' };
  if (other) return { text: iconv.decode(buf, best.name), encoding: best.name.toLowerCase() };
  return { text: gb, encoding: 'gb18030' };
}

/** Text has no NUL and few control characters or undecodable bytes; a binary file decoded as text has many. */
function looksBinary(text: string): boolean {
  const n = Math.min(text.length, 64 * 1024);
  let faults = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) return true;
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) || c === 0x7f || c === 0xfffd) faults++;
  }
  return faults > Math.max(2, n / 100);
}

async function openText(buf: Buffer, fileName: string, maxRows: number): Promise<Workbook> {
  const { text, encoding } = await decodeText(buf);
  if (looksBinary(text)) throw errors.badRequest(READ_ERRORS.notSpreadsheet);
  if (!text.trim()) throw errors.badRequest(READ_ERRORS.empty);
  const ext = path.extname(fileName).slice(1).toLowerCase();
  if (/^\s*<(\?xml|!doctype|html|head|body|table|meta|style|[\w-]+:)/i.test(text)) throw errors.badRequest(READ_ERRORS.webPage);
  const rows = parseDelimited(text);
  if (['xlsx', 'xlsm', 'xls', 'ods', 'et'].includes(ext) && rows.every((r) => r.cells.length <= 1)) {
    throw errors.badRequest(READ_ERRORS.renamedText(ext));
  }
  const name = path.basename(fileName, path.extname(fileName)) || 'Sheet1';
  return workbook('csv', [{ name, async *read() { yield* rows; } }], maxRows, encoding);
}

/** RFC 4180: quoted fields hold separators, quotes ("") and line breaks; CRLF, LF or CR end a record. */
export function parseDelimited(text: string): RawRow[] {
  const firstLine = text.slice(0, text.search(/[\r\n]|$/));
  const sep = firstLine.includes('\t') && !firstLine.includes(',') ? '\t' : ',';
  const rows: RawRow[] = [];
  let cells: Cell[] = [];
  let i = 0;
  const n = text.length;
  const endRecord = () => { rows.push({ rowNumber: rows.length + 1, cells: tidy(cells) }); cells = []; };
  while (i < n) {
    let field = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) { field += text.slice(i); i = n; break; }
        field += text.slice(i, q);
        if (text[q + 1] === '"') { field += '"'; i = q + 2; continue; }
        i = q + 1;
        break;
      }
      // anything after the closing quote up to the separator is kept (lenient, as Excel is)
      const stop = nextStop(text, i, sep);
      field += text.slice(i, stop);
      i = stop;
    } else {
      const stop = nextStop(text, i, sep);
      field = text.slice(i, stop);
      i = stop;
    }
    // ="0012" is how a spreadsheet is told to keep digits as text
    const forced = /^="(.*)"$/.exec(field);
    cells.push(forced ? forced[1]! : field);
    if (i >= n) { endRecord(); break; }
    const ch = text[i];
    if (ch === sep) {
      i++;
      if (i >= n) { cells.push(''); endRecord(); }
    } else {
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
      endRecord();
    }
  }
  return rows;
}

function nextStop(text: string, from: number, sep: string): number {
  const s = sep.charCodeAt(0);
  for (let j = from; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === s || c === 10 || c === 13) return j;
  }
  return text.length;
}
