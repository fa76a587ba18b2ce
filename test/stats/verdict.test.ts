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
    // just outside the zero band, right direction → partly
    [-0.6, change(-15), 'forecast', 'partly-supported', 14.4],
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
