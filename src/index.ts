// claimcheck as a library: audit(options) → AuditResult, and the stages it is built from.
export { audit, auditInputs, loadInputs, hasErrors, sortFindings, DEFAULT_TOLERANCE, type AuditOptions, type LoadedInputs } from './audit.js';
export { loadClaims, parseClaims } from './claims/index.js';
export { loadEvidence, parseEvidenceCsv, buildEvidence, aggregateFile, type ReadProgress } from './evidence/index.js';
export { matchClaims } from './match/index.js';
export { evaluateClaim, decideChange, decideLevel } from './stats/index.js';
export {
  render,
  renderDiff,
  buildReport,
  renderJson,
  renderMarkdown,
  renderCsv,
  renderTerminal,
  renderHtml,
  renderCharts,
  renderChartSvg,
  buildChartData,
  renderExplain,
  renderJunit,
  renderGithub,
  renderSarif,
  renderClaimReview,
  renderDiffTerminal,
  renderDiffMarkdown,
  renderDiffJson,
  claimReviewRating,
  FORMATS,
  DIFF_FORMATS,
  type Format,
  type DiffFormat,
} from './report/index.js';
export { diffReports, loadReport, parseReport, compareVerdicts, verdictRank, verdictChanges, VERDICT_ORDER } from './diff/index.js';
export { decideOutcome } from './policy.js';
export * from './types.js';
