export {
  regularizedGammaP,
  regularizedGammaQ,
  regularizedBeta,
  gammaQuantile,
  betaQuantile,
  normalCdf,
  normalQuantile,
  studentTCdf,
  studentTQuantile,
} from './special.js';
export { rateRatioTest, garwoodInterval } from './poisson.js';
export type { RateRatioOptions, RateRatioTestResult } from './poisson.js';
export { fitLogLinear, projectLogLinear, trendEffect, pearsonDispersion, poissonLogSigma } from './trend.js';
export type { TimePoint, LogLinearFit, LogLinearProjection, TrendEffect } from './trend.js';
export { differenceInDifferences, preTrendSlope } from './comparison.js';
export type { DiDCounts, DiDResult, PreTrendResult } from './comparison.js';
export { decideIntervalVerdict } from './interval-verdict.js';
export type { IntervalVerdict, ClaimedChange, IntervalVerdictResult } from './interval-verdict.js';
