import { describe, expect, it } from 'vitest';
import { scanRows, scanSharedStrings, xmlText } from './xlsx-scan.js';

/** The text in chunks of `size` bytes, so that tags and characters fall across chunk ends. */
async function* chunks(text: string, size: number): AsyncGenerator<Buffer> {
  const b = Buffer.from(text, 'utf8');
  for (let i = 0; i < b.length; i += size) yield b.subarray(i, i + size);
}
const collect = async <T>(it: AsyncIterable<T>) => { const out: T[] = []; for await (const x of it) out.push(x); return out; };

describe('scanning a worksheet as text', () => {
  const sheet = `<?xml version="1.0"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>
    <x:row r="1" spans="1:3"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="C1" t="inlineStr"><x:is><x:r><x:t>张</x:t></x:r><x:r><x:t xml:space="preserve">三 </x:t></x:r><x:rPh sb="0" eb="2"><x:t>ちょう</x:t></x:rPh></x:is></x:c></x:row>
    <x:row r="3"/>
    <x:row r="4"><x:c r="A4" s="2"><x:v>33786</x:v></x:c><x:c r="B4" s="1"><x:v>1.5</x:v></x:c><x:c t="b"><x:v>1</x:v></x:c><x:c t="e"><x:v>#N/A</x:v></x:c></x:row>
    <x:row><x:c r="B5" t="str"><x:f>A1&amp;"x"</x:f><x:v>a&amp;b &lt;c&gt;</x:v></x:c><x:c r="D5" t="d"><x:v>2019-07-01T00:00:00Z</x:v></x:c><x:c r="E5" s="2"/></x:row>
  </x:sheetData></x:worksheet>`;
  const options = { strings: ['姓名'], isDateStyle: (s: number) => s === 2, date1904: false };

  it('reads prefixed elements, inline strings (runs joined, phonetic guide left out), dates by style, flags, errors, formula text', async () => {
    for (const size of [7, 64, 1 << 16]) {
      const rows = await collect(scanRows(chunks(sheet, size), options));
      expect(rows.map((r) => r.rowNumber)).toEqual([1, 4, 5]);
      expect(rows[0]!.cells).toEqual(['姓名', undefined, '张三 ']);
      expect(rows[1]!.cells).toEqual([new Date('1992-07-01T00:00:00Z'), 1.5, true, '#N/A']);
      expect(rows[2]!.cells).toEqual([undefined, 'a&b <c>', undefined, new Date('2019-07-01T00:00:00Z')]);
    }
  });

  it('reads shared strings: rich runs joined, phonetic guides left out, empty items kept in place, entities decoded', async () => {
    const sst = `<sst xmlns="x"><si><t>甲</t></si><si/><si><r><t>张</t></r><r><t>三</t></r><rPh sb="0" eb="2"><t>ちょう</t></rPh></si><si><t>A&amp;B&#x4E00;&#19968;</t></si></sst>`;
    for (const size of [5, 1 << 16]) expect(await scanSharedStrings(chunks(sst, size))).toEqual(['甲', '', '张三', 'A&B一一']);
  });

  it('turns XML text into what it stands for', () => {
    expect(xmlText('a&lt;b&gt;&quot;&apos;&amp;\r\nc')).toBe('a<b>"\'&\nc');
  });
});
