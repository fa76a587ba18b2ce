// The DuckDB engine for `aggregate:` descriptors (`engine: duckdb`, or `--engine duckdb`): the query
// `claimcheck sql --dialect duckdb` prints, run by DuckDB on the file (CSV, .csv.gz or Parquet), and
// the same checks the built-in engine makes as it reads — dates that are not ISO, blank dates, values
// that are not numbers — counted by DuckDB too. The values are the built-in engine's (a test runs both
// on every aggregate test case); what DuckDB cannot give is the lines: a value cites how many rows it
// counts, not where they are.
import { formatNumber, plural } from '../../format.js';
import type { Finding, Observation } from '../../types.js';
import { compilePlan, hashFile, type AggregatedFile } from './aggregate-file.js';
import { aggregateSql, duckdbReader, sqlIdentifier, sqlString } from './sql.js';
import type { AggregateSpec, ColumnRef, TableSpec } from '../interpret/descriptor.js';
import { DUCKDB_INSTALL, loadDuckDb, queryDuckDb } from './duckdb-optional.js';
import { parsePeriod } from '../../period.js';
import { citation, describeOrigin } from '../interpret/table.js';

/** The rows of a query, as DuckDB gives them. */
type Row = Record<string, unknown>;

const text = (column: string) => `TRIM(CAST(${sqlIdentifier(column)} AS VARCHAR))`;

/** The message when DuckDB is asked for and not installed: what to run. */
export function duckDbMissing(agg: AggregateSpec, shown: string, why: string): Finding {
  return {
    severity: 'error',
    code: 'duckdb-missing',
    ...agg.at,
    message: `${why} DuckDB, whose Node client (@duckdb/node-api) is not installed; ${shown} is not read`,
    hint: `install it beside claimcheck with: ${DUCKDB_INSTALL} (it is optional, so npm ci leaves it out), or leave out engine: duckdb / --engine duckdb to use the built-in engine`,
  };
}

/** Aggregate one file with DuckDB, as the built-in engine would (aggregate-file.ts), or say why not. */
export async function aggregateWithDuckDb(spec: TableSpec, agg: AggregateSpec, shown: string, why: string): Promise<AggregatedFile> {
  const duckdb = await loadDuckDb();
  if (!duckdb) return { observations: [], findings: [duckDbMissing(agg, shown, why)] };
  const reader = duckdbReader(spec.csvPath, spec.delimiter);
  let header: string[];
  try {
    header = (await queryDuckDb(duckdb, `DESCRIBE SELECT * FROM ${reader}`)).map((r) => String(r.column_name));
  } catch (e) {
    return { observations: [], findings: [duckDbFailed(e, shown)] };
  }
  // Column names resolve as in the built-in engine (exactly, else ignoring case), with its messages.
  const compiled = compilePlan(spec, agg, header, shown);
  if (!compiled.plan) return { observations: [], findings: compiled.findings };
  const plan = compiled.plan;
  const real = (ref: ColumnRef, index: number): ColumnRef => ({ ...ref, name: header[index]! });
  const sets = agg.where.filter((f) => f.kind === 'in');
  const ranges = agg.where.filter((f) => f.kind === 'range');
  const resolved: AggregateSpec = {
    ...agg,
    period: { ...agg.period, column: real(agg.period.column, plan.period) },
    ...(agg.metric ? { metric: { ...agg.metric, column: real(agg.metric.column, plan.metric) } } : {}),
    ...(agg.region ? { region: { ...agg.region, column: real(agg.region.column, plan.region) } } : {}),
    measure: agg.measure.kind === 'sum' ? { kind: 'sum', column: real(agg.measure.column, plan.sum) } : agg.measure,
    where: agg.where.map((f) => (f.kind === 'in' ? { ...f, column: real(f.column, plan.sets[sets.indexOf(f)]!.index) } : { ...f, column: real(f.column, plan.ranges[ranges.indexOf(f)]!.index) })),
  };
  let rows: Row[];
  let checks: Row;
  let sha256: string;
  try {
    [rows, checks, sha256] = await Promise.all([
      queryDuckDb(duckdb, aggregateSql(spec, resolved, { dialect: 'duckdb', source: spec.csvPath, forEngine: true })),
      queryDuckDb(duckdb, checkSql(spec, resolved, reader)).then((r) => r[0]!),
      hashFile(spec.csvPath),
    ]);
  } catch (e) {
    return { observations: [], findings: [duckDbFailed(e, shown)] };
  }
  const observations = observationsOf(rows, spec, resolved, shown);
  const counted = observations.reduce((n, o) => n + (o.aggregate?.rows ?? 0), 0);
  const records = Number(checks.records ?? 0);
  const series = new Set(observations.map((o) => `${o.metric}\u001f${o.region}`)).size;
  const findings = [...compiled.findings, ...checkFindings(checks, resolved, shown)];
  if (counted === 0) findings.push({ severity: 'warning', code: 'aggregate-nothing-counted', file: shown, line: 1, message: `no row of ${shown} was counted (${plural(records, 'row')} read)`, hint: 'check the where rules and the date column' });
  const dates = checks.first_day ? `; dates in ${resolved.period.column.name} run from ${dayText(checks.first_day)} to ${dayText(checks.last_day)}` : '';
  findings.push({ severity: 'info', code: 'aggregate-summary', file: shown, line: 1, message: `aggregated ${shown} with DuckDB: ${formatNumber(counted)} of ${formatNumber(records)} rows counted into ${formatNumber(observations.length)} observation${observations.length === 1 ? '' : 's'} of ${formatNumber(series)} series${dates}` });
  return { observations, findings, input: { path: shown, sha256 }, threads: 1 };
}

function duckDbFailed(e: unknown, shown: string): Finding {
  const message = (e instanceof Error ? e.message : String(e)).split('\n')[0]!;
  return { severity: 'error', code: 'duckdb-error', file: shown, message: `DuckDB could not read the file: ${message}`, hint: 'check the file with claimcheck validate (the built-in engine names the line), or run without engine: duckdb' };
}

/** One query counting what the built-in engine checks row by row: rows read and counted, bad and blank dates and numbers, the dates' range. */
function checkSql(spec: TableSpec, agg: AggregateSpec, reader: string): string {
  const sets = agg.where.filter((f) => f.kind === 'in');
  const inSets = sets.length ? sets.map((f) => `${text(f.column.name)} IN (${f.values.map(sqlString).join(', ')})`).join(' AND ') : 'TRUE';
  const dateText = text(agg.period.column.name);
  const day = `TRY_CAST(SUBSTRING(${dateText}, 1, 10) AS DATE)`;
  const parts = [
    'COUNT(*) AS records',
    `COUNT(*) FILTER (WHERE ${inSets} AND ${dateText} <> '' AND ${day} IS NULL) AS bad_dates`,
    `MIN(${dateText}) FILTER (WHERE ${inSets} AND ${dateText} <> '' AND ${day} IS NULL) AS bad_date`,
    `COUNT(*) FILTER (WHERE ${inSets} AND (${dateText} = '' OR ${dateText} IS NULL)) AS blank_dates`,
    `MIN(${day}) AS first_day`,
    `MAX(${day}) AS last_day`,
  ];
  if (agg.measure.kind === 'sum') {
    const cell = text(agg.measure.column.name);
    let s = cell;
    if (spec.numbers.percent) s = `RTRIM(RTRIM(${s}, '%'))`;
    for (const ch of spec.numbers.thousands) s = `REPLACE(${s}, ${sqlString(ch)}, '')`;
    if (spec.numbers.decimal === ',') s = `REPLACE(${s}, ',', '.')`;
    const missing = `(${cell} IN (${spec.missing.map(sqlString).join(', ')}) OR ${cell} IS NULL)`;
    const dated = `${inSets} AND ${day} IS NOT NULL`;
    parts.push(`COUNT(*) FILTER (WHERE ${dated} AND NOT ${missing} AND TRY_CAST(${s} AS DOUBLE) IS NULL) AS bad_numbers`);
    parts.push(`MIN(${cell}) FILTER (WHERE ${dated} AND NOT ${missing} AND TRY_CAST(${s} AS DOUBLE) IS NULL) AS bad_number`);
    parts.push(`COUNT(*) FILTER (WHERE ${dated} AND ${missing}) AS blank_numbers`);
  }
  return `SELECT ${parts.join(',\n  ')}\nFROM ${reader}`;
}

const NO_LINES = 'the DuckDB engine does not track lines: run claimcheck validate without engine: duckdb to list them';

function checkFindings(c: Row, agg: AggregateSpec, shown: string): Finding[] {
  const n = (k: string) => Number(c[k] ?? 0);
  const out: Finding[] = [];
  const col = agg.period.column.name;
  if (n('bad_dates')) {
    out.push({ severity: 'error', code: 'aggregate-date', file: shown, message: `${plural(n('bad_dates'), 'row')} ha${n('bad_dates') === 1 ? 's' : 've'} a ${col} that is not an ISO date or datetime, e.g. '${String(c.bad_date)}' (${NO_LINES})`, hint: 'claimcheck reads 2019-03-04, 2019-03-04T10:00:00 and 2019-03-04 10:00:00; other date formats are not supported: convert the column, or leave these rows out with a where rule' });
  }
  if (n('blank_dates')) {
    out.push({ severity: 'warning', code: 'aggregate-date-blank', file: shown, message: `${plural(n('blank_dates'), 'row')} ha${n('blank_dates') === 1 ? 's' : 've'} no ${col} and ${n('blank_dates') === 1 ? 'is' : 'are'} not counted`, hint: 'rows without a date cannot be placed in a period; the counts leave them out' });
  }
  if (agg.measure.kind === 'sum') {
    const sum = agg.measure.column.name;
    if (n('bad_numbers')) out.push({ severity: 'error', code: 'csv-number', file: shown, message: `${plural(n('bad_numbers'), 'row')} ha${n('bad_numbers') === 1 ? 's' : 've'} a ${sum} that is not a number, e.g. '${String(c.bad_number)}' (${NO_LINES})`, hint: 'write plain numbers, or describe the number format in the descriptor (numbers: { decimal: ",", thousands: "." })' });
    if (n('blank_numbers')) out.push({ severity: 'warning', code: 'aggregate-blank-value', file: shown, message: `${plural(n('blank_numbers'), 'row')} ha${n('blank_numbers') === 1 ? 's' : 've'} no ${sum} and ${n('blank_numbers') === 1 ? 'is' : 'are'} not summed`, hint: 'blank cells and missing markers are not added up; the sums leave these rows out' });
  }
  return out;
}

function observationsOf(rows: Row[], spec: TableSpec, agg: AggregateSpec, shown: string): Observation[] {
  const origin = describeOrigin(spec.source);
  const source = citation(spec.source);
  const measure = agg.measure.kind === 'count' ? 'count of the rows' : `sum of ${agg.measure.column.name} over the rows`;
  const wheres = agg.where.map((f) => (f.kind === 'in' ? `${f.column.name} ${f.isEquals ? `= '${f.values[0]}'` : `in ${f.values.map((v) => `'${v}'`).join(', ')}`}` : `${f.column.name} ${[f.from ? `from ${isoOfDay(f.from.startDay)}` : '', f.to ? `to ${isoOfDay(f.to.endDay)}` : ''].filter(Boolean).join(' ')}`));
  return rows.map((r) => {
    const region = String(r.region);
    const metric = String(r.metric);
    const counted = Number(r.rows);
    const definition = `${metric} in ${region} = ${measure} of ${shown}${wheres.length ? ` where ${wheres.join(' and ')}` : ''}, by ${agg.period.by} of ${agg.period.column.name} (counted by DuckDB)`;
    return {
      region,
      metric,
      period: parsePeriod(String(r.period))!,
      value: Number(r.value),
      ...(spec.fixed.unit ? { unit: spec.fixed.unit } : {}),
      ...(source ? { source } : {}),
      file: shown,
      line: 1,
      origin,
      aggregate: { rows: counted, definition },
    };
  });
}

/** A DATE from DuckDB (a JS Date, or its text) as YYYY-MM-DD. */
function dayText(v: unknown): string {
  return v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10);
}

function isoOfDay(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

