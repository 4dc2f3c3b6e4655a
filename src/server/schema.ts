/**
 * Every table, for drizzle-kit (drizzle.config.ts) to compare with the migrations. Each module owns its
 * tables.ts; core owns the audit log. It sits beside the entry points because it knows every module.
 */
export * from './modules/orgs/tables.js';
export * from './modules/members/tables.js';
export * from './modules/auth/tables.js';
export { auditLog } from './core/audit.js';
export * from './modules/imports/tables.js';
export * from './modules/meetings/tables.js';
export * from './modules/floating/tables.js';
export * from './modules/training/tables.js';
export * from './modules/assessment/tables.js';
export * from './modules/inspections/tables.js';
export * from './modules/weak-orgs/tables.js';
export * from './modules/nonpublic/tables.js';
export * from './modules/plans/tables.js';
export * from './modules/notices/tables.js';
