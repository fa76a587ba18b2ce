// An `aggregate:` descriptor as one SQL query: the same counts (or sums) by period, metric and
// region, the same filters, names and zero-filling as the built-in engine (aggregate-file.ts), written
// out for a database to run. Two dialects:
//
//   - duckdb: reads the descriptor's file itself (read_csv, which also reads .csv.gz; read_parquet
//     for .parquet), and leaves out rows whose date does not parse from the file's coverage, as the
//     built-in engine does (TRY_CAST). The DuckDB engine (duckdb.ts) runs this query.
//   - standard: ISO SQL for a warehouse table of the incidents, every column text (BigQuery, Trino,
//     Postgres, Spark SQL with recursive CTEs); a date that does not parse stops the query (CAST)
//     where the built-in engine would report an error.
//
// The result is a long table — region, metric, period, value (and unit when the descriptor fixes
// one) — that claimcheck reads as evidence. Pure: no file is read.
import type { AggregateSpec, TableSpec } from '../interpret/descriptor.js';

export const SQL_DIALECTS = ['duckdb', 'standard'] as const;
export type SqlDialect = (typeof SQL_DIALECTS)[number];

export interface AggregateSqlOptions {
  dialect: SqlDialect;
  /** standard: the table the rows are in. duckdb: the file to read (default: the descriptor's CSV, as given). */
  source: string;
  /** The descriptor, as the user named it, for the comment at the top. */
  descriptor?: string;
  /**
   * For the DuckDB engine (duckdb.ts): a value that is not a number is NULL rather than stopping the
   * query (the engine counts such rows apart and reports them), and each cell says how many rows it holds.
   */
  forEngine?: boolean;
}

/** A string as an SQL literal. */
export function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** A column name as an SQL identifier (always quoted: incident files have names like "Primary Type"). */
export function sqlIdentifier(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}

/** What the file is read with in DuckDB, from its name: Parquet, or CSV (plain or gzip). */
export function duckdbReader(file: string, delimiter: string): string {
  if (/\.parquet$/i.test(file)) return `read_parquet(${sqlString(file)})`;
  return `read_csv(${sqlString(file)}, header = true, all_varchar = true, delim = ${sqlString(delimiter)}, quote = '"', escape = '"')`;
}

/** Trimmed text of a cell (the built-in engine compares cells trimmed). */
const trimmed = (column: string) => `TRIM(CAST(${sqlIdentifier(column)} AS VARCHAR))`;

/**
 * The day of an ISO date or datetime cell (its first ten characters), NULL when blank. DuckDB:
 * NULL as well when it does not parse; standard SQL: the query fails, as the built-in engine stops.
 */
function dayOf(column: string, dialect: SqlDialect): string {
  const cell = trimmed(column);
  const cast = dialect === 'duckdb' ? `TRY_CAST(SUBSTRING(${cell}, 1, 10) AS DATE)` : `CAST(SUBSTRING(${cell} FROM 1 FOR 10) AS DATE)`;
  return `CASE WHEN ${cell} = '' THEN NULL ELSE ${cast} END`;
}

/** A period index of a date: the year, year·4 + quarter − 1, or year·12 + month − 1. */
function periodIndex(day: string, by: AggregateSpec['period']['by']): string {
  const year = `CAST(EXTRACT(YEAR FROM ${day}) AS INTEGER)`;
  const month = `CAST(EXTRACT(MONTH FROM ${day}) AS INTEGER)`;
  if (by === 'year') return year;
  if (by === 'quarter') return `(${year} * 4 + CAST(FLOOR((${month} - 1) / 3.0) AS INTEGER))`;
  return `(${year} * 12 + ${month} - 1)`;
}

/** A period index back to the label claimcheck reads: 2019, 2019-Q2, 2019-03. */
function periodLabel(index: string, by: AggregateSpec['period']['by']): string {
  const text = (x: string) => `CAST(${x} AS VARCHAR)`;
  if (by === 'year') return text(index);
  const size = by === 'quarter' ? 4 : 12;
  const year = `CAST(FLOOR(${index} / ${size}.0) AS INTEGER)`;
  const within = `(${index} - ${year} * ${size} + 1)`;
  if (by === 'quarter') return `${text(year)} || '-Q' || ${text(within)}`;
  return `${text(year)} || '-' || LPAD(${text(within)}, 2, '0')`;
}

/** A cell as a number, in the descriptor's number format; NULL when blank or a missing marker. */
function numberOf(column: string, spec: TableSpec, lenient = false): string {
  let s = trimmed(column);
  const missing = spec.missing.map(sqlString).join(', ');
  if (spec.numbers.percent) s = `RTRIM(RTRIM(${s}, '%'))`;
  for (const ch of spec.numbers.thousands) s = `REPLACE(${s}, ${sqlString(ch)}, '')`;
  if (spec.numbers.decimal === ',') s = `REPLACE(${s}, ',', '.')`;
  return `CASE WHEN ${trimmed(column)} IN (${missing}) THEN NULL ELSE ${lenient ? 'TRY_CAST' : 'CAST'}(${s} AS DOUBLE PRECISION) END`;
}

/** Names as the file writes them → as the descriptor maps them. */
function mapped(raw: string, map: Map<string, { name: string }> | undefined): string {
  if (!map || map.size === 0) return raw;
  const cases = [...map].map(([from, to]) => `WHEN ${sqlString(from)} THEN ${sqlString(to.name)}`).join(' ');
  return `CASE ${raw} ${cases} ELSE ${raw} END`;
}

/** The descriptor's aggregation as one SQL query. */
export function aggregateSql(spec: TableSpec, agg: AggregateSpec, options: AggregateSqlOptions): string {
  const { dialect } = options;
  const from = dialect === 'duckdb' ? duckdbReader(options.source, spec.delimiter) : options.source;
  const periodColumn = agg.period.column.name;
  const day = dayOf(periodColumn, dialect);
  const metricRaw = agg.metric ? trimmed(agg.metric.column.name) : `''`;
  const regionRaw = agg.region ? trimmed(agg.region.column.name) : `''`;
  const metricName = agg.metric ? mapped('metric_raw', agg.metric.map) : sqlString(spec.fixed.metric ?? '');
  const regionName = agg.region ? mapped('region_raw', agg.region.map) : sqlString(spec.fixed.region ?? '');
  const sets = agg.where.filter((f) => f.kind === 'in');
  const ranges = agg.where.filter((f) => f.kind === 'range');
  // A date range on another column than the period's reads that column's dates as well.
  const rangeDay = (i: number) => (ranges[i]!.column.name === periodColumn ? 'day' : `range_day_${i}`);
  const rangeFilters = ranges.flatMap((f, i) => [
    ...(f.from ? [`${rangeDay(i)} >= DATE ${sqlString(isoOfDay(f.from.startDay))}`] : []),
    ...(f.to ? [`${rangeDay(i)} <= DATE ${sqlString(isoOfDay(f.to.endDay))}`] : []),
  ]);
  const extraColumns = [
    ...sets.map((f, i) => `${trimmed(f.column.name)} AS filter_${i}`),
    ...ranges.flatMap((f, i) => (f.column.name === periodColumn ? [] : [`${dayOf(f.column.name, dialect)} AS range_day_${i}`])),
  ];
  const conditions = [
    'day IS NOT NULL',
    ...(agg.measure.kind === 'sum' ? ['value IS NOT NULL'] : []),
    ...sets.map((f, i) => `filter_${i} IN (${f.values.map(sqlString).join(', ')})`),
    ...rangeFilters,
  ];
  // Coverage: the file's earliest and latest readable date, within a date range on the period column.
  const periodRanges = ranges.filter((f) => f.column.name === periodColumn);
  const clipLow = periodRanges.flatMap((f) => (f.from ? [sqlString(isoOfDay(f.from.startDay))] : []));
  const clipHigh = periodRanges.flatMap((f) => (f.to ? [sqlString(isoOfDay(f.to.endDay))] : []));
  const value = agg.measure.kind === 'sum' ? numberOf(agg.measure.column.name, spec, options.forEngine) : '1';
  const rows = options.forEngine ? ', COALESCE(g.rows, 0) AS rows' : '';
  // Values a filter on the metric or region column asks for are series even where no row has them.
  const listed = (column: string | undefined) => (column ? sets.filter((f) => f.column.name === column).flatMap((f) => f.values) : []);
  const listedMetrics = listed(agg.metric?.column.name);
  const listedRegions = listed(agg.region?.column.name);
  const valuesOf = (values: string[], name: string) => (values.length ? ` UNION SELECT ${name}_raw FROM (VALUES ${values.map((v) => `(${sqlString(v)})`).join(', ')}) AS listed(${name}_raw)` : '');
  const lows = ['MIN(day)', ...clipLow.map((d) => `DATE ${d}`)];
  const highs = ['MAX(day)', ...clipHigh.map((d) => `DATE ${d}`)];
  const greatest = (xs: string[]) => (xs.length === 1 ? xs[0]! : `GREATEST(${xs.join(', ')})`);
  const least = (xs: string[]) => (xs.length === 1 ? xs[0]! : `LEAST(${xs.join(', ')})`);
  const unit = spec.fixed.unit !== undefined ? `, ${sqlString(spec.fixed.unit)} AS unit` : '';
  const what = agg.measure.kind === 'count' ? 'count of rows' : `sum of ${agg.measure.column.name}`;

  return `-- claimcheck: ${what} by ${agg.period.by} of ${periodColumn}${agg.metric ? `, metric from ${agg.metric.column.name}` : ''}${agg.region ? `, region from ${agg.region.column.name}` : ''}${options.descriptor ? ` (${options.descriptor})` : ''}
-- Output: a long table (region, metric, period, value${unit ? ', unit' : ''}) that claimcheck reads as evidence.
-- Zeros: every metric x region seen (or listed in a filter) gets every period of the file's dates.
-- Dialect: ${dialect === 'duckdb' ? 'DuckDB' : 'standard SQL (every column text; a date that is not ISO stops the query)'}.
WITH RECURSIVE
source_rows AS (
  SELECT ${[`${metricRaw} AS metric_raw`, `${regionRaw} AS region_raw`, `${day} AS day`, `${value} AS value`, ...extraColumns].join(',\n    ')}
  FROM ${from}
),
counted AS (
  SELECT metric_raw, region_raw, day, value FROM source_rows
  WHERE ${conditions.join('\n    AND ')}
),
groups AS (
  SELECT ${metricName} AS metric, ${regionName} AS region, ${periodIndex('day', agg.period.by)} AS period_index,
    ${agg.measure.kind === 'count' ? 'COUNT(*)' : 'SUM(value)'} AS value, COUNT(*) AS rows
  FROM counted
  GROUP BY 1, 2, 3
),
coverage AS (
  SELECT ${periodIndex(greatest(lows), agg.period.by)} AS first_index, ${periodIndex(least(highs), agg.period.by)} AS last_index
  FROM source_rows
  HAVING MIN(day) IS NOT NULL
),
periods(period_index) AS (
  SELECT first_index FROM coverage WHERE first_index <= last_index
  UNION ALL
  SELECT period_index + 1 FROM periods WHERE period_index < (SELECT last_index FROM coverage)
),
metrics AS (
  ${agg.metric ? `SELECT DISTINCT ${metricName} AS metric FROM (SELECT metric_raw FROM counted${valuesOf(listedMetrics, 'metric')}) AS m` : `SELECT ${metricName} AS metric`}
),
regions AS (
  ${agg.region ? `SELECT DISTINCT ${regionName} AS region FROM (SELECT region_raw FROM counted${valuesOf(listedRegions, 'region')}) AS r` : `SELECT ${regionName} AS region`}
),
cells AS (
  SELECT m.metric, r.region, p.period_index FROM metrics AS m CROSS JOIN regions AS r CROSS JOIN periods AS p
  UNION
  SELECT metric, region, period_index FROM groups
)
SELECT c.region, c.metric, ${periodLabel('c.period_index', agg.period.by)} AS period, COALESCE(g.value, 0) AS value${unit}${rows}
FROM cells AS c
LEFT JOIN groups AS g ON g.metric = c.metric AND g.region = c.region AND g.period_index = c.period_index
ORDER BY c.period_index, c.metric, c.region;
`;
}

function isoOfDay(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}
