// claimcheck as a library: audit(options) → AuditResult, and the stages it is built from.
export { audit, loadInputs, hasErrors, sortFindings, DEFAULT_TOLERANCE, type AuditOptions } from './audit.js';
export { loadClaims, parseClaims } from './claims/index.js';
export { loadEvidence, parseEvidenceCsv, buildEvidence } from './evidence/index.js';
export { matchClaims } from './match/index.js';
export { evaluateClaim, decideChange, decideLevel } from './stats/index.js';
export { render, renderJson, renderMarkdown, renderCsv, renderTerminal, renderExplain, FORMATS, type Format } from './report/index.js';
export * from './types.js';
