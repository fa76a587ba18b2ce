// claimcheck as a library: audit(options) → AuditResult, and the stages it is built from.
export { audit, auditInputs, loadInputs, hasErrors, sortFindings, DEFAULT_TOLERANCE, type AuditOptions, type LoadedInputs } from './audit.js';
export { loadClaims, parseClaims } from './claims/index.js';
export { loadEvidence, parseEvidenceCsv, buildEvidence, aggregateFile, type ReadProgress } from './evidence/index.js';
export { matchClaims } from './match/index.js';
export { evaluateClaim, decideChange, decideLevel } from './stats/index.js';
export { render, renderJson, renderMarkdown, renderTerminal, renderExplain, FORMATS, type Format } from './report/index.js';
export * from './types.js';
