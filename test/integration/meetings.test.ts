import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../../src/server/core/db.js';
import { periodEnd } from '../../src/server/modules/meetings/rules.js';
import { addMonths } from '../../src/server/modules/orgs/rules.js';
import { anchors, buildMember } from '../builders.js';
import { count, loginAll, one, problem, refusal, useApp, type Client } from '../helpers.js';

const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

describe('organisational life', () => {
  const ctx = useApp();
  let a: Awaited<ReturnType<typeof anchors>>;
  let branch: Client; let county: Client; let town: Client; let member: Client;
  let roster: { memberId: number; name: string; memberCategory: string }[];
  beforeAll(async () => {
    a = await anchors(ctx.db);
    [branch, county, town, member] = await loginAll(ctx.app, 'branch_secretary', 'county_admin', 'township_admin', 'member');
    roster = (await branch.get(`/api/orgs/${a.branch}/roster`)).json();
  });
  const body = (over: Record<string, unknown> = {}) => ({
    orgId: a.branch, meetingType: 'themed_party_day', heldOn: today(), topic: '主题党日：重温入党誓词', minutes: '全体党员重温入党誓词并交流体会。',
    attendance: roster.map((r, i) => ({ memberId: r.memberId, status: i === 0 ? 'leave' : 'present', reason: i === 0 ? '外出务工' : null })), ...over,
  });

  it('records a themed party day, submits it, and this month turns green', async () => {
    const month = today().slice(0, 7);
    const before = (await branch.get(`/api/orgs/${a.branch}/compliance`)).json();
    const cell = (c: typeof before) => c.rows.find((r: { meetingType: string }) => r.meetingType === 'themed_party_day').cells.find((x: { key: string }) => x.key === month);
    expect(cell(before).state).toBe('due');
    const made = await branch.post('/api/meetings', body());
    expect(made.statusCode).toBe(201);
    expect(made.json()).toMatchObject({ status: 'draft', expectedCount: roster.length, presentCount: roster.length - 1 });
    expect(cell((await branch.get(`/api/orgs/${a.branch}/compliance`)).json()).state).toBe('due');
    const sub = await branch.post(`/api/meetings/${made.json().id}/submit`, { version: made.json().version });
    expect(sub.statusCode).toBe(200);
    expect(sub.json()).toMatchObject({ status: 'submitted', isLate: false, revision: 1 });
    expect(cell((await branch.get(`/api/orgs/${a.branch}/compliance`)).json()).state).toBe('held');
    const missing = (await county.get(`/api/meeting-compliance/missing?month=${month}&pageSize=200`)).json();
    const mine = missing.items.find((o: { id: number }) => o.id === a.branch);
    expect(mine?.missing.map((x: { meetingType: string }) => x.meetingType) ?? []).not.toContain('themed_party_day');
    expect(await one(ctx.db, sql`select action from audit_log where entity = 'meeting' and entity_id = ${String(made.json().id)} order by id desc limit 1`)).toEqual({ action: 'submit' });
  });

  it('rolls the year up county → committee → branch, agreeing with each branch calendar', async () => {
    const year = Number(today().slice(0, 4));
    const top = (await county.get(`/api/meeting-compliance/rollup?year=${year}`)).json();
    expect(top.items).toHaveLength(1);
    expect(top.items[0]).toMatchObject({ id: a.root, orgType: 'county_committee' });
    const townRow = (await county.get(`/api/meeting-compliance/rollup?under=${a.root}&year=${year}`)).json().items.find((x: { id: number }) => x.id === a.town);
    expect(townRow.branches).toBeGreaterThan(0);
    // the branch level under the township: each rate equals the one its own calendar shows
    let level = (await town.get(`/api/meeting-compliance/rollup?under=${a.town}&year=${year}`)).json();
    while (level.items.some((x: { orgType: string }) => x.orgType !== 'branch')) {
      const next = level.items.find((x: { orgType: string }) => x.orgType !== 'branch');
      level = (await town.get(`/api/meeting-compliance/rollup?under=${next.id}&year=${year}`)).json();
    }
    expect(level.items.length).toBeGreaterThan(0);
    for (const b of level.items.slice(0, 5)) {
      const cal = (await town.get(`/api/orgs/${b.id}/compliance?year=${year}`)).json();
      expect(b.rate).toBeCloseTo(cal.rate, 10);
      // a running period is not counted yet, done or not (figure meetings.compliance)
      const cells = cal.rows.flatMap((r: { cells: { state: string; key: string }[] }) => r.cells).filter((c: { key: string }) => periodEnd(c.key) < today());
      expect(b.missing).toBe(cells.filter((x: { state: string }) => x.state === 'missing' || x.state === 'below_quorum').length);
    }
    // the township admin sees its own subtree only
    const mine = (await town.get(`/api/meeting-compliance/rollup?year=${year}`)).json();
    expect(mine.items.map((x: { id: number }) => x.id)).toEqual([a.town]);
    expect(mine.items[0].branches).toBe(townRow.branches);
    expect((await town.get(`/api/meeting-compliance/rollup?under=${a.otherTown}`)).statusCode).toBe(404);
    // before any rule was in force there is nothing to hold, and nothing fails
    const early = await county.get('/api/meeting-compliance/missing?month=2010-01');
    expect(early.statusCode).toBe(200);
    expect(early.json().total).toBe(0);
    expect((await county.get(`/api/orgs/${a.branch}/compliance?year=2010`)).json()).toMatchObject({ rows: [], rate: null });
    // a member reads the own branch's figures only
    expect((await member.get('/api/meeting-compliance/rollup')).json().items.map((x: { branches: number }) => x.branches)).toEqual([1]);
    expect((await member.get(`/api/meeting-compliance/rollup?under=${a.root}`)).statusCode).toBe(404);
    const x = await county.get(`/api/meeting-compliance/rollup/export?under=${a.root}&year=${year}`);
    expect(x.headers['content-type']).toContain('spreadsheetml');
  });

  it('keeps every submitted version: a correction is a new revision', async () => {
    const m = (await branch.post('/api/meetings', body({ topic: '主题党日：为民办实事' }))).json();
    const s = (await branch.post(`/api/meetings/${m.id}/submit`, { version: m.version })).json();
    const fixed = await branch.put(`/api/meetings/${m.id}`, { ...body({ topic: '主题党日：为民办实事（更正）' }), orgId: undefined, version: s.version });
    expect(fixed.statusCode).toBe(200);
    expect(fixed.json().revision).toBe(2);
    const revs = await rows<{ revision: number; topic: string }>(ctx.db, sql`select revision, snapshot->>'topic' as topic from meeting_revisions where meeting_id = ${m.id} order by revision`);
    expect(revs).toEqual([{ revision: 1, topic: '主题党日：为民办实事' }, { revision: 2, topic: '主题党日：为民办实事（更正）' }]);
    await expect(ctx.db.execute(sql`delete from meeting_revisions`)).rejects.toThrow();
    const stale = await branch.put(`/api/meetings/${m.id}`, { ...body(), orgId: undefined, version: s.version });
    expect(refusal(stale)).toEqual({ status: 409, code: 'STALE_VERSION' });
  });

  it('flags a general meeting without quorum and a resolution short of half of all voting members', async () => {
    const voters = roster.filter((r) => r.memberCategory === 'full');
    const few = new Set(voters.slice(0, Math.floor(voters.length / 2)).map((v) => v.memberId));
    const att = roster.map((r) => ({ memberId: r.memberId, status: few.has(r.memberId) ? 'present' : 'absent' }));
    const m = (await branch.post('/api/meetings', body({ meetingType: 'general_meeting', topic: '支部党员大会', attendance: att,
      resolutions: [{ text: '接收预备党员', yes: few.size, no: 0, abstain: 0 }] }))).json();
    const d = (await branch.get(`/api/meetings/${m.id}`)).json();
    expect(d.votingTotal).toBe(voters.length);
    expect(d.validity.quorate).toBe(false);
    expect(d.validity.resolutions[0].passed).toBe(false);
  });

  it('refuses bad records with a Chinese message naming the field, and writes nothing', async () => {
    const before = await count(ctx.db, 'meetings');
    const outsider = await one<{ id: number }>(ctx.db, sql`select id from members where org_id <> ${a.branch} limit 1`);
    const stranger = await branch.post('/api/meetings', body({ attendance: [{ memberId: outsider.id, status: 'present' }] }));
    expect(stranger.statusCode).toBe(400);
    expect(problem(stranger).errors[0]).toMatchObject({ field: 'attendance', message: expect.stringContaining('不是本组织党员') });
    // a vote can only be cast by those present
    const three = roster.slice(0, 3).map((r) => ({ memberId: r.memberId, status: 'present' }));
    const overVoted = await branch.post('/api/meetings', body({ meetingType: 'general_meeting', attendance: three,
      resolutions: [{ text: '接收预备党员', yes: 3, no: 1, abstain: 0 }] }));
    expect(problem(overVoted).errors[0]).toEqual({ field: 'resolutions', message: '第 1 项表决“接收预备党员”：赞成、反对、弃权共 4 票，超过实到的 3 人' });
    const future = await branch.post('/api/meetings', body({ heldOn: '2099-01-01' }));
    expect(problem(future).errors[0]).toEqual({ field: 'heldOn', message: '会议日期不能晚于今天' });
    const noTopic = await branch.post('/api/meetings', body({ topic: '' }));
    expect(problem(noTopic).detail).toContain('会议主题');
    const out = await town.post('/api/meetings', body({ orgId: a.otherBranch, attendance: [] }));
    expect(problem(out).errors[0]!.field).toBe('orgId');
    expect((await member.post('/api/meetings', body())).statusCode).toBe(403);
    const draft = (await branch.post('/api/meetings', body({ minutes: '' }))).json();
    const empty = await branch.post(`/api/meetings/${draft.id}/submit`, { version: draft.version });
    expect(problem(empty).errors[0]!.field).toBe('minutes');
    expect(await count(ctx.db, 'meetings')).toBe(before + 1);
  });

  it('marks a record entered more than seven days after the meeting as late', async () => {
    const held = new Date(Date.now() + 8 * 3600_000 - 10 * 86400_000).toISOString().slice(0, 10);
    const m = (await branch.post('/api/meetings', body({ heldOn: held, topic: '支委会：补录' , meetingType: 'committee_meeting' }))).json();
    expect((await branch.post(`/api/meetings/${m.id}/submit`, { version: m.version })).json().isLate).toBe(true);
  });

  it('lists and exports records in scope only', async () => {
    const mine = (await branch.get('/api/meetings?pageSize=200')).json();
    expect(mine.items.every((x: { orgId: number }) => x.orgId === a.branch)).toBe(true);
    expect((await branch.get(`/api/meetings?orgId=${a.otherBranch}`)).statusCode).toBe(404);
    const { readXlsx } = await import('../../src/server/core/xlsx.js');
    const x = await readXlsx((await county.get(`/api/meetings/export?orgId=${a.town}`)).rawPayload, 100_000);
    expect(x.rows.length).toBe((await county.get(`/api/meetings?orgId=${a.town}&pageSize=1`)).json().total);
  });

  it('takes a photo as optional evidence, stored once by content; refuses an executable renamed .jpg and an oversized file', async () => {
    const m = (await branch.post('/api/meetings', body({ topic: '主题党日：环境整治' }))).json();
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
    const up = await branch.upload(`/api/meetings/${m.id}/attachments`, png, '现场照片.jpg');
    expect(up.statusCode).toBe(201);
    expect(up.json()).toMatchObject({ fileName: '现场照片.jpg', contentType: 'image/png' });
    const files = await count(ctx.db, 'stored_files');
    expect((await branch.upload(`/api/meetings/${m.id}/attachments`, png, '同一张.png')).statusCode).toBe(201);
    expect(await count(ctx.db, 'stored_files')).toBe(files);
    const got = await county.get(`/api/meeting-attachments/${up.json().id}`);
    expect(got.statusCode).toBe(200);
    expect(Buffer.compare(got.rawPayload, png)).toBe(0);
    const detail = (await branch.get(`/api/meetings/${m.id}`)).json();
    expect(detail.attachments).toHaveLength(2);
    const before = await count(ctx.db, 'meeting_attachments');
    const exe = await branch.upload(`/api/meetings/${m.id}/attachments`, Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00', 'latin1'), '照片.jpg');
    expect(exe.statusCode).toBe(400);
    expect(problem(exe).errors[0]).toMatchObject({ field: 'file', message: expect.stringContaining('附件类型不支持') });
    const big = await branch.upload(`/api/meetings/${m.id}/attachments`, Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(11 * 1024 * 1024)]), '大.jpg');
    expect(big.statusCode).toBe(413);
    const other = await one<{ id: number }>(ctx.db, sql`select id from meetings where org_id = ${a.otherBranch} limit 1`);
    expect((await branch.upload(`/api/meetings/${other.id}/attachments`, png, 'x.png')).statusCode).toBe(404);
    expect(await count(ctx.db, 'meeting_attachments')).toBe(before);
    // a record is complete without any attachment
    const plain = (await branch.post('/api/meetings', body({ topic: '主题党日：无照片' }))).json();
    expect((await branch.post(`/api/meetings/${plain.id}/submit`, { version: plain.version })).statusCode).toBe(200);
  });

  it('lists minutes copied between branches in the same month, with both texts, within scope only', async () => {
    const months = ['03', '06', '09'].map((m) => `${today().slice(0, 4)}-${m}`).filter((m) => m < today().slice(0, 7));
    let found = 0;
    for (const month of months) {
      const r = (await county.get(`/api/meeting-compliance/copied?month=${month}`)).json();
      expect(r.threshold).toBe(0.8);
      for (const p of r.pairs) {
        expect(p.a.orgId).not.toBe(p.b.orgId);
        expect(p.similarity).toBeGreaterThanOrEqual(0.8);
        expect(p.a.minutes.length).toBeGreaterThan(20);
      }
      found += r.pairs.length;
      const mine = (await branch.get(`/api/meeting-compliance/copied?month=${month}`)).json();
      for (const p of mine.pairs) expect([p.a.orgId, p.b.orgId]).toEqual([a.branch, a.branch]);
    }
    expect(found).toBeGreaterThan(0);
  });

  it('lists members absent from all organisational life for six months, until they attend again', async () => {
    const made = await branch.post('/api/members', buildMember(a.branch, { name: '久未参会' }));
    expect(made.statusCode).toBe(201);
    const m = made.json();
    const listed = async () => (await county.get(`/api/meeting-compliance/long-absent?under=${a.branch}&pageSize=200`)).json().items.map((x: { id: number }) => x.id);
    expect(await listed()).toContain(m.id);
    const att = [...roster, { memberId: m.id }].map((r) => ({ memberId: r.memberId, status: 'present' }));
    const rec = (await branch.post('/api/meetings', body({ topic: '主题党日：老党员回来了', attendance: att }))).json();
    await branch.post(`/api/meetings/${rec.id}/submit`, { version: rec.version });
    expect(await listed()).not.toContain(m.id);
    const p = (await branch.get(`/api/members/${m.id}/participation`)).json();
    expect(p).toMatchObject({ listed: 1, present: 1, rate: 1 });
    expect((await branch.get(`/api/members/${a.otherMember}/participation`)).statusCode).toBe(404);
  });

  it('offers metrics by name for the assessment engine, computed from the records', async () => {
    const { ORG_METRICS } = await import('../../src/server/modules/meetings/metrics.js');
    const { loadActor } = await import('../../src/server/modules/auth/service.js');
    const userId = (await one<{ id: number }>(ctx.db, sql`select id from users where username = 'county_admin'`)).id;
    const actor = (await loadActor(ctx.db, userId, null))!;
    const year = Number(today().slice(0, 4));
    for (const k of ['meeting_compliance_rate', 'member_participation_rate']) {
      const v = await ORG_METRICS[k]!.compute(ctx.db, actor, a.branch, year);
      expect(v).not.toBeNull();
      expect(v!).toBeGreaterThanOrEqual(0);
      expect(v!).toBeLessThanOrEqual(1);
    }
    // the contact rate of a branch with floating members: reached in the year ÷ away, from the contact log
    const withFloating = await one<{ org_id: number }>(ctx.db, sql`select org_id from floating_register where direction = 'outflow' and ended_on is null and since <= ${addMonths(today(), -6)}
      group by org_id order by count(*) desc limit 1`);
    const rate = await ORG_METRICS.floating_contact_rate!.compute(ctx.db, actor, withFloating.org_id, year);
    const expected = await one<{ away: number; reached: number }>(ctx.db, sql`select count(distinct f.member_id)::int as away,
      count(distinct c.member_id)::int as reached from floating_register f left join member_contacts c on c.member_id = f.member_id and c.reached
        and extract(year from c.contacted_on) = ${year}
      where f.org_id = ${withFloating.org_id} and f.direction = 'outflow' and f.ended_on is null and f.since <= ${addMonths(today(), -6)}`);
    expect(rate).toBeCloseTo(expected.reached / expected.away, 10);
    expect(await ORG_METRICS.floating_contact_rate!.compute(ctx.db, actor, a.branch, 1990)).toBeNull();
    const outsider = (await loadActor(ctx.db, (await one<{ id: number }>(ctx.db, sql`select id from users where username = 'branch_secretary'`)).id, null))!;
    await expect(ORG_METRICS.meeting_compliance_rate!.compute(ctx.db, outsider, a.otherBranch, year)).rejects.toThrow('不在您的管理范围内');
  });

  it('records appraisal grades, requiring a follow-up for the lower two; a correction is a new row', async () => {
    const year = Number(today().slice(0, 4));
    const [first, second] = roster;
    const rowsBefore = (await one<{ n: number }>(ctx.db, sql`select count(*)::int as n from member_appraisals where member_id = ${first!.memberId} and year = ${year}`)).n;
    const noFollow = await branch.post(`/api/orgs/${a.branch}/appraisals`, { year, items: [{ memberId: first!.memberId, grade: 'unqualified' }] });
    expect(noFollow.statusCode).toBe(400);
    expect(problem(noFollow).errors[0]!.field).toBe('followUp');
    const outsider = await branch.post(`/api/orgs/${a.branch}/appraisals`, { year, items: [{ memberId: a.otherMember, grade: 'qualified' }] });
    expect(problem(outsider).errors[0]!.message).toContain('不是本支部在册党员');
    const ok = await branch.post(`/api/orgs/${a.branch}/appraisals`, { year, items: [
      { memberId: first!.memberId, grade: 'basically_qualified', followUp: '支部书记谈话提醒，限期改正' }, { memberId: second!.memberId, grade: 'excellent' }] });
    expect(ok.statusCode).toBe(201);
    await branch.post(`/api/orgs/${a.branch}/appraisals`, { year, items: [{ memberId: first!.memberId, grade: 'qualified' }] });
    const list = (await branch.get(`/api/orgs/${a.branch}/appraisals?year=${year}`)).json();
    expect(list.find((x: { memberId: number }) => x.memberId === first!.memberId).grade).toBe('qualified');
    expect(list.find((x: { memberId: number }) => x.memberId === second!.memberId).grade).toBe('excellent');
    const kept = await one<{ n: number }>(ctx.db, sql`select count(*)::int as n from member_appraisals where member_id = ${first!.memberId} and year = ${year}`);
    expect(kept.n).toBe(rowsBefore + 2);
    await expect(ctx.db.execute(sql`update member_appraisals set grade = 'excellent'`)).rejects.toThrow();
  });

  it('logs heart-to-heart talks with members of the branch only', async () => {
    const r = await branch.post(`/api/orgs/${a.branch}/heart-talks`, { memberId: roster[1]!.memberId, talkerName: '支部书记', talkedOn: today(), summary: '了解家庭困难，鼓励参加培训' });
    expect(r.statusCode).toBe(201);
    const bad = await branch.post(`/api/orgs/${a.branch}/heart-talks`, { memberId: a.otherMember, talkerName: '支部书记', talkedOn: today(), summary: '越界' });
    expect(problem(bad).errors[0]!.field).toBe('memberId');
    const future = await branch.post(`/api/orgs/${a.branch}/heart-talks`, { memberId: roster[1]!.memberId, talkerName: '书记', talkedOn: '2099-01-01', summary: '未来' });
    expect(problem(future).errors[0]!.field).toBe('talkedOn');
    const list = (await county.get(`/api/orgs/${a.branch}/heart-talks`)).json();
    expect(list.map((t: { summary: string }) => t.summary)).toContain('了解家庭困难，鼓励参加培训');
  });

  it('gives members without a post a duty post for the year, with a performance note', async () => {
    const year = Number(today().slice(0, 4));
    const made = (await branch.post('/api/members', buildMember(a.branch, { name: '无职党员甲', isWithoutPost: true }))).json();
    const d = (await branch.get(`/api/orgs/${a.branch}/duties?year=${year}`)).json();
    expect(d.posts.map((p: { name: string }) => p.name)).toContain('邻里调解岗');
    expect(d.people.find((p: { memberId: number }) => p.memberId === made.id)).toMatchObject({ postId: null });
    const post = d.posts.find((p: { name: string }) => p.name === '邻里调解岗');
    const r = await branch.post(`/api/orgs/${a.branch}/duties`, { memberId: made.id, postId: post.id, year, performanceNote: '全年调解纠纷 6 起' });
    expect(r.statusCode).toBe(201);
    const after = (await branch.get(`/api/orgs/${a.branch}/duties?year=${year}`)).json();
    expect(after.people.find((p: { memberId: number }) => p.memberId === made.id)).toMatchObject({ postName: '邻里调解岗', performanceNote: '全年调解纠纷 6 起' });
    const bad = await branch.post(`/api/orgs/${a.branch}/duties`, { memberId: a.otherMember, postId: post.id, year });
    expect(problem(bad).errors[0]!.field).toBe('memberId');
  });

  it('shows a member his own appraisal, absence and leave reason, never a neighbour\'s (per person, not per page)', async () => {
    const me = await one<{ memberId: number; orgId: number }>(ctx.db, sql`select u.member_id as "memberId", m.org_id as "orgId"
      from users u join members m on m.id = u.member_id where u.username = 'member'`);
    const year = Number(today().slice(0, 4));
    // the branch secretary sees every member of the branch; the member himself only
    const all = (await branch.get(`/api/orgs/${me.orgId}/appraisals?year=${year}`));
    const mine = (await member.get(`/api/orgs/${me.orgId}/appraisals?year=${year}`));
    expect(mine.statusCode, mine.body).toBe(200);
    if (all.statusCode === 200) expect(all.json().length).toBeGreaterThan(1);
    expect(mine.json().map((x: { memberId: number }) => x.memberId)).toEqual([me.memberId]);
    const absent = (await member.get('/api/meeting-compliance/long-absent?pageSize=200'));
    expect(absent.statusCode, absent.body).toBe(200);
    expect(absent.json().items.every((x: { id: number }) => x.id === me.memberId)).toBe(true);
    // a meeting of his branch where a neighbour was on leave with a reason
    const neighbour = await one<{ id: number }>(ctx.db, sql`select id from members where org_id = ${me.orgId} and id <> ${me.memberId} and status = 'active' order by id limit 1`);
    const mt = await one<{ id: number }>(ctx.db, sql`select id from meetings where org_id = ${me.orgId} and status = 'submitted' order by id desc limit 1`);
    await ctx.db.execute(sql`update meeting_attendance set status = 'leave', reason = '照顾家人' where meeting_id = ${mt.id} and member_id = ${neighbour.id}`);
    const seen = (await member.get(`/api/meetings/${mt.id}`)).json();
    const row = seen.attendance.find((x: { memberId: number }) => x.memberId === neighbour.id);
    expect(row).toMatchObject({ status: 'leave', reason: null });
    const bySecretary = (await branch.get(`/api/meetings/${mt.id}`)).json();
    if (bySecretary.attendance) expect(bySecretary.attendance.find((x: { memberId: number }) => x.memberId === neighbour.id).reason).toBe('照顾家人');
    // a draft is the recorder's: the member neither lists nor opens it, the secretary of his branch does both
    await ctx.db.execute(sql`update meetings set status = 'draft' where id = ${mt.id}`);
    try {
      const listed = async (c: Client) => (await c.get(`/api/meetings?orgId=${me.orgId}&pageSize=100`)).json().items.map((x: { id: number }) => x.id);
      expect(await listed(member)).not.toContain(mt.id);
      expect((await member.get(`/api/meetings/${mt.id}`)).statusCode).toBe(404);
      const secretaryOfHis = await one<{ n: number }>(ctx.db, sql`select count(*)::int as n from users u join role_assignments ra on ra.user_id = u.id
        join orgs o on o.id = ${me.orgId} where u.username = 'branch_secretary' and (ra.org_id = o.id or o.path like (select path from orgs where id = ra.org_id) || '%')`);
      if (secretaryOfHis.n) {
        expect(await listed(branch)).toContain(mt.id);
        expect((await branch.get(`/api/meetings/${mt.id}`)).statusCode).toBe(200);
      }
      expect(await listed(county)).toContain(mt.id);
    } finally {
      await ctx.db.execute(sql`update meetings set status = 'submitted' where id = ${mt.id}`);
    }
  });

  it('expects the committee at a 支委会 and nobody at a 谈心谈话, not the whole branch', async () => {
    const all = (await branch.get(`/api/orgs/${a.branch}/roster`)).json();
    const committee = (await branch.get(`/api/orgs/${a.branch}/roster?meetingType=committee_meeting`)).json();
    const inPost = await rows<{ id: number }>(ctx.db, sql`select distinct m.id from members m join org_posts p on p.member_id = m.id
      where p.org_id = ${a.branch} and p.ended_on is null and p.post <> 'group_leader' and m.status = 'active' and m.org_id = ${a.branch} order by m.id`);
    expect(committee.map((x: { memberId: number }) => x.memberId)).toEqual(inPost.map((x) => x.id));
    expect(committee.length).toBeGreaterThan(0);
    expect(committee.length).toBeLessThan(all.length);
    expect((await branch.get(`/api/orgs/${a.branch}/roster?meetingType=heart_talk`)).json()).toEqual([]);
    // a floating or lost-contact member is marked on the roll, the others are not
    await ctx.db.execute(sql`update members set is_floating = true, floating_since = '2023-03-01', outflow_region = '广东省深圳市'
      where id = (select max(id) from members where org_id = ${a.branch} and status = 'active' and not is_floating)`);
    const floating = await rows<{ id: number; region: string | null }>(ctx.db, sql`select id, outflow_region as region from members
      where org_id = ${a.branch} and status = 'active' and is_floating and not is_lost_contact`);
    const marked = ((await branch.get(`/api/orgs/${a.branch}/roster`)).json() as { memberId: number; away: string | null }[]).filter((x) => x.away);
    expect(floating.length).toBeGreaterThan(0);
    expect(marked.map((x) => x.memberId).sort()).toEqual((await rows<{ id: number }>(ctx.db, sql`select id from members
      where org_id = ${a.branch} and status = 'active' and (is_floating or is_lost_contact) order by id`)).map((x) => x.id).sort());
    for (const f of floating) expect(marked.find((x) => x.memberId === f.id)!.away).toBe(`流动党员${f.region ? `（外出${f.region}）` : ''}`);
    expect((await branch.get(`/api/orgs/${a.branch}/roster?meetingType=nonsense`)).statusCode).toBe(400);
  });
  it('lets the county set a meeting rule with its source and date: periods from then follow it, earlier ones do not move; a bad change is refused', async () => {
    const year = Number(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 4));
    const before = (await county.get(`/api/orgs/${a.branch}/compliance?year=${year}`)).json() as { rows: { meetingType: string; cells: { key: string; state: string }[] }[] };
    const cellsOf = (c: typeof before, type: string) => c.rows.find((r) => r.meetingType === type)!.cells;
    const body = { meetingType: 'committee_meeting', appliesTo: 'committee', period: 'quarter', minPerPeriod: 1, source: '县委组织部关于规范支部委员会会议的通知',
      effectiveFrom: `${year}-07-01`, reason: '减轻基层负担：支委会改为每季度至少一次' };
    const n = async () => count(ctx.db, 'meeting_rules');
    const kept = await n();
    expect(refusal(await town.post('/api/meeting-rules', body)).status).toBe(403);
    expect(problem(await county.post('/api/meeting-rules', { ...body, effectiveFrom: `${year - 1}-07-01` })).errors[0]).toMatchObject({ field: 'effectiveFrom' });
    expect(problem(await county.post('/api/meeting-rules', { ...body, minPerPeriod: 0 })).errors[0]).toMatchObject({ field: 'minPerPeriod', message: '每期至少次数：至少 1 次' });
    expect(problem(await county.post('/api/meeting-rules', { ...body, source: ' ' })).errors[0]).toMatchObject({ field: 'source' });
    expect(problem(await county.post('/api/meeting-rules', { ...body, quorum: 0.6 })).errors[0]).toMatchObject({ field: 'quorum' });
    expect(problem(await county.post('/api/meeting-rules', { ...body, period: 'month' })).errors[0]).toMatchObject({ field: 'period', message: '与现行规则相同，无需修改' });
    expect(await n()).toBe(kept);

    const made = await county.post('/api/meeting-rules', body);
    expect(made.statusCode, made.body).toBe(201);
    const after = (await county.get(`/api/orgs/${a.branch}/compliance?year=${year}`)).json() as typeof before;
    expect(cellsOf(after, 'committee_meeting').map((c) => c.key)).toEqual(['01', '02', '03', '04', '05', '06'].map((m) => `${year}-${m}`).concat([`${year}-Q3`, `${year}-Q4`]));
    // the months before it keep their state; the other meeting types are untouched
    expect(cellsOf(after, 'committee_meeting').slice(0, 6)).toEqual(cellsOf(before, 'committee_meeting').slice(0, 6));
    expect(cellsOf(after, 'themed_party_day')).toEqual(cellsOf(before, 'themed_party_day'));
    const list = (await county.get('/api/meeting-rules')).json() as { meetingType: string; effectiveFrom: string; reason: string | null; createdByName: string | null }[];
    expect(list.filter((r) => r.meetingType === 'committee_meeting').map((r) => r.effectiveFrom)).toEqual([`${year}-07-01`, '2018-10-28']);
    expect(list.find((r) => r.effectiveFrom === `${year}-07-01`)).toMatchObject({ reason: body.reason, createdByName: '县委组织部 管理员' });
    expect((await one<{ n: number }>(ctx.db, sql`select count(*)::int as n from audit_log where entity = 'meeting_rule' and action = 'create'`)).n).toBe(1);
    // history is never rewritten: a version may not take effect before the one it follows
    expect(problem(await county.post('/api/meeting-rules', { ...body, period: 'month', effectiveFrom: `${year}-06-01` })).errors[0])
      .toMatchObject({ field: 'effectiveFrom', message: `生效日期须晚于现行规则的生效日期（${year}-07-01）` });
    expect((await member.get('/api/meeting-rules')).statusCode).toBe(200);
  });
});
