/**
 * Log-linear trend of a count series (docs/methods.md §4): ordinary least squares of ln y on t,
 * projection to a target time with the OLS prediction interval, exponentiated, and the Pearson
 * dispersion of the counts about the fitted trend.
 */
import { studentTQuantile } from './special.js';

export interface TimePoint {
  t: number;
  y: number;
}

export interface LogLinearFit {
  /** Number of points. */
  n: number;
  /** OLS intercept of ln y at t = 0. */
  intercept: number;
  /** OLS slope of ln y per unit t. */
  slope: number;
  /** R² of the log-scale fit (R: summary(lm)$r.squared). */
  rSquared: number;
  /** Residual standard error s = √(RSS/(n − 2)) (R: summary(lm)$sigma). */
  residualSE: number;
  /** Mean of t. */
  tMean: number;
  /** Σ (t − t̄)². */
  sxx: number;
  /** Fitted values of ln y, in input order. */
  fitted: number[];
  /** Mean of ln y (the fitted value at t̄). */
  logMean: number;
  /** Standard error of the slope, s/√Sxx (R: coef(summary(lm))[2, 2]). */
  slopeSE: number;
}

export interface LogLinearProjection {
  /** ŷ = fitted ln y at t₀. */
  logProjection: number;
  /** e^ŷ. */
  projection: number;
  /** exp(ŷ ∓ t_{n−2; 1−α/2} · max(s, floor) · √(1 + 1/n + (t₀ − t̄)²/Sxx) · √max(1, φ)). */
  interval: [number, number];
  /** The residual SE used: the fit's s, or the floor when s is smaller. */
  sigma: number;
}

export interface TrendEffect {
  /** observed / projection. */
  ratio: number;
  /** observed / [upper, lower] prediction bound: the interval of the ratio. */
  interval: [number, number];
}

/** Validates points (finite t, finite y > 0, n >= 3, t not all equal). */
function validatePoints(points: readonly TimePoint[]): void {
  if (points.length < 3) {
    throw new RangeError(`a log-linear trend needs at least 3 points, got ${points.length}`);
  }
  for (const { t, y } of points) {
    if (!Number.isFinite(t)) throw new RangeError(`t must be finite, got ${t}`);
    if (!Number.isFinite(y) || y <= 0) throw new RangeError(`y must be finite and > 0, got ${y}`);
  }
}

/**
 * Ordinary least squares of ln y on t (R: lm(log(y) ~ t)). Computed on centred data for
 * accuracy with calendar years as t. Throws RangeError when n < 3, some y <= 0 or all t equal.
 */
export function fitLogLinear(points: readonly TimePoint[]): LogLinearFit {
  validatePoints(points);
  const n = points.length;
  const ts = points.map((p) => p.t);
  const ly = points.map((p) => Math.log(p.y));
  const tMean = ts.reduce((s, v) => s + v, 0) / n;
  const logMean = ly.reduce((s, v) => s + v, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const dt = (ts[i] as number) - tMean;
    sxx += dt * dt;
    sxy += dt * ((ly[i] as number) - logMean);
  }
  if (!(sxx > 0)) throw new RangeError('t must take at least two distinct values');
  const slope = sxy / sxx;
  const intercept = logMean - slope * tMean;
  const fitted = ts.map((t) => logMean + slope * (t - tMean));
  let rss = 0;
  let mss = 0;
  for (let i = 0; i < n; i++) {
    const f = fitted[i] as number;
    const r = (ly[i] as number) - f;
    rss += r * r;
    mss += (f - logMean) * (f - logMean);
  }
  // As summary.lm: R² = MSS/(MSS + RSS) (NaN for a constant series, as in R).
  const rSquared = mss / (mss + rss);
  const residualSE = Math.sqrt(rss / (n - 2));
  return {
    n,
    intercept,
    slope,
    rSquared,
    residualSE,
    tMean,
    sxx,
    fitted,
    logMean,
    slopeSE: residualSE / Math.sqrt(sxx),
  };
}

/**
 * Projects the fitted trend to t0 with an OLS prediction interval on the log scale,
 * exponentiated: exp(predict(lm, data.frame(t = t0), interval = "prediction", level)).
 * dispersionScale φ widens the variance by max(1, φ) (the half-width by √max(1, φ)).
 */
export function projectLogLinear(
  fit: LogLinearFit,
  t0: number,
  confLevel = 0.95,
  dispersionScale = 1,
  sigmaFloor = 0,
): LogLinearProjection {
  if (!Number.isFinite(t0)) throw new RangeError(`t0 must be finite, got ${t0}`);
  if (!(confLevel > 0 && confLevel < 1)) {
    throw new RangeError(`confLevel must be in (0, 1), got ${confLevel}`);
  }
  if (Number.isNaN(dispersionScale) || dispersionScale < 0) {
    throw new RangeError(`dispersionScale must be >= 0, got ${dispersionScale}`);
  }
  if (fit.n < 3) throw new RangeError('the fit must have at least 3 points');
  const logProjection = fit.logMean + fit.slope * (t0 - fit.tMean);
  const d = t0 - fit.tMean;
  if (Number.isNaN(sigmaFloor) || sigmaFloor < 0) throw new RangeError(`sigmaFloor must be >= 0, got ${sigmaFloor}`);
  const sigma = Math.max(fit.residualSE, sigmaFloor);
  const se = sigma * Math.sqrt(1 + 1 / fit.n + (d * d) / fit.sxx) * Math.sqrt(Math.max(1, dispersionScale));
  const tq = studentTQuantile(1 - (1 - confLevel) / 2, fit.n - 2);
  return {
    logProjection,
    projection: Math.exp(logProjection),
    interval: [Math.exp(logProjection - tq * se), Math.exp(logProjection + tq * se)],
    sigma,
  };
}

/**
 * Effect of an intervention against the projected counterfactual: observed / projection, with
 * the interval observed / [upper, lower] of the prediction interval.
 */
export function trendEffect(observed: number, projection: LogLinearProjection): TrendEffect {
  if (!Number.isFinite(observed) || observed < 0) {
    throw new RangeError(`observed must be finite and >= 0, got ${observed}`);
  }
  const [lo, hi] = projection.interval;
  return { ratio: observed / projection.projection, interval: [observed / hi, observed / lo] };
}

/**
 * The Poisson floor of the residual SE of ln y (docs/methods.md): a count y has variance y, so ln y
 * has variance about 1/y (delta method); a fit on counts can be no more precise than that.
 * √(mean of 1/y) over the points (R: sqrt(mean(1/y))).
 */
export function poissonLogSigma(points: readonly TimePoint[]): number {
  validatePoints(points);
  return Math.sqrt(points.reduce((s, p) => s + 1 / p.y, 0) / points.length);
}

/**
 * Pearson dispersion of the counts about the fitted trend: Σ (y − μ̂)²/μ̂ / (n − 2) with
 * μ̂ = exp(fitted). Values above 1 mean more-than-Poisson variation.
 */
export function pearsonDispersion(points: readonly TimePoint[], fit: LogLinearFit): number {
  validatePoints(points);
  if (points.length !== fit.n || fit.fitted.length !== fit.n) {
    throw new RangeError(`points (${points.length}) and fit (${fit.n}) differ in length`);
  }
  let chi2 = 0;
  for (let i = 0; i < fit.n; i++) {
    const mu = Math.exp(fit.fitted[i] as number);
    const r = (points[i] as TimePoint).y - mu;
    chi2 += (r * r) / mu;
  }
  return chi2 / (fit.n - 2);
}
