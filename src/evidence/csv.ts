// CSV text → rows with their 1-based line numbers. Positions come from csv-parse's line counter.
import { CsvError } from 'csv-parse';
import { createCsvEngine } from './csv-engine.js';
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


/** Parse CSV text; a file that cannot be parsed at all gives one finding with its position. */
export function parseCsv(text: string, file: string, delimiter = ','): { table?: CsvTable; findings: Finding[] } {
  // Spreadsheets export CRLF, old Macs lone CR: normalise so line numbers count what editors show.
  const normalised = text.replace(/\r\n?/g, '\n');
  const rows: CsvRow[] = [];
  const engine = createCsvEngine({ bom: true, delimiter, relax_column_count: true, skip_empty_lines: true });
  // A record starts on the line after the previous record's end (csv-parse counts lines up to a
  // record's end), plus the empty lines skipped in between: a quoted field may span lines.
  let prevEnd = 0;
  let prevEmpty = 0;
  const push = (record: string[]) => {
    const line = prevEnd + 1 + (engine.info.empty_lines - prevEmpty);
    prevEnd = engine.info.lines;
    prevEmpty = engine.info.empty_lines;
    rows.push({ line, fields: record });
  };
  try {
    const err = engine.parse(Buffer.from(normalised), true, push, () => {});
    if (err) throw err;
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
  if (rows.length === 0) {
    return { findings: [{ severity: 'error', code: 'csv-empty', file, message: 'the file is empty: no header row', hint: 'the first row names the columns, e.g. region,metric,period,value' }] };
  }
  const header = rows.shift()!;
  return { table: { header, rows }, findings: [] };
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
