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
      minutes: `${heldOn}，${g.name.replace(/^中共/, '')}召开${topic}。应到 ${attendees.length} 人，实到 ${present} 人。会议由${who}主持。` +
        `与会党员围绕“${topic}”逐一发言，结合本支部实际提出了${rng.int(2, 6)}条具体措施，明确了责任人和完成时限。`,
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
  return { meetings, attendance };
}
