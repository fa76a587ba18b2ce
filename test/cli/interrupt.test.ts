// Ctrl-C during a run: chart files are staged (written to temporary files) as the charts are drawn,
// seconds before the reports; an interrupted run must leave nothing of them behind, and end as the
// signal ends a process.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, copyFixture, listTree } from './helpers.js';

describe('an interrupted audit', () => {
  it('SIGINT while the charts are drawn and staged: no chart, no temporary file, no directory it made, the old report kept', async () => {
    const dir = copyFixture('charts/many-of-few-shapes');
    writeFileSync(path.join(dir, 'audit.md'), 'previous report\n');
    const before = listTree(dir);
    const child = spawn(process.execPath, [BIN, '--quiet', 'audit', '--claims', 'claims.yaml', '--evidence', 'crime.csv', '--format', 'md', '--out', 'audit.md', '--charts', 'out/charts'], {
      cwd: dir,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    // The chart directory appears with the first chart staged; the run is then drawing the rest.
    const charts = path.join(dir, 'out/charts');
    let sent = false;
    for (let i = 0; i < 4000 && !sent; i++) {
      if (existsSync(charts) && readdirSync(charts).length > 0) {
        child.kill('SIGINT');
        sent = true;
      } else await new Promise((r) => setTimeout(r, 5));
    }
    expect(sent, 'the run never started staging charts').toBe(true);
    const { code, signal } = await exited;
    expect({ code, signal }).toEqual({ code: null, signal: 'SIGINT' });
    expect(stderr).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
    // Nothing staged is left: no temporary file, no chart, not even the directories the run made.
    expect(listTree(dir)).toEqual(before);
  });
});
