// The published schemas: every example and every generated report validates, and the claims and
// config schemas agree with their readers on what is valid.
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { audit } from '../../src/audit.js';
import { CLAIM_FIELDS, parseClaims } from '../../src/claims/index.js';
import { EXAMPLE_CLAIMS, EXAMPLE_CONFIG } from '../../src/cli/example.js';
import { CONFIG_KEYS, FAIL_ON_WORDS, OUTPUT_KEYS, parseConfig, PUBLISHER_KEYS } from '../../src/config/index.js';
import { renderJson } from '../../src/report/index.js';
import { VERDICTS } from '../../src/types.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const readJson = (p: string) => JSON.parse(readFileSync(path.join(root, p), 'utf8'));
const claimsSchema = readJson('schema/claims.schema.json');
const reportSchema = readJson('schema/report.schema.json');

// strict: unknown keywords and formats are errors, so a typo in a schema fails here, not in an editor.
// ('required' naming a property defined elsewhere, as in "not both change and value", is allowed.)
const ajv = new Ajv.default({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
addFormats.default(ajv);
const validateClaims = ajv.compile(claimsSchema);
const validateReport = ajv.compile(reportSchema);

function filesUnder(dir: string, ext: RegExp): string[] {
  const abs = path.join(root, dir);
  return readdirSync(abs).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(path.join(root, p)).isDirectory() ? filesUnder(p, ext) : ext.test(name) ? [p] : [];
  });
}

const exampleClaims: Array<[string, string]> = [
  ...filesUnder('claims', /\.ya?ml$/).map((f): [string, string] => [f, readFileSync(path.join(root, f), 'utf8')]),
  ...filesUnder('test/fixtures/ci', /\.ya?ml$/).map((f): [string, string] => [f, readFileSync(path.join(root, f), 'utf8')]),
  // Claims as people make them: bounds, tolerance, units, scale words, tags (issue 15).
  ...filesUnder('test/fixtures/publishers', /^claims.*\.ya?ml$/).map((f): [string, string] => [f, readFileSync(path.join(root, f), 'utf8')]),
  ['claimcheck init (src/cli/example.ts)', EXAMPLE_CLAIMS],
  // The claims example in docs/claims.md, as a reader would copy it.
  ['docs/claims.md', readFileSync(path.join(root, 'docs/claims.md'), 'utf8').split('```yaml\n')[1]!.split('```')[0]!],
];

describe('schema/claims.schema.json', () => {
  it.each(exampleClaims)('validates %s', (_name, text) => {
    expect(parseClaims(text, 'x.yaml').findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(validateClaims(parseYaml(text)), JSON.stringify(validateClaims.errors, null, 1)).toBe(true);
  });

  it('knows exactly the fields the parser knows', () => {
    expect(Object.keys(claimsSchema.definitions.claim.properties).sort()).toEqual([...CLAIM_FIELDS].sort());
  });

  const base = {
    id: 'riverton-burglary',
    claimant: 'Police',
    statement: 'Burglaries fell by a fifth.',
    kind: 'result',
    region: 'Riverton',
    metric: 'burglaries',
    change: '-20%',
    baseline: 2020,
    target: 2021,
    sources: [{ publisher: 'Gazette', title: 'Down', date: '2022-01-15', url: 'https://example.org/a' }],
  };
  // One change to a valid claim per row; the parser and the schema must agree on whether it is valid.
  it.each([
    ['as it is', {}, true],
    ['a change range', { change: '-30%..-28%' }, true],
    ['a change with a minus sign (U+2212)', { change: '−15%' }, true],
    ['no change: 0%', { change: '0%' }, true],
    ['an unsigned change', { change: '15%' }, false],
    ['a change without %', { change: '-15' }, false],
    ['a change as a number', { change: -15 }, false],
    ['a level instead', { change: undefined, value: 8000 }, true],
    ['a level range', { change: undefined, value: '7500..8500' }, true],
    ['a lower bound', { change: undefined, value: '>= 8000' }, true],
    ['a strict bound', { change: undefined, value: '> 8000' }, false],
    ['thousands separators', { change: undefined, value: '8,000' }, false],
    ['both change and value', { value: 8000 }, false],
    ['a baseline span', { baseline: '2013..2015' }, true],
    ['a quarter', { baseline: '2018-Q3', target: '2019-Q3' }, true],
    ['a month 13', { target: '2021-13' }, false],
    ['a quarter 5', { baseline: '2018-Q5' }, false],
    ['target within years', { target: { within: '5y' } }, true],
    ['target within months', { target: { within: '18m' } }, true],
    ['target within a bare number', { target: { within: 5 } }, false],
    ['target with another key', { target: { after: '5y' } }, false],
    ['no region (kept, unverifiable)', { region: undefined }, true],
    ['no target (kept, unverifiable)', { target: undefined }, true],
    ['a numeric claimant', { claimant: 2019 }, true],
    ['an empty claimant', { claimant: '' }, false],
    ['an empty note', { note: null }, true],
    ['a note that is a list', { note: ['a'] }, false],
    ['an id with capitals', { id: 'Riverton_Burglary' }, false],
    ['an id with a double hyphen', { id: 'a--b' }, false],
    ['kind promise', { kind: 'promise' }, false],
    ['an unknown field', { source: 'x' }, false],
    ['no sources', { sources: undefined }, false],
    ['empty sources', { sources: [] }, false],
    ['a source without a title', { sources: [{ publisher: 'Gazette' }] }, false],
    ['a source with an unknown field', { sources: [{ publisher: 'Gazette', title: 'T', page: 3 }] }, false],
    // Claims as people make them (issue 15)
    ['an open rise: ">= +100%"', { change: '>= +100%' }, true],
    ['an open fall: "<= -20%"', { change: '<= -20%' }, true],
    ['an open bound with ≥', { change: '≥ +50%' }, true],
    ['a strict bound on a change', { change: '> +100%' }, false],
    ['an unsigned bound', { change: '>= 100%' }, false],
    ['a tolerance in pp', { tolerance: '2pp' }, true],
    ['a tolerance as a number', { tolerance: 1.5 }, true],
    ['a negative tolerance', { tolerance: -1 }, false],
    ['a tolerance in words', { tolerance: 'a lot' }, false],
    ['a level with a scale word', { change: undefined, value: '12 billion' }, true],
    ['a level range with a scale word', { change: undefined, value: '11..13 bn' }, true],
    ['a level bound with a scale word', { change: undefined, value: '>= 3.5M' }, true],
    ['a level with an unknown word', { change: undefined, value: '12 zillion' }, false],
    ['a level with a unit', { change: undefined, value: 12000, unit: 'USD million' }, true],
    ['a unit with a conversion', { change: undefined, value: 12, unit: 'USD million', conversion: '1 USD = 280.5 PKR' }, true],
    ['a conversion that is not a rate', { change: undefined, value: 12, unit: 'USD million', conversion: 'USD to PKR' }, false],
    ['tags', { tags: ['government', 'safe-city', 'PK'] }, true],
    ['a tag with a space', { tags: ['safe city'] }, false],
    ['tags as a mapping', { tags: { a: 1 } }, false],
  ])('%s: valid = %s', (_name, patch, valid) => {
    const claim = Object.fromEntries(Object.entries({ ...base, ...patch }).filter(([, v]) => v !== undefined));
    const doc = { claims: [claim] };
    const parsed = parseClaims(JSON.stringify(doc), 'x.yaml');
    expect(parsed.findings.filter((f) => f.severity === 'error').length === 0, JSON.stringify(parsed.findings)).toBe(valid);
    expect(validateClaims(doc)).toBe(valid);
  });
});

describe('schema/report.schema.json', () => {
  it('validates the bundled example report', () => {
    expect(validateReport(readJson('reports/audit.json')), JSON.stringify(validateReport.errors, null, 1)).toBe(true);
  });

  const fixtures = readdirSync(path.join(root, 'test/fixtures/ci')).filter((d) => {
    try {
      return statSync(path.join(root, 'test/fixtures/ci', d, 'claims')).isDirectory();
    } catch {
      return false;
    }
  });
  it.each(fixtures)('validates the report generated for test/fixtures/ci/%s', async (dir) => {
    const result = await audit({ cwd: path.join(root, 'test/fixtures/ci', dir), asOf: '2026-01-01' });
    const report = JSON.parse(renderJson(result));
    expect(report.results.length).toBeGreaterThan(0);
    expect(validateReport(report), JSON.stringify(validateReport.errors, null, 1)).toBe(true);
  });

  it('validates a report of a selection, and rejects a selection record of the wrong shape', async () => {
    const result = await audit({ cwd: path.join(root, 'test/fixtures/cli/selection'), select: ['tag:pakistan'], exclude: ['kind:forecast'] });
    const report = JSON.parse(renderJson(result));
    expect(report.settings.selection).toEqual({ select: ['tag:pakistan'], exclude: ['kind:forecast'], claims_read: 5 });
    expect(validateReport(report), JSON.stringify(validateReport.errors, null, 1)).toBe(true);
    expect(validateReport({ ...report, settings: { ...report.settings, selection: { select: 'tag:pakistan', exclude: [], claims_read: 5 } } })).toBe(false);
  });

  // The odd-but-valid inputs and the hostile text of the bad-input work: overflowing sums (no gap, a
  // reason instead), a header with no rows (a warning), control characters and formulas in user text.
  const odd: Array<[string, string, string]> = [
    ...readdirSync(path.join(root, 'test/fixtures/odd'))
      .filter((f) => f.endsWith('.csv'))
      .map((f): [string, string, string] => [f, 'test/fixtures/good/claims.yaml', `test/fixtures/odd/${f}`]),
    ...readdirSync(path.join(root, 'test/fixtures/odd'))
      .filter((f) => f.endsWith('.yaml'))
      .map((f): [string, string, string] => [f, `test/fixtures/odd/${f}`, 'test/fixtures/good/evidence.csv']),
    ['hostile-text', 'test/fixtures/hostile-text/claims.yaml', 'test/fixtures/hostile-text/evidence.csv'],
  ];
  it.each(odd)('validates the report generated for %s', async (_name, claims, evidence) => {
    const result = await audit({ cwd: root, claims: [claims], evidence: [evidence] });
    expect(result.findings.filter((f) => f.severity === 'error')).toEqual([]);
    const report = JSON.parse(renderJson(result));
    expect(validateReport(report), JSON.stringify(validateReport.errors, null, 1)).toBe(true);
  });

  it('names every verdict this version gives', () => {
    const enumerated: string[] = reportSchema.definitions.verdict.enum;
    for (const v of VERDICTS) expect(enumerated).toContain(v);
    expect(Object.keys(reportSchema.properties.summary.properties.verdicts.properties)).toEqual(enumerated);
  });

  it('rejects a report of another schema version', () => {
    expect(validateReport({ ...readJson('reports/audit.json'), schemaVersion: 3 })).toBe(false);
  });
});

describe('schema/config.schema.json', () => {
  const configSchema = readJson('schema/config.schema.json');
  const validateConfig = ajv.compile(configSchema);
  const configs: Array<[string, string]> = [
    ['claimcheck init (src/cli/example.ts)', EXAMPLE_CONFIG],
    ...['test/fixtures/cli/config-project/claimcheck.yaml', 'test/fixtures/cli/config-project/ci/strict.yaml'].map((f): [string, string] => [f, readFileSync(path.join(root, f), 'utf8')]),
    // The full example in docs/config.md, as a reader would copy it.
    ['docs/config.md', readFileSync(path.join(root, 'docs/config.md'), 'utf8').split('```yaml\n')[1]!.split('```')[0]!],
  ];

  it.each(configs)('validates %s, as the reader does', (_name, text) => {
    expect(parseConfig(text, path.join(root, 'claimcheck.yaml'), 'claimcheck.yaml').findings).toEqual([]);
    expect(validateConfig(parseYaml(text)), JSON.stringify(validateConfig.errors, null, 1)).toBe(true);
  });

  it('rejects the fixture with errors, as the reader does', () => {
    const text = readFileSync(path.join(root, 'test/fixtures/cli/config-with-errors/claimcheck.yaml'), 'utf8');
    expect(parseConfig(text, path.join(root, 'claimcheck.yaml'), 'claimcheck.yaml').findings.length).toBeGreaterThan(0);
    expect(validateConfig(parseYaml(text))).toBe(false);
  });

  it('knows exactly the keys the reader knows, and the fail-on words', () => {
    expect(Object.keys(configSchema.properties).filter((k) => k !== '$schema')).toEqual([...CONFIG_KEYS]);
    expect(Object.keys(configSchema.properties.outputs.properties)).toEqual([...OUTPUT_KEYS]);
    expect(Object.keys(configSchema.properties.publisher.properties)).toEqual([...PUBLISHER_KEYS]);
    expect(configSchema.definitions.failOnWord.enum).toEqual([...FAIL_ON_WORDS]);
  });

  // One setting per row; the reader and the schema must agree on whether it is valid.
  it.each([
    ['a list of claims paths', 'claims: [a, b]', true],
    ['an empty list of claims paths', 'claims: []', false],
    ['a tolerance of 0', 'tolerance: 0', true],
    ['a negative tolerance', 'tolerance: -1', false],
    ['a tolerance as text', 'tolerance: half', false],
    ['fail_on as one comma-separated string', 'fail_on: contradicted,findings', true],
    ['an unknown verdict in fail_on', 'fail_on: [contradictd]', false],
    ['fail_on_change: true', 'fail_on_change: true', true],
    ['fail_on_change: sometimes', 'fail_on_change: sometimes', false],
    ['charts with md', 'outputs: { md: a.md, charts: c }', true],
    ['charts without md', 'outputs: { html: a.html, charts: c }', false],
    ['an unknown format', 'outputs: { pdf: a.pdf }', false],
    ['a size with a unit', 'max_file_size: 50MB', true],
    ['a size in bytes', 'max_file_size: 1048576', true],
    ['a size of nothing', 'max_file_size: huge', false],
    ['a publisher who is a person', 'publisher: { name: A, type: person }', true],
    ['a publisher type of company', 'publisher: { type: company }', false],
    ['a review URL without a scheme', 'publisher: { review_url: example.org }', false],
    ['a kebab-case key', 'as-of: 2026-01-01', false],
    ['selectors by id glob and tag', "select: ['lahore-*', tag:kenya]", true],
    ['a selector with an upper-case prefix', 'exclude: TAG:kenya', true],
    ['a selector with an id prefix holding a colon', "select: 'id:a:b'", true],
    ['an unknown selector prefix', 'select: [tags:kenya]', false],
    ['a selector with nothing after its prefix', "select: ['tag:']", false],
  ])('%s: valid is %s', (_name, text, valid) => {
    expect(parseConfig(`${text}\n`, path.join(root, 'claimcheck.yaml'), 'claimcheck.yaml').findings.length === 0).toBe(valid);
    expect(validateConfig(parseYaml(text))).toBe(valid);
  });

  it('a report made with a config validates, naming it in its settings', async () => {
    const result = await audit({ cwd: root, claims: ['test/fixtures/cli/config-project/claims'], evidence: ['test/fixtures/cli/config-project/evidence'], configFile: path.join(root, 'claimcheck.yaml') });
    const report = JSON.parse(renderJson(result));
    expect(report.settings.config).toBe('claimcheck.yaml');
    expect(validateReport(report), JSON.stringify(validateReport.errors, null, 1)).toBe(true);
  });
});
