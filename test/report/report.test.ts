import { describe, expect, it } from 'vitest';
import { parseClaims } from '../../src/claims/index.js';
import { buildEvidence, parseEvidenceCsv } from '../../src/evidence/index.js';
import { matchClaims } from '../../src/match/index.js';
import { escapeInline, renderJson, renderMarkdown, renderTerminal } from '../../src/report/index.js';
import { evaluateClaim } from '../../src/stats/index.js';
import type { AuditResult } from '../../src/types.js';

const CLAIMS = `claims:
  - id: nairobi-crime-46
    claimant: Huawei
    statement: "Crime | fell\\n46% <script>alert(1)</script> *really*"
    kind: result
    region: Nairobi
    metric: reported_crimes
    change: -46%
    baseline: 2014
    target: 2015
    sources:
      - { publisher: Bloomberg, title: Hype, date: 2019-11-12, url: "https://example.org/a" }
  - id: vague
    claimant: Vendor
    statement: Crime fell.
    kind: result
    sources:
      - { publisher: Vendor, title: Brochure }
`;
const EVIDENCE = `region,metric,period,value,unit,source\nNairobi,reported_crimes,2014,6732,cases,https://example.org/k\nNairobi,reported_crimes,2015,4382,cases,https://example.org/k\n`;

function auditOf(): AuditResult {
  const { claims } = parseClaims(CLAIMS, 'claims/k.yaml');
  const { evidence } = buildEvidence(parseEvidenceCsv(EVIDENCE, 'evidence/k.csv').observations);
  const settings = { tolerance: 0.5 };
  return {
    inputs: [{ path: 'claims/k.yaml', sha256: 'abc' }],
    results: matchClaims(claims, evidence).map((m) => evaluateClaim(m, settings)),
    series: evidence.series,
    findings: [],
    options: settings,
  };
}

describe('renderJson', () => {
  const report = JSON.parse(renderJson(auditOf()));
  it('has the documented top-level shape', () => {
    expect(Object.keys(report)).toEqual(['schemaVersion', 'tool', 'settings', 'inputs', 'summary', 'results', 'series', 'findings']);
    expect(report.schemaVersion).toBe(2);
    expect(report.tool.name).toBe('claimcheck');
    expect(report.summary.claims).toBe(2);
    expect(report.summary.verdicts).toMatchObject({ 'partly-supported': 1, unverifiable: 1, supported: 0 });
  });
  it('gives percentages as numbers and cites the rows used', () => {
    const r = report.results[0];
    // 4382 / 6732 − 1 = −0.349079… → −34.9079%; gap = −34.9079 − (−46) = 11.0921 pp
    expect(r.observed.change_percent).toBeCloseTo(-34.9079, 4);
    expect(r.gap_pp).toBeCloseTo(11.0921, 4);
    expect(r.evidence.map((e: { file: string; line: number }) => `${e.file}:${e.line}`)).toEqual(['evidence/k.csv:2', 'evidence/k.csv:3']);
    expect(r.claim).toMatchObject({ file: 'claims/k.yaml', line: 2, baseline: '2014', target: '2015' });
  });
  it('leaves observed null when nothing could be computed', () => {
    expect(report.results[1]).toMatchObject({ verdict: 'unverifiable', observed: null, gap_pp: null });
  });
  it('is byte-identical across runs', () => {
    expect(renderJson(auditOf())).toBe(renderJson(auditOf()));
  });
});

describe('renderMarkdown', () => {
  const md = renderMarkdown(auditOf());
  it('keeps the summary table intact whatever the statement holds', () => {
    const header = md.split('\n').find((l) => l.startsWith('| Claim |'))!;
    const row = md.split('\n').find((l) => l.startsWith('| nairobi-crime-46 |'))!;
    const cells = (line: string) => line.replace(/\\\|/g, '').split('|').length;
    expect(cells(row)).toBe(cells(header));
  });
  it('never lets HTML or emphasis through', () => {
    expect(md).not.toContain('<script>');
    expect(md).toContain('&lt;script&gt;');
    expect(md).toContain('\\*really\\*');
    expect(md).toContain('> Crime \\| fell 46%');
  });
  it('has a section per claim with reasons, evidence rows and sources', () => {
    expect(md).toContain('### nairobi-crime-46 — partly-supported');
    expect(md).toContain('| evidence/k.csv | 2 | Nairobi | reported_crimes | 2014 | 6,732 | cases | <https://example.org/k> |');
    expect(md).toContain('1. Bloomberg, "Hype", 2019-11-12. <https://example.org/a>');
    expect(md).toContain('## Sources');
  });
  it('is byte-identical across runs', () => {
    expect(renderMarkdown(auditOf())).toBe(md);
  });
});

describe('escapeInline', () => {
  it.each([
    ['a | b', 'a \\| b'],
    ['line\nbreak', 'line break'],
    ['<b>', '&lt;b&gt;'],
    ['[link](x)', '\\[link\\](x)'],
    ['snake_case stays', 'snake_case stays'],
    ['_emphasis_', '\\_emphasis\\_'],
  ])('%j → %j', (input, expected) => {
    expect(escapeInline(input)).toBe(expected);
  });
  it('escapes block openers only at the start of a line', () => {
    expect(escapeInline('# heading', true)).toBe('\\# heading');
    expect(escapeInline('-46%', true)).toBe('\\-46%');
    expect(escapeInline('-46%')).toBe('-46%');
  });
});

describe('renderTerminal', () => {
  it('has no colour codes without colour, and some with it', () => {
    expect(renderTerminal(auditOf(), false)).not.toMatch(/\u001b\[/);
    expect(renderTerminal(auditOf(), true)).toMatch(/\u001b\[/);
  });
});
