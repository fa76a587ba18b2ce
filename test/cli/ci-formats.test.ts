// The CI formats end to end, from the built CLI: JUnit that parses with the right counts, SARIF that
// validates against the SARIF 2.1.0 schema, ClaimReview with the fields Google's fact-check markup
// requires, GitHub annotations on the claims' lines, several reports in one run, byte-identical output.
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { claimLine, copyFixture, edit, ROOT, runCli, STACK_TRACE } from './helpers.js';

let dir: string;
beforeAll(() => {
  dir = copyFixture('ci/verdict-mix');
});

const ids = {
  'claims/alpha.yaml': ['riverton-burglary-fell-20', 'riverton-burglary-fell-30', 'riverton-burglary-2022-cut', 'riverton-thefts-cut-10'],
  'claims/beta.yaml': ['riverton-cameras-400', 'riverton-burglary-2025', 'riverton-robbery-cut', 'vendor-brochure'],
};
const fileOf = (id: string) => Object.entries(ids).find(([, list]) => list.includes(id))![0];

describe('--format junit', () => {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['testsuite', 'testcase', 'property'].includes(name) });

  it('parses as XML: a suite per claims file, a case per claim, failures exactly where --fail-on matched', () => {
    const r = runCli(['audit', '--format', 'junit', '--fail-on', 'contradicted,not-supported'], { cwd: dir });
    expect(r.status).toBe(1);
    expect(XMLValidator.validate(r.stdout)).toBe(true);
    const doc = parser.parse(r.stdout);
    // 8 claims; contradicted + not-supported fail; pending, no-evidence, unverifiable are skipped.
    expect(doc.testsuites).toMatchObject({ name: 'claimcheck', tests: '8', failures: '2', errors: '0', skipped: '3' });
    const suites = doc.testsuites.testsuite;
    expect(suites.map((s: { name: string; tests: string; failures: string; skipped: string }) => [s.name, s.tests, s.failures, s.skipped])).toEqual([
      ['claims/alpha.yaml', '4', '2', '0'],
      ['claims/beta.yaml', '4', '0', '3'],
    ]);
    const cases = suites.flatMap((s: { testcase: unknown[] }) => s.testcase);
    expect(cases.map((c: { name: string }) => c.name)).toEqual([...ids['claims/alpha.yaml'], ...ids['claims/beta.yaml']]);
    for (const c of cases) {
      expect(c.classname).toBe(fileOf(c.name));
      expect(Number(c.line)).toBe(claimLine(dir, c.classname, c.name));
    }
    const failed = cases.filter((c: { failure?: unknown }) => c.failure);
    expect(failed.map((c: { name: string }) => c.name)).toEqual(['riverton-burglary-2022-cut', 'riverton-thefts-cut-10']);
    // Failures carry the reasons: 800 → 1100 is +37.5% against a claimed -10%.
    expect(failed[0].failure.type).toBe('contradicted');
    expect(failed[0].failure['#text']).toContain('a fall of 10% was claimed, but the observed change is +37.50%: the opposite direction');
    expect(failed[0].failure['#text']).toContain('evidence/counts.csv:3');
    expect(r.stderr).toContain('--fail-on: 2 claims matched (riverton-burglary-2022-cut: contradicted, riverton-thefts-cut-10: not-supported)');
  });

  it('has no failures without a fail-on policy, matching exit 0', () => {
    const r = runCli(['audit', '--format', 'junit'], { cwd: dir });
    expect(r.status).toBe(0);
    expect(parser.parse(r.stdout).testsuites).toMatchObject({ tests: '8', failures: '0', skipped: '3' });
  });
});

describe('--format sarif', () => {
  const schemaFile = path.join(ROOT, 'test/fixtures/ci/sarif-schema/sarif-2.1.0.json');
  const ajv = new Ajv2020.default({ allErrors: true, strict: false });
  addFormats.default(ajv);
  const validate = ajv.compile(JSON.parse(readFileSync(schemaFile, 'utf8')));

  it('validates against the SARIF 2.1.0 schema, with or without a baseline', () => {
    const plain = runCli(['audit', '--format', 'sarif', '--out', 'out/plain.sarif'], { cwd: dir });
    expect(plain.status).toBe(0);
    expect(runCli(['audit', '--format', 'json', '--out', 'out/base.json'], { cwd: dir }).status).toBe(0);
    const withBaseline = runCli(['audit', '--format', 'sarif', '--baseline', 'out/base.json', '--fail-on', 'contradicted'], { cwd: dir });
    expect(withBaseline.status).toBe(1);
    for (const text of [readFileSync(path.join(dir, 'out/plain.sarif'), 'utf8'), withBaseline.stdout]) {
      const log = JSON.parse(text);
      expect(validate(log), JSON.stringify(validate.errors, null, 1)).toBe(true);
      expect(log.version).toBe('2.1.0');
    }
    const results = JSON.parse(withBaseline.stdout).runs[0].results;
    expect(results.every((x: { baselineState: string }) => x.baselineState === 'unchanged')).toBe(true);
  });

  it('locates a result at each claim’s line and names the verdict as its rule', () => {
    const log = JSON.parse(runCli(['audit', '--format', 'sarif'], { cwd: dir }).stdout);
    const results = log.runs[0].results;
    expect(results).toHaveLength(8);
    for (const x of results) {
      const loc = x.locations[0].physicalLocation;
      expect(loc.region.startLine).toBe(claimLine(dir, loc.artifactLocation.uri, x.properties.claimId));
      expect(x.ruleId).toBe(`verdict/${x.properties.verdict}`);
    }
    expect(log.runs[0].artifacts.map((a: { location: { uri: string } }) => a.location.uri)).toEqual(['claims/alpha.yaml', 'claims/beta.yaml', 'evidence/counts.csv']);
  });
});

describe('--format claimreview', () => {
  const args = ['audit', '--format', 'claimreview', '--publisher', 'Riverton Fact Desk', '--publisher-url', 'https://example.org', '--review-url', 'https://example.org/audit#{id}', '--as-of', '2026-01-01'];

  // Google's fact-check structured data (developers.google.com/search/docs/appearance/structured-data/factcheck):
  // ClaimReview needs claimReviewed, reviewRating and url; author and datePublished are recommended, as is
  // itemReviewed, a Claim with author, datePublished and appearance; the Rating needs alternateName and,
  // for a numeric scale, ratingValue between worstRating and bestRating. This test holds claimcheck to all of them.
  it('writes one review per claim with every field Google asks for', () => {
    const r = runCli(args, { cwd: dir });
    expect(r.status).toBe(0);
    const reviews = JSON.parse(r.stdout);
    expect(reviews).toHaveLength(8);
    for (const review of reviews) {
      expect(review['@context']).toBe('https://schema.org');
      expect(review['@type']).toBe('ClaimReview');
      expect(review.claimReviewed).toMatch(/\S/);
      expect(review.url).toBe(`https://example.org/audit#${review.identifier}`);
      expect(review.datePublished).toBe('2026-01-01');
      expect(review.author).toEqual({ '@type': 'Organization', name: 'Riverton Fact Desk', url: 'https://example.org' });
      const rating = review.reviewRating;
      expect(rating['@type']).toBe('Rating');
      expect(rating).toMatchObject({ bestRating: 5, worstRating: 1 });
      expect(Number.isInteger(rating.ratingValue) && rating.ratingValue >= 1 && rating.ratingValue <= 5).toBe(true);
      expect(rating.alternateName).toMatch(/\S/);
      const item = review.itemReviewed;
      expect(item['@type']).toBe('Claim');
      expect(item.author['@type']).toMatch(/^(Organization|Person)$/);
      expect(item.author.name).toMatch(/\S/);
      expect(item.appearance.length).toBeGreaterThan(0);
      for (const a of item.appearance) expect(a['@type']).toBe('CreativeWork');
    }
    const byId = new Map(reviews.map((x: { identifier: string }) => [x.identifier, x]));
    // Every claim in the fixture has a dated source, so every Claim has a datePublished.
    for (const review of reviews) expect(review.itemReviewed.datePublished).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(byId.get('riverton-burglary-fell-20')).toMatchObject({
      claimReviewed: 'Burglaries fell by a fifth in 2021.',
      itemReviewed: { author: { name: 'Riverton Police' }, datePublished: '2022-01-15', appearance: [{ url: 'https://example.org/gazette/burglaries-down' }] },
      reviewRating: { ratingValue: 5, alternateName: 'Supported' },
    });
    expect(byId.get('riverton-burglary-2022-cut')).toMatchObject({ reviewRating: { ratingValue: 1, alternateName: 'Contradicted' } });
    // As of 2026 the 2025 target is past, and the evidence ends in 2022: no evidence, the middle of the scale.
    expect(byId.get('riverton-burglary-2025')).toMatchObject({ reviewRating: { ratingValue: 3, alternateName: 'No evidence' } });
  });

  it('notes on stderr the claims whose review will lack a date or an appearance URL', () => {
    const copy = copyFixture('ci/verdict-mix');
    edit(copy, 'claims/beta.yaml', '{ publisher: Vendor, title: Product brochure, date: 2020-09-01, url: "https://example.org/vendor/brochure" }', '{ publisher: Vendor, title: Product brochure }');
    const r = runCli(args, { cwd: copy });
    expect(r.status).toBe(0);
    const line = claimLine(copy, 'claims/beta.yaml', 'vendor-brochure');
    expect(r.stderr).toBe(`claimreview: note: vendor-brochure (claims/beta.yaml:${line}): no source has a date (YYYY-MM-DD), so the Claim has no datePublished; no source has a url, so no appearance has one\n`);
    expect(runCli(args, { cwd: dir }).stderr).toBe('');
  });

  it('names every missing setting at once (exit 2)', () => {
    const r = runCli(['audit', '--format', 'claimreview', '--out', 'out/reviews.json'], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      'claimcheck: --format claimreview needs --publisher NAME (who publishes the review), --review-url URL (where each review is published; {id} is replaced by the claim id), --as-of YYYY-MM-DD (the date the review is published)\n',
    );
    expect(existsSync(path.join(dir, 'out/reviews.json'))).toBe(false);
  });

  it('refuses a review URL that is not http(s)', () => {
    const r = runCli([...args.slice(0, -4), '--review-url', 'example.org/{id}', '--as-of', '2026-01-01'], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("--review-url: 'example.org/id' is not an absolute http(s) URL");
  });
});

describe('--format github', () => {
  it('puts one workflow command per claim on the claim’s line, errors exactly where the run fails', () => {
    const r = runCli(['audit', '--format', 'github', '--fail-on', 'contradicted'], { cwd: dir });
    expect(r.status).toBe(1);
    const commands = r.stdout.split('\n').filter((l) => l.startsWith('::'));
    expect(commands).toHaveLength(8);
    for (const c of commands) {
      const m = c.match(/^::(error|warning|notice) file=([^,]+),line=(\d+),col=5,title=claimcheck%3A ([a-z0-9-]+) is ([a-z-]+)::/);
      expect(m, c).not.toBeNull();
      const [, level, file, line, id, verdict] = m!;
      expect(file).toBe(fileOf(id!));
      expect(Number(line)).toBe(claimLine(dir, file!, id!));
      expect(level).toBe(verdict === 'contradicted' ? 'error' : ['partly-supported', 'not-supported'].includes(verdict!) ? 'warning' : 'notice');
    }
  });
});

describe('several reports in one run', () => {
  it('writes each --out with the --format before it, and one format to stdout', () => {
    const r = runCli(['audit', '--format', 'md', '--out', 'out/a.md', '--format', 'github', '--format', 'junit', '--out', 'out/a.xml', '--fail-on', 'not-supported'], { cwd: dir });
    expect(r.status).toBe(1);
    // Each matches what a run with that format alone writes.
    expect(readFileSync(path.join(dir, 'out/a.md'), 'utf8')).toBe(runCli(['audit', '--format', 'md'], { cwd: dir }).stdout);
    expect(readFileSync(path.join(dir, 'out/a.xml'), 'utf8')).toBe(runCli(['audit', '--format', 'junit', '--fail-on', 'not-supported'], { cwd: dir }).stdout);
    expect(r.stdout).toBe(runCli(['audit', '--format', 'github', '--fail-on', 'not-supported'], { cwd: dir }).stdout);
    expect(r.stderr).toContain('wrote out/a.md (md, 8 claims)');
    expect(r.stderr).toContain('wrote out/a.xml (junit, 8 claims)');
  });

  it.each([
    [['--format', 'md', '--format', 'junit'], 'md and junit would all go to stdout'],
    [['--out', 'a', '--format', 'md', '--format', 'json', '--out', 'b'], '--out a comes before any --format'],
    [['--format', 'md', '--out', 'x', '--format', 'json', '--out', 'x'], '--out x is given for both md and json'],
    [['--format', 'xml'], 'Allowed choices are terminal, md, json, html, junit, github, sarif, claimreview, csv.'],
  ])('refuses %j (exit 2)', (extra, message) => {
    const r = runCli(['audit', ...extra], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toMatch(STACK_TRACE);
  });
});

describe('deterministic output', () => {
  it.each(['terminal', 'md', 'json', 'junit', 'github', 'sarif', 'claimreview'])('%s is byte-identical across runs', (format) => {
    const args = ['audit', '--format', format, '--as-of', '2026-01-01', '--publisher', 'P', '--review-url', 'https://example.org/{id}'];
    const first = runCli(args, { cwd: dir });
    expect(first.status).toBe(0);
    expect(first.stdout.length).toBeGreaterThan(100);
    expect(runCli(args, { cwd: dir }).stdout).toBe(first.stdout);
  });
});
