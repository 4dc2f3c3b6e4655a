import type { OrgType } from '../orgs/tables.js';
import { checkIdNumber } from '../../core/idcard.js';
import type { FieldError } from '../../core/errors.js';

export const ADULT_AGE = 18;

export type MemberFacts = {
  idNumber: string; birthDate: string | null; gender: string; memberCategory: 'full' | 'probationary';
  joinDate: string; fullMemberDate?: string | null;
  isFloating?: boolean; floatingSince?: string | null; isLostContact?: boolean; lostContactSince?: string | null;
};

/** Cross-field checks of a member record; field errors in Chinese, empty when all is well. */
export function memberProblems(m: MemberFacts, today: string): FieldError[] {
  const e: FieldError[] = [];
  const id = checkIdNumber(m.idNumber);
  if (!id.ok) e.push({ field: 'idNumber', message: `身份证号${id.reason}` });
  else {
    if (m.birthDate && id.birthDate !== m.birthDate) e.push({ field: 'birthDate', message: `出生日期与身份证号不一致（身份证为 ${id.birthDate}）` });
    if ((m.gender === '1' || m.gender === '2') && id.gender !== m.gender) e.push({ field: 'gender', message: '性别与身份证号不一致' });
  }
  if (m.birthDate && m.birthDate > today) e.push({ field: 'birthDate', message: '出生日期不能晚于今天' });
  if (m.joinDate > today) e.push({ field: 'joinDate', message: '入党日期不能晚于今天' });
  if (m.birthDate) {
    const adult = `${Number(m.birthDate.slice(0, 4)) + ADULT_AGE}${m.birthDate.slice(4)}`;
    if (m.joinDate < adult) e.push({ field: 'joinDate', message: `入党时须年满 ${ADULT_AGE} 岁` });
  }
  if (m.memberCategory === 'full') {
    if (!m.fullMemberDate) e.push({ field: 'fullMemberDate', message: '正式党员须填写转正日期' });
    else if (m.fullMemberDate < m.joinDate) e.push({ field: 'fullMemberDate', message: '转正日期不能早于入党日期' });
    else if (m.fullMemberDate > today) e.push({ field: 'fullMemberDate', message: '转正日期不能晚于今天' });
  } else if (m.fullMemberDate) {
    e.push({ field: 'fullMemberDate', message: '预备党员不应有转正日期' });
  }
  if (m.isFloating && !m.floatingSince) e.push({ field: 'floatingSince', message: '流动党员须填写外出日期' });
  if (m.floatingSince && m.floatingSince > today) e.push({ field: 'floatingSince', message: '外出日期不能晚于今天' });
  if (m.lostContactSince && m.lostContactSince > today) e.push({ field: 'lostContactSince', message: '失去联系日期不能晚于今天' });
  if (m.isLostContact && !m.lostContactSince) e.push({ field: 'lostContactSince', message: '失联党员须填写失去联系日期' });
  return e;
}

/** Party age counts from becoming a full member (docs/rules.md §3). */
export function partyAgeYears(fullMemberDate: string | null | undefined, today: string): number | null {
  if (!fullMemberDate) return null;
  let years = Number(today.slice(0, 4)) - Number(fullMemberDate.slice(0, 4));
  if (today.slice(5) < fullMemberDate.slice(5)) years -= 1;
  return Math.max(0, years);
}

/** Only branches and general branches hold members directly. */
export const MEMBER_ORG_TYPES: OrgType[] = ['branch', 'general_branch', 'grassroots_committee'];
