// The CI formats as pure renderers: escaping, severity levels, counts and the ClaimReview scale.
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseClaims } from '../../src/claims/index.js';
import { VERDICT_ORDER } from '../../src/report-model/index.js';
import { buildEvidence, parseEvidenceCsv } from '../../src/evidence/index.js';
import { matchClaims } from '../../src/match/index.js';
import { decideOutcome } from '../../src/policy.js';
import { claimReviewRating, CLAIMREVIEW_RATINGS, render, renderClaimReview, renderGithub, renderJunit, renderSarif, reviewUrl } from '../../src/report/index.js';
import { evaluateClaim } from '../../src/stats/index.js';
import { VERDICTS, type AuditResult } from '../../src/types.js';
import type { ReportDiff } from '../../src/diff/types.js';

// A claims file name with a comma, a colon and a space: all three need escaping somewhere.
const FILE = 'claims/we,ird: name.yaml';
const STATEMENT = 'Crime & "disorder" <fell> 20% :: really,\nper cent \u0007';
const CLAIMS = `claims:
  - id: hostile
    claimant: "Smith & Sons <Security>"
    statement: ${JSON.stringify(STATEMENT)}
    kind: result
    region: Riverton
    metric: burglaries
    change: -20%
    baseline: 2020
    target: 2021
    sources: [{ publisher: Gazette, title: Down, date: 2022-01-15, url: "https://example.org/a?b=1&c=2" }]
  - id: fell-40
    claimant: Police
    statement: Burglaries fell by 40%.
    kind: result
    region: Riverton
    metric: burglaries
    change: -40%
    baseline: 2020
    target: 2021
    sources: [{ publisher: Police, title: Report, date: 2022-02-01 }]
  - id: rose-10
    claimant: Vendor
    statement: Burglaries rose by 10%.
    kind: result
    region: Riverton
    metric: burglaries
    change: +10%
    baseline: 2020
    target: 2021
    sources: [{ publisher: Vendor, title: Brochure }]
  - id: vague
    claimant: Vendor
    statement: Crime fell.
    kind: result
    sources: [{ publisher: Vendor, title: Brochure, date: 2020-05-01 }, { publisher: Blog, title: Repost, date: 2019-01-02, url: "https://example.org/blog" }]
`;
// 1000 → 800 is -20%: hostile is supported, fell-40 exaggerated (f = log(0.8) / log(0.6) = 0.4368 < 0.5), rose-10 contradicted, vague unverifiable.
// The thefts row is repeated: the one warning (period-repeated, at line 5) the finding tests rely on.
const CSV = 'region,metric,period,value,unit\nRiverton,burglaries,2020,1000,cases\nRiverton,burglaries,2021,800,cases\nRiverton,thefts,2021,1,cases\nRiverton,thefts,2021,1,cases\n';

function auditOf(asOf?: string): AuditResult {
  const { claims, findings } = parseClaims(CLAIMS, FILE);
  expect(findings).toEqual([]);
  const built = buildEvidence(parseEvidenceCsv(CSV, 'evidence/e.csv').observations);
  const settings = { tolerance: 0.5, ...(asOf ? { asOf } : {}) };
  return {
    inputs: [
      { path: FILE, sha256: '1'.repeat(64) },
      { path: 'evidence/e.csv', sha256: '2'.repeat(64) },
    ],
    results: matchClaims(claims, built.evidence).map((m) => evaluateClaim(m, settings)),
    series: built.evidence.series,
    findings: built.findings,
    options: settings,
  };
}

const audit = auditOf();
/** The line of a claim's '- id:' in CLAIMS, counted from the text rather than by hand. */
const lineOf = (id: string) => CLAIMS.split('\n').findIndex((l) => l.trim() === `- id: ${id}`) + 1;
const verdictOf = (id: string) => audit.results.find((r) => r.claim.id === id)!.verdict;

it('the fixture gives the verdicts these tests rely on', () => {
  expect(audit.results.map((r) => [r.claim.id, r.verdict])).toEqual([
    ['hostile', 'supported'],
    ['fell-40', 'exaggerated'],
    ['rose-10', 'contradicted'],
    ['vague', 'unverifiable'],
  ]);
  expect(audit.findings.map((f) => f.code)).toEqual(['period-repeated']);
});

/** Undo the runner's escaping of a workflow command. */
function decodeCommand(line: string): { level: string; props: Record<string, string>; message: string } {
  const m = line.match(/^::(\w+) ([^:]*)::(.*)$/);
  expect(m, line).not.toBeNull();
  const unescape = (s: string) => s.replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
  const props = Object.fromEntries(m![2]!.split(',').map((p) => p.split('=') as [string, string]).map(([k, v]) => [k, unescape(v)]));
  return { level: m![1]!, props, message: unescape(m![3]!) };
}

describe('renderGithub', () => {
  const outcome = decideOutcome(audit, { verdicts: ['contradicted'], findings: false });
  const lines = renderGithub(audit, { outcome }).trimEnd().split('\n');
  const commands = lines.filter((l) => l.startsWith('::')).map(decodeCommand);

  it('annotates every claim at its line, and every finding, the most severe first', () => {
    // Errors, then warnings, then notices; within a level claims by the verdict order (worst first), then findings.
    expect(commands.map((c) => [c.level, c.props.file, c.props.line])).toEqual([
      ['error', FILE, String(lineOf('rose-10'))],
      ['warning', FILE, String(lineOf('fell-40'))],
      ['warning', 'evidence/e.csv', '5'],
      ['notice', FILE, String(lineOf('vague'))],
      ['notice', FILE, String(lineOf('hostile'))],
    ]);
  });
  it('makes exactly the failing claims errors', () => {
    expect(commands.filter((c) => c.level === 'error').map((c) => c.props.title)).toEqual(['claimcheck: rose-10 is contradicted']);
    expect(commands[0]!.message).toContain('fails the run: contradicted (--fail-on contradicted)');
  });
  it('emits at most 10 annotations of each level, the worst verdicts first, and counts the rest', () => {
    // 13 copies of each claim: 13 contradicted (errors under --fail-on), 13 partly-supported (warnings), 26 notices.
    const many: AuditResult = {
      ...audit,
      results: Array.from({ length: 13 }, (_, k) => audit.results.map((r) => ({ ...r, claim: { ...r.claim, id: `${r.claim.id}-${k}` } }))).flat(),
    };
    const out = renderGithub(many, { outcome: decideOutcome(many, { verdicts: ['contradicted'], findings: false }) }).trimEnd().split('\n');
    const shown = out.filter((l) => l.startsWith('::')).map(decodeCommand);
    const byLevel = (level: string) => shown.filter((c) => c.level === level);
    expect([byLevel('error').length, byLevel('warning').length, byLevel('notice').length]).toEqual([10, 10, 10]);
    // The notices shown are the 10 worst: the 13 unverifiable claims rank below the 13 supported ones, so 10 unverifiable are shown.
    expect(byLevel('notice').every((c) => c.props.title!.endsWith('is unverifiable'))).toBe(true);
    // Held back: 3 errors; 13 + 1 - 10 = 4 warnings (the finding comes after the claims); 26 - 10 = 16 notices.
    expect(out).toContain(
      'claimcheck: 3 errors, 4 warnings, 16 notices not shown as annotations (GitHub shows 10 of each level per step; the most severe are shown); every claim and finding is in the Markdown report (--format md --out "$GITHUB_STEP_SUMMARY") and the SARIF report (--format sarif)',
    );
    expect(renderGithub(audit)).not.toContain('not shown as annotations');
  });
  it('survives %, newlines, colons and commas, and drops control characters', () => {
    const hostile = commands.find((c) => c.props.title === 'claimcheck: hostile is supported')!;
    expect(hostile.props.title).toBe('claimcheck: hostile is supported');
    expect(hostile.message).toContain('Crime & "disorder" <fell> 20% :: really, per cent \uFFFD');
    expect(hostile.message).not.toMatch(/\u0007/);
    // One annotation per line: the statement's newline did not split the command.
    expect(lines.every((l) => l.startsWith('::') || l.startsWith('claimcheck: '))).toBe(true);
  });
  it('ends with the counts and the reasons the run fails', () => {
    expect(lines.slice(-2)).toEqual(['claimcheck: 4 claims: 1 supported, 1 exaggerated, 1 contradicted, 1 unverifiable', 'claimcheck: fails the run: rose-10: contradicted (--fail-on contradicted)']);
  });
  it('turns warnings into errors under --fail-on findings', () => {
    const out = renderGithub(audit, { outcome: decideOutcome(audit, { verdicts: [], findings: true }) });
    expect(out).toMatch(/^::error file=evidence\/e\.csv,line=5,/m);
  });
});

describe('renderJunit', () => {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['testsuite', 'testcase'].includes(name) });
  const xmlOf = (verdicts: string[], findings = false) => renderJunit(audit, { outcome: decideOutcome(audit, { verdicts, findings }) });

  it('is well-formed XML whatever the statements hold', () => {
    expect(XMLValidator.validate(xmlOf(['contradicted']))).toBe(true);
  });
  it('counts a failure per failing claim and a skip per undecided one', () => {
    const doc = parser.parse(xmlOf(['contradicted', 'exaggerated']));
    expect(doc.testsuites).toMatchObject({ tests: '4', failures: '2', errors: '0' });
    expect(doc.testsuites.testsuite[0]).toMatchObject({ tests: '4', failures: '2', skipped: '1', errors: '0' });
    const cases = doc.testsuites.testsuite[0].testcase;
    expect(cases.map((c: { name: string }) => c.name)).toEqual(['hostile', 'fell-40', 'rose-10', 'vague']);
    expect(cases[2].failure).toMatchObject({ type: 'contradicted' });
    expect(cases[2].failure.message).toMatch(/^contradicted: /);
    expect(cases[2].failure['#text']).toContain('fails the run: contradicted (--fail-on contradicted)');
    expect(cases[3].skipped).toMatch(/^unverifiable: the claim names no region/);
    expect(cases[0].failure).toBeUndefined();
  });
  it('keeps the statement intact through escaping, with impossible characters replaced', () => {
    const doc = parser.parse(xmlOf([]));
    const out: string = doc.testsuites.testsuite[0]['system-out'];
    expect(out).toContain('"Crime & "disorder" <fell> 20% :: really, per cent \uFFFD" (Smith & Sons <Security>)');
    expect(doc.testsuites.testsuite[0].name).toBe(FILE);
  });
  it('adds a failing case per warning under --fail-on findings', () => {
    const doc = parser.parse(xmlOf([], true));
    expect(doc.testsuites).toMatchObject({ tests: '5', failures: '1' });
    expect(doc.testsuites.testsuite[1]).toMatchObject({ name: 'findings', tests: '1', failures: '1' });
  });
});

describe('renderSarif', () => {
  const schema = JSON.parse(readFileSync(new URL('../fixtures/ci/sarif-schema/sarif-2.1.0.json', import.meta.url), 'utf8'));
  const ajv = new Ajv2020.default({ allErrors: true, strict: false });
  addFormats.default(ajv);
  const validate = ajv.compile(schema);
  const diff: ReportDiff = {
    before: { tool: { name: 'claimcheck', version: '0' }, settings: { tolerance: 0.5, as_of: null } },
    after: { tool: { name: 'claimcheck', version: '0' }, settings: { tolerance: 0.5, as_of: null } },
    context: [],
    inputs: [],
    claims: [
      { id: 'rose-10', status: 'changed', file: FILE, line: lineOf('rose-10'), before: { verdict: 'supported', attribution: null, observed: 10, gap: 0, claimType: 'change' }, after: { verdict: 'contradicted', attribution: null, observed: -20, gap: -30, claimType: 'change' }, fields: ['verdict', 'observed', 'gap'], move: 'worse', attributionMove: null, inputs: [] },
    ],
    unchanged: 3,
  };
  const outcome = decideOutcome(audit, { verdicts: [], findings: false, change: 'worse' }, diff);
  const log = JSON.parse(renderSarif(audit, { outcome, diff }));
  const results = log.runs[0].results;

  it('validates against the SARIF 2.1.0 schema', () => {
    expect(validate(log), JSON.stringify(validate.errors, null, 1)).toBe(true);
  });
  it('maps verdicts to kinds and levels (a result not failing has level none)', () => {
    expect(results.map((r: { ruleId: string; kind: string; level: string }) => [r.ruleId, r.kind, r.level])).toEqual([
      ['verdict/supported', 'pass', 'none'],
      ['verdict/exaggerated', 'fail', 'warning'],
      ['verdict/contradicted', 'fail', 'error'],
      ['verdict/unverifiable', 'open', 'none'],
      ['finding/period-repeated', 'fail', 'warning'],
    ]);
  });
  it('locates each result at its claim, with the evidence rows as related locations', () => {
    const r = results[2];
    expect(r.locations[0].physicalLocation).toEqual({ artifactLocation: { uri: 'claims/we%2Cird:%20name.yaml', index: 0 }, region: { startLine: lineOf('rose-10'), startColumn: 5 } });
    expect(r.relatedLocations.map((l: { physicalLocation: { region: { startLine: number } } }) => l.physicalLocation.region.startLine)).toEqual([2, 3]);
    expect(log.runs[0].tool.driver.rules[r.ruleIndex].id).toBe('verdict/contradicted');
  });
  it('records the baseline state and the inputs’ hashes', () => {
    expect(results.slice(0, 4).map((r: { baselineState: string }) => r.baselineState)).toEqual(['unchanged', 'unchanged', 'updated', 'unchanged']);
    expect(results[2].properties).toMatchObject({ baselineVerdict: 'supported', failsRun: true });
    expect(log.runs[0].artifacts[1]).toEqual({ location: { uri: 'evidence/e.csv' }, hashes: { 'sha-256': '2'.repeat(64) } });
  });
});

describe('ClaimReview', () => {
  const settings = { publisher: 'Example Checks', publisherType: 'Organization' as const, urlTemplate: 'https://example.org/audit/{id}' };
  const reviews = JSON.parse(renderClaimReview(auditOf('2026-01-01'), settings));

  it('rates on 1..5 in the order of the verdicts, and every verdict has a rating', () => {
    for (const v of VERDICTS) expect(CLAIMREVIEW_RATINGS[v], v).toBeDefined();
    const values = VERDICT_ORDER.map((v) => claimReviewRating(v).value);
    expect(values).toEqual([...values].sort((a, b) => b - a));
    expect(claimReviewRating('supported').value).toBe(5);
    expect(claimReviewRating('contradicted').value).toBe(1);
  });
  it('rates a verdict it does not know in the middle, in words', () => {
    expect(claimReviewRating('needs-context')).toEqual({ value: 3, name: 'Needs context' });
  });
  it('fills the review from the claim', () => {
    const r = reviews[0];
    expect(r.claimReviewed).toBe('Crime & "disorder" <fell> 20% :: really, per cent \u0007');
    expect(r.url).toBe('https://example.org/audit/hostile');
    expect(r.datePublished).toBe('2026-01-01');
    expect(r.itemReviewed.author).toEqual({ '@type': 'Organization', name: 'Smith & Sons <Security>' });
    expect(r.itemReviewed.appearance[0].url).toBe('https://example.org/a?b=1&c=2');
    expect(r.reviewRating).toMatchObject({ ratingValue: 5, alternateName: 'Supported' });
  });
  it('dates the claim by its earliest dated source', () => {
    expect(reviews[3].itemReviewed.datePublished).toBe('2019-01-02');
    expect(reviews[3].itemReviewed.appearance.map((a: { url?: string }) => a.url ?? null)).toEqual([null, 'https://example.org/blog']);
  });
  it.each([
    ['https://example.org/audit#{id}', 'https://example.org/audit#a-b'],
    ['https://example.org/{id}/{id}.html', 'https://example.org/a-b/a-b.html'],
    ['https://example.org/audit', 'https://example.org/audit#a-b'],
  ])('review URL %s → %s', (template, url) => {
    expect(reviewUrl(template, 'a-b')).toBe(url);
  });
  it('is refused by render() without publisher settings', () => {
    expect(() => render('claimreview', audit)).toThrow(/publisher settings/);
  });
});

describe('every format', () => {
  it.each(['terminal', 'md', 'json', 'junit', 'github', 'sarif', 'claimreview'] as const)('%s is byte-identical across runs', (format) => {
    const options = { claimReview: { publisher: 'P', publisherType: 'Person' as const, urlTemplate: 'https://example.org/{id}' } };
    expect(render(format, auditOf('2026-01-01'), options)).toBe(render(format, auditOf('2026-01-01'), options));
  });
  it('takes a verdict this version does not know (as a newer version may give) as undecided', () => {
    const future = { ...audit, results: audit.results.map((r) => (r.claim.id === 'vague' ? { ...r, verdict: 'needs-context' as unknown as typeof r.verdict } : r)) };
    expect(verdictOf('vague')).toBe('unverifiable');
    const junit = renderJunit(future);
    expect(junit).toContain('<skipped>needs-context: ');
    const sarif = JSON.parse(renderSarif(future));
    const r = sarif.runs[0].results[3];
    expect([r.kind, r.level, sarif.runs[0].tool.driver.rules[r.ruleIndex].id]).toEqual(['open', 'none', 'verdict/needs-context']);
    expect(renderGithub(future).split('\n')[3]).toMatch(/^::notice /);
    for (const format of ['terminal', 'md', 'json'] as const) expect(render(format, future)).toContain('needs-context');
  });
});
