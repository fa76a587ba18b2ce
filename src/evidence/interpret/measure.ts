// What a number means: its measure (count, level, rate, amount) and how it rolls up over time.
// Declared in a descriptor (see descriptor-measure.ts), fixed by `aggregate:`, or read from the unit
// through the vocabulary below, which docs/evidence.md lists ("Measures"). A unit the vocabulary does not
// know is a level: no Poisson interval, averaged over time, and a warning names the key to declare.
import { clip, MAX_FINDINGS_PER_KIND } from '../../format.js';
import { normaliseName } from '../../names.js';
import type { Finding, Measure, MeasureInfo, Rollup } from '../../types.js';

/** Units of events: counted, additive over time and space, Poisson applies. */
export const COUNT_UNITS = [
  'nr', 'count', 'counts', 'number', 'cases', 'case', 'crimes', 'crime', 'offences', 'offence', 'offenses', 'offense', 'incidents', 'incident',
  'events', 'event', 'reports', 'arrests', 'deaths', 'killings', 'homicides', 'murders', 'victims', 'injuries', 'casualties',
  'births', 'admissions', 'accidents', 'collisions', 'calls', 'complaints', 'robberies', 'burglaries', 'thefts', 'attacks',
] as const;

/** Units of a stock or a reading: not additive over time. */
export const LEVEL_UNITS = [
  'level', 'persons', 'people', 'population', 'inhabitants', 'residents', 'jobs', 'employees', 'cameras', 'devices', 'stations',
  'ppm', 'ppb', 'degrees', 'celsius', 'index', 'points', 'agreements', 'cities', 'units',
] as const;

/** Units of a rate, a share or a ratio: not additive, averaged over time. */
export const RATE_UNITS = [
  'rate', 'percent', '%', 'per cent', 'percentage', 'share', 'ratio', 'per capita', 'per 1,000', 'per 1000', 'per 100,000', 'per 100000', 'per 100k',
  // SDMX / Eurostat unit codes
  'pc', 'pct', 'pc_pop', 'pc_act', 'pc_gdp', 'rt', 'p_thab', 'p_hthab',
] as const;

/**
 * Money: amounts that add over time (spending, revenue, costs per period). An ISO 4217 code or a
 * currency word, alone or with a scale ("USD million", "PKR billion").
 */
export const CURRENCY_WORDS = ['nac', 'mio_eur', 'ths_eur', 'bn_eur', 'mio_nac', 'usd', 'eur', 'gbp', 'jpy', 'cny', 'inr', 'pkr', 'kes', 'ngn', 'zar', 'brl', 'aud', 'cad', 'chf', 'dollars', 'euros', 'pounds', 'rupees', 'shillings', 'yuan', 'money'] as const;
const SCALE_WORDS = new Set(['thousand', 'thousands', 'million', 'millions', 'billion', 'billions', 'bn', 'm', 'k', 'mn']);

const COUNTS: ReadonlySet<string> = new Set(COUNT_UNITS);
const LEVELS: ReadonlySet<string> = new Set(LEVEL_UNITS);
const RATES: ReadonlySet<string> = new Set(RATE_UNITS);
const CURRENCIES: ReadonlySet<string> = new Set(CURRENCY_WORDS);

export const DEFAULT_ROLLUP: Record<Measure, Rollup> = { count: 'sum', amount: 'sum', level: 'mean', rate: 'mean' };

/** Roll-ups a measure may declare: counts and amounts add up; levels and rates do not. */
export const ALLOWED_ROLLUPS: Record<Measure, readonly Rollup[]> = { count: ['sum'], amount: ['sum'], level: ['mean', 'last', 'first'], rate: ['mean', 'last', 'first'] };

/** The measure the unit vocabulary gives a unit, or undefined when it does not know the unit. */
export function measureOfUnit(unit: string | undefined): Measure | undefined {
  const u = normaliseName(unit ?? '').replace(/\s+/g, ' ');
  if (!u) return undefined;
  if (COUNTS.has(u)) return 'count';
  if (LEVELS.has(u)) return 'level';
  if (RATES.has(u) || u.startsWith('per ') || u.endsWith(' per capita') || /^per\s*\d/.test(u)) return 'rate';
  const words = u.split(' ');
  if (words.some((w) => CURRENCIES.has(w)) && words.every((w) => CURRENCIES.has(w) || SCALE_WORDS.has(w))) return 'amount';
  return undefined;
}

/** The measure a unit gives, with the level default for a unit the vocabulary does not know. */
export function measureFromUnit(unit: string | undefined): MeasureInfo {
  const m = measureOfUnit(unit);
  if (m) return { measure: m, rollup: DEFAULT_ROLLUP[m], basis: `unit '${unit}'` };
  return { measure: 'level', rollup: 'mean', basis: unit ? `unit '${unit}' is not in the unit vocabulary, read as a level` : 'no unit, read as a level' };
}

/** A series' measure: as recorded, or (for series built by hand) as its unit says. */
export function seriesMeasure(series: { unit?: string; measure?: MeasureInfo }): MeasureInfo {
  return series.measure ?? measureFromUnit(series.unit);
}

/** Poisson intervals and rate ratios apply to counts of events only. */
export function isCountSeries(series: { unit?: string; measure?: MeasureInfo }): boolean {
  return seriesMeasure(series).measure === 'count';
}

/** The measure in words, for method lines: "a count (unit 'cases')". */
export function describeMeasure(info: MeasureInfo): string {
  const article = info.measure === 'amount' ? 'an' : 'a';
  return `${article} ${info.measure} (${info.basis})`;
}

/** The declarations a file's descriptor makes (descriptor-measure.ts), as the decider needs them. */
interface Declarations {
  file?: Declared;
  metrics: Map<string, Declared>;
  columns: Map<string, Declared>;
}
interface Declared {
  measure?: Measure;
  rollup?: Rollup;
  partial?: boolean;
  at: { file: string; line?: number; column?: number };
}

/** What a row of an aggregated file is: counted rows, or a column summed. */
export type AggregateKind = { kind: 'count' } | { kind: 'sum'; column: string };

/**
 * Decides each observation's measure, once per distinct (column, metric, unit): a column rule, then a
 * metric rule, then the file's `measure:`, then `aggregate:`, then the unit vocabulary; a unit the
 * vocabulary does not know is a level, with one warning per unit naming the file, the line and the key.
 */
export function createMeasureDecider(declarations: Declarations | undefined, file: string, aggregate?: AggregateKind) {
  const findings: Finding[] = [];
  // Decisions by column, raw metric, metric and unit: nested maps, so that a row looks its decision up
  // without building a key (300,000 rows of evidence built 300,000 key strings).
  const cache = new Map<string, Map<string, Map<string, Map<string, MeasureInfo>>>>();
  let cached = 0;
  const bySignature = new Map<string, MeasureInfo>();
  const warned = new Set<string>();
  const badRollup = new Set<Declared>();
  const used = new Set<Declared>();
  const where = (d: Declared) => `${d.at.file}:${d.at.line ?? 1}`;
  const decide = (column: string | undefined, metricRaw: string, metric: string, unit: string | undefined, at: { line: number; column?: number }): MeasureInfo => {
    const known = cache.get(column ?? '')?.get(metricRaw)?.get(metric)?.get(unit ?? '');
    if (known) return known;
    // Bounded memory on hostile files: past this many distinct keys, decisions are made afresh.
    if (cached >= 100_000) {
      cache.clear();
      cached = 0;
    }
    const rules: Array<[Declared | undefined, string]> = [
      [column !== undefined ? declarations?.columns.get(column.trim().toLowerCase()) : undefined, `for column '${clip(column ?? '', 40)}' `],
      [declarations?.metrics.get(metricRaw.trim().toLowerCase()) ?? declarations?.metrics.get(metric.trim().toLowerCase()), `for metric '${clip(metric, 40)}' `],
      [declarations?.file, ''],
    ];
    let measure: Measure | undefined;
    let basis = '';
    let rollup: { value: Rollup; from: Declared } | undefined;
    let partial: Declared | undefined;
    for (const [d, scope] of rules) {
      if (!d) continue;
      used.add(d);
      if (!measure && d.measure) {
        measure = d.measure;
        basis = `declared ${scope}at ${where(d)}`;
      }
      if (!rollup && d.rollup) rollup = { value: d.rollup, from: d };
      if (partial === undefined && d.partial !== undefined && d.partial) partial = d;
    }
    if (!measure && aggregate) {
      measure = aggregate.kind === 'count' ? 'count' : 'amount';
      basis = aggregate.kind === 'count' ? 'rows counted by aggregate: count' : `a sum of ${aggregate.column} by aggregate: sum, read as an amount`;
    }
    if (aggregate?.kind === 'count') {
      measure = 'count';
      basis = 'rows counted by aggregate: count';
    }
    if (!measure) {
      const fromUnit = measureOfUnit(unit);
      if (fromUnit) {
        measure = fromUnit;
        basis = `unit '${clip(unit!, 40)}'`;
      } else {
        measure = 'level';
        basis = unit ? `unit '${clip(unit, 40)}' is not in the unit vocabulary: read as a level` : 'no unit: read as a level';
        const last = findings[findings.length - 1];
        // A file with thousands of unknown units keeps the first warnings and counts the rest (memory stays bounded).
        if (!warned.has(unit ?? '') && warned.size >= MAX_FINDINGS_PER_KIND && last) last.omitted = (last.omitted ?? 0) + 1;
        else if (!warned.has(unit ?? '')) {
          warned.add(unit ?? '');
          findings.push({
            severity: 'warning',
            code: 'measure-unknown-unit',
            file,
            line: at.line,
            ...(at.column ? { column: at.column } : {}),
            message: `${unit ? `the unit '${clip(unit, 40)}' is not in the unit vocabulary` : 'no unit is given'} (first at this line, metric '${clip(metric, 40)}'): its numbers are read as levels — averaged over time, never summed, no Poisson interval`,
            hint: "say what the numbers are in a descriptor beside the file: 'measure: count' (events), level, rate or amount; or per metric: measures: [{ metric: NAME, measure: count }] (docs/evidence.md, \"Measures\")",
          });
        }
      }
    }
    let chosen = DEFAULT_ROLLUP[measure];
    if (rollup) {
      if (ALLOWED_ROLLUPS[measure].includes(rollup.value)) {
        chosen = rollup.value;
        basis += `; rollup ${rollup.value} declared at ${where(rollup.from)}`;
      } else if (!badRollup.has(rollup.from)) {
        badRollup.add(rollup.from);
        findings.push({ severity: 'error', code: 'descriptor-measure', ...rollup.from.at, message: `rollup '${rollup.value}' does not apply to metric '${metric}', which is a ${measure} (${basis})`, hint: `${measure === 'count' || measure === 'amount' ? `a ${measure} adds up over time (rollup: sum)` : `a ${measure} does not add up: rollup mean, last or first`}; or declare its measure beside the rollup` });
      }
    }
    const declaredRollup = rollup !== undefined && chosen === rollup.value;
    const info: MeasureInfo = { measure, rollup: chosen, ...(declaredRollup ? { rollupDeclared: true } : {}), basis, ...(partial ? { partial: { at: where(partial) } } : {}) };
    // One object per distinct decision: observations share it.
    const signature = `${info.measure}\u0000${info.rollup}\u0000${info.rollupDeclared ?? ''}\u0000${info.basis}\u0000${info.partial?.at ?? ''}`;
    const shared = bySignature.get(signature) ?? info;
    bySignature.set(signature, shared);
    const byMetricRaw = cache.get(column ?? '') ?? new Map<string, Map<string, Map<string, MeasureInfo>>>();
    cache.set(column ?? '', byMetricRaw);
    const byMetric = byMetricRaw.get(metricRaw) ?? new Map<string, Map<string, MeasureInfo>>();
    byMetricRaw.set(metricRaw, byMetric);
    const byUnit = byMetric.get(metric) ?? new Map<string, MeasureInfo>();
    byMetric.set(metric, byUnit);
    byUnit.set(unit ?? '', shared);
    cached++;
    return shared;
  };
  /** A `measures:` rule that matched no metric or column is a warning at the rule: a typo would leave the series undeclared. */
  const unused = (): Finding[] => {
    const out: Finding[] = [];
    for (const [kind, map] of [['metric', declarations?.metrics], ['column', declarations?.columns]] as const) {
      for (const [name, d] of map ?? []) {
        if (!used.has(d)) out.push({ severity: 'warning', code: 'measure-rule-unused', ...d.at, message: `measures: the ${kind} '${clip(name, 60)}' matches no ${kind} read from ${file}`, hint: `check the spelling against the file (names are compared trimmed, in any case)${kind === 'metric' ? '; a renamed metric may be named as written or as renamed' : ''}` });
      }
    }
    return out;
  };
  return { decide, findings, unused };
}
