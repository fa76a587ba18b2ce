// Point verdicts: an observed change or level against the claimed range, with a tolerance.
import { formatNumber, formatPercent, formatPoints } from '../format.js';
import type { ClaimedChange, ClaimedLevel, ClaimKind, Verdict } from '../types.js';

export interface PointDecision {
  verdict: Verdict;
  /** Signed distance to the nearest end of the claimed range: pp for changes, % of the claim for levels. */
  gap: number | null;
  /** Change claims smaller than claimed: the share f of the claimed change achieved (see shareOfClaim). */
  share?: number;
  reasons: string[];
}

/** Tolerances are inclusive; this absorbs floating-point noise (1086/1200 − 1 is not exactly −9.5%). */
const EPSILON = 1e-9;

function within(x: number, tolerance: number): boolean {
  return Math.abs(x) <= tolerance + EPSILON;
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(Math.max(x, lo), hi);
}

/** "+15.00%", "−30.00% to −28.00%", or for a bound "≥ +100.00%" / "≤ −20.00%". */
export function describeClaimedChange(c: ClaimedChange): string {
  if (c.open === 'high') return `≥ ${formatPercent(c.low)}`;
  if (c.open === 'low') return `≤ ${formatPercent(c.high)}`;
  return c.low === c.high ? formatPercent(c.low) : `${formatPercent(c.low)} to ${formatPercent(c.high)}`;
}

/** The claimed size of a fall or rise: "15%", "28–30%", or for a bound "at least 100%". */
function claimedSize(c: ClaimedChange): string {
  if (c.open === 'high') return `at least ${formatNumber(Math.abs(c.low), 2)}%`;
  if (c.open === 'low') return `at least ${formatNumber(Math.abs(c.high), 2)}%`;
  const a = Math.abs(c.low);
  const b = Math.abs(c.high);
  return c.low === c.high ? `${formatNumber(a, 2)}%` : `${formatNumber(Math.min(a, b), 2)}–${formatNumber(Math.max(a, b), 2)}%`;
}

/**
 * The share of the claimed change achieved, on the log scale (docs/methods.md, "Outcome"):
 * f = ln r / ln ρ*, with r = 1 + observed/100 and ρ* = 1 + (the end of the claimed range nearer to
 * the observed change)/100. 1 means the claimed change exactly; 0.5 half of it (on the ratio scale:
 * a claimed −60% is a ratio 0.4; √0.4 = 0.632, a fall of 36.8%, is half of it).
 * Undefined (NaN) when the nearer end is no change or r ≤ 0.
 */
export function shareOfClaim(observed: number, claimed: Pick<ClaimedChange, 'low' | 'high'>): number {
  const nearer = clamp(observed, claimed.low, claimed.high);
  const r = 1 + observed / 100;
  const rho = 1 + nearer / 100;
  if (!(r > 0) || !(rho > 0) || rho === 1) return NaN;
  return Math.log(r) / Math.log(rho);
}

/** f ≥ 0.5 is partly-supported; below it the claim more than doubles what happened (exaggerated). */
export const EXAGGERATION_SHARE = 0.5;

/**
 * The outcome of a change claim (docs/methods.md, "Outcome"): the observed relative change (percent)
 * against the claimed range, with the tolerance in percentage points. In order:
 *   supported         within the tolerance of the claimed range
 *   contradicted      (a range containing 0) outside it; (a direction) the opposite way beyond the tolerance
 *   not-supported     within the tolerance of no change
 *   supported         (forecast) a larger change than claimed, in the claimed direction: "at least"
 *   partly-supported  (result) a larger change than claimed: the claim understates it
 *   partly-supported  the claimed direction, smaller, f ≥ 0.5
 *   exaggerated       the claimed direction, smaller, f < 0.5
 */
export function decideChange(observed: number, claimed: ClaimedChange, kind: ClaimKind, tolerance: number): PointDecision {
  const gap = observed - clamp(observed, claimed.low, claimed.high);
  const obs = formatPercent(observed);
  const want = describeClaimedChange(claimed);
  const tol = `${formatNumber(tolerance)} pp`;
  if (within(gap, tolerance)) {
    return {
      verdict: 'supported',
      gap,
      reasons: [gap === 0 ? `observed ${obs} is inside the claimed ${want}` : `observed ${obs} is ${formatPoints(gap)} from the claimed ${want}, within the tolerance of ${tol}`],
    };
  }
  const direction = claimed.high < 0 ? -1 : claimed.low > 0 ? 1 : 0;
  if (direction === 0) {
    return { verdict: 'contradicted', gap, reasons: [`observed ${obs} lies ${formatPoints(gap)} outside the claimed ${want} (tolerance ${tol})`] };
  }
  const word = direction < 0 ? 'fall' : 'rise';
  const size = claimedSize(claimed);
  if (Math.sign(observed) === -direction && !within(observed, tolerance)) {
    return { verdict: 'contradicted', gap, reasons: [`a ${word} of ${size} was claimed, but the observed change is ${obs}: the opposite direction, beyond the tolerance of ${tol}`] };
  }
  if (within(observed, tolerance)) {
    return { verdict: 'not-supported', gap, reasons: [`a ${word} of ${size} was claimed, but the observed change ${obs} is within ${tol} of no change`] };
  }
  // The claimed direction, beyond the tolerance of both no change and the claimed range.
  const overshoot = Math.sign(gap) === direction;
  if (overshoot) {
    if (kind === 'forecast') {
      return { verdict: 'supported', gap, reasons: [`exceeded: the observed ${obs} goes ${formatNumber(Math.abs(gap))} pp beyond the forecast ${want}; a forecast of a ${word} is read as "at least"`] };
    }
    return { verdict: 'partly-supported', gap, reasons: [`understated: the observed ${word} of ${obs} is larger than the claimed ${want} by ${formatNumber(Math.abs(gap))} pp; a result claim states what happened, so it is inaccurate`] };
  }
  const share = shareOfClaim(observed, claimed);
  const shareText = `${formatNumber(share * 100, 0)}% of the claimed change on the ratio scale (f = ${formatNumber(share, 3)})`;
  if (share >= EXAGGERATION_SHARE) {
    return { verdict: 'partly-supported', gap, share, reasons: [`the claimed direction, but smaller: the observed ${obs} is ${formatNumber(Math.abs(gap))} pp short of the claimed ${want}, ${shareText}`] };
  }
  return { verdict: 'exaggerated', gap, share, reasons: [`exaggerated: the observed ${obs} is ${shareText}; the claimed ${want} is more than twice what happened`] };
}

export function describeClaimedLevel(c: ClaimedLevel): string {
  if (c.low === null && c.high !== null) return `at most ${formatNumber(c.high)}`;
  if (c.high === null && c.low !== null) return `at least ${formatNumber(c.low)}`;
  if (c.low === c.high) return formatNumber(c.low!);
  return `${formatNumber(c.low!)} to ${formatNumber(c.high!)}`;
}

/** Judge an observed level against a claimed value, range or bound; the gap is a % of the nearest claimed end. */
export function decideLevel(observed: number, claimed: ClaimedLevel, tolerance: number): PointDecision {
  const nearest = clamp(observed, claimed.low ?? -Infinity, claimed.high ?? Infinity);
  const want = describeClaimedLevel(claimed);
  const obs = formatNumber(observed);
  if (nearest === observed) return { verdict: 'supported', gap: 0, reasons: [`observed ${obs} is ${claimed.low === claimed.high ? 'the claimed' : 'inside the claimed'} ${want}`] };
  if (nearest === 0) {
    // A percentage of zero is undefined: any difference from a claimed 0 is a miss.
    return { verdict: 'contradicted', gap: null, reasons: [`observed ${obs}, the claim was ${want}`] };
  }
  const gap = ((observed - nearest) / Math.abs(nearest)) * 100;
  if (claimed.low === null || claimed.high === null) {
    // "At least 9,040,000" states a bound: a value past it falsifies it, however close.
    return { verdict: 'contradicted', gap, reasons: [`observed ${obs} is ${formatPercent(gap)} past the claimed bound (${want}); a stated bound gets no tolerance`] };
  }
  if (within(gap, tolerance)) {
    return { verdict: 'supported', gap, reasons: [`observed ${obs} is ${formatPercent(gap)} from the claimed ${want}, within the tolerance of ${formatNumber(tolerance)}%`] };
  }
  return { verdict: 'contradicted', gap, reasons: [`observed ${obs} is ${formatPercent(gap)} off the claimed ${want} (tolerance ${formatNumber(tolerance)}%)`] };
}

/**
 * "Rose 244%" is often written for "rose to 244% of the baseline" (+144%). When the literal reading
 * fails but the other fits, say so: the verdict stays on the literal reading.
 */
export function alternativeReading(baseline: number, target: number, claimed: ClaimedChange, tolerance: number): string | undefined {
  if (claimed.low !== claimed.high || claimed.low <= 0 || baseline === 0) return undefined;
  const ratioPercent = (target / baseline) * 100;
  if (within(ratioPercent - claimed.low, tolerance)) {
    return `read as "rose to ${formatNumber(claimed.low)}% of the baseline" the claim would fit (target is ${formatNumber(ratioPercent)}% of baseline); this audit uses the literal reading "rose by"`;
  }
  return undefined;
}
