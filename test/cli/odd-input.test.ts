// Inputs that look broken but are valid: odd encodings, line endings, names and YAML forms are read
// exactly as meant. Each runs the real binary and checks the verdicts and what was read.
import { describe, expect, it } from 'vitest';
import { runCli, STACK_TRACE } from './helpers.js';

const ODD = 'test/fixtures/odd';
const GOOD_CLAIMS = 'test/fixtures/good/claims.yaml';
const GOOD_EVIDENCE = 'test/fixtures/good/evidence.csv';

interface JsonReport {
  results: Array<{ id: string; verdict: string; reasons: string[]; claim: Record<string, unknown>; evidence: Array<{ file: string; line: number; value: number }> }>;
  findings: Array<{ severity: string; code: string; message: string; file: string; line: number | null }>;
}

async function auditJson(claims: string, evidence: string): Promise<JsonReport> {
  const run = await runCli(['audit', '-c', claims, '-e', evidence, '--format', 'json']);
  expect(run.stderr).not.toMatch(STACK_TRACE);
  expect(run.status).toBe(0);
  return JSON.parse(run.stdout) as JsonReport;
}

describe('odd but valid evidence', () => {
  // Nairobi 6732 → 4382 is −34.91%: every one of these must be read to exactly that, from the right lines.
  it.concurrent.each([
    ['csv-bom-crlf.csv', [2, 3]],
    ['csv-lone-cr.csv', [2, 3]],
    ['csv-embedded-newline.csv', [2, 4]],
    ['csv-utf16le-bom.csv', [2, 3]],
    ['csv-utf16be-bom.csv', [2, 3]],
    ['csv-negative-percent.csv', [2, 3]],
  ])('%s is read, and cites lines %j', async (name, lines) => {
    const report = await auditJson(GOOD_CLAIMS, `${ODD}/${name}`);
    expect(report.results.map((r) => r.verdict)).toEqual(['partly-supported']);
    expect(report.results[0]!.evidence.map((e) => [e.line, e.value])).toEqual([
      [lines[0], 6732],
      [lines[1], 4382],
    ]);
    // These files give no unit: their numbers are read as levels, and the audit says so once per file.
    expect(report.findings.map((f) => `${f.code} ${f.line}`)).toEqual(name === 'csv-negative-percent.csv' ? [] : ['measure-unknown-unit 2']);
  });

  it('a header with no rows is a warning, and the claim has no evidence', async () => {
    const run = await runCli(['audit', '-c', GOOD_CLAIMS, '-e', `${ODD}/csv-header-only.csv`]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`${ODD}/csv-header-only.csv:1:1: warning: the file has a header but no rows\n  hint: add observations below the header, or remove the file\n`);
    expect(run.stdout).toContain('nairobi-crime-46  no-evidence');
  });

  it('a sum past the largest number gives no-evidence with a reason, not Infinity', async () => {
    const report = await auditJson(GOOD_CLAIMS, `${ODD}/csv-sum-overflows.csv`);
    expect(report.results[0]).toMatchObject({
      verdict: 'no-evidence',
      reasons: ['target: the value for 2015 is too large to compute with (a sum or mean beyond about 1.8e308)'],
    });
  });
});

describe('odd but valid claims', () => {
  it('numbers written where text is expected are kept as written', async () => {
    const report = await auditJson(`${ODD}/yaml-numbers-as-text.yaml`, GOOD_EVIDENCE);
    expect(report.results[0]!.claim).toMatchObject({ claimant: '007', statement: '1e3', baseline: '2014', target: '2015', sources: [{ publisher: 'Bloomberg', title: '2019' }] });
    expect(report.results[0]!.verdict).toBe('partly-supported');
  });

  it('!!timestamp values are read as the dates written, not as Date objects', async () => {
    const report = await auditJson(`${ODD}/yaml-timestamp-tag.yaml`, GOOD_EVIDENCE);
    expect(report.results[0]!.claim).toMatchObject({ baseline: '2014-01-01', target: '2015-01-01', sources: [{ date: '2019-11-12' }] });
    expect(report.results[0]!.reasons[0]).toBe('baseline: the evidence has 2014 as a whole, not 2014-01-01; a year cannot be split');
  });

  it('anchors and aliases reuse a value', async () => {
    const report = await auditJson(`${ODD}/yaml-anchors-reused.yaml`, GOOD_EVIDENCE);
    expect(report.results.map((r) => [r.id, r.claim.claimant, r.verdict])).toEqual([
      ['first', 'Huawei', 'partly-supported'],
      ['second', 'Huawei', 'supported'],
    ]);
  });
});

describe('file names with spaces and non-ASCII characters', () => {
  const dir = `${ODD}/dir with spaces`;
  it('are found in a directory, read, and cited by their names', async () => {
    const report = await auditJson(dir, dir);
    expect(report.results[0]!.claim.file).toBe(`${dir}/claims façade ünïcode.yaml`);
    expect(report.results[0]!.evidence.map((e) => e.file)).toEqual([`${dir}/évidence données.csv`, `${dir}/évidence données.csv`]);
  });

  it('are named exactly in error messages', async () => {
    const run = await runCli(['audit', '-c', `${dir}/claims façade ünïcode.yaml`, '-e', `${dir}/évidence données.csv`, '--max-file-size', '90']);
    expect(run.status).toBe(2);
    expect(run.stderr.split('\n').filter((l) => l.includes('error:'))).toEqual([
      `${dir}/claims façade ünïcode.yaml: error: the file is 273 bytes, larger than the 90 bytes limit for claims files`,
      `${dir}/évidence données.csv: error: the file is 95 bytes, larger than the 90 bytes limit for evidence files`,
    ]);
  });
});
