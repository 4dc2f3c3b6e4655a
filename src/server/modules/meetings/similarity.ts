/**
 * Near-duplicate minutes: character shingles, MinHash signatures and LSH banding find candidate
 * pairs in near-linear time; the exact Jaccard similarity of the shingle sets decides. Pure.
 */
export const SHINGLE = 5;
const HASHES = 64;
const BANDS = 16; // 16 bands × 4 rows: pairs at Jaccard ≥ 0.8 become candidates with probability > 0.999

/** Text as compared: without the orgs' own names, digits, spaces and punctuation (a copy often changes just those). */
export function normalize(text: string, strip: string[] = []): string {
  let t = text;
  for (const s of strip) if (s) t = t.split(s).join('');
  return t.replace(/[\s\d０-９\p{P}\p{S}]/gu, '');
}

/**
 * The shingles of a text as a sorted set of 32-bit hashes: 4 bytes a shingle instead of a string in a Set,
 * so that a province's month of minutes (~200,000 records) fits in memory. Two different shingles sharing
 * a hash is a 1-in-4-billion event per pair of shingles; the all-pairs reference uses the same sets.
 */
export function shingles(text: string, k = SHINGLE): Uint32Array {
  const n = Math.max(0, text.length - k + 1);
  const all = new Uint32Array(n);
  for (let i = 0; i < n; i++) all[i] = hash32(text, i, k);
  all.sort();
  let m = 0;
  for (let i = 0; i < n; i++) if (i === 0 || all[i] !== all[i - 1]) all[m++] = all[i]!;
  return all.slice(0, m);
}

/** Exact Jaccard similarity of two sorted hash sets, by merging. */
export function jaccard(a: Uint32Array, b: Uint32Array): number {
  if (!a.length && !b.length) return 0;
  let i = 0; let j = 0; let inter = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) { inter++; i++; j++; } else if (a[i]! < b[j]!) i++; else j++;
  }
  return inter / (a.length + b.length - inter);
}

/** FNV-1a over k characters of a text from a position, finished with a mix. */
function hash32(text: string, from: number, k: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < from + k; i++) { h ^= text.charCodeAt(i); h = Math.imul(h, 0x01000193); }
  return mix(h);
}

function mix(x: number): number {
  let h = x;
  h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b); h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35); h ^= h >>> 16;
  return h >>> 0;
}

const SEEDS = Uint32Array.from({ length: HASHES }, (_, i) => mix(i * 0x9e3779b1 + 1));

/** MinHash signature: for each of HASHES seeded mixes of the shingle hashes, the least value. */
export function minhash(set: Uint32Array): Uint32Array {
  const sig = new Uint32Array(HASHES).fill(0xffffffff);
  for (const s of set) for (let i = 0; i < HASHES; i++) { const v = mix(s ^ SEEDS[i]!); if (v < sig[i]!) sig[i] = v; }
  return sig;
}

export type Doc = { id: number; group: number; text: string };
export type Pair = { a: number; b: number; similarity: number };

/** Pairs of documents from different groups (orgs) whose minutes are at least `threshold` alike. */
export function similarPairs(docs: Doc[], threshold: number): Pair[] {
  const sets = new Map<number, Uint32Array>();
  const buckets = new Map<string, number[]>();
  const rows = HASHES / BANDS;
  for (const d of docs) {
    const s = shingles(d.text);
    if (s.length < 10) continue; // too short to say anything
    sets.set(d.id, s);
    const sig = minhash(s);
    for (let b = 0; b < BANDS; b++) {
      const key = `${b}:${Array.from(sig.subarray(b * rows, (b + 1) * rows)).join(',')}`;
      const list = buckets.get(key);
      if (list) list.push(d.id); else buckets.set(key, [d.id]);
    }
  }
  const group = new Map(docs.map((d) => [d.id, d.group]));
  // pairs already compared, per lower id (one Set per id stays far below a Set's size limit on a province's month)
  const seen = new Map<number, Set<number>>();
  const out: Pair[] = [];
  for (const ids of buckets.values()) {
    if (ids.length < 2) continue;
    for (let i = 0; i < ids.length; i++) for (let j = i + 1; j < ids.length; j++) {
      const [a, b] = ids[i]! < ids[j]! ? [ids[i]!, ids[j]!] : [ids[j]!, ids[i]!];
      if (group.get(a) === group.get(b)) continue;
      let done = seen.get(a);
      if (!done) { done = new Set(); seen.set(a, done); }
      if (done.has(b)) continue;
      done.add(b);
      const sim = jaccard(sets.get(a)!, sets.get(b)!);
      if (sim >= threshold) out.push({ a, b, similarity: sim });
    }
  }
  return out.sort((x, y) => y.similarity - x.similarity);
}

/** The same answer by comparing every pair: the reference the fast path is checked against. */
export function similarPairsBruteForce(docs: Doc[], threshold: number): Pair[] {
  const sets = docs.map((d) => ({ ...d, s: shingles(d.text) })).filter((d) => d.s.length >= 10);
  const out: Pair[] = [];
  for (let i = 0; i < sets.length; i++) for (let j = i + 1; j < sets.length; j++) {
    if (sets[i]!.group === sets[j]!.group) continue;
    const sim = jaccard(sets[i]!.s, sets[j]!.s);
    if (sim >= threshold) {
      const [a, b] = sets[i]!.id < sets[j]!.id ? [sets[i]!.id, sets[j]!.id] : [sets[j]!.id, sets[i]!.id];
      out.push({ a, b, similarity: sim });
    }
  }
  return out.sort((x, y) => y.similarity - x.similarity);
}
