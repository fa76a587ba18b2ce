// Evidence files on disk → observations, reported changes and series. CSV files are read as their
// descriptors say (a sibling x.yaml, a sources.yaml, or a datapackage.json), or as plain long CSV.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { displayPath, isFinding, listInputFiles, readTextFile, toInput } from '../files.js';
import { emptyTaxonomy, TAXONOMY_FILES, type Taxonomy } from '../taxonomy/index.js';
import type { EvidenceSet, Finding, InputFile, Observation, ReportedChange } from '../types.js';
import { parseYaml } from '../yaml-nodes.js';
import { aggregateFile, type AggregateOptions } from './aggregate.js';
import { parseCsv } from './csv.js';
import { readDataPackage } from './datapackage.js';
import { defaultSpec, DescriptorReader, type TableSpec } from './descriptor.js';
import { buildEvidence } from './series.js';
import { readTable } from './table.js';

export interface LoadedEvidence {
  evidence: EvidenceSet;
  findings: Finding[];
  inputs: InputFile[];
}

const DATAPACKAGE = /^datapackage\.(json|ya?ml)$/i;
/** Evidence tables: CSV, plain or gzipped. */
export const CSV_FILE = /\.csv(\.gz)?$/i;

export type LoadEvidenceOptions = AggregateOptions;

/** Read one CSV text with a spec (default: plain long CSV). */
export function parseEvidenceCsv(text: string, file: string, spec: TableSpec = defaultSpec(file)): { observations: Observation[]; changes: ReportedChange[]; findings: Finding[] } {
  const { table, findings } = parseCsv(text, file, spec.delimiter);
  if (!table) return { observations: [], changes: [], findings };
  const read = readTable(table, spec, file);
  return { observations: read.observations, changes: read.changes, findings: [...findings, ...read.findings] };
}

function readDescriptors(files: string[], cwd: string, findings: Finding[], inputs: InputFile[]): Map<string, TableSpec> {
  const specs = new Map<string, TableSpec>();
  for (const abs of files) {
    const base = path.basename(abs);
    if (TAXONOMY_FILES.has(base.toLowerCase())) continue;
    const file = readTextFile(abs, cwd);
    if (isFinding(file)) {
      findings.push(file);
      continue;
    }
    inputs.push(toInput(file));
    const { doc, findings: syntax } = parseYaml(file.text, file.path);
    findings.push(...syntax);
    if (!doc) continue;
    const resolve = (p: string) => path.resolve(path.dirname(abs), p);
    let read: TableSpec[];
    if (DATAPACKAGE.test(base)) {
      const dp = readDataPackage(doc, resolve);
      findings.push(...dp.findings);
      read = dp.specs;
    } else {
      const siblings = ['.csv', '.csv.gz'].map((ext) => abs.replace(/\.ya?ml$/i, ext));
      const reader = new DescriptorReader(doc, resolve);
      read = reader.readFile(siblings.find((s) => existsSync(s)));
      findings.push(...reader.findings);
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
 * descriptor are streamed (and may be read by worker threads); everything else is read as before.
 */
export async function loadEvidence(paths: string[], cwd: string, taxonomy: Taxonomy = emptyTaxonomy(), options: LoadEvidenceOptions = {}): Promise<LoadedEvidence> {
  const listed = listInputFiles(paths, cwd, ['.csv', '.csv.gz', '.yaml', '.yml', '.json'], 'evidence');
  const findings = listed.findings;
  // An evidence directory with no files is not an input error: every claim is then 'no-evidence'.
  for (const f of findings) if (f.code === 'dir-empty') f.severity = 'warning';
  const inputs: InputFile[] = [];
  const descriptorFiles = listed.files.filter((f) => /\.ya?ml$/i.test(f) || DATAPACKAGE.test(path.basename(f)));
  const specs = readDescriptors(descriptorFiles, cwd, findings, inputs);
  // Explicitly named CSVs bring their sibling descriptor along.
  for (const f of listed.files) {
    const sibling = f.replace(CSV_FILE, '.yaml');
    if (CSV_FILE.test(f) && !specs.has(f) && !descriptorFiles.includes(sibling) && existsSync(sibling)) {
      for (const [k, v] of readDescriptors([sibling], cwd, findings, inputs)) specs.set(k, v);
    }
  }
  const csvFiles = [...new Set([...listed.files.filter((f) => CSV_FILE.test(f)), ...specs.keys()])].sort();
  const observations: Observation[] = [];
  const changes: ReportedChange[] = [];
  for (const abs of csvFiles) {
    const spec = specs.get(abs);
    // A descriptor whose `aggregate:` has errors: they are reported; reading the file as a table would only add noise.
    if (spec?.aggregate === null) continue;
    if (spec?.aggregate) {
      const aggregated = await aggregateFile(spec, spec.aggregate, displayPath(abs, cwd), options);
      findings.push(...aggregated.findings);
      append(observations, aggregated.observations);
      if (aggregated.input) inputs.push(aggregated.input);
      continue;
    }
    const file = readTextFile(abs, cwd);
    if (isFinding(file)) {
      findings.push(file);
      continue;
    }
    inputs.push(toInput(file));
    const parsed = parseEvidenceCsv(file.text, file.path, spec ?? defaultSpec(abs));
    append(findings, parsed.findings);
    append(observations, parsed.observations);
    append(changes, parsed.changes);
  }
  const built = buildEvidence(observations, changes, taxonomy);
  return { evidence: built.evidence, findings: [...findings, ...built.findings], inputs: inputs.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)) };
}

/** push(...items) passes every item as an argument, which overflows the stack for large files. */
function append<T>(to: T[], items: T[]): void {
  for (const x of items) to.push(x);
}
