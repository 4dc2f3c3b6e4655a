/**
 * One roster row to one member record, or the reasons it cannot be: every problem of the row at once, each naming
 * its column as the user's sheet names it. Pure: the orgs in scope come in as a matcher.
 */
import {
  matchEducation, matchEthnicity, matchGender, matchMemberCategory, POST_LABELS, type MemberCategory, type Post,
} from '../../../shared/codes.js';
import { checkIdNumber } from '../../core/idcard.js';
import { memberProblems } from '../members/rules.js';
import type { OrgMatch, OrgRef } from './org-match.js';
import type { Cell, Mapping } from './types.js';
import { cellText, isNumericId, normaliseIdNumber, normaliseName, normalisePhone, parseDate, parseYesNo } from './values.js';

export type MemberRecord = {
  orgId: number; name: string; gender: string; ethnicity: string; idNumber: string; birthDate: string; education: string | null;
  memberCategory: MemberCategory; joinDate: string; fullMemberDate: string | null; jobPosition: string | null; mobile: string | null;
  homeAddress: string | null; employerAndPost: string | null; membershipStatus: 'normal' | 'suspended'; isFloating: boolean;
  floatingSince: string | null; outflowRegion: string | null; isLostContact: boolean; lostContactSince: string | null; isWithoutPost: boolean;
  partyPost: Post | null;
  /** what the user typed that the record does not show as typed (coded values, columns left out), by column label */
  importedRaw: Record<string, string> | null;
};

export type RowContext = {
  today: string;
  /** the org a row's 所在党支部 names */
  matchOrg: (raw: string) => OrgMatch;
  /** the org the whole sheet belongs to, when the upload names one */
  fixedOrg: OrgRef | null;
};

export type RowResult = { record: MemberRecord; errors: [] } | { record: null; errors: string[] };

const POST_BY_LABEL = new Map<string, Post>([
  ...(Object.entries(POST_LABELS) as [Post, string][]).map(([k, v]) => [v, k] as [string, Post]),
  ['支部书记', 'secretary'], ['党支部书记', 'secretary'], ['支部副书记', 'deputy_secretary'], ['党小组长', 'group_leader'],
  ['纪律检查委员', 'discipline_member'], ['支委', 'committee_member'], ['支部委员', 'committee_member'],
]);
const NO_POST = new Set(['', '无', '党员', '普通党员', '—', '-', '/']);

const columnsOf = new WeakMap<Mapping, Map<string, Mapping[number]>>();

/** One row's cells read by field, its problems gathered as they are found. */
class RowReader {
  readonly errs: string[] = [];
  constructor(readonly cells: Cell[], readonly col: Map<string, Mapping[number]>) {}
  label(field: string, fallback: string) { return this.col.get(field)?.label ?? fallback; }
  cell(field: string): Cell { const m = this.col.get(field); return m ? (this.cells[m.index] ?? null) : null; }
  text(field: string) { return cellText(this.cell(field)).trim(); }
  need(field: string, fallback: string) { const v = this.text(field); if (!v) this.errs.push(`「${this.label(field, fallback)}」必填`); return v; }
  date(field: string, fallback: string) {
    const c = this.cell(field);
    if (c === null || cellText(c).trim() === '') return null;
    const d = parseDate(c);
    if (!d) this.errs.push(`「${this.label(field, fallback)}」不是有效日期：${cellText(c)}`);
    return d;
  }
  yesNo(field: string, fallback: string) {
    const c = this.cell(field);
    const v = parseYesNo(c);
    if (v === null) this.errs.push(`「${this.label(field, fallback)}」应填“是”或“否”：${cellText(c)}`);
    return !!v;
  }
}

export function parseMemberRow(cells: Cell[], mapping: Mapping, ctx: RowContext): RowResult {
  let col = columnsOf.get(mapping);
  if (!col) { col = new Map(mapping.filter((m) => m.field).map((m) => [m.field!, m])); columnsOf.set(mapping, col); }
  const r = new RowReader(cells, col);
  const errs = r.errs;

  const name = normaliseName(r.cell('name')) ?? '';
  if (!name) errs.push(`「${r.label('name', '姓名')}」必填`);

  // the ID number decides gender and birth date when their columns are absent
  const idCell = r.cell('idNumber');
  let id: ReturnType<typeof checkIdNumber> | null = null;
  if (idCell === null || cellText(idCell).trim() === '') errs.push(`「${r.label('idNumber', '公民身份号码')}」必填`);
  else if (typeof idCell === 'string' && idCell.includes('*')) {
    errs.push(`「${r.label('idNumber', '公民身份号码')}」已脱敏（${idCell}），不能用于导入：请用能查看完整身份证号的账号导出`);
  } else {
    const idText = normaliseIdNumber(idCell) ?? cellText(idCell);
    id = checkIdNumber(idText);
    if (!id.ok) {
      errs.push(isNumericId(idCell)
        ? `「${r.label('idNumber', '公民身份号码')}」被存成了数字，末几位可能已丢失（${cellText(idCell)}）：请把该列设为文本格式后重新填写`
        : `「${r.label('idNumber', '公民身份号码')}」${id.reason}：${idText}`);
    }
  }
  const idOk = id?.ok ? id : null;

  const genderRaw = r.text('gender');
  const gender = genderRaw ? matchGender(genderRaw) : idOk?.gender ?? null;
  if (genderRaw && !gender) errs.push(`「${r.label('gender', '性别')}」无法识别：${genderRaw}`);
  else if (!gender && !idOk && id === null) errs.push(`「${r.label('gender', '性别')}」必填`);
  const ethnicityRaw = r.text('ethnicity');
  // never assumed: a blank 民族 in a county of many nationalities is a fact not yet known, not 汉族
  const ethnicity = ethnicityRaw ? matchEthnicity(ethnicityRaw) : null;
  if (!ethnicityRaw) errs.push(`「${r.label('ethnicity', '民族')}」必填`);
  else if (!ethnicity) errs.push(`「${r.label('ethnicity', '民族')}」无法识别：${ethnicityRaw}`);
  const educationRaw = r.text('education');
  const education = educationRaw ? matchEducation(educationRaw) : null;
  if (educationRaw && !education) errs.push(`「${r.label('education', '学历')}」无法识别：${educationRaw}`);
  const categoryRaw = r.need('memberCategory', '人员类别');
  const memberCategory = categoryRaw ? matchMemberCategory(categoryRaw) as MemberCategory | null : null;
  if (categoryRaw && !memberCategory) errs.push(`「${r.label('memberCategory', '人员类别')}」应为正式党员或预备党员：${categoryRaw}`);

  const birthDate = r.date('birthDate', '出生日期') ?? idOk?.birthDate ?? null;
  const joinDate = r.date('joinDate', '入党日期');
  if (!r.text('joinDate')) errs.push(`「${r.label('joinDate', '入党日期')}」必填`);
  const fullMemberDate = r.date('fullMemberDate', '转正日期');
  const floatingSince = r.date('floatingSince', '外出日期');
  const lostContactSince = r.date('lostContactSince', '失去联系日期');
  const isFloating = col.has('isFloating') ? r.yesNo('isFloating', '是否流动党员') : !!floatingSince || !!r.text('outflowRegion');
  const isLostContact = col.has('isLostContact') ? r.yesNo('isLostContact', '是否失联党员') : !!lostContactSince;
  const isWithoutPost = col.has('isWithoutPost') ? r.yesNo('isWithoutPost', '是否无职党员') : false;
  const statusRaw = r.text('membershipStatus');
  const membershipStatus = !statusRaw || statusRaw === '正常' ? 'normal' : /停止党籍/.test(statusRaw) ? 'suspended' : null;
  if (!membershipStatus) errs.push(`「${r.label('membershipStatus', '党籍状态')}」应为正常或停止党籍：${statusRaw}`);
  const mobileRaw = r.text('mobile');
  const mobile = mobileRaw ? normalisePhone(mobileRaw) : null;
  if (mobileRaw && !mobile) errs.push(`「${r.label('mobile', '手机号码')}」不是电话号码：${mobileRaw}`);
  const postRaw = r.text('partyPost');
  const partyPost = NO_POST.has(postRaw) ? null : POST_BY_LABEL.get(postRaw.replace(/\s/g, '')) ?? undefined;
  if (partyPost === undefined) errs.push(`「${r.label('partyPost', '党内职务')}」无法识别：${postRaw}（可填书记、副书记、组织委员、宣传委员、纪检委员、委员、党小组组长）`);

  // the org: the row's own column, else the org the upload names
  let orgId: number | null = null;
  const orgRaw = r.text('org');
  if (orgRaw) {
    const m = ctx.matchOrg(orgRaw);
    if (m.ok) orgId = m.org.id; else errs.push(m.message);
  } else if (ctx.fixedOrg) orgId = ctx.fixedOrg.id;
  else errs.push(`「${r.label('org', '所在党支部')}」必填`);

  if (idOk && joinDate && memberCategory) {
    for (const p of memberProblems({ idNumber: idOk.normalized, birthDate, gender: gender ?? '', memberCategory, joinDate, fullMemberDate,
      isFloating, floatingSince, isLostContact, lostContactSince }, ctx.today)) {
      if (p.field !== 'idNumber') errs.push(p.message);
    }
  }
  if (errs.length) return { record: null, errors: errs };

  const record: MemberRecord = {
    orgId: orgId!, name, gender: gender!, ethnicity: ethnicity!, idNumber: idOk!.normalized, birthDate: birthDate!, education,
    memberCategory: memberCategory!, joinDate: joinDate!, fullMemberDate, jobPosition: r.text('jobPosition') || null, mobile,
    homeAddress: r.text('homeAddress') || null, employerAndPost: r.text('employerAndPost') || null, membershipStatus: membershipStatus!,
    isFloating, floatingSince, outflowRegion: r.text('outflowRegion') || null, isLostContact, lostContactSince, isWithoutPost,
    partyPost: partyPost ?? null, importedRaw: null,
  };
  record.importedRaw = keptRaw(cells, mapping, record);
  return { record, errors: [] };
}

const SHOWN_AS_TYPED = new Set(['name', 'idNumber', 'jobPosition', 'homeAddress', 'employerAndPost', 'outflowRegion', 'org']);

/**
 * What the user typed that the record does not show as typed, so that nothing entered is lost: coded values (汉 → 01),
 * and every column left out of the mapping (籍贯, 学位 …). Dates, flags and the org are kept only by their parsed value.
 */
function keptRaw(cells: Cell[], mapping: Mapping, record: MemberRecord): Record<string, string> | null {
  const kept: Record<string, string> = {};
  for (const m of mapping) {
    const t = cellText(cells[m.index] ?? null).trim();
    if (!t) continue;
    if (!m.field) { kept[m.label] = t; continue; }
    if (SHOWN_AS_TYPED.has(m.field) || /Date|Since|^is/.test(m.field)) continue;
    const v = (record as Record<string, unknown>)[m.field];
    if (v !== t) kept[m.label] = t;
  }
  return Object.keys(kept).length ? kept : null;
}
