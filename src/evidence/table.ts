// A parsed CSV table + how to read it (a TableSpec) → observations, reported changes, and findings.
// A plain long CSV is the default spec; descriptors add wide tables, fixed values, formats and totals.
import { formatNumber } from '../format.js';
import { nearestNames } from '../names.js';
import { parsePeriod, PERIOD_FORMS } from '../period.js';
import type { Finding, Location, Observation, Period, ReportedChange } from '../types.js';
import type { CsvRow, CsvTable } from './csv.js';
import type { ColumnRef, FileSource, TableSpec, TargetField } from './descriptor.js';
import { parseNumberCell } from './numbers.js';

export { parseNumberCell } from './numbers.js';

export const REQUIRED_COLUMNS = ['region', 'metric', 'period', 'value'] as const;
const DIMS = ['region', 'metric', 'period'] as const;
type Dim = (typeof DIMS)[number];
const normalise = (s: string) => s.trim().toLowerCase();
export const CHANGE_COLUMNS = ['region', 'metric', 'from', 'to', 'change_percent'] as const;
export const OPTIONAL_COLUMNS = ['unit', 'source', 'note'] as const;

/** Files that declare no source form one pool, so a series split across plain CSVs (one per year) stays one. */
export const UNDECLARED_ORIGIN = 'evidence files without a declared source';

export function describeOrigin(source: FileSource | undefined): string {
  if (!source?.publisher && !source?.title) return UNDECLARED_ORIGIN;
  return [source.publisher, source.title].filter(Boolean).join(': ');
}

export function citation(source: FileSource | undefined): string | undefined {
  if (!source) return undefined;
  const text = [source.publisher, source.title, source.date].filter(Boolean).join(', ');
  return [text, source.url].filter(Boolean).join('. ') || undefined;
}

export interface TableRead {
  observations: Observation[];
  changes: ReportedChange[];
  findings: Finding[];
}

export function readTable(table: CsvTable, spec: TableSpec, file: string): TableRead {
  const out: TableRead = { observations: [], changes: [], findings: [] };
  const header = table.header.fields.map((h) => h.trim());
  const exact = new Map<string, number>();
  const folded = new Map<string, number>();
  header.forEach((h, i) => {
    if (exact.has(h) && h !== '') {
      out.findings.push({ severity: 'error', code: 'csv-duplicate-header', file, line: table.header.line, column: i + 1, message: `column '${h}' appears twice in the header`, hint: 'rename or remove one of them' });
    }
    if (!exact.has(h)) exact.set(h, i);
    if (!folded.has(h.toLowerCase())) folded.set(h.toLowerCase(), i);
  });
  const find = (name: string) => exact.get(name.trim()) ?? folded.get(name.trim().toLowerCase());
  const descriptorFile = spec.descriptor?.file;

  // Every column a descriptor names must exist: a typo is an error at the descriptor's line.
  const unknown = (ref: ColumnRef, role: string) => {
    const near = nearestNames(ref.name, header.filter(Boolean));
    out.findings.push({
      severity: 'error',
      code: 'descriptor-unknown-column',
      ...ref.at,
      message: `${role} '${ref.name}' is not a column of ${file}${near.length ? ` (did you mean '${near[0]}'?)` : ''}`,
      hint: `the header has: ${header.map((h) => h || '(blank)').join(', ')}`,
    });
  };
  const col = new Map<TargetField, number>();
  for (const [field, ref] of Object.entries(spec.columns) as Array<[TargetField, ColumnRef]>) {
    const i = find(ref.name);
    if (i === undefined) unknown(ref, `columns.${field}:`);
    else col.set(field, i);
  }
  const unpivotCols: Array<{ index: number; name: string }> = [];
  for (const ref of spec.unpivot?.columns ?? []) {
    const i = find(ref.name);
    if (i === undefined) unknown(ref, 'unpivot column');
    else unpivotCols.push({ index: i, name: header[i]! });
  }
  const skips = spec.skip.flatMap((s) => {
    const i = find(s.column.name);
    if (i === undefined) unknown(s.column, 'skip column');
    return i === undefined ? [] : [{ index: i, values: new Set(s.values) }];
  });
  // A totals rule names the column (or, for a wide table, the unpivoted field) whose value marks the total.
  const dimOfColumn = (name: string): Dim | undefined => {
    const i = find(name);
    for (const d of DIMS) if (i !== undefined && spec.columns[d] && find(spec.columns[d]!.name) === i) return d;
    if (spec.unpivot && normalise(name) === spec.unpivot.into) return spec.unpivot.into;
    return undefined;
  };
  const totals = spec.totals.flatMap((t) => {
    const dim = dimOfColumn(t.column.name);
    if (dim === undefined) {
      if (find(t.column.name) === undefined && !(DIMS as readonly string[]).includes(normalise(t.column.name))) unknown(t.column, 'totals column');
      else out.findings.push({ severity: 'error', code: 'descriptor-totals', ...t.column.at, message: `totals column '${t.column.name}' is not the region, metric or period column`, hint: 'name the column that holds the total row\'s name (e.g. Type of Crime), or the unpivoted field (e.g. region)' });
      return [];
    }
    return [{ ...t, dim }];
  });
  // Columns named like the target fields are read without being listed (a plain long CSV needs no descriptor).
  const taken = new Set([...col.values(), ...unpivotCols.map((c) => c.index)]);
  for (const field of [...REQUIRED_COLUMNS, ...CHANGE_COLUMNS, ...OPTIONAL_COLUMNS]) {
    if (col.has(field) || spec.fixed[field as keyof typeof spec.fixed] !== undefined || spec.unpivot?.into === field) continue;
    if (field === 'value' && spec.unpivot) continue;
    const i = folded.get(field);
    if (i !== undefined && !taken.has(i)) col.set(field, i);
  }
  if (out.findings.some((f) => f.severity === 'error')) return out;

  const isChanges = col.has('change_percent') || (col.has('from') && col.has('to'));
  const needed: readonly string[] = isChanges ? CHANGE_COLUMNS : REQUIRED_COLUMNS;
  const missing = needed.filter((f) => !col.has(f as TargetField) && spec.fixed[f as keyof typeof spec.fixed] === undefined && spec.unpivot?.into !== f && !(f === 'value' && spec.unpivot));
  if (missing.length > 0) {
    out.findings.push({
      severity: 'error',
      code: 'csv-missing-columns',
      file: descriptorFile ?? file,
      line: descriptorFile ? spec.descriptor?.line ?? 1 : table.header.line,
      column: 1,
      message: `${descriptorFile ? `the descriptor gives no ${missing.join(', ')} for ${file}` : `the header has no ${missing.map((m) => `'${m}'`).join(', ')} column${missing.length > 1 ? 's' : ''}`} (found: ${header.map((h) => h || '(blank)').join(', ')})`,
      hint: descriptorFile
        ? "name the column under 'columns:', give a fixed value under 'fixed:', or unpivot columns into it"
        : `an evidence file's header is region,metric,period,value (optional ${OPTIONAL_COLUMNS.join(', ')}), or region,metric,from,to,change_percent for reported changes; other layouts need a descriptor`,
    });
    return out;
  }

  const origin = describeOrigin(spec.source);
  const fileCitation = citation(spec.source);
  const renamesUsed = new Set<ColumnRef>();
  const rename = (kind: 'region' | 'metric', name: string) => {
    const r = spec.rename[kind].get(name);
    if (!r) return name;
    renamesUsed.add(r);
    return r.name;
  };
  const cellOf = (row: CsvRow, field: TargetField) => {
    const i = col.get(field);
    return i === undefined ? undefined : (row.fields[i] ?? '').trim();
  };
  const at = (row: CsvRow, field: TargetField | number): Location => ({ file, line: row.line, column: (typeof field === 'number' ? field : col.get(field) ?? 0) + 1 });
  const raw: Array<{ obs: Observation; dims: Record<Dim, string> }> = [];

  for (const row of table.rows) {
    if (row.fields.length !== header.length) {
      out.findings.push({
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
    if (skips.some((s) => s.values.has((row.fields[s.index] ?? '').trim()))) continue;
    const base: Partial<Record<'region' | 'metric' | 'period', string>> = {};
    let ok = true;
    for (const f of ['region', 'metric', 'period'] as const) {
      const v = cellOf(row, f) ?? spec.fixed[f];
      if (v === undefined && spec.unpivot?.into === f) continue;
      if (v === undefined && isChanges && f === 'period') continue;
      if (!v) {
        out.findings.push({ severity: 'error', code: 'csv-blank-cell', ...at(row, f), message: `'${f}' is blank`, hint: `every observation names its ${f}` });
        ok = false;
      } else base[f] = v;
    }
    if (!ok) continue;
    const unit = cellOf(row, 'unit') || spec.fixed.unit;
    const rowSource = cellOf(row, 'source') || fileCitation;
    const note = cellOf(row, 'note');
    const extras = { ...(unit ? { unit } : {}), ...(rowSource ? { source: rowSource } : {}), ...(note ? { note } : {}), file, line: row.line, origin };

    if (isChanges) {
      const change = readChangeRow(row, base, cellOf, at, spec, out.findings);
      if (change) out.changes.push({ region: rename('region', change.region), metric: rename('metric', change.metric), from: change.from, to: change.to, changePercent: change.value, ...extras });
      continue;
    }
    const cells = spec.unpivot ? unpivotCols.map((c) => ({ index: c.index, name: c.name })) : [{ index: col.get('value')!, name: undefined }];
    for (const cell of cells) {
      const dims = { ...base };
      if (spec.unpivot && cell.name !== undefined) dims[spec.unpivot.into] = cell.name;
      const period = parsePeriod(dims.period!);
      if (!period) {
        out.findings.push({ severity: 'error', code: 'csv-period', ...(col.has('period') ? at(row, 'period') : at(row, cell.index)), message: `period '${dims.period}' is not a period`, hint: `write periods as ${PERIOD_FORMS}` });
        break;
      }
      const parsed = parseNumberCell(row.fields[cell.index] ?? '', spec.numbers, spec.missing);
      if ('error' in parsed) {
        out.findings.push({ severity: 'error', code: 'csv-number', ...at(row, cell.index), message: parsed.error, hint: parsed.hint });
        continue;
      }
      const obs: Observation = { region: rename('region', dims.region!), metric: rename('metric', dims.metric!), period, value: parsed.value, ...extras };
      out.observations.push(obs);
      if (totals.length) raw.push({ obs, dims: { region: dims.region!, metric: dims.metric!, period: dims.period! } });
    }
  }
  for (const [kind, map] of Object.entries(spec.rename) as Array<['region' | 'metric', Map<string, ColumnRef>]>) {
    for (const [from, ref] of map) {
      if (!renamesUsed.has(ref)) {
        out.findings.push({ severity: 'error', code: 'descriptor-rename-unused', ...ref.at, message: `rename.${kind}: '${from}' matches no ${kind} in ${file}`, hint: `check the spelling against the file; the ${kind}s read are: ${[...new Set(out.observations.map((o) => o[kind]))].slice(0, 8).join(', ')}` });
      }
    }
  }
  for (const rule of totals) out.findings.push(...checkTotals(raw, rule));
  return out;
}

function readChangeRow(
  row: CsvRow,
  base: Partial<Record<'region' | 'metric' | 'period', string>>,
  cellOf: (row: CsvRow, f: TargetField) => string | undefined,
  at: (row: CsvRow, f: TargetField) => Location,
  spec: TableSpec,
  findings: Finding[],
): { region: string; metric: string; from: Period; to: Period; value: number } | undefined {
  const from = parsePeriod(cellOf(row, 'from') ?? '');
  const to = parsePeriod(cellOf(row, 'to') ?? '');
  let ok = true;
  for (const [field, p] of [['from', from], ['to', to]] as const) {
    if (!p) {
      findings.push({ severity: 'error', code: 'csv-period', ...at(row, field), message: `'${field}' '${cellOf(row, field) ?? ''}' is not a period`, hint: `write periods as ${PERIOD_FORMS}` });
      ok = false;
    }
  }
  const parsed = parseNumberCell((cellOf(row, 'change_percent') ?? '').replace(/\s*%$/, ''), spec.numbers, spec.missing);
  if ('error' in parsed) {
    findings.push({ severity: 'error', code: 'csv-number', ...at(row, 'change_percent'), message: parsed.error.replace('value', 'change_percent'), hint: 'write the reported change as a signed number of percent: -20 or +33' });
    ok = false;
  } else if (parsed.value === null) {
    findings.push({ severity: 'error', code: 'csv-blank-cell', ...at(row, 'change_percent'), message: "'change_percent' is blank", hint: 'a reported change needs its percentage' });
    ok = false;
  }
  if (!ok || !from || !to || 'error' in parsed || parsed.value === null) return undefined;
  return { region: base.region!, metric: base.metric!, from, to, value: parsed.value };
}

/** Totals against the sum of their parts (the same other dimensions), beyond the rule's tolerance. */
function checkTotals(rows: Array<{ obs: Observation; dims: Record<Dim, string> }>, rule: { dim: Dim; total: string; tolerance: number }): Finding[] {
  const others = DIMS.filter((d) => d !== rule.dim);
  const keyOf = (dims: Record<Dim, string>) => others.map((d) => dims[d]).join('|');
  const parts = new Map<string, Observation[]>();
  const totalsRows: Array<{ obs: Observation; dims: Record<Dim, string> }> = [];
  for (const { obs, dims } of rows) {
    if (dims[rule.dim] === rule.total) totalsRows.push({ obs, dims });
    else parts.set(keyOf(dims), [...(parts.get(keyOf(dims)) ?? []), obs]);
  }
  const findings: Finding[] = [];
  for (const { obs: total, dims } of totalsRows) {
    const list = parts.get(keyOf(dims)) ?? [];
    if (total.value === null || list.length === 0 || list.some((p) => p.value === null)) continue;
    const sum = list.reduce((s, p) => s + p.value!, 0);
    const diff = total.value - sum;
    if (Math.abs(diff) > rule.tolerance + 1e-9) {
      const label = others.map((d) => dims[d]).join(' ');
      findings.push({
        severity: 'warning',
        code: 'totals-mismatch',
        file: total.file,
        line: total.line,
        message: `${label}: the ${rule.dim === 'region' ? 'regions' : 'parts'} add up to ${formatNumber(sum)} but the total '${rule.total}' is ${formatNumber(total.value)} (difference ${diff > 0 ? '+' : ''}${formatNumber(diff)})`,
        hint: `the publisher's total and its parts disagree; claims on the total use the stated total, claims on the parts use the parts`,
      });
    }
  }
  return findings;
}
