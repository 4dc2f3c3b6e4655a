/**
 * The assessment module's service: what routes, other modules and tools call. Each capability has its own file —
 * schemes, the ledger, the scoring channels, ballots, results, the workflow after publishing, accountability, and
 * the signals weak-org screening reads (docs/decisions/0013).
 */
export { getScheme, findSchemes, type SchemeInput, createScheme, copyScheme, updateScheme, type IndicatorInput, saveIndicators, indicatorsOf, deviations, publishScheme, schemeDetail } from './schemes.js';
export { type NewEntry, appendEntries, rebuildScoreSums, verifyLedger, checkLedger, findEntries, reverseEntry } from './ledger.js';
export { recordScore, computeMetrics, recordFinding, findFindings, submitDailyRecord, findDailyRecords, reviewDailyRecord, recordDutyScore, dutySummary, finalizeDuty, addEvidence, evidenceOwner, evidenceFile } from './scoring.js';
export { createCampaign, findCampaigns, ballotByToken, castBallot, countCampaign } from './ballots.js';
export { type ResultRow, computeResults, liveResults, ensureLive, results, explain, whatIf, gradeRollup, gradedOrgs, type GradedRow } from './results.js';
export { advance, fileObjection, findObjections, decideObjection } from './workflow.js';
export { correctFinal, findCorrections, type CorrectionRow } from './corrections.js';
export { type ActionInput, recordAction, findActions, getAction, cascade, issueCircular, circularFile } from './accountability.js';
export { SATISFIED_SHARE, screeningSignalsCtes } from './signals.js';
export { computeTotals, rankAndGrade, type Ranked } from './rules.js';
