// CSV text → rows with their 1-based line numbers. Positions come from csv-parse's `info` and `raw`.
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

interface ParsedRecord {
  record: string[];
  info: { lines: number };
  raw: string;
}

/** Parse CSV text; a file that cannot be parsed at all gives one finding with its position. */
export function parseCsv(text: string, file: string, delimiter = ','): { table?: CsvTable; findings: Finding[] } {
  // Spreadsheets export CRLF, old Macs lone CR: normalise so line numbers count what editors show.
  const normalised = text.replace(/\r\n?/g, '\n');
  let records: ParsedRecord[];
  try {
    records = parse(normalised, {
      info: true,
      raw: true,
      bom: true,
      delimiter,
      relax_column_count: true,
      skip_empty_lines: true,
    }) as unknown as ParsedRecord[];
  } catch (e) {
    if (e instanceof CsvError) {
      const err = e as CsvError & { lines?: number; column?: number };
      return {
        findings: [
          {
            severity: 'error',
            code: `csv-${err.code.toLowerCase().replace(/^csv_/, '').replace(/_/g, '-')}`,
            file,
            ...(err.lines ? { line: err.lines } : {}),
            message: csvMessage(err),
            hint: err.code === 'CSV_QUOTE_NOT_CLOSED' ? 'a quoted field is never closed: add the closing " (a quote inside a field is written "")' : 'fix the CSV syntax at this line',
          },
        ],
      };
    }
    throw e;
  }
  if (records.length === 0) {
    return { findings: [{ severity: 'error', code: 'csv-empty', file, message: 'the file is empty: no header row', hint: 'the first row names the columns, e.g. region,metric,period,value' }] };
  }
  const rows = records.map((r) => ({ line: startLine(r), fields: r.record }));
  return { table: { header: rows[0]!, rows: rows.slice(1) }, findings: [] };
}

function startLine(r: ParsedRecord): number {
  const body = r.raw.replace(/^\n+/, '').replace(/\n$/, '');
  const inner = body.split('\n').length - 1;
  return r.info.lines - inner;
}

function csvMessage(err: CsvError): string {
  switch (err.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'unterminated quoted field';
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'a closing quote is followed by other characters';
    default:
      return err.message.replace(/^[^:]*:\s*/, '');
  }
}
