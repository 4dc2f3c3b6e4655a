/**
 * One row of an org list to one org, or the reasons it cannot be. The parent is resolved later (it may be a row of
 * the same sheet). Pure.
 */
import { ORG_TYPE_LABELS, type OrgType } from '../../../shared/codes.js';
import { checkUscc } from '../../core/idcard.js';
import type { Cell, Mapping } from './types.js';
import { cellText, normaliseName, normalisePhone, parseDate } from './values.js';

export type OrgRecord = {
  name: string; parentName: string; orgType: OrgType; isTemporary: boolean; category: string; shortName: string | null;
  unitName: string | null; unitUscc: string | null; foundedOn: string | null; termStart: string | null; termEnd: string | null;
  contactName: string | null; contactPhone: string | null; secretary: string | null;
};
export type OrgRowResult = { record: OrgRecord; errors: []; warnings: string[] } | { record: null; errors: string[]; warnings: string[] };

/**
 * 组织类型 as sheets write it: our labels, the national statistics codes (611 党委, 621 党总支, 631/632 党支部,
 * 711 党小组) and the usual words. 党委 alone is a grassroots committee unless its category says township.
 */
const ORG_TYPE_WORDS: [RegExp, OrgType, boolean?][] = [
  [/^(乡镇党委|乡党委|镇党委|街道党工委|街道党委)$/, 'township_committee'],
  [/^(工委|党工委|行业党委|系统党委)$/, 'sector_committee'],
  [/^(县委)$/, 'county_committee'],
  [/^(611|641|基层党委|党委|二级党委|党的基层委员会|基层委员会)$/, 'grassroots_committee'],
  [/^(621|党总支|党总支部|总支部|党的总支部委员会)$/, 'general_branch'],
  [/^(临时党支部)$/, 'branch', true],
  [/^(631|630|632|党支部|支部|联合党支部|第一党支部|党的支部委员会)$/, 'branch'],
  [/^(711|党小组)$/, 'party_group'],
];
export function parseOrgType(raw: string, category: string | null): { type: OrgType; temporary: boolean } | null {
  const v = raw.replace(/[\s\u3000]/g, '');
  const byLabel = (Object.entries(ORG_TYPE_LABELS) as [OrgType, string][]).find(([, l]) => l === v)?.[0]
    ?? (Object.keys(ORG_TYPE_LABELS) as OrgType[]).find((k) => k === v);
  if (byLabel) return { type: byLabel, temporary: false };
  const hit = ORG_TYPE_WORDS.find(([re]) => re.test(v));
  if (!hit) return null;
  const type = hit[1] === 'grassroots_committee' && category === 'township' ? 'township_committee' : hit[1];
  return { type, temporary: !!hit[2] };
}

/** 组织类别 (the unit's kind) as sheets write it, against the county's category list (codes and labels). */
const CATEGORY_WORDS: [RegExp, string][] = [
  [/^(建制村|行政村|农村|村)$/, 'village'], [/^(城市社区|乡镇社区|社区|街道社区)$/, 'community'], [/^(党政机关|机关|政府机关)$/, 'government_agency'],
  [/^(事业单位|其他事业单位)$/, 'public_institution'], [/^(国有企业|国有经济控制企业|国企|集体经济控制企业)$/, 'enterprise'],
  [/^(非公有制企业|非公企业|非公有制经济控制企业|民营企业)$/, 'non_public_enterprise'], [/^(社会组织)$/, 'social_organization'],
  [/^(乡镇|城市街道|街道)$/, 'township'], [/^(学校|高校|中小学)$/, 'school'], [/^(医院|卫生院)$/, 'hospital'],
];
export function parseCategory(raw: string, categories: { code: string; label: string }[]): string | null {
  const v = raw.replace(/[\s\u3000]/g, '');
  const own = categories.find((c) => c.code === v || c.label === v);
  if (own) return own.code;
  const hit = CATEGORY_WORDS.find(([re]) => re.test(v))?.[1];
  return hit && categories.some((c) => c.code === hit) ? hit : null;
}

export function parseOrgRow(cells: Cell[], mapping: Mapping, categories: { code: string; label: string }[]): OrgRowResult {
  const errs: string[] = []; const warnings: string[] = [];
  const col = new Map(mapping.filter((m) => m.field).map((m) => [m.field!, m]));
  const label = (field: string, fallback: string) => col.get(field)?.label ?? fallback;
  const cell = (field: string): Cell => { const m = col.get(field); return m ? (cells[m.index] ?? null) : null; };
  const text = (field: string) => cellText(cell(field)).trim();
  const date = (field: string, fallback: string) => {
    const c = cell(field);
    if (c === null || !cellText(c).trim()) return null;
    const d = parseDate(c);
    if (!d) errs.push(`「${label(field, fallback)}」不是有效日期：${cellText(c)}`);
    return d;
  };
  const name = normaliseName(cell('name'))?.replace(/\s/g, '') ?? '';
  if (!name) errs.push(`「${label('name', '党组织名称')}」必填`);
  // an empty parent is allowed only for an org already on the register (an export's top row): the import checks
  const parentName = text('parent');
  const categoryRaw = text('category');
  const category = categoryRaw ? parseCategory(categoryRaw, categories) : null;
  if (!categoryRaw) errs.push(`「${label('category', '组织类别')}」必填`);
  else if (!category) errs.push(`「${label('category', '组织类别')}」无法识别：${categoryRaw}（可填${categories.map((c) => c.label).join('、')}）`);
  const typeRaw = text('orgType');
  const type = typeRaw ? parseOrgType(typeRaw, category) : null;
  if (!typeRaw) errs.push(`「${label('orgType', '组织类型')}」必填`);
  else if (!type) errs.push(`「${label('orgType', '组织类型')}」无法识别：${typeRaw}（可填党委、党总支、党支部、党小组，或 611、621、631、711）`);
  const foundedOn = date('foundedOn', '成立日期');
  const termStart = date('termStart', '本届开始日期');
  const termEnd = date('termEnd', '届满日期');
  if (termStart && termEnd && termEnd <= termStart) errs.push(`「${label('termEnd', '届满日期')}」须晚于本届开始日期`);
  const uscc = text('unitUscc').replace(/[\s\u3000]/g, '').toUpperCase();
  if (uscc) { const p = checkUscc(uscc); if (p) warnings.push(`「${label('unitUscc', '统一社会信用代码')}」${p}（已保留，请核实）`); }
  const phoneRaw = text('contactPhone');
  const contactPhone = phoneRaw ? normalisePhone(phoneRaw) : null;
  if (phoneRaw && !contactPhone) errs.push(`「${label('contactPhone', '联系电话')}」不是电话号码：${phoneRaw}`);
  if (errs.length) return { record: null, errors: errs, warnings };
  return { record: {
    name, parentName, orgType: type!.type, isTemporary: type!.temporary, category: category!, shortName: text('shortName') || null,
    unitName: text('unitName') || null, unitUscc: uscc || null, foundedOn, termStart, termEnd, contactName: normaliseName(cell('contactName')) || null,
    contactPhone, secretary: normaliseName(cell('secretary')) || null,
  }, errors: [], warnings };
}
