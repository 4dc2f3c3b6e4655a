import { EDUCATIONS, ETHNICITIES, GENDERS, MEMBER_CATEGORIES, POST_LABELS, labelOf, type Post } from '../../../shared/codes.js';
import type { Column } from '../../core/xlsx.js';

/**
 * Member register columns, in the order of the template (docs/registers.md). Exports use the same labels and every
 * field of the register, so an export re-imports unchanged (the import reads these labels, src/shared/imports.ts).
 */
export const MEMBER_COLUMNS: Column<Record<string, unknown>>[] = [
  { header: '姓名*', value: (m) => m.name as string },
  { header: '性别*', value: (m) => labelOf(GENDERS, m.gender as string) },
  { header: '民族*', value: (m) => labelOf(ETHNICITIES, m.ethnicity as string) },
  { header: '公民身份号码*', width: 22, value: (m) => m.idNumber as string },
  { header: '出生日期', width: 12, value: (m) => m.birthDate as string },
  { header: '学历', value: (m) => labelOf(EDUCATIONS, m.education as string) },
  { header: '人员类别*', value: (m) => labelOf(MEMBER_CATEGORIES, m.memberCategory as string) },
  { header: '所在党支部*', width: 30, value: (m) => m.orgName as string },
  { header: '入党日期*', width: 12, value: (m) => m.joinDate as string },
  { header: '转正日期', width: 12, value: (m) => m.fullMemberDate as string },
  { header: '工作岗位', width: 16, value: (m) => m.jobPosition as string },
  { header: '手机号码', width: 14, value: (m) => m.mobile as string },
  { header: '家庭住址', width: 24, value: (m) => m.homeAddress as string },
  { header: '工作单位及职务', width: 20, value: (m) => m.employerAndPost as string },
  { header: '是否流动党员', value: (m) => (m.isFloating ? '是' : '否') },
  { header: '外出日期', width: 12, value: (m) => m.floatingSince as string },
  { header: '外出流向', width: 16, value: (m) => m.outflowRegion as string },
  { header: '是否失联党员', value: (m) => (m.isLostContact ? '是' : '否') },
  { header: '失去联系日期', width: 12, value: (m) => m.lostContactSince as string },
  { header: '是否无职党员', value: (m) => (m.isWithoutPost ? '是' : '否') },
  { header: '党籍状态', value: (m) => (m.membershipStatus === 'suspended' ? '停止党籍' : '正常') },
  { header: '党内职务', width: 14, value: (m) => String(m.partyPost ?? '').split(',').filter(Boolean).map((p) => POST_LABELS[p as Post] ?? p)[0] ?? '' },
];

/** The same columns for an export whose ID numbers are masked: it says so, and the import refuses its masked numbers. */
export const MASKED_MEMBER_COLUMNS: typeof MEMBER_COLUMNS = MEMBER_COLUMNS.map((c) =>
  (c.header.startsWith('公民身份号码') ? { ...c, header: '公民身份号码（已脱敏，不能用于导入）', width: 30 } : c));
