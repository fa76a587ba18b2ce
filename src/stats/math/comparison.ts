/**
 * Comparison-area statistics (docs/methods.md §4, comparison): difference in differences of log counts and the
 * parallel-trends check (slope of ln(T/C) over the pre-period).
 */
import { normalCdf, normalQuantile, studentTCdf, studentTQuantile } from './special.js';
import { fitLogLinear, type TimePoint } from './trend.js';

export interface DiDCounts {
  treatedBefore: number;
  treatedAfter: number;
  controlBefore: number;
  controlAfter: number;
}

export interface DiDResult {
  /** δ = ln(T₁/T₀) − ln(C₁/C₀). */
  logRatio: number;
  /** √(1/T₀ + 1/T₁ + 1/C₀ + 1/C₁) · √max(1, φ). */
  se: number;
  /** Ratio of ratios e^δ. */
  ratio: number;
  /** Normal (Wald) interval of e^δ: exp(δ ∓ z_{1−α/2} · se). */
  ci: [number, number];
  /** δ / se. */
  z: number;
  /** Two-sided normal p-value 2 Φ(−|z|). */
  pValue: number;
}

export interface PreTrendResult {
  /** Number of paired time points. */
  n: number;
  /** Slope of ln(treated/control) per unit t. */
  slope: number;
  /** Its standard error. */
  se: number;
  /** slope / se. */
  tStatistic: number;
  /** Residual degrees of freedom n − 2. */
  df: number;
  /** Two-sided p-value from Student t with n − 2 df. */
  pValue: number;
}

/**
 * Difference in differences on the log scale for a 2×2 table of counts. Equals the city:post
 * coefficient of glm(y ~ city * post, family = poisson), its standard error and Wald z test,
 * and confint.default for the interval. dispersionScale φ multiplies the variance by max(1, φ).
 * All counts must be > 0.
 */
export function differenceInDifferences(
  counts: DiDCounts,
  confLevel = 0.95,
  dispersionScale = 1,
  dispersionDf?: number,
): DiDResult {
  const { treatedBefore, treatedAfter, controlBefore, controlAfter } = counts;
  for (const [name, v] of Object.entries(counts) as [string, number][]) {
    if (!Number.isFinite(v) || v <= 0) throw new RangeError(`${name} must be finite and > 0, got ${v}`);
  }
  if (!(confLevel > 0 && confLevel < 1)) {
    throw new RangeError(`confLevel must be in (0, 1), got ${confLevel}`);
  }
  if (Number.isNaN(dispersionScale) || dispersionScale < 0) {
    throw new RangeError(`dispersionScale must be >= 0, got ${dispersionScale}`);
  }
  const logRatio =
    Math.log(treatedAfter) - Math.log(treatedBefore) - (Math.log(controlAfter) - Math.log(controlBefore));
  const variance =
    (1 / treatedBefore + 1 / treatedAfter + 1 / controlBefore + 1 / controlAfter) * Math.max(1, dispersionScale);
  const se = Math.sqrt(variance);
  const z = logRatio / se;
  // A φ estimated on few degrees of freedom is itself uncertain: where it widens the variance, the
  // interval and p-value use Student's t on its degrees of freedom (docs/methods.md, "Attribution").
  const useT = dispersionScale > 1 && dispersionDf !== undefined;
  if (useT && !(dispersionDf >= 1)) throw new RangeError(`dispersionDf must be >= 1, got ${dispersionDf}`);
  const q = useT ? studentTQuantile(1 - (1 - confLevel) / 2, dispersionDf) : normalQuantile(1 - (1 - confLevel) / 2);
  return {
    logRatio,
    se,
    ratio: Math.exp(logRatio),
    ci: [Math.exp(logRatio - q * se), Math.exp(logRatio + q * se)],
    z,
    pValue: useT ? 2 * studentTCdf(-Math.abs(z), dispersionDf) : 2 * normalCdf(-Math.abs(z)),
  };
}

/**
 * Parallel-trends check: OLS slope of ln(treated/control) on t, points paired by equal t
 * (R: summary(lm(log(city/ctrl) ~ yr))). Needs >= 3 common time points, all counts > 0;
 * throws RangeError if a t of one series is missing from the other.
 */
export function preTrendSlope(treated: readonly TimePoint[], control: readonly TimePoint[]): PreTrendResult {
  if (treated.length !== control.length) {
    throw new RangeError(`treated (${treated.length}) and control (${control.length}) differ in length`);
  }
  const byT = new Map<number, number>();
  for (const c of control) {
    if (byT.has(c.t)) throw new RangeError(`duplicate control time ${c.t}`);
    byT.set(c.t, c.y);
  }
  const ratios: TimePoint[] = treated.map(({ t, y }) => {
    const c = byT.get(t);
    if (c === undefined) throw new RangeError(`no control point at t = ${t}`);
    if (!(c > 0)) throw new RangeError(`control counts must be > 0, got ${c} at t = ${t}`);
    return { t, y: y / c };
  });
  const fit = fitLogLinear(ratios);
  const df = fit.n - 2;
  const tStatistic = fit.slope / fit.slopeSE;
  return {
    n: fit.n,
    slope: fit.slope,
    se: fit.slopeSE,
    tStatistic,
    df,
    pValue: 2 * studentTCdf(-Math.abs(tStatistic), df),
  };
}
