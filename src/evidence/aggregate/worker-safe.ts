// The per-row work of aggregating an incident-level CSV: csv-parse records → group counts (or sums),
// with the first and last line of every group and every problem tallied with its first lines.
// Shared by the main thread and the worker threads (worker.ts), so it imports nothing heavy: a worker
// loads this file, read/csv-engine.ts, read/numbers.ts and period.ts, and nothing else (see index.ts).
import { createCsvEngine, type CsvEngine } from '../read/csv-engine.js';
import type { NumberFormat } from '../interpret/descriptor.js';
import { parseNumberCell } from '../read/numbers.js';
import { readIsoDate, type IsoDateParts } from '../../period.js';

/** What a chunk reader needs, as plain data (it is copied to worker threads). Column numbers are 0-based. */
export interface AggregatePlan {
  delimiter: string;
  /** Fields in the header: a row with another number of fields is ragged. */
  width: number;
  period: number;
  by: 'year' | 'quarter' | 'month';
  /** Column of the metric, or -1 when the descriptor fixes it. */
  metric: number;
  region: number;
  /** Column summed, or -1 to count rows. */
  sum: number;
  numbers: NumberFormat;
  missing: string[];
  /** `in` and `equals` filters: the cell, trimmed, must be one of the values. */
  sets: Array<{ index: number; values: string[] }>;
  /** Date ranges, as day numbers (days since 1970-01-01), inclusive. */
  ranges: Array<{ index: number; from: number; to: number }>;
}

/** How many lines of each kind of problem are kept to be shown (the count is always complete). */
export const MAX_LINES = 5;

/** A kind of problem: how many rows had it, the first lines, and the first offending cell. */
export interface Tally {
  count: number;
  lines: number[];
  sample: string;
}

/** One group: rows counted, first and last line (chunk-local until merged), and the exact sum's partials. */
export interface GroupRow {
  period: number;
  metric: string;
  region: string;
  rows: number;
  first: number;
  last: number;
  /** Partials of an exact sum (sum mode only): merging them gives the same total in any order. */
  partials: number[] | null;
}

export interface ChunkResult {
  groups: GroupRow[];
  /** csv-parse's line counter at the end of the chunk: the chunk's line breaks + 1. */
  lines: number;
  /** `"` bytes in the chunk; an odd count before a split point means the split fell inside quotes. */
  quotes: number;
  /** Line on which the header starts (the chunk that holds it). */
  headerLine?: number;
  /** Data rows read and counted (header excluded). */
  records: number;
  counted: number;
  firstLine: number;
  lastLine: number;
  /** Earliest and latest day of a readable date in the period column, over all rows (the file's coverage). */
  minDay: number;
  maxDay: number;
  /** Problems by kind: `ragged`, `date:N`, `blank-date:N`, `number`, `blank-number`. */
  tallies: Record<string, Tally>;
  /** Per `sets` filter, per value: whether any row had it. */
  hits: number[][];
  /** A CSV syntax error: parsing stopped there. */
  error?: { code: string; message: string; line: number };
}

const NO_DAY_MIN = 1e9;
const NO_DAY_MAX = -1e9;

// ------------------------------------------------------------------- dates

/** Year and month of the last date read by readIsoDate (one object for every row: no allocation per row). */
const lastDate: IsoDateParts = { year: 0, month: 0 };

/** The period index of the last date read: the year, year·4 + quarter − 1, or year·12 + month − 1. */
function periodIndex(by: AggregatePlan['by']): number {
  return by === 'month' ? lastDate.year * 12 + lastDate.month - 1 : by === 'quarter' ? lastDate.year * 4 + ((lastDate.month - 1) / 3 | 0) : lastDate.year;
}

// ------------------------------------------------------------------- exact sums

/** Add x to the partials of an exact sum (Shewchuk's algorithm, as Python's math.fsum). */
export function addExact(partials: number[], value: number): void {
  let x = value;
  let i = 0;
  for (let j = 0; j < partials.length; j++) {
    let y = partials[j]!;
    if (Math.abs(x) < Math.abs(y)) {
      const t = x;
      x = y;
      y = t;
    }
    const hi = x + y;
    const lo = y - (hi - x);
    if (lo !== 0) partials[i++] = lo;
    x = hi;
  }
  partials.length = i;
  partials.push(x);
}

/** The correctly rounded value of an exact sum: the same whatever order the values were added in. */
export function exactValue(partials: number[]): number {
  let n = partials.length;
  if (n === 0) return 0;
  let hi = partials[--n]!;
  let lo = 0;
  while (n > 0) {
    const x = hi;
    const y = partials[--n]!;
    hi = x + y;
    lo = y - (hi - x);
    if (lo !== 0) break;
  }
  if (n > 0 && ((lo < 0 && partials[n - 1]! < 0) || (lo > 0 && partials[n - 1]! > 0))) {
    const y = lo * 2;
    const x = hi + y;
    if (y === x - hi) hi = x;
  }
  return hi;
}

// ------------------------------------------------------------------- the reader

interface Group {
  rows: number;
  first: number;
  last: number;
  partials: number[] | null;
}

export function emptyTally(): Tally {
  return { count: 0, lines: [], sample: '' };
}

/** A CSV engine for a plan: only the columns the plan reads are decoded (the header is read elsewhere). */
export function csvEngineFor(plan: AggregatePlan): CsvEngine {
  const read = new Set([plan.period, plan.metric, plan.region, plan.sum, ...plan.sets.map((x) => x.index), ...plan.ranges.map((x) => x.index)].filter((i) => i >= 0));
  return createCsvEngine({ delimiter: plan.delimiter, bom: true, relax_column_count: true, skip_empty_lines: true }, read);
}

/** Reads one chunk of a CSV (the whole file, or a part split at a record boundary) into groups. */
export class ChunkAggregator {
  private readonly engine: CsvEngine;
  private readonly countQuotes: boolean;
  private groups = new Map<string, Map<string, Map<number, Group>>>();
  private sets: Array<{ index: number; lookup: Map<string, number>; hits: number[] }> = [];
  private tallies: Record<string, Tally> = {};
  private prevEnd = 0;
  private prevRawEnd = 0;
  private prevEmpty = 0;
  /** Lines csv-parse counted twice: it counts a CRLF inside a quoted field as two line breaks. */
  private overcount = 0;
  private skipHeader = false;
  private headerLine: number | undefined;
  private records = 0;
  private counted = 0;
  private firstLine = 0;
  private lastLine = 0;
  private minDay = NO_DAY_MIN;
  private maxDay = NO_DAY_MAX;
  private quotes = 0;
  private error: ChunkResult['error'];
  private started = false;

  constructor(
    private readonly plan: AggregatePlan,
    options: { skipHeader: boolean; countQuotes: boolean },
  ) {
    this.engine = csvEngineFor(plan);
    this.countQuotes = options.countQuotes;
    this.start(options.skipHeader);
  }

  /**
   * Begin a new chunk of the same file, as a new aggregator would: a worker reads range after range
   * with one aggregator, whose functions V8 has already optimised (see CsvEngine.reset).
   */
  start(skipHeader: boolean): void {
    if (this.started) this.engine.reset();
    this.started = true;
    this.groups = new Map();
    this.sets = this.plan.sets.map((s) => ({ index: s.index, lookup: new Map(s.values.map((v, i) => [v, i])), hits: s.values.map(() => 0) }));
    this.tallies = {};
    this.prevEnd = this.prevRawEnd = this.prevEmpty = this.overcount = 0;
    this.skipHeader = skipHeader;
    this.headerLine = undefined;
    this.records = this.counted = this.firstLine = this.lastLine = this.quotes = 0;
    this.minDay = NO_DAY_MIN;
    this.maxDay = NO_DAY_MAX;
    this.error = undefined;
  }

  /** Feed the next bytes; false once parsing has stopped on a CSV error. */
  write(buf: Buffer): boolean {
    if (this.error) return false;
    if (this.countQuotes) {
      for (let i = buf.indexOf(34); i !== -1; i = buf.indexOf(34, i + 1)) this.quotes++;
    }
    const err = this.engine.parse(buf, false, this.push, noop);
    if (err) this.fail(err);
    return !this.error;
  }

  end(): ChunkResult {
    if (!this.error) {
      const err = this.engine.parse(undefined, true, this.push, noop);
      if (err) this.fail(err);
    }
    const groups: GroupRow[] = [];
    for (const [metric, byRegion] of this.groups) {
      for (const [region, byPeriod] of byRegion) {
        for (const [period, g] of byPeriod) groups.push({ period, metric, region, rows: g.rows, first: g.first, last: g.last, partials: g.partials });
      }
    }
    return {
      groups,
      lines: this.engine.info.lines - this.overcount,
      quotes: this.quotes,
      ...(this.headerLine !== undefined ? { headerLine: this.headerLine } : {}),
      records: this.records,
      counted: this.counted,
      firstLine: this.firstLine,
      lastLine: this.lastLine,
      minDay: this.minDay,
      maxDay: this.maxDay,
      tallies: this.tallies,
      hits: this.sets.map((s) => s.hits),
      ...(this.error ? { error: this.error } : {}),
    };
  }

  private fail(err: Error): void {
    const e = err as Error & { code?: string; lines?: number };
    this.error = { code: e.code ?? 'CSV_ERROR', message: e.message, line: (e.lines ?? this.engine.info.lines) - this.overcount };
  }

  private tally(kind: string, line: number, cell: string): void {
    let t = this.tallies[kind];
    if (!t) {
      t = this.tallies[kind] = emptyTally();
      t.sample = cell;
    }
    t.count++;
    if (t.lines.length < MAX_LINES) t.lines.push(line);
  }

  private readonly push = (record: string[]): void => {
    // The record's first line: csv-parse counts lines up to the record's end; a record starts after
    // the previous one and the empty lines skipped since (a quoted field may span lines).
    const info = this.engine.info;
    const skipped = info.empty_lines - this.prevEmpty;
    // Only a record spanning several lines can hold a quoted CRLF: the common case costs one comparison.
    if (info.lines - this.prevRawEnd - skipped > 1) this.overcount += countCrlf(record);
    const line = this.prevEnd + 1 + skipped;
    this.prevRawEnd = info.lines;
    this.prevEnd = info.lines - this.overcount;
    this.prevEmpty = info.empty_lines;
    if (this.skipHeader) {
      this.skipHeader = false;
      this.headerLine = line;
      return;
    }
    const plan = this.plan;
    this.records++;
    if (this.firstLine === 0) this.firstLine = line;
    this.lastLine = line;
    if (record.length !== plan.width) {
      this.tally('ragged', line, String(record.length));
      return;
    }
    const dateText = record[plan.period]!;
    const day = readIsoDate(dateText, lastDate);
    let period = 0;
    if (day >= 0) {
      period = periodIndex(plan.by);
      if (day < this.minDay) this.minDay = day;
      if (day > this.maxDay) this.maxDay = day;
    }
    for (const set of this.sets) {
      const cell = record[set.index]!;
      const k = set.lookup.get(cell.length > 0 && (cell.charCodeAt(0) <= 32 || cell.charCodeAt(cell.length - 1) <= 32) ? cell.trim() : cell);
      if (k === undefined) return;
      set.hits[k] = 1;
    }
    if (day < 0) {
      this.tally(day === -2 ? `blank-date:${plan.period}` : `date:${plan.period}`, line, dateText);
      return;
    }
    for (const range of plan.ranges) {
      let d = day;
      if (range.index !== plan.period) {
        const text = record[range.index]!;
        d = readIsoDate(text, lastDate);
        if (d < 0) {
          this.tally(d === -2 ? `blank-date:${range.index}` : `date:${range.index}`, line, text);
          return;
        }
      }
      if (d < range.from || d > range.to) return;
    }
    let value = 0;
    if (plan.sum >= 0) {
      const cell = record[plan.sum]!;
      const parsed = parseNumberCell(cell, plan.numbers, plan.missing);
      if ('error' in parsed) {
        this.tally('number', line, cell);
        return;
      }
      if (parsed.value === null) {
        this.tally('blank-number', line, cell);
        return;
      }
      value = parsed.value;
    }
    const metric = plan.metric >= 0 ? record[plan.metric]!.trim() : '';
    const region = plan.region >= 0 ? record[plan.region]!.trim() : '';
    let byRegion = this.groups.get(metric);
    if (!byRegion) this.groups.set(metric, (byRegion = new Map()));
    let byPeriod = byRegion.get(region);
    if (!byPeriod) byRegion.set(region, (byPeriod = new Map()));
    const g = byPeriod.get(period);
    if (g) {
      g.rows++;
      g.last = line;
      if (g.partials) addExact(g.partials, value);
    } else byPeriod.set(period, { rows: 1, first: line, last: line, partials: plan.sum >= 0 ? [value] : null });
    this.counted++;
  };
}

function noop(): void {}

function countCrlf(record: string[]): number {
  let n = 0;
  for (const field of record) for (let i = field.indexOf('\r\n'); i !== -1; i = field.indexOf('\r\n', i + 2)) n++;
  return n;
}

// ------------------------------------------------------------------- merging chunks

/** Shift a chunk's lines by `offset` (the lines of the chunks before it). */
export function offsetLines(r: ChunkResult, offset: number): ChunkResult {
  if (offset === 0) return r;
  const shift = (t: Tally): Tally => ({ ...t, lines: t.lines.map((l) => l + offset) });
  return {
    ...r,
    groups: r.groups.map((g) => ({ ...g, first: g.first + offset, last: g.last + offset })),
    ...(r.headerLine !== undefined ? { headerLine: r.headerLine + offset } : {}),
    firstLine: r.firstLine === 0 ? 0 : r.firstLine + offset,
    lastLine: r.lastLine === 0 ? 0 : r.lastLine + offset,
    tallies: Object.fromEntries(Object.entries(r.tallies).map(([k, t]) => [k, shift(t)])),
    ...(r.error ? { error: { ...r.error, line: r.error.line + offset } } : {}),
  };
}

/** Merge chunk results (in file order, lines already global) into one, as if read in one pass. */
export function mergeChunks(chunks: ChunkResult[]): ChunkResult {
  const groups = new Map<string, GroupRow>();
  const tallies: Record<string, Tally> = {};
  const out: ChunkResult = { ...chunks[0]!, groups: [], tallies, hits: chunks[0]!.hits.map((h) => [...h]) };
  let firstLine = 0;
  for (const [i, c] of chunks.entries()) {
    if (i > 0) {
      out.lines += c.lines - 1;
      out.quotes += c.quotes;
      out.records += c.records;
      out.counted += c.counted;
      out.minDay = Math.min(out.minDay, c.minDay);
      out.maxDay = Math.max(out.maxDay, c.maxDay);
      c.hits.forEach((h, f) => h.forEach((v, k) => (out.hits[f]![k] = out.hits[f]![k]! | v)));
      if (c.lastLine) out.lastLine = c.lastLine;
    }
    if (!firstLine && c.firstLine) firstLine = c.firstLine;
    for (const g of c.groups) {
      const key = `${g.period}\u001f${g.metric}\u001f${g.region}`;
      const prior = groups.get(key);
      if (!prior) groups.set(key, { ...g, partials: g.partials ? [...g.partials] : null });
      else {
        prior.rows += g.rows;
        prior.first = Math.min(prior.first, g.first);
        prior.last = Math.max(prior.last, g.last);
        if (prior.partials && g.partials) for (const p of g.partials) addExact(prior.partials, p);
      }
    }
    for (const [kind, t] of Object.entries(c.tallies)) {
      const prior = tallies[kind];
      if (!prior) tallies[kind] = { ...t, lines: [...t.lines] };
      else {
        prior.count += t.count;
        // Chunks come in file order, so the first lines of the earlier chunk come first.
        prior.lines = [...prior.lines, ...t.lines].slice(0, MAX_LINES);
      }
    }
    if (c.error && !out.error) out.error = c.error;
  }
  out.firstLine = firstLine;
  out.groups = [...groups.values()];
  return out;
}
