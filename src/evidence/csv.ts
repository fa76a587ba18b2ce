// CSV text → rows with their 1-based line numbers. Positions come from csv-parse: the `lines` and
// `empty_lines` counters of each record's context, and the `lines` and `column` fields of a CsvError.
import { CsvError, parse } from 'csv-parse/sync';
import type { Finding } from '../types.js';

export interface CsvRow {
  /** Line on which the record starts (1-based). */
  line: number;
  fields: string[];
}

export interface CsvTable {
  header: CsvRow;
  rows: CsvRow[];
}

interface RecordContext {
  /** Lines read up to the end of this record. */
  lines: number;
  /** Blank lines skipped so far. */
  empty_lines: number;
}

/**
 * Parse CSV text, handing each record to `onRow` as it is read: records are not kept, so a large file
 * costs its observations, not also a copy of every row. Returns the finding that stopped the parse, if any.
 */
export function readCsvRows(text: string, file: string, onRow: (row: CsvRow) => void, delimiter = ','): Finding[] {
  // Spreadsheets export CRLF, old Macs lone CR: normalise so line numbers count what editors show.
  const normalised = text.replace(/\r\n?/g, '\n');
  let endOfLast = 0;
  let emptyBefore = 0;
  let records = 0;
  try {
    parse(normalised, {
      bom: true,
      delimiter,
      relax_column_count: true,
      skip_empty_lines: true,
      on_record: (record: string[], context: RecordContext) => {
        // A record starts after the previous one and the blank lines skipped since.
        const line = endOfLast + 1 + (context.empty_lines - emptyBefore);
        endOfLast = context.lines;
        emptyBefore = context.empty_lines;
        records++;
        onRow({ line, fields: record });
        return null;
      },
    });
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
    default:
      return 'fix the CSV syntax at this line';
  }
}
