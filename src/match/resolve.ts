// The value of a series for a claimed period: exact, summed from finer periods, the only or
// latest reading inside it, or the mean over a span. Every choice is written into `method`.
import { isCountUnit } from '../evidence/index.js';
import { formatNumber } from '../format.js';
import { contains, isFiner, makeMonth, makeQuarter, makeYear, subPeriods } from '../period.js';
import type { EvidenceSeries, Granularity, Observation, ObservedValue, Period, PeriodSpec } from '../types.js';

export type Resolved = ObservedValue | { problem: string };

export function isProblem(r: Resolved): r is { problem: string } {
  return 'problem' in r;
}

const PLURAL: Record<Granularity, string> = { year: 'years', quarter: 'quarters', month: 'months', day: 'days' };

function list(items: string[], max = 4, separator = ', '): string {
  return items.length <= max ? items.join(separator) : `${items.slice(0, max).join(separator)} and ${items.length - max} more`;
}

/**
 * Where a series' observations are, by label and by start day, built once per series: resolving a
 * period looks up what it needs instead of scanning the series (a long span over a long daily series
 * would otherwise cost their product).
 */
interface SeriesIndex {
  byLabel: Map<string, Observation[]>;
  /** Observations by start day (ties in series order). */
  byStart: Observation[];
  position: Map<Observation, number>;
}

const indexes = new WeakMap<EvidenceSeries, { observations: Observation[]; length: number; index: SeriesIndex }>();

function indexOf(series: EvidenceSeries): SeriesIndex {
  const cached = indexes.get(series);
  if (cached && cached.observations === series.observations && cached.length === series.observations.length) return cached.index;
  const byLabel = new Map<string, Observation[]>();
  const position = new Map<Observation, number>();
  series.observations.forEach((o, i) => {
    position.set(o, i);
    const list = byLabel.get(o.period.label);
    if (list) list.push(o);
    else byLabel.set(o.period.label, [o]);
  });
  const byStart = [...series.observations].sort((a, b) => a.period.startDay - b.period.startDay || position.get(a)! - position.get(b)!);
  const index = { byLabel, byStart, position };
  indexes.set(series, { observations: series.observations, length: series.observations.length, index });
  return index;
}

/** Observations that lie inside `period` and are finer than it, in series order. */
function finerInside(index: SeriesIndex, period: Period): Observation[] {
  const { byStart } = index;
  let lo = 0;
  let hi = byStart.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (byStart[mid]!.period.startDay < period.startDay) lo = mid + 1;
    else hi = mid;
  }
  const out: Observation[] = [];
  for (let i = lo; i < byStart.length && byStart[i]!.period.startDay <= period.endDay; i++) {
    const o = byStart[i]!;
    if (contains(period, o.period) && isFiner(o.period.granularity, period.granularity)) out.push(o);
  }
  return out.sort((a, b) => index.position.get(a)! - index.position.get(b)!);
}

/** The first observation, in series order, of a coarser period that contains `period`. */
function coarserContaining(index: SeriesIndex, period: Period): Observation | undefined {
  const d = new Date(period.startDay * 86_400_000);
  const year = d.getUTCFullYear();
  const labels = [makeYear(year).label];
  if (isFiner(period.granularity, 'quarter')) labels.push(makeQuarter(year, Math.floor(d.getUTCMonth() / 3) + 1).label);
  if (isFiner(period.granularity, 'month')) labels.push(makeMonth(year, d.getUTCMonth() + 1).label);
  let first: Observation | undefined;
  for (const label of labels) {
    if (label === period.label) continue;
    for (const o of index.byLabel.get(label) ?? []) {
      if (contains(o.period, period) && (!first || index.position.get(o)! < index.position.get(first)!)) first = o;
    }
  }
  return first;
}

function resolvePeriod(series: EvidenceSeries, period: Period): Resolved {
  const index = indexOf(series);
  const exact = (index.byLabel.get(period.label) ?? []).filter((o) => o.period.granularity === period.granularity);
  if (exact.length > 0) {
    const values = [...new Set(exact.map((o) => o.value))];
    if (values.length > 1) {
      return { problem: `${period.label} is reported with different values (${list(exact.map((o) => `${o.value ?? 'blank'} at ${o.file}:${o.line}`), 4, '; ')})` };
    }
    const value = exact[0]!.value;
    const derived = exact[0]!.derived;
    if (value === null && derived) return { problem: `${period.label} cannot be computed: ${derived.definition}` };
    if (value === null) return { problem: `${period.label} is blank (missing) at ${exact[0]!.file}:${exact[0]!.line}` };
    return { period: period.label, value, method: derived ? `computed for ${period.label} from ${derived.parts.length} reported values (see the definition)` : `reported for ${period.label}`, rows: exact };
  }
  const inside = period.granularity === 'day' ? [] : finerInside(index, period);
  if (inside.length > 0) {
    return isCountUnit(series.unit) ? sumParts(series, period, inside) : readingInside(series, period, inside);
  }
  const coarser = coarserContaining(index, period);
  if (coarser) {
    return { problem: `the evidence has ${coarser.period.label} as a whole, not ${period.label}; a ${coarser.period.granularity} cannot be split` };
  }
  return { problem: `no observation for ${period.label}` };
}

/** Counts: add up the parts, but only when every part is there. */
function sumParts(series: EvidenceSeries, period: Period, inside: Observation[]): Resolved {
  // Use the coarsest granularity present inside the period (quarters before months before days).
  const order: Granularity[] = ['quarter', 'month', 'day'];
  const g = order.find((gr) => inside.some((o) => o.period.granularity === gr))!;
  const parts = subPeriods(period, g);
  const byLabel = new Map<string, Observation[]>();
  for (const o of inside) {
    if (o.period.granularity !== g) continue;
    const same = byLabel.get(o.period.label);
    if (same) same.push(o);
    else byLabel.set(o.period.label, [o]);
  }
  const missing = parts.filter((p) => !byLabel.has(p.label) || byLabel.get(p.label)!.every((o) => o.value === null));
  if (missing.length > 0) {
    return {
      problem: `only ${parts.length - missing.length} of ${parts.length} ${PLURAL[g]} of ${period.label} are reported (missing ${list(missing.map((p) => p.label))}); a partial ${period.granularity} is not summed`,
    };
  }
  const rows: Observation[] = [];
  let total = 0;
  for (const p of parts) {
    const obs = byLabel.get(p.label)!;
    if (new Set(obs.map((o) => o.value)).size > 1) return { problem: `${p.label} is reported with different values (${list(obs.map((o) => `${o.value} at ${o.file}:${o.line}`), 4, '; ')})` };
    total += obs[0]!.value!;
    rows.push(obs[0]!);
  }
  const unit = series.unit ? `'${series.unit}'` : 'no unit';
  return { period: period.label, value: total, method: `sum of the ${parts.length} ${PLURAL[g]} of ${period.label} (unit ${unit}, read as counts)`, rows };
}

/** Levels (cameras, costs, shares): a reading inside the period stands for it; say which one. */
function readingInside(series: EvidenceSeries, period: Period, inside: Observation[]): Resolved {
  const known = inside.filter((o) => o.value !== null);
  if (known.length === 0) return { problem: `every observation inside ${period.label} is blank` };
  const latest = known[known.length - 1]!;
  const unit = series.unit ? `'${series.unit}'` : 'no unit';
  const method =
    known.length === 1
      ? `the only reading inside ${period.label}, dated ${latest.period.label} (unit ${unit} is a level, not summed)`
      : `the latest of ${known.length} readings inside ${period.label}, dated ${latest.period.label} (unit ${unit} is a level, not summed)`;
  return { period: period.label, value: latest.value!, method, rows: [latest] };
}

/** A claimed period or span; a span is the mean of its periods. */
export function resolveSpec(series: EvidenceSeries, spec: PeriodSpec): Resolved {
  const values: ObservedValue[] = [];
  for (const p of spec.periods) {
    const r = resolvePeriod(series, p);
    if (isProblem(r)) return r;
    values.push(r);
  }
  if (values.length === 1) return values[0]!;
  const mean = values.reduce((s, v) => s + v.value, 0) / values.length;
  return {
    period: spec.label,
    value: mean,
    method: `mean of ${values.length} periods (${values.map((v) => `${v.period}: ${formatNumber(v.value)}`).join(', ')})`,
    rows: values.flatMap((v) => v.rows),
  };
}
