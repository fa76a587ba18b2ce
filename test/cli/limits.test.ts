// Limits: big and pathological files are refused quickly with a clear message, or read in linear time.
// Large files are generated at run time into a temporary directory, never committed.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, STACK_TRACE } from './helpers.js';

const GOOD_CLAIMS = path.join(ROOT, 'test/fixtures/good/claims.yaml');
const GOOD_EVIDENCE = path.join(ROOT, 'test/fixtures/good/evidence.csv');
const NO_REPORT = "no report written: fix the errors above ('claimcheck validate' lists them too)";
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'claimcheck-limits-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const write = (name: string, content: string | Buffer) => {
  writeFileSync(path.join(dir, name), content);
  return name;
};
const audit = (...args: string[]) => runCli(['audit', ...args], { cwd: dir, timeoutMs: 60_000 });

describe('--max-file-size', () => {
  it('a 50 MB claims file is refused by the 10 MB default, before it is read', async () => {
    const line = '  # padding padding padding padding padding padding padding padding padding padding\n';
    write('huge.yaml', `claims:\n${line.repeat(Math.ceil((50 * 1024 * 1024) / line.length))}`);
    const run = await audit('-c', 'huge.yaml', '-e', GOOD_EVIDENCE);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      'huge.yaml: error: the file is 50 MB, larger than the 10 MB limit for claims files\n' +
        '  hint: split it into smaller files, or raise the limit with --max-file-size (e.g. --max-file-size 64MB)\n' +
        `1 error, 0 warnings\n${NO_REPORT}\n`,
    );
    expect(run.ms).toBeLessThan(5_000);
  });

  it('applies to evidence files when given', async () => {
    const run = await audit('-c', GOOD_CLAIMS, '-e', GOOD_EVIDENCE, '--max-file-size', '64');
    expect(run.status).toBe(2);
    expect(run.stderr.split('\n').slice(0, 2)).toEqual([
      `${GOOD_CLAIMS}: error: the file is 401 bytes, larger than the 64 bytes limit for claims files`,
      '  hint: split it into smaller files, or raise the limit with --max-file-size (e.g. --max-file-size 1KB)',
    ]);
    expect(run.stderr).toContain(`${GOOD_EVIDENCE}: error: the file is 112 bytes, larger than the 64 bytes limit for evidence files\n`);
  });

  it('raises the limit when asked', async () => {
    const run = await audit('-c', GOOD_CLAIMS, '-e', GOOD_EVIDENCE, '--max-file-size', '1k', '--format', 'json');
    expect(run.status).toBe(0);
  });

  it.each([['10XB'], ['-5'], ['0'], ['']])('rejects %j as a size', async (size) => {
    const run = await runCli(['audit', '--max-file-size', size]);
    expect(run.status).toBe(2);
    expect(run.stderr.split('\n')[0]).toBe(`error: option '--max-file-size <size>' argument '${size}' is invalid. expected a size in bytes, or with K, M or G (powers of 1024), e.g. 50MB`);
  });
});

describe('descriptors, taxonomies and baselines are read under the same bounds', () => {
  const evidenceWith = (name: string, descriptor: string | Buffer) => {
    const sub = path.join(dir, name);
    rmSync(sub, { recursive: true, force: true });
    writeFileSync(path.join(dir, `${name}.csv`), 'x');
    rmSync(path.join(dir, `${name}.csv`));
    mkdirSync(sub);
    writeFileSync(path.join(sub, 'data.csv'), 'Area,2014,2015\nNairobi,6732,4382\n');
    writeFileSync(path.join(sub, 'data.yaml'), descriptor);
    return name;
  };
  const errorsOf = (stderr: string) => stderr.split('\n').filter((l) => l.includes(': error: '));

  it('a descriptor past the 10 MB YAML default is refused before it is read', async () => {
    const pad = '# padding padding padding padding padding padding padding padding padding padding\n';
    evidenceWith('big-descriptor', `fixed: { metric: reported_crimes }\n${pad.repeat(Math.ceil((11 * 1024 * 1024) / pad.length))}`);
    const run = await audit('-c', GOOD_CLAIMS, '-e', 'big-descriptor');
    expect(run.status).toBe(2);
    expect(errorsOf(run.stderr)).toEqual(['big-descriptor/data.yaml: error: the file is 11 MB, larger than the 10 MB limit for descriptor files']);
    expect(run.ms).toBeLessThan(5_000);
  });

  it('aliases reused past the budget in a descriptor stop with one finding', async () => {
    const markers = Array(1000).fill("'-'").join(', ');
    const rules = Array(200).fill('  - { column: Area, values: *m }').join('\n');
    evidenceWith('bomb-descriptor', `missing: &m [${markers}]\nskip:\n${rules}\n`);
    const run = await audit('-c', GOOD_CLAIMS, '-e', 'bomb-descriptor');
    expect(run.status).toBe(2);
    expect(errorsOf(run.stderr)).toEqual([
      expect.stringMatching(/^bomb-descriptor\/data\.yaml:\d+:\d+: error: aliases expand to more values than the file holds ten times over \(an alias "bomb"\?\); stopped at '\*m'$/),
    ]);
    expect(run.stderr).not.toMatch(STACK_TRACE);
  });

  it('a descriptor in UTF-16 with a byte-order mark is decoded; one in Latin-1 is an error at the byte', async () => {
    const yaml = 'fixed: { metric: reported_crimes, unit: cases }\nunpivot: { columns: ["2014", "2015"], into: period }\ncolumns: { region: Area }\n';
    evidenceWith('utf16-descriptor', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(yaml, 'utf16le')]));
    const ok = await audit('-c', GOOD_CLAIMS, '-e', 'utf16-descriptor', '--format', 'json');
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout).results[0].verdict).toBe('partly-supported');
    evidenceWith('latin1-descriptor', Buffer.concat([Buffer.from('source: { publisher: M'), Buffer.from([0xfc]), Buffer.from('nchen, title: t }\n')]));
    const bad = await audit('-c', GOOD_CLAIMS, '-e', 'latin1-descriptor');
    expect(bad.status).toBe(2);
    expect(errorsOf(bad.stderr)).toEqual(['latin1-descriptor/data.yaml:1:23: error: the file is not valid UTF-8: byte 0xFC does not belong here (is the file Latin-1 or Windows-1252?)']);
  });

  it('a taxonomy past --max-file-size is refused', async () => {
    const sub = path.join(dir, 'taxonomy-dir');
    rmSync(sub, { recursive: true, force: true });
    mkdirSync(sub);
    writeFileSync(path.join(sub, 'evidence.csv'), 'region,metric,period,value\nNairobi,reported_crimes,2014,6732\nNairobi,reported_crimes,2015,4382\n');
    writeFileSync(path.join(sub, 'taxonomy.yaml'), `regions:\n  Nairobi: [${Array(120).fill('NBI').join(', ')}]\n`);
    const run = await audit('-c', GOOD_CLAIMS, '-e', 'taxonomy-dir', '--max-file-size', '500');
    expect(run.status).toBe(2);
    expect(errorsOf(run.stderr)).toEqual(['taxonomy-dir/taxonomy.yaml: error: the file is 621 bytes, larger than the 500 bytes limit for taxonomy files']);
  });

  it('a --baseline report past --max-file-size is refused before the audit runs', async () => {
    const ok = await audit('-c', GOOD_CLAIMS, '-e', GOOD_EVIDENCE, '--format', 'json', '--out', 'baseline.json');
    expect(ok.status).toBe(0);
    const run = await audit('-c', GOOD_CLAIMS, '-e', GOOD_EVIDENCE, '--baseline', 'baseline.json', '--max-file-size', '1k');
    expect(run.status).toBe(2);
    expect(errorsOf(run.stderr)).toEqual([expect.stringMatching(/^baseline\.json: error: the file is [\d.]+ KB, larger than the 1 KB limit for report files$/)]);
  });
});

describe('pathological YAML', () => {
  it('more tokens than the parser can hold is refused before parsing', async () => {
    // 2.1 M one-letter items: 4.2 M tokens in 4 MB; parsing it would take about 2 GB of memory.
    write('tokens.yaml', `claims: [${'a,'.repeat(2_100_000)}a]\n`);
    const run = await audit('-c', 'tokens.yaml', '-e', GOOD_EVIDENCE);
    expect(run.status).toBe(2);
    expect(run.stderr.split('\n').slice(0, 2)).toEqual([
      'tokens.yaml: error: the file has more than 4,000,000 YAML tokens (keys, values and punctuation); claimcheck refuses it rather than run out of memory',
      '  hint: split the claims into several files',
    ]);
    expect(run.ms).toBeLessThan(20_000);
  });

  it('100,000 keys in one mapping are checked for duplicates in linear time', async () => {
    const keys = Array.from({ length: 100_000 }, (_, i) => `    k${i}: v\n`).join('');
    write('keys.yaml', `claims:\n  - id: many-keys\n${keys}    k5: again\n`);
    const run = await audit('-c', 'keys.yaml', '-e', GOOD_EVIDENCE);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("keys.yaml:100003:5: error: the key 'k5' appears twice in this mapping (first on line 8)\n");
    expect(run.ms).toBeLessThan(20_000);
  });

  it('100,000 aliases of one claim stop at the alias budget with one finding', async () => {
    const head = 'claims:\n  - &c\n    id: same\n    claimant: x\n    statement: y\n    kind: result\n    sources: [{ publisher: p, title: t }]\n';
    write('aliases.yaml', head + '  - *c\n'.repeat(100_000));
    const run = await audit('-c', 'aliases.yaml', '-e', GOOD_EVIDENCE);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^aliases\.yaml:\d+:5: error: aliases expand to more values than the file holds ten times over \(an alias "bomb"\?\); stopped at '\*c'\n/);
    expect(run.stderr.split('\n').filter((l) => l.includes('error:'))).toHaveLength(1);
    expect(run.ms).toBeLessThan(20_000);
  });
});

describe('large evidence', () => {
  it('300,000 rows are read without overflowing the stack', async () => {
    const rows = Array.from({ length: 300_000 }, (_, i) => `Region ${i % 997},metric ${i % 13},${2000 + (i % 300) / 12 | 0}-${String((i % 12) + 1).padStart(2, '0')},${i},cases\n`).join('');
    write('big.csv', `region,metric,period,value,unit\n${rows}Nairobi,reported_crimes,2014,6732,cases\nNairobi,reported_crimes,2015,4382,cases\n`);
    const run = await audit('-c', GOOD_CLAIMS, '-e', 'big.csv', '--format', 'json');
    expect(run.stderr).not.toMatch(STACK_TRACE);
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout).results[0].verdict).toBe('partly-supported');
  });

  it('a long daily span over a long daily series resolves quickly', async () => {
    const days: string[] = [];
    for (let d = Date.UTC(1990, 0, 1); d <= Date.UTC(2020, 11, 31); d += 86_400_000) days.push(`A,m,${new Date(d).toISOString().slice(0, 10)},1,cases\n`);
    write('daily.csv', `region,metric,period,value,unit\n${days.join('')}`);
    const claims = (i: number) =>
      `  - id: span-${i}\n    claimant: x\n    statement: y\n    kind: result\n    region: A\n    metric: m\n    change: +0%\n    baseline: 2000-01-01..2013-09-0${i}\n    target: 2014-01-01..2015-12-31\n    sources: [{ publisher: p, title: t }]\n`;
    write('spans.yaml', `claims:\n${[1, 2, 3, 4, 5, 6, 7, 8].map(claims).join('')}`);
    const run = await audit('-c', 'spans.yaml', '-e', 'daily.csv', '--format', 'json');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout).results.map((r: { verdict: string }) => r.verdict)).toEqual(Array(8).fill('supported'));
    expect(run.ms).toBeLessThan(20_000);
  });
});

describe('help', () => {
  it('documents --max-file-size and the csv format', async () => {
    const run = await runCli(['audit', '--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('--max-file-size <size>    largest input file read, e.g. 50MB or 1G (default:\n                            10MB for claims and other YAML, 128MB for evidence\n                            CSV, 2GB for incident-level CSV streamed by\n                            aggregate:)');
    expect(run.stdout).toContain('report format: terminal, md, json, html, junit,\n                            github, sarif, claimreview, csv (default: terminal);');
  });
});
