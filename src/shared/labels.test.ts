import { describe, expect, it } from 'vitest';
import { contract } from './api/index.js';
import { FIELD_LABELS, fieldLabel } from './labels.js';

type Def = { type?: string; shape?: Record<string, unknown>; options?: unknown[] } & Record<string, unknown>;
const defOf = (t: unknown): Def | undefined => (t as { _zod?: { def?: Def } })?._zod?.def;

/** Every field name a request of the contract may carry (bodies, queries, path parameters, nested objects and arrays). */
function requestFields(): Map<string, string> {
  const found = new Map<string, string>();
  const seen = new Set<unknown>();
  const walk = (t: unknown, route: string) => {
    const d = defOf(t);
    if (!d || seen.has(t)) return;
    seen.add(t);
    if (d.type === 'object') {
      for (const [k, v] of Object.entries((t as { shape: Record<string, unknown> }).shape)) { if (!found.has(k)) found.set(k, route); walk(v, route); }
      return;
    }
    for (const key of ['innerType', 'element', 'in', 'out', 'schema', 'left', 'right', 'valueType']) walk(d[key], route);
    for (const o of d.options ?? []) walk(o, route);
  };
  for (const [key, r] of Object.entries(contract)) for (const part of ['body', 'query', 'params'] as const) walk((r as Record<string, unknown>)[part], key);
  return found;
}

describe('field names in messages', () => {
  it('gives every field a request may carry a Chinese name, so that no message shows a field code', () => {
    const fields = requestFields();
    // the walker reaches the whole contract: bodies, nested lists, queries
    expect(fields.size).toBeGreaterThan(300);
    for (const nested of ['sessionIds', 'overall', 'courseScores', 'single', 'choice', 'text']) expect(fields.has(nested)).toBe(true);
    const unnamed = [...fields].filter(([k]) => !FIELD_LABELS[k]).map(([k, route]) => `${k}（${route}）`);
    expect(unnamed).toEqual([]);
    for (const k of fields.keys()) expect(FIELD_LABELS[k]).toMatch(/\p{Script=Han}/u);
  });

  it('names a nested field by its own name, and a field by what the resource calls it', () => {
    expect(fieldLabel('draw.single')).toBe('单选题数');
    expect(fieldLabel('courseScores.2.courseId')).toBe('课程');
    expect(fieldLabel('name', '/api/members/12')).toBe('姓名');
    expect(fieldLabel('name', '/api/orgs')).toBe('党组织名称');
  });
});
