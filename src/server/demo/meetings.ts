import { Rng } from './random.js';
import type { GenMember, GenOrg, GenPost } from './generate.js';

/** A year of organisational-life records with realistic gaps, late entries and one under-quorum general meeting. */
export type GenMeeting = {
  id: number; countyId: number; orgId: number; meetingType: string; heldOn: string; place: string; host: string; recorder: string;
  topic: string; minutes: string; status: 'draft' | 'submitted'; submittedAt: string | null; isLate: boolean; expectedCount: number;
  presentCount: number; votingPresent: number; votingTotal: number; revision: number;
};
export type GenAttendance = { meetingId: number; memberId: number; status: 'present' | 'leave' | 'absent'; reason: string | null };

const THEMES = ['学习贯彻党的二十大精神', '重温入党誓词', '学习新修订的党章', '为民办实事', '乡村振兴志愿服务', '防汛救灾动员', '主题教育专题学习',
  '廉洁文化进支部', '学习党史', '环境卫生整治', '慰问困难党员', '网格化服务走访'];
const LECTURES = ['书记讲党课：坚定理想信念', '党员的权利和义务', '基层治理与服务群众', '学习总书记重要讲话精神'];
const LEAVE_REASONS = ['外出务工', '生病住院', '出差', '照顾家人'];
export const PREFIXES = ['结合本村实际，', '按照年初计划，', '根据上级要求，', '经过充分讨论，', '为回应群众关切，', '在上次会议基础上，', '对照问题清单，',
  '针对群众反映，', '考虑到农忙时节，', '围绕本季度重点，', '听取意见后，', '按照支委会议定，', '结合走访情况，', '对照承诺事项，', '为推动工作落实，', ''];
export const SPEECH = ['建议先易后难、分步推进', '提出要把群众意见收集上来再定', '表示愿意带头出工出力', '建议请镇里技术员来指导', '提醒注意资金使用要公开',
  '提出邀请在外乡贤回来出主意', '建议定期通报进展', '表示要把学习体会用到工作中', '建议把年轻党员编进志愿队', '提出要关心独居老人'];
/** Sentences a secretary might write; each record draws a few, so that honest minutes differ. */
export const SENTENCES = [
  '会议首先传达学习了上级党委关于加强基层组织建设的通知精神，逐条对照查找本支部存在的差距。',
  '大家围绕村集体经济发展展开讨论，建议把闲置的老村部改造成农产品加工点，由支委牵头论证。',
  '针对汛期将至，会议安排党员分片巡查河堤和危房，发现隐患第一时间上报并设置警示标志。',
  '老党员讲述了当年修水库的经历，年轻党员深受触动，表示要在产业发展中挑重担。',
  '会议通报了上季度党费收缴情况，全部按时足额缴纳，并对流动党员的党费交纳方式作了说明。',
  '组织党员观看了警示教育片，结合身边案例讨论了在惠农资金发放中如何做到公开透明。',
  '支部书记通报了人居环境整治检查中发现的问题，会议决定本周末组织党员义务清理沟渠。',
  '会议讨论了发展党员工作，对两名入党积极分子的培养考察情况进行了评议。',
  '与会党员对照党员义务逐一发言，查摆在带头致富、服务群众方面的不足，并提出整改措施。',
  '会议研究了困难群众帮扶名单，决定由每名党员联系两户，春节前完成走访慰问。',
  '针对邻里纠纷较多的问题，会议推选三名威望高的党员组成调解小组，定期入户化解矛盾。',
  '会议学习了新修订的党内法规，支部委员带头领学，党员交流了学习心得。',
  '大家对村级道路硬化的施工质量提出意见，会议要求监督小组每周到现场查看并记录。',
  '会议部署了秋冬季防火工作，明确进山路口由党员轮流值守，严禁野外用火。',
  '党员代表汇报了茶叶合作社的经营情况，会议讨论了扩大种植规模和打开销路的办法。',
  '会议对照年度计划梳理了组织生活开展情况，对未按时参加的党员进行了提醒谈话。',
  '会议就村规民约修订征求党员意见，重点讨论了红白喜事简办和移风易俗条款。',
  '大家讨论了如何用好党群服务中心，提出开设周末课堂、法律咨询和就业信息发布。',
  '会议安排党员在农忙季节帮助留守老人抢收，并建立互助微信群及时响应需求。',
  '支部通报了村务公开栏更新情况，与会党员对集体资产租赁收入的使用提出建议。',
  '会议回顾了本支部承诺事项的完成进度，对进展缓慢的两项明确了责任人和完成时限。',
  '党员们就电商带货试点发表看法，决定先选两户有意愿的家庭试运行三个月。',
  '会议学习了安全生产相关规定，要求在建工地的党员带头检查用电和脚手架安全。',
  '大家讨论了留守儿童关爱工作，决定在暑期组织党员志愿者开展课业辅导。',
];

const pad = (n: number) => String(n).padStart(2, '0');
const addDays = (iso: string, d: number) => new Date(Date.parse(iso) + d * 86400_000).toISOString().slice(0, 10);

export function generateMeetings(o: { seed: number; today: string; firstMeetingId: number; orgs: GenOrg[]; members: GenMember[]; posts: GenPost[]; keepOpen: number | null }) {
  const rng = new Rng(o.seed);
  const meetings: GenMeeting[] = [];
  const attendance: GenAttendance[] = [];
  const year = Number(o.today.slice(0, 4));
  const month = Number(o.today.slice(5, 7));
  let nextId = o.firstMeetingId;
  const byOrg = new Map<number, GenMember[]>();
  for (const m of o.members) byOrg.set(m.orgId, [...(byOrg.get(m.orgId) ?? []), m]);
  const committee = new Set(o.posts.filter((p) => !p.endedOn && p.post !== 'secretary').map((p) => p.orgId));
  const groups = new Set(o.orgs.filter((g) => g.orgType === 'party_group').map((g) => g.parentId));
  const secretaryOf = new Map(o.posts.filter((p) => p.post === 'secretary' && !p.endedOn).map((p) => [p.orgId, p.personName]));
  let underQuorumDone = false;

  const record = (g: GenOrg, type: string, heldOn: string, topic: string, attendees: GenMember[], forceLowTurnout = false) => {
    if (heldOn > o.today) return;
    const id = nextId++;
    const late = rng.chance(0.05);
    const entered = addDays(heldOn, late ? rng.int(8, 20) : rng.int(0, 5));
    const draft = entered > o.today || rng.chance(0.01);
    let present = 0; let votingPresent = 0;
    const voters = attendees.filter((m) => m.memberCategory === 'full');
    for (const m of attendees) {
      const r = forceLowTurnout ? rng.next() * 2 : rng.next();
      const status = m.isFloating || r > 0.95 ? 'leave' : r > 0.88 ? 'absent' : 'present';
      if (status === 'present') { present++; if (m.memberCategory === 'full') votingPresent++; }
      attendance.push({ meetingId: id, memberId: m.id, status, reason: status === 'leave' ? rng.pick(LEAVE_REASONS) : null });
    }
    const who = secretaryOf.get(g.id) ?? '支部委员';
    meetings.push({
      id, countyId: g.countyId, orgId: g.id, meetingType: type, heldOn, place: rng.pick(['党员活动室', '村委会议室', '党群服务中心', '会议室']),
      host: who, recorder: rng.pick(attendees)?.name ?? who, topic,
      minutes: `${heldOn}，${g.name.replace(/^中共/, '')}召开${topic}，应到 ${attendees.length} 人，实到 ${present} 人，${who}主持。` +
        Array.from({ length: rng.int(4, 6) }, () => rng.pick(PREFIXES) + rng.pick(SENTENCES)).join('') +
        Array.from({ length: 2 }, () => `${rng.pick(attendees)?.name ?? who}发言，${rng.pick(SPEECH)}。`).join(''),
      status: draft ? 'draft' : 'submitted', submittedAt: draft ? null : `${entered}T10:00:00Z`, isLate: !draft && late,
      expectedCount: attendees.length, presentCount: present, votingPresent, votingTotal: voters.length, revision: draft ? 0 : 1,
    });
  };

  for (const g of o.orgs) {
    if (g.orgType !== 'branch') continue;
    const people = byOrg.get(g.id) ?? [];
    if (!people.length) continue;
    const committeeMembers = people.filter((m) => o.posts.some((p) => p.memberId === m.id && !p.endedOn));
    for (let mo = 1; mo <= month; mo++) {
      const current = mo === month;
      const day = (lo: number, hi: number) => `${year}-${pad(mo)}-${pad(rng.int(lo, hi))}`;
      if (!(current && g.id === o.keepOpen) && rng.chance(current ? 0.5 : 0.93)) record(g, 'themed_party_day', day(1, 28), `主题党日：${THEMES[(mo - 1) % THEMES.length]}`, people);
      if (committee.has(g.id) && rng.chance(current ? 0.5 : 0.88)) record(g, 'committee_meeting', day(1, 20), '支委会：研究本月工作', committeeMembers.length ? committeeMembers : people.slice(0, 3));
      if (groups.has(g.id) && rng.chance(current ? 0.4 : 0.8)) record(g, 'group_meeting', day(1, 25), '党小组会：学习交流', people.slice(0, Math.ceil(people.length / 2)));
      if (mo % 3 === 2 && rng.chance(0.9)) {
        const low = !underQuorumDone && people.length >= 10 && rng.chance(0.02);
        if (low) underQuorumDone = true;
        record(g, 'general_meeting', day(5, 25), '支部党员大会：讨论本季度重点工作', people, low);
      }
      if (mo % 3 === 0 && rng.chance(0.85)) record(g, 'party_lecture', day(5, 25), rng.pick(LECTURES), people);
    }
    if (rng.chance(0.75)) record(g, 'life_meeting', `${year}-02-${pad(rng.int(1, 28))}`, '年度组织生活会', people);
    if (rng.chance(0.6)) record(g, 'member_appraisal', `${year}-02-${pad(rng.int(1, 28))}`, '民主评议党员', people);
  }
  // a few branches copy another's minutes of the same month, changing only the name
  const themed = meetings.filter((m) => m.meetingType === 'themed_party_day' && m.status === 'submitted');
  // and always in the month before today, where the copied-minutes page opens
  for (const mo of [...new Set([3, 6, 9, month - 1])].filter((x) => x >= 1 && x < month)) {
    const inMonth = themed.filter((m) => Number(m.heldOn.slice(5, 7)) === mo);
    if (inMonth.length < 2) continue;
    const src = rng.pick(inMonth);
    const dst = rng.pick(inMonth.filter((m) => m.orgId !== src.orgId));
    const srcName = o.orgs.find((x) => x.id === src.orgId)!.name.replace(/^中共/, '');
    const dstName = o.orgs.find((x) => x.id === dst.orgId)!.name.replace(/^中共/, '');
    dst.minutes = src.minutes.split(srcName).join(dstName).replace(src.heldOn, dst.heldOn);
  }
  // grades from the appraisal meetings that were held
  const appraisals: { countyId: number; orgId: number; memberId: number; year: number; grade: string; followUp: string | null }[] = [];
  for (const m of meetings.filter((x) => x.meetingType === 'member_appraisal' && x.status === 'submitted')) {
    for (const p of byOrg.get(m.orgId) ?? []) {
      const grade = rng.weighted([['excellent', 2], ['qualified', 17], ['basically_qualified', 0.6], ['unqualified', 0.1]] as [string, number][]);
      appraisals.push({ countyId: m.countyId, orgId: m.orgId, memberId: p.id, year, grade,
        followUp: grade === 'basically_qualified' ? '支部书记谈心谈话，限期改正' : grade === 'unqualified' ? '组织处置：限期改正，跟踪考察' : null });
    }
  }
  return { meetings, attendance, appraisals };
}
