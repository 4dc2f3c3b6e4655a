/** Structure and term rules of docs/rules.md §1, as pure functions over figures the service gathers. */

export type StructureRules = {
  branchMinFullMembers: number;
  branchMaxMembers: number;
  committeeThreshold: number;
  secretaryVacancyMonths: number;
  electionWarningMonths: number;
  generalBranchMinMembers: number;
  generalBranchMaxMembers: number;
  committeeMinMembers: number;
};

export const DEFAULT_STRUCTURE_RULES: StructureRules = {
  branchMinFullMembers: 3,
  branchMaxMembers: 50,
  committeeThreshold: 7,
  secretaryVacancyMonths: 3,
  electionWarningMonths: 6,
  generalBranchMinMembers: 50,
  generalBranchMaxMembers: 100,
  committeeMinMembers: 100,
};

/** Rule rows seeded into rule_values with their source document. */
export const STRUCTURE_RULE_SOURCES: Record<keyof StructureRules, string> = {
  branchMinFullMembers: '《中国共产党支部工作条例（试行）》第五条',
  branchMaxMembers: '《中国共产党支部工作条例（试行）》第五条',
  committeeThreshold: '《中国共产党支部工作条例（试行）》第十四条',
  secretaryVacancyMonths: '软弱涣散基层党组织整顿工作通知（书记长期空缺）',
  electionWarningMonths: '《中国共产党基层组织选举工作条例》第七条（届满提前报告）',
  generalBranchMinMembers: '《中国共产党党和国家机关基层组织工作条例》第七条（党员 50 人以上、100 人以下设立党的总支部委员会）',
  generalBranchMaxMembers: '《中国共产党党和国家机关基层组织工作条例》第七条（党员 50 人以上、100 人以下设立党的总支部委员会）',
  committeeMinMembers: '《中国共产党党和国家机关基层组织工作条例》第七条（党员 100 人以上设立党的基层委员会）',
};

/** What each structure rule is called and the values a county may set it to. */
export const STRUCTURE_RULE_SPECS: Record<keyof StructureRules, { label: string; unit: string; min: number; max: number }> = {
  branchMinFullMembers: { label: '党支部最少正式党员', unit: '名', min: 1, max: 10 },
  branchMaxMembers: { label: '党支部党员一般不超过', unit: '名', min: 10, max: 200 },
  committeeThreshold: { label: '应设支部委员会的正式党员数', unit: '名', min: 3, max: 30 },
  secretaryVacancyMonths: { label: '书记空缺预警', unit: '个月', min: 1, max: 24 },
  electionWarningMonths: { label: '届满前提醒换届', unit: '个月', min: 1, max: 24 },
  generalBranchMinMembers: { label: '党总支党员不少于', unit: '名', min: 10, max: 200 },
  generalBranchMaxMembers: { label: '党总支党员不多于', unit: '名', min: 20, max: 500 },
  committeeMinMembers: { label: '基层党委党员不少于', unit: '名', min: 20, max: 1000 },
};

export type StructureFacts = {
  orgType: string;
  status: string;
  fullMembers: number;
  totalMembers: number;
  /** members of the org and every org under it (a general branch's or committee's size) */
  subtreeMembers?: number;
  committeeMembers: number;
  hasSecretary: boolean;
  secretaryVacantSince: string | null;
};

export type Warning = { code: string; message: string };

export function addMonths(isoDate: string, months: number): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 0)).getUTCDate();
  t.setUTCDate(Math.min(d, last));
  return t.toISOString().slice(0, 10);
}

export function structureWarnings(f: StructureFacts, today: string, r: StructureRules = DEFAULT_STRUCTURE_RULES): Warning[] {
  if (f.status !== 'active') return [];
  const w: Warning[] = [];
  if (f.orgType === 'branch') {
    if (f.fullMembers < r.branchMinFullMembers) {
      w.push({ code: 'too_few_full_members', message: `正式党员 ${f.fullMembers} 名，少于 ${r.branchMinFullMembers} 名，不符合单独成立党支部的条件` });
    }
    if (f.totalMembers > r.branchMaxMembers) {
      w.push({ code: 'too_many_members', message: `党员 ${f.totalMembers} 名，超过 ${r.branchMaxMembers} 名，宜分设党支部或成立党总支` });
    }
    if (f.fullMembers >= r.committeeThreshold && f.committeeMembers === 0) {
      w.push({ code: 'committee_missing', message: `正式党员 ${f.fullMembers} 名（${r.committeeThreshold} 名以上），应选举产生支部委员会（委员 3–5 人），目前没有在任的支部委员` });
    }
  }
  // the size a general branch or a grassroots committee is set up at; a smaller or larger one needs the approval of the
  // level above, so it is listed to be looked at, not refused
  const size = f.subtreeMembers;
  if (size !== undefined && f.orgType === 'general_branch') {
    if (size < r.generalBranchMinMembers) {
      w.push({ code: 'general_branch_small', message: `党员 ${size} 名，不足 ${r.generalBranchMinMembers} 名，一般设党支部（因工作需要经上级党组织批准的除外）` });
    } else if (size > r.generalBranchMaxMembers) {
      w.push({ code: 'general_branch_large', message: `党员 ${size} 名，超过 ${r.generalBranchMaxMembers} 名，可设立党的基层委员会` });
    }
  }
  if (size !== undefined && f.orgType === 'grassroots_committee' && size < r.committeeMinMembers) {
    w.push({ code: 'committee_small', message: `党员 ${size} 名，不足 ${r.committeeMinMembers} 名，一般设党总支或党支部（因工作需要经上级党组织批准的除外）` });
  }
  if (f.orgType !== 'party_group' && !f.hasSecretary && f.secretaryVacantSince
      && addMonths(f.secretaryVacantSince, r.secretaryVacancyMonths) < today) {
    w.push({ code: 'secretary_vacant', message: `书记自 ${f.secretaryVacantSince} 起空缺，已超过 ${r.secretaryVacancyMonths} 个月` });
  }
  return w;
}

export type TermState = 'none' | 'ok' | 'due_soon' | 'overdue';

export function termState(termEnd: string | null, today: string, r: StructureRules = DEFAULT_STRUCTURE_RULES): TermState {
  if (!termEnd) return 'none';
  if (termEnd < today) return 'overdue';
  if (addMonths(today, r.electionWarningMonths) >= termEnd) return 'due_soon';
  return 'ok';
}

/** Default term length in years by org type and category (docs/rules.md §1). */
export function defaultTermYears(orgType: string, category: string): number {
  if (orgType === 'branch' || orgType === 'general_branch') return category === 'village' || category === 'community' ? 5 : 3;
  if (orgType === 'township_committee') return 5;
  return 5;
}

/** A move is refused when the new parent is the org itself or lies inside its subtree. */
export function isInsideSubtree(candidatePath: string, subtreeRootPath: string): boolean {
  return candidatePath.startsWith(subtreeRootPath);
}

/** The parent's type decides which child types make sense. */
export { ALLOWED_CHILDREN } from '../../../shared/codes.js';
