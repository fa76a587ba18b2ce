// Paths that go wrong: where the report is written, and claims paths that loop or are not files.
// Made at run time in a temporary directory (symbolic links and FIFOs do not travel well in git).
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, runCli, STACK_TRACE } from './helpers.js';

const isRoot = process.getuid?.() === 0;
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'claimcheck-paths-'));
  mkdirSync(path.join(dir, 'claims'));
  mkdirSync(path.join(dir, 'evidence'));
  copyFileSync(path.join(ROOT, 'test/fixtures/good/claims.yaml'), path.join(dir, 'claims/claims.yaml'));
  copyFileSync(path.join(ROOT, 'test/fixtures/good/evidence.csv'), path.join(dir, 'evidence/evidence.csv'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const audit = (...args: string[]) => runCli(['audit', ...args], { cwd: dir });
const HINT = '  hint: choose a file path you can write to; no report was written and any previous one is unchanged';
const tempFiles = (d: string) => readdirSync(d).filter((f) => f.endsWith('.tmp'));

describe('--out', () => {
  it('creates a missing directory', async () => {
    const run = await audit('--format', 'json', '--out', 'new/deep/dir/report.json');
    expect([run.status, run.stderr]).toEqual([0, 'wrote new/deep/dir/report.json (json, 1 claim)\n']);
    expect(JSON.parse(readFileSync(path.join(dir, 'new/deep/dir/report.json'), 'utf8')).summary.claims).toBe(1);
  });

  it('onto a directory is an error, and the directory is untouched', async () => {
    mkdirSync(path.join(dir, 'a-dir'));
    const run = await audit('--format', 'md', '--out', 'a-dir');
    expect([run.status, run.stderr]).toEqual([2, `a-dir: error: cannot write the report: the path is a directory\n${HINT}\n`]);
    expect(readdirSync(path.join(dir, 'a-dir'))).toEqual([]);
  });

  it('through a file is an error', async () => {
    const run = await audit('--format', 'md', '--out', 'claims/claims.yaml/report.md');
    expect([run.status, run.stderr]).toEqual([2, `claims/claims.yaml/report.md: error: cannot write the report: a part of the path is a file, not a directory\n${HINT}\n`]);
  });

  it.skipIf(!existsSync('/proc/self'))('into /proc, which no one can write, even root, is an error', async () => {
    const run = await audit('--format', 'md', '--out', '/proc/claimcheck-report.md');
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(`/proc/claimcheck-report.md: error: cannot write the report: the directory does not exist and cannot be created, or cannot hold files\n${HINT}\n`);
  });

  // Root writes through file modes, so these only mean something for other users.
  it.skipIf(isRoot)('onto a read-only report is an error, and the report is unchanged', async () => {
    const file = path.join(dir, 'read-only.md');
    writeFileSync(file, 'previous report\n');
    chmodSync(file, 0o444);
    const run = await audit('--format', 'md', '--out', 'read-only.md');
    expect([run.status, run.stderr]).toEqual([2, `read-only.md: error: cannot write the report: permission denied (the file or its directory is not writable)\n${HINT}\n`]);
    expect(readFileSync(file, 'utf8')).toBe('previous report\n');
  });

  it.skipIf(isRoot)('into a read-only directory is an error', async () => {
    const ro = path.join(dir, 'ro-dir');
    mkdirSync(ro);
    chmodSync(ro, 0o555);
    const run = await audit('--format', 'md', '--out', 'ro-dir/report.md');
    chmodSync(ro, 0o755);
    expect([run.status, run.stderr]).toEqual([2, `ro-dir/report.md: error: cannot write the report: permission denied (the file or its directory is not writable)\n${HINT}\n`]);
    expect(tempFiles(ro)).toEqual([]);
  });

  it('replaces a previous report whole, keeping its permissions, and leaves no temporary file', async () => {
    const file = path.join(dir, 'kept-mode.md');
    writeFileSync(file, 'previous report\n');
    chmodSync(file, 0o640);
    const run = await audit('--format', 'md', '--out', 'kept-mode.md');
    expect(run.status).toBe(0);
    expect(readFileSync(file, 'utf8')).toMatch(/^# Claim audit\n/);
    expect(execFileSync('stat', ['-c', '%a', file], { encoding: 'utf8' }).trim()).toBe('640');
    expect(tempFiles(dir)).toEqual([]);
  });

  it('keeps modes the umask would take off a new file (group and world write), for a report and for --charts files', async () => {
    // A first run makes the chart file; the second replaces both files, each with its mode set by hand.
    expect((await audit('--format', 'md', '--out', 'shared.md', '--charts', 'shared-charts')).status).toBe(0);
    const [chart] = readdirSync(path.join(dir, 'shared-charts'));
    const chartFile = path.join(dir, 'shared-charts', chart!);
    const report = path.join(dir, 'shared.md');
    chmodSync(report, 0o666);
    chmodSync(chartFile, 0o662);
    // Under umask 022 a file opened with these modes loses the write bits: each must be set again.
    const run = spawnSync('sh', ['-c', 'umask 022 && exec "$0" "$@"', process.execPath, BIN, 'audit', '--format', 'md', '--out', 'shared.md', '--charts', 'shared-charts'], { cwd: dir, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const mode = (f: string) => execFileSync('stat', ['-c', '%a', f], { encoding: 'utf8' }).trim();
    expect([mode(report), mode(chartFile)]).toEqual(['666', '662']);
    expect(readFileSync(chartFile, 'utf8')).toMatch(/^<svg/);
    expect([...tempFiles(dir), ...tempFiles(path.join(dir, 'shared-charts'))]).toEqual([]);
  });
});

describe('claims and evidence paths', () => {
  it('a symbolic link loop is an error naming the path', async () => {
    symlinkSync('loop-b.yaml', path.join(dir, 'loop-a.yaml'));
    symlinkSync('loop-a.yaml', path.join(dir, 'loop-b.yaml'));
    const run = await audit('-c', 'loop-a.yaml');
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      'loop-a.yaml: error: cannot read claims: the path is a symbolic link loop\n  hint: point the path at a real file or directory\n1 error, 0 warnings\n' +
        "no report written: fix the errors above ('claimcheck validate' lists them too)\n",
    );
  });

  it('a link loop inside a directory is an error naming the link', async () => {
    const d = path.join(dir, 'claims-with-loop');
    mkdirSync(d);
    copyFileSync(path.join(dir, 'claims/claims.yaml'), path.join(d, 'claims.yaml'));
    symlinkSync('self.yaml', path.join(d, 'self.yaml'));
    const run = await audit('-c', 'claims-with-loop');
    expect(run.status).toBe(2);
    expect(run.stderr.split('\n')[0]).toBe('claims-with-loop/self.yaml: error: cannot follow this symbolic link (broken or a loop)');
  });

  it('a directory link back up the tree is skipped with a warning, not walked forever', async () => {
    const d = path.join(dir, 'claims-cycle');
    mkdirSync(path.join(d, 'sub'), { recursive: true });
    copyFileSync(path.join(dir, 'claims/claims.yaml'), path.join(d, 'claims.yaml'));
    symlinkSync('..', path.join(d, 'sub/up'));
    const run = await audit('-c', 'claims-cycle', '--format', 'json');
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.summary.claims).toBe(1);
    expect(report.findings).toEqual([
      {
        severity: 'warning',
        code: 'path-cycle',
        message: 'skipped: this symbolic link leads back into a directory that is already being read',
        file: 'claims-cycle/sub/up',
        line: null,
        column: null,
        hint: 'remove the link, or point it outside the directory tree',
        claim: null,
      },
    ]);
  });

  it('the same file reached twice is read once', async () => {
    symlinkSync('claims.yaml', path.join(dir, 'claims/alias.yaml'));
    const run = await audit('-c', 'claims', 'claims/claims.yaml', '--format', 'json');
    rmSync(path.join(dir, 'claims/alias.yaml'));
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout).inputs.map((i: { path: string }) => i.path)).toEqual(['claims/alias.yaml', 'evidence/evidence.csv']);
  });

  it('a FIFO is refused at once instead of blocking', async () => {
    execFileSync('mkfifo', [path.join(dir, 'pipe.csv')]);
    const run = await audit('-e', 'pipe.csv');
    expect(run.status).toBe(2);
    expect(run.stderr.split('\n').slice(0, 2)).toEqual(['pipe.csv: error: not a regular file (a pipe, socket or device)', '  hint: give the path of an evidence file']);
    expect(run.ms).toBeLessThan(10_000);
  });

  it('a device is refused instead of read for ever', async () => {
    const run = await audit('-c', '/dev/zero');
    expect(run.status).toBe(2);
    expect(run.stderr.split('\n')[0]).toBe('/dev/zero: error: not a regular file (a pipe, socket or device)');
  });

  it.skipIf(isRoot)('an unreadable file is an error naming it', async () => {
    const file = path.join(dir, 'secret.yaml');
    copyFileSync(path.join(dir, 'claims/claims.yaml'), file);
    chmodSync(file, 0o000);
    const run = await audit('-c', 'secret.yaml');
    expect(run.status).toBe(2);
    expect(run.stderr.split('\n')[0]).toBe('secret.yaml: error: cannot read file: permission denied');
  });

  it('never prints a stack trace', async () => {
    const run = await audit('-c', 'no/such/dir', '-e', '/dev/null/x');
    expect(run.status).toBe(2);
    expect(run.stderr).not.toMatch(STACK_TRACE);
  });
});
