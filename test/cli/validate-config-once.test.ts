// `validate` reads claimcheck.yaml once: the CLI reads it (for the claims and evidence it names) and
// hands it to the library's validate(), which checks it from that instead of reading it again. The
// reads are counted by wrapping the file reader (in-process, through main), never by a switch in the code.
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { validate } from '../../src/validate.js';
import { copyFixture, fixture, runCli } from './helpers.js';

const reads: string[] = [];
vi.mock('../../src/files.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/files.js')>();
  return {
    ...actual,
    readTextFile: (...args: Parameters<typeof actual.readTextFile>) => {
      reads.push(args[0]);
      return actual.readTextFile(...args);
    },
  };
});
beforeEach(() => {
  reads.length = 0;
});

const PROJECT = 'cli/config-project';
const readsOf = (file: string) => reads.filter((r) => r === file).length;

async function runInProcess(args: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const status = await main(['node', 'claimcheck', ...args], { cwd, env: { NO_COLOR: '1' }, stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { status, stdout, stderr };
}

describe('validate reads the project config once', () => {
  it('the config found from a sub-directory, with errors: read once, its errors named from the project root, as the binary says them', async () => {
    const dir = copyFixture(PROJECT);
    copyFileSync(path.join(fixture('cli/config-with-errors'), 'claimcheck.yaml'), path.join(dir, 'claimcheck.yaml'));
    const cwd = path.join(dir, 'claims');
    const r = await runInProcess(['validate'], cwd);
    expect(readsOf(path.join(dir, 'claimcheck.yaml'))).toBe(1);
    expect(r.status).toBe(2);
    // Named as every other file validate checks: from the project root, not as ../claimcheck.yaml.
    expect(r.stderr).toMatch(/^claimcheck\.yaml:3:12: error: tolerance: /m);
    expect(r.stderr).not.toContain('../claimcheck.yaml');
    const built = runCli(['validate'], { cwd });
    expect(r).toEqual({ status: built.status, stdout: built.stdout, stderr: built.stderr });
  });

  it('the config --config names: read once, and the run it sets is the one checked', async () => {
    const dir = fixture(PROJECT);
    const r = await runInProcess(['validate', '--config', 'ci/strict.yaml'], dir);
    expect(readsOf(path.join(dir, 'ci/strict.yaml'))).toBe(1);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe(runCli(['validate', '--config', 'ci/strict.yaml'], { cwd: dir }).stdout);
  });

  it('the library, not handed the config, reads it itself, once, with the same findings', async () => {
    const dir = copyFixture(PROJECT);
    copyFileSync(path.join(fixture('cli/config-with-errors'), 'claimcheck.yaml'), path.join(dir, 'claimcheck.yaml'));
    const config = path.join(dir, 'claimcheck.yaml');
    const result = await validate({ cwd: dir, config, claims: [path.join(dir, 'claims')], evidence: [path.join(dir, 'evidence')] });
    expect(readsOf(config)).toBe(1);
    const viaCli = await runInProcess(['validate'], dir);
    const errors = result.findings.filter((f) => f.severity === 'error').map((f) => `${f.file}:${f.line}:${f.column}: error: ${f.message}`);
    expect(errors.length).toBeGreaterThan(0);
    for (const e of errors) expect(viaCli.stderr).toContain(e);
  });
});
