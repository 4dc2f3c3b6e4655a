import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FIGURES, figureHelp, figuresMarkdown, type FigureDef } from './figures.js';

describe('figure definitions', () => {
  it('are published in docs/figures.md exactly as the pages read them (npm run figures:doc)', () => {
    expect(fs.readFileSync('docs/figures.md', 'utf8')).toBe(figuresMarkdown());
  });
  it('give one measure one label, and say what, whom, when, how and from where', () => {
    const defs = Object.values(FIGURES) as FigureDef[];
    const labels = defs.map((f) => f.label);
    expect(new Set(labels).size).toBe(labels.length);
    for (const f of defs) {
      for (const k of ['meaning', 'population', 'asOf', 'rule', 'source'] as const) expect(f[k].length, `${f.label} ${k}`).toBeGreaterThan(3);
      expect(f.shownOn.length, f.label).toBeGreaterThan(0);
    }
    expect(figureHelp('members.floating')).toContain('6 个月');
  });
});
