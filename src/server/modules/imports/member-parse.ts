/**
 * The rows of a member roster below its header, parsed in batches, so that each batch is compared with the register
 * and written while the file is still being read (an import of 100,000 rows: bench/results.md). Pure: the orgs in
 * scope come in as data. Decision 0014.
 */
import { MEMBER_ORG_TYPES } from '../members/rules.js';
import { parseMemberRow, type MemberRecord } from './member-rows.js';
import { orgIndex, type OrgMatch, type OrgRef } from './org-match.js';
import type { Mapping, RawRow } from './types.js';

/** What parsing a sheet's rows needs. */
export type ParseJob = {
  mapping: Mapping; orgs: OrgRef[]; fixedOrg: OrgRef | null; today: string;
  /** the sheet's own label of the 所在党支部 column, for messages */
  orgLabel: string;
};
export type ParsedRow = { row: number; record: MemberRecord | null; errors: string[] };

/** Rows per batch: one query for those already on the register, one COPY for the new (fewer, larger COPYs cost less). */
const BATCH = 5000;

/** The data rows (sheet.ts `dataRows`: below the header, without totals and signatures), parsed, in batches in sheet order. */
export async function* parseRows(rows: AsyncIterable<RawRow>, job: ParseJob): AsyncGenerator<ParsedRow[]> {
  const matchOnce = orgIndex(job.orgs, { accepts: MEMBER_ORG_TYPES, label: job.orgLabel, acceptsLabel: '党支部' });
  // a roster names the same few branches on every row: each name is looked up once
  const cache = new Map<string, OrgMatch>();
  const matchOrg = (raw: string) => { let m = cache.get(raw); if (!m) { m = matchOnce(raw); cache.set(raw, m); } return m; };
  const ctx = { today: job.today, matchOrg, fixedOrg: job.fixedOrg };
  let batch: ParsedRow[] = [];
  for await (const r of rows) {
    const res = parseMemberRow(r.cells, job.mapping, ctx);
    batch.push({ row: r.rowNumber, record: res.record, errors: res.errors });
    if (batch.length >= BATCH) { yield batch; batch = []; }
  }
  if (batch.length) yield batch;
}
