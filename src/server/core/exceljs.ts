/**
 * exceljs, with its streaming XML reader fixed for multi-byte text.
 *
 * exceljs 4.4's lib/utils/parse-sax.js turns every unzipped chunk into a string on its own, so a
 * Chinese character split across two chunks becomes "��" (exceljs issues #2063, #2084, #2316; open).
 * Rosters are Chinese text: one name in a few thousand came back corrupted. Before exceljs loads,
 * we put a version of that module into the require cache that decodes with one StringDecoder per
 * stream. Every module of ours imports exceljs from here. See docs/decisions/0003-exceljs-utf8.md.
 */
import { createRequire } from 'node:module';
import { StringDecoder } from 'node:string_decoder';

const require = createRequire(import.meta.url);
const parseSaxPath = require.resolve('exceljs/lib/utils/parse-sax.js');
const fromExceljs = createRequire(parseSaxPath);
const { SaxesParser } = fromExceljs('saxes') as { SaxesParser: new () => SaxesLike };
const { PassThrough } = fromExceljs('readable-stream') as typeof import('node:stream');

type SaxesLike = { on(ev: string, cb: (v: unknown) => void): void; write(s: string): void };
type SaxEvent = { eventType: 'opentag' | 'text' | 'closetag'; value: unknown };

export async function* parseSax(iterable: AsyncIterable<Buffer | string> & { pipe?: unknown }): AsyncGenerator<SaxEvent[]> {
  let source: AsyncIterable<Buffer | string> = iterable;
  if (typeof iterable.pipe === 'function' && !(Symbol.asyncIterator in iterable)) {
    source = (iterable as unknown as NodeJS.ReadableStream).pipe(new PassThrough()) as unknown as AsyncIterable<Buffer>;
  }
  const parser = new SaxesParser();
  const decoder = new StringDecoder('utf8');
  let error: unknown;
  let events: SaxEvent[] = [];
  parser.on('error', (e) => { error = e; });
  parser.on('opentag', (value) => events.push({ eventType: 'opentag', value }));
  parser.on('text', (value) => events.push({ eventType: 'text', value }));
  parser.on('closetag', (value) => events.push({ eventType: 'closetag', value }));
  for await (const chunk of source) {
    parser.write(typeof chunk === 'string' ? chunk : decoder.write(Buffer.from(chunk)));
    if (error) throw error;
    yield events;
    events = [];
  }
  const rest = decoder.end();
  if (rest) { parser.write(rest); if (error) throw error; yield events; }
}

type ExcelJSModule = typeof import('exceljs');
let loaded: ExcelJSModule | undefined;
function load(): ExcelJSModule {
  if (!loaded) {
    require(parseSaxPath);
    require.cache[parseSaxPath]!.exports = parseSax;
    loaded = require('exceljs') as ExcelJSModule;
  }
  return loaded;
}

/** exceljs, loaded when first used rather than when the server starts (it takes about half a second to load). */
const ExcelJS = new Proxy({} as ExcelJSModule, { get: (_, key) => load()[key as keyof ExcelJSModule] });
export default ExcelJS;
