// `validate`: read claims and evidence files as an audit would, and report every problem at once,
// without matching or judging anything. Returns data; never prints.
import path from 'node:path';
import { isClaimsFile, readFileStart } from './claims/detect.js';
import { isConfigFileName, loadConfig, type LoadedConfig } from './config/load.js';
import { loadClaimsInBackground } from './claims/index.js';
import { DEFAULT_CLAIMS_PATHS, DEFAULT_EVIDENCE_PATHS } from './defaults.js';
import { CSV_FILE, loadEvidence, type ReadProgress } from './evidence/index.js';
import type { AggregateEngine } from './evidence/interpret/descriptor.js';
import { displayPath, listInputFiles } from './files.js';
import { loadTaxonomy } from './taxonomy/index.js';
import { findingsInSelection, selectClaims, type SelectionAt } from './select.js';
import type { Finding, SelectionRecord } from './types.js';

export interface ValidateOptions {
  /**
   * Claims and evidence files or directories, of either kind; default `claims` and `evidence`, else
   * the claims and evidence directories. A file named claimcheck.yaml is checked as a project config.
   */
  paths?: string[];
  /** Claims files or directories, when `paths` is empty (a project config's `claims:`). */
  claims?: string[];
  /** Evidence files or directories, when `paths` is empty (a project config's `evidence:`). */
  evidence?: string[];
  /** A project config file (claimcheck.yaml) to check along with the rest. */
  config?: string;
  /**
   * `config` already read, as loadConfig(config, cwd) reads it (the CLI reads it first, for the paths
   * it names): it is checked from this, not read again. Without it, validate reads `config` itself.
   */
  loadedConfig?: LoadedConfig;
  cwd?: string;
  /** Largest input file read, in bytes; default each kind's own limit. */
  maxFileSize?: number;
  /** Called as large evidence files (aggregated incident files) are read: for a progress bar. */
  onProgress?: (progress: ReadProgress) => void;
  /** Who aggregates `aggregate:` descriptors, whatever each says (--engine). */
  engine?: AggregateEngine;
  /** Check only these claims (`--select`), as AuditOptions.select: the files are still read and checked whole. */
  select?: string[];
  /** Leave out these claims (`--exclude`), as AuditOptions.exclude. */
  exclude?: string[];
  /** Where a file wrote the selectors, as AuditOptions.selectionAt. */
  selectionAt?: SelectionAt;
}

export interface ValidateResult {
  /** Every problem found, in no particular order (sort with sortFindings). */
  findings: Finding[];
  /** Files read: project configs, claims and evidence (descriptors, data packages and CSV). */
  files: number;
  /** Claims that parsed without an error (those selected, with a selection). */
  claims: number;
  /** The selection, when one was given. */
  selection?: SelectionRecord;
  observations: number;
  series: number;
}

/** Which of the named paths hold claims and which evidence: CSV is evidence; YAML is claims when it has a top-level `claims:` key. */
function sortByKind(paths: string[], cwd: string): { claimPaths: string[]; evidencePaths: string[]; findings: Finding[] } {
  const claimPaths: string[] = [];
  const evidencePaths: string[] = [];
  const findings: Finding[] = [];
  for (const p of paths) {
    const listed = listInputFiles([p], cwd, ['.yaml', '.yml', '.csv', '.csv.gz', '.json', '.xlsx'], 'claims or evidence');
    const missing = listed.findings.find((f) => f.code !== 'dir-empty' && f.severity === 'error');
    if (missing) {
      findings.push(missing);
      continue;
    }
    // Warnings from the listing (a link to a device, skipped) are said here: the loaders get the files, not the directory.
    for (const f of listed.findings) if (f.severity === 'warning') findings.push(f);
    const usable = listed.files.filter((f) => /\.ya?ml$/i.test(f) || CSV_FILE.test(f) || /\.(json|xlsx)$/i.test(f));
    if (usable.length === 0) {
      const f = listed.files[0];
      findings.push(
        f
          ? { severity: 'error', code: 'path-kind', file: displayPath(f, cwd), message: 'not a claims (.yaml) or evidence (.csv, .json, .xlsx) file', hint: 'validate takes .yaml, .yml, .csv, .json and .xlsx files, or directories holding them' }
          : { ...listed.findings[0]!, message: 'no claims (.yaml) or evidence (.csv) files in this directory' },
      );
      continue;
    }
    // Any other YAML belongs to the evidence: descriptors, data packages, the taxonomy.
    for (const f of usable) {
      if (/\.ya?ml$/i.test(f) && isClaimsFile(f, readFileStart(f))) claimPaths.push(f);
      else evidencePaths.push(f);
    }
  }
  return { claimPaths, evidencePaths, findings };
}

export async function validate(options: ValidateOptions = {}): Promise<ValidateResult> {
  const cwd = options.cwd ?? process.cwd();
  // Project configs are checked as configs, whether named or in use; each once.
  const configs = [...new Set([...(options.config ? [options.config] : []), ...(options.paths ?? []).filter(isConfigFileName)].map((p) => path.resolve(cwd, p)))];
  const given = options.config !== undefined && options.loadedConfig ? path.resolve(cwd, options.config) : undefined;
  const loadedConfigs = await Promise.all(configs.map((c) => (c === given ? options.loadedConfig! : loadConfig(c, cwd))));
  const configFindings = loadedConfigs.flatMap((c) => c.findings);
  const paths = (options.paths ?? []).filter((p) => !isConfigFileName(p));
  const named = paths.length
    ? sortByKind(paths, cwd)
    : options.paths?.length
      ? { claimPaths: [], evidencePaths: [], findings: [] }
      : { claimPaths: [...(options.claims ?? DEFAULT_CLAIMS_PATHS)], evidencePaths: [...(options.evidence ?? DEFAULT_EVIDENCE_PATHS)], findings: [] };
  const { claimPaths, evidencePaths } = named;
  const limit = options.maxFileSize !== undefined ? { maxFileSize: options.maxFileSize } : {};
  // Large claims files are parsed on worker threads while the evidence is read.
  const parsingClaims = claimPaths.length ? loadClaimsInBackground(claimPaths, cwd, limit) : undefined;
  parsingClaims?.catch(() => {});
  // The taxonomy is validated too, and applied, so derived metrics and aliases are checked as an audit reads them.
  const taxonomy = loadTaxonomy([...claimPaths, ...evidencePaths], cwd, limit);
  const evidence = evidencePaths.length
    ? await loadEvidence(evidencePaths, cwd, taxonomy.taxonomy, { ...limit, ...(options.engine ? { engine: options.engine } : {}), ...(options.onProgress ? { onProgress: options.onProgress } : {}) })
    : undefined;
  const claims = await parsingClaims;
  const selected = selectClaims(claims?.claims ?? [], { ...options, cwd });
  const claimFindings = findingsInSelection(selected, claims?.findings ?? []);
  // A missing path the config names is said once, at its line in the config, not again by the loader.
  const namedByConfig = new Set(loadedConfigs.flatMap((c) => [...(c.config?.claims ?? []), ...(c.config?.evidence ?? [])]));
  const sayOnce = (fs: Finding[]) => fs.filter((f) => !(f.code === 'path-missing' && namedByConfig.has(path.resolve(cwd, f.file))));
  return {
    findings: [...configFindings, ...named.findings, ...selected.findings, ...sayOnce(claimFindings), ...taxonomy.findings, ...sayOnce(evidence?.findings ?? [])],
    files: configs.length + (claims?.inputs.length ?? 0) + (evidence?.inputs.length ?? 0),
    claims: selected.claims.length,
    ...(selected.record ? { selection: selected.record } : {}),
    observations: evidence?.evidence.series.reduce((n, s) => n + s.observations.length, 0) ?? 0,
    series: evidence?.evidence.series.length ?? 0,
  };
}
