// Diff: compare two audits (JSON reports) — for `claimcheck diff` and `audit --baseline`.
export { diffReports, diffInputs, snapshotOf, verdictChanges } from './compare.js';
