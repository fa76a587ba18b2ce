// Number formatting shared by reasons and renderers. Locale-free, so output is byte-identical everywhere.

/** 6732 → "6,732"; 14.52 → "14.52"; at most `decimals` decimals, trailing zeros dropped. */
export function formatNumber(x: number, decimals = 2): string {
  if (!Number.isFinite(x)) return x > 0 ? '∞' : x < 0 ? '−∞' : 'NaN';
  const negative = x < 0;
  const fixed = Math.abs(x).toFixed(decimals);
  let [int, frac = ''] = fixed.split('.');
  int = int!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  frac = frac.replace(/0+$/, '');
  return `${negative && (Number(fixed) !== 0) ? '-' : ''}${int}${frac ? `.${frac}` : ''}`;
}

/** A signed percentage with two decimals: +33.00%, -28.72%. */
export function formatPercent(x: number): string {
  const r = round(x, 2);
  return `${r > 0 ? '+' : r < 0 ? '-' : '±'}${Math.abs(r).toFixed(2)}%`;
}

/** Percentage points, signed: +48.00 pp. */
export function formatPoints(x: number): string {
  const r = round(x, 2);
  return `${r > 0 ? '+' : r < 0 ? '-' : '±'}${Math.abs(r).toFixed(2)} pp`;
}

/** Round half away from zero at `decimals`; -0 becomes 0 so JSON never shows "-0". */
export function round(x: number, decimals: number): number {
  const f = 10 ** decimals;
  const r = Math.sign(x) * Math.round(Math.abs(x) * f + Number.EPSILON * f) / f;
  return r === 0 ? 0 : r;
}

/** "1 claim", "3 claims". */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}
