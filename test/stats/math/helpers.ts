import { expect } from 'vitest';

/**
 * Expects `actual` to round to the value printed in `printed` (as in docs/methods.md or R output),
 * at the number of significant digits the printed string carries: |actual − printed| must not
 * exceed half a unit in its last printed digit.
 */
export function expectPrinted(actual: number, printed: string): void {
  const expected = Number(printed);
  const mantissa = printed.replace(/^[-+]/, '').split(/e/i)[0] ?? '';
  const digits = mantissa.replace('.', '').replace(/^0+/, '').length;
  expect(digits).toBeGreaterThan(0);
  const exponent = Math.floor(Math.log10(Math.abs(expected)));
  const halfUlp = 0.5 * 10 ** (exponent - digits + 1);
  const ok = Math.abs(actual - expected) <= halfUlp * (1 + 1e-9);
  expect(ok, `${actual} does not round to ${printed} (${digits} significant digits)`).toBe(true);
}

/** Expects |actual − expected| <= rel·|expected| (exact equality for expected 0 or ±Infinity). */
export function expectRel(actual: number, expected: number, rel = 1e-9): void {
  if (expected === 0 || !Number.isFinite(expected)) {
    expect(actual).toBe(expected);
    return;
  }
  const err = Math.abs(actual - expected) / Math.abs(expected);
  expect(err, `${actual} vs expected ${expected}: relative error ${err} > ${rel}`).toBeLessThanOrEqual(rel);
}
