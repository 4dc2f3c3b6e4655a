/** A register field an import can fill, with the labels people use for it (docs/registers.md). */
export type FieldDef = {
  key: string;
  /** the label of our template and exports */
  label: string;
  /** other labels seen in users' sheets, matched after normaliseLabel */
  synonyms: string[];
  required?: boolean;
  /** what a value looks like, for the preview */
  hint?: string;
};
/** Which column fills which field; a column mapped to null is left out (its text is kept with the record). */
export type Mapping = { index: number; label: string; field: string | null }[];


/**
 * The register fields an import fills, with the labels users' sheets give them: the national collection form
 * (党员信息采集表, docs/registers.md), provincial system exports and local rosters. The first label is ours
 * (template and exports); a sheet's label matches after normaliseLabel.
 */
export const MEMBER_FIELDS: FieldDef[] = [
  { key: 'name', label: '姓名', synonyms: ['党员姓名', '名字'], required: true },
  { key: 'gender', label: '性别', synonyms: [], hint: '男 / 女，或 1 / 2；空着时按身份证号' },
  { key: 'ethnicity', label: '民族', synonyms: [], required: true, hint: '汉族、汉 或 01' },
  { key: 'idNumber', label: '公民身份号码', synonyms: ['身份证号', '身份证号码', '身份证', '公民身份证号', '公民身份证号码', '证件号码', '居民身份证号码'], required: true },
  { key: 'birthDate', label: '出生日期', synonyms: ['出生年月', '出生年月日', '生日'], hint: '空着时按身份证号' },
  { key: 'education', label: '学历', synonyms: ['文化程度', '最高学历', '全日制学历'] },
  { key: 'memberCategory', label: '人员类别', synonyms: ['党员类别', '党员类型', '政治面貌'], required: true, hint: '正式党员 / 预备党员' },
  { key: 'org', label: '所在党支部', synonyms: ['所在党组织', '支部名称', '所属支部', '所在支部', '党支部', '隶属党组织', '所属党组织', '党组织', '党支部名称'], required: true },
  { key: 'joinDate', label: '入党日期', synonyms: ['入党时间', '加入党组织日期', '加入中国共产党日期', '入党年月'], required: true },
  { key: 'fullMemberDate', label: '转正日期', synonyms: ['转正时间', '转为正式党员日期', '转正年月'] },
  { key: 'jobPosition', label: '工作岗位', synonyms: ['岗位', '工作岗位类别', '从业岗位'] },
  { key: 'mobile', label: '手机号码', synonyms: ['联系电话', '手机号', '手机', '联系方式', '电话', '电话号码', '联系电话手机'] },
  { key: 'homeAddress', label: '家庭住址', synonyms: ['住址', '家庭地址', '现居住地', '居住地址', '现住址'] },
  { key: 'employerAndPost', label: '工作单位及职务', synonyms: ['工作单位', '单位及职务', '工作单位及职务岗位', '单位职务'] },
  { key: 'membershipStatus', label: '党籍状态', synonyms: ['党籍'], hint: '正常 / 停止党籍' },
  { key: 'isFloating', label: '是否流动党员', synonyms: ['是否为流动党员', '流动党员'], hint: '是 / 否' },
  { key: 'floatingSince', label: '外出日期', synonyms: ['外出时间', '流出日期'] },
  { key: 'outflowRegion', label: '外出流向', synonyms: ['流向', '外出地点', '外出流向地', '流出地'] },
  { key: 'isLostContact', label: '是否失联党员', synonyms: ['是否为失联党员', '失联党员'], hint: '是 / 否' },
  { key: 'lostContactSince', label: '失去联系日期', synonyms: ['失联日期', '失去联系时间', '失联时间'] },
  { key: 'isWithoutPost', label: '是否无职党员', synonyms: ['无职党员'], hint: '是 / 否' },
  { key: 'partyPost', label: '党内职务', synonyms: ['党内职务职级', '支部职务'], hint: '书记、副书记、组织委员…（在所在党支部任职）' },
];

export const ORG_FIELDS: FieldDef[] = [
  { key: 'name', label: '党组织名称', synonyms: ['党组织全称', '组织名称', '党组织'], required: true },
  { key: 'parent', label: '上级党组织', synonyms: ['上级党组织名称', '隶属党组织', '上级组织', '所属上级党组织'], required: true },
  { key: 'orgType', label: '组织类型', synonyms: ['党组织类型', '党组织类别'], required: true, hint: '党委 / 党总支 / 党支部 / 党小组' },
  { key: 'category', label: '组织类别', synonyms: ['单位类别', '所在单位类别', '党组织所在单位类别'], required: true, hint: '村、社区、机关、非公企业…' },
  { key: 'shortName', label: '简称', synonyms: ['党组织简称'] },
  { key: 'unitName', label: '单位名称', synonyms: ['所在单位', '所在单位名称'] },
  { key: 'unitUscc', label: '统一社会信用代码', synonyms: ['信用代码', '社会信用代码', '单位统一社会信用代码'] },
  { key: 'foundedOn', label: '成立日期', synonyms: ['成立时间', '建立日期'] },
  { key: 'termStart', label: '本届开始日期', synonyms: ['换届日期', '本届任期开始', '选举日期', '本届换届时间'] },
  { key: 'termEnd', label: '届满日期', synonyms: ['任期届满日期', '届满时间', '本届届满日期'] },
  { key: 'contactName', label: '联系人', synonyms: ['党组织联系人'] },
  { key: 'contactPhone', label: '联系电话', synonyms: ['党组织联系电话', '联系人电话'] },
  { key: 'secretary', label: '书记', synonyms: ['党组织书记', '书记姓名'], hint: '姓名；在该党组织任书记' },
];

/** Every field key either import fills, for the schemas of a mapping. */
export const FIELD_KEYS = [...new Set([...MEMBER_FIELDS, ...ORG_FIELDS].map((f) => f.key))] as [string, ...string[]];

/** Columns that number the rows: recognised, never imported. */
export const SERIAL_LABELS = ['序号', '编号', '顺序号', 'NO', 'NO.'];

/**
 * A label as compared: no spaces (half or full width), no required-marks (* ＊ ※), no bracketed notes
 * ("入党日期（年月日）"), full-width letters and digits folded, upper case.
 */
export function normaliseLabel(raw: string): string {
  return raw
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[（(【[][^）)】\]]*[）)】\]]/g, '')
    .replace(/[\s\u3000*※:：]/g, '')
    .toUpperCase();
}

/** The field a label names, or null. Exact labels first, then synonyms. */
export function fieldFor(fields: readonly FieldDef[], label: string): FieldDef | null {
  const l = normaliseLabel(label);
  if (!l) return null;
  return fields.find((f) => normaliseLabel(f.label) === l) ?? fields.find((f) => f.synonyms.some((s) => normaliseLabel(s) === l)) ?? null;
}

export const isSerialLabel = (label: string) => SERIAL_LABELS.includes(normaliseLabel(label));

/** Columns matched to fields by their labels; a field is filled by the first column that names it. */
export function autoMapping(fields: readonly FieldDef[], columns: { index: number; label: string }[]): Mapping {
  const taken = new Set<string>();
  return columns.map(({ index, label }) => {
    const f = isSerialLabel(label) ? null : fieldFor(fields, label);
    if (!f || taken.has(f.key)) return { index, label, field: null };
    taken.add(f.key);
    return { index, label, field: f.key };
  });
}
