// Diff: compare two audits (JSON reports) — for `claimcheck diff` and `audit --baseline`.
export { answerChanged, answerChangeText, claimMove, diffReports, diffInputs, snapshotOf, verdictChanges } from './compare.js';
