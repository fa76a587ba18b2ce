// The second answer for a change claim (docs/methods.md, "Attribution"): can the change be told apart
// from chance, the prior trend and a comparison area? Decided by the most credible informative tier;
// and the pre-period mean shown beside a single baseline period (regression to the mean).
import { formatNumber } from '../format.js';
import type { Attribution, Claim, EvidenceSeries, ObservedValue, PrePeriodMean, Tier } from '../types.js';
import { garwoodInterval } from './math/index.js';
import { decidingTier, describeEstimate, holdsCounts, INFORMATIVE_POINTS, prePeriodPoints, TIER_CREDIBILITY } from './tiers.js';

/** Pre-period points needed before a result claim is asked for an attribution (a trend can be shown). */
const HISTORY_POINTS = 3;

function r3(x: number): string {
  return formatNumber(x, 3);
}

/** Why a tier that ranks above the decider did not decide. */
function whyNotDeciding(t: Tier): string {
  if (t.reason) return `the ${t.tier} tier was not computed: ${t.reason}`;
  if (t.tier === 'trend') return `the trend tier is weak (${t.inputs?.n ?? '?'} pre-period points; it decides from ${INFORMATIVE_POINTS}) and is shown only`;
  if (t.tier === 'comparison') {
    const untested = t.notes.find((n) => n.startsWith('parallel trends untested'));
    return untested ? `the comparison tier does not decide: ${untested.replace(/, so this tier does not decide$/, '')}` : 'the comparison tier does not decide: the trends before the baseline were not parallel';
  }
  return `the ${t.tier} tier does not decide`;
}

/**
 * How much the series moved from one pre-period point to the next: the smallest and largest change,
 * for a sentence such as "the series swung between −31% and +47% a period before the baseline".
 */
function preSwings(series: EvidenceSeries, claim: Claim): { min: number; max: number; n: number; step: string } | undefined {
  const pts = prePeriodPoints(series, claim.baseline!);
  if (pts.length < 3) return undefined;
  const changes = pts.slice(1).map((p, i) => p.y / pts[i]!.y - 1);
  const step = pts[0]!.period.granularity === 'year' ? 'a year' : `from one ${pts[0]!.period.granularity} to the next`;
  return { min: Math.min(...changes), max: Math.max(...changes), n: pts.length, step };
}

/** A ratio as a signed percentage with one decimal: 0.748 → "−25.2%". */
function pctText(ratio: number): string {
  return `${ratio >= 1 ? '+' : '−'}${formatNumber(Math.abs(ratio - 1) * 100, 1)}%`;
}

/**
 * The attribution answer for a change claim whose tiers were computed. Asked of forecasts, and of
 * any claim with a comparison area or at least 3 pre-period points; otherwise `not-computed`.
 */
export function decideAttribution(claim: Claim, tiers: Tier[], series: EvidenceSeries): Attribution {
  const history = prePeriodPoints(series, claim.baseline!).length;
  if (claim.kind !== 'forecast' && !claim.compareTo && history < HISTORY_POINTS) {
    return {
      verdict: 'not-computed',
      reasons: [`a result claim with no comparison area and ${history} pre-period point${history === 1 ? '' : 's'} (fewer than ${HISTORY_POINTS}): the outcome is the answer; the tiers are shown for reference`],
    };
  }
  const decider = decidingTier(tiers);
  const ranked = TIER_CREDIBILITY.map((name) => tiers.find((t) => t.tier === name)).filter((t): t is Tier => t !== undefined);
  if (decider) {
    const above = ranked.slice(0, ranked.indexOf(decider)).filter((t) => t.tier === 'comparison' ? claim.compareTo !== undefined : true);
    const verdict = decider.verdict as Attribution['verdict'];
    const swings = verdict === 'inconclusive' ? preSwings(series, claim) : undefined;
    const summary = swings
      ? `the ${decider.tier} tier's 95% interval, ${pctText(decider.ci![0])} to ${pctText(decider.ci![1])}, includes both no change and the claim; before ${claim.baseline!.label} the series moved between ${pctText(1 + swings.min)} and ${pctText(1 + swings.max)} ${swings.step}`
      : `the ${decider.tier} tier: ${describeEstimate(decider.ratio!, decider.ci!)}`;
    return {
      verdict,
      decidedBy: decider.tier,
      reasons: [
        summary,
        `decided by the ${decider.tier} tier, the most credible informative one: ratio ${r3(decider.ratio!)}, 95% interval ${r3(decider.ci![0])}–${r3(decider.ci![1])} → ${decider.verdict}`,
        ...above.map(whyNotDeciding),
      ],
    };
  }
  const shown = ranked.filter((t) => t.ci);
  if (shown.length > 0) {
    return {
      verdict: 'inconclusive',
      reasons: [
        'no tier is informative, so the change cannot be told apart from chance and the prior trend',
        ...ranked.filter((t) => !(t.tier === 'comparison' && !claim.compareTo)).map(whyNotDeciding),
        ...shown.map((t) => `shown: the ${t.tier} tier, ${describeEstimate(t.ratio!, t.ci!)}`),
      ],
    };
  }
  return {
    verdict: 'not-computed',
    reasons: ['no statistical tier could be computed', ...ranked.filter((t) => t.reason).map((t) => `${t.tier}: ${t.reason}`)],
  };
}

/** The attribution of a claim that states a level, or a change known only as a reported percentage. */
export function attributionNotAsked(reason: string): Attribution {
  return { verdict: 'not-computed', reasons: [reason] };
}

/**
 * The mean of the pre-period (the periods of the baseline's granularity up to and including it), when
 * there are at least 3, beside a single-period baseline; for counts, whether the baseline departs from
 * that mean by more than its own 95% (Garwood) interval.
 */
export function prePeriodMean(claim: Claim, series: EvidenceSeries, baseline: ObservedValue, target: ObservedValue): PrePeriodMean | undefined {
  if (claim.baseline!.periods.length !== 1) return undefined;
  const last = claim.baseline!.periods[0]!;
  const seen = new Set<string>();
  const values: Array<{ label: string; value: number }> = [];
  for (const o of series.observations) {
    if (o.period.granularity !== last.granularity || o.period.endDay > last.endDay || o.value === null || seen.has(o.period.label)) continue;
    seen.add(o.period.label);
    values.push({ label: o.period.label, value: o.value });
  }
  if (values.length < 3) return undefined;
  values.sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
  const mean = values.reduce((s, v) => s + v.value, 0) / values.length;
  if (!Number.isFinite(mean) || mean === 0) return undefined;
  const out: PrePeriodMean = {
    periods: `${values[0]!.label}–${values[values.length - 1]!.label}`,
    n: values.length,
    value: mean,
    changePercent: (target.value / mean - 1) * 100,
    departs: false,
  };
  if (holdsCounts(series) && Number.isInteger(baseline.value) && baseline.value >= 0) {
    // The baseline's own interval: its counting noise (Garwood), as docs/methods.md says.
    const ci = garwoodInterval(baseline.value);
    out.baselineInterval = ci;
    out.departs = mean < ci[0] || mean > ci[1];
  }
  return out;
}
