/**
 * Exit codes (0 ok, 1 --fail-on matched, 2 bad input or usage) and the wording of every input error.
 * No run may ever leak a stack trace: runCli checks stderr against /at .*\.js:\d+/ on every call,
 * and the tests below repeat the check where the error path is the point of the test.
 */
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, runCli, STACK_TRACE, tempDir, type AuditJson, type CliRun } from './helpers.js';

const ALL = fixture('cli/all-verdicts');
const MANY_ERRORS = fixture('cli/claims-with-many-errors');
const NOT_A_NUMBER = fixture('cli/evidence-not-a-number');
const VERDICTS_LIST = 'supported, partly-supported, exaggerated, contradicted, not-supported, inconclusive, unverifiable, no-evidence, pending';

function expectUsageError(r: CliRun): void {
  expect(r.status).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).not.toMatch(STACK_TRACE);
  expect(r.stderr).not.toContain('internal error');
}

describe('exit code 0 and 1 (--fail-on)', () => {
  it('0 for a normal audit, whatever the verdicts', () => {
    const r = runCli(['audit'], { cwd: ALL });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('15 claims:');
  });

  it('1 with --fail-on contradicted when claims are contradicted, naming them on stderr', () => {
    const r = runCli(['audit', '--fail-on', 'contradicted'], { cwd: ALL });
    expect(r.status).toBe(1);
    // The report is still printed in full.
    expect(r.stdout).toContain('15 claims:');
    expect(r.stderr).toBe('--fail-on: 2 claims matched (robbery-opposite: contradicted, cameras-500: contradicted)\n');
  });

  it('1 with a comma list and with repeated --fail-on, counting every matching claim', () => {
    const comma = runCli(['audit', '--fail-on', 'pending,not-supported'], { cwd: ALL });
    expect(comma.status).toBe(1);
    expect(comma.stderr).toBe('--fail-on: 2 claims matched (assault-flat: not-supported, burglary-pending: pending)\n');
    const repeated = runCli(['audit', '--fail-on', 'pending', '--fail-on', 'not-supported'], { cwd: ALL });
    expect(repeated.status).toBe(1);
    expect(repeated.stderr).toBe(comma.stderr);
  });

  it('0 with --fail-on when no claim has that verdict', () => {
    // With --as-of after 2025 no claim is pending any more (see verdicts.test.ts).
    const r = runCli(['audit', '--fail-on', 'pending', '--as-of', '2026-01-01'], { cwd: ALL });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    // One supported claim only: nothing to fail on.
    const hostile = runCli(['audit', '--fail-on', 'contradicted,not-supported'], { cwd: fixture('cli/markdown-hostile-text') });
    expect(hostile.status).toBe(0);
    expect(hostile.stderr).toBe('');
  });
});

describe('exit code 2: usage errors', () => {
  it('an invalid --fail-on value, with a suggestion and the list of verdicts', () => {
    const r = runCli(['audit', '--fail-on', 'contradictd'], { cwd: ALL });
    expectUsageError(r);
    expect(r.stderr).toBe(`claimcheck: --fail-on: 'contradictd' is not a verdict, 'attribution:VERDICT' or 'findings' (did you mean 'contradicted'?); verdicts are ${VERDICTS_LIST}; attribution verdicts are supported, partly-supported, inconclusive, not-supported, contradicted, not-computed\n`);
  });

  it('an invalid value inside a --fail-on list is found too', () => {
    const r = runCli(['audit', '--fail-on', 'pending,bogus'], { cwd: ALL });
    expectUsageError(r);
    expect(r.stderr).toMatch(/^claimcheck: --fail-on: 'bogus' is not a verdict/);
  });

  it('an unknown option', () => {
    const r = runCli(['audit', '--bogus'], { cwd: ALL });
    expectUsageError(r);
    expect(r.stderr).toBe("error: unknown option '--bogus'\n(run with --help for usage)\n");
  });

  it('an unknown command, with a suggestion', () => {
    const r = runCli(['audti'], { cwd: ALL });
    expectUsageError(r);
    expect(r.stderr).toContain("error: unknown command 'audti'");
    expect(r.stderr).toContain('(Did you mean audit?)');
  });

  it.each([
    ['abc', ['--tolerance', 'abc']],
    ['-1', ['--tolerance=-1']],
    ['1e999', ['--tolerance', '1e999']],
  ])('a bad --tolerance %s', (shown, args) => {
    const r = runCli(['audit', ...args], { cwd: ALL });
    expectUsageError(r);
    expect(r.stderr).toBe(
      `error: option '-t, --tolerance <pp>' argument '${shown}' is invalid. expected a number of percentage points ≥ 0, e.g. 0.5\n(run with --help for usage)\n`,
    );
  });

  it.each(['2023-02-30', '2023/01/01', '2023-1-1', 'yesterday'])('a bad --as-of %s', (value) => {
    const r = runCli(['audit', '--as-of', value], { cwd: ALL });
    expectUsageError(r);
    expect(r.stderr).toBe(`error: option '--as-of <date>' argument '${value}' is invalid. expected a date YYYY-MM-DD, e.g. 2026-01-01\n(run with --help for usage)\n`);
  });

  it('a bad --format', () => {
    const r = runCli(['audit', '--format', 'xml'], { cwd: ALL });
    expectUsageError(r);
    expect(r.stderr).toContain("argument 'xml' is invalid. Allowed choices are terminal, md, json, html, junit, github, sarif, claimreview, csv.");
  });

  // BUG (src/cli/main.ts, main(): `e.code === 'commander.help'` is mapped to EXIT.ok). Commander throws
  // 'commander.help' both for `claimcheck help` (exitCode 0) and for a missing command (help printed to
  // stderr, exitCode 1), so `claimcheck` with no command exits 0. Bad usage is exit 2 by the contract in
  // src/cli/exit.ts. Kept failing on purpose until src is fixed.
  it('no command at all is a usage error: help on stderr, exit 2', () => {
    const r = runCli([], { cwd: ALL });
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('Usage: claimcheck [options] [command]');
    expect(r.status).toBe(2);
  });
});

describe('exit code 2: input errors', () => {
  it('a claims file with several errors: all of them, each file:line:column, in order, then the count', () => {
    const r = runCli(['audit'], { cwd: MANY_ERRORS });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).not.toMatch(STACK_TRACE);
    const errors = r.stderr.split('\n').filter((l) => / error: /.test(l));
    // Line and column of each offending node in claims/bad.yaml (see the fixture).
    expect(errors).toEqual([
      "claims/bad.yaml:2:9: error: 'id' 'Bad_ID' may use only a-z, 0-9 and single hyphens",
      "claims/bad.yaml:5:11: error: 'kind' must be 'forecast' or 'result', found 'prediction'",
      // This line once slipped through: the sign class [+-−] was a range '+'..'−' that took the digit
      // '1' of "15%" as a sign, so `change: 15%` was read as -5% with no error.
      "claims/bad.yaml:8:13: error: 'change': '15%' has no sign: write -15% for a fall or +15% for a rise",
      "claims/bad.yaml:17:5: error: unknown field 'colour'",
      "claims/bad.yaml:20:12: error: 'value': '1,200' has thousands separators; write 1200",
      "claims/bad.yaml:21:13: error: 'target': '2021-13' is not a period",
      "claims/bad.yaml:22:14: error: 'sources' must be a list with at least one source",
    ]);
    // Each error carries a hint on the next line.
    expect(r.stderr).toContain("claims/bad.yaml:2:9: error: 'id' 'Bad_ID' may use only a-z, 0-9 and single hyphens\n  hint: for example: bad-id\n");
    expect(r.stderr).toMatch(/\n7 errors, 0 warnings\nno report written: fix the errors above \('claimcheck validate' lists them too\)\n$/);
  });

  it.each([
    ['15%', -15],
    ['26%', -26],
    ['40%', -40],
  ])('an unsigned change %s is an error, never silently a different number', (text, signed) => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'claims'));
    const yaml = [
      'claims:',
      '  - id: unsigned',
      '    claimant: Someone',
      '    statement: Something.',
      '    kind: result',
      `    change: ${text}`,
      '    sources: [{ publisher: P, title: T }]',
      '',
    ].join('\n');
    writeFileSync(path.join(dir, 'claims', 'unsigned.yaml'), yaml);
    const r = runCli(['validate', 'claims'], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`claims/unsigned.yaml:6:13: error: 'change': '${text}' has no sign: write ${signed}% for a fall or +${-signed}% for a rise\n`);
  });

  it('an evidence file with a non-numeric value: file:line:column of the cell', () => {
    const r = runCli(['audit'], { cwd: NOT_A_NUMBER });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).not.toMatch(STACK_TRACE);
    // Row 3 of x.csv, column 4 (value) holds "abc".
    expect(r.stderr).toBe(
      [
        "evidence/x.csv:3:4: error: value 'abc' is not a number",
        '  hint: write a plain number such as 6128 or 12.5, or leave the cell blank if the value is missing',
        '1 error, 0 warnings',
        "no report written: fix the errors above ('claimcheck validate' lists them too)",
        '',
      ].join('\n'),
    );
  });

  it('a missing claims directory', () => {
    const dir = tempDir();
    cpSync(path.join(ALL, 'evidence'), path.join(dir, 'evidence'), { recursive: true });
    const r = runCli(['audit'], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(r.stderr).toBe(
      [
        'claims: error: no such claims file or directory',
        "  hint: check the path, or run 'claimcheck init' to create an example",
        '1 error, 0 warnings',
        "no report written: fix the errors above ('claimcheck validate' lists them too)",
        '',
      ].join('\n'),
    );
  });

  it('a missing claims path given with --claims', () => {
    const r = runCli(['audit', '--claims', 'no/such/dir'], { cwd: ALL });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('no/such/dir: error: no such claims file or directory\n');
  });

  it('an empty claims directory', () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'claims'));
    cpSync(path.join(ALL, 'evidence'), path.join(dir, 'evidence'), { recursive: true });
    const r = runCli(['audit'], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(r.stderr).toBe(
      [
        'claims: error: no claims files (.yaml, .yml) in this directory',
        "  hint: add claims files, or run 'claimcheck init'",
        '1 error, 0 warnings',
        "no report written: fix the errors above ('claimcheck validate' lists them too)",
        '',
      ].join('\n'),
    );
  });

  it('input errors beat --fail-on: exit 2, not 1', () => {
    const r = runCli(['audit', '--fail-on', 'contradicted'], { cwd: MANY_ERRORS });
    expect(r.status).toBe(2);
    expect(r.stderr).not.toContain('--fail-on:');
  });
});

describe('an empty evidence directory is not an error', () => {
  const CASE = fixture('cli/empty-evidence-dir');
  // The extension list grows with the evidence formats claimcheck reads; CSV is always first.
  const MESSAGE = /no evidence files \(\.csv(?:, \.[a-z.]+)*\) in this directory/;
  const WARNING = new RegExp(`^evidence: warning: ${MESSAGE.source}\n  hint: add evidence files, or run 'claimcheck init'\n`, 'm');

  it('terminal: exit 0, every claim no-evidence, the warning in the printed findings', () => {
    const r = runCli(['audit'], { cwd: CASE });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('3 claims: 3 no-evidence\n');
    expect(r.stdout).toMatch(new RegExp(`\n1 finding:\n${WARNING.source}`, 'm'));
    for (const id of ['burglary-cut', 'burglary-2022', 'cameras-400']) expect(r.stdout).toMatch(new RegExp(`^${id}\\s+no-evidence\\s`, 'm'));
  });

  it('json: exit 0, every claim no-evidence with the reason, the warning on stderr and in the report', () => {
    const r = runCli(['audit', '--format', 'json'], { cwd: CASE });
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(WARNING);
    expect(r.stderr).toMatch(/\n0 errors, 1 warning\n$/);
    const report = JSON.parse(r.stdout) as AuditJson;
    expect(report.results.map((x) => [x.id, x.verdict])).toEqual([
      ['burglary-cut', 'no-evidence'],
      ['burglary-2022', 'no-evidence'],
      ['cameras-400', 'no-evidence'],
    ]);
    for (const x of report.results) expect(x.reasons).toEqual(["no evidence for region 'Alderton'"]);
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]).toMatchObject({ severity: 'warning', code: 'dir-empty', file: 'evidence', line: null, column: null, hint: "add evidence files, or run 'claimcheck init'", claim: null });
    expect(report.findings[0]!.message).toMatch(new RegExp(`^${MESSAGE.source}$`));
    // The forecast has no series at all, so it is no-evidence rather than pending.
    expect(report.summary.verdicts.pending).toBe(0);
  });
});
