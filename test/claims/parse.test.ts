import { describe, expect, it } from 'vitest';
import { parseChangeText, parseClaims, parseLevelText } from '../../src/claims/index.js';

const VALID = `claims:
  - id: islamabad-violent-crime-15
    claimant: Huawei
    statement: Violent crime will fall 15%.
    kind: forecast
    region: Islamabad
    metric: violent_crime
    change: -15%
    baseline: 2015
    target: 2018
    sources:
      - { publisher: Bloomberg, title: Hype, date: 2019-11-12, url: https://example.org }
`;

/** Replace the line of VALID that starts with `key:` (within the claim) by `replacement`. */
function withField(key: string, replacement: string | null): string {
  const lines = VALID.split('\n');
  const i = lines.findIndex((l) => l.trim().startsWith(`${key}:`) || l.trim().startsWith(`- ${key}:`));
  if (replacement === null) lines.splice(i, 1);
  else lines[i] = lines[i]!.replace(/(\s*-?\s*)\S.*$/, `$1${replacement}`);
  return lines.join('\n');
}

describe('parseClaims: a valid claim', () => {
  it('normalises every field and keeps its position', () => {
    const { claims, findings } = parseClaims(VALID, 'claims/a.yaml');
    expect(findings).toEqual([]);
    expect(claims).toHaveLength(1);
    const c = claims[0]!;
    expect(c).toMatchObject({
      id: 'islamabad-violent-crime-15',
      kind: 'forecast',
      region: 'Islamabad',
      claimed: { type: 'change', low: -15, high: -15 },
      baseline: { label: '2015' },
      target: { label: '2018' },
      location: { file: 'claims/a.yaml', line: 2, column: 5 },
    });
    // YAML reads 2019-11-12 as text under the core schema: no Date objects sneak in.
    expect(c.sources[0]).toEqual({ publisher: 'Bloomberg', title: 'Hype', date: '2019-11-12', url: 'https://example.org' });
  });

  it('derives the target of "within: 5y" from the last baseline period', () => {
    const { claims } = parseClaims(withField('target', 'target: { within: 5y }').replace('baseline: 2015', 'baseline: 2013..2016'), 'a.yaml');
    expect(claims[0]).toMatchObject({ baseline: { label: '2013..2016' }, target: { label: '2021' }, horizon: 'within 5y of the baseline' });
  });

  it('keeps a claim without region, metric or periods (unverifiable, not an input error)', () => {
    let text = withField('region', null);
    text = text.replace(/\n\s+baseline: 2015/, '').replace(/\n\s+target: 2018/, '');
    const { claims, findings } = parseClaims(text, 'a.yaml');
    expect(findings).toEqual([]);
    expect(claims[0]?.region).toBeUndefined();
    expect(claims[0]?.target).toBeUndefined();
  });

  it('accepts level claims: value, range and bounds', () => {
    expect(parseLevelText('7500..8500')).toMatchObject({ low: 7500, high: 8500 });
    expect(parseLevelText('>= 8000')).toMatchObject({ low: 8000, high: null });
    expect(parseLevelText('<=5')).toMatchObject({ low: null, high: 5 });
    expect(parseChangeText('-28%..-30%')).toMatchObject({ low: -30, high: -28 });
    expect(parseChangeText('+33%')).toMatchObject({ low: 33, high: 33 });
  });
});

// Each invalid input: the field replaced, the message expected, and its line:column.
describe('parseClaims: input errors name the line and column', () => {
  it.each([
    ['change', 'change: 15%', "'15%' has no sign", 8, 13],
    ['change', 'change: "-15"', "'-15' has no percent sign", 8, 13],
    ['change', 'change: 15', "'change' must be a signed percentage, found the number 15", 8, 13],
    ['change', 'change: -30%..-28%..-1%', 'is not a percentage or a range', 8, 13],
    ['baseline', 'baseline: 2015-13', "'baseline': '2015-13' is not a period", 9, 15],
    ['target', 'target: 2018..2015', 'ends before it starts', 10, 13],
    ['target', 'target: { within: five years }', "'within' must be a number of years or months", 10, 23],
    ['kind', 'kind: promise', "'kind' must be 'forecast' or 'result', found 'promise'", 5, 11],
    ['id', 'id: Islamabad Crime', "may use only a-z, 0-9 and single hyphens", 2, 9],
    ['id', 'id: 2018', "'id' must be text, found the number 2018", 2, 9],
    ['claimant', 'claimant: ""', "'claimant' is empty", 3, 15],
    ['region', 'regoin: Islamabad', "unknown field 'regoin'", 6, 5],
    // An optional field holding a list is the wrong type, not an empty value to drop quietly.
    ['region', 'region: [Islamabad, Lahore]', "'region' must be text, found a list", 6, 13],
    ['sources', 'sources: []', "'sources' must be a list with at least one source", 11, 14],
  ])('%s → %s', (key, replacement, message, line, column) => {
    let text = withField(key, replacement);
    if (key === 'sources') text = text.replace(/\n\s+- \{ publisher.*\}/, '');
    const { claims, findings } = parseClaims(text, 'claims/a.yaml');
    const errors = findings.filter((f) => f.severity === 'error');
    expect(errors.map((f) => f.message).join('\n')).toContain(message);
    const error = errors.find((f) => f.message.includes(message))!;
    expect([error.line, error.column]).toEqual([line, column]);
    expect(error.file).toBe('claims/a.yaml');
    expect(error.hint).toBeTruthy();
    expect(claims).toEqual([]);
  });

  it('reports every problem in a file at once', () => {
    const text = withField('kind', 'kind: maybe').replace('change: -15%', 'change: 15%').replace('baseline: 2015', 'baseline: soon');
    const { findings } = parseClaims(text, 'a.yaml');
    expect(findings.map((f) => f.line)).toEqual([5, 8, 9]);
  });

  it('rejects a claim with both change and value', () => {
    const { findings } = parseClaims(VALID.replace('change: -15%', 'change: -15%\n    value: 10'), 'a.yaml');
    expect(findings[0]?.message).toContain("either 'change' or 'value'");
  });

  it('reports YAML syntax errors with their position', () => {
    const { findings } = parseClaims('claims:\n  - id: a\n    claimant: [unclosed\n', 'a.yaml');
    expect(findings[0]).toMatchObject({ severity: 'error', file: 'a.yaml' });
    expect(findings[0]?.line).toBeGreaterThanOrEqual(3);
  });

  it('reports duplicate keys', () => {
    const { findings } = parseClaims(VALID.replace('    kind: forecast\n', '    kind: forecast\n    kind: result\n'), 'a.yaml');
    expect(findings[0]).toMatchObject({ code: 'yaml-duplicate-key', line: 6 });
  });

  it('needs a claims list', () => {
    expect(parseClaims('- id: a\n', 'a.yaml').findings[0]?.message).toContain("must be a mapping with a 'claims:' list");
    expect(parseClaims('other: 1\n', 'a.yaml').findings.map((f) => f.message)).toEqual(["unknown top-level key 'other'", "no 'claims:' list in this file"]);
  });

  it('follows YAML anchors, so one source can be reused', () => {
    const text = `claims:
  - id: a
    claimant: X
    statement: S
    kind: result
    sources: &src
      - { publisher: P, title: T }
  - id: b
    claimant: X
    statement: S
    kind: result
    sources: *src
`;
    const { claims, findings } = parseClaims(text, 'a.yaml');
    expect(findings).toEqual([]);
    expect(claims[1]?.sources).toEqual([{ publisher: 'P', title: 'T' }]);
  });
});

describe('parseClaims: what claimcheck draft writes', () => {
  it('keeps a claim\'s quote and where it was found', () => {
    const text = VALID.replace('    sources:\n', '    quote: "a projected 15 percent reduction in violent crime"\n    found_at: sources/epoch.txt:21:45\n    sources:\n');
    const { claims, findings } = parseClaims(text, 'claims/a.yaml');
    expect(findings).toEqual([]);
    expect(claims[0]!.quote).toBe('a projected 15 percent reduction in violent crime');
    expect(claims[0]!.foundAt).toBe('sources/epoch.txt:21:45');
  });

  it('reports each TODO placeholder as a draft field to resolve, at its line, and leaves the claim out', () => {
    let text = withField('claimant', 'claimant: TODO');
    text = text.replace('    baseline: 2015\n', '    baseline: "TODO: the text names no start"\n');
    text = text.replace('    kind: forecast\n', '    kind: TODO\n');
    text = text.replace('{ publisher: Bloomberg,', '{ publisher: TODO,');
    const { claims, findings } = parseClaims(text, 'claims/a.yaml');
    expect(claims).toEqual([]);
    expect(findings.map((f) => [f.code, f.line, f.message])).toEqual([
      ['draft-field', 3, "draft field 'claimant' to resolve"],
      ['draft-field', 5, "draft field 'kind' to resolve"],
      ['draft-field', 9, "draft field 'baseline' to resolve (the text names no start)"],
      ['draft-field', 12, "draft field 'publisher' to resolve"],
    ]);
    expect(findings.every((f) => f.severity === 'error' && f.hint && f.claimId === 'islamabad-violent-crime-15')).toBe(true);
  });

  it('reads a value that only contains TODO further on as text, not as a placeholder', () => {
    const { claims, findings } = parseClaims(withField('claimant', 'claimant: Not TODO yet'), 'claims/a.yaml');
    expect(findings).toEqual([]);
    expect(claims[0]!.claimant).toBe('Not TODO yet');
  });
});
