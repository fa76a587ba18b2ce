// Incident-level evidence: a descriptor with `aggregate:` turns a file of one row per incident into
// counts (or sums) by period, metric and region. The file is streamed once — memory holds the groups,
// not the rows — from disk or through gunzip (`.csv.gz`); a large plain file is split at record
// boundaries and its parts are parsed on all cores by worker threads, then merged.
import { createHash } from 'node:crypto';
import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import { createGunzip } from 'node:zlib';
import { DEFAULT_MAX_AGGREGATE_BYTES, fileTooLarge, type ReadLimits } from '../../files.js';
import { formatNumber, plural } from '../../format.js';
import { nearestNames } from '../../names.js';
import { dayToIso, makeMonth, makeQuarter, makeYear } from '../../period.js';
import type { Finding, InputFile, Location, Observation, Period } from '../../types.js';
import { idleCpus, workerScript } from '../../workers.js';
import { createCsvEngine } from '../read/csv-engine.js';
import { addExact, ChunkAggregator, exactValue, mergeChunks, offsetLines, type AggregatePlan, type ChunkResult, type GroupRow, type Tally } from './worker-safe.js';
import type { RangeJob, WorkerMessage, WorkerRequest } from './worker.js';
import type { AggregateDimension, AggregateSpec, ColumnRef, TableSpec } from '../interpret/descriptor.js';
import { createMeasureDecider } from '../interpret/measure.js';
import { citation, describeOrigin } from '../interpret/table.js';

/** How far the reading of one file has got, for a progress bar. */
export interface ReadProgress {
  /** The file as shown to the user. */
  file: string;
  bytes: number;
  total: number;
}

export interface AggregateOptions {
  onProgress?: (p: ReadProgress) => void;
  /**
   * Internal: when to split a file across worker threads. Defaults: files of 16 MB or more, one
   * thread per idle CPU, two ranges per thread. Tests force the parallel path on small files with
   * `minBytes: 0`, and several ranges per thread with `ranges`.
   */
  parallel?: { workers?: number; minBytes?: number; ranges?: number };
  /**
   * Largest file read (the decompressed size for .csv.gz). Default 2 GiB: the file is streamed, so
   * this bounds time, not memory. --max-file-size sets it, as for every other input.
   */
  limits?: ReadLimits;
  /** Internal: false reads every row with csv-parse (tests compare it with the byte reader, worker-safe.ts). */
  readBytes?: boolean;
}

export interface AggregatedFile {
  observations: Observation[];
  findings: Finding[];
  input?: InputFile;
  /** How many threads read the file (1: one pass in the main thread). */
  threads?: number;
}

const READ_BYTES = 1 << 16;
const DEFAULT_MIN_PARALLEL_BYTES = 16 << 20;
/** Zero-filling a cross product larger than this is refused (it would not be incident data). */
const MAX_FILLED_OBSERVATIONS = 2_000_000;

/** Aggregate one CSV (or .csv.gz) file as its descriptor's `aggregate:` says. */
export async function aggregateFile(spec: TableSpec, agg: AggregateSpec, shown: string, options: AggregateOptions = {}): Promise<AggregatedFile> {
  const abs = spec.csvPath;
  const isGz = /\.gz$/i.test(abs);
  const limits: ReadLimits = options.limits ?? { maxBytes: DEFAULT_MAX_AGGREGATE_BYTES, what: 'incident-level evidence' };
  let size: number;
  try {
    const stat = statSync(abs);
    // As for files read whole: a FIFO or device is refused (it would block or never end), and so is a file over the limit.
    if (stat.isDirectory()) return { observations: [], findings: [{ severity: 'error', code: 'path-is-dir', file: shown, message: 'expected a file, found a directory' }] };
    if (!stat.isFile()) return { observations: [], findings: [{ severity: 'error', code: 'path-not-file', file: shown, message: 'not a regular file (a pipe, socket or device)', hint: 'give the path of an evidence file' }] };
    size = stat.size;
  } catch (e) {
    return { observations: [], findings: [{ severity: 'error', code: 'path-unreadable', file: shown, message: `cannot read file: ${(e as Error).message}` }] };
  }
  if (size > limits.maxBytes) return { observations: [], findings: [fileTooLarge(shown, size, limits)] };
  const header = await readHeader(abs, isGz, spec.delimiter, shown);
  if ('finding' in header) return { observations: [], findings: [header.finding], ...(header.sha256 ? { input: { path: shown, sha256: header.sha256 } } : {}) };
  const compiled = compilePlan(spec, agg, header.fields, shown);
  if (!compiled.plan) return { observations: [], findings: compiled.findings };
  const plan = compiled.plan;
  const progress = (bytes: number) => options.onProgress?.({ file: shown, bytes, total: size });

  const minBytes = options.parallel?.minBytes ?? DEFAULT_MIN_PARALLEL_BYTES;
  let run: { result: ChunkResult; sha256: string; threads?: number } | { finding: Finding } | undefined;
  if (!isGz && size >= minBytes) {
    const workers = Math.max(1, Math.min(options.parallel?.workers ?? (await idleCpus()), 16));
    if (workers > 1) run = await readParallel(abs, size, plan, workers, progress, options.parallel?.ranges, options.readBytes);
  }
  // Single pass: gzip (which cannot be split), small files, one core, or a split that fell inside quotes.
  run ??= await readSingle(abs, isGz, plan, shown, progress, limits, options.readBytes);
  if ('finding' in run) return { observations: [], findings: [run.finding] };
  const input = { path: shown, sha256: run.sha256 };
  const result = run.result;
  if (result.error) {
    return { observations: [], input, findings: [{ severity: 'error', code: `csv-${result.error.code.toLowerCase().replace(/^csv_/, '').replace(/_/g, '-')}`, file: shown, line: result.error.line, message: result.error.message.replace(/^[^:]*:\s*/, ''), hint: 'fix the CSV syntax at this line' }] };
  }
  const built = buildObservations(spec, agg, plan, result, shown, header.fields);
  return { observations: built.observations, findings: [...compiled.findings, ...built.findings], input, threads: run.threads ?? 1 };
}

// ------------------------------------------------------------------- header and plan

/** The header row: parsed by csv-parse from the start of the file (through gunzip for .gz). */
async function readHeader(abs: string, isGz: boolean, delimiter: string, shown: string): Promise<{ fields: string[]; line: number } | { finding: Finding; sha256?: string }> {
  const engine = createCsvEngine({ delimiter, bom: true, relax_column_count: true, skip_empty_lines: true, to: 1 });
  let header: string[] | undefined;
  let line = 1;
  const push = (r: string[]) => {
    header ??= r;
    line = engine.info.lines;
  };
  const file = createReadStream(abs, { highWaterMark: READ_BYTES });
  const source = isGz ? file.pipe(createGunzip()) : file;
  try {
    let first = true;
    for await (const chunk of source as AsyncIterable<Buffer>) {
      if (first && !isGz && ((chunk[0] === 0xff && chunk[1] === 0xfe) || (chunk[0] === 0xfe && chunk[1] === 0xff))) {
        return { finding: { severity: 'error', code: 'encoding', file: shown, message: 'the file is UTF-16 encoded; incident-level files (aggregate:) are streamed and must be UTF-8', hint: 'save the file as UTF-8 (in a spreadsheet: "CSV UTF-8")' } };
      }
      first = false;
      const err = engine.parse(chunk, false, push, () => {});
      if (err) return { finding: csvFinding(err, shown) };
      if (header) break;
    }
    if (!header) {
      const err = engine.parse(undefined, true, push, () => {});
      if (err) return { finding: csvFinding(err, shown) };
    }
  } catch (e) {
    return { finding: readFinding(e, shown) };
  } finally {
    file.destroy();
  }
  if (!header) return { finding: { severity: 'error', code: 'csv-empty', file: shown, message: 'the file is empty: no header row', hint: 'the first row names the columns, e.g. id,date,category,district' } };
  return { fields: header.map((h) => h.trim()), line };
}

function csvFinding(err: Error, shown: string): Finding {
  const e = err as Error & { code?: string; lines?: number };
  return { severity: 'error', code: `csv-${(e.code ?? 'error').toLowerCase().replace(/^csv_/, '').replace(/_/g, '-')}`, file: shown, ...(e.lines ? { line: e.lines } : {}), message: e.message.replace(/^[^:]*:\s*/, ''), hint: 'fix the CSV syntax at this line' };
}

/** A read error: not valid gzip (for a .gz file), or any other failure to read the file. */
function readFinding(e: unknown, shown: string): Finding {
  const err = e as NodeJS.ErrnoException;
  if (typeof err.code === 'string' && err.code.startsWith('Z_')) {
    return { severity: 'error', code: 'gzip-invalid', file: shown, message: `the file is not valid gzip: ${err.message}`, hint: 'a .gz file must be gzip-compressed; rename it if it is plain CSV' };
  }
  return { severity: 'error', code: 'path-unreadable', file: shown, message: `cannot read file: ${err.message}` };
}

/** Resolve the descriptor's column names against the header; every unknown name is an error at the descriptor. */
export function compilePlan(spec: TableSpec, agg: AggregateSpec, header: string[], file: string): { plan?: AggregatePlan; findings: Finding[] } {
  const findings: Finding[] = [];
  const exact = new Map<string, number>();
  const folded = new Map<string, number>();
  header.forEach((h, i) => {
    if (!exact.has(h)) exact.set(h, i);
    if (!folded.has(h.toLowerCase())) folded.set(h.toLowerCase(), i);
  });
  const find = (ref: ColumnRef, role: string): number => {
    const i = exact.get(ref.name.trim()) ?? folded.get(ref.name.trim().toLowerCase());
    if (i !== undefined) return i;
    const near = nearestNames(ref.name, header.filter(Boolean));
    findings.push({
      severity: 'error',
      code: 'descriptor-unknown-column',
      ...ref.at,
      message: `${role} '${ref.name}' is not a column of ${file}${near.length ? ` (did you mean '${near[0]}'?)` : ''}`,
      hint: `the header has: ${header.map((h) => h || '(blank)').join(', ')}`,
    });
    return -1;
  };
  const period = find(agg.period.column, 'aggregate.period.column:');
  const metric = agg.metric ? find(agg.metric.column, 'aggregate.metric.column:') : -1;
  const region = agg.region ? find(agg.region.column, 'aggregate.region.column:') : -1;
  const sum = agg.measure.kind === 'sum' ? find(agg.measure.column, 'aggregate.sum:') : -1;
  const sets: AggregatePlan['sets'] = [];
  const ranges: AggregatePlan['ranges'] = [];
  for (const f of agg.where) {
    const index = find(f.column, 'where.column:');
    if (f.kind === 'in') sets.push({ index, values: f.values });
    else ranges.push({ index, from: f.from?.startDay ?? -1e9, to: f.to?.endDay ?? 1e9 });
  }
  if (findings.length) return { findings };
  return {
    plan: { delimiter: spec.delimiter, width: header.length, period, by: agg.period.by, metric, region, sum, numbers: spec.numbers, missing: spec.missing, sets, ranges },
    findings,
  };
}

// ------------------------------------------------------------------- reading

async function readSingle(abs: string, isGz: boolean, plan: AggregatePlan, shown: string, progress: (bytes: number) => void, limits: ReadLimits, readBytes?: boolean): Promise<{ result: ChunkResult; sha256: string } | { finding: Finding }> {
  const aggregator = new ChunkAggregator(plan, { skipHeader: true, countQuotes: false, ...(readBytes === false ? { readBytes } : {}) });
  const hash = createHash('sha256');
  let bytes = 0;
  const onRaw = (b: Buffer) => {
    hash.update(b);
    bytes += b.length;
    progress(bytes);
  };
  let stopped = false;
  try {
    const chunks = isGz ? gunzippedChunks(abs, onRaw, limits, shown) : fileChunks(abs, onRaw, aggregator.keepsBuffers);
    for await (const chunk of chunks) {
      if ('finding' in chunk) return chunk;
      if (!aggregator.write(chunk)) {
        stopped = true;
        break;
      }
    }
  } catch (e) {
    return { finding: readFinding(e, shown) };
  }
  const result = aggregator.end();
  // Parsing stopped on a CSV error: the report is not written, but the file's hash is still its whole content.
  const sha256 = stopped ? await hashFile(abs) : hash.digest('hex');
  return { result, sha256 };
}

/**
 * A plain file's chunks, each also handed to `onRaw` (hash, progress). One buffer serves every read
 * unless the aggregator keeps them (see worker.ts): a chunk is used before the next read, since the
 * consumer's loop body runs before this generator resumes.
 */
async function* fileChunks(abs: string, onRaw: (b: Buffer) => void, keepsBuffers: boolean): AsyncGenerator<Buffer> {
  const reused = Buffer.allocUnsafe(READ_BYTES);
  const handle = await open(abs, 'r');
  try {
    for (;;) {
      const buf = keepsBuffers ? Buffer.allocUnsafe(READ_BYTES) : reused;
      const { bytesRead } = await handle.read(buf, 0, buf.length, null);
      if (bytesRead === 0) return;
      const chunk = bytesRead === buf.length ? buf : buf.subarray(0, bytesRead);
      onRaw(chunk);
      yield chunk;
    }
  } finally {
    await handle.close();
  }
}

/**
 * A .gz file's decompressed chunks; the compressed bytes go to `onRaw`. The size limit applies to the
 * decompressed bytes: a small gzip bomb is stopped (a finding, the last thing yielded) once it passes it.
 */
async function* gunzippedChunks(abs: string, onRaw: (b: Buffer) => void, limits: ReadLimits, shown: string): AsyncGenerator<Buffer | { finding: Finding }> {
  const file = createReadStream(abs, { highWaterMark: READ_BYTES });
  try {
    file.on('data', (b) => onRaw(b as Buffer));
    let plain = 0;
    for await (const chunk of file.pipe(createGunzip()) as AsyncIterable<Buffer>) {
      plain += chunk.length;
      if (plain > limits.maxBytes) {
        yield { finding: fileTooLarge(shown, plain, limits, true, 'decompressed ') };
        return;
      }
      yield chunk;
    }
  } finally {
    file.destroy();
  }
}

/**
 * The SHA-256 of a file, read through one buffer: a stream would allocate a buffer a read, which on a
 * file of gigabytes the collector frees only in bursts, tens of megabytes of them held at a time.
 */
export async function hashFile(abs: string): Promise<string> {
  const hash = createHash('sha256');
  const handle = await open(abs, 'r');
  try {
    const buf = Buffer.allocUnsafe(HASH_READ_BYTES);
    for (;;) {
      const { bytesRead } = await handle.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      hash.update(bytesRead === buf.length ? buf : buf.subarray(0, bytesRead));
    }
  } finally {
    await handle.close();
  }
  return hash.digest('hex');
}

/** The hash's read size: large enough that a read costs less than hashing what it read. */
const HASH_READ_BYTES = 1 << 20;

/**
 * Byte offsets that split the file into `parts` ranges, each starting just after a line break.
 * Whether that line break ends a record (is outside quotes) is checked after parsing, from the
 * quote counts of the ranges before it.
 */
function splitPoints(abs: string, size: number, parts: number): number[] {
  const points = [0];
  const fd = openSync(abs, 'r');
  try {
    const buf = Buffer.allocUnsafe(READ_BYTES);
    for (let k = 1; k < parts; k++) {
      let pos = Math.max(Math.floor((size * k) / parts), points[points.length - 1]!);
      let found = -1;
      while (found < 0 && pos < size) {
        const n = readSync(fd, buf, 0, buf.length, pos);
        if (n === 0) break;
        const i = buf.subarray(0, n).indexOf(10);
        if (i >= 0) found = pos + i + 1;
        else pos += n;
      }
      if (found < 0 || found >= size) break;
      if (found > points[points.length - 1]!) points.push(found);
    }
  } finally {
    closeSync(fd);
  }
  return points;
}

/**
 * Ranges per worker: more than one, so that a thread slowed by other work on the machine does not hold
 * up the rest; few, because each range costs a message round trip, a merge and a reset of the parser.
 */
const RANGES_PER_WORKER = 2;
/** Ranges smaller than this are not worth a message round trip. */
const MIN_RANGE_BYTES = 1 << 20;

/** Hand the ranges out to `workers` threads, each taking the next when it finishes one; results in file order. */
function runWorkers(jobs: RangeJob[], workers: number, onBytes: (n: number) => void): Promise<ChunkResult[]> {
  return new Promise((resolve, reject) => {
    const results: ChunkResult[] = new Array(jobs.length);
    let next = 0;
    let finished = 0;
    let failed = false;
    const threads: Worker[] = [];
    const stopAll = () => {
      for (const t of threads) t.postMessage({ type: 'stop' } satisfies WorkerRequest);
    };
    for (let w = 0; w < Math.min(workers, jobs.length); w++) {
      // A small young generation keeps each thread's memory close to what it holds: the groups.
      const worker = new Worker(workerScript('evidence/aggregate/worker.js'), { resourceLimits: { maxYoungGenerationSizeMb: 8 } });
      threads.push(worker);
      const give = () => {
        if (next < jobs.length) worker.postMessage({ type: 'job', job: jobs[next++]! } satisfies WorkerRequest);
      };
      worker.on('message', (m: WorkerMessage) => {
        if (m.type === 'progress') return onBytes(m.bytes);
        results[m.index] = m.result;
        finished++;
        if (finished === jobs.length) {
          stopAll();
          resolve(results);
        } else give();
      });
      worker.on('error', (e) => {
        if (failed) return;
        failed = true;
        for (const t of threads) void t.terminate();
        reject(e);
      });
      worker.on('exit', (code) => {
        if (finished < jobs.length && !failed) {
          failed = true;
          for (const t of threads) void t.terminate();
          reject(new Error(`an aggregation worker stopped (exit code ${code}) before it finished`));
        }
      });
      give();
    }
  });
}

async function readParallel(abs: string, size: number, plan: AggregatePlan, workers: number, progress: (bytes: number) => void, ranges?: number, readBytes?: boolean): Promise<{ result: ChunkResult; sha256: string; threads: number } | undefined> {
  const parts = ranges ?? Math.max(workers, Math.min(workers * RANGES_PER_WORKER, Math.floor(size / MIN_RANGE_BYTES)));
  const points = splitPoints(abs, size, parts);
  if (points.length < 2) return undefined;
  const jobs = points.map((start, k) => ({ index: k, file: abs, start, end: points[k + 1] ?? size, plan, skipHeader: k === 0, ...(readBytes === false ? { readBytes } : {}) }));
  let bytes = 0;
  const onBytes = (n: number) => {
    bytes += n;
    progress(bytes);
  };
  const threads = Math.min(workers, jobs.length);
  const [sha256, results] = await Promise.all([hashFile(abs), runWorkers(jobs, threads, onBytes)]);
  // A split point is a record boundary only if the quotes before it are balanced; otherwise read the file in one pass.
  let quotes = 0;
  for (const r of results.slice(0, -1)) {
    quotes += r.quotes;
    if (quotes % 2 !== 0) return undefined;
  }
  // An error in one range ends the reading there, as it would in one pass: later ranges are not counted.
  const upTo = results.findIndex((r) => r.error !== undefined);
  const used = upTo < 0 ? results : results.slice(0, upTo + 1);
  let offset = 0;
  const shifted = used.map((r) => {
    const s = offsetLines(r, offset);
    offset += r.lines - 1;
    return s;
  });
  return { result: mergeChunks(shifted), sha256, threads };
}

// ------------------------------------------------------------------- observations

function periodOf(by: AggregatePlan['by'], index: number): Period {
  if (by === 'year') return makeYear(index);
  if (by === 'quarter') return makeQuarter(Math.floor(index / 4), (index % 4) + 1);
  return makeMonth(Math.floor(index / 12), (index % 12) + 1);
}

function periodIndexOfDay(by: AggregatePlan['by'], day: number): number {
  const d = new Date(day * 86_400_000);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + 1;
  return by === 'month' ? y * 12 + m - 1 : by === 'quarter' ? y * 4 + Math.floor((m - 1) / 3) : y;
}

function lineList(t: Tally): string {
  const more = t.count - t.lines.length;
  return `line${t.lines.length === 1 ? '' : 's'} ${t.lines.join(', ')}${more > 0 ? ` and ${formatNumber(more)} more` : ''}`;
}

const quoted = (v: string) => `'${v}'`;

function describeDimension(dim: AggregateDimension | undefined, header: string[], index: number, raws: string[]): string | undefined {
  if (!dim || index < 0) return undefined;
  return `${header[index]} is ${raws.map(quoted).join(' or ')}`;
}

/** Groups → observations: names mapped, empty groups inside the file's coverage filled with 0, every problem a finding. */
function buildObservations(spec: TableSpec, agg: AggregateSpec, plan: AggregatePlan, result: ChunkResult, shown: string, header: string[]): { observations: Observation[]; findings: Finding[] } {
  const findings: Finding[] = [];
  const at = (line: number | undefined, index?: number): Location => ({ file: shown, ...(line ? { line } : {}), ...(index !== undefined && index >= 0 ? { column: index + 1 } : {}) });
  const tally = (kind: string) => result.tallies[kind];

  const ragged = tally('ragged');
  if (ragged) {
    findings.push({ severity: 'error', code: 'csv-ragged-row', ...at(ragged.lines[0]), message: `${plural(ragged.count, 'row')} do${ragged.count === 1 ? 'es' : ''} not have ${plan.width} fields like the header (${lineList(ragged)}; the first has ${ragged.sample})`, hint: 'every row needs one field per column; quote fields that contain the delimiter' });
  }
  const dateColumns = new Set([plan.period, ...plan.ranges.map((r) => r.index)]);
  for (const index of dateColumns) {
    const bad = tally(`date:${index}`);
    if (bad) {
      findings.push({
        severity: 'error',
        code: 'aggregate-date',
        ...at(bad.lines[0], index),
        message: `${plural(bad.count, 'row')} ha${bad.count === 1 ? 's' : 've'} a ${header[index]} that is not an ISO date or datetime, e.g. '${bad.sample}' (${lineList(bad)})`,
        hint: 'claimcheck reads 2019-03-04, 2019-03-04T10:00:00 and 2019-03-04 10:00:00; other date formats are not supported: convert the column, or leave these rows out with a where rule',
      });
    }
    const blank = tally(`blank-date:${index}`);
    if (blank) {
      findings.push({ severity: 'warning', code: 'aggregate-date-blank', ...at(blank.lines[0], index), message: `${plural(blank.count, 'row')} ha${blank.count === 1 ? 's' : 've'} no ${header[index]} and ${blank.count === 1 ? 'is' : 'are'} not counted (${lineList(blank)})`, hint: 'rows without a date cannot be placed in a period; the counts leave them out' });
    }
  }
  const badNumber = tally('number');
  if (badNumber) {
    findings.push({ severity: 'error', code: 'csv-number', ...at(badNumber.lines[0], plan.sum), message: `${plural(badNumber.count, 'row')} ha${badNumber.count === 1 ? 's' : 've'} a ${header[plan.sum]} that is not a number, e.g. '${badNumber.sample}' (${lineList(badNumber)})`, hint: 'write plain numbers, or describe the number format in the descriptor (numbers: { decimal: ",", thousands: "." })' });
  }
  const blankNumber = tally('blank-number');
  if (blankNumber) {
    findings.push({ severity: 'warning', code: 'aggregate-blank-value', ...at(blankNumber.lines[0], plan.sum), message: `${plural(blankNumber.count, 'row')} ha${blankNumber.count === 1 ? 's' : 've'} no ${header[plan.sum]} and ${blankNumber.count === 1 ? 'is' : 'are'} not summed (${lineList(blankNumber)})`, hint: 'blank cells and missing markers are not added up; the sums leave these rows out' });
  }
  agg.where.forEach((f) => {
    if (f.kind !== 'in') return;
    const k = agg.where.filter((x) => x.kind === 'in').indexOf(f);
    const unmatched = f.values.filter((_, i) => !result.hits[k]?.[i]);
    if (unmatched.length) {
      findings.push({ severity: 'warning', code: 'aggregate-filter-unmatched', ...f.at, message: `where ${f.column.name} ${f.isEquals ? '=' : 'in'}: ${unmatched.map(quoted).join(', ')} match${unmatched.length === 1 ? 'es' : ''} no row of ${shown}`, hint: 'values are compared with the cell as text, trimmed and case-sensitive; a YAML number such as 01 reads as 1: quote it' });
    }
  });

  // Names: as the file writes them → as the descriptor maps them; fixed names for the whole file.
  const name = (dim: AggregateDimension | undefined, raw: string, fixed: string | undefined) => (dim ? dim.map.get(raw)?.name ?? raw : fixed ?? '');
  const expected = (dim: AggregateDimension | undefined, index: number, seen: Iterable<string>): string[] => {
    if (!dim) return [''];
    const values = new Set(seen);
    // Values a filter asks for exist even where no row has them: their count is 0, not unknown.
    agg.where.forEach((f) => {
      if (f.kind === 'in' && plan.sets.find((s) => s.values === f.values)?.index === index) for (const v of f.values) values.add(v);
    });
    return [...values].sort();
  };
  const metricRaws = expected(agg.metric, plan.metric, result.groups.map((g) => g.metric));
  const regionRaws = expected(agg.region, plan.region, result.groups.map((g) => g.region));
  for (const [dim, raws, kind] of [[agg.metric, metricRaws, 'metric'], [agg.region, regionRaws, 'region']] as const) {
    for (const [from, ref] of dim?.map ?? []) {
      if (!raws.includes(from)) findings.push({ severity: 'warning', code: 'aggregate-map-unused', ...ref.at, message: `aggregate.${kind}.map: '${from}' matches no counted row of ${shown}`, hint: `check the spelling against the file; values counted: ${raws.slice(0, 8).map(quoted).join(', ')}${raws.length > 8 ? ', …' : ''}` });
    }
  }

  // A group merged across chunks; its partials are always kept here, whether or not the mode sums.
  type Cell = Omit<GroupRow, 'partials'> & { partials: number[] };
  const cells = new Map<string, Cell>();
  const series = new Map<string, { metric: string; region: string; metricRaws: Set<string>; regionRaws: Set<string> }>();
  const seriesKey = (m: string, r: string) => `${m}\u001f${r}`;
  for (const m of metricRaws) {
    for (const r of regionRaws) {
      const mn = name(agg.metric, m, spec.fixed.metric);
      const rn = name(agg.region, r, spec.fixed.region);
      const s = series.get(seriesKey(mn, rn)) ?? { metric: mn, region: rn, metricRaws: new Set<string>(), regionRaws: new Set<string>() };
      s.metricRaws.add(m);
      s.regionRaws.add(r);
      series.set(seriesKey(mn, rn), s);
    }
  }
  for (const g of result.groups) {
    const mn = name(agg.metric, g.metric, spec.fixed.metric);
    const rn = name(agg.region, g.region, spec.fixed.region);
    const key = `${g.period}\u001f${seriesKey(mn, rn)}`;
    const c = cells.get(key);
    if (!c) cells.set(key, { period: g.period, metric: mn, region: rn, rows: g.rows, first: g.first, last: g.last, partials: g.partials ? [...g.partials] : [] });
    else {
      c.rows += g.rows;
      c.first = Math.min(c.first, g.first);
      c.last = Math.max(c.last, g.last);
      for (const p of g.partials ?? []) addExact(c.partials, p);
    }
  }

  // The file's coverage: a date range on the period column sets it (periods with no matching row are 0,
  // before the first row and after the last as well); without one, from the earliest date to the latest.
  let first = result.minDay;
  let last = result.maxDay;
  const declared = plan.ranges.filter((r) => r.index === plan.period);
  const froms = declared.filter((r) => r.from > -1e9).map((r) => r.from);
  const tos = declared.filter((r) => r.to < 1e9).map((r) => r.to);
  if (froms.length) first = Math.max(...froms);
  if (tos.length) last = Math.min(...tos);
  const periods: number[] = [];
  if (first <= last) for (let p = periodIndexOfDay(plan.by, first); p <= periodIndexOfDay(plan.by, last); p++) periods.push(p);
  const fill = series.size * periods.length <= MAX_FILLED_OBSERVATIONS;
  if (!fill) {
    findings.push({ severity: 'warning', code: 'aggregate-too-many-groups', file: shown, message: `${formatNumber(series.size)} series × ${formatNumber(periods.length)} periods is too many to fill in zeros; groups without rows are left out`, hint: 'aggregate by a coarser period, or filter the rows with where' });
  }

  const origin = describeOrigin(spec.source);
  const source = citation(spec.source);
  const measure = agg.measure.kind === 'count' ? 'count of the rows' : `sum of ${header[plan.sum]} over the rows`;
  // A filter on the metric or region column says nothing the series' own name does not already say.
  const dimensionColumns = new Set([plan.metric, plan.region].filter((i) => i >= 0));
  const wheres = agg.where.filter((f, i) => !(f.kind === 'in' && dimensionColumns.has(plan.sets[agg.where.slice(0, i).filter((x) => x.kind === 'in').length]!.index))).map((f) =>
    f.kind === 'in'
      ? `${f.column.name} ${f.isEquals ? `= ${quoted(f.values[0]!)}` : `in ${f.values.map(quoted).join(', ')}`}`
      : `${f.column.name} ${f.from && f.to ? `from ${dayToIso(f.from.startDay)} to ${dayToIso(f.to.endDay)}` : f.from ? `from ${dayToIso(f.from.startDay)}` : `to ${dayToIso(f.to!.endDay)}`}`,
  );
  const measures = createMeasureDecider(spec.measures, shown, agg.measure.kind === 'count' ? { kind: 'count' } : { kind: 'sum', column: header[plan.sum]! });
  const observations: Observation[] = [];
  for (const s of [...series.values()].sort((a, b) => (a.metric < b.metric ? -1 : a.metric > b.metric ? 1 : a.region < b.region ? -1 : a.region > b.region ? 1 : 0))) {
    const conditions = [describeDimension(agg.metric, header, plan.metric, [...s.metricRaws]), describeDimension(agg.region, header, plan.region, [...s.regionRaws]), ...wheres].filter((c): c is string => Boolean(c));
    const definition = `${s.metric} in ${s.region} = ${measure} of ${shown}${conditions.length ? ` where ${conditions.join(' and ')}` : ''}, by ${agg.period.by} of ${header[plan.period]}`;
    const measureInfo = measures.decide(plan.sum >= 0 ? header[plan.sum] : undefined, [...s.metricRaws][0] ?? s.metric, s.metric, spec.fixed.unit, { line: result.headerLine ?? 1 });
    const base = { region: s.region, metric: s.metric, ...(spec.fixed.unit ? { unit: spec.fixed.unit } : {}), ...(source ? { source } : {}), file: shown, origin, measure: measureInfo };
    const own = new Set<number>();
    for (const c of cells.values()) {
      if (c.metric !== s.metric || c.region !== s.region) continue;
      own.add(c.period);
      observations.push({ ...base, period: periodOf(plan.by, c.period), value: agg.measure.kind === 'count' ? c.rows : exactValue(c.partials), line: c.first, aggregate: { rows: c.rows, firstLine: c.first, lastLine: c.last, definition } });
    }
    if (!fill) continue;
    for (const p of periods) {
      if (own.has(p)) continue;
      // No row in this period: a count of 0, cited to the header (the rows it would have come from are absent).
      observations.push({ ...base, period: periodOf(plan.by, p), value: 0, line: result.headerLine ?? 1, aggregate: { rows: 0, definition } });
    }
  }
  observations.sort((a, b) => a.period.startDay - b.period.startDay || (a.metric < b.metric ? -1 : a.metric > b.metric ? 1 : 0) || (a.region < b.region ? -1 : a.region > b.region ? 1 : 0));

  for (const f of measures.findings) findings.push(f);
  if (!spec.reading) for (const f of measures.unused()) findings.push(f);
  const seriesCount = new Set(observations.map((o) => `${o.metric}\u001f${o.region}`)).size;
  if (result.counted === 0) {
    findings.push({ severity: 'warning', code: 'aggregate-nothing-counted', ...at(result.headerLine), message: `no row of ${shown} was counted (${plural(result.records, 'row')} read)`, hint: 'check the where rules and the date column' });
  }
  findings.push({
    severity: 'info',
    code: 'aggregate-summary',
    ...at(result.headerLine),
    message: `aggregated ${shown}: ${formatNumber(result.counted)} of ${formatNumber(result.records)} rows${result.records ? ` (lines ${result.firstLine}–${result.lastLine})` : ''} counted into ${formatNumber(observations.length)} observation${observations.length === 1 ? '' : 's'} of ${formatNumber(seriesCount)} series${result.minDay <= result.maxDay ? `; dates in ${header[plan.period]} run from ${dayToIso(result.minDay)} to ${dayToIso(result.maxDay)}` : ''}`,
  });
  return { observations, findings };
}
