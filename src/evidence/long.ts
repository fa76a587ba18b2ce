// Long-format evidence (region,metric,period,value[,unit,source,note]) → observations.
import { parsePeriod, PERIOD_FORMS } from '../period.js';
import type { Finding, Observation } from '../types.js';
import type { CsvTable } from './csv.js';

export const REQUIRED_COLUMNS = ['region', 'metric', 'period', 'value'] as const;
export const OPTIONAL_COLUMNS = ['unit', 'source', 'note'] as const;

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A plain number as written in a CSV cell; blank is missing (null). */
export function parseNumberCell(raw: string): { value: number | null } | { error: string; hint: string } {
  const t = raw.trim();
  if (t === '') return { value: null };
  if (NUMBER.test(t)) {
    const v = Number(t);
    if (!Number.isFinite(v)) return { error: `value '${t}' is too large to be a number`, hint: 'check the value; claimcheck reads numbers up to about 1.8e308' };
    return { value: v };
  }
  if (/^[+-]?(nan|inf(inity)?)$/i.test(t)) return { error: `value '${t}' is not a finite number`, hint: 'leave the cell blank if the value is missing' };
  if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(t)) return { error: `value '${t}' has thousands separators`, hint: `write ${t.replace(/,/g, '')}, or describe the number format in a descriptor` };
  if (/^\d+(\.\d+)?\s*%$/.test(t)) return { error: `value '${t}' has a percent sign`, hint: `write ${t.replace(/\s*%$/, '')} and put 'percent' in the unit column` };
  return { error: `value '${t}' is not a number`, hint: 'write a plain number such as 6128 or 12.5, or leave the cell blank if the value is missing' };
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

export function readLongTable(table: CsvTable, file: string): { observations: Observation[]; findings: Finding[] } {
  const findings: Finding[] = [];
  const observations: Observation[] = [];
  const header = table.header.fields;
  const index = headerIndex(header);
  const seen = new Set<string>();
  header.forEach((h, i) => {
    const key = h.trim().toLowerCase();
    if (seen.has(key) && key !== '') {
      findings.push({ severity: 'error', code: 'csv-duplicate-header', file, line: table.header.line, column: i + 1, message: `column '${h.trim()}' appears twice in the header`, hint: 'rename or remove one of them' });
    }
    seen.add(key);
  });
  const missing = REQUIRED_COLUMNS.filter((c) => !index.has(c));
  if (missing.length > 0) {
    findings.push({
      severity: 'error',
      code: 'csv-missing-columns',
      file,
      line: table.header.line,
      column: 1,
      message: `the header has no ${missing.map((m) => `'${m}'`).join(', ')} column${missing.length > 1 ? 's' : ''} (found: ${header.map((h) => h.trim() || '(blank)').join(', ')})`,
      hint: `an evidence file's header is region,metric,period,value with optional ${OPTIONAL_COLUMNS.join(', ')}`,
    });
    return { observations, findings };
  }
  const col = (name: string) => index.get(name);
  for (const row of table.rows) {
    if (row.fields.length !== header.length) {
      findings.push({
        severity: 'error',
        code: 'csv-ragged-row',
        file,
        line: row.line,
        column: Math.min(row.fields.length, header.length) + 1,
        message: `the row has ${row.fields.length} field${row.fields.length === 1 ? '' : 's'}, the header has ${header.length}`,
        hint: 'every row needs one field per column; quote fields that contain commas',
      });
      continue;
    }
    const cell = (name: string) => (col(name) === undefined ? '' : (row.fields[col(name)!] ?? '').trim());
    const at = (name: string) => ({ file, line: row.line, column: (col(name) ?? 0) + 1 });
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
    const period = periodText === '' ? undefined : parsePeriod(periodText);
    if (periodText !== '' && !period) {
      findings.push({ severity: 'error', code: 'csv-period', ...at('period'), message: `period '${periodText}' is not a period`, hint: `write periods as ${PERIOD_FORMS}` });
      ok = false;
    }
    const parsed = parseNumberCell(cell('value'));
    if ('error' in parsed) {
      findings.push({ severity: 'error', code: 'csv-number', ...at('value'), message: parsed.error, hint: parsed.hint });
      ok = false;
    }
    if (!ok || !period || 'error' in parsed) continue;
    const unit = cell('unit');
    const source = cell('source');
    const note = cell('note');
    observations.push({
      region,
      metric,
      period,
      value: parsed.value,
      ...(unit ? { unit } : {}),
      ...(source ? { source } : {}),
      ...(note ? { note } : {}),
      file,
      line: row.line,
    });
  }
  return { observations, findings };
}
