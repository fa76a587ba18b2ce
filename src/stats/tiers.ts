// The statistical tiers of docs/methods.md for a change claim: counts (exact rate ratio), rates per 100,000,
// the trend-adjusted effect (log-linear fit on the pre-period) and the comparison area (difference in
// differences on the log scale, with a parallel-trends check). Each tier gives a ratio, its 95%
// interval and the attribution verdict that interval gives (docs/methods.md, "Attribution"), whether
// its data allow it to decide (informative), or says why it could not be computed.
import { isCountSeries, seriesMeasure } from '../evidence/index.js';
import { formatNumber } from '../format.js';
import { isProblem, resolveSpec } from '../match/index.js';
import { nextPeriod } from '../period.js';
import type { ChartFigurePoint } from '../report-model/chart.js';
import { valuesOnce } from './chart-figures.js';
import type { Claim, ClaimedChange, EvidenceSeries, Observation, ObservedValue, Period, PeriodSpec, Tier } from '../types.js';
import {
  decideIntervalVerdict,
  differenceInDifferences,
  fitLogLinear,
  garwoodInterval,
  normalQuantile,
  pearsonDispersion,
  poissonLogSigma,
  preTrendSlope,
  projectLogLinear,
  rateRatioTest,
  studentTCdf,
  studentTQuantile,
  trendEffect,
  type LogLinearFit,
  type TimePoint,
} from './math/index.js';

export interface TierInputs {
  claim: Claim;
  series: EvidenceSeries;
  baseline: ObservedValue;
  target: ObservedValue;
  population: EvidenceSeries[];
  comparison: EvidenceSeries[];
  comparisonProblem?: string;
}

const pct = (ratio: number) => `${ratio >= 1 ? '+' : '−'}${formatNumber(Math.abs(ratio - 1) * 100, 1)}%`;
const r3 = (x: number) => formatNumber(x, 3);

/** A time index in years, so slopes read "per year" (2016-Q3 → 2016.5, 2016-07 → 2016.5). */
export function timeIndex(p: Period): number {
  const year = Number(p.label.slice(0, 4));
  switch (p.granularity) {
    case 'year':
      return year;
    case 'fiscal-year':
      // By label (FY2018 → 2018), so a claim's FY2018 and the evidence's fall on the same point.
      return Number(p.label.slice(2));
    case 'quarter':
      return year + (Number(p.label.slice(6)) - 1) / 4;
    case 'month':
      return year + (Number(p.label.slice(5, 7)) - 1) / 12;
    case 'week':
    case 'day':
      return p.startDay / 365.2425 + 1970;
  }
}

function isWholeCount(x: number): boolean {
  return Number.isInteger(x) && x >= 0;
}

/**
 * Total count behind an observed value (a baseline span is a mean over k periods), and its exposure in
 * years (k periods of the value's nominal length), so that a year is compared with a quarter per year.
 */
function countsOf(v: ObservedValue, spec: PeriodSpec): { total: number; periods: number } {
  const k = spec.periods.length;
  return { total: Math.round(v.value * k), periods: k * (v.years ?? 1) };
}

/** The pre-period: values of the series at the claim's granularity up to the end of the baseline. */
export function prePeriodPoints(series: EvidenceSeries, baseline: PeriodSpec): Array<TimePoint & { period: Period; obs: Observation }> {
  const last = baseline.periods[baseline.periods.length - 1]!;
  const seen = new Set<string>();
  const out: Array<TimePoint & { period: Period; obs: Observation }> = [];
  for (const o of series.observations) {
    if (o.period.granularity !== last.granularity || o.period.endDay > last.endDay || o.value === null || o.value <= 0 || seen.has(o.period.label)) continue;
    seen.add(o.period.label);
    out.push({ t: timeIndex(o.period), y: o.value, period: o.period, obs: o });
  }
  return out;
}

/** A tier decides only on this many pre-period points; on 3–4 it is shown, flagged weak (docs/methods.md). */
export const INFORMATIVE_POINTS = 5;

/**
 * Overdispersion φ from the pre-period trend fit (methods §3), with its degrees of freedom n − 2:
 * where φ > 1 widens an interval, the interval uses Student's t on those degrees of freedom, since a
 * φ from 3 or 4 points is itself very uncertain.
 */
export interface Dispersion {
  phi: number;
  df: number;
}

function dispersionOf(points: TimePoint[]): Dispersion | undefined {
  if (points.length < 3) return undefined;
  const fit = fitLogLinear(points);
  return { phi: pearsonDispersion(points, fit), df: points.length - 2 };
}

function widens(d: Dispersion | undefined): d is Dispersion {
  return d !== undefined && d.phi > 1;
}

/**
 * Widen an exact interval around its point estimate on the log scale for overdispersion: by √φ, and
 * from z to t on φ's degrees of freedom. As R:
 *   rr * (poisson.test(c(b, a))$conf.int / rr)^(sqrt(phi) * qt(0.975, df) / qnorm(0.975))
 */
export function widenForDispersion(ratio: number, ci: [number, number], d: Dispersion): [number, number] {
  const k = Math.sqrt(d.phi) * (studentTQuantile(0.975, d.df) / normalQuantile(0.975));
  return [ratio * (ci[0] / ratio) ** k, ratio * (ci[1] / ratio) ** k];
}

/**
 * The two-sided p-value that goes with a widened interval: the exact Poisson p-value would claim a
 * precision the overdispersed data do not have. t on φ's degrees of freedom, on the log scale.
 */
function widenedPValue(ratio: number, ci: [number, number], d: Dispersion): number {
  const q = studentTQuantile(0.975, d.df);
  const se = (Math.log(ci[1]) - Math.log(ci[0])) / (2 * q);
  return 2 * studentTCdf(-Math.abs(Math.log(ratio)) / se, d.df);
}

function notComputed(tier: Tier['tier'], reason: string): Tier {
  return { tier, passed: false, informative: false, notes: [], reason };
}

/** The estimate as it is: "every estimate in the interval is a rise", or where the interval reaches. */
export function describeEstimate(ratio: number, ci: readonly [number, number]): string {
  const [lo, hi] = ci;
  const est = `the estimate is ${ratio >= 1 ? 'a rise' : 'a fall'} of ${formatNumber(Math.abs(ratio - 1) * 100, 1)}% (95% interval ${pct(lo)} to ${pct(hi)})`;
  if (lo > 1) return `${est}: every estimate in the interval is a rise`;
  if (hi < 1) return `${est}: every estimate in the interval is a fall`;
  return `${est}: the interval also includes no change`;
}

function judged(tier: Tier, claimed: ClaimedChange): Tier {
  if (!tier.ci || tier.ratio === undefined) return tier;
  // An interval of zero width is no evidence: the tier gives no verdict.
  if (!(tier.ci[1] > tier.ci[0])) return notComputed(tier.tier, `the interval has zero width (${formatNumber(tier.ci[0])} to ${formatNumber(tier.ci[1])}), which is no evidence`);
  const d = decideIntervalVerdict(tier.ci, claimed);
  return { ...tier, verdict: d.verdict, notes: [...tier.notes, `${describeEstimate(tier.ratio, tier.ci)}; ${d.reason}`] };
}

function countTier(input: TierInputs, disp: Dispersion | undefined): Tier {
  const { claim, series, baseline, target } = input;
  if (!holdsCounts(series)) return notComputed('count', notACount(series));
  const a = countsOf(baseline, claim.baseline!);
  const b = countsOf(target, claim.target!);
  if (!isWholeCount(a.total) || !isWholeCount(b.total)) return notComputed('count', 'the values are not whole counts');
  if (a.total === 0) return notComputed('count', 'the baseline count is 0');
  const test = rateRatioTest(b.total, a.total, { exposureB: b.periods, exposureA: a.periods });
  const notes: string[] = [];
  let ci = test.ci;
  let pValue = test.pValue;
  if (widens(disp)) {
    ci = widenForDispersion(test.ratio, ci, disp);
    pValue = widenedPValue(test.ratio, ci, disp);
    notes.push(`interval and p-value widened for overdispersion: φ = ${formatNumber(disp.phi, 2)} from the pre-period trend fit on ${disp.df} degree${disp.df === 1 ? '' : 's'} of freedom, so t(${disp.df}) rather than z (the Poisson-only interval was ${r3(test.ci[0])}–${r3(test.ci[1])}, p = ${test.pValue.toPrecision(3)})`);
  }
  const span = a.periods > 1 ? ` (${a.periods} periods summed against ${b.periods})` : '';
  // Garwood intervals: how uncertain each count is on its own (methods §3).
  const ga = garwoodInterval(a.total);
  const gb = garwoodInterval(b.total);
  notes.push(`Garwood 95% intervals of the counts: ${formatNumber(a.total)} (${formatNumber(ga[0], 1)}–${formatNumber(ga[1], 1)}) and ${formatNumber(b.total)} (${formatNumber(gb[0], 1)}–${formatNumber(gb[1], 1)})`);
  return judged(
    {
      tier: 'count',
      ratio: test.ratio,
      ci,
      pValue,
      passed: true,
      informative: true,
      notes,
      formula: `RR = (b / Tb) / (a / Ta); exact conditional (binomial) 95% interval, as R poisson.test(c(b, a), T = c(Tb, Ta))${widens(disp) ? '; widened on the log scale by √φ · t(df)/z for overdispersion' : ''}`,
      inputs: { a: a.total, Ta: a.periods, b: b.total, Tb: b.periods, a_lower: ga[0], a_upper: ga[1], b_lower: gb[0], b_upper: gb[1] },
      explanation: `Counting reported cases: ${formatNumber(a.total)} in ${baseline.period}${span} and ${formatNumber(b.total)} in ${target.period}, a change of ${pct(test.ratio)} (95% interval ${pct(ci[0])} to ${pct(ci[1])}); ${pPhrase(pValue)}${widens(disp) ? ', allowing for how much this series varied from year to year before' : ''}.`,
    },
    claim.claimed as ClaimedChange,
  );
}

function pPhrase(p: number): string {
  if (p < 0.001) return 'a change this large would be very unlikely from chance alone (p < 0.001)';
  if (p < 0.05) return `chance alone would rarely give a change this large (p = ${formatNumber(p, 3)})`;
  return `a change this size could easily be chance (p = ${formatNumber(p, 2)})`;
}

/** Population at each period of a spec: reported, or interpolated linearly between reported periods. */
function populationAt(series: EvidenceSeries, spec: PeriodSpec): { total: number; notes: string[] } | { problem: string } {
  let total = 0;
  const notes: string[] = [];
  for (const p of spec.periods) {
    const exact = resolveSpec(series, { label: p.label, periods: [p] });
    if (!isProblem(exact)) {
      total += exact.value;
      continue;
    }
    const same = series.observations.filter((o) => o.period.granularity === p.granularity && o.value !== null);
    const before = [...same].reverse().find((o) => o.period.endDay < p.startDay);
    const after = same.find((o) => o.period.startDay > p.endDay);
    if (!before || !after) return { problem: `no population for ${p.label}, and none on both sides of it to interpolate` };
    const t = (timeIndex(p) - timeIndex(before.period)) / (timeIndex(after.period) - timeIndex(before.period));
    const v = before.value! + t * (after.value! - before.value!);
    total += v;
    notes.push(`population for ${p.label} interpolated between ${before.period.label} and ${after.period.label}: ${formatNumber(v, 0)}`);
  }
  return { total, notes };
}

function rateTier(input: TierInputs, disp: Dispersion | undefined): Tier {
  const { claim, series, baseline, target } = input;
  const pop = input.population[0];
  if (!pop) return notComputed('rate', `no population series for ${series.region}`);
  if (!holdsCounts(series)) return notComputed('rate', notACount(series));
  const a = countsOf(baseline, claim.baseline!);
  const b = countsOf(target, claim.target!);
  if (!isWholeCount(a.total) || !isWholeCount(b.total) || a.total === 0) return notComputed('rate', 'the values are not whole counts, or the baseline is 0');
  const pa = populationAt(pop, claim.baseline!);
  const pb = populationAt(pop, claim.target!);
  if ('problem' in pa) return notComputed('rate', `baseline: ${pa.problem}`);
  if ('problem' in pb) return notComputed('rate', `target: ${pb.problem}`);
  const test = rateRatioTest(b.total, a.total, { exposureB: pb.total, exposureA: pa.total });
  const notes = [...pa.notes, ...pb.notes];
  let ci = test.ci;
  let pValue = test.pValue;
  if (widens(disp)) {
    ci = widenForDispersion(test.ratio, ci, disp);
    pValue = widenedPValue(test.ratio, ci, disp);
    notes.push(`interval and p-value widened for overdispersion: φ = ${formatNumber(disp.phi, 2)} on ${disp.df} degree${disp.df === 1 ? '' : 's'} of freedom, t(${disp.df}) rather than z`);
  }
  const rate = (count: number, exposure: number) => (1e5 * count) / exposure;
  return judged(
    {
      tier: 'rate',
      ratio: test.ratio,
      ci,
      pValue,
      passed: true,
      informative: true,
      notes,
      formula: `RR = (b / Pb) / (a / Pa), Pb and Pa the populations; exact 95% interval, as R poisson.test(c(b, a), T = c(Pb, Pa))${widens(disp) ? '; widened on the log scale by √φ · t(df)/z for overdispersion' : ''}`,
      inputs: { a: a.total, Pa: pa.total, b: b.total, Pb: pb.total },
      explanation: `Per 100,000 residents the rate went from ${formatNumber(rate(a.total, pa.total))} in ${baseline.period} to ${formatNumber(rate(b.total, pb.total))} in ${target.period}, a change of ${pct(test.ratio)} (95% interval ${pct(ci[0])} to ${pct(ci[1])}); a growing population makes counts look worse than rates.`,
    },
    claim.claimed as ClaimedChange,
  );
}

/** Whether a series holds counts of events, so that Poisson noise applies to it (its measure: docs/evidence.md, "Measures"). */
export function holdsCounts(series: EvidenceSeries): boolean {
  return isCountSeries(series);
}

/** Why a tier on Poisson noise does not apply: the series' measure, and how it was known. */
function notACount(series: EvidenceSeries): string {
  const m = seriesMeasure(series);
  return `the series is ${m.measure === 'amount' ? 'an amount' : `a ${m.measure}`}, not a count of events (${m.basis}), so no Poisson interval applies`;
}

function weakNote(n: number): string {
  return `weak: ${n} pre-period points (fewer than ${INFORMATIVE_POINTS}), shown but never deciding`;
}

function trendTier(input: TierInputs, points: Array<TimePoint & { period: Period }>): Tier {
  const { claim, target } = input;
  if (claim.target!.periods.length !== 1) return notComputed('trend', 'the target is a span; a projection needs a single period');
  if (points.length < 3) return notComputed('trend', `${points.length} pre-period point${points.length === 1 ? '' : 's'} up to ${claim.baseline!.label}; a trend needs at least 3`);
  const fit = fitLogLinear(points);
  const t0 = timeIndex(claim.target!.periods[0]!);
  const counts = holdsCounts(input.series);
  if (!counts && !(target.value > 0)) return notComputed('trend', `the target ${target.period} is ${formatNumber(target.value)}: on the log scale the effect is undefined (it would be an interval of zero width)`);
  // Poisson floor (methods §4, §6): a smooth pre-period must not give an interval narrower than the
  // counting noise of its own counts.
  const floor = counts ? poissonLogSigma(points) : 0;
  const projection = projectLogLinear(fit, t0, 0.95, 1, floor);
  const effect = trendEffect(target.value, projection);
  const notes = [`fitted on ${points.length} pre-period points`];
  if (floor > fit.residualSE) notes.push(`Poisson floor: the fit's residual SE ${formatNumber(fit.residualSE, 4)} is below the counting noise of its counts, √mean(1/y) = ${formatNumber(floor, 4)}, which is used instead`);
  if (counts && target.value === 0) {
    // A target of 0 would give the interval [0, 0]: its own counting noise (Garwood upper bound of 0) sets the upper end.
    const upper = garwoodInterval(0)[1] / projection.interval[0];
    effect.interval = [0, upper];
    notes.push(`the target count is 0: the upper end of the interval uses its Garwood upper bound ${formatNumber(garwoodInterval(0)[1], 3)} over the projection's lower bound`);
  }
  const informative = points.length >= INFORMATIVE_POINTS;
  if (!informative) notes.push(weakNote(points.length));
  const first = points[0]!;
  const last = points[points.length - 1]!;
  const yearly = Math.exp(fit.slope) - 1;
  const line = trendLine(fit, points, claim.baseline!, claim.target!.periods[0]!, floor);
  return judged(
    {
      tier: 'trend',
      ratio: effect.ratio,
      ci: effect.interval,
      passed: true,
      informative,
      notes,
      formula: `ln Y = α + βt fitted on the pre-period; effect = observed / e^ŷ(t0), interval from the prediction interval ŷ ± t(n−2) · s · √(1 + 1/n + (t0 − t̄)²/Sxx)${counts ? ', s at least √mean(1/y) (Poisson floor)' : ''}`,
      inputs: { n: points.length, slope: fit.slope, rSquared: fit.rSquared, s: fit.residualSE, sUsed: projection.sigma, t0, projection: projection.projection, lower: projection.interval[0], upper: projection.interval[1], observed: target.value },
      ...(line ? { chart: { trend: line } } : {}),
      explanation: `Up to ${claim.baseline!.label} the series was already changing by ${pct(1 + yearly)} a year (fitted on ${points.length} points, ${first.period.label}–${last.period.label}${informative ? '' : '; too few points for this to decide'}). Continuing that trend predicts ${formatNumber(projection.projection, 0)} in ${target.period} (range ${formatNumber(projection.interval[0], 0)}–${formatNumber(projection.interval[1], 0)}); the observed ${formatNumber(target.value)} is ${pct(effect.ratio)} against it (interval ${pct(effect.interval[0])} to ${pct(effect.interval[1])}).`,
    },
    claim.claimed as ClaimedChange,
  );
}

/**
 * The trend as a chart draws it: the fit's values over the pre-period, then the projection for each
 * period after the baseline (at the baseline's granularity) up to the target, each with the 95%
 * prediction interval of the same fit and residual SE (with the same floor) as the tier's. None when
 * the target is not one of those periods.
 */
function trendLine(fit: LogLinearFit, points: Array<TimePoint & { period: Period }>, baseline: PeriodSpec, target: Period, floor: number): { fitted: ChartFigurePoint[]; projected: ChartFigurePoint[] } | undefined {
  const fitted = points.map((p) => ({ period: p.period.label, value: Math.exp(fit.intercept + fit.slope * p.t) }));
  const projected: ChartFigurePoint[] = [];
  // Guard the walk: a target is at most a few hundred periods past the baseline in any real claim.
  for (let p = nextPeriod(baseline.periods[baseline.periods.length - 1]!), i = 0; p.startDay <= target.startDay && i < 10_000; p = nextPeriod(p), i++) {
    const proj = projectLogLinear(fit, timeIndex(p), 0.95, 1, floor);
    projected.push({ period: p.label, value: proj.projection, low: proj.interval[0], high: proj.interval[1] });
    if (p.label === target.label) return { fitted, projected };
  }
  return undefined;
}

/** The comparison area's series for a claim's series: the one from the same source, else the first. */
export function comparisonSeriesFor(comparison: EvidenceSeries[], series: EvidenceSeries): EvidenceSeries | undefined {
  return comparison.find((s) => s.origin === series.origin) ?? comparison[0];
}

function comparisonTier(input: TierInputs, treatedPre: TimePoint[], disp: Dispersion | undefined): Tier {
  const { claim, baseline, target } = input;
  if (!claim.compareTo) return notComputed('comparison', "the claim names no comparison area (compare_to)");
  if (!holdsCounts(input.series)) return notComputed('comparison', notACount(input.series));
  const control = comparisonSeriesFor(input.comparison, input.series);
  if (!control) return notComputed('comparison', input.comparisonProblem ?? `no evidence for the comparison area '${claim.compareTo}'`);
  const c0 = resolveSpec(control, claim.baseline!);
  const c1 = resolveSpec(control, claim.target!);
  if (isProblem(c0)) return notComputed('comparison', `comparison area, baseline: ${c0.problem}`);
  if (isProblem(c1)) return notComputed('comparison', `comparison area, target: ${c1.problem}`);
  if (baseline.value <= 0 || target.value <= 0 || c0.value <= 0 || c1.value <= 0) return notComputed('comparison', 'a count is 0; the log ratio is undefined');
  const controlPre = prePeriodPoints(control, claim.baseline!);
  const shared = treatedPre.filter((p) => controlPre.some((c) => c.t === p.t));
  const notes: string[] = [];
  const inputs: Record<string, number | string> = { T0: baseline.value, T1: target.value, C0: c0.value, C1: c1.value, area: control.region };
  // What a chart draws: the comparison area scaled so that it starts at the claim's baseline value.
  const scale = baseline.value / c0.value;
  const chart = { comparison: { area: control.region, scale, points: valuesOnce(control).map((p) => ({ period: p.period, value: p.value * scale })) } };
  const treatedChange = target.value / baseline.value;
  const controlChange = c1.value / c0.value;
  const did = differenceInDifferences({ treatedBefore: baseline.value, treatedAfter: target.value, controlBefore: c0.value, controlAfter: c1.value }, 0.95, disp?.phi ?? 1, disp?.df);
  const didFormula = `δ = ln(T1/T0) − ln(C1/C0), Var δ = 1/T0 + 1/T1 + 1/C0 + 1/C1${widens(disp) ? ' × φ, with t(df of φ)' : ''}; ratio of ratios e^δ with a 95% interval`;
  if (widens(disp)) notes.push(`variance scaled for overdispersion: φ = ${formatNumber(disp.phi, 2)} on ${disp.df} degree${disp.df === 1 ? '' : 's'} of freedom, t(${disp.df}) rather than z`);
  if (shared.length < INFORMATIVE_POINTS) {
    // A parallel-trends check on fewer than 5 points cannot fail in practice (t(1) = 12.7): untested.
    if (shared.length >= 3) {
      const pre = preTrendSlope(shared, shared.map((p) => controlPre.find((c) => c.t === p.t)!));
      inputs.preSlope = pre.slope;
      inputs.preT = pre.tStatistic;
      notes.push(`parallel trends untested: ${shared.length} shared pre-period points (slope of ln(${claim.region}/${control.region}) ${formatNumber(pre.slope, 4)} a year, t = ${formatNumber(pre.tStatistic, 2)}), and the check needs ${INFORMATIVE_POINTS} to be able to fail, so this tier does not decide`);
    } else {
      notes.push(`parallel trends untested: ${shared.length} shared pre-period point${shared.length === 1 ? '' : 's'} (the check needs ${INFORMATIVE_POINTS}), so this tier does not decide`);
    }
    return judged(
      {
        tier: 'comparison',
        ratio: did.ratio,
        ci: did.ci,
        pValue: did.pValue,
        passed: false,
        informative: false,
        notes,
        formula: didFormula,
        inputs,
        chart,
        explanation: `${comparisonSentence(control.region, treatedChange, controlChange, did.ratio, did.ci)} Whether the two moved in parallel before ${claim.baseline!.label} cannot be tested on ${shared.length} point${shared.length === 1 ? '' : 's'}.`,
      },
      claim.claimed as ClaimedChange,
    );
  }
  const treatedShared = shared;
  const controlShared = shared.map((p) => controlPre.find((c) => c.t === p.t)!);
  const pre = preTrendSlope(treatedShared, controlShared);
  const critical = studentTQuantile(0.975, pre.df);
  const parallel = Math.abs(pre.tStatistic) <= critical;
  inputs.preSlope = pre.slope;
  inputs.preT = pre.tStatistic;
  if (parallel) {
    notes.push(`parallel trends up to ${claim.baseline!.label}, tested on ${shared.length} points: slope of ln(${claim.region}/${control.region}) ${formatNumber(pre.slope, 4)} a year, t = ${formatNumber(pre.tStatistic, 2)} (|t| ≤ ${formatNumber(critical, 2)})`);
    return judged(
      {
        tier: 'comparison',
        ratio: did.ratio,
        ci: did.ci,
        pValue: did.pValue,
        passed: true,
        informative: true,
        notes,
        formula: didFormula,
        inputs,
        chart,
        explanation: `${comparisonSentence(control.region, treatedChange, controlChange, did.ratio, did.ci)} Up to ${claim.baseline!.label} the two moved in parallel (t = ${formatNumber(pre.tStatistic, 2)} on ${shared.length} points).`,
      },
      claim.claimed as ClaimedChange,
    );
  }
  // Not parallel: project the ratio series' own trend (methods §5 → §4) and show it; it does not
  // decide, since the comparison area's premise failed its check.
  const ratioPoints = treatedShared.map((p, i) => ({ t: p.t, y: p.y / controlShared[i]!.y }));
  const fit = fitLogLinear(ratioPoints);
  const t0 = timeIndex(claim.target!.periods[0]!);
  const floor = holdsCounts(input.series) ? Math.sqrt(treatedShared.reduce((sum, p, i) => sum + 1 / p.y + 1 / controlShared[i]!.y, 0) / treatedShared.length) : 0;
  const projection = projectLogLinear(fit, t0, 0.95, 1, floor);
  const effect = trendEffect(target.value / c1.value, projection);
  notes.push(`trends up to ${claim.baseline!.label} were not parallel (t = ${formatNumber(pre.tStatistic, 2)} on ${shared.length} points, |t| > ${formatNumber(critical, 2)}); the ratio ${claim.region}/${control.region} is trend-adjusted and shown, but does not decide`);
  return judged(
    {
      tier: 'comparison',
      ratio: effect.ratio,
      ci: effect.interval,
      passed: false,
      informative: false,
      notes,
      formula: 'ln(T/C) = α + βt fitted on the pre-period; effect = (T1/C1) / projected ratio, with the prediction interval (s at least the counting noise of T and C)',
      inputs: { ...inputs, projectedRatio: projection.projection },
      chart,
      explanation: `${claim.region} and ${control.region} were already drifting apart up to ${claim.baseline!.label}, so the comparison follows that drift: against it, ${claim.region} is ${pct(effect.ratio)} (interval ${pct(effect.interval[0])} to ${pct(effect.interval[1])}).`,
    },
    claim.claimed as ClaimedChange,
  );
}

function comparisonSentence(area: string, treated: number, control: number, ratio: number, ci: [number, number]): string {
  return `Over the same periods ${area} changed by ${pct(control)} while the claim's area changed by ${pct(treated)}; the difference, a ratio of ratios of ${r3(ratio)} (95% interval ${r3(ci[0])}–${r3(ci[1])}), is ${pct(ratio)} beyond the comparison area's change.`;
}

/** Every tier for a change claim whose baseline and target were resolved, most credible last. */
export function computeTiers(input: TierInputs): Tier[] {
  const pre = prePeriodPoints(input.series, input.claim.baseline!);
  const dispersion = holdsCounts(input.series) ? dispersionOf(pre) : undefined;
  return [countTier(input, dispersion), rateTier(input, dispersion), trendTier(input, pre), comparisonTier(input, pre, dispersion)];
}

/** Most credible first (docs/methods.md, "Attribution"). */
export const TIER_CREDIBILITY = ['comparison', 'trend', 'rate', 'count'] as const;

/** The most credible informative tier with a verdict: comparison, then trend, then rate, then count. */
export function decidingTier(tiers: Tier[]): Tier | undefined {
  for (const name of TIER_CREDIBILITY) {
    const t = tiers.find((x) => x.tier === name);
    if (t && t.informative && t.verdict) return t;
  }
  return undefined;
}
