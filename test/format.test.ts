// formatNumber against the way it was written before (split and regular expressions), kept here as
// the reference: every number, every count of decimals, the same text.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatNumber } from '../src/format.js';

function reference(x: number, decimals = 2): string {
  if (!Number.isFinite(x)) return x > 0 ? '∞' : x < 0 ? '−∞' : 'NaN';
  const negative = x < 0;
  const fixed = Math.abs(x).toFixed(decimals);
  let [int, frac = ''] = fixed.split('.');
  int = int!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  frac = frac.replace(/0+$/, '');
  return `${negative && Number(fixed) !== 0 ? '-' : ''}${int}${frac ? `.${frac}` : ''}`;
}

describe('formatNumber', () => {
  it('writes every number as the reference does', () => {
    const number = fc.oneof(fc.double(), fc.integer({ min: -1e7, max: 1e7 }), fc.constantFrom(0, -0, 0.005, -0.004, 999.995, 1000, 999999.999, 1e21, -1e21, 1e20, 123456789.5, Number.MAX_VALUE, Number.MIN_VALUE));
    fc.assert(
      fc.property(number, fc.integer({ min: 0, max: 8 }), (x, decimals) => {
        expect(formatNumber(x, decimals)).toBe(reference(x, decimals));
      }),
      { numRuns: 20_000, seed: 20251128 },
    );
    expect(formatNumber(6732)).toBe('6,732');
    expect(formatNumber(14.5)).toBe('14.5');
    expect(formatNumber(-1234567.891, 2)).toBe('-1,234,567.89');
    expect(formatNumber(-0.001)).toBe('0');
  });
});
