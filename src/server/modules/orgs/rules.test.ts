import { describe, expect, it } from 'vitest';
import { addMonths, DEFAULT_STRUCTURE_RULES, isInsideSubtree, structureWarnings, termState, type StructureFacts } from './rules.js';

const base: StructureFacts = { orgType: 'branch', status: 'active', fullMembers: 5, totalMembers: 5, committeeMembers: 0, hasSecretary: true, secretaryVacantSince: null };
const codes = (f: Partial<StructureFacts>, today = '2026-11-25') => structureWarnings({ ...base, ...f }, today).map((w) => w.code);

describe('structure checks (docs/rules.md §1)', () => {
  it.each([
    [{}, []],
    [{ fullMembers: 2, totalMembers: 4 }, ['too_few_full_members']],
    [{ fullMembers: 3, totalMembers: 3 }, []],
    [{ fullMembers: 40, totalMembers: 51, committeeMembers: 3 }, ['too_many_members']],
    [{ fullMembers: 40, totalMembers: 50, committeeMembers: 3 }, []],
    [{ fullMembers: 7, totalMembers: 7 }, ['committee_missing']],
    [{ fullMembers: 6, totalMembers: 9 }, []],
    [{ hasSecretary: false, secretaryVacantSince: '2026-08-24' }, ['secretary_vacant']],
    [{ hasSecretary: false, secretaryVacantSince: '2026-08-25' }, []],
    [{ status: 'dissolved', fullMembers: 0 }, []],
  ] as [Partial<StructureFacts>, string[]][])('%o → %o', (f, expected) => expect(codes(f)).toEqual(expected));
  it('applies membership rules to branches only, the vacancy rule to committees too', () => {
    expect(codes({ orgType: 'general_branch', fullMembers: 0, totalMembers: 0 })).toEqual([]);
    expect(codes({ orgType: 'township_committee', hasSecretary: false, secretaryVacantSince: '2025-01-01' })).toEqual(['secretary_vacant']);
  });
  it('checks the size a general branch (50–100) and a grassroots committee (100 or more) is set up at, by the members under it', () => {
    const gb = { orgType: 'general_branch', fullMembers: 0, totalMembers: 0, hasSecretary: true };
    expect(codes({ ...gb, subtreeMembers: 49 })).toEqual(['general_branch_small']);
    expect(codes({ ...gb, subtreeMembers: 50 })).toEqual([]);
    expect(codes({ ...gb, subtreeMembers: 100 })).toEqual([]);
    expect(codes({ ...gb, subtreeMembers: 101 })).toEqual(['general_branch_large']);
    expect(structureWarnings({ ...base, ...gb, subtreeMembers: 132 }, '2026-11-25')[0]!.message).toBe('党员 132 名，超过 100 名，可设立党的基层委员会');
    const gc = { orgType: 'grassroots_committee', fullMembers: 0, totalMembers: 0 };
    expect(codes({ ...gc, subtreeMembers: 99 })).toEqual(['committee_small']);
    expect(codes({ ...gc, subtreeMembers: 100 })).toEqual([]);
    // a township committee is one whatever its size; a branch is judged by its own rules
    expect(codes({ orgType: 'township_committee', fullMembers: 0, totalMembers: 0, subtreeMembers: 40 })).toEqual([]);
    expect(codes({ subtreeMembers: 20 })).toEqual([]);
  });
  it('reads thresholds from the rule values it is given', () => {
    const w = structureWarnings({ ...base, fullMembers: 4, totalMembers: 4 }, '2026-11-25', { ...DEFAULT_STRUCTURE_RULES, branchMinFullMembers: 5 });
    expect(w[0]!.message).toContain('少于 5 名');
  });
});

describe('terms', () => {
  it.each([[null, 'none'], ['2026-11-24', 'overdue'], ['2026-11-25', 'due_soon'], ['2027-05-25', 'due_soon'], ['2027-05-26', 'ok']])(
    'term ending %s on 2026-11-25 is %s', (end, state) => expect(termState(end, '2026-11-25')).toBe(state));
  it('adds months clamping to the end of the month', () => {
    expect(addMonths('2026-08-31', 6)).toBe('2027-02-28');
    expect(addMonths('2026-11-25', -3)).toBe('2026-08-25');
  });
});

describe('moves', () => {
  it('refuses a move under itself or a descendant only', () => {
    expect(isInsideSubtree('/1/2/', '/1/2/')).toBe(true);
    expect(isInsideSubtree('/1/2/5/', '/1/2/')).toBe(true);
    expect(isInsideSubtree('/1/22/', '/1/2/')).toBe(false);
  });
});
