// CSV rows + how to read them (a TableSpec) → observations, reported changes, and findings.
// A plain long CSV is the default spec; descriptors add wide tables, fixed values, formats and totals.
// Rows are read one at a time as the CSV parser produces them (createTableReader), so a large file
// costs its observations, not also a copy of every row.
import { clip, formatNumber, MAX_FINDINGS_PER_KIND } from '../../format.js';
import { nearestNames, showName } from '../../names.js';
import { parsePeriod, PERIOD_FORMS } from '../../period.js';
import type { Finding, Location, Observation, Period, ReportedChange } from '../../types.js';
import type { CsvRow, CsvTable } from '../read/csv.js';
import type { ColumnRef, ColumnSelector, FileSource, TableSpec, TargetField } from './descriptor.js';
import { periodCellReader } from './descriptor-measure.js';
import { createMeasureDecider } from './measure.js';
import { parseNumberCell } from '../read/numbers.js';

export { parseNumberCell } from '../read/numbers.js';

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

export interface TableReader {
  /** Read one CSV record: the first is the header. */
  onRow(row: CsvRow): void;
  /** `stopped`: the CSV could not be read to its end, so a missing row says nothing. */
  finish(stopped?: boolean): TableRead;
}

/** Names read from a column of that name without a descriptor: two columns that differ only in case are ambiguous. */
const IMPLICIT_COLUMNS: ReadonlySet<string> = new Set([...REQUIRED_COLUMNS, ...CHANGE_COLUMNS, ...OPTIONAL_COLUMNS]);

/** A parsed table → observations, reported changes and findings (for tables already in memory). */
export function readTable(table: CsvTable, spec: TableSpec, file: string): TableRead {
  const reader = createTableReader(spec, file);
  reader.onRow(table.header);
  for (const row of table.rows) reader.onRow(row);
  return reader.finish();
}

/**
 * A reader for one CSV file, fed row by row. Repeated texts (regions, metrics, units, sources, periods)
 * are shared between observations, so millions of rows cost what their distinct values cost once.
 */
export function createTableReader(spec: TableSpec, file: string): TableReader {
  // Reassigned once the header is read when a known layout fills in columns (sdmxColumns).
  const out: TableRead = { observations: [], changes: [], findings: [] };
  // A file wrong on every one of millions of rows keeps the first findings of each kind and counts the
  // rest on the last one kept (`omitted`): memory holds what is printed, not a finding per row.
  const kept = new Map<string, Finding>();
  const keptCount = new Map<string, number>();
  const addFinding = (f: Finding) => {
    const kind = `${f.file}\u0000${f.code}`;
    const n = (keptCount.get(kind) ?? 0) + 1;
    keptCount.set(kind, n);
    if (n <= MAX_FINDINGS_PER_KIND) {
      out.findings.push(f);
      kept.set(kind, f);
    } else {
      const last = kept.get(kind)!;
      last.omitted = (last.omitted ?? 0) + 1;
    }
  };
  let header: string[] | undefined;
  let headerLine = 1;
  let usable = false;
  let rows = 0;
  const exact = new Map<string, number>();
  const folded = new Map<string, number>();
  const find = (name: string) => exact.get(name.trim()) ?? folded.get(name.trim().toLowerCase());
  const descriptorFile = spec.descriptor?.file;
  const col = new Map<TargetField, number>();
  const unpivotCols: Array<{ index: number; name: string }> = [];
  let skips: Array<{ index: number; values: Set<string> }> = [];
  let totals: Array<{ dim: Dim; total: string; tolerance: number }> = [];
  let isChanges = false;
  const held: CsvRow[] = [];
  // SDMX-CSV: the dimension columns no field reads (each must hold one value), and CONF_STATUS.
  let sdmxDims: Array<{ index: number; name: string; values: Set<string> }> = [];
  let confIndex: number | undefined;
  const origin = describeOrigin(spec.source);
  const fileCitation = citation(spec.source);
  const renamesUsed = new Set<ColumnRef>();
  const raw: Array<{ obs: Observation; dims: Record<Dim, string> }> = [];
  // Resolved once the header is read, so the per-row loop indexes fields directly.
  let dimIndex: Array<number | undefined> = [];
  let valueCells: Array<{ index: number; name: string | undefined }> = [];

  const strings = new Map<string, string>();
  const periods = new Map<string, Period | { error: string; hint: string }>();
  const readPeriodCell = periodCellReader(spec.periods);
  const measures = createMeasureDecider(spec.measures, file);
  const intern = (text: string) => {
    if (text.length > 200) return text;
    const known = strings.get(text);
    if (known !== undefined) return known;
    if (strings.size < 100_000) strings.set(text, text);
    return text;
  };
  const periodOf = (text: string) => {
    const known = periods.get(text);
    if (known) return known;
    const p = readPeriodCell(text);
    if (periods.size < 100_000) periods.set(text, p);
    return p;
  };
  const shownHeader = () => {
    const names = header!.slice(0, 10).map((h) => clip(h, 30) || '(blank)');
    return `${names.join(', ')}${header!.length > 10 ? `, … ${header!.length} in all` : ''}`;
  };

  // Every column a descriptor names must exist: a typo is an error at the descriptor's line.
  const unknown = (ref: ColumnRef, role: string) => {
    const near = nearestNames(ref.name, header!.filter(Boolean));
    addFinding({
      severity: 'error',
      code: 'descriptor-unknown-column',
      ...ref.at,
      message: `${role} ${showName(ref.name)} is not a column of ${file}${near.length ? ` (did you mean ${showName(near[0]!)}?)` : ''}`,
      hint: `the header has: ${shownHeader()}`,
    });
  };

  function onHeader(row: CsvRow): void {
    header = row.fields.map((h) => h.trim());
    headerLine = row.line;
    if (spec.layout) {
      const sdmx = sdmxColumns(spec, header, file);
      spec = sdmx.spec;
      sdmxDims = sdmx.dimensions.map((d) => ({ ...d, values: new Set<string>() }));
      confIndex = sdmx.confIndex;
      for (const f of sdmx.findings) out.findings.push(f);
    }
    header.forEach((h, i) => {
      const lower = h.toLowerCase();
      // An exact repeat is always ambiguous; a repeat in another case is when the field is read by its name
      // (region, value, …) rather than named in the descriptor's columns.
      const readByName = IMPLICIT_COLUMNS.has(lower) && spec.columns[lower as TargetField] === undefined;
      if (h !== '' && (exact.has(h) || (folded.has(lower) && readByName))) {
        addFinding({ severity: 'error', code: 'csv-duplicate-header', file, line: row.line, column: i + 1, message: `column '${clip(h, 40)}' appears twice in the header`, hint: 'rename or remove one of them' });
      }
      if (!exact.has(h)) exact.set(h, i);
      if (!folded.has(lower)) folded.set(lower, i);
    });

    for (const [field, ref] of Object.entries(spec.columns) as Array<[TargetField, ColumnRef]>) {
      const i = find(ref.name);
      if (i === undefined) unknown(ref, `columns.${field}:`);
      else col.set(field, i);
    }
    for (const ref of spec.unpivot?.columns ?? []) {
      const i = find(ref.name);
      if (i === undefined) unknown(ref, 'unpivot column');
      else unpivotCols.push({ index: i, name: header[i]! });
    }
    if (spec.unpivot?.select) {
      const chosen = selectColumns(spec.unpivot.select, spec, header, find, unknown);
      if (chosen) for (const i of chosen) unpivotCols.push({ index: i, name: header[i]! });
    }
    skips = spec.skip.flatMap((s) => {
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
    totals = spec.totals.flatMap((t) => {
      const dim = dimOfColumn(t.column.name);
      if (dim === undefined) {
        if (find(t.column.name) === undefined && !(DIMS as readonly string[]).includes(normalise(t.column.name))) unknown(t.column, 'totals column');
        else addFinding({ severity: 'error', code: 'descriptor-totals', ...t.column.at, message: `totals column '${clip(t.column.name)}' is not the region, metric or period column`, hint: 'name the column that holds the total row\'s name (e.g. Type of Crime), or the unpivoted field (e.g. region)' });
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
    if (out.findings.some((f) => f.severity === 'error')) return;

    isChanges = col.has('change_percent') || (col.has('from') && col.has('to'));
    const needed: readonly string[] = isChanges ? CHANGE_COLUMNS : REQUIRED_COLUMNS;
    const missing = needed.filter((f) => !col.has(f as TargetField) && spec.fixed[f as keyof typeof spec.fixed] === undefined && spec.unpivot?.into !== f && !(f === 'value' && spec.unpivot));
    if (missing.length > 0) {
      addFinding({
        severity: 'error',
        code: 'csv-missing-columns',
        file: descriptorFile ?? file,
        line: descriptorFile ? spec.descriptor?.line ?? 1 : row.line,
        column: 1,
        message: `${descriptorFile ? `the descriptor gives no ${missing.join(', ')} for ${file}` : `the header has no ${missing.map((m) => `'${m}'`).join(', ')} column${missing.length > 1 ? 's' : ''}`} (found: ${shownHeader()})`,
        hint: descriptorFile
          ? "name the column under 'columns:', give a fixed value under 'fixed:', or unpivot columns into it"
          : `an evidence file's header is region,metric,period,value (optional ${OPTIONAL_COLUMNS.join(', ')}), or region,metric,from,to,change_percent for reported changes; other layouts need a descriptor`,
      });
      return;
    }
    dimIndex = DIMS.map((f) => col.get(f));
    valueCells = spec.unpivot ? unpivotCols : [{ index: col.get('value')!, name: undefined }];
    usable = true;
  }

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
  const at = (row: CsvRow, field: TargetField | number): Location => {
    const i = typeof field === 'number' ? field : col.get(field) ?? 0;
    const p = row.positions?.[i];
    return p ? { file, ...p } : { file, line: row.line, column: i + 1 };
  };

  function onData(row: CsvRow): void {
    const fields = row.fields;
    const width = header!.length;
    if (fields.length !== width) {
      addFinding({
        severity: 'error',
        code: 'csv-ragged-row',
        file,
        line: row.line,
        column: Math.min(fields.length, width) + 1,
        message: `the row has ${fields.length} field${fields.length === 1 ? '' : 's'}, the header has ${width}`,
        hint: 'every row needs one field per column; quote fields that contain commas',
      });
      return;
    }
    for (const s of skips) if (s.values.has((fields[s.index] ?? '').trim())) return;
    // Plain loops and assignments rather than spreads: this runs once per row of every evidence file.
    const base: Partial<Record<Dim, string>> = {};
    let ok = true;
    for (let d = 0; d < 3; d++) {
      const f = DIMS[d]!;
      const i = dimIndex[d];
      const v = i === undefined ? spec.fixed[f] : (fields[i] ?? '').trim();
      if (v === undefined && spec.unpivot?.into === f) continue;
      if (v === undefined && isChanges && f === 'period') continue;
      if (!v) {
        addFinding({ severity: 'error', code: 'csv-blank-cell', ...at(row, f), message: `'${f}' is blank`, hint: `every observation names its ${f}` });
        ok = false;
      } else base[f] = v;
    }
    if (!ok) return;
    const unit = cellOf(row, 'unit') || spec.fixed.unit;
    const rowSource = cellOf(row, 'source') || fileCitation;
    const note = cellOf(row, 'note');
    for (const d of sdmxDims) if (d.values.size < 6) d.values.add((fields[d.index] ?? '').trim());
    const flags = rowFlags(cellOf(row, 'flags'), confIndex === undefined ? undefined : fields[confIndex]);

    if (isChanges) {
      const change = readChangeRow(row, base, cellOf, at, spec, addFinding);
      if (change) {
        const c: ReportedChange = { region: intern(rename('region', change.region)), metric: intern(rename('metric', change.metric)), from: change.from, to: change.to, changePercent: change.value, file, line: row.line, origin };
        withExtras(c, unit, rowSource, note);
        out.changes.push(c);
      }
      return;
    }
    for (const cell of valueCells) {
      const periodText = spec.unpivot?.into === 'period' && cell.name !== undefined ? cell.name : base.period!;
      const period = periodOf(periodText);
      if ('error' in period) {
        addFinding({ severity: 'error', code: 'csv-period', ...(col.has('period') ? at(row, 'period') : at(row, cell.index)), message: period.error, hint: period.hint });
        // A period from the header names one column; a period cell names the whole row.
        if (spec.unpivot?.into === 'period') continue;
        break;
      }
      const text = fields[cell.index] ?? '';
      const parsed = parseNumberCell(text, spec.numbers, spec.missing);
      if ('error' in parsed) {
        addFinding({ severity: 'error', code: 'csv-number', ...at(row, cell.index), message: parsed.error, hint: parsed.hint });
        continue;
      }
      const region = spec.unpivot?.into === 'region' && cell.name !== undefined ? cell.name : base.region!;
      const metric = spec.unpivot?.into === 'metric' && cell.name !== undefined ? cell.name : base.metric!;
      const measure = measures.decide(header![cell.index], metric, rename('metric', metric), unit, { line: row.line, column: (col.get('unit') ?? cell.index) + 1 });
      // A count cannot be negative: a minus sign there is a typo or a change written as a level.
      if (parsed.value !== null && parsed.value < 0 && measure.measure === 'count') {
        addFinding({
          severity: 'error',
          code: 'csv-negative-count',
          ...at(row, cell.index),
          message: `value ${clip(text.trim(), 40)} is negative, but it is a count (${measure.basis})`,
          hint: "check the sign; a metric that can be negative (a balance, a change) is not a count of events: declare its measure (measure: level or amount) in a descriptor",
        });
        continue;
      }
      const obs: Observation = { region: intern(rename('region', region)), metric: intern(rename('metric', metric)), period, value: parsed.value, file, line: row.line, origin, measure };
      withExtras(obs, unit, rowSource, note);
      if (flags) obs.flags = intern(flags);
      if (row.cells) obs.cell = row.cells[cell.index];
      out.observations.push(obs);
      if (totals.length) raw.push({ obs, dims: { region, metric, period: periodText } });
    }
  }

  /** The optional fields, set only when present (an absent field stays absent, not undefined). */
  function withExtras(target: { unit?: string; source?: string; note?: string }, unit: string | undefined, source: string | undefined, note: string | undefined): void {
    if (unit) target.unit = intern(unit);
    if (source) target.source = intern(source);
    if (note) target.note = note;
  }

  return {
    onRow(row) {
      if (!header) {
        // Files as downloaded: the publisher's preamble before the header is not read.
        if (spec.headerRow !== undefined && row.line < spec.headerRow) return;
        if (spec.headerRow !== undefined && row.line !== spec.headerRow) {
          out.findings.push({ severity: 'error', code: 'descriptor-layout', ...(spec.headerRowAt ?? { file }), message: `header_row: ${spec.headerRow}, but line ${spec.headerRow} of ${file} is blank or inside a quoted field; the next row starts on line ${row.line}`, hint: `check the line number in an editor; header_row: ${row.line} would read the header from line ${row.line}` });
          header = [];
          return;
        }
        onHeader(row);
      } else if (spec.footer) {
        // The last `footer` rows are footnotes: each row is read only once `footer` more rows follow it.
        held.push(row);
        if (held.length > spec.footer) {
          rows++;
          if (usable) onData(held.shift()!);
        }
      } else {
        rows++;
        if (usable) onData(row);
      }
    },
    finish(stopped = false) {
      if (!usable) {
        if (!header && spec.headerRow !== undefined && !stopped) out.findings.push({ severity: 'error', code: 'descriptor-layout', ...(spec.headerRowAt ?? { file }), message: `header_row: ${spec.headerRow}, but ${file} ends before line ${spec.headerRow}`, hint: 'count the lines before the header in an editor' });
        return out;
      }
      for (const f of measures.findings) addFinding(f);
      if (!spec.periods) monthStartsAsMonths(out, file, headerLine);
      if (rows === 0 && !stopped) {
        addFinding({ severity: 'warning', code: 'csv-no-rows', file, line: headerLine, column: 1, message: 'the file has a header but no rows', hint: 'add observations below the header, or remove the file' });
      }
      if (stopped) return out;
      for (const [kind, map] of Object.entries(spec.rename) as Array<['region' | 'metric', Map<string, ColumnRef>]>) {
        for (const [from, ref] of map) {
          if (!renamesUsed.has(ref)) {
            const read = new Set<string>();
            for (const o of out.observations) {
              read.add(o[kind]);
              if (read.size >= 8) break;
            }
            addFinding({ severity: 'error', code: 'descriptor-rename-unused', ...ref.at, message: `rename.${kind}: '${clip(from)}' matches no ${kind} in ${file}`, hint: `check the spelling against the file; the ${kind}s read are: ${[...read].map((n) => clip(n, 40)).join(', ')}` });
          }
        }
      }
      for (const rule of totals) for (const f of checkTotals(raw, rule)) addFinding(f);
      // With several readings of one file, a shared rule may be for another reading's metric.
      if (!spec.reading) for (const f of measures.unused()) addFinding(f);
      for (const d of sdmxDims) {
        if (d.values.size < 2) continue;
        const shown = [...d.values].slice(0, 5).map((v) => `'${clip(v, 30)}'`).join(', ');
        out.findings.push({
          severity: 'error',
          code: 'sdmx-dimension',
          ...spec.layout!.at,
          message: `${file}: the dimension '${clip(d.name, 40)}' holds ${d.values.size > 5 ? 'more than 5' : d.values.size} values (${shown}), so one series would mix them`,
          hint: `read it as a field (columns: { metric: ${d.name} }), or keep one value (skip: [{ column: ${d.name}, values: [...] }]) — one reading per value with readings: [...]`,
        });
      }
      return out;
    },
  };
}

/**
 * Many publishers write a month as its first day (2015-01-01, 2015-02-01, …). When every date a file
 * gives is the first of a month, and there are at least two, they are read as months, with a note.
 */
function monthStartsAsMonths(out: TableRead, file: string, headerLine: number): void {
  const obs = out.observations;
  if (obs.length === 0) return;
  const starts = new Set<number>();
  for (const o of obs) {
    if (o.period.granularity !== 'day' || !o.period.label.endsWith('-01')) return;
    starts.add(o.period.startDay);
  }
  if (starts.size < 2) return;
  const months = new Map<string, Period>();
  for (const o of obs) {
    const label = o.period.label.slice(0, 7);
    let month = months.get(label);
    if (!month) months.set(label, (month = parsePeriod(label)!));
    o.period = month;
  }
  const sorted = [...months.keys()].sort();
  out.findings.push({
    severity: 'info',
    code: 'period-month-starts',
    file,
    line: headerLine,
    message: `every date in the period column is the first day of a month (${sorted[0]}-01 to ${sorted[sorted.length - 1]}-01): read as the months ${sorted[0]} to ${sorted[sorted.length - 1]}`,
    hint: 'to read them as days instead, declare it in a descriptor: periods: { format: date, by: day }',
  });
}

function readChangeRow(
  row: CsvRow,
  base: Partial<Record<'region' | 'metric' | 'period', string>>,
  cellOf: (row: CsvRow, f: TargetField) => string | undefined,
  at: (row: CsvRow, f: TargetField) => Location,
  spec: TableSpec,
  addFinding: (f: Finding) => void,
): { region: string; metric: string; from: Period; to: Period; value: number } | undefined {
  const from = parsePeriod(cellOf(row, 'from') ?? '');
  const to = parsePeriod(cellOf(row, 'to') ?? '');
  let ok = true;
  for (const [field, p] of [['from', from], ['to', to]] as const) {
    if (!p) {
      addFinding({ severity: 'error', code: 'csv-period', ...at(row, field), message: `'${field}' '${clip(cellOf(row, field) ?? '', 40)}' is not a period`, hint: `write periods as ${PERIOD_FORMS}` });
      ok = false;
    }
  }
  const parsed = parseNumberCell((cellOf(row, 'change_percent') ?? '').replace(/\s*%$/, ''), spec.numbers, spec.missing);
  if ('error' in parsed) {
    addFinding({ severity: 'error', code: 'csv-number', ...at(row, 'change_percent'), message: parsed.error.replace('value', 'change_percent'), hint: 'write the reported change as a signed number of percent: -20 or +33' });
    ok = false;
  } else if (parsed.value === null) {
    addFinding({ severity: 'error', code: 'csv-blank-cell', ...at(row, 'change_percent'), message: "'change_percent' is blank", hint: 'a reported change needs its percentage' });
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
    else {
      const key = keyOf(dims);
      const list = parts.get(key);
      if (list) list.push(obs);
      else parts.set(key, [obs]);
    }
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

/**
 * The columns an unpivot selector picks, in header order. A range runs between two named columns as the
 * header orders them; a pattern must match at least one; "*" takes every column with a name that the
 * descriptor does not name elsewhere and that is not read by its name (region, unit, …).
 */
function selectColumns(select: ColumnSelector, spec: TableSpec, header: string[], find: (name: string) => number | undefined, unknown: (ref: ColumnRef, role: string) => void): number[] | undefined {
  if (select.kind === 'range') {
    const a = find(select.from.name);
    const b = find(select.to.name);
    if (a === undefined) unknown(select.from, 'the first column of unpivot.columns');
    if (b === undefined) unknown(select.to, 'the last column of unpivot.columns');
    if (a === undefined || b === undefined) return undefined;
    const [lo, hi] = a <= b ? [a, b] : [b, a];
    return Array.from({ length: hi - lo + 1 }, (_, k) => lo + k);
  }
  if (select.kind === 'pattern') {
    const out = header.flatMap((h, i) => (select.pattern.test(h) ? [i] : []));
    if (out.length === 0) unknown({ name: select.text, at: select.at }, 'no column matches the pattern of unpivot.columns:');
    return out.length ? out : undefined;
  }
  const named = new Set<number>();
  const name = (ref: ColumnRef) => {
    const i = find(ref.name);
    if (i !== undefined) named.add(i);
  };
  for (const ref of Object.values(spec.columns)) if (ref) name(ref);
  for (const s of spec.skip) name(s.column);
  for (const ref of select.except) {
    if (find(ref.name) === undefined) unknown(ref, 'unpivot.except column');
    name(ref);
  }
  const readByName = new Set<string>([...REQUIRED_COLUMNS, ...CHANGE_COLUMNS, ...OPTIONAL_COLUMNS].filter((f) => f !== 'value' && spec.columns[f as TargetField] === undefined));
  return header.flatMap((h, i) => (h === '' || named.has(i) || readByName.has(h.toLowerCase()) ? [] : [i]));
}

/** SDMX-CSV columns that describe the message, not the observation. */
const SDMX_STRUCTURE = new Set(['dataflow', 'structure', 'structure_id', 'structure_name', 'action', 'last update']);
/** CONF_STATUS codes that withhold a value: confidential (C), secondary confidential (D), not for publication (N), S. */
const WITHHELD = new Set(['C', 'D', 'N', 'S']);

/**
 * SDMX-CSV (Eurostat, OECD, IMF, UN): TIME_PERIOD is the period, OBS_VALUE the value, OBS_FLAG or
 * OBS_STATUS the flags, REF_AREA or geo the region, UNIT_MEASURE or unit the unit, unless the
 * descriptor names them. The other dimensions (columns before OBS_VALUE) are returned for a check
 * that each holds one value: a file with two units read as one series would mix them.
 */
export function sdmxColumns(spec: TableSpec, header: string[], file: string): { spec: TableSpec; dimensions: Array<{ index: number; name: string }>; confIndex?: number; findings: Finding[] } {
  const at = spec.layout!.at;
  const findIn = (...names: string[]) => {
    for (const n of names) {
      const i = header.findIndex((h) => h.toLowerCase() === n.toLowerCase());
      if (i >= 0) return i;
    }
    return undefined;
  };
  const findings: Finding[] = [];
  const columns = { ...spec.columns };
  const set = (field: TargetField, ...names: string[]) => {
    if (columns[field] || spec.fixed[field as keyof typeof spec.fixed] !== undefined || spec.unpivot?.into === field) return;
    const i = findIn(...names);
    if (i !== undefined) columns[field] = { name: header[i]!, at };
  };
  const isSdmx = spec.layout!.kind === 'sdmx-csv';
  if (isSdmx) {
    for (const [field, name] of [['period', 'TIME_PERIOD'], ['value', 'OBS_VALUE']] as const) {
      if (!columns[field] && findIn(name) === undefined) {
        findings.push({ severity: 'error', code: 'sdmx-layout', ...at, message: `layout: sdmx-csv, but ${file} has no ${name} column`, hint: `an SDMX-CSV file has TIME_PERIOD and OBS_VALUE columns; name the ${field} column under columns: if this file calls it otherwise` });
      }
    }
    set('period', 'TIME_PERIOD');
    set('value', 'OBS_VALUE');
    set('flags', 'OBS_FLAG', 'OBS_STATUS');
    set('region', 'REF_AREA', 'geo');
    set('unit', 'UNIT_MEASURE', 'unit');
  } else {
    // JSON-stat (json-stat.ts): one column per dimension, then value and flags (status); roles were applied by the loader.
    set('value', 'value');
    set('flags', 'flags');
    set('unit', 'unit');
  }
  const valueAt = findIn(isSdmx ? 'OBS_VALUE' : 'value') ?? header.length;
  const read = new Set(['region', 'metric', 'period'].flatMap((f) => {
    const ref = columns[f as TargetField];
    const i = ref ? header.findIndex((h) => h === ref.name || h.toLowerCase() === ref.name.toLowerCase()) : -1;
    return i >= 0 ? [i] : [];
  }));
  // Rows left out by skip: are not counted, so `skip` can keep one value of a dimension.
  const dimensions = header.flatMap((name, index) => (index < valueAt && !SDMX_STRUCTURE.has(name.toLowerCase()) && !read.has(index) ? [{ index, name }] : []));
  const confIndex = findIn('CONF_STATUS');
  return { spec: { ...spec, columns }, dimensions, ...(confIndex !== undefined ? { confIndex } : {}), findings };
}

/** A row's flags: the flags cell as written, plus `c` when CONF_STATUS withholds the value. */
function rowFlags(cell: string | undefined, conf: string | undefined): string | undefined {
  const withheld = conf !== undefined && WITHHELD.has(conf.trim().toUpperCase());
  const flags = (cell ?? '').trim();
  if (!withheld) return flags || undefined;
  return flags.toLowerCase().includes('c') ? flags : `${flags}c`;
}
