/**
 * Training (干部教育培训): the module's service, what routes, other modules and tools call. Each capability has its
 * own file: the annual plan, classes (quotas, courses, sessions), enrollment, check-in, the trainee's leave,
 * evaluation and reflection, the test, completion and certificates, personal records and coverage.
 */
export { localNow } from './context.js';
export { type PlanItemInput, findPlan, createPlanItem, updatePlanItem, copyPlan } from './plan.js';
export { type ClassInput, findClasses, createClass, updateClass, getClass, setQuotas, myQuotas, findCourses, addSession } from './classes.js';
export { nominate, enrollDirect, confirmEnrollments, withdraw, findRoster } from './enrollment.js';
export { currentToken, checkIn, checkInFast, manualCheckIn, sessionAttendance } from './checkin.js';
export {
  traineeOf, myClasses, myClass, requestLeave, findLeaves, decideLeave, submitEvaluation, evaluationResults, submitReflection, findReflections, reflectionFile, reviewReflection,
} from './trainee.js';
export { type QuestionInput, checkQuestion, insertQuestions, findQuestions, setPaper, startAttempt, submitAttempt, testResults } from './exam.js';
export { completionOf, confirmCompletion, certificateByCode, certificateFor } from './completion.js';
export { trainingRecord, addStudyEntry, findStudyEntries, decideStudyEntry, coverage, untrained } from './records.js';
