// Finding claimcheck.yaml, loading it, and laying the command line over it (src/config/load.ts).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findConfig, loadConfig, mergeOptions, parseConfig, projectRoot, resolveRun } from '../../src/config/index.js';

const made: string[] = [];
afterEach(() => {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A temporary tree: `files` maps a relative path to its text (a path ending in / is a directory). */
function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'claimcheck-config-'));
  made.push(dir);
  for (const [rel, text] of Object.entries(files)) {
    const p = path.join(dir, rel);
    if (rel.endsWith('/')) mkdirSync(p, { recursive: true });
    else {
      mkdirSync(path.dirname(p), { recursive: true });
      writeFileSync(p, text);
    }
  }
  return dir;
}

describe('findConfig', () => {
  it('finds claimcheck.yaml in the working directory or the nearest directory above it', () => {
    const dir = tree({ 'claimcheck.yaml': 'tolerance: 1\n', 'a/claimcheck.yaml': '', 'a/b/c/': '' });
    expect(findConfig(dir)).toBe(path.join(dir, 'claimcheck.yaml'));
    expect(findConfig(path.join(dir, 'a'))).toBe(path.join(dir, 'a/claimcheck.yaml'));
    expect(findConfig(path.join(dir, 'a/b/c'))).toBe(path.join(dir, 'a/claimcheck.yaml'));
  });

  it('takes claimcheck.yml too; .yaml first when both are there', () => {
    expect(findConfig(tree({ 'claimcheck.yml': '' }))).toMatch(/claimcheck\.yml$/);
    expect(findConfig(tree({ 'claimcheck.yml': '', 'claimcheck.yaml': '' }))).toMatch(/claimcheck\.yaml$/);
  });

  it('stops at the repository root (a directory holding .git, a directory or a worktree’s file), having looked there', () => {
    const dir = tree({ 'claimcheck.yaml': '', 'repo/.git/': '', 'repo/src/': '', 'worktree/.git': 'gitdir: elsewhere\n', 'worktree/src/': '' });
    expect(findConfig(path.join(dir, 'repo/src'))).toBeUndefined();
    expect(findConfig(path.join(dir, 'worktree/src'))).toBeUndefined();
    writeFileSync(path.join(dir, 'repo/claimcheck.yaml'), '');
    expect(findConfig(path.join(dir, 'repo/src'))).toBe(path.join(dir, 'repo/claimcheck.yaml'));
  });

  it('a directory named claimcheck.yaml is not a config', () => {
    const dir = tree({ 'claimcheck.yaml/': '', 'sub/': '' });
    expect(findConfig(path.join(dir, 'sub'))).toBeUndefined();
  });
});

describe('loadConfig', () => {
  it('a missing file is an error that says what to do', async () => {
    const dir = tree({});
    expect((await loadConfig('nope.yaml', dir)).findings).toEqual([
      {
        severity: 'error',
        code: 'config-missing',
        file: 'nope.yaml',
        message: 'the config file does not exist',
        hint: 'check the path given to --config, or leave --config out to use the claimcheck.yaml found from the working directory',
      },
    ]);
  });

  it('names the file from the working directory, and resolves its paths from its own', async () => {
    const dir = tree({ 'ci/strict.yaml': 'claims: ../claims\ntolerance: 0\n', 'claims/a.yaml': 'claims: []\n' });
    const { config, findings } = await loadConfig('ci/strict.yaml', dir);
    expect(findings).toEqual([]);
    expect(config!.claims).toEqual([path.join(dir, 'claims')]);
    expect((await loadConfig('strict.yaml', path.join(dir, 'ci'))).config!.claims).toEqual([path.join(dir, 'claims')]);
    writeFileSync(path.join(dir, 'ci/strict.yaml'), 'tolerance: lots\n');
    expect((await loadConfig('ci/strict.yaml', dir)).findings.map((f) => `${f.file}:${f.line}:${f.column}`)).toEqual(['ci/strict.yaml:1:12']);
  });

  it('a path to read that does not exist is an error where the config names it, each one', async () => {
    const dir = tree({ 'claimcheck.yaml': 'claims: [claims, nope]\nbaseline: old.json\n', 'claims/a.yaml': 'claims: []\n' });
    const { findings } = await loadConfig('claimcheck.yaml', dir);
    expect(findings.map((f) => [`${f.file}:${f.line}:${f.column}`, f.code, f.message])).toEqual([
      ['claimcheck.yaml:1:18', 'config-path', "claims: 'nope' does not exist"],
      ['claimcheck.yaml:2:11', 'config-path', "baseline: 'old.json' does not exist"],
    ]);
  });
});

describe('mergeOptions: the command line wins', () => {
  const DIR = path.resolve('/project');
  const CWD = path.join(DIR, 'sub');
  const config = parseConfig(
    'claims: claims\ntolerance: 1\nas_of: 2026-01-01\noutputs: { md: r/audit.md, charts: r/charts }\nfail_on: [contradicted]\npublisher: { name: P, review_url: "https://e.org/#{id}" }\n',
    path.join(DIR, 'claimcheck.yaml'),
    'claimcheck.yaml',
  ).config;

  it('without a command line, the config as it is, with the terminal summary on stdout beside its reports', () => {
    const run = mergeOptions(config, {}, CWD);
    expect(run).toMatchObject({
      root: DIR,
      configFile: path.join(DIR, 'claimcheck.yaml'),
      claims: [path.join(DIR, 'claims')],
      tolerance: 1,
      asOf: '2026-01-01',
      outputs: [{ format: 'terminal' }, { format: 'md', path: path.join(DIR, 'r/audit.md') }],
      charts: path.join(DIR, 'r/charts'),
      failOn: ['contradicted'],
    });
  });

  it('each option given replaces the config’s; paths typed are read from the working directory', () => {
    const run = mergeOptions(config, { claims: ['mine.yaml'], tolerance: 0, failOn: [], publisher: { name: 'Q' } }, CWD);
    expect(run.claims).toEqual([path.join(CWD, 'mine.yaml')]);
    // 0 and an empty list are said, not "not given".
    expect(run.tolerance).toBe(0);
    expect(run.failOn).toEqual([]);
    expect(run.asOf).toBe('2026-01-01');
    // Publisher settings merge one by one.
    expect(run.publisher).toEqual({ name: 'Q', reviewUrl: 'https://e.org/#{id}' });
  });

  it('--format/--out replace all of the config’s outputs, charts with them', () => {
    const run = mergeOptions(config, { outputs: [{ format: 'json' }] }, CWD);
    expect(run.outputs).toEqual([{ format: 'json' }]);
    expect(run.charts).toBeUndefined();
    // --charts alone keeps the config's reports and moves the charts.
    const charts = mergeOptions(config, { charts: 'elsewhere' }, CWD);
    expect(charts.outputs).toEqual([{ format: 'terminal' }, { format: 'md', path: path.join(DIR, 'r/audit.md') }]);
    expect(charts.charts).toBe(path.join(CWD, 'elsewhere'));
  });

  it('a config output sent to stdout (-) takes the terminal summary’s place', () => {
    const toStdout = parseConfig('outputs: { json: "-", md: a.md }\n', path.join(DIR, 'claimcheck.yaml'), 'claimcheck.yaml').config;
    expect(mergeOptions(toStdout, {}, DIR).outputs).toEqual([{ format: 'json' }, { format: 'md', path: path.join(DIR, 'a.md') }]);
  });

  it('without a config: the command line, paths absolute, shown from the working directory', () => {
    expect(mergeOptions(undefined, { evidence: ['e'] }, CWD)).toEqual({ root: CWD, evidence: [path.join(CWD, 'e')] });
  });
});

describe('projectRoot: where reports show paths from', () => {
  it('is the config’s directory from anywhere inside it, else the working directory', () => {
    const root = path.resolve('/p');
    expect(projectRoot(root, root)).toBe(root);
    expect(projectRoot(root, path.join(root, 'a/b'))).toBe(root);
    // --config ci/strict.yaml from the project root.
    expect(projectRoot(path.join(root, 'ci'), root)).toBe(root);
    expect(projectRoot(path.join(root, 'ci'), path.join(root, '..ci'))).toBe(path.join(root, '..ci'));
  });
});

describe('resolveRun', () => {
  it('--no-config (false) reads no config, even when there is one', async () => {
    const dir = tree({ 'claimcheck.yaml': 'tolerance: 3\n' });
    expect((await resolveRun(dir, undefined, {})).run!.tolerance).toBe(3);
    expect((await resolveRun(dir, false, {})).run).toEqual({ root: dir });
  });

  it('a config with errors gives no run, and its findings', async () => {
    const dir = tree({ 'claimcheck.yaml': 'tolerance: 3\nengine: spark\n' });
    const { run, findings, config } = await resolveRun(dir, undefined, {});
    expect(run).toBeUndefined();
    expect(findings.map((f) => `${f.file}:${f.line}:${f.column}`)).toEqual(['claimcheck.yaml:2:9']);
    // What could be read is still there (validate checks the paths a broken config names).
    expect(config!.tolerance).toBe(3);
  });

  it('--config FILE is read from the working directory', async () => {
    const dir = tree({ 'claimcheck.yaml': 'tolerance: 3\n', 'ci/strict.yaml': 'tolerance: 0\n' });
    const { run } = await resolveRun(dir, 'ci/strict.yaml', {});
    expect(run).toMatchObject({ tolerance: 0, configFile: path.join(dir, 'ci/strict.yaml'), root: dir });
  });
});
