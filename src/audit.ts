// The whole pipeline: load → validate → match → compute → verdict. Returns data; never prints.
import { loadClaims } from './claims/index.js';
import { loadEvidence } from './evidence/index.js';
import { matchClaims } from './match/index.js';
import { evaluateClaim } from './stats/index.js';
import type { AuditResult, AuditSettings, Claim, EvidenceSet, Finding, InputFile } from './types.js';

export interface AuditOptions {
  /** Claims files or directories (default `claims/`). */
  claims?: string[];
  /** Evidence files or directories (default `evidence/`). */
  evidence?: string[];
  cwd?: string;
  tolerance?: number;
  asOf?: string;
  /** Largest input file read, in bytes; default 10 MiB for claims, 128 MiB for evidence. */
  maxFileSize?: number;
}

export const DEFAULT_TOLERANCE = 0.5;

export interface LoadedInputs {
  claims: Claim[];
  evidence: EvidenceSet;
  findings: Finding[];
  inputs: InputFile[];
}

export function loadInputs(options: AuditOptions): LoadedInputs {
  const cwd = options.cwd ?? process.cwd();
  const limit = options.maxFileSize !== undefined ? { maxFileSize: options.maxFileSize } : {};
  const claims = loadClaims(options.claims ?? ['claims'], cwd, limit);
  const evidence = loadEvidence(options.evidence ?? ['evidence'], cwd, limit);
  return {
    claims: claims.claims,
    evidence: evidence.evidence,
    findings: sortFindings([...claims.findings, ...evidence.findings]),
    inputs: [...claims.inputs, ...evidence.inputs].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
  };
}

/** Run the audit. Input errors are returned as findings; the caller decides whether to stop. */
export function audit(options: AuditOptions = {}): AuditResult {
  const loaded = loadInputs(options);
  const settings: AuditSettings = { tolerance: options.tolerance ?? DEFAULT_TOLERANCE, ...(options.asOf ? { asOf: options.asOf } : {}) };
  const results = matchClaims(loaded.claims, loaded.evidence)
    .map((m) => evaluateClaim(m, settings))
    .sort((a, b) => compareLocation(a.claim, b.claim));
  return { inputs: loaded.inputs, results, findings: loaded.findings, options: settings };
}

function compareLocation(a: Claim, b: Claim): number {
  const fa = a.location.file;
  const fb = b.location.file;
  return fa < fb ? -1 : fa > fb ? 1 : (a.location.line ?? 0) - (b.location.line ?? 0);
}

/** Stable order: file, line, column, then message. */
export function sortFindings(findings: Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0) ||
      (a.message < b.message ? -1 : a.message > b.message ? 1 : 0),
  );
}

export function hasErrors(findings: Finding[]): boolean {
  return findings.some((f) => f.severity === 'error');
}
