/** All tables, for Drizzle's typed queries. Each module owns its own tables.ts. */
export * from '../modules/orgs/tables.js';
export * from '../modules/members/tables.js';
export * from '../modules/auth/tables.js';
export * from '../modules/audit/tables.js';
export * from '../modules/imports/tables.js';
export * from '../modules/meetings/tables.js';
export * from '../modules/floating/tables.js';
export * from '../modules/training/tables.js';
export * from '../modules/assessment/tables.js';
export * from '../modules/inspections/tables.js';
export * from '../modules/weak-orgs/tables.js';
export * from '../modules/nonpublic/tables.js';
export * from '../modules/plans/tables.js';
export * from '../modules/notices/tables.js';
