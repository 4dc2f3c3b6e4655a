import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { contract } from '../../src/shared/api/index.js';
import { isFileResponse, type RouteDef } from '../../src/shared/api/common.js';
import { rows } from '../../src/server/core/db.js';
import { login, useApp, type Client } from '../helpers.js';

/**
 * The API contract (src/shared/api) is the one description of the API: the server serves exactly its routes,
 * /api/openapi.json is generated from it, every JSON answer is what its schema says (the suite's server refuses an
 * answer that does not match, or that carries a field the contract does not name), and the web calls only its routes.
 */
type Spec = { paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> }>> };
const toOpenApi = (p: string) => p.replace(/:(\w+)/g, '{$1}');
const keys = Object.keys(contract) as (keyof typeof contract)[];
const def = (k: keyof typeof contract) => contract[k] as RouteDef;

describe('the API contract', () => {
  const ctx = useApp();
  let county: Client;
  let spec: Spec;

  beforeAll(async () => {
    county = await login(ctx.app, 'county_admin');
    spec = (await county.get('/api/openapi.json')).json();
  });

  it('is what the server serves: every route of the contract and no other, each with its response schema', () => {
    const served = Object.entries(spec.paths).flatMap(([p, ops]) => Object.keys(ops).filter((m) => m !== 'head').map((m) => `${m.toUpperCase()} ${p}`));
    const described = keys.filter((k) => !def(k).hide).map((k) => { const [m, p] = k.split(' '); return `${m} ${toOpenApi(p!)}`; });
    expect(served.sort()).toEqual(described.sort());
    let checked = 0;
    for (const k of keys.filter((x) => !def(x).hide)) {
      const d = def(k);
      const [m, p] = k.split(' ');
      const op = spec.paths[toOpenApi(p!)]![m!.toLowerCase()]!;
      const status = String(d.status ?? 200);
      const content = op.responses?.[status]?.content;
      expect(content, `${k} 没有响应约定`).toBeTruthy();
      if (!isFileResponse(d.response)) {
        // the published schema is the contract's own: the same fields at the top level
        const published = content!['application/json']!.schema as { properties?: Record<string, unknown>; items?: { properties?: Record<string, unknown> } };
        const own = z.toJSONSchema(d.response as z.ZodType, { io: 'output', target: 'openapi-3.0', unrepresentable: 'any' }) as typeof published;
        expect(Object.keys(published.properties ?? published.items?.properties ?? {}), k).toEqual(Object.keys(own.properties ?? own.items?.properties ?? {}));
      }
      checked++;
    }
    expect(checked).toBeGreaterThan(250);
  });

  it('is the only way the web calls the server: every path in the web code is a route of the contract', () => {
    const files: string[] = [];
    const walk = (d: string) => fs.readdirSync(d, { withFileTypes: true }).forEach((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : /\.(ts|vue)$/.test(e.name) && files.push(path.join(d, e.name))));
    walk('src/web');
    const calls: string[] = [];
    for (const f of files) {
      const text = fs.readFileSync(f, 'utf8');
      expect(text, `${f} 直接请求了 /api/`).not.toMatch(/fetch\(\s*[`'"]\/api\//);
      for (const m of text.matchAll(/\bapi\.(get|post|put|delete)\(\s*'([^']+)'/g)) calls.push(`${m[1]!.toUpperCase()} ${m[2]}`);
      for (const m of text.matchAll(/\b(?:download|fileUrl)\(\s*'([^']+)'/g)) calls.push(`GET ${m[1]}`);
      for (const m of text.matchAll(/\bupload\(\s*'([^']+)'/g)) calls.push(`POST ${m[1]}`);
    }
    expect(calls.length).toBeGreaterThan(200);
    const unknown = calls.filter((c) => !(c in contract));
    expect(unknown).toEqual([]);
  });

  it('answers every JSON read as its schema says (county administrator, real records)', async () => {
    const first = async (q: ReturnType<typeof sql>) => ((await rows<{ id: number | string }>(ctx.db, q))[0]?.id ?? null);
    const ids: Record<string, () => Promise<number | string | null>> = {
      orgs: () => first(sql`select id from orgs where org_type = 'branch' and status = 'active' order by id limit 1`),
      members: () => first(sql`select id from members where status = 'active' order by id limit 1`),
      meetings: () => first(sql`select id from meetings where status = 'submitted' order by id limit 1`),
      'training/classes': () => first(sql`select id from training_classes order by starts_on limit 1`),
      'training/sessions': () => first(sql`select id from training_sessions order by id limit 1`),
      'training/records': () => first(sql`select id from members where id in (select member_id from training_enrollments) order by id limit 1`),
      'assessment/schemes': () => first(sql`select id from assessment_schemes order by id limit 1`),
      'inspections/plans': () => first(sql`select id from inspection_plans order by id limit 1`),
      rectifications: () => first(sql`select id from rectification_items order by id limit 1`),
      'weak-orgs/criteria': async () => new Date().getFullYear(),
      'weak-orgs/runs': () => first(sql`select id from screening_runs order by id desc limit 1`),
      'three-lacks/orgs': () => first(sql`select org_id as id from three_lacks_entries order by id limit 1`),
      plans: () => first(sql`select id from plans order by id limit 1`),
      'plans/targets': () => first(sql`select id from plan_targets order by id limit 1`),
      'plans/tasks': () => first(sql`select id from plan_tasks order by id limit 1`),
      'plans/reviews': () => first(sql`select id from plan_reviews order by id limit 1`),
      campaigns: () => first(sql`select id from campaigns order by id limit 1`),
      notices: () => first(sql`select id from notices order by id limit 1`),
      reports: async () => 'org-members',
    };
    const walked: string[] = [];
    const failed: string[] = [];
    for (const k of keys) {
      const d = def(k);
      const [m, p] = k.split(' ') as [string, string];
      if (m !== 'GET' || isFileResponse(d.response) || d.hide || p.includes('/me/') || p.startsWith('/api/ballot/') || p.startsWith('/api/files/')) continue;
      let url = p;
      if (p.includes(':')) {
        const base = Object.keys(ids).sort((a, b) => b.length - a.length).find((b) => p.startsWith(`/api/${b}/`));
        if (!base) continue;
        const id = await ids[base]!();
        if (id === null) continue;
        url = p.replace(':id', String(id)).replace(':year', String(id)).replace(':key', String(id));
        if (url.includes(':orgId')) url = url.replace(':orgId', String(await ids.orgs!()));
        if (url.includes(':indicatorId')) url = url.replace(':indicatorId', String(await first(sql`select id from assessment_indicators where method = 'duty' order by id limit 1`) ?? 0));
        if (url.includes(':')) continue;
      }
      const r = await county.get(url);
      walked.push(k);
      if (r.statusCode >= 500) failed.push(`${k} → ${r.statusCode} ${r.json().detail ?? ''}`);
    }
    expect(failed).toEqual([]);
    expect(walked.length).toBeGreaterThan(100);
  });
});
