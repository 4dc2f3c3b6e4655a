/**
 * The API contract: every route of the platform, its request and response schemas. The server registers exactly
 * these routes (core/contract.ts), /api/openapi.json is generated from them, and the web client is typed by them.
 */
import { assessmentApi } from './assessment.js';
import { auditApi } from './audit.js';
import { authApi } from './auth.js';
import { floatingApi } from './floating.js';
import { importsApi } from './imports.js';
import { inspectionsApi } from './inspections.js';
import { meetingsApi } from './meetings.js';
import { membersApi } from './members.js';
import { nonpublicApi } from './nonpublic.js';
import { noticesApi } from './notices.js';
import { orgsApi } from './orgs.js';
import { plansApi } from './plans.js';
import { reportsApi } from './reports.js';
import { systemApi } from './system.js';
import { trainingApi } from './training.js';
import { weakOrgsApi } from './weak-orgs.js';

export const contract = {
  ...systemApi, ...authApi, ...orgsApi, ...membersApi, ...auditApi, ...importsApi, ...meetingsApi, ...floatingApi, ...trainingApi,
  ...assessmentApi, ...inspectionsApi, ...weakOrgsApi, ...nonpublicApi, ...plansApi, ...noticesApi, ...reportsApi,
} as const;
export type Contract = typeof contract;
export type RouteKey = keyof Contract & string;
