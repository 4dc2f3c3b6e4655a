/**
 * The cells of an .xlsx worksheet and its shared strings, scanned as text while the part inflates. A roster's sheet
 * is rows of <c r s t><v>…</v></c>: reading it with a general XML parser (exceljs's, one event per tag and text) took
 * as long as the rest of the import together; scanning for the few elements a sheet's data uses takes a fraction
 * (bench/results.md). Styles stay with exceljs (a small part, read once). Any namespace prefix is accepted (x:row, as
 * the Open XML SDK writes). Decision 0014.
 */
import { StringDecoder } from 'node:string_decoder';
import type { Cell, RawRow } from './types.js';

const NAMED: Record<string, string> = { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' };

/** XML text as written (entities, character references, CR LF) to the text it stands for. */
export function xmlText(s: string): string {
  if (s.includes('\r')) s = s.replace(/\r\n?/g, '\n');
  if (!s.includes('&')) return s;
  return s.replace(/&(lt|gt|quot|apos|amp|#x[0-9a-f]+|#\d+);/gi, (_, e: string) => NAMED[e.toLowerCase()]
    ?? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)));
}

/** Where the last closing tag `</name>` or `</p:name>` in `s` ends, or -1. */
function lastClose(s: string, name: string): number {
  const tail = `${name}>`;
  for (let i = s.lastIndexOf(tail); i > 0; i = s.lastIndexOf(tail, i - 1)) {
    let j = i - 1;
    if (s[j] === ':') { j--; while (j > 0 && /[\w.-]/.test(s[j]!)) j--; }
    if (s[j] === '/' && s[j - 1] === '<') return i + tail.length;
  }
  return -1;
}

/**
 * The part's text in pieces that each end with a complete `</name>` element, the rest carried to the next chunk: an
 * element is never cut between two chunks, a character never between two bytes.
 */
async function* pieces(chunks: AsyncIterable<Buffer>, name: string): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  for await (const chunk of chunks) {
    pending += decoder.write(chunk);
    const end = lastClose(pending, name);
    if (end < 0) continue;
    yield pending.slice(0, end);
    pending = pending.slice(end);
  }
  pending += decoder.end();
  if (pending) yield pending;
}

const TEXT_RUN = /<(?:[\w.-]+:)?t(?:\s[^>]*)?(?<!\/)>([\s\S]*?)<\/(?:[\w.-]+:)?t>/g;
const PHONETIC = /<(?:[\w.-]+:)?rPh\b[\s\S]*?<\/(?:[\w.-]+:)?rPh>/g;

/** The text of a string item (<si> or <is>): its runs joined, phonetic guides (<rPh>) left out. */
function runsText(xml: string): string {
  if (xml.includes('rPh')) xml = xml.replace(PHONETIC, '');
  let text = '';
  for (const m of xml.matchAll(TEXT_RUN)) text += m[1]!;
  return xmlText(text);
}

/**
 * The shared strings as plain text: the runs of a rich string joined, phonetic guides left out (exceljs's own parser
 * gives a string with a phonetic guide as the guide's text alone: "ちょう" for 张三).
 */
export async function scanSharedStrings(chunks: AsyncIterable<Buffer>): Promise<string[]> {
  const out: string[] = [];
  const item = /<([\w.-]+:)?si\b[^>]*?(\/?)>/g;
  for await (const piece of pieces(chunks, 'si')) {
    item.lastIndex = 0;
    for (let m = item.exec(piece); m; m = item.exec(piece)) {
      if (m[2]) { out.push(''); continue; }
      const close = piece.indexOf(`</${m[1] ?? ''}si>`, item.lastIndex);
      if (close < 0) break;
      out.push(runsText(piece.slice(item.lastIndex, close)));
      item.lastIndex = close;
    }
  }
  return out;
}

export type ScanOptions = { strings: string[]; isDateStyle: (style: number) => boolean; date1904: boolean };

const VALUE = /<(?:[\w.-]+:)?v(?:\s[^>]*)?>([\s\S]*?)<\/(?:[\w.-]+:)?v>/;
const INLINE = /<(?:[\w.-]+:)?is\b[^>]*>([\s\S]*?)<\/(?:[\w.-]+:)?is>/;

/** "BC12" → 55 (1-based column), or 0 for a reference without letters. */
function columnOf(ref: string): number {
  let col = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i) | 0x20;
    if (c < 97 || c > 122) break;
    col = col * 26 + (c - 96);
  }
  return col;
}

const excelDate = (serial: number, date1904: boolean) =>
  new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000));

function cellValue(type: string, style: number, inner: string, o: ScanOptions): Cell {
  if (type === 'inlineStr') {
    const is = INLINE.exec(inner);
    return is ? runsText(is[1]!) : null;
  }
  // the common cell is exactly <v>…</v>
  const v = inner.startsWith('<v>') && inner.endsWith('</v>') && inner.indexOf('<', 3) === inner.length - 4
    ? inner.slice(3, -4) : VALUE.exec(inner)?.[1];
  if (v === undefined) return null;
  switch (type) {
    case 's': return o.strings[parseInt(v, 10)] ?? null;
    case 'str': return xmlText(v);
    case 'e': return xmlText(v);
    case 'b': return parseInt(v, 10) !== 0;
    case 'd': {
      const d = new Date(v);
      return Number.isNaN(d.getTime()) ? xmlText(v) : d;
    }
    default: {
      const n = parseFloat(v);
      if (!Number.isFinite(n)) return null;
      return o.isDateStyle(style) ? excelDate(n, o.date1904) : n;
    }
  }
}

/** `</p:name>` for a prefix (or none), made once per prefix: a roster has a million cells. */
function closers(name: string): (prefix: string | undefined) => string {
  const plain = `</${name}>`;
  const byPrefix = new Map<string, string>();
  return (prefix) => {
    if (!prefix) return plain;
    let c = byPrefix.get(prefix);
    if (!c) byPrefix.set(prefix, c = `</${prefix}${name}>`);
    return c;
  };
}
const closeRow = closers('row');
const closeCell = closers('c');

/** The value of attribute r, s or t in a tag's attribute text ('' when absent). */
function attrOf(attrs: string, name: 'r' | 's' | 't'): string {
  for (let i = attrs.indexOf(`${name}`); i >= 0; i = attrs.indexOf(name, i + 1)) {
    // the name alone (not the end of another name such as "spans"), then =, then a quoted value
    const before = i === 0 ? ' ' : attrs[i - 1]!;
    if (before !== ' ' && before !== '\t' && before !== '\n' && before !== '\r') continue;
    let j = i + 1;
    while (attrs[j] === ' ') j++;
    if (attrs[j] !== '=') continue;
    j++;
    while (attrs[j] === ' ') j++;
    const q = attrs[j];
    if (q !== '"' && q !== "'") continue;
    const end = attrs.indexOf(q, j + 1);
    return end < 0 ? '' : attrs.slice(j + 1, end);
  }
  return '';
}

/** The rows of a worksheet part, in order, each cell at its column (a row without cells is left out). */
export async function* scanRows(chunks: AsyncIterable<Buffer>, o: ScanOptions): AsyncGenerator<RawRow> {
  const row = /<([\w.-]+:)?row\b([^>]*?)(\/?)>/g;
  const cell = /<([\w.-]+:)?c\b([^>]*?)(\/?)>/g;
  let last = 0;
  for await (const piece of pieces(chunks, 'row')) {
    row.lastIndex = 0;
    for (let m = row.exec(piece); m; m = row.exec(piece)) {
      const r = attrOf(m[2]!, 'r');
      const rowNumber = r ? parseInt(r, 10) : last + 1;
      last = rowNumber;
      if (m[3]) continue;
      const close = piece.indexOf(closeRow(m[1]), row.lastIndex);
      if (close < 0) break;
      const body = piece.slice(row.lastIndex, close);
      row.lastIndex = close;
      const cells: Cell[] = [];
      let col = 0;
      cell.lastIndex = 0;
      for (let c = cell.exec(body); c; c = cell.exec(body)) {
        const attrs = c[2]!;
        const ref = attrOf(attrs, 'r');
        col = (ref && columnOf(ref)) || col + 1;
        if (c[3]) continue;
        const end = body.indexOf(closeCell(c[1]), cell.lastIndex);
        if (end < 0) break;
        const value = cellValue(attrOf(attrs, 't') || 'n', parseInt(attrOf(attrs, 's'), 10) || 0, body.slice(cell.lastIndex, end), o);
        cell.lastIndex = end;
        if (value !== null) cells[col - 1] = value;
      }
      if (cells.length) yield { rowNumber, cells };
    }
  }
}
