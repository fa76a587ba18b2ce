// Claims as people make them (issue 15): open-ended changes, scale words, and the unit check, in units.
import { describe, expect, it } from 'vitest';
import { parseChangeText, parseClaims, parseLevelText } from '../../src/claims/index.js';
import { decideChange } from '../../src/stats/index.js';
import { decideIntervalVerdict } from '../../src/stats/math/interval-verdict.js';
import type { ClaimedChange, ClaimedLevel } from '../../src/types.js';
import { levelInEvidenceUnit, parseConversionText, parseUnitText } from '../../src/units.js';

describe('open-ended changes', () => {
  it('">= +100%" is [100, ∞) with its high end open; "<= -20%" is [−100, −20]', () => {
    expect(parseChangeText('>= +100%')).toEqual({ type: 'change', low: 100, high: Infinity, open: 'high', text: '>= +100%' });
    expect(parseChangeText('≤ −20%')).toEqual({ type: 'change', low: -100, high: -20, open: 'low', text: '≤ −20%' });
    expect(parseChangeText('> +100%')).toEqual({ error: "'change': '> +100%' uses a strict bound; write >= or <= (\">= +100%\" for \"more than doubled\")" });
    expect(parseChangeText('>= 100%')).toEqual({ error: "'change': '100%' has no sign: write -100% for a fall or +100% for a rise" });
  });
  // Each row: observed change %, claimed bound, kind → verdict and gap (pp), worked by hand (tolerance 0.5 pp).
  it.each([
    [160, '>= +100%', 'result', 'supported', 0], // inside the half-open range
    [99.6, '>= +100%', 'result', 'supported', -0.4], // within the tolerance of the bound
    [50, '>= +100%', 'result', 'partly-supported', -50], // right direction, 50 pp short
    [0.2, '>= +100%', 'forecast', 'not-supported', -99.8], // within the tolerance of no change
    [-10, '>= +100%', 'result', 'contradicted', -110], // the other way
    [-35, '<= -20%', 'result', 'supported', 0],
    [-12, '<= -20%', 'result', 'partly-supported', 8],
    [4, '<= -20%', 'result', 'contradicted', 24],
  ] as const)('%d%% against %s (%s) → %s, gap %d pp', (observed, text, kind, verdict, gap) => {
    const d = decideChange(observed, parseChangeText(text) as ClaimedChange, kind, 0.5);
    expect(d.verdict).toBe(verdict);
    expect(d.gap).toBeCloseTo(gap, 9);
  });
  // f = log(1.5) / log(2) = 0.5849625 ≥ 0.5: partly-supported
  // The outcome rule on a half-open range measures the share f of the claimed change from the bound:
  // f = ln(1 + observed/100) / ln(1 + bound/100). R: log(1.2) / log(2) = 0.2630344; log(0.95) / log(0.8) = 0.2298668.
  it.each([
    [20, '>= +100%', 0.2630344],
    [-5, '<= -20%', 0.2298668],
  ] as const)('observed %s against %s: exaggerated, f = %s', (observed, text, f) => {
    const d = decideChange(observed, parseChangeText(text) as ClaimedChange, 'result', 0.5);
    expect(d.verdict).toBe('exaggerated');
    expect(d.share).toBeCloseTo(f, 6);
  });
  it('names the bound in its reasons', () => {
    expect(decideChange(50, parseChangeText('>= +100%') as ClaimedChange, 'result', 0.5).reasons).toEqual(['the claimed direction, but smaller: the observed +50.00% is 50 pp short of the claimed ≥ +100.00%, 58% of the claimed change on the ratio scale (f = 0.585)']);
  });
  it('the interval verdict takes an open high end: only the smaller claimed rise decides', () => {
    // rise claim ">= +100%": ρ_lo = 2; interval 2.1–2.9 lies above 1 and reaches 2
    expect(decideIntervalVerdict([2.1, 2.9], { low: 1, high: Infinity }).verdict).toBe('supported');
    expect(decideIntervalVerdict([1.2, 1.5], { low: 1, high: Infinity })).toEqual({ verdict: 'partly-supported', reason: 'interval 1.2–1.5 lies above 1 (L = 1.2 > 1) but below the claimed ratio 2 (U = 1.5 < 2): a real rise, smaller than the claimed rise of at least 100%' });
  });
});

describe('scale words and units', () => {
  it('reads a level with a scale word as the number it means, keeping what was written', () => {
    expect(parseLevelText('12 billion')).toEqual({ type: 'level', low: 12e9, high: 12e9, text: '12 billion', scale: { word: 'billion', factor: 1e9 } });
    expect(parseLevelText('12000 million')).toMatchObject({ low: 12e9, high: 12e9 });
    expect(parseLevelText('11..13 bn')).toMatchObject({ low: 11e9, high: 13e9 });
    expect(parseLevelText('>= 3.5M')).toMatchObject({ low: 3.5e6, high: null });
    expect(parseLevelText('1.8k')).toMatchObject({ low: 1800, high: 1800 });
    expect(parseLevelText('12m')).toMatchObject({ low: 12e6 });
    expect(parseLevelText('12 zillion')).toHaveProperty('error');
  });
  it('splits a unit into its base and scale; m alone in a unit is metres, not million', () => {
    expect(parseUnitText('USD million')).toEqual({ base: 'USD', factor: 1e6, scale: 'million' });
    expect(parseUnitText('PKR bn')).toEqual({ base: 'PKR', factor: 1e9, scale: 'billion' });
    expect(parseUnitText('m')).toEqual({ base: 'm', factor: 1 });
    expect(parseUnitText("'000 persons")).toEqual({ base: 'persons', factor: 1e3, scale: 'thousand' });
    expect(parseConversionText('1 USD = 280.5 PKR')).toEqual({ from: 'USD', to: 'PKR', rate: 280.5, text: '1 USD = 280.5 PKR' });
  });
  const claimed = (text: string) => parseLevelText(text) as ClaimedLevel;
  const unit = (text: string) => ({ text, ...(parseUnitText(text) as { base: string; factor: number }), location: { file: 'c.yaml', line: 9, column: 11 } });
  it('sets the claim in the evidence unit: 12 billion PKR is 12,000 PKR million', () => {
    const r = levelInEvidenceUnit(claimed('12 billion'), unit('PKR'), undefined, 'PKR million');
    expect(r).toEqual({ claimed: { ...claimed('12 billion'), low: 12000, high: 12000 }, reasons: ["the claimed 12 billion PKR is 12,000 in the evidence's unit (PKR million)"] });
  });
  it('refuses different currencies without a declared rate, converts with one', () => {
    expect(levelInEvidenceUnit(claimed('43'), unit('USD million'), undefined, 'PKR million')).toHaveProperty('problem');
    const conv = { from: 'USD', to: 'PKR', rate: 280, text: '1 USD = 280 PKR', location: { file: 'c.yaml' } };
    // 43 × 280 = 12,040 (PKR million)
    expect(levelInEvidenceUnit(claimed('43'), unit('USD million'), conv, 'PKR million')).toMatchObject({ claimed: { low: 12040, high: 12040 } });
    expect(levelInEvidenceUnit(claimed('43'), unit('USD million'), undefined, undefined)).toEqual({ problem: 'the claim is in USD million but the evidence gives no unit, so the two cannot be compared; give the evidence a unit (a unit column, or fixed: { unit: … } in its descriptor)' });
  });
});

describe('tolerance, unit and tags in a claims file', () => {
  const claim = (extra: string) => parseClaims(`claims:\n  - id: a\n    claimant: X\n    statement: Y\n    kind: result\n    sources: [{ publisher: P, title: T }]\n${extra}`, 'c.yaml');
  it('reads them onto the claim', () => {
    const { claims, findings } = claim('    value: 12 billion\n    unit: PKR\n    tolerance: 2%\n    tags: [claimant:government, PK, 2024]\n');
    expect(findings).toEqual([]);
    expect(claims[0]).toMatchObject({ tolerance: 2, unit: { text: 'PKR', base: 'PKR', factor: 1, location: { file: 'c.yaml', line: 8, column: 11 } }, tags: ['claimant:government', 'PK', '2024'] });
  });
  it('keeps tags unique, as written', () => {
    expect(claim('    tags: [a, b, a]\n').claims[0]!.tags).toEqual(['a', 'b']);
  });
});
