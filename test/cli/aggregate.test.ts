// Incident-level evidence end to end: the built CLI audits claims against a file of one row per
// incident, counted by its descriptor; the progress bar stays off the output unless on a terminal.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { auditJson, copyFixture, fixture, runCli } from './helpers.js';

/*
 * test/fixtures/cli/aggregated-incidents/evidence/incidents.csv, district 1 = Alderton North, 2 = South:
 *   burglaries in district 1: 2018 lines 2, 3, 6, 7 (4 rows); 2019 lines 9, 11 (2 rows)
 *   thefts in district 2: 2019 line 8 (1 row)
 *   line 10 is district 3, left out by `where: district in [1, 2]`
 */
const CASE = fixture('cli/aggregated-incidents');

describe('audit against an aggregated incident file', () => {
  const report = auditJson(CASE);
  const byId = new Map(report.results.map((r) => [r.id, r]));

  it('counts the incidents by year from monthly groups: 4 → 2 is −50%, supported', () => {
    const r = byId.get('north-burglaries-halved')!;
    expect(r.verdict).toBe('supported');
    expect(r.observed!.baseline).toEqual({ period: '2018', value: 4, method: 'sum of the 12 months of 2018; a count (rows counted by aggregate: count), summed over time', measure: 'count', rollup: 'sum' });
    expect(r.observed!.target.value).toBe(2);
    expect(r.observed!.change_percent).toBe(-50);
  });

  it('cites each month with its rows and lines, and months without incidents as 0 with no rows', () => {
    const r = byId.get('north-burglaries-halved')!;
    const counted = r.evidence.filter((e) => e.value !== 0).map((e) => [e.period, e.value, e.line, e.aggregate]);
    expect(counted).toEqual([
      ['2018-01', 1, 2, { rows: 1, first_line: 2, last_line: 2 }],
      ['2018-02', 1, 3, { rows: 1, first_line: 3, last_line: 3 }],
      ['2018-07', 1, 6, { rows: 1, first_line: 6, last_line: 6 }],
      ['2018-11', 1, 7, { rows: 1, first_line: 7, last_line: 7 }],
      ['2019-03', 1, 9, { rows: 1, first_line: 9, last_line: 9 }],
      ['2019-09', 1, 11, { rows: 1, first_line: 11, last_line: 11 }],
    ]);
    expect(r.evidence).toHaveLength(24);
    expect(r.evidence.find((e) => e.period === '2018-03')).toMatchObject({ value: 0, line: 1, aggregate: { rows: 0, first_line: null, last_line: null } });
    expect(r.evidence[0]!.source).toBe('Alderton Police, Incidents 2018-2019. https://example.org/alderton/incidents');
  });

  it('judges a level claim on the count: 1 theft in the south in 2019, not 2', () => {
    const r = byId.get('south-thefts-2019')!;
    expect([r.verdict, r.observed!.target.value, r.gap_percent_of_claim]).toEqual(['contradicted', 1, -50]);
  });

  it('records the file\'s hash and a note of what was counted', () => {
    expect(report.inputs.map((i) => i.path)).toEqual(['claims/claims.yaml', 'evidence/incidents.csv', 'evidence/incidents.yaml']);
    expect(report.findings.map((f) => `${f.severity} ${f.file}:${f.line} ${f.message}`)).toEqual([
      'info evidence/incidents.csv:1 aggregated evidence/incidents.csv: 10 of 11 rows (lines 2–12) counted into 96 observations of 4 series; dates in date run from 2018-01-03 to 2019-12-31',
    ]);
  });

  it('shows the definition and the line ranges in Markdown', () => {
    const md = runCli(['audit', '--format', 'md'], { cwd: CASE }).stdout;
    expect(md).toContain("- Definition: burglaries in Alderton North = count of the rows of evidence/incidents.csv where category is 'BURGLARY' and district is '1', by month of date");
    expect(md).toContain('| evidence/incidents.csv | 2 (1 row) | Alderton North | burglaries | 2018-01 | 1 |');
    expect(md).toContain('| evidence/incidents.csv | no matching rows | Alderton North | burglaries | 2018-03 | 0 |');
  });

  it('reads the same file gzipped', () => {
    const dir = copyFixture('cli/aggregated-incidents');
    // incidents.csv → incidents.csv.gz; the sibling descriptor incidents.yaml describes it as it did the .csv.
    writeFileSync(path.join(dir, 'evidence/incidents.csv.gz'), gzipSync(readFileSync(path.join(dir, 'evidence/incidents.csv'))));
    rmSync(path.join(dir, 'evidence/incidents.csv'));
    const gz = auditJson(dir);
    expect(gz.results.map((r) => [r.id, r.verdict, r.observed?.target.value])).toEqual(report.results.map((r) => [r.id, r.verdict, r.observed?.target.value]));
    expect(gz.inputs.map((i) => i.path)).toContain('evidence/incidents.csv.gz');
  });
});

describe('bad incident files', () => {
  it('an unsupported date format is an input error with its line: exit 2, no report', () => {
    const dir = copyFixture('cli/aggregated-incidents');
    const csv = readFileSync(path.join(dir, 'evidence/incidents.csv'), 'utf8').replace('2019-03-21T12:00:00', '03/21/2019 12:00:00 PM');
    writeFileSync(path.join(dir, 'evidence/incidents.csv'), csv);
    const r = runCli(['audit', '--format', 'json', '--out', 'report.json'], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("evidence/incidents.csv:9:2: error: 1 row has a date that is not an ISO date or datetime, e.g. '03/21/2019 12:00:00 PM' (line 9)");
    expect(r.stderr).toContain('hint: claimcheck reads 2019-03-04, 2019-03-04T10:00:00 and 2019-03-04 10:00:00; other date formats are not supported');
    expect(r.stdout).toBe('');
  });
  it('a descriptor naming an unknown column: exit 2 with file:line:column', () => {
    const dir = copyFixture('cli/aggregated-incidents');
    const yaml = readFileSync(path.join(dir, 'evidence/incidents.yaml'), 'utf8').replace('column: category', 'column: Category Name');
    writeFileSync(path.join(dir, 'evidence/incidents.yaml'), yaml);
    const r = runCli(['validate', 'evidence/incidents.csv'], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("evidence/incidents.yaml:6:21: error: aggregate.metric.column: 'Category Name' is not a column of evidence/incidents.csv");
  });
});

describe('progress bar and --quiet', () => {
  /** An incident file of about 200 KB, so that it is read in several chunks. */
  function bigCase(): string {
    const dir = copyFixture('cli/aggregated-incidents');
    const rows = Array.from({ length: 5000 }, (_, i) => `${100 + i},2019-0${1 + (i % 9)}-1${i % 10}T10:00:00,BURGLARY,1,false`);
    writeFileSync(path.join(dir, 'evidence/incidents.csv'), `${readFileSync(path.join(dir, 'evidence/incidents.csv'), 'utf8')}${rows.join('\n')}\n`);
    return dir;
  }
  async function runInProcess(dir: string, args: string[], isTTY: boolean) {
    let stderr = '';
    let stdout = '';
    const code = await main(['node', 'claimcheck', ...args], { cwd: dir, env: { NO_COLOR: '1' }, stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), stdoutIsTTY: false, stderrIsTTY: isTTY, progressDelayMs: 0 });
    return { status: code, stdout, stderr };
  }

  it('is drawn on a terminal and erased when the read ends', async () => {
    const r = await runInProcess(bigCase(), ['audit', '--format', 'json', '--out', 'r.json'], true);
    expect(r.status).toBe(0);
    const parts = r.stderr.split('\r\u001b[2K');
    expect(parts[1]).toMatch(/^reading evidence\/incidents\.csv \[#+-+\] +\d+% +0\.\d\/0\.2 MB$/);
    // The bar erases itself when the read ends: what follows starts on a clean line and is not the bar.
    expect(parts.at(-1)).toMatch(/^evidence\/incidents\.csv:1: note: aggregated .*\nwrote r\.json \(json, 2 claims\)\n$/s);
  });
  it('is silent when stderr is not a terminal (CI, pipes)', async () => {
    const r = await runInProcess(bigCase(), ['audit', '--format', 'json', '--out', 'r.json'], false);
    expect(r.stderr).not.toMatch(/reading|\r|\u001b/);
    const cli = runCli(['audit', '--format', 'json', '--out', 'r.json'], { cwd: bigCase() });
    expect(cli.stderr).not.toMatch(/reading|\r|\u001b/);
  });
  it('is silent with --quiet, which also drops the status line and the notes', async () => {
    const r = await runInProcess(bigCase(), ['--quiet', 'audit', '--format', 'json', '--out', 'r.json'], true);
    expect(r.status).toBe(0);
    expect(r.stderr).not.toMatch(/reading|wrote|\r|note/);
    const after = await runInProcess(bigCase(), ['audit', '--format', 'json', '--out', 'r.json', '--quiet'], true);
    expect(after.stderr).not.toMatch(/reading|wrote|\r/);
  });
  it('--quiet is listed in the help', () => {
    expect(runCli(['--help']).stdout).toContain('-q, --quiet');
  });
});

// The merge of issue 7 (streaming) with issue 8 (hostile input): streamed files are inputs under
// --max-file-size too, with a larger default, and --quiet silences main's status lines.
describe('limits of streamed incident files', () => {
  it('refuses an aggregated file over --max-file-size, before reading it', () => {
    const dir = copyFixture('cli/aggregated-incidents');
    const rows = Array.from({ length: 200 }, (_, i) => `${100 + i},2019-05-05,THEFT,3,false`);
    writeFileSync(path.join(dir, 'evidence/incidents.csv'), `${readFileSync(path.join(dir, 'evidence/incidents.csv'), 'utf8')}${rows.join('\n')}\n`);
    const r = runCli(['audit', '--max-file-size', '2K'], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^evidence\/incidents\.csv: error: the file is [\d.]+ KB, larger than the 2 KB limit for incident-level evidence files\n/);
    expect(r.stderr).not.toMatch(/claims\.yaml|incidents\.yaml/);
  });
  it('refuses a .csv.gz whose decompressed size passes the limit (a gzip bomb)', () => {
    const dir = copyFixture('cli/aggregated-incidents');
    const csv = readFileSync(path.join(dir, 'evidence/incidents.csv'), 'utf8');
    const padded = `${csv}${Array.from({ length: 20000 }, (_, i) => `${1000 + i},2019-05-05,THEFT,3,false`).join('\n')}\n`;
    writeFileSync(path.join(dir, 'evidence/incidents.csv.gz'), gzipSync(padded));
    rmSync(path.join(dir, 'evidence/incidents.csv'));
    const size = gzipSync(padded).length;
    expect(size).toBeLessThan(100_000);
    const r = runCli(['audit', '--max-file-size', '100K'], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/evidence\/incidents\.csv\.gz: error: the decompressed file is over [\d.]+ KB, larger than the 100 KB limit for incident-level evidence files\n/);
    expect(runCli(['audit', '--format', 'json'], { cwd: dir }).status).toBe(0);
  });
  it('refuses a plain (not aggregated) .csv.gz whose decompressed size passes the limit', () => {
    const dir = copyFixture('cli/aggregated-incidents');
    rmSync(path.join(dir, 'evidence'), { recursive: true });
    const rows = Array.from({ length: 20000 }, (_, i) => `Alderton North,burglaries,${2000 + (i % 20)},${i}`);
    const gz = path.join(dir, 'plain.csv.gz');
    writeFileSync(gz, gzipSync(`region,metric,period,value\n${rows.join('\n')}\n`));
    const r = runCli(['validate', 'plain.csv.gz', '--max-file-size', '64K'], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('plain.csv.gz: error: the decompressed file is larger than the 64 KB limit for evidence files\n');
  });
});

describe('--quiet and the status lines of reports, charts and ClaimReview', () => {
  it('drops "wrote …" lines and ClaimReview notes, but keeps warnings', async () => {
    const dir = copyFixture('cli/aggregated-incidents');
    const args = ['audit', '--as-of', '2026-01-01', '--format', 'md', '--out', 'r.md', '--charts', 'charts', '--format', 'claimreview', '--out', 'cr.json', '--publisher', 'P', '--review-url', 'https://example.org/#{id}'];
    const loud = runCli(args, { cwd: dir });
    expect(loud.status).toBe(0);
    expect(loud.stderr).toMatch(/wrote r\.md \(md, 2 claims\)/);
    expect(loud.stderr).toMatch(/wrote 2 charts to charts/);
    const quiet = runCli(['--quiet', ...args], { cwd: dir });
    expect(quiet.status).toBe(0);
    expect(quiet.stderr).not.toMatch(/wrote|claimreview: note|: note: /);
    // Warnings stay: a map entry that matches no row is one.
    writeFileSync(path.join(dir, 'evidence/incidents.yaml'), readFileSync(path.join(dir, 'evidence/incidents.yaml'), 'utf8').replace('THEFT: thefts', 'THEFT: thefts, ARSON: arsons'));
    const warned = runCli(['--quiet', ...args], { cwd: dir });
    expect(warned.stderr).toMatch(/: warning: /);
    expect(warned.stderr).not.toMatch(/wrote/);
  });
});
