// What a claim's chart draws (report-model/chart.ts), gathered where the numbers are computed: the
// observed values with their Garwood intervals, the claimed path from the baseline the verdict used,
// and the trend and comparison figures the tiers computed with their own fits. Charts draw these and
// compute nothing, so a chart cannot drift from its verdict.
import { isCountSeries } from '../evidence/index.js';
import { isProblem, resolveSpec } from '../match/index.js';
import type { ChartFigurePoint, ClaimChart } from '../report-model/chart.js';
import type { ClaimResult, EvidenceSeries } from '../types.js';
import { garwoodInterval } from './math/index.js';

// Many claims share a series: its values (and their intervals) are gathered once.
const valuesCache = new WeakMap<EvidenceSeries, ChartFigurePoint[]>();
const countsCache = new WeakMap<EvidenceSeries, ChartFigurePoint[]>();

/** Every period of a series with a value, once (its first row), in the series' order. */
export function valuesOnce(series: EvidenceSeries): ChartFigurePoint[] {
  let out = valuesCache.get(series);
  if (!out) {
    const seen = new Set<string>();
    out = [];
    for (const o of series.observations) {
      if (o.value === null || seen.has(o.period.label)) continue;
      seen.add(o.period.label);
      out.push({ period: o.period.label, value: o.value });
    }
    valuesCache.set(series, out);
  }
  return out;
}

/** A value with its exact Poisson (Garwood) 95% interval when it is a whole count (docs/methods.md). */
function withCountInterval(p: ChartFigurePoint): ChartFigurePoint {
  if (!Number.isInteger(p.value) || p.value < 0) return p;
  const [low, high] = garwoodInterval(p.value);
  return { period: p.period, value: p.value, low, high };
}

function observedOf(series: EvidenceSeries, counts: boolean): ChartFigurePoint[] {
  if (!counts) return valuesOnce(series);
  let out = countsCache.get(series);
  if (!out) {
    out = valuesOnce(series).map(withCountInterval);
    countsCache.set(series, out);
  }
  return out;
}

/** The baseline value a change claim's path starts from: the verdict's, or (a pending forecast) the series' value at the baseline. */
function baselineValueOf(r: ClaimResult, series: EvidenceSeries): number | undefined {
  const o = r.observed;
  if (o && 'baseline' in o) return o.baseline.value;
  if (!r.claim.baseline) return undefined;
  const b = resolveSpec(series, r.claim.baseline);
  return isProblem(b) ? undefined : b.value;
}

/** What the chart of a result judged on a series draws; undefined for a result without a series. */
export function chartFigures(r: ClaimResult): ClaimChart | undefined {
  const series = r.series;
  if (!series) return undefined;
  const counts = isCountSeries(series);
  const observed = observedOf(series, counts);
  const chart: ClaimChart = { observed };
  if (counts && observed.some((p) => p.low !== undefined)) chart.intervals = 'garwood';
  const c = r.claim.claimed;
  if (c?.type === 'change') {
    const baseline = baselineValueOf(r, series);
    if (baseline !== undefined) chart.claimed = { baseline, low: baseline * (1 + c.low / 100), high: baseline * (1 + c.high / 100) };
  }
  const o = r.observed;
  if (c?.type === 'level' && o && !('baseline' in o)) {
    const reading = { period: o.target.period, value: o.target.value };
    chart.reading = counts ? withCountInterval(reading) : reading;
  }
  const trend = r.tiers?.find((t) => t.tier === 'trend')?.chart?.trend;
  if (trend) chart.trend = trend;
  const comparison = r.tiers?.find((t) => t.tier === 'comparison')?.chart?.comparison;
  if (comparison) chart.comparison = comparison;
  return chart;
}
