// The library runs every pipeline the CLI does: validate() and check() (audit + baseline diff +
// fail-on policy), called here as a library user would, from src/index.ts.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildReport, check, DEFAULT_TOLERANCE, hasErrors, validate } from '../src/index.js';

const FIXTURE = path.resolve(import.meta.dirname, 'fixtures/ci/verdict-mix');
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A copy of the verdict-mix fixture (claims/, evidence/), to change without touching the original. */
function copy(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'claimcheck-lib-'));
  dirs.push(dir);
  cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

function editEvidence(dir: string, from: string, to: string): void {
  const file = path.join(dir, 'evidence/counts.csv');
  const text = readFileSync(file, 'utf8');
  expect(text).toContain(from);
  writeFileSync(file, text.replace(from, to));
}

describe('validate()', () => {
  it('reads the default claims/ and evidence/ of cwd and counts what it read', async () => {
    const result = await validate({ cwd: FIXTURE });
    expect(hasErrors(result.findings)).toBe(false);
    expect(result).toMatchObject({ files: 3, claims: 8 });
    expect(result.series).toBeGreaterThan(0);
    expect(result.observations).toBeGreaterThan(result.series);
  });

  it('sorts named files by kind: a YAML file with claims: is claims, a CSV is evidence', async () => {
    const result = await validate({ cwd: FIXTURE, paths: ['claims/alpha.yaml', 'evidence/counts.csv'] });
    expect(result.files).toBe(2);
    expect(result.claims).toBeGreaterThan(0);
    expect(result.claims).toBeLessThan(8);
  });

  it('returns every problem as a located finding instead of throwing', async () => {
    const dir = copy();
    editEvidence(dir, 'Riverton,burglaries,2021,800,', 'Riverton,burglaries,2021,eight hundred,');
    const result = await validate({ cwd: dir, paths: ['evidence', 'no-such-dir'] });
    const errors = result.findings.filter((f) => f.severity === 'error');
    expect(errors.map((f) => f.file).sort()).toEqual(['evidence/counts.csv', 'no-such-dir']);
    expect(errors.find((f) => f.file === 'evidence/counts.csv')).toMatchObject({ line: expect.any(Number), column: expect.any(Number) });
  });
});

describe('check()', () => {
  it('without a baseline: the audit and an outcome with no failures unless a policy says so', async () => {
    const plain = await check({ cwd: FIXTURE });
    expect(plain.stopped).toBeUndefined();
    if (plain.stopped) return;
    expect(plain.audit.options.tolerance).toBe(DEFAULT_TOLERANCE);
    expect(plain.audit.results).toHaveLength(8);
    expect(plain.diff).toBeUndefined();
    expect(plain.outcome.failures).toEqual([]);

    const strict = await check({ cwd: FIXTURE, failOn: { verdicts: ['not-supported'] } });
    if (strict.stopped) throw new Error('stopped');
    const notSupported = strict.audit.results.filter((r) => r.verdict === 'not-supported').map((r) => r.claim.id);
    expect(notSupported.length).toBeGreaterThan(0);
    expect(strict.outcome.failures.map((f) => f.claimId)).toEqual(notSupported);
  });

  it('against a baseline: the diff names the claim whose verdict got worse, and failOnChange fails on it', async () => {
    const dir = copy();
    const before = await check({ cwd: dir });
    if (before.stopped) throw new Error('stopped');
    writeFileSync(path.join(dir, 'baseline.json'), JSON.stringify(buildReport(before.audit)));
    editEvidence(dir, 'Riverton,burglaries,2021,800,', 'Riverton,burglaries,2021,850,');

    const after = await check({ cwd: dir, baseline: 'baseline.json', failOnChange: 'worse' });
    if (after.stopped) throw new Error('stopped');
    const changed = after.diff!.claims.filter((c) => c.before?.verdict !== c.after?.verdict);
    // 1000 → 850 is −15%: short of the claimed −20% (partly supported), and under half of the claimed −30% on the log scale (exaggerated).
    expect(changed.map((c) => [c.id, c.before!.verdict, c.after!.verdict, c.move])).toEqual([
      ['riverton-burglary-fell-20', 'supported', 'partly-supported', 'worse'],
      ['riverton-burglary-fell-30', 'partly-supported', 'exaggerated', 'worse'],
    ]);
    expect(after.outcome.failures.map((f) => [f.rule, f.claimId])).toEqual([
      ['change', 'riverton-burglary-fell-20'],
      ['change', 'riverton-burglary-fell-30'],
    ]);

    const same = await check({ cwd: dir, baseline: 'baseline.json' });
    if (same.stopped) throw new Error('stopped');
    expect(same.outcome.failures).toEqual([]);
  });

  it('stops with findings, not an exception, when the baseline is not a report or the inputs have errors', async () => {
    const dir = copy();
    writeFileSync(path.join(dir, 'baseline.json'), '{"not": "a report"}');
    const badBaseline = await check({ cwd: dir, baseline: 'baseline.json' });
    expect(badBaseline.stopped).toBe('baseline');
    expect(badBaseline.stopped && badBaseline.findings[0]).toMatchObject({ severity: 'error', file: 'baseline.json' });

    editEvidence(dir, 'Riverton,burglaries,2021,800,', 'Riverton,burglaries,2021,eight hundred,');
    const badInput = await check({ cwd: dir });
    expect(badInput.stopped).toBe('inputs');
    expect(badInput.stopped && hasErrors(badInput.findings)).toBe(true);
  });
});
