// The exit code contract (docs/commands.md, "Exit codes"): 0 ok, 1 a fail-on policy matched, 2 bad input or usage.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyFixture, runCli, STACK_TRACE } from './helpers.js';

describe('exit codes', () => {
  it.each([
    // 0: the command ran and no policy matched.
    ['verdict-mix', ['audit'], 0, ''],
    ['verdict-mix', ['audit', '--fail-on', 'findings'], 0, ''],
    ['verdict-mix', ['validate'], 0, ''],
    ['verdict-mix', ['--help'], 0, ''],
    // 1: a verdict, a warning or a change matched the policy (reports are still written).
    ['verdict-mix', ['audit', '--fail-on', 'contradicted'], 1, '--fail-on: 1 claim matched (riverton-burglary-2022-cut: contradicted)'],
    ['verdict-mix', ['audit', '--fail-on', 'pending', '--fail-on', 'no-evidence,unverifiable'], 1, '--fail-on: 3 claims matched'],
    ['warning-repeated-period', ['audit', '--fail-on', 'findings'], 1, '--fail-on findings: 1 warning'],
    ['warning-repeated-period', ['audit', '--fail-on', 'contradicted,findings', '--format', 'json'], 1, 'evidence/counts.csv:5: warning: Riverton / thefts 2021 is reported again (also at evidence/counts.csv:4)'],
    // 2: bad usage or input, said in one line, never a stack trace.
    ['verdict-mix', ['audit', '--fail-on', 'contradictd'], 2, "claimcheck: --fail-on: 'contradictd' is not a verdict, 'attribution:VERDICT' or 'findings' (did you mean 'contradicted'?)"],
    ['verdict-mix', ['audit', '--fail-on', 'finding'], 2, "(did you mean 'findings'?)"],
    ['verdict-mix', ['audit', '--fail-on-change'], 2, 'add --baseline REPORT'],
    ['verdict-mix', ['audit', '--baseline', 'nope.json'], 2, 'nope.json: error: no such report file'],
    ['verdict-mix', ['audit', '--format', 'junit', '--out', 'a-directory'], 2, 'a-directory: error: cannot write the report: the path is a directory'],
    ['verdict-mix', ['audit', '--bogus'], 2, "error: unknown option '--bogus'"],
    ['verdict-mix', ['audit', '--claims', 'missing'], 2, 'missing: error: no such claims file or directory'],
    ['verdict-mix', ['diff', 'a.json'], 2, "error: missing required argument 'new'"],
    ['verdict-mix', ['diff', 'a.json', 'b.json', '--format', 'junit'], 2, 'Allowed choices are terminal, md, json.'],
  ])('%s: claimcheck %j → %i', (fixture, args, status, message) => {
    const dir = copyFixture(`ci/${fixture}`);
    mkdirSync(path.join(dir, 'a-directory'));
    const r = runCli(args, { cwd: dir });
    expect(r.status, r.stderr).toBe(status);
    if (message) expect(r.stderr).toContain(message);
    if (status === 0) expect(r.stderr).toBe('');
    expect(r.stderr).not.toMatch(STACK_TRACE);
  });
});

describe('help', () => {
  it('lists every format and the CI options of audit', () => {
    const r = runCli(['audit', '--help'], { cwd: copyFixture('ci/verdict-mix') });
    expect(r.status).toBe(0);
    // commander wraps the descriptions to the terminal's width: compare with spaces collapsed.
    const help = r.stdout.replace(/\s+/g, ' ');
    expect(help).toContain('report format: terminal, md, json, html, junit, github, sarif, claimreview, csv');
    for (const option of ['--baseline <report>', '--fail-on-change [which]', '--fail-on <list>', '--publisher <name>', '--review-url <template>']) expect(help).toContain(option);
    expect(help).toContain("with 'findings' when there is any warning");
  });
  it('lists diff among the commands, with its arguments', () => {
    const dir = copyFixture('ci/verdict-mix');
    expect(runCli(['--help'], { cwd: dir }).stdout).toMatch(/^ {2}diff \[options\] <old> <new> +compare two JSON reports/m);
    expect(runCli(['diff', '--help'], { cwd: dir }).stdout).toContain('Usage: claimcheck diff [options] <old> <new>');
  });
});
