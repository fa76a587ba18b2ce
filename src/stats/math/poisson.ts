/**
 * Exact inference for Poisson counts: the conditional (binomial) test of a rate ratio, as in
 * R's poisson.test(c(b, a), T = c(Tb, Ta)), and the Garwood interval of a single count.
 * See docs/methods.md §3.
 */
import {
  betaQuantileWithComplement,
  binomialLogPmfRaw,
  gammaQuantile,
  regularizedBeta,
} from './special.js';

export interface RateRatioOptions {
  /** Exposure (person-time, population) of the count b. Default 1. */
  exposureB?: number;
  /** Exposure of the count a. Default 1. */
  exposureA?: number;
  /** Confidence level of the interval, in (0, 1). Default 0.95. */
  confLevel?: number;
}

export interface RateRatioTestResult {
  /** (b / exposureB) / (a / exposureA); 0 when b = 0, Infinity when a = 0. */
  ratio: number;
  /** Exact conditional (Clopper–Pearson) interval; [0, hi] when b = 0, [lo, Infinity] when a = 0. */
  ci: [number, number];
  /** Two-sided p-value of RR = 1, R's binom.test rule. */
  pValue: number;
}

function requireCount(name: string, v: number): void {
  if (!Number.isInteger(v) || v < 0) {
    throw new RangeError(`${name} must be a non-negative integer count, got ${v}`);
  }
}

function requirePositive(name: string, v: number): void {
  if (!Number.isFinite(v) || v <= 0) throw new RangeError(`${name} must be finite and > 0, got ${v}`);
}

function requireConfLevel(confLevel: number): void {
  if (!(confLevel > 0 && confLevel < 1)) {
    throw new RangeError(`confLevel must be in (0, 1), got ${confLevel}`);
  }
}

/** P(X <= k), X ~ Binomial(n, p) = R's pbinom(k, n, p) = pbeta(p, k+1, n-k, lower = FALSE). */
function binomialCdf(k: number, n: number, p: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  return regularizedBeta(p, k + 1, n - k, false);
}

/** P(X > k) = R's pbinom(k, n, p, lower.tail = FALSE) = pbeta(p, k+1, n-k). */
function binomialSurvival(k: number, n: number, p: number): number {
  if (k < 0) return 1;
  if (k >= n) return 0;
  return regularizedBeta(p, k + 1, n - k, true);
}

/**
 * Two-sided p-value of binom.test(x, n, p) (R ≥ 2.x): the total probability of outcomes no more
 * likely than x, with a relative tolerance of 1e-7. R scans every term of the opposite side;
 * the pmf is monotone there, so a binary search for the first/last qualifying term gives the
 * same count in O(log n) pmf evaluations. Comparisons are made on the log scale so that
 * extreme x (pmf underflowing to 0) still behave.
 */
function binomialTwoSidedP(x: number, n: number, p: number): number {
  if (p === 0) return x === 0 ? 1 : 0;
  if (p === 1) return x === n ? 1 : 0;
  const q = 1 - p;
  const logPmf = (i: number): number => binomialLogPmfRaw(i, n, p, q);
  const logThreshold = logPmf(x) + Math.log1p(1e-7);
  const m = n * p;
  if (x === m) return 1;
  let pValue: number;
  if (x < m) {
    // Opposite side i ∈ [ceil(m), n], pmf non-increasing: qualifying terms form a suffix [j, n].
    let lo = Math.ceil(m);
    let hi = n + 1; // hi = n + 1 means "no qualifying term"
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      if (logPmf(mid) <= logThreshold) hi = mid;
      else lo = mid + 1;
    }
    const y = n + 1 - lo; // number of qualifying terms
    pValue = binomialCdf(x, n, p) + binomialSurvival(n - y, n, p);
  } else {
    // Opposite side i ∈ [0, floor(m)], pmf non-decreasing: qualifying terms form a prefix [0, j].
    let lo = -1; // lo = -1 means "no qualifying term"
    let hi = Math.floor(m);
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (logPmf(mid) <= logThreshold) lo = mid;
      else hi = mid - 1;
    }
    const y = lo + 1;
    pValue = binomialCdf(y - 1, n, p) + binomialSurvival(x - 1, n, p);
  }
  return Math.min(1, pValue);
}

/**
 * Exact test and interval for the ratio of two Poisson rates, (b/exposureB)/(a/exposureA),
 * conditional on b + a: reproduces R's poisson.test(c(b, a), T = c(exposureB, exposureA),
 * conf.level = confLevel) (estimate, conf.int, p.value). Throws RangeError for non-integer or
 * negative counts, b = a = 0 (R errors too), non-positive exposures or a bad confLevel.
 */
export function rateRatioTest(
  b: number,
  a: number,
  { exposureB = 1, exposureA = 1, confLevel = 0.95 }: RateRatioOptions = {},
): RateRatioTestResult {
  requireCount('b', b);
  requireCount('a', a);
  requirePositive('exposureB', exposureB);
  requirePositive('exposureA', exposureA);
  requireConfLevel(confLevel);
  const n = b + a;
  if (n === 0) throw new RangeError('rateRatioTest needs at least one event (b + a > 0)');
  // Null proportion of b among all events when RR = 1 (R: r*T[1]/(r*T[1] + T[2]), r = 1).
  const p0 = exposureB / (exposureB + exposureA);
  const ratio = b / exposureB / (a / exposureA);

  const alpha = (1 - confLevel) / 2;
  // Clopper–Pearson bounds for π, each with its complement 1 − π.
  const [piL, oneMinusPiL] = b === 0 ? [0, 1] : betaQuantileWithComplement(alpha, b, n - b + 1);
  const [piU, oneMinusPiU] = b === n ? [1, 0] : betaQuantileWithComplement(1 - alpha, b + 1, n - b);
  // RR = π/(1−π) · Ta/Tb (R: pp/(1 - pp)*T[2]/T[1])
  const lo = ((piL / oneMinusPiL) * exposureA) / exposureB;
  const hi = oneMinusPiU === 0 ? Infinity : ((piU / oneMinusPiU) * exposureA) / exposureB;

  return { ratio, ci: [lo, hi], pValue: binomialTwoSidedP(b, n, p0) };
}

// The same counts come back again and again (both counts of every claim on a series, the charts):
// a small memo of Garwood intervals keyed by count, holding the level it was computed for. Bounded:
// the oldest entry goes first.
const GARWOOD_MEMO_SIZE = 4096;
const garwoodMemo = new Map<number, readonly [confLevel: number, lo: number, hi: number]>();

/**
 * Garwood (exact Poisson) interval for a single count x:
 * [Γ⁻¹(α/2; x), Γ⁻¹(1 − α/2; x + 1)] (R: qgamma(c(α/2, 1 − α/2), c(x, x + 1))), lower = 0 at x = 0.
 */
export function garwoodInterval(x: number, confLevel = 0.95): [number, number] {
  if (!Number.isFinite(x) || x < 0) throw new RangeError(`count must be finite and >= 0, got ${x}`);
  requireConfLevel(confLevel);
  let memo = garwoodMemo.get(x);
  if (memo?.[0] !== confLevel) {
    const alpha = 1 - confLevel;
    memo = [confLevel, x === 0 ? 0 : gammaQuantile(alpha / 2, x), gammaQuantile(1 - alpha / 2, x + 1)];
    if (garwoodMemo.size >= GARWOOD_MEMO_SIZE && !garwoodMemo.has(x)) garwoodMemo.delete(garwoodMemo.keys().next().value!);
    garwoodMemo.set(x, memo);
  }
  return [memo[1], memo[2]]; // a fresh pair: a caller changing its copy cannot change the memo
}
