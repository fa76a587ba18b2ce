// The whole pipeline: load → validate → match → compute → verdict. Returns data; never prints.
import { loadClaimsInBackground } from './claims/index.js';
import { DEFAULT_CLAIMS_PATHS, DEFAULT_EVIDENCE_PATHS, DEFAULT_TOLERANCE } from './defaults.js';
import { withFlagCautions } from './evidence/interpret/flags.js';
import { displayPath } from './files.js';
import { loadEvidence, type ReadProgress } from './evidence/index.js';
import type { AggregateEngine } from './evidence/interpret/descriptor.js';
import { matchClaims } from './match/index.js';
import { evaluateClaim, missingParts } from './stats/index.js';
import { findingsInSelection, selectClaims, type SelectionAt } from './select.js';
import { loadTaxonomy, type Taxonomy } from './taxonomy/index.js';
import type { AuditResult, AuditSettings, Claim, EvidenceSet, Finding, InputFile } from './types.js';

export interface AuditOptions {
  /** Claims files or directories (default DEFAULT_CLAIMS_PATHS: `claims/`). */
  claims?: string[];
  /** Evidence files or directories (default DEFAULT_EVIDENCE_PATHS: `evidence/`). */
  evidence?: string[];
  cwd?: string;
  tolerance?: number;
  asOf?: string;
  /** Largest input file read, in bytes; default 10 MiB for claims, 128 MiB for evidence CSV, 2 GiB for incident-level files streamed by `aggregate:`. */
  maxFileSize?: number;
  /** Called as large evidence files (aggregated incident files) are read: for a progress bar. */
  onProgress?: (progress: ReadProgress) => void;
  /** Internal: when aggregated files are split across worker threads (tests force it on small files). */
  parallel?: { workers?: number; minBytes?: number };
  /** Who aggregates `aggregate:` descriptors, whatever each says (--engine): the built-in engine or DuckDB. */
  engine?: AggregateEngine;
  /** The project config these options came from (claimcheck.yaml, see config/): recorded in the reports' settings. */
  configFile?: string;
  /**
   * Judge only these claims (`--select`): selectors `[id:|tag:|claimant:|region:|metric:|kind:]glob`,
   * one per item or several comma-separated; a union. Default every claim. See src/select.ts.
   */
  select?: string[];
  /** Leave out the claims these selectors select (`--exclude`), after `select`. */
  exclude?: string[];
  /**
   * Where a file wrote `select` / `exclude` (a project config's key: file, line, column), so the
   * findings about the selectors are at it; each side left out is named by its option (`--select`).
   */
  selectionAt?: SelectionAt;
}

export interface LoadedInputs {
  claims: Claim[];
  taxonomy: Taxonomy;
  evidence: EvidenceSet;
  findings: Finding[];
  inputs: InputFile[];
}

export async function loadInputs(options: AuditOptions): Promise<LoadedInputs> {
  const cwd = options.cwd ?? process.cwd();
  const claimPaths = options.claims ?? [...DEFAULT_CLAIMS_PATHS];
  const evidencePaths = options.evidence ?? [...DEFAULT_EVIDENCE_PATHS];
  const limit = options.maxFileSize !== undefined ? { maxFileSize: options.maxFileSize } : {};
  // Large claims files are parsed on worker threads while this thread reads the taxonomy and evidence.
  const parsingClaims = loadClaimsInBackground(claimPaths, cwd, limit);
  // Awaited below; until then a failure must not count as unhandled.
  parsingClaims.catch(() => {});
  const taxonomy = loadTaxonomy([...claimPaths, ...evidencePaths], cwd, limit);
  const evidence = await loadEvidence(evidencePaths, cwd, taxonomy.taxonomy, {
    ...limit,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.parallel ? { parallel: options.parallel } : {}),
    ...(options.engine ? { engine: options.engine } : {}),
  });
  const claims = await parsingClaims;
  return {
    claims: claims.claims,
    taxonomy: taxonomy.taxonomy,
    evidence: evidence.evidence,
    findings: sortFindings([...claims.findings, ...taxonomy.findings, ...evidence.findings]),
    inputs: [...claims.inputs, ...taxonomy.inputs, ...evidence.inputs].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
  };
}

/**
 * Run the audit. Input errors are returned as findings; the caller decides whether to stop.
 * Asynchronous because incident-level evidence is streamed; matching, statistics and rendering stay synchronous.
 */
export async function audit(options: AuditOptions = {}): Promise<AuditResult> {
  return auditInputs(await loadInputs(options), options);
}

/**
 * The audit of inputs already loaded: select, match, compute, decide. Synchronous and pure.
 * Throws SelectorError (src/select.ts) on a selector it cannot read.
 */
export function auditInputs(loaded: LoadedInputs, options: Pick<AuditOptions, 'tolerance' | 'asOf' | 'select' | 'exclude' | 'selectionAt' | 'configFile' | 'cwd'> = {}): AuditResult {
  const selected = selectClaims(loaded.claims, options);
  const settings: AuditSettings = {
    tolerance: options.tolerance ?? DEFAULT_TOLERANCE,
    ...(options.asOf ? { asOf: options.asOf } : {}),
    ...(selected.record ? { selection: selected.record } : {}),
    // Shown from the project root like every input path, so the report is the same on every machine.
    ...(options.configFile ? { config: displayPath(options.configFile, options.cwd ?? process.cwd()) } : {}),
  };
  const matches = matchClaims(selected.claims, loaded.evidence, loaded.taxonomy);
  // A claim's own tolerance (`tolerance:`) replaces --tolerance for that claim alone.
  const results = matches.map((m) => withFlagCautions(evaluateClaim(m, m.claim.tolerance === undefined ? settings : { ...settings, tolerance: m.claim.tolerance }))).sort((a, b) => compareLocation(a.claim, b.claim));
  const used = new Map(matches.flatMap((m) => (missingParts(m.claim).length ? [] : m.series)).map((s) => [s.key, s]));
  const series = [...used.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const raised = results.flatMap((r) => [...(r.findings ?? []), ...(r.bySource ?? []).flatMap((s) => s.findings ?? [])]);
  const unique = [...new Map(raised.map((f) => [`${f.file}:${f.line}:${f.code}:${f.message}`, f])).values()];
  return { inputs: loaded.inputs, results, series, findings: sortFindings([...selected.findings, ...findingsInSelection(selected, loaded.findings), ...unique]), options: settings };
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
