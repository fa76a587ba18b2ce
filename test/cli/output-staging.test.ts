// OutputStaging: files of one run staged while the run goes on (the CLI stages each chart as soon as
// it is drawn) and renamed into place together, or not at all. Failures are real file-system
// failures (a directory where a file should go), never a switch in the production code.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/io.js';
import { OutputStaging, writeAllOrSay } from '../../src/cli/write-reports.js';
import { tempDir } from './helpers.js';

function ioIn(cwd: string): CliIo & { err: string[] } {
  const err: string[] = [];
  return { cwd, env: {}, stdout: () => {}, stderr: (s) => void err.push(s), stdoutIsTTY: false, stderrIsTTY: false, exitCode: 0, err };
}

/** Every file under `dir`, temporary ones included, relative and sorted. */
function tree(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
}

/** Wait until no temporary file is left in `dir` (a write in flight when the run stopped removes its own). */
async function settled(dir: string): Promise<string[]> {
  for (let i = 0; i < 200 && tree(dir).some((f) => f.endsWith('.tmp')); i++) await new Promise((r) => setTimeout(r, 10));
  return tree(dir);
}

describe('OutputStaging', () => {
  it('files added while the run goes on appear only at commit, with the reports, each whole', async () => {
    const dir = tempDir();
    const io = ioIn(dir);
    const staging = new OutputStaging(io);
    // Added out of order, as charts come back from the drawing threads.
    for (const i of [2, 0, 1]) staging.add(i, { file: `charts/c${i}.svg`, content: `<svg>${i}</svg>\n`, what: 'chart' });
    await new Promise((r) => setTimeout(r, 50));
    // Staged, not in place: only temporary files so far.
    expect(tree(path.join(dir, 'charts')).every((f) => f.endsWith('.tmp'))).toBe(true);
    function* report() {
      yield '# report\n';
      yield 'links c0 c1 c2\n';
    }
    expect(await staging.commit([{ file: 'report.md', content: report() }, { file: 'report.json', content: '{}\n' }])).toBe(true);
    staging.abort(); // after a commit: nothing to undo
    expect(tree(dir)).toEqual(['charts', 'charts/c0.svg', 'charts/c1.svg', 'charts/c2.svg', 'report.json', 'report.md']);
    expect(readFileSync(path.join(dir, 'charts/c2.svg'), 'utf8')).toBe('<svg>2</svg>\n');
    expect(readFileSync(path.join(dir, 'report.md'), 'utf8')).toBe('# report\nlinks c0 c1 c2\n');
    expect(io.err).toEqual([]);
  });

  it('abort while files are being written: nothing appears, no temporary file is left, the previous files stay', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'charts'));
    writeFileSync(path.join(dir, 'charts/c0.svg'), 'previous chart\n');
    const staging = new OutputStaging(ioIn(dir));
    for (let i = 0; i < 40; i++) staging.add(i, { file: `charts/c${i}.svg`, content: 'x'.repeat(100_000), what: 'chart' });
    staging.abort();
    // Every write in flight ends (a write past its checks removes its own temporary file).
    await staging.settled();
    await new Promise((r) => setImmediate(r));
    expect(tree(dir)).toEqual(['charts', 'charts/c0.svg']);
    expect(readFileSync(path.join(dir, 'charts/c0.svg'), 'utf8')).toBe('previous chart\n');
    expect(() => staging.add(40, { file: 'charts/late.svg', content: 'x' })).toThrow(/after commit or abort/);
  });

  it('a file that cannot be written: commit says which (the first in the run’s order, not the first to fail), renames nothing, leaves nothing', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'report.md'), 'previous report\n');
    // A directory where two charts should go: both fail; the message names the earlier one in the run's order.
    mkdirSync(path.join(dir, 'charts/c3.svg'), { recursive: true });
    mkdirSync(path.join(dir, 'charts/c1.svg'), { recursive: true });
    const io = ioIn(dir);
    const staging = new OutputStaging(io);
    for (const i of [3, 0, 2, 1]) staging.add(i, { file: `charts/c${i}.svg`, content: `<svg>${i}</svg>`, what: 'chart' });
    expect(await staging.commit([{ file: 'report.md', content: 'new report\n' }])).toBe(false);
    expect(io.err.join('')).toMatch(/^charts\/c1\.svg: error: cannot write the chart: the path is a directory\n/);
    expect(io.err.join('')).not.toContain('c3.svg');
    expect(await settled(dir)).toEqual(['charts', 'charts/c1.svg', 'charts/c3.svg', 'report.md']);
    expect(readFileSync(path.join(dir, 'report.md'), 'utf8')).toBe('previous report\n');
  });

  it('a file that fails after a later one already failed is still the one reported (charts come back in any order)', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'charts/c3.svg'), { recursive: true });
    mkdirSync(path.join(dir, 'charts/c1.svg'), { recursive: true });
    const io = ioIn(dir);
    const staging = new OutputStaging(io);
    // The fourth chart is drawn (and fails) first; the second comes back only afterwards.
    staging.add(3, { file: 'charts/c3.svg', content: '<svg>3</svg>', what: 'chart' });
    await staging.settled();
    for (const i of [0, 1, 2]) staging.add(i, { file: `charts/c${i}.svg`, content: `<svg>${i}</svg>`, what: 'chart' });
    expect(await staging.commit([])).toBe(false);
    expect(io.err.join('')).toMatch(/^charts\/c1\.svg: error:/);
    expect(await settled(dir)).toEqual(['charts', 'charts/c1.svg', 'charts/c3.svg']);
  });

  it('directories the run made are removed again when it stops; those that were there stay', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'reports'));
    const staging = new OutputStaging(ioIn(dir));
    staging.add(0, { file: 'reports/charts/deep/c0.svg', content: '<svg/>', what: 'chart' });
    staging.add(1, { file: 'reports/c1.svg', content: '<svg/>', what: 'chart' });
    await staging.settled();
    expect(tree(dir)).toContain('reports/charts/deep');
    staging.abort();
    await staging.settled();
    await new Promise((r) => setImmediate(r));
    expect(tree(dir)).toEqual(['reports']);
  });

  it('writeAllOrSay is a staging of the given files, committed at once', async () => {
    const dir = tempDir();
    expect(await writeAllOrSay([{ file: 'a.txt', content: 'a\n' }, { file: 'sub/b.txt', content: ['b', '\n'] }], ioIn(dir))).toBe(true);
    expect(tree(dir)).toEqual(['a.txt', 'sub', 'sub/b.txt']);
    expect(readFileSync(path.join(dir, 'sub/b.txt'), 'utf8')).toBe('b\n');
  });
});
