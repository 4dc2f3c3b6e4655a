import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Every place the code, its messages or the docs cite a document of the project: file and section must exist. */
const ROOT = join(import.meta.dirname, '..', '..');

function filesUnder(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) filesUnder(p, out);
    else if (/\.(ts|vue|md)$/.test(name)) out.push(p);
  }
  return out;
}

const sources = [...filesUnder(join(ROOT, 'src')), ...filesUnder(join(ROOT, 'docs')), ...filesUnder(join(ROOT, 'scripts')),
  join(ROOT, 'README.md')];
const citations = sources.flatMap((file) => {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/docs\/([\w./-]+\.md)(?: §(\d+(?:\.\d+)?))?/g)].map((m) => ({ file, doc: m[1]!, section: m[2] }));
});

/** `§2.3` is a heading `### §2.3`, or item `3.` of the numbered list under heading `## §2`. */
function hasSection(text: string, section: string): boolean {
  const heading = (n: string) => new RegExp(`^#{2,4} §${n.replace('.', '\\.')}(?![\\d.])[^\\n]*\\n([\\s\\S]*?)(?=^#{2,4} §|(?![\\s\\S]))`, 'm').exec(text);
  if (heading(section)) return true;
  const [major, item] = section.split('.');
  const body = item ? heading(major!)?.[1] : undefined;
  return !!body && new RegExp(`^${item}\\. `, 'm').test(body);
}

describe('documents the project cites', () => {
  it('are its own: nothing cites design notes that are not part of the project', () => {
    const outside = sources.filter((f) => /(?<![\w/])(RULES|REGISTERS|PLATFORM-NOTES|ARCHITECTURE|STYLE)\.md|shared\/design/.test(readFileSync(f, 'utf8')));
    expect(outside.map((f) => f.slice(ROOT.length + 1))).toEqual([]);
  });

  it('exist, with the section cited', () => {
    expect(citations.length).toBeGreaterThan(40);
    const missing = citations.filter(({ doc, section }) => {
      const path = join(ROOT, 'docs', doc);
      if (!existsSync(path)) return true;
      if (!section) return false;
      return !hasSection(readFileSync(path, 'utf8'), section);
    }).map((c) => `${c.file.slice(ROOT.length + 1)} → docs/${c.doc}${c.section ? ` §${c.section}` : ''}`);
    expect(missing).toEqual([]);
  });
});
