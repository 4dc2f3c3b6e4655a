import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, pgTable, primaryKey, serial, text, timestamp } from 'drizzle-orm/pg-core';
import { ENTITY_KINDS, ENTITY_SIZES, COVER_KINDS, type CoverKind } from '../../../shared/codes.js';
export { ENTITY_KINDS, ENTITY_SIZES, COVER_KINDS, type CoverKind };

/** 单独组建 / 联合组建 / 未建 */

/** 两新组织 register: non-public enterprises and social organisations, and whether a party org covers them. */
export const nonpublicEntities = pgTable('nonpublic_entities', {
  id: serial('id').primaryKey(),
  countyId: integer('county_id').notNull(),
  /** the township or sector committee responsible for it: the rollup and the data scope */
  ownerOrgId: integer('owner_org_id').notNull(),
  name: text('name').notNull(),
  uscc: text('uscc'),
  /** the checksum failed and the user kept it (early pilot codes are legal, docs/registers.md §4) */
  usccWarning: text('uscc_warning'),
  kind: text('kind').notNull().$type<(typeof ENTITY_KINDS)[number]>(),
  size: text('size').notNull().$type<(typeof ENTITY_SIZES)[number]>(),
  industry: text('industry'),
  employees: integer('employees').notNull(),
  partyMembers: integer('party_members').notNull(),
  coverKind: text('cover_kind').notNull().$type<CoverKind>(),
  partyOrgId: integer('party_org_id'),
  liaison: text('liaison'),
  address: text('address'),
  active: boolean('active').notNull().default(true),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  version: integer('version').notNull().default(1),
}, (t) => [
  index('nonpublic_owner_idx').on(t.ownerOrgId),
  index('nonpublic_county_idx').on(t.countyId),
  check('nonpublic_counts_chk', sql`${t.employees} >= 0 and ${t.partyMembers} >= 0 and ${t.partyMembers} <= ${t.employees}`),
  check('nonpublic_cover_chk', sql`${t.coverKind} in ('own','joint','none') and (${t.coverKind} = 'none' or ${t.partyOrgId} is not null)`),
]);

/** Coverage at a month's end per owner org: the trend line (written by the monthly snapshot; idempotent). */
export const nonpublicSnapshots = pgTable('nonpublic_snapshots', {
  month: date('month').notNull(),
  ownerOrgId: integer('owner_org_id').notNull(),
  countyId: integer('county_id').notNull(),
  entities: integer('entities').notNull(),
  covered: integer('covered').notNull(),
  eligible: integer('eligible').notNull(),
  eligibleCovered: integer('eligible_covered').notNull(),
}, (t) => [primaryKey({ columns: [t.month, t.ownerOrgId] })]);
