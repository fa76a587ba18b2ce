// Long-format evidence (region,metric,period,value[,unit,source,note]) → observations.
import { clip } from '../format.js';
import { parsePeriod, PERIOD_FORMS } from '../period.js';
import type { Finding, Observation, Period } from '../types.js';
import type { CsvRow, CsvTable } from './csv.js';
import { isCountUnit } from './series.js';

export const REQUIRED_COLUMNS = ['region', 'metric', 'period', 'value'] as const;
export const OPTIONAL_COLUMNS = ['unit', 'source', 'note'] as const;

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A plain number as written in a CSV cell; blank is missing (null). */
export function parseNumberCell(raw: string): { value: number | null } | { error: string; hint: string } {
  const t = raw.trim();
  if (t === '') return { value: null };
  const shown = clip(t, 40);
  if (NUMBER.test(t)) {
    const v = Number(t);
    if (!Number.isFinite(v)) return { error: `value '${shown}' is too large to be a number`, hint: 'check the value; claimcheck reads numbers up to about 1.8e308' };
    return { value: v };
  }
  if (/^[+-]?(nan|inf(inity)?)$/i.test(t)) return { error: `value '${shown}' is not a finite number`, hint: 'leave the cell blank if the value is missing' };
  if (/^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(t)) return { error: `value '${shown}' has thousands separators`, hint: `write ${t.replace(/,/g, '')}, or describe the number format in a descriptor` };
  if (/^[+-]?\d{1,3}(\.\d{3})*,\d+$/.test(t) || /^[+-]?\d+,\d+$/.test(t)) {
    return { error: `value '${shown}' has a decimal comma`, hint: `write ${t.replace(/\./g, '').replace(',', '.')}: a point for decimals and no thousands separators` };
  }
  if (/^[+-]?\d+(\.\d+)?\s*%$/.test(t)) return { error: `value '${shown}' has a percent sign`, hint: `write ${t.replace(/\s*%$/, '')} and put 'percent' in the unit column` };
  if (/^[+-]?\d{1,3}([ \u00a0\u202f]\d{3})+(\.\d+)?$/.test(t)) return { error: `value '${shown}' has spaces between its digits`, hint: `write ${t.replace(/[ \u00a0\u202f]/g, '')}` };
  return { error: `value '${shown}' is not a number`, hint: 'write a plain number such as 6128 or 12.5, or leave the cell blank if the value is missing' };
}

/** Column name → index, by case-insensitive trimmed header. */
export function headerIndex(header: string[]): Map<string, number> {
  const index = new Map<string, number>();
  header.forEach((h, i) => {
    const key = h.trim().toLowerCase();
    if (!index.has(key)) index.set(key, i);
  });
  return index;
}

export interface LongReader {
  /** Read one CSV record: the first is the header. */
  onRow(row: CsvRow): void;
  /** `stopped`: the CSV could not be read to its end, so a missing row says nothing. */
  finish(stopped?: boolean): { observations: Observation[]; findings: Finding[] };
}

/**
 * A reader for one long-format file, fed row by row. Repeated texts (regions, metrics, units, periods)
 * are shared between observations, so millions of rows cost what their distinct values cost once.
 */
export function createLongReader(file: string): LongReader {
  const findings: Finding[] = [];
  const observations: Observation[] = [];
  let header: CsvRow | undefined;
  let usable = false;
  let index = new Map<string, number>();
  let rows = 0;
  const strings = new Map<string, string>();
  const periods = new Map<string, Period | undefined>();
  const intern = (s: string) => {
    if (s.length > 200) return s;
    const known = strings.get(s);
    if (known !== undefined) return known;
    if (strings.size < 100_000) strings.set(s, s);
    return s;
  };
  const periodOf = (text: string) => {
    if (periods.has(text)) return periods.get(text);
    const p = parsePeriod(text);
    if (periods.size < 100_000) periods.set(text, p);
    return p;
  };

  function onHeader(row: CsvRow): void {
    header = row;
    const names = row.fields;
    index = headerIndex(names);
    const seen = new Set<string>();
    names.forEach((h, i) => {
      const key = h.trim().toLowerCase();
      if (seen.has(key) && key !== '') {
        findings.push({ severity: 'error', code: 'csv-duplicate-header', file, line: row.line, column: i + 1, message: `column '${clip(h.trim(), 40)}' appears twice in the header`, hint: 'rename or remove one of them' });
      }
      seen.add(key);
    });
    const missing = REQUIRED_COLUMNS.filter((c) => !index.has(c));
    if (missing.length > 0) {
      const found = names.slice(0, 10).map((h) => clip(h.trim(), 30) || '(blank)');
      findings.push({
        severity: 'error',
        code: 'csv-missing-columns',
        file,
        line: row.line,
        column: 1,
        message: `the header has no ${missing.map((m) => `'${m}'`).join(', ')} column${missing.length > 1 ? 's' : ''} (found: ${found.join(', ')}${names.length > 10 ? `, … ${names.length} in all` : ''})`,
        hint: `an evidence file's header is region,metric,period,value with optional ${OPTIONAL_COLUMNS.join(', ')}`,
      });
      return;
    }
    usable = true;
  }

  function onData(row: CsvRow, width: number): void {
    if (row.fields.length !== width) {
      findings.push({
        severity: 'error',
        code: 'csv-ragged-row',
        file,
        line: row.line,
        column: Math.min(row.fields.length, width) + 1,
        message: `the row has ${row.fields.length} field${row.fields.length === 1 ? '' : 's'}, the header has ${width}`,
        hint: 'every row needs one field per column; quote fields that contain commas',
      });
      return;
    }
    const cell = (name: string) => {
      const i = index.get(name);
      return i === undefined ? '' : (row.fields[i] ?? '').trim();
    };
    const at = (name: string) => ({ file, line: row.line, column: (index.get(name) ?? 0) + 1 });
    const region = cell('region');
    const metric = cell('metric');
    const periodText = cell('period');
    let ok = true;
    for (const [name, v] of [['region', region], ['metric', metric], ['period', periodText]] as const) {
      if (v === '') {
        findings.push({ severity: 'error', code: 'csv-blank-cell', ...at(name), message: `'${name}' is blank`, hint: `every observation names its ${name}` });
        ok = false;
      }
    }
    const period = periodText === '' ? undefined : periodOf(periodText);
    if (periodText !== '' && !period) {
      findings.push({ severity: 'error', code: 'csv-period', ...at('period'), message: `period '${clip(periodText, 40)}' is not a period`, hint: `write periods as ${PERIOD_FORMS}` });
      ok = false;
    }
    const unit = cell('unit');
    const parsed = parseNumberCell(cell('value'));
    if ('error' in parsed) {
      findings.push({ severity: 'error', code: 'csv-number', ...at('value'), message: parsed.error, hint: parsed.hint });
      ok = false;
    } else if (parsed.value !== null && parsed.value < 0 && isCountUnit(unit)) {
      findings.push({
        severity: 'error',
        code: 'csv-negative-count',
        ...at('value'),
        message: `value ${cell('value')} is negative, but ${unit ? `'${clip(unit, 30)}'` : 'a value with no unit'} is a count`,
        hint: "check the sign; a metric that can be negative (a balance, a change) needs a unit that is not a count, such as 'percent' or 'net'",
      });
      ok = false;
    }
    if (!ok || !period || 'error' in parsed) return;
    const source = cell('source');
    const note = cell('note');
    observations.push({
      region: intern(region),
      metric: intern(metric),
      period,
      value: parsed.value,
      ...(unit ? { unit: intern(unit) } : {}),
      ...(source ? { source: intern(source) } : {}),
      ...(note ? { note } : {}),
      file,
      line: row.line,
    });
  }

  return {
    onRow(row) {
      if (!header) onHeader(row);
      else {
        rows++;
        if (usable) onData(row, header.fields.length);
      }
    },
    finish(stopped = false) {
      if (header && usable && rows === 0 && !stopped) {
        findings.push({ severity: 'warning', code: 'csv-no-rows', file, line: header.line, column: 1, message: 'the file has a header but no rows', hint: 'add observations below the header, or remove the file' });
      }
      return { observations, findings };
    },
  };
}

/** A parsed table → observations (for tables already in memory). */
export function readLongTable(table: CsvTable, file: string): { observations: Observation[]; findings: Finding[] } {
  const reader = createLongReader(file);
  reader.onRow(table.header);
  for (const row of table.rows) reader.onRow(row);
  return reader.finish();
}
