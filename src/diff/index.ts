// Diff: compare two audits (JSON reports) — for `claimcheck diff` and `audit --baseline`.
export { VERDICT_ORDER, verdictRank, compareVerdicts, verdictStanding } from './order.js';
export { diffReports, diffInputs, snapshotOf, verdictChanges } from './compare.js';
export { parseReport } from './read.js';
export { loadReport } from './load.js';
