// Stats: observed changes, gaps and verdicts — pure functions.
export { evaluateClaim, missingParts, citedRows } from './evaluate.js';
export { decideChange, decideLevel, describeClaimedChange, describeClaimedLevel, alternativeReading, type PointDecision } from './verdict.js';
export { computeTiers, decidingTier, prePeriodPoints, timeIndex, comparisonSeriesFor } from './tiers.js';
