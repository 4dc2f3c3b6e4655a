import { sql } from 'drizzle-orm';
import { withIdCheckDigit } from '../src/server/core/idcard.js';
import { rows, type Db } from '../src/server/core/db.js';

let seq = 0;

/** A valid member body for POST /api/members, unique per call. */
export function buildMember(orgId: number, over: Record<string, unknown> = {}) {
  seq += 1;
  const birth = `1985${String(1 + (seq % 12)).padStart(2, '0')}${String(1 + (seq % 28)).padStart(2, '0')}`;
  const idNumber = withIdCheckDigit(`530121${birth}${String(100 + ((seq * 2) % 800) + 1).padStart(3, '0')}`);
  return {
    orgId, name: `测试党员${seq}`, gender: '1', ethnicity: '01', idNumber, birthDate: `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6)}`,
    education: '21', memberCategory: 'full', joinDate: '2010-07-01', fullMemberDate: '2011-07-01', mobile: '13900000000', ...over,
  };
}

export function buildOrg(parentId: number, over: Record<string, unknown> = {}) {
  seq += 1;
  return { parentId, name: `中共测试第${seq}支部委员会`, orgType: 'branch', category: 'non_public_enterprise', ...over };
}

/** Ids the demo accounts are anchored to, read from the database rather than assumed. */
export async function anchors(db: Db) {
  const r = await rows<{ username: string; org_id: number; path: string; member_id: number | null }>(db, sql`
    select u.username, a.org_id, o.path, u.member_id from users u join role_assignments a on a.user_id = u.id join orgs o on o.id = a.org_id`);
  const by = (u: string) => r.find((x) => x.username === u)!;
  const town = by('township_admin');
  const [other] = await rows<{ id: number; path: string }>(db, sql`select id, path from orgs where org_type = 'township_committee' and id <> ${town.org_id} order by id limit 1`);
  const [otherBranch] = await rows<{ id: number }>(db, sql`select id from orgs where org_type = 'branch' and path like ${other!.path + '%'} and member_count > 0 order by id limit 1`);
  const [otherMember] = await rows<{ id: number }>(db, sql`select id from members where org_id = ${otherBranch!.id} order by id limit 1`);
  const [townBranch] = await rows<{ id: number }>(db, sql`select id from orgs where org_type = 'branch' and path like ${town.path + '%'} and id <> ${by('branch_secretary').org_id} and member_count > 0 order by id limit 1`);
  return {
    root: by('county_admin').org_id, town: town.org_id, townPath: town.path, branch: by('branch_secretary').org_id,
    secretaryMember: by('branch_secretary').member_id!, plainMember: by('member').member_id!,
    otherTown: other!.id, otherBranch: otherBranch!.id, otherMember: otherMember!.id, townBranch: townBranch!.id,
  };
}
