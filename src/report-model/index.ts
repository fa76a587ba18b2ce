// The report model: the JSON report an audit is recorded in — its schema version, how it is built
// from an AuditResult, how it is read back (--baseline, `claimcheck diff`), and the verdict order
// diffs, policies and the CI formats rank verdicts by. It imports nothing from diff/, policy or report/.
export { SCHEMA_VERSION, READABLE_SCHEMA_VERSIONS, buildReport, buildReportLazily } from './build.js';
export { parseReport } from './read.js';
export { loadReport } from './load.js';
export { VERDICT_ORDER, ATTRIBUTION_ORDER, verdictRank, attributionRank, compareVerdicts, compareAttribution, verdictStanding } from './verdict-order.js';
