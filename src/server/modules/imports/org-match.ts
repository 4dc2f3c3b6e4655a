/**
 * Finding the org a sheet names. Rosters name a branch the way people say it ("三合村党支部"), the register the way
 * its seal reads ("中共云岭县中和乡三合村支部委员会"): both are the same branch. Pure: the caller gives the orgs in scope.
 */
import { ORG_TYPE_LABELS, type OrgType } from '../../../shared/codes.js';

export type OrgRef = { id: number; name: string; shortName: string | null; orgType: OrgType; parentName?: string | null };

/** The name reduced to what tells orgs apart: no 中共 prefix, no county prefix, one word for the org kind. */
export function orgKey(name: string): string {
  let s = name.replace(/[\s\u3000]/g, '').replace(/[（(][^）)]*[）)]/g, '');
  s = s.replace(/^(中国共产党|中共)/, '');
  s = s.replace(/(党总支部委员会|总支部委员会|党总支部|党总支|总支部|总支)$/, '总支')
    .replace(/(党支部委员会|支部委员会|党支部|支部)$/, '支部')
    .replace(/(党小组)$/, '小组')
    .replace(/(党委员会|委员会|党委|党工委|工委)$/, '委');
  return s;
}

/**
 * The key, then the key without the county, then without the township: the leading place names one sheet writes and
 * another leaves out ("云岭县中和乡三合村支部", "中和乡三合村支部", "三合村支部").
 */
export function orgKeys(name: string): string[] {
  const k = orgKey(name);
  const noCounty = k.replace(COUNTY, '');
  const noTown = noCounty.replace(TOWN, '');
  return [...new Set([k, noCounty, noTown])];
}
const COUNTY = /^.*?(县|市|区|旗)(?=.)/;
const TOWN = /^.*?(乡|镇|街道|苏木)(?=.)/;

/** The county and township a name begins with, where it names them. */
function placesOf(name: string): { county?: string; town?: string } {
  const k = orgKey(name);
  const county = k.match(COUNTY)?.[0];
  const town = k.replace(COUNTY, '').match(TOWN)?.[0];
  return { county, town };
}

/**
 * Whether two names can mean the same org: a place one leaves out is fine, two different places are not
 * ("官庄乡机关支部" is not "中和乡机关支部", though both shorten to "机关支部").
 */
export function samePlaces(a: string, b: string): boolean {
  const x = placesOf(a); const y = placesOf(b);
  return (!x.county || !y.county || x.county === y.county) && (!x.town || !y.town || x.town === y.town);
}

export type OrgMatch =
  | { ok: true; org: OrgRef }
  | { ok: false; message: string };

/** Levenshtein distance, for naming the closest candidates. */
function distance(a: string, b: string): number {
  const d = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0]!; d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = d[j]!;
      d[j] = Math.min(d[j]! + 1, d[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return d[b.length]!;
}

/**
 * An index of the orgs in scope by full name, short name and key. `accepts` says which kinds of org the column may
 * name (a member's org: a branch or general branch); `label` is the column's name, for the messages.
 */
export function orgIndex(list: OrgRef[], opts: { accepts: readonly OrgType[]; label: string; acceptsLabel: string }) {
  const byExact = new Map<string, OrgRef[]>();
  // one map per level of shortening, so that a full key never loses to a shortened one
  const byLevel = [new Map<string, OrgRef[]>(), new Map<string, OrgRef[]>(), new Map<string, OrgRef[]>()];
  const put = (m: Map<string, OrgRef[]>, k: string, o: OrgRef) => { if (k) m.set(k, [...(m.get(k) ?? []).filter((x) => x.id !== o.id), o]); };
  for (const o of list) {
    put(byExact, o.name, o);
    if (o.shortName) put(byExact, o.shortName, o);
    for (const n of [o.name, o.shortName]) {
      if (!n) continue;
      const ks = orgKeys(n);
      ks.forEach((k, i) => put(byLevel[i]!, k, o));
    }
  }
  const describe = (o: OrgRef) => (o.parentName ? `${o.name}（${o.parentName}）` : o.name);

  function closest(raw: string): OrgRef[] {
    const k = orgKeys(raw).at(-1)!;
    return list.filter((o) => opts.accepts.includes(o.orgType))
      .map((o) => ({ o, d: Math.min(...orgKeys(o.name).map((x) => distance(k, x))) }))
      .filter((x) => x.d <= Math.max(2, Math.floor(k.length / 3)))
      .sort((a, b) => a.d - b.d).slice(0, 3).map((x) => x.o);
  }

  return function match(raw: string): OrgMatch {
    const name = raw.trim();
    const raws = orgKeys(name);
    // the raw name's own shortenings, each looked up at every level of the register's
    const compatible = (o: OrgRef) => samePlaces(name, o.name);
    const hits = byExact.get(name)
      ?? raws.map((k) => byLevel.map((m) => m.get(k)?.filter(compatible)).find((h) => h?.length)).find((h) => h?.length) ?? [];
    const fitting = hits.filter((o) => opts.accepts.includes(o.orgType));
    if (fitting.length === 1) return { ok: true, org: fitting[0]! };
    if (fitting.length > 1) {
      return { ok: false, message: `「${opts.label}」“${name}”对应多个党组织：${fitting.slice(0, 4).map(describe).join('、')}，请填写全称` };
    }
    if (hits.length) {
      const o = hits[0]!;
      return { ok: false, message: `「${opts.label}」“${name}”是${ORG_TYPE_LABELS[o.orgType]}，不是${opts.acceptsLabel}：请填写其下的${opts.acceptsLabel}` };
    }
    const near = closest(name);
    return { ok: false, message: `「${opts.label}」“${name}”不存在或不在您的管理范围内${near.length ? `；相近的有：${near.map(describe).join('、')}` : ''}` };
  };
}
