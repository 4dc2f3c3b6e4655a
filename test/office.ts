/**
 * Files the platform did not write, for tests: a sheet described in a flat ODS (an XML text we generate, with merged
 * cells, date cells, numbers and text) converted by LibreOffice to .xlsx, .xls, .ods or .csv, as a county's own
 * office software would save it. Needs LibreOffice (`apt-get install libreoffice-calc`; .ci/run installs it).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export type OfficeFormat = 'xlsx' | 'xls' | 'ods' | 'csv';

export type ConvertOptions = {
  /** csv only: which sheet (1-based; LibreOffice writes only the first by default) */
  sheet?: number;
  /** csv only: the text encoding written (LibreOffice's own encoder) */
  encoding?: 'utf-8' | 'gb18030';
  timeoutMs?: number;
};

const SOFFICE = process.env.SOFFICE ?? ['/usr/bin/soffice', '/usr/local/bin/soffice', '/opt/libreoffice/program/soffice']
  .find((p) => fs.existsSync(p)) ?? 'soffice';

/** LibreOffice's encoding numbers (rtl/textenc.h) for the CSV filter's third option. */
const CHARSET = { 'utf-8': 76, gb18030: 85 } as const;

function exportFilter(to: OfficeFormat, o: ConvertOptions): string {
  switch (to) {
    case 'xlsx': return 'xlsx:Calc MS Excel 2007 XML';
    case 'xls': return 'xls:MS Excel 97';
    case 'ods': return 'ods:calc8';
    case 'csv': {
      // separator, quote, charset, first line, formats, language, quote all text, detect numbers, save as shown,
      // formulas, trim spaces, sheet
      const tokens = [44, 34, CHARSET[o.encoding ?? 'utf-8'], 1, '', 0, false, true, true, false, false];
      return `csv:Text - txt - csv (StarCalc):${[...tokens, ...(o.sheet ? [o.sheet] : [])].join(',')}`;
    }
  }
}

// One LibreOffice profile per test process, used by one conversion at a time: parallel test files (other
// processes) have their own, so instances never share a profile.
const profile = path.join(os.tmpdir(), `jiceng-soffice-${process.pid}`);
process.once('exit', () => fs.rmSync(profile, { recursive: true, force: true }));
let queue: Promise<unknown> = Promise.resolve();

/** Convert a file with LibreOffice (headless) and return the converted bytes. */
export function officeConvert(input: { name: string; content: Buffer | string }, to: OfficeFormat, opts: ConvertOptions = {}): Promise<Buffer> {
  const run = queue.then(() => convert(input, to, opts));
  queue = run.catch(() => undefined);
  return run;
}

async function convert(input: { name: string; content: Buffer | string }, to: OfficeFormat, opts: ConvertOptions): Promise<Buffer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiceng-office-'));
  try {
    const src = path.join(dir, path.basename(input.name));
    const outDir = path.join(dir, 'out');
    fs.writeFileSync(src, input.content);
    const args = [`-env:UserInstallation=file://${profile}`, '--headless', '--norestore', '--nologo'];
    if (/\.csv$/i.test(input.name)) args.push('--infilter=CSV:44,34,76');
    args.push('--convert-to', exportFilter(to, opts), '--outdir', outDir, src);
    const timeout = opts.timeoutMs ?? 90_000;
    await new Promise<void>((resolve, reject) => {
      execFile(SOFFICE, args, { timeout, killSignal: 'SIGKILL' }, (err, _stdout, stderr) => {
        if (!err) return resolve();
        const e = err as NodeJS.ErrnoException & { killed?: boolean };
        if (e.code === 'ENOENT') reject(new Error(`LibreOffice is not installed (${SOFFICE} not found): apt-get install libreoffice-calc`));
        else if (e.killed) reject(new Error(`LibreOffice did not convert ${input.name} to ${to} within ${timeout / 1000} s`));
        else reject(new Error(`LibreOffice failed to convert ${input.name} to ${to}: ${String(stderr).trim() || e.message}`));
      });
    });
    const produced = fs.existsSync(outDir) ? fs.readdirSync(outDir) : [];
    const file = produced.find((f) => f.toLowerCase().endsWith(`.${to}`));
    if (!file) throw new Error(`LibreOffice wrote no .${to} for ${input.name} (filter ${exportFilter(to, opts)})`);
    return fs.readFileSync(path.join(outDir, file));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Flat ODS: the sheets a test describes, as LibreOffice reads them

export type FodsValue = string | number | boolean | Date | null;
/** A cell; `span` merges it over columns to its right, `down` over rows below (those positions are covered). */
export type FodsCell = FodsValue | { v: FodsValue; span?: number; down?: number };
export type FodsSheet = { name: string; rows: FodsCell[][] };

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function cellXml(c: FodsCell): string {
  const { v, span, down } = c !== null && typeof c === 'object' && !(c instanceof Date) ? c : { v: c, span: undefined, down: undefined };
  const merge = span || down ? ` table:number-columns-spanned="${span ?? 1}" table:number-rows-spanned="${down ?? 1}"` : '';
  if (v === null) return `<table:table-cell${merge}/>`;
  if (v instanceof Date) {
    return `<table:table-cell${merge} table:style-name="ce_date" office:value-type="date" office:date-value="${v.toISOString().slice(0, 10)}"/>`;
  }
  if (typeof v === 'number') {
    const style = Number.isInteger(v) ? ' table:style-name="ce_int"' : '';
    return `<table:table-cell${merge}${style} office:value-type="float" office:value="${v}"/>`;
  }
  if (typeof v === 'boolean') return `<table:table-cell${merge} office:value-type="boolean" office:boolean-value="${v}"/>`;
  const paras = v.split('\n').map((p) => `<text:p>${esc(p)}</text:p>`).join('');
  return `<table:table-cell${merge} office:value-type="string">${paras}</table:table-cell>`;
}

/** A flat ODS document (.fods): dates shown as YYYY-MM-DD and whole numbers in full, so a CSV export keeps them. */
export function flatOds(sheets: FodsSheet[]): string {
  const tables = sheets.map((s) => {
    const covered = new Set<string>();
    s.rows.forEach((row, r) => row.forEach((c, col) => {
      if (c === null || typeof c !== 'object' || c instanceof Date) return;
      for (let dr = 0; dr < (c.down ?? 1); dr++) {
        for (let dc = 0; dc < (c.span ?? 1); dc++) if (dr || dc) covered.add(`${r + dr}:${col + dc}`);
      }
    }));
    const rows = s.rows.map((row, r) => `<table:table-row>${row.map((c, col) =>
      (covered.has(`${r}:${col}`) ? '<table:covered-table-cell/>' : cellXml(c))).join('')}</table:table-row>`);
    return `<table:table table:name="${esc(s.name)}">${rows.join('\n')}</table:table>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
<office:automatic-styles>
 <number:date-style style:name="N_DATE"><number:year number:style="long"/><number:text>-</number:text><number:month number:style="long"/><number:text>-</number:text><number:day number:style="long"/></number:date-style>
 <number:number-style style:name="N_INT"><number:number number:decimal-places="0" number:min-integer-digits="1"/></number:number-style>
 <style:style style:name="ce_date" style:family="table-cell" style:data-style-name="N_DATE"/>
 <style:style style:name="ce_int" style:family="table-cell" style:data-style-name="N_INT"/>
</office:automatic-styles>
<office:body><office:spreadsheet>
${tables.join('\n')}
</office:spreadsheet></office:body></office:document>
`;
}
