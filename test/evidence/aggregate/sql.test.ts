// `claimcheck sql`: a descriptor's aggregation printed as SQL, run in DuckDB, gives what the built-in
// engine gives — every value of every series, zeros included — on the aggregate test cases (CSV,
// .csv.gz and Parquet; the DuckDB dialect reading the file, the standard dialect reading a table).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { aggregateSql, type SqlDialect } from '../../../src/evidence/aggregate/sql.js';
import { queryDuckDb } from '../../../src/evidence/aggregate/duckdb-optional.js';
import { loadEvidence, readDescriptorFile } from '../../../src/evidence/index.js';
import { tableNameOf } from '../../../src/cli/commands/sql.js';
import { DUCKDB_MISSING, duckDbForTests } from '../../duckdb.js';
import { runCli } from '../../cli/helpers.js';
import { CASES, INCIDENTS } from './aggregate-cases.js';

const duckdb = await duckDbForTests();
if (!duckdb) console.warn(`evidence/aggregate/sql.test.ts: ${DUCKDB_MISSING}`);

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Values of the built-in engine: region, metric, period, value (and unit), sorted. */
async function builtIn(dir: string): Promise<string[]> {
  const { evidence, findings } = await loadEvidence(['.'], dir);
  expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
  return evidence.series.flatMap((s) => s.observations.map((o) => `${s.region}|${s.metric}|${o.period.label}|${o.value}|${s.unit ?? ''}`)).sort();
}

function rowsOf(rows: Array<Record<string, unknown>>): string[] {
  return rows.map((r) => `${r.region}|${r.metric}|${r.period}|${Number(r.value)}|${r.unit ?? ''}`).sort();
}

function write(descriptor: string, csvName = 'x.csv'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'claimcheck-sql-'));
  dirs.push(dir);
  writeFileSync(path.join(dir, csvName), csvName.endsWith('.gz') ? gzipSync(INCIDENTS) : INCIDENTS);
  writeFileSync(path.join(dir, 'x.yaml'), descriptor);
  return dir;
}

function sqlFor(dir: string, dialect: SqlDialect, source: string): string {
  const { specs, findings } = readDescriptorFile('x.yaml', dir);
  expect(findings).toEqual([]);
  return aggregateSql(specs[0]!, specs[0]!.aggregate!, { dialect, source });
}

describe.skipIf(!duckdb)('the printed SQL, run in DuckDB, equals the built-in engine', () => {
  for (const [name, descriptor] of CASES) {
    it(`${name}: DuckDB dialect on the CSV, standard SQL on a table`, async () => {
      const dir = write(descriptor);
      const expected = await builtIn(dir);
      expect(expected.length).toBeGreaterThan(0);
      const csv = path.join(dir, 'x.csv');
      expect(rowsOf(await queryDuckDb(duckdb!, sqlFor(dir, 'duckdb', csv)))).toEqual(expected);
      const table = `CREATE TABLE incidents AS SELECT * FROM read_csv('${csv}', header = true, all_varchar = true)`;
      expect(rowsOf(await queryDuckDb(duckdb!, sqlFor(dir, 'standard', 'incidents'), [table]))).toEqual(expected);
    });
  }

  it('.csv.gz: read through gzip by both engines', async () => {
    const dir = write(CASES[2]![1], 'x.csv.gz');
    const expected = await builtIn(dir);
    expect(rowsOf(await queryDuckDb(duckdb!, sqlFor(dir, 'duckdb', path.join(dir, 'x.csv.gz'))))).toEqual(expected);
  });

  it('Parquet (typed columns: dates, numbers): the DuckDB query equals the built-in engine on the same rows as CSV', async () => {
    const dir = write(CASES[4]![1]);
    const expected = await builtIn(dir);
    const parquet = path.join(dir, 'x.parquet');
    await queryDuckDb(duckdb!, `COPY (SELECT id::INTEGER AS id, CAST(SUBSTRING(date, 1, 10) AS DATE) AS date, category, district::INTEGER AS district, arrest::BOOLEAN AS arrest, amount::DOUBLE AS amount FROM read_csv('${path.join(dir, 'x.csv')}', header = true, all_varchar = true)) TO '${parquet}' (FORMAT parquet)`);
    expect(rowsOf(await queryDuckDb(duckdb!, sqlFor(dir, 'duckdb', parquet)))).toEqual(expected);
  });
});

describe('claimcheck sql (the CLI)', () => {
  const fixture = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../fixtures/cli/aggregated-incidents');

  it.skipIf(!duckdb)('prints the aggregated-incidents fixture as DuckDB SQL that gives what the audit reads', async () => {
    const r = await runCli(['sql', 'evidence/incidents.yaml', '--dialect', 'duckdb'], { cwd: fixture });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^-- claimcheck: count of rows by month of date, metric from category, region from district \(evidence\/incidents\.yaml\)/);
    expect(r.stdout).toContain("read_csv('evidence/incidents.csv'");
    // The query names the file relative to where claimcheck ran; DuckDB runs here.
    const sql = r.stdout.replace("read_csv('evidence/incidents.csv'", `read_csv('${path.join(fixture, 'evidence/incidents.csv')}'`);
    expect(rowsOf(await queryDuckDb(duckdb!, sql))).toEqual(await builtIn(path.join(fixture, 'evidence')));
  });

  it('standard SQL reads a table named after the file, or --table', async () => {
    const named = await runCli(['sql', 'evidence/incidents.yaml'], { cwd: fixture });
    expect(named.status).toBe(0);
    expect(named.stdout).toContain('\n  FROM incidents\n');
    expect(named.stdout).toContain('CAST(SUBSTRING(TRIM(CAST("date" AS VARCHAR)) FROM 1 FOR 10) AS DATE)');
    const table = await runCli(['sql', 'evidence/incidents.yaml', '--table', 'warehouse.crime.incidents'], { cwd: fixture });
    expect(table.stdout).toContain('\n  FROM warehouse.crime.incidents\n');
    expect(tableNameOf('/data/incidents-2019.csv.gz')).toBe('incidents_2019');
    expect(tableNameOf('2019.parquet')).toBe('t_2019');
  });

  it('a descriptor without aggregate:, or with errors, is exit 2 with the reason', async () => {
    const dir = write('fixed: { region: R, metric: m }\ncolumns: { period: date, value: amount }\n');
    const none = await runCli(['sql', 'x.yaml'], { cwd: dir });
    expect(none.status).toBe(2);
    expect(none.stderr).toContain("x.yaml: error: this descriptor has no 'aggregate:'");
    const bad = write('fixed: { region: R, metric: m }\naggregate:\n  count: rows\n  period: { column: date, by: week }\n');
    const r = await runCli(['sql', 'x.yaml'], { cwd: bad });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("x.yaml:4:31: error: aggregate.period.by must be year, quarter or month, found 'week'");
    expect(r.stdout).toBe('');
  });
});

describe.skipIf(!duckdb)('the DuckDB engine (engine: duckdb, --engine duckdb) equals the built-in engine', () => {
  /** Every observation's value and how many rows it counts, by engine. */
  async function observed(dir: string, engine: 'builtin' | 'duckdb') {
    const { evidence, findings } = await loadEvidence(['.'], dir, undefined, { engine });
    const rows = evidence.series.flatMap((s) => s.observations.map((o) => `${s.region}|${s.metric}|${o.period.label}|${o.value}|${s.unit ?? ''}|${o.aggregate?.rows}`)).sort();
    return { rows, findings };
  }

  for (const [name, descriptor] of CASES) {
    it(`${name}: values, zeros and rows counted`, async () => {
      const dir = write(descriptor);
      const builtin = await observed(dir, 'builtin');
      const duck = await observed(dir, 'duckdb');
      expect(duck.findings.filter((f) => f.severity === 'error')).toEqual([]);
      expect(duck.rows).toEqual(builtin.rows);
    });
  }

  it('.csv.gz, and engine: duckdb written in the descriptor', async () => {
    const dir = write(CASES[0]![1].replace('aggregate: {', 'aggregate: { engine: duckdb,'), 'x.csv.gz');
    const { evidence, findings } = await loadEvidence(['.'], dir);
    expect(findings.find((f) => f.code === 'aggregate-summary')!.message).toMatch(/^aggregated x\.csv\.gz with DuckDB: 8 of 8 rows counted into 18 observations of 9 series; dates in date run from 2019-01-05 to 2020-03-31$/);
    expect(evidence.series.find((s) => s.region === '1' && s.metric === 'BURGLARY')!.observations.map((o) => [o.period.label, o.value])).toEqual([['2019', 2], ['2020', 1]]);
  });

  it('Parquet, named by the descriptor’s path: read by DuckDB; the built-in engine says to use it', async () => {
    const dir = write('path: x.parquet\nfixed: { region: Testville }\naggregate: { engine: duckdb, count: rows, period: { column: date, by: month }, metric: { column: category } }\n');
    await queryDuckDb(duckdb!, `COPY (SELECT id::INTEGER AS id, CAST(SUBSTRING(date, 1, 10) AS DATE) AS date, category, district::INTEGER AS district FROM read_csv('${path.join(dir, 'x.csv')}', header = true, all_varchar = true)) TO '${path.join(dir, 'x.parquet')}' (FORMAT parquet)`);
    rmSync(path.join(dir, 'x.csv')); // only the Parquet file is evidence here
    const viaParquet = await observed(dir, 'duckdb');
    const csvDir = write('fixed: { region: Testville }\naggregate: { count: rows, period: { column: date, by: month }, metric: { column: category } }\n');
    expect(viaParquet.rows).toEqual((await observed(csvDir, 'builtin')).rows);
    const refused = await loadEvidence(['.'], dir, undefined, { engine: 'builtin' });
    expect(refused.findings.filter((f) => f.severity === 'error').map((f) => `${f.file}:${f.line} ${f.message}`)).toEqual(['x.yaml:3 x.parquet is a Parquet file, which the built-in engine does not read']);
  });

  it('dates that are not ISO and values that are not numbers: the same errors, counted (without lines)', async () => {
    const csv = 'id,date,amount\n1,2019-01-01,5\n2,03/04/2019,1\n3,2019-01-03,x\n4,,2\n5,2019-01-05,\n';
    const dir = mkdtempSync(path.join(os.tmpdir(), 'claimcheck-sql-'));
    dirs.push(dir);
    writeFileSync(path.join(dir, 'x.csv'), csv);
    writeFileSync(path.join(dir, 'x.yaml'), 'fixed: { region: R, metric: m }\naggregate: { sum: amount, period: { column: date, by: year } }\n');
    const kinds = async (engine: 'builtin' | 'duckdb') => (await loadEvidence(['.'], dir, undefined, { engine })).findings.filter((f) => f.severity !== 'info').map((f) => `${f.severity} ${f.code}`).sort();
    expect(await kinds('duckdb')).toEqual(await kinds('builtin'));
    const duck = (await loadEvidence(['.'], dir, undefined, { engine: 'duckdb' })).findings;
    expect(duck.find((f) => f.code === 'aggregate-date')!.message).toBe("1 row has a date that is not an ISO date or datetime, e.g. '03/04/2019' (the DuckDB engine does not track lines: run claimcheck validate without engine: duckdb to list them)");
  });

  it('the CLI: audit --engine duckdb gives the verdicts and values of the built-in engine, citing rows without lines', async () => {
    const fixture = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../fixtures/cli/aggregated-incidents');
    const json = (args: string[]) => JSON.parse(runCli(['audit', '--format', 'json', ...args], { cwd: fixture }).stdout) as { results: Array<{ verdict: string; evidence: Array<{ value: number; aggregate: { rows: number; first_line: number | null } | null }> }> };
    const builtin = json([]);
    const duck = json(['--engine', 'duckdb']);
    expect(duck.results.map((r) => r.verdict)).toEqual(builtin.results.map((r) => r.verdict));
    expect(duck.results.map((r) => r.evidence.map((e) => [e.value, e.aggregate?.rows]))).toEqual(builtin.results.map((r) => r.evidence.map((e) => [e.value, e.aggregate?.rows])));
    expect(duck.results.flatMap((r) => r.evidence.map((e) => e.aggregate?.first_line ?? null)).every((l) => l === null)).toBe(true);
    const md = runCli(['audit', '--engine', 'duckdb', '--format', 'md'], { cwd: fixture });
    expect(md.stdout).toContain('| evidence/incidents.csv | 1 row, lines not tracked |');
  });
});
