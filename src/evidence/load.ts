// Evidence files on disk → observations, reported changes and series. CSV files are read as their
// descriptors say (a sibling x.yaml, a sources.yaml, or a datapackage.json), or as plain long CSV.
// Every file is read through the same bounded reader: CSV under the evidence limit (128 MiB),
// descriptors under the YAML limit (10 MiB), or both under --max-file-size.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_MAX_AGGREGATE_BYTES, DEFAULT_MAX_CSV_BYTES, DEFAULT_MAX_YAML_BYTES, displayPath, inputRoots, isFinding, isInsideRoots, listInputFiles, readTextFile, toInput, type ReadLimits } from '../files.js';
import { emptyTaxonomy, TAXONOMY_FILES, type Taxonomy } from '../taxonomy/index.js';
import type { EvidenceSet, Finding, InputFile, Observation, ReportedChange } from '../types.js';
import { mapEntries, parseYaml, YamlLimitError, type YamlDoc } from '../yaml-nodes.js';
import { aggregateFile, type AggregateOptions } from './aggregate.js';
import { readCsvRows } from './csv.js';
import { readDataPackage } from './datapackage.js';
import { defaultSpec, DescriptorReader, type TableSpec } from './descriptor.js';
import { buildEvidence } from './series.js';
import { createTableReader } from './table.js';

export interface LoadedEvidence {
  evidence: EvidenceSet;
  findings: Finding[];
  inputs: InputFile[];
}

export interface LoadEvidenceOptions extends AggregateOptions {
  /**
   * Largest evidence file read, in bytes (default 128 MiB for CSV read whole, 10 MiB for descriptors,
   * 2 GiB for incident-level files streamed by `aggregate:`, decompressed size for .csv.gz).
   */
  maxFileSize?: number;
}

const DATAPACKAGE = /^datapackage\.(json|ya?ml)$/i;
/** Evidence tables: CSV, plain or gzipped. */
export const CSV_FILE = /\.csv(\.gz)?$/i;

/** The CSV a sibling descriptor (x.yaml) describes: x.csv, or else x.csv.gz. */
function siblingCsv(abs: string): string {
  const plain = abs.replace(/\.ya?ml$/i, '.csv');
  return existsSync(plain) ? plain : abs.replace(/\.ya?ml$/i, '.csv.gz');
}

/**
 * Read one CSV text with a spec (default: plain long CSV). Rows are read as they are parsed, not kept.
 * A syntax error stops the file: what was read before it is not used, but its findings are kept.
 */
export function parseEvidenceCsv(text: string, file: string, spec: TableSpec = defaultSpec(file)): { observations: Observation[]; changes: ReportedChange[]; findings: Finding[] } {
  const reader = createTableReader(spec, file);
  const stopped = readCsvRows(text, file, (row) => reader.onRow(row), spec.delimiter);
  const read = reader.finish(stopped.length > 0);
  if (stopped.length > 0) return { observations: [], changes: [], findings: [...read.findings, ...stopped] };
  return read;
}

/** A claims file (top-level `claims:`) in the evidence path, as when claims and evidence share a directory. */
function isClaimsFile(doc: YamlDoc): boolean {
  return (mapEntries(doc.root) ?? []).some((e) => e.key === 'claims');
}

/**
 * Read descriptors into specs by CSV path. A sibling descriptor (x.yaml beside x.csv) that cannot be
 * read — too large, badly encoded, not YAML, an alias bomb — puts its CSV in `unread`: that CSV is
 * not then read as a plain long CSV, which would only add errors about columns the descriptor names.
 */
function readDescriptors(files: string[], cwd: string, limits: ReadLimits, findings: Finding[], inputs: InputFile[], unread: Set<string>, roots: string[]): Map<string, TableSpec> {
  const specs = new Map<string, TableSpec>();
  for (const abs of files) {
    const base = path.basename(abs);
    if (TAXONOMY_FILES.has(base.toLowerCase())) continue;
    const sibling = siblingCsv(abs);
    const hasSibling = !DATAPACKAGE.test(base) && sibling !== abs && existsSync(sibling);
    const file = readTextFile(abs, cwd, limits);
    if (isFinding(file)) {
      findings.push(file);
      if (hasSibling) unread.add(sibling);
      continue;
    }
    const { doc, findings: syntax } = parseYaml(file.text, file.path);
    // Claims and evidence may share a directory: a claims file there is the claims loader's, even a broken one.
    if (!DATAPACKAGE.test(base) && (doc ? isClaimsFile(doc) : /^claims\s*:/m.test(file.text))) continue;
    inputs.push(toInput(file));
    for (const f of syntax) findings.push(f);
    if (!doc) {
      if (hasSibling) unread.add(sibling);
      continue;
    }
    const resolve = (p: string) => path.resolve(path.dirname(abs), p);
    let read: TableSpec[];
    try {
      if (DATAPACKAGE.test(base)) {
        const dp = readDataPackage(doc, resolve);
        for (const f of dp.findings) findings.push(f);
        read = dp.specs;
      } else {
        const reader = new DescriptorReader(doc, resolve);
        read = reader.readFile(hasSibling ? sibling : undefined);
        for (const f of reader.findings) findings.push(f);
      }
    } catch (e) {
      // Aliases expanded past their budget: this descriptor is refused with that one finding.
      if (!(e instanceof YamlLimitError)) throw e;
      findings.push(e.finding);
      if (hasSibling) unread.add(sibling);
      continue;
    }
    for (const spec of read) {
      const prior = specs.get(spec.csvPath);
      if (prior) {
        findings.push({
          severity: 'error',
          code: 'descriptor-duplicate',
          ...(spec.descriptor ?? { file: file.path }),
          message: `${displayPath(spec.csvPath, cwd)} is described twice`,
          hint: `it is already described at ${prior.descriptor?.file}:${prior.descriptor?.line ?? 1}; keep one descriptor per CSV`,
        });
        continue;
      }
      // A descriptor in a pull request must not make a CI run read (and quote) the runner's other files.
      // Nothing of the target is said: not whether it exists, nor any of its content.
      if (!isInsideRoots(spec.csvPath, roots)) {
        findings.push({
          severity: 'error',
          code: 'descriptor-path-outside',
          ...(spec.descriptor ?? { file: file.path }),
          message: `'path' leads outside the evidence named on the command line (${roots.map((r) => displayPath(r, cwd)).join(', ')}); it is not read`,
          hint: 'a descriptor reads CSV files inside the evidence directory it belongs to; move the CSV there, or name its directory with -e',
        });
        continue;
      }
      if (!existsSync(spec.csvPath)) {
        findings.push({ severity: 'error', code: 'descriptor-path', ...(spec.descriptor ?? { file: file.path }), message: `the descriptor's CSV ${displayPath(spec.csvPath, cwd)} does not exist`, hint: "check 'path' (relative to the descriptor)" });
        continue;
      }
      specs.set(spec.csvPath, spec);
    }
  }
  return specs;
}

/**
 * Read evidence files and build the series. Asynchronous because files with an `aggregate:`
 * descriptor are streamed (and may be read by worker threads); everything else is read whole, as before.
 */
export async function loadEvidence(paths: string[], cwd: string, taxonomy: Taxonomy = emptyTaxonomy(), options: LoadEvidenceOptions = {}): Promise<LoadedEvidence> {
  const csvLimits: ReadLimits = { maxBytes: options.maxFileSize ?? DEFAULT_MAX_CSV_BYTES, what: 'evidence' };
  const yamlLimits: ReadLimits = { maxBytes: options.maxFileSize ?? DEFAULT_MAX_YAML_BYTES, what: 'descriptor' };
  const aggregateLimits: ReadLimits = { maxBytes: options.maxFileSize ?? DEFAULT_MAX_AGGREGATE_BYTES, what: 'incident-level evidence' };
  const listed = listInputFiles(paths, cwd, ['.csv', '.csv.gz', '.yaml', '.yml', '.json'], 'evidence');
  const findings = listed.findings;
  // An evidence directory with no files is not an input error: every claim is then 'no-evidence'.
  for (const f of findings) if (f.code === 'dir-empty') f.severity = 'warning';
  const inputs: InputFile[] = [];
  const unread = new Set<string>();
  const descriptorFiles = listed.files.filter((f) => /\.ya?ml$/i.test(f) || DATAPACKAGE.test(path.basename(f)));
  const roots = inputRoots(paths, cwd);
  const specs = readDescriptors(descriptorFiles, cwd, yamlLimits, findings, inputs, unread, roots);
  // Explicitly named CSVs bring their sibling descriptor along.
  const listedDescriptors = new Set(descriptorFiles);
  for (const f of listed.files) {
    const sibling = f.replace(CSV_FILE, '.yaml');
    if (CSV_FILE.test(f) && !specs.has(f) && !listedDescriptors.has(sibling) && existsSync(sibling)) {
      for (const [k, v] of readDescriptors([sibling], cwd, yamlLimits, findings, inputs, unread, roots)) specs.set(k, v);
    }
  }
  const csvFiles = [...new Set([...listed.files.filter((f) => CSV_FILE.test(f) && !unread.has(f)), ...specs.keys()])].sort();
  const observations: Observation[] = [];
  const changes: ReportedChange[] = [];
  const aggregateOptions: AggregateOptions = {
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.parallel ? { parallel: options.parallel } : {}),
  };
  for (const abs of csvFiles) {
    const spec = specs.get(abs);
    // A descriptor whose `aggregate:` has errors: they are reported; reading the file as a table would only add noise.
    if (spec?.aggregate === null) continue;
    if (spec?.aggregate) {
      const aggregated = await aggregateFile(spec, spec.aggregate, displayPath(abs, cwd), { ...aggregateOptions, limits: aggregateLimits });
      append(findings, aggregated.findings);
      append(observations, aggregated.observations);
      if (aggregated.input) inputs.push(aggregated.input);
      continue;
    }
    const file = readTextFile(abs, cwd, csvLimits);
    if (isFinding(file)) {
      findings.push(file);
      continue;
    }
    inputs.push(toInput(file));
    const parsed = parseEvidenceCsv(file.text, file.path, spec ?? defaultSpec(abs));
    // Loops, not push(...xs): a spread of a few hundred thousand items overflows the stack.
    append(findings, parsed.findings);
    append(observations, parsed.observations);
    append(changes, parsed.changes);
  }
  const built = buildEvidence(observations, changes, taxonomy);
  for (const f of built.findings) findings.push(f);
  return { evidence: built.evidence, findings, inputs: inputs.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)) };
}

/** push(...items) passes every item as an argument, which overflows the stack for large files. */
function append<T>(to: T[], items: T[]): void {
  for (const x of items) to.push(x);
}
