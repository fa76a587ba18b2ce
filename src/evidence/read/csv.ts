// CSV text → rows with their 1-based line numbers. Positions come from csv-parse's engine: its `lines`
// and `empty_lines` counters as each record ends, and the `lines` and `column` fields of a CsvError.
// The engine is driven directly (csv-engine.ts): the same parser as csv-parse/sync, without an info
// object per record; the sync API gives the same records and errors (test/evidence/aggregate.test.ts).
import { CsvError } from 'csv-parse';
import { canContinue, continueAfterLines, createCsvEngine, MAX_FIELDS } from './csv-engine.js';
import type { Finding } from '../../types.js';

export interface CsvRow {
  /** Line on which the record starts (1-based). */
  line: number;
  fields: string[];
  /**
   * Where each field is, when not on the row's line in column order: JSON evidence gives each value's
   * line and column; a spreadsheet gives each cell as a file of its own (`file.xlsx!Sheet!C12`).
   */
  positions?: Array<{ line?: number; column?: number; file?: string }>;
  /** A spreadsheet's cell references for the fields (`C12`), cited with each value. */
  cells?: string[];
}

export interface CsvTable {
  header: CsvRow;
  rows: CsvRow[];
}

/**
 * Parse CSV text, handing each record to `onRow` as it is read: records are not kept, so a large file
 * costs its observations, not also a copy of every row. Returns the finding that stopped the parse, if any.
 *
 * Lines without a quote are split here (the text's own split: a field is a piece of the line), which
 * gives what csv-parse gives for them; from the first quote on (or a byte-order mark, a lone surrogate,
 * a row of too many fields, a line longer than a piece) the rest goes to csv-parse, put where it would
 * be after the lines already read. `plainLines: false` sends everything to csv-parse (tests compare).
 */
export function readCsvRows(text: string, file: string, onRow: (row: CsvRow) => void, delimiter = ',', options: { plainLines?: boolean; pieceChars?: number } = {}): Finding[] {
  const engine = createCsvEngine({ bom: true, delimiter, relax_column_count: true, skip_empty_lines: true });
  const pieceChars = options.pieceChars ?? CHUNK_CHARS;
  // A record starts on the line after the previous record's end (csv-parse counts lines up to a
  // record's end), plus the empty lines skipped in between: a quoted field may span lines.
  let endOfLast = 0;
  let emptyBefore = 0;
  let records = 0;
  const push = (record: string[]) => {
    const line = endOfLast + 1 + (engine.info.empty_lines - emptyBefore);
    endOfLast = engine.info.lines;
    emptyBefore = engine.info.empty_lines;
    records++;
    onRow({ line, fields: record });
  };
  // Lines read here: how many line breaks so far, and the start of a line cut at a piece's end.
  let plain = options.plainLines !== false && canContinue(engine) && delimiter.length === 1 && !'"\r\n'.includes(delimiter);
  let breaks = 0;
  let carried = '';
  /** Split the complete lines of `piece`; returns where the lines csv-parse must read start, or -1. */
  const splitLines = (piece: string, last: boolean): number => {
    let stop = piece.indexOf('"');
    if ((breaks === 0 && piece.charCodeAt(0) === 0xfeff) || !isWellFormed(piece)) stop = 0;
    const limit = stop === -1 ? piece.length : stop;
    const fieldsOf = fieldSplitter(piece, delimiter);
    let at = 0;
    while (at < piece.length) {
      let nl = piece.indexOf('\n', at);
      if (nl === -1) {
        if (!last) break;
        nl = piece.length;
      }
      if (nl > limit || (nl === limit && stop !== -1)) return at;
      if (nl > at) {
        const fields = fieldsOf(at, nl);
        if (fields === undefined) return at;
        records++;
        onRow({ line: breaks + 1, fields });
      }
      if (nl < piece.length) breaks++;
      at = nl + 1;
    }
    carried = at < piece.length ? piece.slice(at) : '';
    // A line longer than a piece is left to csv-parse (joining its pieces here would cost their square).
    return carried.length > pieceChars ? at : -1;
  };
  const toEngine = (rest: string) => {
    plain = false;
    carried = '';
    if (breaks > 0) {
      continueAfterLines(engine, breaks);
      endOfLast = breaks;
    }
    const err = engine.parse(Buffer.from(rest), false, push, () => {});
    if (err) throw err;
  };
  try {
    // Fed 64 KiB at a time: a whole copy of a large file's bytes (besides its text) is not needed, and the
    // rows split from a piece are garbage soon (with pieces of a megabyte, 5 M short rows peaked 5 MB higher).
    for (let start = 0; start < text.length; ) {
      let end = Math.min(text.length, start + pieceChars);
      // A piece never ends inside a surrogate pair, nor between the CR and LF of a line end.
      while (end < text.length && isPairStart(text.charCodeAt(end - 1))) end++;
      // Spreadsheets export CRLF, old Macs lone CR: normalise so line numbers count what editors show.
      const piece = text.slice(start, end).replace(/\r\n?/g, '\n');
      start = end;
      if (plain) {
        const joined = carried + piece;
        const rest = splitLines(joined, false);
        if (rest !== -1) toEngine(joined.slice(rest));
        continue;
      }
      const err = engine.parse(Buffer.from(piece), false, push, () => {});
      if (err) throw err;
    }
    if (plain && carried) {
      const rest = splitLines(carried, true);
      if (rest !== -1) toEngine(carried.slice(rest));
    }
    if (!plain) {
      const err = engine.parse(undefined, true, push, () => {});
      if (err) throw err;
    }
  } catch (e) {
    if (!(e instanceof CsvError)) throw e;
    const err = e as CsvError & { lines?: number; column?: number; empty_lines?: number };
    const code = err.code.replace(/^CSV_/, '');
    const field = typeof err.column === 'number' ? err.column + 1 : undefined;
    // An unclosed quote is found at the end of the file; point at the record where it opened.
    const line = code === 'QUOTE_NOT_CLOSED' ? endOfLast + 1 + ((err.empty_lines ?? emptyBefore) - emptyBefore) : err.lines;
    return [
      {
        severity: 'error',
        code: `csv-${code.toLowerCase().replace(/_/g, '-')}`,
        file,
        ...(line ? { line, column: field ?? 1 } : {}),
        message: csvMessage(code, err.message),
        hint: csvHint(code),
      },
    ];
  }
  if (records === 0) {
    return [{ severity: 'error', code: 'csv-empty', file, message: 'the file is empty: no header row', hint: 'the first row names the columns, e.g. region,metric,period,value' }];
  }
  return [];
}

const CHUNK_CHARS = 1 << 16;

/** Whether the text has no lone surrogate (which csv-parse, reading its UTF-8 bytes, would see as U+FFFD). */
function isWellFormed(text: string): boolean {
  const native = (text as { isWellFormed?: () => boolean }).isWellFormed;
  return native ? native.call(text) : !/[\ud800-\udfff]/.test(text);
}

/** A high surrogate (the first half of a pair) or a CR (perhaps the first half of CRLF). */
function isPairStart(code: number): boolean {
  return (code >= 0xd800 && code <= 0xdbff) || code === 13;
}

/** Parse CSV text into a header and rows (for small inputs; loaders use `readCsvRows`). */
export function parseCsv(text: string, file: string, delimiter = ','): { table?: CsvTable; findings: Finding[] } {
  const rows: CsvRow[] = [];
  const findings = readCsvRows(text, file, (row) => rows.push(row), delimiter);
  if (findings.length > 0) return { findings };
  return { table: { header: rows[0]!, rows: rows.slice(1) }, findings };
}

function csvMessage(code: string, message: string): string {
  switch (code) {
    case 'QUOTE_NOT_CLOSED':
      return 'unterminated quoted field: the quote opened here is never closed';
    case 'INVALID_CLOSING_QUOTE':
      return 'a closing quote is followed by other characters';
    case 'INVALID_OPENING_QUOTE':
      return 'a quote appears inside a field that does not start with one';
    default:
      return message.replace(/^[^:]*:\s*/, '');
  }
}

function csvHint(code: string): string {
  switch (code) {
    case 'QUOTE_NOT_CLOSED':
      return 'add the closing " (a quote inside a quoted field is written "")';
    case 'INVALID_CLOSING_QUOTE':
    case 'INVALID_OPENING_QUOTE':
      return 'quote the whole field and double the quotes inside it: "say ""hi"""';
    case 'TOO_MANY_FIELDS':
      return 'claimcheck reads rows of up to 20,000 fields: check the delimiter (a descriptor can set delimiter: ";") and that the file has its line ends';
    default:
      return 'fix the CSV syntax at this line';
  }
}

/**
 * A splitter of the lines of one piece of text into fields at a one-character delimiter: for the line
 * `[from, to)`, the fields `text.slice(from, to).split(delimiter)` gives, without making the line first
 * (half the time on 300,000 short rows); undefined past MAX_FIELDS fields, which csv-parse reports.
 * The search for the next delimiter may run past the line's end: its answer is kept until a later line
 * passes it, so a file with few delimiters (one column) is still searched once, not once a line.
 */
function fieldSplitter(text: string, delimiter: string): (from: number, to: number) => string[] | undefined {
  // The first delimiter at or after the last search's start; text.length when there is none.
  let next = -1;
  return (from, to) => {
    const fields: string[] = [];
    for (let start = from; ; ) {
      if (next < start) {
        next = text.indexOf(delimiter, start);
        if (next === -1) next = text.length;
      }
      if (next >= to) {
        fields.push(text.slice(start, to));
        return fields.length > MAX_FIELDS ? undefined : fields;
      }
      fields.push(text.slice(start, next));
      if (fields.length > MAX_FIELDS) return undefined;
      start = next + 1;
    }
  };
}
