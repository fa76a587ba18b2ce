// The value of a series for a claimed period: exact, summed from finer periods, the only or
// latest reading inside it, or the mean over a span. Every choice is written into `method`.
import { describeMeasure, seriesMeasure } from '../evidence/index.js';
import { formatNumber } from '../format.js';
import { contains, dayToIso, isFiner, makeFiscalYear, makeMonth, makeQuarter, makeYear, nominalYears, subPeriods, tiles } from '../period.js';
import type { EvidenceSeries, Granularity, MeasureInfo, Observation, ObservedValue, Period, PeriodSpec, Rollup } from '../types.js';

export type Resolved = ObservedValue | { problem: string };

export function isProblem(r: Resolved): r is { problem: string } {
  return 'problem' in r;
}

const PLURAL: Record<Granularity, string> = { year: 'years', 'fiscal-year': 'fiscal years', quarter: 'quarters', month: 'months', week: 'weeks', day: 'days' };

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

function resolvePeriod(series: EvidenceSeries, claimed: Period): Resolved {
  if (series.measureConflict) return { problem: `the series mixes measures (${series.measureConflict}); declare one` };
  const info = seriesMeasure(series);
  const index = indexOf(series);
  const exact = (index.byLabel.get(claimed.label) ?? []).filter((o) => o.period.granularity === claimed.granularity);
  const what = describeMeasure(info);
  const years = nominalYears(claimed);
  if (exact.length > 0) {
    const values = [...new Set(exact.map((o) => o.value))];
    if (values.length > 1) {
      return { problem: `${claimed.label} is reported with different values (${list(exact.map((o) => `${o.value ?? 'blank'} at ${o.file}:${o.line}`), 4, '; ')})` };
    }
    const value = exact[0]!.value;
    const derived = exact[0]!.derived;
    if (value === null && derived) return { problem: `${claimed.label} cannot be computed: ${derived.definition}` };
    if (value === null) return { problem: `${claimed.label} is blank (missing) at ${exact[0]!.file}:${exact[0]!.line}` };
    const p = exact[0]!.period;
    const span = p.granularity === 'fiscal-year' ? `, ${dayToIso(p.startDay)} to ${dayToIso(p.endDay)}` : '';
    return {
      period: claimed.label,
      value,
      method: derived ? `computed for ${claimed.label} from ${derived.parts.length} reported values (see the definition); ${what}` : `reported for ${claimed.label}${span}; ${what}`,
      rows: exact,
      measure: info.measure,
      rollup: 'reported',
      years,
    };
  }
  let period = claimed;
  if (claimed.granularity === 'fiscal-year' && !claimed.fiscalStart) {
    // A claim's FY2018 takes its months from the fiscal years the evidence declares.
    const start = series.observations.find((o) => o.period.fiscalStart)?.period.fiscalStart;
    if (!start) return { problem: `${claimed.label} is a fiscal year, and this series declares no fiscal years: its months are unknown (declare periods: { fiscal_year_start: … } in the evidence's descriptor)` };
    period = makeFiscalYear(Number(claimed.label.slice(2)), start);
  }
  const inside = period.granularity === 'day' ? [] : finerInside(index, period);
  if (inside.length > 0) return rollUp(series, info, claimed.label, period, inside);
  const coarser = coarserContaining(index, period);
  if (coarser) {
    return { problem: `the evidence has ${coarser.period.label} as a whole, not ${claimed.label}; a ${coarser.period.granularity} cannot be split` };
  }
  const fiscal = series.observations.find((o) => o.period.granularity === 'fiscal-year' && o.period.startDay <= period.endDay && o.period.endDay >= period.startDay);
  if (fiscal && period.granularity !== 'fiscal-year') {
    return { problem: `the evidence reports fiscal years (${fiscal.period.label}: ${dayToIso(fiscal.period.startDay)} to ${dayToIso(fiscal.period.endDay)}), not ${claimed.label}; a fiscal year cannot be read as a calendar period (a claim about it names it ${fiscal.period.label})` };
  }
  return { problem: `no observation for ${claimed.label}` };
}

const ADJECTIVE: Record<Granularity, string> = { year: 'yearly', 'fiscal-year': 'fiscal-year', quarter: 'quarterly', month: 'monthly', week: 'weekly', day: 'daily' };

/**
 * A longer period from the sub-periods inside it, as the measure says: counts and amounts sum, levels
 * and rates take the mean (or the declared last or first). Every sub-period must be there, unless the
 * descriptor allows partial coverage, and then the method line says which are missing.
 * Levels and rates read on single dates (a camera count on 2018-01-04) are dated readings, not a daily
 * series: the readings inside the period stand for it, and the method line says so.
 */
function rollUp(series: EvidenceSeries, info: MeasureInfo, label: string, period: Period, inside: Observation[]): Resolved {
  const additive = info.rollup === 'sum';
  const order: Granularity[] = ['quarter', 'month', 'week', 'day'];
  const g = order.find((gr) => inside.some((o) => o.period.granularity === gr))!;
  const what = describeMeasure(info);
  const years = nominalYears(period);
  const base = { period: label, measure: info.measure, years };
  if (g === 'day' && !additive) {
    const known = inside.filter((o) => o.period.granularity === 'day' && o.value !== null);
    if (known.length === 0) return { problem: `every observation inside ${label} is blank` };
    // Readings on scattered dates are not a series covering the period: by default the latest stands for it.
    const rollup: Rollup = info.rollupDeclared ? info.rollup : 'last';
    const chosen = rollup === 'last' ? [known[known.length - 1]!] : rollup === 'first' ? [known[0]!] : known;
    const value = chosen.reduce((s, o) => s + o.value!, 0) / chosen.length;
    const dates = known.map((o) => o.period.label);
    const readings =
      known.length === 1
        ? `the only reading inside ${label}, dated ${dates[0]}`
        : rollup === 'mean'
          ? `the mean of the ${known.length} readings dated inside ${label} (${list(dates)}), as declared`
          : `the ${rollup === 'last' ? 'latest' : 'earliest'} of ${known.length} readings dated inside ${label}, ${chosen[0]!.period.label}${info.rollupDeclared ? ', as declared' : ' (readings on single dates do not cover the period, so the latest stands for it; a descriptor may declare rollup: mean or first)'}`;
    return { ...base, value, method: `${readings}; ${what}`, rows: chosen, rollup };
  }
  if (!tiles(period, g)) {
    return { problem: `${label} cannot be made from ${PLURAL[g]}: ${PLURAL[g]} do not fit exactly into a ${period.granularity} (the first or last straddles its edge)` };
  }
  const parts = subPeriods(period, g);
  const byLabel = new Map<string, Observation[]>();
  for (const o of inside) {
    if (o.period.granularity !== g) continue;
    const same = byLabel.get(o.period.label);
    if (same) same.push(o);
    else byLabel.set(o.period.label, [o]);
  }
  const missing = parts.filter((p) => !byLabel.has(p.label) || byLabel.get(p.label)!.every((o) => o.value === null));
  if (missing.length === parts.length) return { problem: `every observation inside ${label} is blank` };
  if (missing.length > 0 && !info.partial) {
    return {
      problem: `only ${parts.length - missing.length} of ${parts.length} ${PLURAL[g]} of ${label} are reported (missing ${list(missing.map((p) => p.label))}); a partial ${period.granularity} is not rolled up (a descriptor may allow it: measure: { coverage: partial })`,
    };
  }
  const rows: Observation[] = [];
  for (const p of parts) {
    const obs = byLabel.get(p.label)?.filter((o) => o.value !== null);
    if (!obs?.length) continue;
    if (new Set(obs.map((o) => o.value)).size > 1) return { problem: `${p.label} is reported with different values (${list(obs.map((o) => `${o.value} at ${o.file}:${o.line}`), 4, '; ')})` };
    rows.push(obs[0]!);
  }
  const present = `${rows.length} ${PLURAL[g]}`;
  const coverage = missing.length ? `; partial: ${rows.length} of ${parts.length} ${PLURAL[g]} (missing ${list(missing.map((p) => p.label))}), allowed by coverage: partial at ${info.partial!.at}` : '';
  const fiscal = period.granularity === 'fiscal-year' ? ` (${dayToIso(period.startDay)} to ${dayToIso(period.endDay)})` : '';
  switch (info.rollup) {
    case 'sum':
      return { ...base, value: rows.reduce((s, o) => s + o.value!, 0), method: `sum of the ${present} of ${label}${fiscal}; ${what}, summed over time${coverage}`, rows, rollup: 'sum' };
    case 'mean':
      return { ...base, value: rows.reduce((s, o) => s + o.value!, 0) / rows.length, method: `mean of the ${rows.length} ${ADJECTIVE[g]} readings of ${label}${fiscal}; ${what}, averaged over time, not summed${coverage}`, rows, rollup: 'mean' };
    case 'last':
    case 'first': {
      const o = info.rollup === 'last' ? rows[rows.length - 1]! : rows[0]!;
      return { ...base, value: o.value!, method: `the ${info.rollup} of the ${rows.length} ${ADJECTIVE[g]} readings of ${label}${fiscal}, ${o.period.label}; ${what}, read at the ${info.rollup === 'last' ? 'end' : 'start'} of the period${coverage}`, rows: [o], rollup: info.rollup };
    }
  }
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
    method: `mean of ${values.length} periods (${values.map((v) => `${v.period}: ${formatNumber(v.value)}`).join(', ')}); each: ${values[0]!.method}`,
    rows: values.flatMap((v) => v.rows),
    ...(values[0]!.measure ? { measure: values[0]!.measure } : {}),
    rollup: 'mean',
    years: nominalYears(spec.periods[0]!),
  };
}
