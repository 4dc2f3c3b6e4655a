import { describe, expect, inject, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { migrate, openPglite, rows } from '../../src/server/core/db.js';
import { today } from '../../src/server/core/paging.js';
import { loadDemo, seedReference } from '../../src/server/demo/load.js';

// The demo is built as of one day. A load that starts before midnight and ends after it (or one built as of
// another day, as here) must not date a step of a problem, a task or a notice after that day or before its facts.
// PGlite only: the PostgreSQL run loads the same demo into its template before any test.
describe.skipIf(inject('dbKind') === 'postgres')('demo county built as of a day other than today', () => {
  it('loads, and every dated step lies on or before that day', { timeout: 240_000 }, async () => {
    const asOf = '2025-06-30';
    expect(today()).not.toBe(asOf);
    const d = await openPglite();
    try {
      await migrate(d);
      await seedReference(d.db);
      const made = await loadDemo(d.db, { today: asOf, scale: 0.2 });
      expect(made[0]!.orgs).toBeGreaterThan(50);
      const [r] = await rows<{ found: string; happened: string; early: number; reads: number }>(d.db, sql`select
        (select max(found_on)::text from rectification_items) as found,
        (select max(happened_on)::text from rectification_events) as happened,
        (select count(*)::int from rectification_events e join rectification_items i on i.id = e.item_id where e.happened_on < i.found_on) as early,
        (select count(*)::int from notice_reads) as reads`);
      expect(r!.found).toBe(asOf);
      expect(r!.happened <= asOf).toBe(true);
      expect(r!.early).toBe(0);
      expect(r!.reads).toBeGreaterThan(0);
    } finally {
      await d.close();
    }
  });
});
