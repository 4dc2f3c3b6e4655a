/** Names for the answers pages pass around, taken from the API contract (never written by hand). */
import type { Got, RowOf } from './client';

export type Page<T> = { items: T[]; total: number };
export type OrgItem = RowOf<'/api/orgs/tree'>;
export type OrgSearchItem = RowOf<'/api/orgs'>;
export type OrgDetail = Got<'/api/orgs/:id'>;
export type Post = OrgDetail['posts'][number];
export type MemberItem = RowOf<'/api/members'>;
export type Member = Got<'/api/members/:id'>;
