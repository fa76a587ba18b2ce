// What a claim's chart shows, laid out: the observed series, the baseline and target periods, the
// claimed trajectory, the interval of each observed count, the trend-adjusted counterfactual and the
// comparison area. Every statistical number comes from the result's figures (ClaimResult.chart,
// computed with the verdict: stats/chart-figures.ts); this file only selects them and places them in
// time. Pure: the SVG renderer (chart-svg.ts) only draws this.
import { isCountSeries } from '../evidence/index.js';
import { formatNumber, printable } from '../format.js';
import { nextPeriod, previousPeriod } from '../period.js';
import type { ChartFigurePoint, ClaimChart } from '../report-model/chart.js';
import type { ClaimResult, EvidenceSeries, Granularity, Period, PeriodSpec, Verdict } from '../types.js';
import { changeWords, claimedText, verdictLabel } from './describe.js';

/** A value at a period. `x` is the middle of the period in days since 1970-01-01 (UTC). */
export interface ChartPoint {
  period: string;
  x: number;
  value: number;
  /** A 95% interval around the value, when one applies. */
  low?: number;
  high?: number;
}

/** A stretch of time in days since 1970-01-01: from the first day of `start` to the end of the last day. */
export interface ChartSpan {
  label: string;
  start: number;
  end: number;
}

export type ChartClaimed =
  /** A claimed change: from the observed baseline to the claimed range at the target. */
  | { type: 'change'; text: string; from: { x: number; value: number }; to: { x: number; low: number; high: number } }
  /** A claimed level over the whole chart: a value, a range, or a bound (null = unbounded). */
  | { type: 'level'; text: string; low: number | null; high: number | null };

export interface ChartData {
  /** The claim id. */
  id: string;
  /** A file name for the chart, from the id: only [a-z0-9-]. */
  fileName: string;
  title: string;
  subtitle: string;
  verdict: Verdict;
  /** The verdict as people read it ("partly-supported (not sustained)"). */
  verdictText: string;
  /** The tier (or 'point') that decided the verdict. */
  decidedBy?: string;
  granularity?: Granularity;
  yTitle: string;
  observed: ChartPoint[];
  /** What the intervals on observed points are, when there are any. */
  intervalKind?: 'garwood';
  baseline?: ChartSpan;
  target?: ChartSpan;
  claimed?: ChartClaimed;
  /** The pre-period trend continued: fitted before the baseline, projected (with its 95% prediction interval) after it. */
  counterfactual?: { points: ChartPoint[]; projection: ChartPoint };
  /** The comparison area's series, scaled to the claim's baseline value. */
  comparison?: { area: string; label: string; points: ChartPoint[] };
  /** Days, first to last. */
  xDomain: [number, number];
  /** Where the x axis is labelled: the middle of periods (days), at most a dozen. */
  xTicks: number[];
  yDomain: [number, number];
  /** Whether the value axis starts at zero (said in the chart's title when it does not). */
  fromZero: boolean;
  /** A level claim's chart: a row per period, the claim's target last (see LevelChart). */
  level?: LevelChart;
  /** When there is nothing to draw: why. */
  message?: string;
  /** The chart in words: the same numbers, for screen readers and for anyone who cannot see it. */
  description: string;
}

/** One row of a level claim's chart: a period's reading (none when the period has no value). */
export interface LevelRow {
  period: string;
  value?: number;
  low?: number;
  high?: number;
  /** The claim's target period. */
  target: boolean;
  /** The period of the reading used for the target, when it is finer than the target (a day in the claimed month). */
  reading?: string;
}

/**
 * A level claim ("8,000 cameras in 2018") drawn as dots with their intervals against the claimed
 * value, range or bound, on a value axis that starts at zero: the target's reading, and up to four
 * earlier readings for context. `yDomain` is the value axis.
 */
export interface LevelChart {
  rows: LevelRow[];
  claimed: { low: number | null; high: number | null; text: string };
}

/** Earlier readings shown beside the target's in a level chart. */
const LEVEL_CONTEXT_ROWS = 4;

/** A claim id as a file name: already [a-z0-9-] for valid claims; anything else is replaced. */
export function chartFileName(id: string): string {
  const safe = id.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '');
  return safe || 'claim';
}

const mid = (p: Period) => (p.startDay + p.endDay + 1) / 2;

function spanOf(spec: PeriodSpec): ChartSpan {
  return { label: spec.label, start: spec.periods[0]!.startDay, end: spec.periods[spec.periods.length - 1]!.endDay + 1 };
}

/** A value as the description says it: whole numbers for large values, two decimals for small ones. */
function num(x: number): string {
  return formatNumber(x, Math.abs(x) >= 100 ? 0 : 2);
}

/** The granularity to draw: the claim's target's, else the series' most common. */
function chartGranularity(series: EvidenceSeries, spec: PeriodSpec | undefined): Granularity | undefined {
  const wanted = spec?.periods[0]?.granularity;
  if (wanted && series.observations.some((o) => o.period.granularity === wanted && o.value !== null)) return wanted;
  const counts = new Map<Granularity, number>();
  for (const o of series.observations) if (o.value !== null) counts.set(o.period.granularity, (counts.get(o.period.granularity) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? wanted;
}

/** Where each period of a series sits in time, by its label. */
function periodsByLabel(series: EvidenceSeries | undefined): Map<string, Period> {
  const out = new Map<string, Period>();
  for (const o of series?.observations ?? []) if (!out.has(o.period.label)) out.set(o.period.label, o.period);
  return out;
}

/** The figures' points at granularity `g`, placed in time, oldest first. */
function pointsAt(points: ChartFigurePoint[], periods: Map<string, Period>, g: Granularity | undefined): ChartPoint[] {
  const out: ChartPoint[] = [];
  for (const p of points) {
    const period = periods.get(p.period);
    if (period && period.granularity === g) out.push({ ...p, x: mid(period) });
  }
  return out.sort((a, b) => a.x - b.x);
}

/** The trend tier's line, placed in time: fitted up to the baseline, then projected period by period to the target. */
function counterfactualOf(r: ClaimResult, figures: ClaimChart, periods: Map<string, Period>): ChartData['counterfactual'] {
  const trend = figures.trend;
  const baseline = r.claim.baseline;
  if (!trend || !baseline) return undefined;
  // In the order the tier fitted them (the series' order).
  const fitted = trend.fitted.map((q) => ({ ...q, x: mid(periods.get(q.period)!) }));
  // The projected periods follow the baseline's last period one by one, as the trend tier walked them.
  let p = baseline.periods[baseline.periods.length - 1]!;
  const projected = trend.projected.map((q) => {
    p = nextPeriod(p);
    return { ...q, x: mid(p) };
  });
  return { points: [...fitted, ...projected], projection: projected[projected.length - 1]! };
}

/** The comparison area, scaled so that it starts at the claim's baseline value: what parallel trends would predict. */
function comparisonOf(r: ClaimResult, figures: ClaimChart, g: Granularity | undefined): ChartData['comparison'] {
  const c = figures.comparison;
  if (!c || !r.claim.baseline) return undefined;
  return { area: c.area, label: `${c.area}, scaled to ${r.claim.baseline.label}`, points: pointsAt(c.points, periodsByLabel(r.comparisonSeries), g) };
}

/** Step back from `p` to the first period of its granularity that starts inside the domain. */
function startOfDomain(p: Period, fromDay: number): Period {
  // Periods before p that start inside the domain (a claim's baseline can precede the series).
  let first = p;
  for (let i = 0; i < 10_000; i++) {
    const prev = previousPeriod(first);
    if (mid(prev) < fromDay) break;
    first = prev;
  }
  return first;
}

/** The middle of every period of granularity `g` from `first` to `last`, thinned to at most `max`. */
function ticksOf(first: Period, lastDay: number, max = 7): number[] {
  const all: number[] = [];
  for (let p = first, i = 0; p.startDay <= lastDay && i < 100_000; p = nextPeriod(p), i++) all.push(mid(p));
  const step = Math.ceil(all.length / max);
  return all.filter((_, i) => i % step === 0);
}

function domainOf(values: number[], nonNegative: boolean): [number, number] {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return [0, 1];
  let lo = Math.min(...finite);
  let hi = Math.max(...finite);
  const pad = hi > lo ? (hi - lo) * 0.08 : Math.abs(hi) * 0.1 || 1;
  lo -= pad;
  hi += pad;
  if (nonNegative && lo < 0) lo = 0;
  return [lo, hi];
}

function listPoints(points: ChartPoint[], max = 40): string {
  const shown = points.slice(0, max).map((p) => `${p.period} ${num(p.value)}`);
  return `${shown.join(', ')}${points.length > max ? ` and ${points.length - max} more` : ''}`;
}

const intervalText = (p: ChartPoint) => (p.low !== undefined && p.high !== undefined ? ` (95% interval ${num(p.low)} to ${num(p.high)})` : '');

/**
 * The rows of a level chart: up to LEVEL_CONTEXT_ROWS readings before the target, oldest first, then
 * the target's: the reading the verdict used (its own period when that is finer, e.g. a day in the
 * claimed month), or an empty row when there is none.
 */
function levelChartOf(r: ClaimResult, figures: ClaimChart, periods: Map<string, Period>, claimed: LevelChart['claimed']): LevelChart {
  const target = r.claim.target;
  const used = r.observed && !('baseline' in r.observed) ? r.observed.target : undefined;
  const usedPeriods = new Set((used?.rows ?? []).map((o) => o.period.label));
  const start = target?.periods[0]?.startDay ?? Infinity;
  const before = figures.observed
    .flatMap((p) => {
      const period = periods.get(p.period);
      return period && period.endDay < start && !usedPeriods.has(p.period) ? [{ p, period }] : [];
    })
    .sort((a, b) => a.period.startDay - b.period.startDay || a.period.endDay - b.period.endDay)
    .slice(-LEVEL_CONTEXT_ROWS);
  const rows: LevelRow[] = before.map(({ p }) => ({ ...valueOf(p), period: p.period, target: false }));
  const label = target?.label ?? 'target';
  if (used && figures.reading) {
    const single = used.rows.length === 1 ? used.rows[0]!.period.label : undefined;
    rows.push({ ...valueOf(figures.reading), period: label, ...(single && single !== label ? { reading: single } : {}), target: true });
  } else rows.push({ period: label, target: true });
  return { rows, claimed };
}

/** A figure's value and interval, without its period. */
function valueOf(p: ChartFigurePoint): { value: number; low?: number; high?: number } {
  return { value: p.value, ...(p.low !== undefined && p.high !== undefined ? { low: p.low, high: p.high } : {}) };
}

/** A level chart's value axis: from zero, unless a value is negative; room at the top for labels. */
function levelDomain(values: number[]): [number, number] {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return [0, 1];
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  if (lo >= 0) return [0, hi > 0 ? hi * 1.15 : 1];
  const pad = (hi - lo) * 0.1 || Math.abs(lo) * 0.1 || 1;
  return [lo - pad, hi + pad];
}

/** Everything one claim's chart shows. */
export function buildChartData(r: ClaimResult): ChartData {
  return spelledOut(chartDataOf(r));
}

/**
 * Every text of a chart (labels, titles, the description) with its control and invisible characters
 * spelled out (\x07, \u202E) as every report spells them: a BEL in an evidence file's unit would
 * otherwise reach the SVG, and the HTML report that inlines it, raw. Done to the data, not the SVG,
 * so that Vega measures the text as the reader sees it.
 */
function spelledOut<T>(value: T): T {
  if (typeof value === 'string') return printable(value, 'whitespace') as T;
  if (Array.isArray(value)) return value.map(spelledOut) as T;
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, spelledOut(v)])) as T;
  return value;
}

function chartDataOf(r: ClaimResult): ChartData {
  const claim = r.claim;
  const series = r.series;
  const verdictText = verdictLabel(r);
  const about = [claim.region, claim.metric].filter(Boolean).join(' / ') || 'no region or metric';
  const base = {
    id: claim.id,
    fileName: chartFileName(claim.id),
    title: `${claim.id}: ${verdictText}`,
    verdict: r.verdict,
    verdictText,
    ...(r.attribution?.decidedBy ? { decidedBy: r.attribution.decidedBy } : {}),
  };
  const a = r.attribution;
  const attributionText = a && a.verdict !== 'not-computed' ? ` Attribution: ${a.verdict}${a.decidedBy ? ` (decided by the ${a.decidedBy} tier)` : ''}.` : '';
  const verdictSentence = `Verdict: ${verdictText}.${attributionText}`;
  if (!series) {
    const message = r.verdict === 'unverifiable' ? 'Nothing to draw: the claim cannot be checked' : 'Nothing to draw: no evidence series for this claim';
    return {
      ...base,
      subtitle: `${about}; claimed ${claimedText(claim)}`,
      yTitle: '',
      observed: [],
      xDomain: [0, 1],
      xTicks: [],
      yDomain: [0, 1],
      fromZero: true,
      message,
      description: `${message}. ${r.reasons[0] ?? ''} Claimed: ${claimedText(claim)}. ${verdictSentence}`.replace(/\s+/g, ' ').trim(),
    };
  }
  // A result built without the audit has no figures: its chart draws the series' frame, no values.
  const figures: ClaimChart = r.chart ?? { observed: [] };
  const periods = periodsByLabel(series);
  const g = chartGranularity(series, claim.target);
  const observed = pointsAt(figures.observed, periods, g);
  const intervalKind = figures.intervals && observed.some((p) => p.low !== undefined) ? { intervalKind: figures.intervals } : {};
  const unit = series.unit ? ` (${series.unit})` : '';
  const words: string[] = [`${series.region} / ${series.metric}${unit}, from ${series.origin}.`];
  words.push(observed.length ? `Observed: ${listPoints(observed)}.` : 'The series has no values to draw.');
  const baseline = claim.baseline && claim.claimed?.type === 'change' ? spanOf(claim.baseline) : undefined;
  const target = claim.target ? spanOf(claim.target) : undefined;
  const yValues = observed.flatMap((p) => [p.value, p.low ?? p.value, p.high ?? p.value]);

  const o = r.observed;
  // The claimed path starts at the baseline value the verdict used (a pending forecast: the series' value there).
  const baselineValue = claim.baseline ? figures.claimed?.baseline : undefined;
  const baselinePoint = observed.find((p) => p.period === claim.baseline?.label);
  const targetPoint = observed.find((p) => p.period === claim.target?.label);
  if (o && 'baseline' in o) {
    words.push(`Baseline ${o.baseline.period}: ${num(o.baseline.value)}${baselinePoint ? intervalText(baselinePoint) : ''}. Target ${o.target.period}: ${num(o.target.value)}${targetPoint ? intervalText(targetPoint) : ''}, a change of ${changeWords(o)}.`);
  } else if (o) {
    words.push(`At ${o.target.period}: ${num(o.target.value)}.`);
  } else if (baselineValue !== undefined) {
    words.push(`Baseline ${claim.baseline!.label}: ${num(baselineValue)}; no value for the target ${claim.target?.label ?? ''} yet.`);
  }

  let claimed: ChartClaimed | undefined;
  const c = claim.claimed;
  if (c?.type === 'change' && figures.claimed && baselineValue !== undefined && baseline && target) {
    const { low, high } = figures.claimed;
    claimed = { type: 'change', text: claimedText(claim), from: { x: (baseline.start + baseline.end) / 2, value: baselineValue }, to: { x: (target.start + target.end) / 2, low, high } };
    yValues.push(baselineValue, low, high);
    words.push(`Claimed: ${claimedText(claim)} from the baseline, which is ${low === high ? num(low) : `${num(low)} to ${num(high)}`} in ${claim.target!.label}.`);
  } else if (c?.type === 'level') {
    claimed = { type: 'level', text: claimedText(claim), low: c.low, high: c.high };
    for (const v of [c.low, c.high]) if (v !== null) yValues.push(v);
    words.push(`Claimed: ${claimedText(claim)}${claim.target ? ` at ${claim.target.label}` : ''}.`);
  } else if (c) {
    words.push(`Claimed: ${claimedText(claim)}.`);
  }

  const counterfactual = counterfactualOf(r, figures, periods);
  if (counterfactual) {
    yValues.push(...counterfactual.points.map((p) => p.value));
    const p = counterfactual.projection;
    words.push(`The trend before the baseline, continued, predicts ${num(p.value)} in ${p.period} (95% prediction interval ${num(p.low!)} to ${num(p.high!)}).`);
  }
  const comparison = baselineValue !== undefined ? comparisonOf(r, figures, g) : undefined;
  if (comparison) {
    yValues.push(...comparison.points.map((p) => p.value));
    const atTarget = comparison.points.find((p) => p.period === claim.target?.label);
    words.push(`The comparison area ${comparison.area}, scaled to ${series.region}'s ${claim.baseline!.label} value, ${atTarget ? `is at ${num(atTarget.value)} in ${atTarget.period}` : `has ${comparison.points.length} points`}.`);
  }
  words.push(verdictSentence);

  const xs = [...observed.map((p) => p.x), ...[baseline, target].flatMap((s) => (s ? [s.start, s.end] : []))];
  for (const p of comparison?.points ?? []) xs.push(p.x);
  const granularityDays = g === 'year' ? 365 : g === 'quarter' ? 91 : g === 'month' ? 30 : 1;
  const [x0, x1] = xs.length ? [Math.min(...xs), Math.max(...xs)] : [0, 1];
  // Room at both ends: half a period, and at least 5% of the span, so no point sits on the frame.
  const xPad = Math.max(granularityDays / 2, (x1 - x0) * 0.05, 1);
  const xDomain: [number, number] = [x0 - xPad, x1 + xPad];
  if (c?.type === 'level') {
    const level = levelChartOf(r, figures, periods, { low: c.low, high: c.high, text: claimedText(claim) });
    const values = level.rows.flatMap((row) => (row.value === undefined ? [] : [row.value, row.low ?? row.value, row.high ?? row.value]));
    for (const v of [c.low, c.high]) if (v !== null) values.push(v);
    const valueDomain = levelDomain(values);
    if (valueDomain[0] !== 0) words.push('The value axis does not start at zero.');
    return {
      ...base,
      subtitle: `${about}${claim.target ? `, ${claim.target.label}` : ''}; claimed ${claimedText(claim)}`,
      ...(g ? { granularity: g } : {}),
      yTitle: series.unit ? `${series.metric} (${series.unit})` : series.metric,
      observed,
      ...intervalKind,
      ...(target ? { target } : {}),
      ...(claimed ? { claimed } : {}),
      xDomain: [0, 1],
      xTicks: [],
      yDomain: valueDomain,
      fromZero: valueDomain[0] === 0,
      level,
      description: words.join(' '),
    };
  }
  const firstObservation = series.observations.filter((o) => o.period.granularity === g && o.value !== null).sort((a, b) => a.period.startDay - b.period.startDay)[0];
  const firstPeriod = firstObservation?.period ?? claim.baseline?.periods[0] ?? claim.target?.periods[0];
  const xTicks = firstPeriod && g === firstPeriod.granularity ? ticksOf(startOfDomain(firstPeriod, xDomain[0]), xDomain[1]) : [];
  const yDomain = domainOf(yValues, isCountSeries(series));
  return {
    ...base,
    subtitle: `${about}${claim.baseline || claim.target ? `, ${[claim.baseline?.label, claim.target?.label].filter(Boolean).join(' → ')}` : ''}; claimed ${claimedText(claim)}`,
    ...(g ? { granularity: g } : {}),
    yTitle: series.unit ? `${series.metric} (${series.unit})` : series.metric,
    observed,
    ...intervalKind,
    ...(baseline ? { baseline } : {}),
    ...(target ? { target } : {}),
    ...(claimed ? { claimed } : {}),
    ...(counterfactual ? { counterfactual } : {}),
    ...(comparison ? { comparison } : {}),
    xDomain,
    xTicks,
    yDomain,
    fromZero: yDomain[0] <= 0,
    ...(observed.length ? {} : { message: 'No values to draw' }),
    description: `${words.join(' ')}${yDomain[0] > 0 ? ' The value axis does not start at zero.' : ''}`,
  };
}

/** How to read a chart: the same words in the HTML report, the Markdown report and docs/reports.md ("Charts"). */
export const CHART_LEGEND: readonly string[] = [
  'Black line with dots: the observed values; the whiskers are their 95% intervals (exact Poisson, Garwood) where the values are counts.',
  'Grey columns: the baseline and target periods, named above the chart.',
  'Blue band: the claimed trajectory, from the observed baseline value to the claimed range at the target (a line with a diamond when the claim is one number).',
  'Orange dashed line and band: the trend before the baseline (log-linear fit), continued to the target, with its 95% prediction interval: what the trend alone would have given.',
  'Purple dotted line with squares: the comparison area, scaled to the claim\'s baseline value: what the claim\'s area would show had it moved like the comparison area.',
  'A claimed level (a number of cameras, a cost): a row per period, the claim’s target last; the reading is a dot (with its 95% interval for counts), the claim a blue line (one value) or band (a range, or a bound running to the edge), on an axis from zero.',
  'Every line, band and column is named in the legend under the chart; a value axis that does not start at zero is said in the title. Line styles, not colours, tell the lines apart, so the charts read in greyscale and in print.',
];
