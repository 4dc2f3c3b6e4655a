import { describe, expect, it } from 'vitest';
import { orgIndex, orgKey, type OrgRef } from './org-match.js';

const ORGS: OrgRef[] = [
  { id: 1, name: '中共云岭县中和乡委员会', shortName: '中和乡党委', orgType: 'township_committee' },
  { id: 2, name: '中共云岭县中和乡三合村支部委员会', shortName: null, orgType: 'branch', parentName: '中共云岭县中和乡委员会' },
  { id: 3, name: '中共云岭县中和乡五里村支部委员会', shortName: null, orgType: 'branch', parentName: '中共云岭县中和乡委员会' },
  { id: 4, name: '中共云岭县小河镇三合村支部委员会', shortName: null, orgType: 'branch', parentName: '中共云岭县小河镇委员会' },
  { id: 5, name: '中共云岭县供销社支部委员会', shortName: '供销社党支部', orgType: 'branch' },
  { id: 6, name: '中共云岭县教育局机关总支部委员会', shortName: null, orgType: 'general_branch' },
];
const match = orgIndex(ORGS, { accepts: ['branch', 'general_branch'], label: '所在党支部', acceptsLabel: '党支部' });

describe('finding the branch a roster names', () => {
  it.each([
    ['中共云岭县中和乡五里村支部委员会', 3], ['五里村党支部', 3], ['中和乡五里村党支部', 3], ['云岭县中和乡五里村支部', 3],
    ['供销社党支部', 5], ['云岭县供销社党支部', 5], ['教育局机关党总支', 6], ['  五里村党支部 ', 3],
  ])('%s → org %i', (raw, id) => {
    const m = match(raw);
    expect(m.ok && m.org.id).toBe(id);
  });

  it('says when two branches share the name, naming both with their parents', () => {
    const m = match('三合村党支部');
    expect(m.ok).toBe(false);
    expect(!m.ok && m.message).toContain('对应多个党组织');
    expect(!m.ok && m.message).toContain('中共云岭县小河镇委员会');
    // the township names which one
    const one = match('中和乡三合村党支部');
    expect(one.ok && one.org.id).toBe(2);
  });

  it('says that a township committee is not a branch', () => {
    const m = match('中和乡党委');
    expect(!m.ok && m.message).toBe('「所在党支部」“中和乡党委”是乡镇党委，不是党支部：请填写其下的党支部');
  });

  it('names the closest branches when nothing matches', () => {
    const m = match('五里屯村党支部');
    expect(!m.ok && m.message).toContain('不存在或不在您的管理范围内');
    expect(!m.ok && m.message).toContain('五里村支部委员会');
  });

  it('reduces names to what tells orgs apart', () => {
    expect(orgKey('中共三合村支部委员会')).toBe(orgKey('三合村党支部'));
    expect(orgKey('中国共产党某公司总支部委员会')).toBe(orgKey('某公司党总支'));
  });
});

describe('names of other places', () => {
  const list: OrgRef[] = [
    { id: 1, name: '中共云岭县中和乡机关支部委员会', shortName: null, orgType: 'branch' },
    { id: 2, name: '中共云岭县中和乡三合村支部委员会', shortName: '三合村党支部', orgType: 'branch' },
  ];
  const match = orgIndex(list, { accepts: ['branch'], label: '所在党支部', acceptsLabel: '党支部' });
  it('does not take a branch of another township for one of the same kind here', () => {
    expect(match('中共官庄乡机关支部委员会')).toMatchObject({ ok: false });
    expect(match('云岭县官庄乡三合村党支部')).toMatchObject({ ok: false });
    expect(match('丽江县中和乡机关支部')).toMatchObject({ ok: false });
  });
  it('still finds a branch written without its county or township', () => {
    expect(match('中和乡机关党支部')).toMatchObject({ ok: true, org: { id: 1 } });
    expect(match('机关支部')).toMatchObject({ ok: true, org: { id: 1 } });
    expect(match('云岭县中和乡三合村党支部')).toMatchObject({ ok: true, org: { id: 2 } });
  });
});
