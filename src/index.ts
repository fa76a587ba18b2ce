// claimcheck as a library: every pipeline the CLI runs — audit(), validate(), check() (audit against a
// baseline under a fail-on policy) — and the stages they are built from.
export { audit, auditInputs, loadInputs, hasErrors, sortFindings, type AuditOptions, type LoadedInputs } from './audit.js';
export { validate, type ValidateOptions, type ValidateResult } from './validate.js';
export { check, type CheckOptions, type CheckResult } from './check.js';
export {
  findConfig,
  loadConfig,
  parseConfig,
  resolveRun,
  mergeOptions,
  CONFIG_FILE_NAMES,
  CONFIG_KEYS,
  type ProjectConfig,
  type RunOptions,
  type ResolvedRun,
  type LoadedConfig,
  type LoadConfigOptions,
  type OutputTarget,
  type PublisherSettings,
} from './config/index.js';
export { selectClaims, parseSelectors, parseSelection, selects, inSelection, selectionSummary, SelectorError, SELECTOR_PREFIXES, type Selector, type SelectorField, type Selection, type SelectableClaim, type SelectedClaims, type SelectionAt, type SelectionOptions } from './select.js';
export { DEFAULT_TOLERANCE, DEFAULT_CLAIMS_PATHS, DEFAULT_EVIDENCE_PATHS } from './defaults.js';
export { isClaimsFile } from './claims/detect.js';
export { loadClaims, parseClaims } from './claims/index.js';
export { loadEvidence, parseEvidenceCsv, buildEvidence, aggregateFile, type ReadProgress } from './evidence/index.js';
export { matchClaims } from './match/index.js';
export { evaluateClaim, decideChange, decideLevel } from './stats/index.js';
export {
  render,
  renderDiff,
  renderJson,
  renderMarkdown,
  renderCsv,
  renderTerminal,
  renderHtml,
  renderCharts,
  startChartThreads,
  type ChartThreads,
  type RenderChartsOptions,
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
export { buildReport, loadReport, parseReport, compareVerdicts, verdictRank, verdictStanding, VERDICT_ORDER, SCHEMA_VERSION } from './report-model/index.js';
export { diffReports, verdictChanges } from './diff/index.js';
export { decideOutcome } from './policy.js';
export * from './types.js';
export type * from './report-model/types.js';
export type * from './report-model/chart.js';
export type * from './diff/types.js';
export type * from './policy-types.js';
export type * from './report/options.js';
