import { api } from './client';

export type OrgRef = { id: number; name: string; orgType: string };

/** The top of the user's scope (the first root of their tree): the default owner or sender of what they create. */
export async function topOrg(): Promise<OrgRef | null> {
  return (await api.get('/api/orgs/tree'))[0] ?? null;
}
