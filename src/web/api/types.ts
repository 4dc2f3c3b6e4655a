export type Page<T> = { items: T[]; total: number };
export type OrgItem = {
  id: number; parentId: number | null; name: string; orgType: string; category: string; status: string; termEnd: string | null;
  memberCount: number; subtreeMemberCount: number; childCount: number; depth: number; version: number; parentName?: string | null; termState?: string;
};
export type Post = { id: number; post: string; personName: string; memberId: number | null; startedOn: string; endedOn: string | null; endReason: string | null };
export type OrgDetail = OrgItem & {
  shortName: string | null; isTemporary: boolean; unitName: string | null; unitUscc: string | null; contactName: string | null;
  contactPhone: string | null; foundedOn: string | null; termStart: string | null; path: string; parentName: string | null;
  ancestors: { id: number; name: string }[]; fullMembers: number; warnings: { code: string; message: string }[]; posts: Post[];
  dissolvedOn: string | null; dissolvedReason: string | null;
};
export type Member = {
  id: number; orgId: number; orgName: string; name: string; gender: string; ethnicity: string; idNumber: string; birthDate: string;
  education: string | null; memberCategory: 'full' | 'probationary'; joinDate: string; fullMemberDate: string | null; mobile: string | null;
  jobPosition: string | null; homeAddress?: string | null; employerAndPost?: string | null; isFloating: boolean; floatingSince?: string | null;
  outflowRegion?: string | null; isLostContact: boolean; lostContactSince?: string | null; isWithoutPost: boolean; dutyPost?: string | null;
  status: string; version: number; membershipStatus?: string; partyAgeYears?: number | null;
  transfers?: { id: number; fromOrgName: string; toOrgName: string; transferredOn: string; reason: string | null }[];
  posts?: { id: number; post: string; orgName: string; startedOn: string; endedOn: string | null }[];
};
