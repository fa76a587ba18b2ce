/**
 * Interval verdicts (docs/methods.md §6): compare the confidence interval [L, U] of the deciding
 * ratio (rate ratio, trend effect or ratio of ratios) with a claimed signed relative change.
 *
 * Reduction claim (claimed high < 0), ρ_hi = 1 + high (the smaller claimed cut), in order:
 *   contradicted      L > 1
 *   supported         U < 1 and L ≤ ρ_hi
 *   partly-supported  U < 1 and L > ρ_hi
 *   inconclusive      L ≤ 1 ≤ U and L ≤ ρ_hi
 *   not-supported     L ≤ 1 ≤ U and L > ρ_hi
 * Increase claim (claimed low > 0), mirrored with ρ_lo = 1 + low (the smaller claimed rise):
 *   contradicted      U < 1
 *   supported         L > 1 and U ≥ ρ_lo
 *   partly-supported  L > 1 and U < ρ_lo
 *   inconclusive      L ≤ 1 ≤ U and U ≥ ρ_lo
 *   not-supported     L ≤ 1 ≤ U and U < ρ_lo
 * Bounds are inclusive: L = 1 or U = 1 count as "interval contains 1", L = ρ_hi (U = ρ_lo)
 * counts as reaching the claim.
 *
 * Claimed range containing zero (low ≤ 0 ≤ high, e.g. "no change" or "within ±5%"): the claim is
 * the band [1 + low, 1 + high] of ratios, and
 *   contradicted  the interval lies wholly outside the band (U < 1 + low or L > 1 + high)
 *   supported     the interval lies wholly inside the band (1 + low ≤ L and U ≤ 1 + high)
 *   inconclusive  otherwise (they overlap, but the interval also reaches outside the band).
 * Touching the band counts as overlap (inclusive bounds). A point claim of exactly 0% can thus
 * only be supported by a degenerate interval [1, 1]: "no change" is never proved by data.
 */

export type IntervalVerdict = 'contradicted' | 'supported' | 'partly-supported' | 'inconclusive' | 'not-supported';

export interface ClaimedChange {
  /** Lower end of the claimed signed relative change, as a fraction (−0.30 for "cut 30%"). */
  low: number;
  /** Upper end (−0.28 for "cut 28–30%"); equal to low for a single figure. */
  high: number;
}

export interface IntervalVerdictResult {
  verdict: IntervalVerdict;
  /** One sentence naming the numbers that decided. */
  reason: string;
}

function fmt(x: number): string {
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '-∞';
  return String(Number(x.toPrecision(4)));
}

/** |x| as a percentage number without the sign, e.g. −0.28 → "28". */
function pctNumber(x: number): string {
  return String(Number((Math.abs(x) * 100).toFixed(2)));
}

/** "fall of 28–30%" (a = smaller, b = larger size), "rise of 15%". */
function claimText(kind: 'fall' | 'rise', a: number, b: number): string {
  if (!Number.isFinite(b)) return `${kind} of at least ${pctNumber(a)}%`;
  return a === b ? `${kind} of ${pctNumber(a)}%` : `${kind} of ${pctNumber(a)}–${pctNumber(b)}%`;
}

/** Verdict of docs/methods.md §6 for the interval ci = [L, U] against the claimed relative change. */
export function decideIntervalVerdict(ci: readonly [number, number], claimed: ClaimedChange): IntervalVerdictResult {
  const [L, U] = ci;
  if (Number.isNaN(L) || Number.isNaN(U) || L < 0 || L > U || L === Infinity) {
    throw new RangeError(`interval must satisfy 0 <= L <= U, L finite; got [${L}, ${U}]`);
  }
  const { low, high } = claimed;
  // high may be +∞: a bound ">= +100%" leaves the upper end open (only low decides a rise).
  if (!Number.isFinite(low) || Number.isNaN(high) || high === -Infinity || low > high || low < -1) {
    throw new RangeError(`claimed change must satisfy -1 <= low <= high (low finite); got [${low}, ${high}]`);
  }
  const iv = `interval ${fmt(L)}–${fmt(U)}`;

  if (high < 0) {
    // Reduction claim
    const rho = 1 + high;
    const claim = claimText('fall', high, low);
    if (L > 1) {
      return { verdict: 'contradicted', reason: `${iv} lies wholly above 1 (L = ${fmt(L)} > 1): an increase, not the claimed ${claim}` };
    }
    if (U < 1) {
      return L <= rho
        ? { verdict: 'supported', reason: `${iv} lies below 1 (U = ${fmt(U)} < 1) and reaches the claimed ratio ${fmt(rho)} (L = ${fmt(L)} ≤ ${fmt(rho)}): compatible with the claimed ${claim}` }
        : { verdict: 'partly-supported', reason: `${iv} lies below 1 (U = ${fmt(U)} < 1) but above the claimed ratio ${fmt(rho)} (L = ${fmt(L)} > ${fmt(rho)}): a real fall, smaller than the claimed ${claim}` };
    }
    return L <= rho
      ? { verdict: 'inconclusive', reason: `${iv} contains 1 and reaches the claimed ratio ${fmt(rho)} (L = ${fmt(L)} ≤ ${fmt(rho)}): compatible both with no change and with the claimed ${claim}` }
      : { verdict: 'not-supported', reason: `${iv} contains 1 and excludes the claimed ratio ${fmt(rho)} (L = ${fmt(L)} > ${fmt(rho)}): no detectable change, and the claimed ${claim} is ruled out` };
  }

  if (low > 0) {
    // Increase claim (mirror image)
    const rho = 1 + low;
    const claim = claimText('rise', low, high);
    if (U < 1) {
      return { verdict: 'contradicted', reason: `${iv} lies wholly below 1 (U = ${fmt(U)} < 1): a decrease, not the claimed ${claim}` };
    }
    if (L > 1) {
      return U >= rho
        ? { verdict: 'supported', reason: `${iv} lies above 1 (L = ${fmt(L)} > 1) and reaches the claimed ratio ${fmt(rho)} (U = ${fmt(U)} ≥ ${fmt(rho)}): compatible with the claimed ${claim}` }
        : { verdict: 'partly-supported', reason: `${iv} lies above 1 (L = ${fmt(L)} > 1) but below the claimed ratio ${fmt(rho)} (U = ${fmt(U)} < ${fmt(rho)}): a real rise, smaller than the claimed ${claim}` };
    }
    return U >= rho
      ? { verdict: 'inconclusive', reason: `${iv} contains 1 and reaches the claimed ratio ${fmt(rho)} (U = ${fmt(U)} ≥ ${fmt(rho)}): compatible both with no change and with the claimed ${claim}` }
      : { verdict: 'not-supported', reason: `${iv} contains 1 and excludes the claimed ratio ${fmt(rho)} (U = ${fmt(U)} < ${fmt(rho)}): no detectable change, and the claimed ${claim} is ruled out` };
  }

  // Claimed range contains zero: a "no change" / "stable within a band" claim.
  const bandLo = 1 + low;
  const bandHi = 1 + high;
  const band = bandLo === bandHi ? `ratio ${fmt(bandLo)}` : `band ${fmt(bandLo)}–${fmt(bandHi)}`;
  if (U < bandLo || L > bandHi) {
    return { verdict: 'contradicted', reason: `${iv} lies wholly outside the claimed ${band}: a real change beyond the claim` };
  }
  if (L >= bandLo && U <= bandHi) {
    return { verdict: 'supported', reason: `${iv} lies wholly inside the claimed ${band}` };
  }
  return { verdict: 'inconclusive', reason: `${iv} overlaps the claimed ${band} but also reaches outside it` };
}
