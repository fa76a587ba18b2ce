// The per-row work of aggregating an incident-level CSV: rows → group counts (or sums), with the first
// and last line of every group and every problem tallied with its first lines.
// Shared by the main thread and the worker threads (worker.ts), so it imports nothing heavy: a worker
// loads this file, read/csv-engine.ts, read/numbers.ts and period.ts, and nothing else (see index.ts).
//
// Plain lines — no quote, no CR — are read here from the bytes (`ByteCells`): only the cells a plan
// uses are looked at, dates are read by position, and the text of a metric, region or filter cell is
// interned by its bytes, so a row allocates nothing. csv-parse reads the same bytes into the same
// cells; from the first quote or CR in a chunk on, the chunk goes to csv-parse (`CsvEngine`), which
// continues where the byte reader stopped. test/evidence/aggregate-bytes.test.ts checks that both
// give the same result, lines and errors on every aggregate fixture and on generated and fuzzed CSV.
import { canContinue, continueAfterLines, createCsvEngine, MAX_FIELDS, tooManyFields, type CsvEngine } from '../read/csv-engine.js';
import type { NumberFormat } from '../interpret/descriptor.js';
import { parseNumberCell } from '../read/numbers.js';
import { civilDay, daysInMonth } from '../../period.js';

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

/** A time after the date: `T10:00`, ` 10:00:00`, seconds with a fraction, and an optional zone. */
const TIME = /[T ](?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:[.,]\d+)?)?(?:Z|[+-](?:[01]\d|2[0-3])(?::?[0-5]\d)?)?$/y;

// Day numbers and month lengths are period.ts's (one calendar for claims, evidence and these workers);
// reading the digits stays here, by character and by byte, as the row loop needs.
/** Year and month of the last date read by readDate (module state: no object per row). */
let readYear = 0;
let readMonth = 0;

/**
 * The day number of the date whose digits (YYYY, MM, DD) have these character codes; -1 when one is
 * not a digit or the day does not exist. Sets readYear and readMonth, which only a valid date's caller reads.
 */
function dayOfDigits(y0: number, y1: number, y2: number, y3: number, m0: number, m1: number, d0: number, d1: number): number {
  // `- 48 >>> 0` makes a character below '0' a large number, so one comparison rejects both sides.
  if ((y0 - 48) >>> 0 > 9 || (y1 - 48) >>> 0 > 9 || (y2 - 48) >>> 0 > 9 || (y3 - 48) >>> 0 > 9 || (m0 - 48) >>> 0 > 9 || (m1 - 48) >>> 0 > 9 || (d0 - 48) >>> 0 > 9 || (d1 - 48) >>> 0 > 9) return -1;
  const y = (y0 - 48) * 1000 + (y1 - 48) * 100 + (y2 - 48) * 10 + (y3 - 48);
  const m = (m0 - 48) * 10 + (m1 - 48);
  const d = (d0 - 48) * 10 + (d1 - 48);
  if (m < 1 || m > 12 || d < 1) return -1;
  if (d > daysInMonth(y, m)) return -1;
  readYear = y;
  readMonth = m;
  return civilDay(y, m, d);
}

/**
 * An ISO date (`2019-03-04`) or datetime (`2019-03-04T10:00:00`, `2019-03-04 10:00:00`, with
 * seconds, fraction and zone optional) → its day number; -1 when the text is not one, -2 when blank.
 * The date is taken as written: no time-zone conversion.
 */
export function readDate(text: string): number {
  const s = text.length > 0 && (text.charCodeAt(0) <= 32 || text.charCodeAt(text.length - 1) <= 32) ? text.trim() : text;
  const n = s.length;
  if (n === 0) return -2;
  if (n < 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return -1;
  const c = (i: number) => s.charCodeAt(i);
  const day = dayOfDigits(c(0), c(1), c(2), c(3), c(5), c(6), c(8), c(9));
  if (day < 0) return -1;
  if (n > 10) {
    TIME.lastIndex = 10;
    if (!TIME.test(s)) return -1;
  }
  return day;
}

/** The byte at `i` of a cell that ends at `end`, or -1 past it. */
const byteAt = (b: Uint8Array, i: number, end: number) => (i < end ? b[i]! : -1);
/** Whether b[i] is an ASCII digit no greater than `max` (a digit 0–9 when max is 57, '9'). */
const isDigit = (c: number, max = 57) => c >= 48 && c <= max;

/**
 * readDate over a cell's UTF-8 bytes, without making its text: the same day number, and the same
 * year and month for periodIndex. A cell that starts or ends with a space or control is read as text.
 */
export function readDateBytes(b: Buffer, start: number, end: number): number {
  const n = end - start;
  if (n === 0) return -2;
  if (b[start]! <= 32 || b[end - 1]! <= 32) return readDate(b.toString('utf8', start, end));
  // Every character readDate accepts is ASCII, one byte each: positions in bytes are positions in the text.
  if (n < 10 || b[start + 4] !== 45 || b[start + 7] !== 45) return -1;
  const day = dayOfDigits(b[start]!, b[start + 1]!, b[start + 2]!, b[start + 3]!, b[start + 5]!, b[start + 6]!, b[start + 8]!, b[start + 9]!);
  if (day < 0 || (n > 10 && !isTimeBytes(b, start + 10, end))) return -1;
  return day;
}

/**
 * The TIME pattern over bytes, from `p` to exactly `end`: [T ]HH:MM, then optionally :SS and a
 * fraction, then optionally Z or ±HH[[:]MM]. Each optional part either matches whole or is absent;
 * what follows an optional part can never start as it does, so reading greedily is the regex's answer.
 */
function isTimeBytes(b: Uint8Array, p: number, end: number): boolean {
  const c = byteAt(b, p, end);
  if (c !== 84 && c !== 32) return false;
  if (!twoDigitHour(b, p + 1, end)) return false;
  if (byteAt(b, p + 3, end) !== 58 || !isDigit(byteAt(b, p + 4, end), 53) || !isDigit(byteAt(b, p + 5, end))) return false;
  p += 6;
  if (byteAt(b, p, end) === 58 && isDigit(byteAt(b, p + 1, end), 53) && isDigit(byteAt(b, p + 2, end))) {
    p += 3;
    const f = byteAt(b, p, end);
    if ((f === 46 || f === 44) && isDigit(byteAt(b, p + 1, end))) {
      p += 2;
      while (isDigit(byteAt(b, p, end))) p++;
    }
  }
  const z = byteAt(b, p, end);
  if (z === 90) p++;
  else if ((z === 43 || z === 45) && twoDigitHour(b, p + 1, end)) {
    p += 3;
    const colon = byteAt(b, p, end) === 58 ? 1 : 0;
    if (isDigit(byteAt(b, p + colon, end), 53) && isDigit(byteAt(b, p + colon + 1, end))) p += colon + 2;
  }
  return p === end;
}

/** (?:[01]\d|2[0-3]) at p. */
function twoDigitHour(b: Uint8Array, p: number, end: number): boolean {
  const h0 = byteAt(b, p, end);
  const h1 = byteAt(b, p + 1, end);
  return ((h0 === 48 || h0 === 49) && isDigit(h1)) || (h0 === 50 && isDigit(h1, 51));
}

/** The period index of the last date read: the year, year·4 + quarter − 1, or year·12 + month − 1. */
function periodIndex(by: AggregatePlan['by']): number {
  return by === 'month' ? readYear * 12 + readMonth - 1 : by === 'quarter' ? readYear * 4 + ((readMonth - 1) / 3 | 0) : readYear;
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

/** The columns a plan reads. */
function planColumns(plan: AggregatePlan): Set<number> {
  return new Set([plan.period, plan.metric, plan.region, plan.sum, ...plan.sets.map((x) => x.index), ...plan.ranges.map((x) => x.index)].filter((i) => i >= 0));
}

/** A CSV engine for a plan: only the columns the plan reads are decoded (the header is read elsewhere). */
export function csvEngineFor(plan: AggregatePlan): CsvEngine {
  return createCsvEngine({ delimiter: plan.delimiter, bom: true, relax_column_count: true, skip_empty_lines: true }, planColumns(plan));
}

/** A set filter's key for a cell: trimmed only when it starts or ends with a space or control. */
const setKey = (cell: string) => (cell.length > 0 && (cell.charCodeAt(0) <= 32 || cell.charCodeAt(cell.length - 1) <= 32) ? cell.trim() : cell);
const trim = (cell: string) => cell.trim();

/** The cells of one row as the row's reading needs them: from a csv-parse record, or from the bytes. */
interface Cells {
  /** Fields in the row. */
  count: number;
  /** The cell's text. */
  text(i: number): string;
  /** The cell's text, trimmed (a metric or region). */
  trimmed(i: number): string;
  /** The cell's key for a set filter (setKey). */
  setKey(i: number): string;
  /** readDate of the cell. */
  day(i: number): number;
}

class RecordCells implements Cells {
  record: string[] = [];
  get count(): number {
    return this.record.length;
  }
  text(i: number): string {
    return this.record[i]!;
  }
  trimmed(i: number): string {
    return this.record[i]!.trim();
  }
  setKey(i: number): string {
    return setKey(this.record[i]!);
  }
  day(i: number): number {
    return readDate(this.record[i]!);
  }
}

/** Cells of at most this many bytes are interned; longer ones are decoded each time. */
const MAX_INTERNED_BYTES = 128;
/** Distinct cells interned per column kind; past it, cells are decoded each time (memory stays bounded). */
const MAX_INTERNED = 1 << 16;

/**
 * A cell's bytes → `normalize` of its UTF-8 text, computed once per distinct byte sequence: the same
 * bytes always decode to the same text, so the string is the one csv-parse's record would give.
 */
class Interner {
  private slots = new Int32Array(1 << 10).fill(-1);
  private readonly hashes: number[] = [];
  private readonly starts: number[] = [];
  private readonly lengths: number[] = [];
  private readonly values: string[] = [];
  private pool = Buffer.allocUnsafe(1 << 12);
  private used = 0;

  constructor(private readonly normalize: (text: string) => string) {}

  get(b: Buffer, start: number, end: number): string {
    const n = end - start;
    if (n > MAX_INTERNED_BYTES) return this.normalize(b.toString('utf8', start, end));
    let h = 0x811c9dc5;
    for (let i = start; i < end; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
    const mask = this.slots.length - 1;
    let slot = h & mask;
    for (let k = this.slots[slot]!; k !== -1; k = this.slots[slot]!) {
      if (this.hashes[k] === h && this.lengths[k] === n && this.same(b, start, n, this.starts[k]!)) return this.values[k]!;
      slot = (slot + 1) & mask;
    }
    const value = this.normalize(b.toString('utf8', start, end));
    if (this.values.length >= MAX_INTERNED) return value;
    if (this.used + n > this.pool.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.pool.length * 2, this.used + n));
      this.pool.copy(grown, 0, 0, this.used);
      this.pool = grown;
    }
    b.copy(this.pool, this.used, start, end);
    this.slots[slot] = this.values.length;
    this.hashes.push(h);
    this.starts.push(this.used);
    this.lengths.push(n);
    this.values.push(value);
    this.used += n;
    if (this.values.length * 2 > this.slots.length) this.grow();
    return value;
  }

  private same(b: Buffer, start: number, n: number, at: number): boolean {
    const pool = this.pool;
    for (let i = 0; i < n; i++) if (b[start + i] !== pool[at + i]) return false;
    return true;
  }

  private grow(): void {
    const slots = new Int32Array(this.slots.length * 2).fill(-1);
    const mask = slots.length - 1;
    for (let k = 0; k < this.hashes.length; k++) {
      let slot = this.hashes[k]! & mask;
      while (slots[slot] !== -1) slot = (slot + 1) & mask;
      slots[slot] = k;
    }
    this.slots = slots;
  }
}

/** The cells of a row read from the bytes: field k runs from starts[k] to the byte before starts[k + 1] (or the row's end). */
class ByteCells implements Cells {
  buf: Buffer = Buffer.alloc(0);
  count = 0;
  rowEnd = 0;
  readonly starts = new Int32Array(MAX_FIELDS + 2);
  private readonly trimmedCells = new Interner(trim);
  private readonly setKeys = new Interner(setKey);

  private end(i: number): number {
    return i + 1 < this.count ? this.starts[i + 1]! - 1 : this.rowEnd;
  }
  text(i: number): string {
    return this.buf.toString('utf8', this.starts[i]!, this.end(i));
  }
  trimmed(i: number): string {
    return this.trimmedCells.get(this.buf, this.starts[i]!, this.end(i));
  }
  setKey(i: number): string {
    return this.setKeys.get(this.buf, this.starts[i]!, this.end(i));
  }
  day(i: number): number {
    return readDateBytes(this.buf, this.starts[i]!, this.end(i));
  }
}

/** A line cut at a buffer's end is carried to the next; past this size the chunk goes to csv-parse. */
const MAX_CARRIED_BYTES = 1 << 20;

/** Reads one chunk of a CSV (the whole file, or a part split at a record boundary) into groups. */
export class ChunkAggregator {
  private readonly engine: CsvEngine;
  private readonly countQuotes: boolean;
  /** The delimiter's byte, or -1 when the bytes are never read here (a delimiter of several bytes). */
  private readonly delimiter: number;
  private readonly recordCells = new RecordCells();
  private readonly byteCells = new ByteCells();
  /** Whether this chunk is still read from the bytes (until its first quote or CR). */
  private bytes = true;
  private written = false;
  /** The start of a line cut at the end of the last buffer. */
  private carried: Buffer | undefined;
  /** Line breaks read from the bytes. */
  private breaks = 0;
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
    options: { skipHeader: boolean; countQuotes: boolean; readBytes?: boolean },
  ) {
    this.engine = csvEngineFor(plan);
    this.countQuotes = options.countQuotes;
    const d = plan.delimiter.length === 1 ? plan.delimiter.charCodeAt(0) : -1;
    // Tests read with csv-parse alone (readBytes: false) to compare.
    this.delimiter = options.readBytes !== false && canContinue(this.engine) && d > 0 && d < 128 && d !== 10 && d !== 13 && d !== 34 ? d : -1;
    this.start(options.skipHeader);
  }

  /**
   * Begin a new chunk of the same file, as a new aggregator would: a worker reads range after range
   * with one aggregator, whose functions V8 has already optimised (see CsvEngine.reset).
   */
  start(skipHeader: boolean): void {
    if (this.started) this.engine.reset();
    this.started = true;
    this.bytes = this.delimiter >= 0;
    this.written = false;
    this.carried = undefined;
    this.breaks = 0;
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

  /**
   * Whether the buffers given to `write` may be kept past the call (csv-parse keeps a view of a record
   * cut at a buffer's end); while the lines are read from the bytes, a reader may reuse one buffer.
   */
  get keepsBuffers(): boolean {
    return !this.bytes;
  }

  /** Feed the next bytes; false once parsing has stopped on a CSV error. */
  write(buf: Buffer): boolean {
    if (this.error) return false;
    let quote = -1;
    if (this.countQuotes || this.bytes) {
      quote = buf.indexOf(34);
      if (this.countQuotes) for (let i = quote; i !== -1; i = buf.indexOf(34, i + 1)) this.quotes++;
    }
    if (this.bytes) {
      // A chunk that starts with what may be a byte-order mark is csv-parse's from the start (it strips the mark).
      const first = !this.written;
      this.written = true;
      const plain = quote === -1 && buf.indexOf(13) === -1 && !(first && (buf.length < 3 || buf[0]! >= 0xef));
      if (plain && (this.carried?.length ?? 0) < MAX_CARRIED_BYTES) {
        // The line cut at the last buffer's end is finished with the start of this one, alone: joining
        // whole buffers would make a new 64 KiB buffer per read, outside the heap, which piles up
        // between collections (30 MB of peak RSS on a 1 M-row file).
        const nl = this.carried ? buf.indexOf(10) : -2;
        if (nl === -1) this.carried = Buffer.concat([this.carried!, buf]);
        else if (nl >= 0) {
          this.readBytes(Buffer.concat([this.carried!, buf.subarray(0, nl + 1)]), false);
          if (!this.error) this.readBytes(buf.subarray(nl + 1), false);
        } else this.readBytes(buf, false);
        return !this.error;
      }
      this.toEngine();
      if (this.carried) {
        const carried = this.carried;
        this.carried = undefined;
        const err = this.engine.parse(carried, false, this.push, noop);
        if (err) {
          this.fail(err);
          return false;
        }
      }
      // csv-parse may keep a view of what it is given, and the caller may reuse this buffer (keepsBuffers was false).
      buf = Buffer.from(buf);
    }
    const err = this.engine.parse(buf, false, this.push, noop);
    if (err) this.fail(err);
    return !this.error;
  }

  end(): ChunkResult {
    if (this.bytes) {
      if (this.carried && !this.error) this.readBytes(this.carried, true);
      this.carried = undefined;
    } else if (!this.error) {
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
      lines: this.bytes ? this.breaks + 1 : this.engine.info.lines - this.overcount,
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

  /** The rest of the chunk goes to csv-parse, put where it would be after the lines read from the bytes. */
  private toEngine(): void {
    this.bytes = false;
    if (this.breaks === 0) return;
    continueAfterLines(this.engine, this.breaks);
    this.prevEnd = this.prevRawEnd = this.breaks;
  }

  /**
   * Read the complete lines of `b` (and, at the end, the last line without a line break) from the
   * bytes; the rest is carried to the next buffer. Empty lines are skipped, as csv-parse skips them.
   */
  private readBytes(b: Buffer, last: boolean): void {
    const cells = this.byteCells;
    const starts = cells.starts;
    const delimiter = this.delimiter;
    cells.buf = b;
    let lineStart = 0;
    let fields = 0;
    starts[0] = 0;
    const len = b.length;
    for (let i = 0; i <= len; i++) {
      const c = i < len ? b[i]! : last ? 10 : -1;
      if (c === delimiter) {
        // As csv-parse: the error comes when a row's field after the last allowed one ends.
        if (fields === MAX_FIELDS) return this.tooManyFields();
        starts[++fields] = i + 1;
      } else if (c === 10) {
        if (i > lineStart && fields === MAX_FIELDS) return this.tooManyFields();
        const line = this.breaks + 1;
        if (i < len) this.breaks++;
        if (i > lineStart) {
          cells.count = fields + 1;
          cells.rowEnd = i;
          this.row(cells, line);
        }
        lineStart = i + 1;
        fields = 0;
        starts[0] = lineStart;
      }
    }
    this.carried = lineStart < len ? Buffer.from(b.subarray(lineStart)) : undefined;
  }

  private tooManyFields(): void {
    this.error = { code: 'CSV_TOO_MANY_FIELDS', message: tooManyFields(), line: this.breaks + 1 };
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

  /** A record from csv-parse. */
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
    this.recordCells.record = record;
    this.row(this.recordCells, line);
  };

  /** One row, starting on `line`: counted into its group, or tallied as a problem, or filtered out. */
  private row(cells: Cells, line: number): void {
    if (this.skipHeader) {
      this.skipHeader = false;
      this.headerLine = line;
      return;
    }
    const plan = this.plan;
    this.records++;
    if (this.firstLine === 0) this.firstLine = line;
    this.lastLine = line;
    if (cells.count !== plan.width) {
      this.tally('ragged', line, String(cells.count));
      return;
    }
    const day = cells.day(plan.period);
    let period = 0;
    if (day >= 0) {
      period = periodIndex(plan.by);
      if (day < this.minDay) this.minDay = day;
      if (day > this.maxDay) this.maxDay = day;
    }
    for (const set of this.sets) {
      const k = set.lookup.get(cells.setKey(set.index));
      if (k === undefined) return;
      set.hits[k] = 1;
    }
    if (day < 0) {
      this.tally(day === -2 ? `blank-date:${plan.period}` : `date:${plan.period}`, line, cells.text(plan.period));
      return;
    }
    for (const range of plan.ranges) {
      let d = day;
      if (range.index !== plan.period) {
        d = cells.day(range.index);
        if (d < 0) {
          this.tally(d === -2 ? `blank-date:${range.index}` : `date:${range.index}`, line, cells.text(range.index));
          return;
        }
      }
      if (d < range.from || d > range.to) return;
    }
    let value = 0;
    if (plan.sum >= 0) {
      const cell = cells.text(plan.sum);
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
    const metric = plan.metric >= 0 ? cells.trimmed(plan.metric) : '';
    const region = plan.region >= 0 ? cells.trimmed(plan.region) : '';
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
  }
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
