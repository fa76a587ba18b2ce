// Atomic writes: a run that fails after it has started to write leaves the previous report untouched
// and no temporary file behind. The failure is injected in the test (a content generator that throws,
// a renderer replaced by a mock), never through a switch in the production code.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { writeFileAtomic } from '../../src/cli/write.js';
import { ROOT } from './helpers.js';

const dir = mkdtempSync(path.join(tmpdir(), 'claimcheck-atomic-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const tempFiles = () => readdirSync(dir).filter((f) => f.endsWith('.tmp'));

// The Markdown renderer fails half-way; by then the temporary file must already exist (writing has begun).
const seenWhileRendering: string[][] = [];
vi.mock('../../src/report/markdown.js', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../src/report/markdown.js')>()),
  renderMarkdown: () => {
    seenWhileRendering.push(tempFiles());
    throw new Error('injected failure mid-render');
  },
}));

describe('writeFileAtomic', () => {
  it('keeps the previous file when the content fails after chunks were written', () => {
    const file = path.join(dir, 'report.csv');
    writeFileSync(file, 'previous report\n');
    let partial = '';
    function* chunks() {
      for (let i = 0; i < 1000; i++) yield `row ${i}\n`;
      const [tmp] = tempFiles();
      partial = readFileSync(path.join(dir, tmp!), 'utf8');
      throw new Error('renderer failed');
    }
    expect(() => writeFileAtomic(file, chunks())).toThrow('renderer failed');
    expect(partial.startsWith('row 0\nrow 1\n')).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe('previous report\n');
    expect(tempFiles()).toEqual([]);
  });

  it('replaces the file whole when the content completes', () => {
    const file = path.join(dir, 'whole.txt');
    writeFileSync(file, 'old\n');
    writeFileAtomic(file, ['a', 'b', 'c\n']);
    expect(readFileSync(file, 'utf8')).toBe('abc\n');
    expect(tempFiles()).toEqual([]);
  });
});

describe('several reports in one run', () => {
  it('replaces none of them when one cannot be written', async () => {
    // (Markdown is the format this file's mock breaks, so JSON and CSV here.)
    const json = path.join(dir, 'several.json');
    const blocked = path.join(dir, 'blocked');
    writeFileSync(json, '{"previous": true}\n');
    mkdirSync(blocked);
    let stderr = '';
    const code = await main(
      ['node', 'claimcheck', 'audit', '-c', path.join(ROOT, 'test/fixtures/good/claims.yaml'), '-e', path.join(ROOT, 'test/fixtures/good/evidence.csv'), '--format', 'json', '--out', 'several.json', '--format', 'csv', '--out', 'blocked'],
      { cwd: dir, env: { NO_COLOR: '1' }, stdout: () => {}, stderr: (s) => (stderr += s) },
    );
    expect(code).toBe(2);
    expect(stderr).toBe('blocked: error: cannot write the report: the path is a directory\n  hint: choose a file path you can write to; no report was written and any previous one is unchanged\n');
    expect(readFileSync(json, 'utf8')).toBe('{"previous": true}\n');
    expect(readdirSync(blocked)).toEqual([]);
    expect(tempFiles()).toEqual([]);
  });
});

describe('audit --out when rendering fails', () => {
  it('reports an internal error (exit 2) and leaves the previous report untouched', async () => {
    const file = path.join(dir, 'audit.md');
    writeFileSync(file, '# previous audit\n');
    let stderr = '';
    const code = await main(
      ['node', 'claimcheck', 'audit', '-c', path.join(ROOT, 'test/fixtures/good/claims.yaml'), '-e', path.join(ROOT, 'test/fixtures/good/evidence.csv'), '--format', 'md', '--out', file],
      { cwd: dir, env: { NO_COLOR: '1' }, stdout: () => {}, stderr: (s) => (stderr += s) },
    );
    expect(code).toBe(2);
    expect(stderr).toBe(
      'claimcheck: internal error: injected failure mid-render\n  this is a bug in claimcheck; please report it with the command you ran (--debug prints the stack)\n',
    );
    expect(seenWhileRendering).toEqual([[expect.stringMatching(/^\.audit\.md\.\d+\.[0-9a-f]{8}\.tmp$/)]]);
    expect(readFileSync(file, 'utf8')).toBe('# previous audit\n');
    expect(tempFiles()).toEqual([]);
  });
});
