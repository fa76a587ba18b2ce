// A full disk: the report is written whole or not at all. On a real small file system (a tmpfs mounted
// by the test, which needs root and permission to mount), a report that does not fit gives exit 2 and
// a message naming it, the previous report stays as it was and no temporary file is left behind.
// Before this was tested, `--format md --out r.md` on a nearly full disk printed "wrote r.md", exited
// 0 and left the first 8,192 bytes of the report in place of the old one.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, STACK_TRACE } from './helpers.js';

const SIZE = 64 * 1024;
const mountPoint = mkdtempSync(path.join(tmpdir(), 'claimcheck-full-disk-'));
let whyNot: string | undefined;

beforeAll(() => {
  if (process.platform !== 'linux') whyNot = 'tmpfs mounts are a Linux test';
  else if (process.getuid?.() !== 0) whyNot = 'mounting a tmpfs needs root';
  else {
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${SIZE}`, 'tmpfs', mountPoint], { stdio: 'pipe' });
    } catch (e) {
      whyNot = `mount is not permitted here (${String((e as { stderr?: Buffer }).stderr ?? e).trim()})`;
    }
  }
});
afterAll(() => {
  if (!whyNot) execFileSync('umount', [mountPoint]);
  rmdirSync(mountPoint);
});

/** Fill the file system until `free` bytes are left (in whole pages, as tmpfs counts them). */
function fillTo(free: number): void {
  const stat = execFileSync('df', ['-B1', '--output=avail', mountPoint], { encoding: 'utf8' }).trim().split('\n').pop()!;
  const avail = Number(stat);
  if (avail > free) writeFileSync(path.join(mountPoint, `fill-${avail}`), Buffer.alloc(avail - free));
}

describe('a report that does not fit on its disk', () => {
  it.for(['md', 'json', 'html'])('--format %s: exit 2, the old report kept, nothing left behind', async (format, ctx) => {
    if (whyNot) ctx.skip(whyNot);
    const target = path.join(mountPoint, `audit.${format}`);
    writeFileSync(target, 'the previous report\n');
    // 8 KiB free: less than any of these reports of the bundled example (≥ 50 KB), more than nothing,
    // so the first write is a short one rather than an outright failure.
    fillTo(8192);
    const run = await runCli(['audit', '--format', format, '--out', target, '--quiet']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`${target}: error: cannot write the report: no space left on the device`);
    expect(run.stderr).toContain('no report was written and any previous one is unchanged');
    expect(run.stderr).not.toContain('wrote ');
    expect(run.stderr).not.toMatch(STACK_TRACE);
    expect(readFileSync(target, 'utf8')).toBe('the previous report\n');
    expect(readdirSync(mountPoint).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('--charts: exit 2 at the first chart that does not fit, every earlier chart and report kept, nothing left behind', async (ctx) => {
    if (whyNot) ctx.skip(whyNot);
    execFileSync('sh', ['-c', `rm -rf ${mountPoint}/fill-* ${mountPoint}/charts`]);
    const charts = path.join(mountPoint, 'charts');
    const report = path.join(mountPoint, 'charted.md');
    // The bundled example's 18 charts (staged many at once) do not fit in 8 KiB.
    mkdirSync(charts);
    writeFileSync(path.join(charts, 'old.svg'), 'an earlier chart\n');
    writeFileSync(report, 'the previous report\n');
    fillTo(8192);
    const run = await runCli(['audit', '--format', 'md', '--out', report, '--charts', charts, '--quiet']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`^${charts}/[^ ]+\\.svg: error: cannot write the chart: no space left on the device`));
    expect(run.stderr).toContain('no report or chart was written and any previous ones are unchanged');
    expect(run.stderr).not.toMatch(STACK_TRACE);
    expect(readFileSync(report, 'utf8')).toBe('the previous report\n');
    expect(readdirSync(charts)).toEqual(['old.svg']);
    expect(readdirSync(mountPoint).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    execFileSync('sh', ['-c', `rm -rf ${mountPoint}/fill-* ${charts} ${report}`]);
  });

  it('a report that fits is written whole on the same file system', async (ctx) => {
    if (whyNot) ctx.skip(whyNot);
    const target = path.join(mountPoint, 'small.json');
    const run = await runCli(['audit', '-c', 'test/fixtures/good/claims.yaml', '-e', 'test/fixtures/good/evidence.csv', '--format', 'json', '--out', '-', '--quiet']);
    expect(run.status).toBe(0);
    execFileSync('sh', ['-c', `rm -f ${mountPoint}/fill-*`]);
    const written = await runCli(['audit', '-c', 'test/fixtures/good/claims.yaml', '-e', 'test/fixtures/good/evidence.csv', '--format', 'json', '--out', target, '--quiet']);
    expect(written.status).toBe(0);
    expect(readFileSync(target, 'utf8')).toBe(run.stdout);
  });
});
