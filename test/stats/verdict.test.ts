import { describe, expect, it } from 'vitest';
import { alternativeReading, decideChange, decideLevel } from '../../src/stats/index.js';
import type { ClaimedChange, ClaimedLevel } from '../../src/types.js';

const change = (low: number, high = low): ClaimedChange => ({ type: 'change', low, high, text: '' });
const level = (low: number | null, high: number | null): ClaimedLevel => ({ type: 'level', low, high, text: '' });

// Each row: observed change %, claimed range, kind → verdict and gap (pp), worked by hand.
describe('decideChange (tolerance 0.5 pp)', () => {
  it.each([
    // inside the range: gap 0
    [-28.72, change(-30, -28), 'forecast', 'supported', 0],
    // 0.36 pp short of +33%: within tolerance
    [32.64, change(33), 'result', 'supported', -0.36],
    // exactly at the tolerance (inclusive), with floating-point noise: (1086/1200 − 1)·100 = −9.5
    [(1086 / 1200 - 1) * 100, change(-10), 'result', 'supported', 0.5],
    // forecast overshooting in the claimed direction: supported ("exceeded")
    [-26.33, change(-20), 'forecast', 'supported', -6.33],
    // result overshooting: larger than claimed → partly
    [-26.33, change(-20), 'result', 'partly-supported', -6.33],
    // right direction, smaller: −34.91 vs −46 → gap +11.09
    [-34.91, change(-46), 'result', 'partly-supported', 11.09],
    // opposite direction: +35.92 vs −15 → gap +50.92
    [35.92, change(-15), 'forecast', 'contradicted', 50.92],
    // within tolerance of zero
    [0.3, change(-15), 'forecast', 'not-supported', 15.3],
    [-0.5, change(-15), 'forecast', 'not-supported', 14.5],
    // just outside the zero band, right direction, far short: f = log(0.994) / log(0.85) = 0.0370 → exaggerated
    [-0.6, change(-15), 'forecast', 'exaggerated', 14.4],
    // −0.6% against a claimed −60%: f = log(0.994) / log(0.4) = 0.006567863 → exaggerated
    [-0.6, change(-60), 'result', 'exaggerated', 59.4],
    // −9.8% against "fell by a quarter": f = log(0.902) / log(0.75) = 0.3585234 → exaggerated
    [-9.8, change(-25), 'result', 'exaggerated', 15.2],
    // f just above and below 0.5 for a claimed −60%: R: log(1 - 0.368) / log(0.4) = 0.5007863; log(1 - 0.367) / log(0.4) = 0.4990609
    [-36.8, change(-60), 'result', 'partly-supported', 23.2],
    [-36.7, change(-60), 'result', 'exaggerated', 23.3],
    // an increase claim: +100% claimed, +45% observed: f = log(1.45) / log(2) = 0.5360529 → partly
    [45, change(100), 'forecast', 'partly-supported', -55],
    // +30% observed: f = log(1.3) / log(2) = 0.3785116 → exaggerated
    [30, change(100), 'forecast', 'exaggerated', -70],
    // a range: f uses the nearer end (−28% of −30..−28): −14% gives log(0.86) / log(0.72) = 0.4592 → exaggerated
    [-14, change(-30, -28), 'forecast', 'exaggerated', 14],
    // increase claims mirror: +10 claimed, −5 observed
    [-5, change(10), 'forecast', 'contradicted', -15],
    // a range containing zero ("stable ±5%"): +20 is outside → contradicted
    [20, change(-5, 5), 'forecast', 'contradicted', 15],
    [4, change(-5, 5), 'forecast', 'supported', 0],
  ] as const)('%d%% against %o (%s) → %s', (observed, claimed, kind, verdict, gap) => {
    const d = decideChange(observed, claimed, kind, 0.5);
    expect(d.verdict).toBe(verdict);
    expect(d.gap).toBeCloseTo(gap, 6);
    expect(d.reasons.length).toBeGreaterThan(0);
  });

  it('reports the share f of the claimed change achieved, from R: log(1 - 0.368) / log(0.4) = 0.5007863431', () => {
    expect(decideChange(-36.8, change(-60), 'result', 0.5).share).toBeCloseTo(0.5007863431, 9);
    expect(decideChange(-36.7, change(-60), 'result', 0.5).share).toBeCloseTo(0.4990608777, 9);
  });
  it('an open-ended claim (">= +100%", more than doubled) is met by any larger rise and judged on its finite end', () => {
    const open: ClaimedChange = { type: 'change', low: 100, high: Infinity, open: 'high', text: '>= +100%' };
    expect(decideChange(180, open, 'result', 0.5)).toMatchObject({ verdict: 'supported', gap: 0 });
    expect(decideChange(45, open, 'result', 0.5).verdict).toBe('partly-supported');
    expect(decideChange(30, open, 'result', 0.5).verdict).toBe('exaggerated');
  });
  it('a wider tolerance turns a near miss into support', () => {
    expect(decideChange(-34.91, change(-46), 'result', 12).verdict).toBe('supported');
  });
  it('says "exceeded" for an overshooting forecast', () => {
    expect(decideChange(-26.33, change(-20), 'forecast', 0.5).reasons[0]).toMatch(/^exceeded/);
  });
});

describe('decideLevel (tolerance 0.5% of the claimed value)', () => {
  it.each([
    [8000, level(8000, 8000), 'supported', 0],
    [8000, level(10000, 10000), 'contradicted', -20], // (8000 − 10000) / 10000
    [14.52, level(12, 12), 'contradicted', 21], // (14.52 − 12) / 12
    [8030, level(8000, 8000), 'supported', 0.375], // 30/8000 = 0.375%
    [372, level(400, null), 'contradicted', -7], // at least 400: (372 − 400)/400
    // a stated bound gets no tolerance: 9,000,000 against ">= 9,040,000" is 0.44% short, inside a 0.5% tolerance, but past the bound
    [9_000_000, level(9_040_000, null), 'contradicted', (-40_000 / 9_040_000) * 100],
    [5.02, level(null, 5), 'contradicted', 0.4], // at most 5: 5.02 is past it, 0.4% of 5
    // a claimed value (not a bound) keeps the tolerance
    [9_000_000, level(9_040_000, 9_040_000), 'supported', (-40_000 / 9_040_000) * 100],
    [3, level(null, 5), 'supported', 0],
    [8200, level(7500, 8500), 'supported', 0],
  ] as const)('%d against %o → %s', (observed, claimed, verdict, gap) => {
    const d = decideLevel(observed, claimed, 0.5);
    expect(d.verdict).toBe(verdict);
    expect(d.gap).toBeCloseTo(gap, 6);
  });
  it('a claimed zero has no percentage gap', () => {
    expect(decideLevel(3, level(0, 0), 0.5)).toMatchObject({ verdict: 'contradicted', gap: null });
  });
});

describe('alternativeReading', () => {
  it('spots "rose by 244%" written for "rose to 244%" (16 → 39 is 243.75% of the baseline)', () => {
    expect(alternativeReading(16, 39, change(244), 0.5)).toContain('243.75%');
  });
  it('says nothing when the other reading does not fit either', () => {
    expect(alternativeReading(16, 30, change(244), 0.5)).toBeUndefined();
  });
});
