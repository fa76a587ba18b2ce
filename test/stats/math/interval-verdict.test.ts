/** The interval rules of docs/methods.md §6, one case per row, with the inclusive-bound edges. */
import { describe, it, expect } from 'vitest';
import { decideIntervalVerdict, type IntervalVerdict } from '../../../src/stats/math/index.js';

type Row = [string, [number, number], IntervalVerdict];

describe('reduction claim "cut 28–30%" (low −0.30, high −0.28, ρ_hi = 0.72)', () => {
  const claim = { low: -0.3, high: -0.28 };
  const rows: Row[] = [
    ['contradicted: L > 1', [1.113, 1.314], 'contradicted'],
    ['supported: U < 1 and L ≤ ρ_hi', [0.665, 0.764], 'supported'],
    ['supported at the edge L = ρ_hi = 0.72', [0.72, 0.9], 'supported'],
    ['partly-supported: U < 1 and L > ρ_hi', [0.75, 0.95], 'partly-supported'],
    ['partly-supported with U just below 1', [0.8, 0.999], 'partly-supported'],
    ['inconclusive: L ≤ 1 ≤ U and L ≤ ρ_hi', [0.6, 1.1], 'inconclusive'],
    ['inconclusive at the edge U = 1 (1 is inside the interval)', [0.6, 1], 'inconclusive'],
    ['inconclusive at the edge L = ρ_hi with U > 1', [0.72, 1.05], 'inconclusive'],
    ['not-supported: L ≤ 1 ≤ U and L > ρ_hi', [0.8757, 1.0769], 'not-supported'],
    ['not-supported at the edge L = 1 (not contradicted)', [1, 1.2], 'not-supported'],
    ['not-supported at the edge U = 1', [0.9, 1], 'not-supported'],
  ];
  it.each(rows)('%s: [%d, %d] -> %s', (_label, ci, verdict) => {
    expect(decideIntervalVerdict(ci, claim).verdict).toBe(verdict);
  });

  it('reasons name the deciding numbers', () => {
    const r = decideIntervalVerdict([0.6649482, 0.7639843], claim);
    expect(r.reason).toContain('0.6649');
    expect(r.reason).toContain('0.764');
    expect(r.reason).toContain('0.72');
    expect(r.reason).toContain('28–30%');
    expect(decideIntervalVerdict([0.9006, 1.038], claim).reason).toMatch(/contains 1.*0\.9006 > 0\.72/);
  });
});

describe('reduction claim with a single figure "cut 15%" (ρ_hi = 0.85)', () => {
  const claim = { low: -0.15, high: -0.15 };
  it('worked example A rate-ratio interval 1.113–1.314 is contradicted', () => {
    const r = decideIntervalVerdict([1.11302038490009, 1.31377585661239], claim);
    expect(r.verdict).toBe('contradicted');
    expect(r.reason).toContain('1.113 > 1');
    expect(r.reason).toContain('fall of 15%');
  });
  it('an interval reaching 0 (b = 0, Clopper–Pearson lower bound 0) is supported when U < 1', () => {
    expect(decideIntervalVerdict([0, 0.446125549591925], claim).verdict).toBe('supported');
  });
  it('an interval with an infinite upper bound (a = 0) is contradicted when L > 1', () => {
    expect(decideIntervalVerdict([2.24152147509756, Infinity], claim).verdict).toBe('contradicted');
  });
});

describe('increase claim "rise 10–20%" (low 0.10, high 0.20, ρ_lo = 1.1), the mirror image', () => {
  const claim = { low: 0.1, high: 0.2 };
  const rows: Row[] = [
    ['contradicted: U < 1', [0.7, 0.9], 'contradicted'],
    ['supported: L > 1 and U ≥ ρ_lo', [1.05, 1.3], 'supported'],
    ['supported at the edge U = ρ_lo = 1.1', [1.02, 1.1], 'supported'],
    ['supported with U = Infinity', [1.5, Infinity], 'supported'],
    ['partly-supported: L > 1 and U < ρ_lo', [1.01, 1.08], 'partly-supported'],
    ['inconclusive: L ≤ 1 ≤ U and U ≥ ρ_lo', [0.9, 1.2], 'inconclusive'],
    ['inconclusive at the edge L = 1', [1, 1.15], 'inconclusive'],
    ['inconclusive at the edge U = ρ_lo with L < 1', [0.95, 1.1], 'inconclusive'],
    ['not-supported: L ≤ 1 ≤ U and U < ρ_lo', [0.95, 1.05], 'not-supported'],
    ['not-supported at the edge U = 1 (not contradicted)', [0.8, 1], 'not-supported'],
  ];
  it.each(rows)('%s: [%d, %d] -> %s', (_label, ci, verdict) => {
    expect(decideIntervalVerdict(ci, claim).verdict).toBe(verdict);
  });

  it('reason for a partly-supported rise', () => {
    const r = decideIntervalVerdict([1.01, 1.08], claim);
    expect(r.reason).toContain('1.08 < 1.1');
    expect(r.reason).toContain('rise of 10–20%');
  });
});

describe('claimed range containing zero: the band [1 + low, 1 + high]', () => {
  const band = { low: -0.05, high: 0.05 }; // "stable within ±5%": ratios 0.95–1.05
  const rows: Row[] = [
    ['contradicted: wholly below the band', [0.8, 0.9], 'contradicted'],
    ['contradicted: wholly above the band', [1.1, 1.3], 'contradicted'],
    ['touching the band at U = 0.95 is overlap (inclusive): inconclusive', [0.8, 0.95], 'inconclusive'],
    ['supported: inside the band', [0.97, 1.02], 'supported'],
    ['supported at the edges L = 0.95, U = 1.05', [0.95, 1.05], 'supported'],
    ['inconclusive: overlaps and reaches outside', [0.9, 1.02], 'inconclusive'],
  ];
  it.each(rows)('%s: [%d, %d] -> %s', (_label, ci, verdict) => {
    expect(decideIntervalVerdict(ci, band).verdict).toBe(verdict);
  });

  it('"no change" (0%): contradicted by a significant change, otherwise inconclusive', () => {
    const none = { low: 0, high: 0 };
    expect(decideIntervalVerdict([1.05, 1.2], none).verdict).toBe('contradicted');
    expect(decideIntervalVerdict([0.9, 1.1], none).verdict).toBe('inconclusive');
    expect(decideIntervalVerdict([1, 1], none).verdict).toBe('supported');
  });

  it('a range from a cut to no change, "cut up to 10%" (−0.10 to 0)', () => {
    const upTo = { low: -0.1, high: 0 };
    expect(decideIntervalVerdict([0.92, 0.98], upTo).verdict).toBe('supported');
    expect(decideIntervalVerdict([0.6, 0.85], upTo).verdict).toBe('contradicted');
    expect(decideIntervalVerdict([1.01, 1.2], upTo).verdict).toBe('contradicted');
  });
});

describe('input validation', () => {
  it('throws RangeError on a malformed interval or claim', () => {
    const claim = { low: -0.2, high: -0.1 };
    expect(() => decideIntervalVerdict([1.2, 1.1], claim)).toThrow(RangeError);
    expect(() => decideIntervalVerdict([-0.1, 1.1], claim)).toThrow(RangeError);
    expect(() => decideIntervalVerdict([Number.NaN, 1.1], claim)).toThrow(RangeError);
    expect(() => decideIntervalVerdict([0.9, 1.1], { low: -0.1, high: -0.2 })).toThrow(RangeError);
    expect(() => decideIntervalVerdict([0.9, 1.1], { low: -1.5, high: -0.2 })).toThrow(RangeError);
    expect(() => decideIntervalVerdict([0.9, 1.1], { low: Number.NaN, high: 0.2 })).toThrow(RangeError);
  });
});
