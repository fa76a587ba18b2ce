// Diffs between two audits: the verdict order, what counts as a change, which input explains it,
// and reading a report back with located errors.
import { describe, expect, it } from 'vitest';
import { parseClaims } from '../../src/claims/index.js';
import { diffReports, verdictChanges } from '../../src/diff/index.js';
import { ATTRIBUTION_ORDER, buildReport, compareAttribution, compareVerdicts, parseReport, VERDICT_ORDER, verdictRank } from '../../src/report-model/index.js';
import { buildEvidence, parseEvidenceCsv } from '../../src/evidence/index.js';
import { matchClaims } from '../../src/match/index.js';
import { renderJson } from '../../src/report/index.js';
import { evaluateClaim } from '../../src/stats/index.js';
import { ATTRIBUTION_VERDICTS, VERDICTS, type AuditResult } from '../../src/types.js';
import type { JsonReport } from '../../src/report-model/types.js';

const CLAIMS = `claims:
  - id: fell-20
    claimant: Police
    statement: Burglaries fell by a fifth.
    kind: result
    region: Riverton
    metric: burglaries
    change: -20%
    baseline: 2020
    target: 2021
    sources: [{ publisher: Gazette, title: Down }]
  - id: thefts-cut
    claimant: Police
    statement: Thefts fell by 10%.
    kind: result
    region: Riverton
    metric: thefts
    change: -10%
    baseline: 2020
    target: 2021
    sources: [{ publisher: Gazette, title: Thefts }]
`;

function reportOf(csv: string, claims = CLAIMS, sha = 'a'.repeat(64)): JsonReport {
  const parsed = parseClaims(claims, 'claims/c.yaml');
  const { evidence } = buildEvidence(parseEvidenceCsv(csv, 'evidence/e.csv').observations);
  const settings = { tolerance: 0.5 };
  const audit: AuditResult = {
    inputs: [
      { path: 'claims/c.yaml', sha256: '1'.repeat(64) },
      { path: 'evidence/e.csv', sha256: sha },
    ],
    results: matchClaims(parsed.claims, evidence).map((m) => evaluateClaim(m, settings)),
    series: evidence.series,
    findings: [],
    options: settings,
  };
  return buildReport(audit);
}

const BASE_CSV = 'region,metric,period,value\nRiverton,burglaries,2020,1000\nRiverton,burglaries,2021,800\nRiverton,thefts,2020,500\nRiverton,thefts,2021,501\n';

describe('the verdict order', () => {
  it('ranks every verdict this version gives', () => {
    for (const v of VERDICTS) expect(verdictRank(v), v).toBeTypeOf('number');
  });
  it('already places inconclusive among the undecided verdicts', () => {
    expect(verdictRank('inconclusive')).toBeGreaterThan(verdictRank('partly-supported')!);
    expect(verdictRank('inconclusive')).toBeLessThan(verdictRank('not-supported')!);
  });
  it.each([
    ['supported', 'partly-supported', 'worse'],
    ['partly-supported', 'contradicted', 'worse'],
    ['not-supported', 'contradicted', 'worse'],
    ['pending', 'supported', 'better'],
    ['pending', 'partly-supported', 'better'],
    ['pending', 'no-evidence', 'worse'],
    ['no-evidence', 'inconclusive', 'better'],
    ['contradicted', 'not-supported', 'better'],
    ['supported', 'supported', null],
    // A verdict this version does not know: worse either way, so CI stops rather than passes.
    ['supported', 'disputed', 'worse'],
    ['disputed', 'supported', 'worse'],
  ])('%s → %s is %s', (before, after, move) => {
    expect(compareVerdicts(before, after)).toBe(move);
  });
  it('runs from supported to contradicted', () => {
    expect(VERDICT_ORDER[0]).toBe('supported');
    expect(VERDICT_ORDER[VERDICT_ORDER.length - 1]).toBe('contradicted');
  });
});

describe('diffReports', () => {
  it('finds nothing between identical reports', () => {
    const d = diffReports(reportOf(BASE_CSV), reportOf(BASE_CSV));
    expect(d.claims).toEqual([]);
    expect(d.inputs).toEqual([]);
    expect(d.unchanged).toBe(2);
    expect(d.context).toEqual([]);
  });

  it('names the claim whose verdict got worse and the evidence file that changed', () => {
    // burglaries 1000 → 850 is -15%: the claimed -20% is now 5 pp short (partly-supported).
    const after = reportOf(BASE_CSV.replace('2021,800', '2021,850'), CLAIMS, 'b'.repeat(64));
    const d = diffReports(reportOf(BASE_CSV), after);
    expect(d.inputs).toEqual([{ path: 'evidence/e.csv', status: 'changed', before: 'a'.repeat(64), after: 'b'.repeat(64) }]);
    expect(d.claims).toHaveLength(1);
    const c = d.claims[0]!;
    expect(c).toMatchObject({ id: 'fell-20', status: 'changed', file: 'claims/c.yaml', line: 2, move: 'worse' });
    expect(c.fields).toEqual(['verdict', 'observed', 'gap']);
    expect(c.before).toMatchObject({ verdict: 'supported', observed: -20, gap: 0 });
    expect(c.after).toMatchObject({ verdict: 'partly-supported', observed: -15, gap: 5 });
    expect(c.inputs.map((i) => i.path)).toEqual(['evidence/e.csv']);
    expect(d.unchanged).toBe(1);
    expect(verdictChanges(d, 'worse').map((x) => x.id)).toEqual(['fell-20']);
  });

  it('reports an observed change that keeps the verdict, and a better verdict', () => {
    // thefts 500 → 440 is -12%: a result larger than claimed, partly-supported (was not-supported).
    const d = diffReports(reportOf(BASE_CSV), reportOf(BASE_CSV.replace('2021,501', '2021,440')));
    const c = d.claims.find((x) => x.id === 'thefts-cut')!;
    expect(c.move).toBe('better');
    expect(verdictChanges(d, 'any').map((x) => x.id)).toEqual(['thefts-cut']);
    expect(verdictChanges(d, 'worse')).toEqual([]);
    // Same paths and hashes (the test fixes them): the claim changed, but no input did.
    expect(c.inputs).toEqual([]);

    const e = diffReports(reportOf(BASE_CSV), reportOf(BASE_CSV.replace('2020,1000', '2020,1001')));
    expect(e.claims.map((x) => [x.id, x.fields, x.move])).toEqual([['fell-20', ['observed', 'gap'], null]]);
  });

  it('lists added and removed claims, and changed settings', () => {
    const fewer = CLAIMS.slice(0, CLAIMS.indexOf('  - id: thefts-cut'));
    const before = reportOf(BASE_CSV);
    const after = { ...reportOf(BASE_CSV, fewer.replace('fell-20', 'fell-twenty')), settings: { tolerance: 1, as_of: '2026-01-01' } };
    const d = diffReports(before, after);
    expect(d.claims.map((c) => [c.id, c.status])).toEqual([
      ['fell-20', 'removed'],
      ['fell-twenty', 'added'],
      ['thefts-cut', 'removed'],
    ]);
    expect(d.context).toEqual(['tolerance 0.5 → 1', 'as-of none → 2026-01-01']);
    expect(verdictChanges(d, 'any')).toEqual([]);
  });

  it('notices files added and removed', () => {
    const before = reportOf(BASE_CSV);
    const after = { ...before, inputs: [before.inputs[0]!, { path: 'evidence/new.csv', sha256: 'c'.repeat(64) }] };
    expect(diffReports(before, after).inputs.map((i) => [i.path, i.status])).toEqual([
      ['evidence/e.csv', 'removed'],
      ['evidence/new.csv', 'added'],
    ]);
  });
});

describe('the attribution answer in a diff', () => {
  // A forecast gets an attribution answer (the count tier here: two periods). 800 → 1100 against a
  // claimed -10% is contradicted twice over; 800 → 830 is still contradicted as an outcome (a rise),
  // but the count tier's interval now includes no change, so attribution is only not-supported.
  const FORECAST = `claims:
  - id: cut-10
    claimant: Vendor
    statement: Cameras will cut burglaries by 10%.
    kind: forecast
    region: Riverton
    metric: burglaries
    change: -10%
    baseline: 2021
    target: 2022
    sources: [{ publisher: Vendor, title: Brochure }]
`;
  const csv = (v: number) => `region,metric,period,value,unit\nRiverton,burglaries,2021,800,cases\nRiverton,burglaries,2022,${v},cases\n`;

  it('is compared, apart from the verdict, and ranked on the attribution order', () => {
    const before = reportOf(csv(1100), FORECAST);
    const after = reportOf(csv(830), FORECAST);
    expect([before.results[0]!.verdict, before.results[0]!.attribution?.verdict]).toEqual(['contradicted', 'contradicted']);
    expect([after.results[0]!.verdict, after.results[0]!.attribution?.verdict]).toEqual(['contradicted', 'not-supported']);
    const d = diffReports(before, after);
    const c = d.claims[0]!;
    expect(c.fields).toContain('attribution');
    expect(c.fields).not.toContain('verdict');
    expect([c.move, c.attributionMove]).toEqual([null, 'better']);
    expect(verdictChanges(d, 'any').map((x) => x.id)).toEqual(['cut-10']);
    expect(verdictChanges(d, 'worse')).toEqual([]);
    // The other way round it got worse, and a worse-only policy sees it.
    const back = diffReports(after, before);
    expect(back.claims[0]!.attributionMove).toBe('worse');
    expect(verdictChanges(back, 'worse').map((x) => x.id)).toEqual(['cut-10']);
  });

  it('is not compared against a schemaVersion 1 baseline, which has no attribution answer', () => {
    const v1 = reportOf(csv(1100), FORECAST);
    const old = { ...v1, schemaVersion: 1, results: v1.results.map((r) => ({ ...r, attribution: null })) } as JsonReport;
    const d = diffReports(old, reportOf(csv(830), FORECAST));
    expect(d.claims.map((c) => [c.id, c.fields, c.attributionMove])).toEqual([['cut-10', ['observed', 'gap'], null]]);
    expect(verdictChanges(d, 'any')).toEqual([]);
  });

  it('orders attribution answers from told-apart-for to told-apart-against', () => {
    expect(ATTRIBUTION_ORDER).toEqual(['supported', 'partly-supported', 'inconclusive', 'not-computed', 'not-supported', 'contradicted']);
    for (const v of ATTRIBUTION_VERDICTS) expect(ATTRIBUTION_ORDER, v).toContain(v);
    expect(compareAttribution('inconclusive', 'not-supported')).toBe('worse');
    expect(compareAttribution('not-computed', 'supported')).toBe('better');
    expect(compareAttribution('supported', 'some-future-answer')).toBe('worse');
  });
});

describe('parseReport', () => {
  const good = renderJson({ inputs: [], results: [], series: [], findings: [], options: { tolerance: 0.5 } });

  it('reads back what renderJson writes', () => {
    const { report, findings } = parseReport(good, 'r.json');
    expect(findings).toEqual([]);
    expect(report?.schemaVersion).toBe(2);
  });

  it.each([
    ['truncated JSON', '{\n  "schemaVersion": 1,\n', 'report-json', 3, 1, 'not valid JSON'],
    ['a YAML file', '# claims\nclaims: []\n', 'report-json', 1, 1, "unexpected '#'"],
    ['a value after the end', '{}\n}', 'report-json', 2, 1, 'not valid JSON'],
    ['another tool’s JSON', '{\n  "version": "2.1.0",\n  "runs": []\n}\n', 'report-kind', 1, 1, 'not a claimcheck JSON report'],
    ['a newer schemaVersion', good.replace('"schemaVersion": 2', '"schemaVersion": 3'), 'report-version', 2, 20, 'schemaVersion 3'],
    // The line of the value, found in the text: the report's layout is not this test's business.
    ['results that are not a list', good.replace('"results": []', '"results": {}'), 'report-shape', '"results": {}', 14, "'results' must be a list"],
  ])('%s → %s at %s:%i', (_name, text, code, where, column, message) => {
    const line = typeof where === 'number' ? where : text.split('\n').findIndex((l) => l.includes(where)) + 1;
    const { report, findings } = parseReport(text, 'r.json');
    expect(report).toBeUndefined();
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'error', code, file: 'r.json', line, column });
    expect(findings[0]!.message).toContain(message);
    expect(findings[0]!.hint).toMatch(/claimcheck audit --format json/);
  });

  it('still reads a schemaVersion 1 report (what a diff compares is the same)', () => {
    const { report, findings } = parseReport(good.replace('"schemaVersion": 2', '"schemaVersion": 1'), 'r.json');
    expect(findings).toEqual([]);
    expect(report?.schemaVersion).toBe(1);
  });

  it('locates an unexpected token deep in a long file', () => {
    const text = good.replace('"findings": []', '"findings": [ oops ]');
    const line = text.split('\n').findIndex((l) => l.includes('oops')) + 1;
    const { findings } = parseReport(text, 'r.json');
    expect(findings[0]).toMatchObject({ line, column: text.split('\n')[line - 1]!.indexOf('oops') + 1 });
  });
});
