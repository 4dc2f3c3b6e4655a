import { withIdCheckDigit } from '../core/idcard.js';
import { GIVEN_FEMALE, GIVEN_MALE, PLACE_SYLLABLES, Rng, SURNAMES } from './random.js';

/**
 * A deterministic county: orgs with ids and paths assigned here (no round trips), members,
 * posts. The same generator makes province-scale data for benchmarks by repeating counties.
 */
export type GenOrg = {
  id: number; countyId: number; parentId: number | null; path: string; depth: number; name: string; orgType: string;
  category: string; foundedOn: string; termStart: string | null; termEnd: string | null; unitName: string | null; sort: number;
  /** how many members to put in it (branches only) */
  size: number;
};
export type GenMember = {
  id: number; countyId: number; orgId: number; name: string; gender: string; ethnicity: string; idNumber: string; birthDate: string;
  education: string; memberCategory: 'full' | 'probationary'; joinDate: string; fullMemberDate: string | null; jobPosition: string;
  mobile: string; homeAddress: string; isFloating: boolean; floatingSince: string | null; outflowRegion: string | null;
  isLostContact: boolean; lostContactSince: string | null; isWithoutPost: boolean;
};
export type GenPost = { countyId: number; orgId: number; memberId: number | null; personName: string; post: string; startedOn: string; endedOn: string | null; endReason: string | null };

export type GenOptions = {
  seed: number; countyId: number; countyName: string; regionCode: string; firstOrgId: number; firstMemberId: number;
  /** 1 = a full county (~1,500 orgs, ~30,000 members); smaller for tests */
  scale: number; today: string;
};

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const dateOf = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(Math.min(d, 28))}`;
const addYears = (iso: string, y: number) => `${Number(iso.slice(0, 4)) + y}${iso.slice(4)}`;

export function generateCounty(o: GenOptions) {
  const rng = new Rng(o.seed);
  const orgs: GenOrg[] = [];
  const members: GenMember[] = [];
  const posts: GenPost[] = [];
  const thisYear = Number(o.today.slice(0, 4));
  let nextOrg = o.firstOrgId;
  let nextMember = o.firstMemberId;
  const n = (full: number, min = 1) => Math.max(min, Math.round(full * o.scale));
  const usedNames = new Set<string>();
  const SUFFIX = ['坪', '岭', '湾', '沟', '坝', '口', '桥', '营', '堡', '寨', '塘', '源'];
  const place = () => {
    for (let i = 0; i < 30; i++) {
      const p = rng.pick(PLACE_SYLLABLES);
      if (!usedNames.has(p)) { usedNames.add(p); return p; }
    }
    for (let i = 0; i < 200; i++) {
      const p = rng.pick(PLACE_SYLLABLES) + rng.pick(SUFFIX);
      if (!usedNames.has(p)) { usedNames.add(p); return p; }
    }
    const p = `${rng.pick(PLACE_SYLLABLES)}${rng.pick(SUFFIX)}${usedNames.size}`;
    usedNames.add(p);
    return p;
  };
  const termFor = (years: number) => {
    // most terms current; ~6% overdue, ~8% due within six months
    const r = rng.next();
    const endYear = r < 0.06 ? thisYear - rng.int(0, 1) : r < 0.14 ? thisYear + 1 : thisYear + rng.int(1, years - 1);
    const end = r < 0.06 ? dateOf(endYear, rng.int(1, 10), rng.int(1, 28)) : r < 0.14 ? dateOf(thisYear + 1, rng.int(1, 4), rng.int(1, 28)) : dateOf(endYear, rng.int(1, 12), rng.int(1, 28));
    return { termStart: addYears(end, -years), termEnd: end };
  };
  const org = (parent: GenOrg | null, name: string, orgType: string, category: string, size = 0, termYears = 3, unitName: string | null = null): GenOrg => {
    const id = nextOrg++;
    const path = `${parent?.path ?? '/'}${id}/`;
    const t = orgType === 'party_group' ? { termStart: null, termEnd: null } : termFor(termYears);
    const g: GenOrg = { id, countyId: o.countyId, parentId: parent?.id ?? null, path, depth: parent ? parent.depth + 1 : 0, name, orgType,
      category, foundedOn: dateOf(rng.int(1950, 2020), rng.int(1, 12), rng.int(1, 28)), ...t, unitName, sort: orgs.length, size };
    orgs.push(g);
    return g;
  };
  const c = o.countyName.replace(/县$/, '');
  const root = org(null, `中共${o.countyName}委员会`, 'county_committee', 'county', 0, 5);

  // townships with villages and communities
  for (let t = 0; t < n(15); t++) {
    const tn = place() + (rng.chance(0.6) ? '镇' : '乡');
    const town = org(root, `中共${c}县${tn}委员会`, 'township_committee', 'township', 0, 5);
    org(town, `中共${tn}机关支部委员会`, 'branch', 'government_agency', rng.int(18, 35), 3, `${tn}人民政府`);
    org(town, `中共${tn}卫生院支部委员会`, 'branch', 'hospital', rng.int(6, 14), 3, `${tn}卫生院`);
    org(town, `中共${tn}中心学校支部委员会`, 'branch', 'school', rng.int(8, 20), 3, `${tn}中心学校`);
    for (let v = 0; v < n(16); v++) {
      const isCommunity = v % 8 === 0;
      const vn = place() + (isCommunity ? '社区' : '村');
      const category = isCommunity ? 'community' : 'village';
      if (!isCommunity && rng.chance(0.45)) {
        const gb = org(town, `中共${tn}${vn}总支部委员会`, 'general_branch', category, 0, 5);
        for (let b = 1; b <= rng.int(2, 4); b++) org(gb, `中共${tn}${vn}第${'一二三四'[b - 1]}支部委员会`, 'branch', category, rng.int(36, 50), 5);
      } else {
        const br = org(town, `中共${tn}${vn}${isCommunity ? '' : ''}支部委员会`, 'branch', category, rng.pick([2, 5, 30, 40, 45, 52, 60].map((x) => rng.chance(0.9) ? rng.int(34, 49) : x)), 5);
        if (rng.chance(0.7)) for (let g = 1; g <= rng.int(2, 4); g++) org(br, `${vn}第${g}党小组`, 'party_group', category, 0);
      }
    }
    for (let e = 0; e < n(6); e++) {
      const en = place();
      org(town, `中共${c}县${en}${rng.pick(['农业开发有限公司', '建材有限公司', '食品有限公司', '茶业有限公司', '物流有限公司'])}支部委员会`, 'branch', 'non_public_enterprise', rng.int(3, 12), 3);
    }
    if (rng.chance(0.6)) org(town, `中共${tn}${rng.pick(['老年协会', '农民专业合作社联合会', '志愿者协会'])}支部委员会`, 'branch', 'social_organization', rng.int(3, 6), 3);
  }
  // sector committees
  const sector = (name: string, category: string) => org(root, `中共${c}县${name}`, 'sector_committee', category, 0, 5);
  const agencies = sector('直属机关工作委员会', 'government_agency');
  const AGENCIES = '发展和改革局 教育局 科学技术局 公安局 民政局 司法局 财政局 人力资源和社会保障局 自然资源局 生态环境分局 住房和城乡建设局 交通运输局 水利局 农业农村局 商务局 文化旅游局 卫生健康局 退役军人事务局 应急管理局 审计局 市场监督管理局 统计局 医疗保障局 林业局 信访局 人民法院 人民检察院 县委办公室 县政府办公室 县委组织部 县委宣传部 县委统战部 县委政法委 县纪委监委 县总工会 团县委 县妇联 县人大常委会机关 县政协机关 县档案馆 县融媒体中心 县委党校 县供销社 县气象局 县税务局 县自然资源执法大队 县城市管理局 县行政审批局 县数据局 县乡村振兴局'.split(' ');
  for (const a of AGENCIES.slice(0, n(50))) {
    const name = a.startsWith('县') ? a.slice(1) : a;
    if (rng.chance(0.15)) {
      const gc = org(agencies, `中共${c}县${name}委员会`, 'grassroots_committee', 'government_agency', 0, 5, `${o.countyName}${name}`);
      for (let b = 1; b <= rng.int(2, 4); b++) org(gc, `中共${c}县${name}第${'一二三四'[b - 1]}支部委员会`, 'branch', 'government_agency', rng.int(10, 30), 3, `${o.countyName}${name}`);
    } else {
      org(agencies, `中共${c}县${name}支部委员会`, 'branch', 'government_agency', rng.int(15, 46), 3, `${o.countyName}${name}`);
    }
  }
  for (const a of AGENCIES.slice(0, n(40))) {
    const name = a.startsWith('县') ? a.slice(1) : a;
    org(agencies, `中共${c}县${name}离退休干部支部委员会`, 'branch', 'government_agency', rng.int(12, 30), 3, `${o.countyName}${name}`);
  }
  const edu = sector('教育工作委员会', 'school');
  for (let s = 0; s < n(60); s++) {
    const sn = `${c}县${place()}${rng.pick(['小学', '中学', '初级中学', '幼儿园', '职业中学'])}`;
    org(edu, `中共${sn}支部委员会`, 'branch', 'school', rng.int(10, 38), 3, sn);
  }
  const health = sector('卫生健康工作委员会', 'hospital');
  for (const h of ['人民医院', '中医院', '妇幼保健院', '疾病预防控制中心', '精神病医院', '皮肤病防治站'].slice(0, n(6))) {
    if (h === '人民医院') {
      const gc = org(health, `中共${c}县${h}委员会`, 'grassroots_committee', 'hospital', 0, 5, `${o.countyName}${h}`);
      for (const d of ['内科', '外科', '医技', '行政后勤']) org(gc, `中共${c}县${h}${d}支部委员会`, 'branch', 'hospital', rng.int(12, 35), 3);
    } else org(health, `中共${c}县${h}支部委员会`, 'branch', 'hospital', rng.int(6, 25), 3, `${o.countyName}${h}`);
  }
  const soe = sector('国有企业党委', 'enterprise');
  for (const e of ['城市建设投资集团有限公司', '交通投资有限公司', '水务有限公司', '农业发展投资有限公司', '文化旅游投资有限公司', '国有资产经营有限公司', '粮食储备有限公司', '自来水公司'].slice(0, n(8))) {
    org(soe, `中共${c}县${e}支部委员会`, 'branch', 'enterprise', rng.int(6, 30), 3, `${o.countyName}${e}`);
  }
  const newOrgs = sector('非公有制经济组织和社会组织工作委员会', 'non_public_enterprise');
  for (let e = 0; e < n(190); e++) {
    const name = `${place()}${rng.pick(['科技', '实业', '电子', '纺织', '机械', '农业', '建筑', '商贸', '电商', '餐饮'])}${rng.pick(['有限公司', '股份有限公司', '有限责任公司'])}`;
    org(newOrgs, `中共${c}县${name}支部委员会`, 'branch', 'non_public_enterprise', rng.weighted([[rng.int(3, 8), 8], [rng.int(1, 2), 1], [rng.int(9, 20), 2]]), 3, `${o.countyName}${name}`);
  }
  for (let s = 0; s < n(60); s++) {
    const name = `${c}县${place()}${rng.pick(['商会', '协会', '律师事务所', '会计师事务所', '社会工作服务中心', '民办学校'])}`;
    org(newOrgs, `中共${name}支部委员会`, 'branch', 'social_organization', rng.int(3, 8), 3, name);
  }
  const city = sector('城市社区工作委员会', 'community');
  for (let s = 0; s < n(12); s++) {
    const cn = `${place()}社区`;
    const gc = org(city, `中共${c}县${cn}委员会`, 'grassroots_committee', 'community', 0, 5);
    for (let g = 1; g <= rng.int(3, 6); g++) org(gc, `中共${cn}第${g}网格支部委员会`, 'branch', 'community', rng.int(15, 40), 5);
  }
  const traffic = sector('交通运输工作委员会', 'enterprise');
  for (let s = 0; s < n(10); s++) org(traffic, `中共${c}县${place()}${rng.pick(['客运站', '公路养护站', '运输有限公司'])}支部委员会`, 'branch', 'enterprise', rng.int(4, 15), 3);
  const agri = sector('农业农村工作委员会', 'public_institution');
  for (let s = 0; s < n(15); s++) org(agri, `中共${c}县${place()}${rng.pick(['农技推广站', '畜牧兽医站', '水利站', '林业站', '农机站'])}支部委员会`, 'branch', 'public_institution', rng.int(3, 12), 3);

  // members and posts
  const regionPrefix = o.regionCode;
  const usedIds = new Set<string>();
  /** A generated date that fell after today moves back a year. */
  const pastDate = (d: string) => (d > o.today ? addYears(d, -1) : d);
  const JOB: Record<string, [string, number][]> = {
    village: [['农牧渔业生产人员', 6], ['外出务工经商人员', 2], ['离退休人员', 1], ['其他从业人员', 1]],
    community: [['社区工作人员', 3], ['退休人员', 4], ['个体工商户中的从业人员', 2], ['自由职业人员', 1]],
    government_agency: [['公务员', 8], ['参照公务员法管理的工作人员', 2], ['机关单位工勤岗位', 1]],
    school: [['事业单位专业技术岗位', 8], ['事业单位管理岗位', 2]],
    hospital: [['事业单位专业技术岗位', 8], ['事业单位管理岗位', 2]],
    public_institution: [['事业单位专业技术岗位', 5], ['事业单位管理岗位', 5]],
    enterprise: [['公有经济控制企业管理岗位', 4], ['公有经济控制企业专业技术岗位', 4], ['公有经济控制单位工勤岗位', 2]],
    non_public_enterprise: [['非公有经济控制企业管理岗位', 5], ['非公有经济控制企业专业技术岗位', 4], ['非公有企业工勤岗位', 2]],
    social_organization: [['民办非企业管理岗位', 5], ['民办非企业专业技术岗位', 5]],
  };
  const EDU: Record<string, [string, number][]> = {
    rural: [['71', 5], ['61', 3], ['81', 2], ['22', 1], ['41', 1]],
    urban: [['21', 6], ['22', 3], ['12', 1], ['61', 1]],
  };
  for (const g of orgs) {
    if (g.orgType !== 'branch' || g.size <= 0) continue;
    const rural = g.category === 'village' || g.category === 'community';
    const ids: GenMember[] = [];
    for (let i = 0; i < g.size; i++) {
      const gender = rng.chance(rural ? 0.78 : 0.6) ? '1' : '2';
      const by = rural ? rng.int(1940, 2000) : rng.int(1962, 2001);
      const birthDate = dateOf(by, rng.int(1, 12), rng.int(1, 28));
      let seq = rng.int(0, 499) * 2 + (gender === '1' ? 1 : 0);
      let first17 = `${regionPrefix}${birthDate.replace(/-/g, '')}${pad(seq, 3)}`;
      while (usedIds.has(first17)) { seq = (seq + 2) % 1000; first17 = `${regionPrefix}${birthDate.replace(/-/g, '')}${pad(seq, 3)}`; }
      usedIds.add(first17);
      const idNumber = withIdCheckDigit(first17);
      const probationary = rng.chance(0.02);
      const lastFull = addYears(o.today, -1);
      let joinDate = probationary
        ? `${addYears(o.today, -1).slice(0, 4)}-12-${pad(rng.int(1, 28))}`
        : dateOf(Math.min(thisYear - 1, by + rng.int(20, 40)), rng.int(1, 12), rng.int(1, 28));
      if (!probationary && addYears(joinDate, 1) > o.today) joinDate = addYears(lastFull, -1);
      if (probationary && joinDate > o.today) joinDate = o.today;
      const fullMemberDate = probationary ? null : addYears(joinDate, 1);
      const floating = rural && rng.chance(0.05);
      const lost = rng.chance(0.004);
      const m: GenMember = {
        id: nextMember++, countyId: o.countyId, orgId: g.id, name: rng.pick(SURNAMES) + rng.pick(gender === '1' ? GIVEN_MALE : GIVEN_FEMALE), gender, ethnicity: rng.chance(0.93) ? '01' : rng.pick(['03', '06', '08', '15']),
        idNumber, birthDate, education: rng.weighted(EDU[rural ? 'rural' : 'urban']!), memberCategory: fullMemberDate ? 'full' : 'probationary',
        joinDate, fullMemberDate, jobPosition: rng.weighted(JOB[g.category] ?? JOB.public_institution!),
        mobile: `1${rng.pick(['3', '5', '7', '8', '9'])}${pad(rng.int(0, 999999999), 9)}`,
        homeAddress: `${o.countyName}${(g.unitName ?? g.name.replace(/^中共|支部委员会$/g, '')).replace(/^.*?县/, '')}${rng.int(1, 120)}号`,
        isFloating: floating, floatingSince: floating ? pastDate(dateOf(thisYear - rng.int(0, 5), rng.int(1, 12), 1)) : null,
        outflowRegion: floating ? rng.pick(['广东省深圳市', '浙江省宁波市', '江苏省苏州市', '上海市', '福建省厦门市']) : null,
        isLostContact: lost, lostContactSince: lost ? dateOf(thisYear - rng.int(1, 4), rng.int(1, 12), 1) : null,
        isWithoutPost: rural && rng.chance(0.4),
      };
      members.push(m); ids.push(m);
    }
    // the secretary; ~4% of branches have a vacancy that began some months ago
    const fulls = ids.filter((m) => m.memberCategory === 'full');
    const start = g.termStart ?? g.foundedOn;
    if (fulls.length && rng.chance(0.96)) {
      const s = fulls[0]!;
      s.isWithoutPost = false;
      posts.push({ countyId: o.countyId, orgId: g.id, memberId: s.id, personName: s.name, post: 'secretary', startedOn: start, endedOn: null, endReason: null });
    } else if (fulls.length) {
      const s = fulls[0]!;
      posts.push({ countyId: o.countyId, orgId: g.id, memberId: s.id, personName: s.name, post: 'secretary', startedOn: start,
        endedOn: dateOf(thisYear, Math.max(1, Number(o.today.slice(5, 7)) - rng.int(4, 9)), rng.int(1, 28)), endReason: '工作调动' });
    }
    if (fulls.length >= 7 && rng.chance(0.96)) {
      const roles = ['organization_member', 'publicity_member', 'discipline_member'];
      if (fulls.length > 20) roles.unshift('deputy_secretary');
      roles.forEach((post, i) => {
        const m = fulls[i + 1];
        if (m) { m.isWithoutPost = false; posts.push({ countyId: o.countyId, orgId: g.id, memberId: m.id, personName: m.name, post, startedOn: start, endedOn: null, endReason: null }); }
      });
    }
  }
  // committees above branches: each post-holder is a full member of a branch below (the organ's own branch first, as in a
  // township), linked to the member record so that he counts in every population of post-holders; an outside name only
  // where the branches below have no one left
  const fullsIn = new Map<number, GenMember[]>();
  for (const m of members) if (m.memberCategory === 'full') fullsIn.set(m.orgId, [...(fullsIn.get(m.orgId) ?? []), m]);
  const holding = new Set<number>();
  for (const g of orgs) {
    if (g.orgType === 'branch' || g.orgType === 'party_group') continue;
    const below = orgs.filter((b) => b.orgType === 'branch' && b.path.startsWith(g.path))
      .sort((a, b) => Number(b.category === 'government_agency') - Number(a.category === 'government_agency'));
    const pool = below.flatMap((b) => fullsIn.get(b.id) ?? []).filter((m) => !holding.has(m.id));
    for (const post of ['secretary', 'deputy_secretary', 'organization_member', ...(g.orgType === 'township_committee' ? ['full_time_staff'] : [])]) {
      const m = pool.shift();
      if (m) { holding.add(m.id); m.isWithoutPost = false; }
      posts.push({ countyId: o.countyId, orgId: g.id, memberId: m?.id ?? null, personName: m?.name ?? rng.pick(SURNAMES) + rng.pick(rng.chance(0.7) ? GIVEN_MALE : GIVEN_FEMALE),
        post, startedOn: g.termStart ?? g.foundedOn, endedOn: null, endReason: null });
    }
  }
  return { orgs, members, posts };
}
