// Evidence files on disk → observations, reported changes and series. CSV files are read as their
// descriptors say (a sibling x.yaml, a sources.yaml, or a datapackage.json), or as plain long CSV.
// Every file is read through the same bounded reader: CSV under the evidence limit (128 MiB),
// descriptors under the YAML limit (10 MiB), or both under --max-file-size.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_MAX_AGGREGATE_BYTES, DEFAULT_MAX_CSV_BYTES, DEFAULT_MAX_YAML_BYTES, displayPath, inputRoots, isFinding, isInsideRoots, listInputFiles, readBinaryFile, readTextFile, toInput, type ReadLimits } from '../files.js';
import { isClaimsFile } from '../claims/detect.js';
import { emptyTaxonomy, TAXONOMY_FILES, type Taxonomy } from '../taxonomy/index.js';
import type { EvidenceSet, Finding, InputFile, Location, Observation, ReportedChange } from '../types.js';
import { parseYaml, YamlLimitError } from '../yaml-nodes.js';
import { aggregateFile, aggregateWithDuckDb, type AggregateOptions } from './aggregate/index.js';
import { createTableReader, defaultSpec, DescriptorReader, readDataPackage, type AggregateEngine, type TableSpec } from './interpret/index.js';
import { describeJson, jsonStatToRows, members, nodeAt, parseJson, readCsvRows, recordsToRows, resolvePointer, type CsvRow } from './read/index.js';
import { buildEvidence } from './series.js';

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
  /** Who aggregates `aggregate:` descriptors: each descriptor's `engine:` (default built-in) unless this says otherwise (--engine). */
  engine?: AggregateEngine;
}

const DATAPACKAGE = /^datapackage\.(json|ya?ml)$/i;
/** Evidence tables: CSV, plain or gzipped. */
export const CSV_FILE = /\.csv(\.gz)?$/i;

/** Evidence in JSON: records or a JSON-stat dataset (datapackage.json is a descriptor, not evidence). */
export const JSON_FILE = /\.json$/i;
const isJsonEvidence = (f: string) => JSON_FILE.test(f) && !DATAPACKAGE.test(path.basename(f));
/** Spreadsheets: Office Open XML workbooks. */
export const XLSX_FILE = /\.xlsx$/i;
const isEvidenceFile = (f: string) => CSV_FILE.test(f) || isJsonEvidence(f) || XLSX_FILE.test(f);

/** The file a sibling descriptor (x.yaml) describes: x.csv, else x.csv.gz, else x.json. */
function siblingCsv(abs: string): string {
  for (const ext of ['.csv', '.csv.gz', '.json', '.xlsx']) {
    const candidate = abs.replace(/\.ya?ml$/i, ext);
    if (existsSync(candidate)) return candidate;
  }
  return abs.replace(/\.ya?ml$/i, '.csv.gz');
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

/**
 * Read JSON evidence with a spec: an array of records (at the top, or at the descriptor's `pointer`),
 * or a JSON-stat 2.0 dataset (`layout: json-stat`), through the same table reader as CSV. A JSON file
 * without a descriptor that is not a list of records is not evidence: it is left out with a warning.
 */
export function readJsonEvidence(text: string, file: string, spec: TableSpec, described = true): { observations: Observation[]; changes: ReportedChange[]; findings: Finding[] } {
  const none = { observations: [], changes: [] };
  // Keys about lines, sheets and ranges have no meaning in JSON: say so rather than ignore them.
  const notForJson = ([['header_row', spec.headerRowAt], ['footer', spec.footer !== undefined ? spec.descriptor : undefined], ['sheet', spec.sheet?.at], ['range', spec.range?.at]] as const).find(([, at]) => at !== undefined);
  if (notForJson) return { ...none, findings: [{ severity: 'error', code: 'descriptor-json', ...notForJson[1]!, message: `'${notForJson[0]}' does not apply to a JSON file (${file})`, hint: 'JSON evidence is found with pointer: (a list of records) or layout: json-stat' }] };
  const parsed = parseJson(text, file);
  if (!parsed.doc) return { ...none, findings: parsed.findings };
  const doc = parsed.doc;
  let node = doc.root;
  if (spec.pointer) {
    const found = resolvePointer(doc, spec.pointer.text);
    if ('problem' in found) return { ...none, findings: [{ severity: 'error', code: 'descriptor-pointer', ...spec.pointer.at, message: `pointer ${spec.pointer.text}: ${found.problem}`, hint: 'a JSON pointer names each key or list position on the way, e.g. /data/rows or /dataset' }] };
    node = found;
  }
  const isJsonStat = node.type === 'object' && members(node).has('dimension') && members(node).has('value');
  if (spec.layout?.kind === 'json-stat') {
    const stat = jsonStatToRows(doc, text, node);
    if (stat.findings.length) return { ...none, findings: stat.findings };
    // The dataset's roles say which dimension is the period, the region and the metric, unless the descriptor does.
    const columns = { ...spec.columns };
    for (const field of ['period', 'region', 'metric'] as const) {
      const dim = stat.roles[field];
      if (dim && !columns[field] && spec.fixed[field] === undefined && spec.unpivot?.into !== field) columns[field] = { name: dim, at: spec.layout.at };
    }
    return readRows(stat.rows, file, { ...spec, columns });
  }
  if (spec.layout) return { ...none, findings: [{ severity: 'error', code: 'descriptor-layout', ...spec.layout.at, message: `layout: ${spec.layout.kind} is for CSV files, and ${file} is JSON`, hint: 'a JSON file is read as a list of records (pointer: to find it) or with layout: json-stat' }] };
  if (!described && node.type !== 'array') {
    const what = isJsonStat ? 'a JSON-stat dataset' : `not a list of records (${describeJson(node)})`;
    return { ...none, findings: [{ severity: 'warning', code: 'json-not-read', file, line: 1, column: 1, message: `${file} is ${what} and has no descriptor: not read`, hint: isJsonStat ? `describe it in ${path.basename(file).replace(JSON_FILE, '.yaml')}: layout: json-stat, and the metric (fixed: { metric: … })` : `if it holds evidence, describe it in ${path.basename(file).replace(JSON_FILE, '.yaml')} (pointer: to the records); otherwise move it out of the evidence directory` }] };
  }
  if (isJsonStat) return { ...none, findings: [{ severity: 'error', code: 'json-records', ...nodeAt(doc, node), message: `${file} is a JSON-stat dataset, not a list of records`, hint: 'add layout: json-stat to its descriptor' }] };
  const records = recordsToRows(doc, text, node);
  if (records.findings.length) return { ...none, findings: records.findings };
  return readRows(records.rows, file, spec);
}

/**
 * Read a sheet of a workbook through the table reader. The file is one input however many readings
 * read it; rows are cited as `book.xlsx!Sheet`, row and cell.
 */
async function readSpreadsheet(abs: string, cwd: string, spec: TableSpec, limits: ReadLimits, inputs: InputFile[]): Promise<{ observations: Observation[]; findings: Finding[] }> {
  const file = readBinaryFile(abs, cwd, limits);
  if (isFinding(file)) return { observations: [], findings: [file] };
  if (!inputs.some((i) => i.path === file.path)) inputs.push({ path: file.path, sha256: file.sha256 });
  for (const key of ['footer', 'layout', 'pointer'] as const) {
    if (spec[key] !== undefined) {
      const at = key === 'footer' ? spec.descriptor : (spec[key] as { at: Location }).at;
      return { observations: [], findings: [{ severity: 'error', code: 'descriptor-xlsx', ...(at ?? { file: file.path }), message: `'${key}' does not apply to a spreadsheet (${file.path})`, hint: 'a spreadsheet table is found with sheet: and range: (its first row is the header)' }] };
    }
  }
  // Loaded only when a workbook is read: the spreadsheet library costs start-up time otherwise.
  const { readXlsxRows } = await import('./read/xlsx.js');
  const read = await readXlsxRows(file.bytes, file.path, { ...(spec.sheet ? { sheet: spec.sheet } : {}), ...(spec.range ? { range: spec.range } : {}), ...(spec.headerRow !== undefined ? { headerRow: spec.headerRow } : {}) });
  if (read.findings.some((f) => f.severity === 'error') || !read.sheetFile) return { observations: [], findings: read.findings };
  const table = readRows(read.rows, read.sheetFile, spec);
  return { observations: table.observations, findings: [...read.findings, ...table.findings] };
}

function readRows(rows: CsvRow[], file: string, spec: TableSpec): { observations: Observation[]; changes: ReportedChange[]; findings: Finding[] } {
  const reader = createTableReader(spec, file);
  for (const row of rows) reader.onRow(row);
  return reader.finish();
}

/**
 * Read descriptors into specs by CSV path. A sibling descriptor (x.yaml beside x.csv) that cannot be
 * read — too large, badly encoded, not YAML, an alias bomb — puts its CSV in `unread`: that CSV is
 * not then read as a plain long CSV, which would only add errors about columns the descriptor names.
 */
function readDescriptors(files: string[], cwd: string, limits: ReadLimits, findings: Finding[], inputs: InputFile[], unread: Set<string>, roots: string[]): Map<string, TableSpec[]> {
  const specs = new Map<string, TableSpec[]>();
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
    if (!DATAPACKAGE.test(base) && isClaimsFile(abs, file.text, doc)) continue;
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
      const prior = specs.get(spec.csvPath)?.[0];
      // Readings of one descriptor (readings:) describe the file several times, on purpose.
      if (prior && spec.reading && prior.reading && prior.descriptor?.file === spec.descriptor?.file && prior.descriptor?.line === spec.descriptor?.line && prior.descriptor?.column === spec.descriptor?.column) {
        specs.get(spec.csvPath)!.push(spec);
        continue;
      }
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
      specs.set(spec.csvPath, [spec]);
    }
  }
  return specs;
}

/**
 * The specs of one descriptor file (a sibling descriptor, a sources file or a data package), with
 * every problem found reading it: for `claimcheck sql`, which writes a descriptor's aggregation as SQL.
 */
export function readDescriptorFile(file: string, cwd: string, maxFileSize?: number): { specs: TableSpec[]; findings: Finding[] } {
  const abs = path.resolve(cwd, file);
  const findings: Finding[] = [];
  const specs = readDescriptors([abs], cwd, { maxBytes: maxFileSize ?? DEFAULT_MAX_YAML_BYTES, what: 'descriptor' }, findings, [], new Set(), [path.dirname(abs)]);
  return { specs: [...specs.values()].flat(), findings };
}

/**
 * Read evidence files and build the series. Asynchronous because files with an `aggregate:`
 * descriptor are streamed (and may be read by worker threads); everything else is read whole, as before.
 */
export async function loadEvidence(paths: string[], cwd: string, taxonomy: Taxonomy = emptyTaxonomy(), options: LoadEvidenceOptions = {}): Promise<LoadedEvidence> {
  const csvLimits: ReadLimits = { maxBytes: options.maxFileSize ?? DEFAULT_MAX_CSV_BYTES, what: 'evidence' };
  const yamlLimits: ReadLimits = { maxBytes: options.maxFileSize ?? DEFAULT_MAX_YAML_BYTES, what: 'descriptor' };
  const aggregateLimits: ReadLimits = { maxBytes: options.maxFileSize ?? DEFAULT_MAX_AGGREGATE_BYTES, what: 'incident-level evidence' };
  const listed = listInputFiles(paths, cwd, ['.csv', '.csv.gz', '.yaml', '.yml', '.json', '.xlsx'], 'evidence');
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
    const sibling = f.replace(CSV_FILE, '.yaml').replace(JSON_FILE, '.yaml').replace(XLSX_FILE, '.yaml');
    if (isEvidenceFile(f) && !specs.has(f) && !listedDescriptors.has(sibling) && existsSync(sibling)) {
      for (const [k, v] of readDescriptors([sibling], cwd, yamlLimits, findings, inputs, unread, roots)) specs.set(k, v);
    }
  }
  const csvFiles = [...new Set([...listed.files.filter((f) => isEvidenceFile(f) && !unread.has(f)), ...specs.keys()])].sort();
  const observations: Observation[] = [];
  const changes: ReportedChange[] = [];
  const aggregateOptions: AggregateOptions = {
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.parallel ? { parallel: options.parallel } : {}),
    ...(options.readBytes === false ? { readBytes: false } : {}),
  };
  for (const abs of csvFiles) {
    // Several readings of one file (readings:) each read it; the file is one input, its problems reported once.
    const readings = specs.get(abs) ?? [undefined];
    const fileFindings: Finding[] = [];
    let text: { text: string; path: string } | undefined;
    for (const spec of readings) {
      // A descriptor whose `aggregate:` has errors: they are reported; reading the file as a table would only add noise.
      if (spec?.aggregate === null) continue;
      if (spec?.aggregate) {
        const shown = displayPath(abs, cwd);
        const engine = options.engine ?? spec.aggregate.engine ?? 'builtin';
        if (/\.parquet$/i.test(abs) && engine !== 'duckdb') {
          fileFindings.push({ severity: 'error', code: 'aggregate-parquet', ...spec.aggregate.at, message: `${shown} is a Parquet file, which the built-in engine does not read`, hint: 'add engine: duckdb under aggregate: (or run with --engine duckdb): DuckDB reads Parquet' });
          continue;
        }
        const aggregated =
          engine === 'duckdb'
            ? await aggregateWithDuckDb(spec, spec.aggregate, shown, options.engine === 'duckdb' ? '--engine duckdb needs' : 'engine: duckdb needs')
            : await aggregateFile(spec, spec.aggregate, shown, { ...aggregateOptions, limits: aggregateLimits });
        append(fileFindings, aggregated.findings);
        append(observations, aggregated.observations);
        if (aggregated.input && !inputs.some((i) => i.path === aggregated.input!.path)) inputs.push(aggregated.input);
        continue;
      }
      if (XLSX_FILE.test(abs)) {
        const book = await readSpreadsheet(abs, cwd, spec ?? defaultSpec(abs), csvLimits, inputs);
        append(fileFindings, book.findings);
        append(observations, book.observations);
        continue;
      }
      if (!text) {
        const file = readTextFile(abs, cwd, csvLimits);
        if (isFinding(file)) {
          fileFindings.push(file);
          break;
        }
        inputs.push(toInput(file));
        text = file;
      }
      const parsed = isJsonEvidence(abs) ? readJsonEvidence(text.text, text.path, spec ?? defaultSpec(abs), spec !== undefined) : parseEvidenceCsv(text.text, text.path, spec ?? defaultSpec(abs));
      // Loops, not push(...xs): a spread of a few hundred thousand items overflows the stack.
      append(fileFindings, parsed.findings);
      append(observations, parsed.observations);
      append(changes, parsed.changes);
    }
    append(findings, readings.length > 1 ? uniqueFindings(fileFindings) : fileFindings);
  }
  const built = buildEvidence(observations, changes, taxonomy);
  for (const f of built.findings) findings.push(f);
  return { evidence: built.evidence, findings, inputs: inputs.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)) };
}

function uniqueFindings(list: Finding[]): Finding[] {
  const seen = new Set<string>();
  return list.filter((f) => {
    const key = `${f.file}:${f.line}:${f.column}:${f.code}:${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** push(...items) passes every item as an argument, which overflows the stack for large files. */
function append<T>(to: T[], items: T[]): void {
  for (const x of items) to.push(x);
}
