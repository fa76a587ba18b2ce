// The GitHub Actions example (examples/ci/claimcheck.yml, also in docs/reports.md) runs as written:
// its claimcheck command is taken from the workflow and run on a fixture with a committed baseline.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { copyFixture, edit, ROOT, runCli } from './helpers.js';

const workflowText = readFileSync(path.join(ROOT, 'examples/ci/claimcheck.yml'), 'utf8');
const workflow = parse(workflowText) as { jobs: Record<string, { steps: Array<{ run?: string; with?: Record<string, string> }> }> };
const steps = Object.values(workflow.jobs).flatMap((j) => j.steps);
const auditStep = steps.find((s) => s.run?.includes('claimcheck audit'))!;

/** Split a one-line shell command the way sh would for these simple words: quotes and $VARIABLES. */
function shellWords(command: string, env: Record<string, string>): string[] {
  const words: string[] = [];
  for (const m of command.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) {
    const word = m[1] ?? m[2] ?? m[3]!;
    words.push(m[2] !== undefined ? word : word.replace(/\$\{?([A-Z_]+)\}?/g, (_, name: string) => env[name] ?? ''));
  }
  return words;
}

describe('the GitHub Actions example', () => {
  it('is the same in docs/reports.md', () => {
    const readme = readFileSync(path.join(ROOT, 'docs/reports.md'), 'utf8');
    expect(readme).toContain(workflowText.slice(workflowText.indexOf('name: claims')));
  });

  it('runs: exit 0 on the baseline’s own data, every report written; exit 1 when a verdict gets worse', () => {
    const dir = copyFixture('ci/verdict-mix');
    expect(runCli(['audit', '--format', 'json', '--out', 'reports/audit.json'], { cwd: dir }).status).toBe(0);
    const summary = path.join(dir, 'step-summary.md');
    const words = shellWords(auditStep.run!.replace(/\s+/g, ' ').trim(), { GITHUB_STEP_SUMMARY: summary });
    expect(words.slice(0, 3)).toEqual(['npx', 'claimcheck', 'audit']);
    const args = words.slice(2);

    const ok = runCli(args, { cwd: dir });
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^::notice file=claims\/alpha\.yaml,line=\d+,/m);
    for (const f of ['reports/junit.xml', 'reports/claimcheck.sarif', 'reports/audit.new.json']) expect(existsSync(path.join(dir, f)), f).toBe(true);
    expect(readFileSync(summary, 'utf8')).toContain('## Changes since the baseline');
    // The SARIF upload step reads the file the audit step writes.
    expect(steps.some((s) => s.with?.sarif_file === 'reports/claimcheck.sarif')).toBe(true);

    edit(dir, 'evidence/counts.csv', 'Riverton,burglaries,2021,800,', 'Riverton,burglaries,2021,830,');
    const worse = runCli(args, { cwd: dir });
    expect(worse.status).toBe(1);
    expect(worse.stdout).toMatch(/^::error file=claims\/alpha\.yaml,line=\d+,col=5,title=claimcheck%3A riverton-burglary-fell-20 is partly-supported::/m);
    expect(worse.stdout).toContain('since the baseline: verdict supported → partly-supported (worse)');
    expect(readFileSync(summary, 'utf8')).toMatch(/\| riverton-burglary-fell-20 \(claims\/alpha\.yaml:\d+\) \| worse \|/);
  });
});
