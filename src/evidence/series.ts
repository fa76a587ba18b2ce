// Observations → series: names resolved through the taxonomy, derived metrics and region groups
// computed, one series per region, metric and source, and the checks that need a whole series.
// (A negative count is an error where it is read, in table.ts, where each row's unit is known.)
import { clip, formatNumber } from '../format.js';
import { normaliseName } from '../names.js';
import { comparePeriods, nextPeriod } from '../period.js';
import { canonicalMetric, canonicalRegion, describeDerivedMetric, describeRegionGroup, emptyTaxonomy, type Taxonomy } from '../taxonomy/index.js';
import type { EvidenceSeries, EvidenceSet, Finding, MeasureInfo, Observation, ReportedChange } from '../types.js';

export function seriesKey(region: string, metric: string, origin = ''): string {
  return `${normaliseName(region)}|${normaliseName(metric)}|${origin}`;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Observations of the named members, grouped into cells that share everything but one dimension
 * (`along`): for a derived metric the cells are region × source × period and the members metrics.
 */
function cellsAlong(observations: Observation[], along: 'metric' | 'region', members: string[]): Map<string, Map<string, Observation>> {
  const other = along === 'metric' ? 'region' : 'metric';
  const wanted = new Set(members);
  const cells = new Map<string, Map<string, Observation>>();
  for (const o of observations) {
    const member = normaliseName(o[along]);
    if (!wanted.has(member)) continue;
    const key = `${normaliseName(o[other])}|${o.origin}|${o.period.granularity}|${o.period.label}`;
    if (!cells.has(key)) cells.set(key, new Map());
    if (!cells.get(key)!.has(member)) cells.get(key)!.set(member, o);
  }
  return cells;
}

/** Sum component metrics per region, source and period; a missing part leaves the value blank, never partial. */
function deriveMetrics(observations: Observation[], taxonomy: Taxonomy): Observation[] {
  const out: Observation[] = [];
  for (const d of taxonomy.derivedMetrics) {
    const cells = cellsAlong(observations, 'metric', d.sum.map((m) => normaliseName(canonicalMetric(taxonomy, m))));
    const definition = describeDerivedMetric(d);
    for (const cell of cells.values()) {
      const first = [...cell.values()][0]!;
      const present = d.sum.map((m) => cell.get(normaliseName(canonicalMetric(taxonomy, m))));
      const missing = d.sum.filter((_, i) => !present[i] || present[i]!.value === null);
      const rows = present.filter((o): o is Observation => o !== undefined);
      out.push({
        ...first,
        note: undefined,
        metric: d.name,
        value: missing.length ? null : rows.reduce((s, o) => s + o.value!, 0),
        derived: { definition: missing.length ? `${definition}; not reported: ${missing.join(', ')}` : definition, parts: rows },
      });
    }
  }
  return out;
}

/** Region groups: `total − minus…` or a sum of regions, per metric, source and period. */
function groupRegions(observations: Observation[], taxonomy: Taxonomy): Observation[] {
  const out: Observation[] = [];
  for (const g of taxonomy.regionGroups) {
    const members = g.total !== undefined ? [g.total, ...g.minus] : g.sum;
    const names = members.map((r) => normaliseName(canonicalRegion(taxonomy, r)));
    const cells = cellsAlong(observations, 'region', names);
    const definition = describeRegionGroup(g);
    for (const cell of cells.values()) {
      const present = names.map((n) => cell.get(n));
      // A difference group exists only where its total is reported: the parts alone say nothing of it.
      if (g.total !== undefined && !present[0]) continue;
      const missing = members.filter((_, i) => !present[i] || present[i]!.value === null);
      const rows = present.filter((o): o is Observation => o !== undefined);
      let value: number | null = null;
      if (!missing.length) {
        value = g.total !== undefined ? rows[0]!.value! - rows.slice(1).reduce((s, o) => s + o.value!, 0) : rows.reduce((s, o) => s + o.value!, 0);
      }
      out.push({
        ...rows[0]!,
        note: undefined,
        region: g.name,
        value,
        derived: { definition: missing.length ? `${definition}; not reported: ${missing.join(', ')}` : definition, parts: rows.flatMap((o) => o.derived?.parts ?? [o]) },
      });
    }
  }
  return out;
}

/** The measure of a series' rows (a derived value's, from its parts); rows that disagree are a conflict. */
function seriesMeasureOf(list: Observation[]): { info?: MeasureInfo; conflict?: { text: string; file: string; line: number } } {
  const infoOf = (o: Observation): MeasureInfo | undefined => o.measure ?? o.derived?.parts.find((p) => p.measure)?.measure;
  // (Most series have no derived value: their rows are the list itself, not a copy per series.)
  const rows = list.some((o) => o.derived) ? list.flatMap((o) => (o.derived ? o.derived.parts : [o])) : list;
  const first = rows.find((o) => o.measure)?.measure ?? infoOf(list[0]!);
  if (!first) return {};
  for (const o of rows) {
    const m = o.measure;
    if (m && (m.measure !== first.measure || m.rollup !== first.rollup)) {
      return { info: first, conflict: { text: `${first.measure} (${first.basis}, rollup ${first.rollup}) and ${m.measure} at ${o.file}:${o.line} (${m.basis}, rollup ${m.rollup})`, file: o.file, line: o.line } };
    }
  }
  return { info: first };
}

/** Missing periods between the first and last of a yearly, quarterly or monthly series. */
function gapsIn(list: Observation[]): string[] {
  const g = list[0]?.period.granularity;
  if (!g || g === 'day' || list.some((o) => o.period.granularity !== g)) return [];
  // Most series have no gap: each period starts the day after the one before (or repeats it).
  let contiguous = true;
  for (let i = 1; i < list.length && contiguous; i++) {
    const prev = list[i - 1]!.period;
    const cur = list[i]!.period;
    contiguous = cur.startDay === prev.startDay || cur.startDay === prev.endDay + 1;
  }
  if (contiguous) return [];
  const have = new Set(list.map((o) => o.period.label));
  const gaps: string[] = [];
  let p = list[0]!.period;
  const last = list[list.length - 1]!.period;
  while (p.startDay < last.startDay && gaps.length < 100) {
    p = nextPeriod(p);
    if (!have.has(p.label)) gaps.push(p.label);
  }
  return gaps;
}

function byPeriodThenRow(a: Observation, b: Observation): number {
  return comparePeriods(a.period, b.period) || compareText(a.file, b.file) || a.line - b.line;
}

/** Whether the observations are already in `byPeriodThenRow` order (then sorting would change nothing). */
function inReadOrder(list: Observation[]): boolean {
  for (let i = 1; i < list.length; i++) if (byPeriodThenRow(list[i - 1]!, list[i]!) > 0) return false;
  return true;
}

export function buildEvidence(
  observations: Observation[],
  changes: ReportedChange[] = [],
  taxonomy: Taxonomy = emptyTaxonomy(),
): { evidence: EvidenceSet; findings: Finding[] } {
  // Copy an observation only when the taxonomy renames it (most are kept as read).
  const canonical = observations.map((o) => {
    const region = canonicalRegion(taxonomy, o.region);
    const metric = canonicalMetric(taxonomy, o.metric);
    return region === o.region && metric === o.metric ? o : { ...o, region, metric };
  });
  const withDerived = [...canonical, ...deriveMetrics(canonical, taxonomy)];
  const all = [...withDerived, ...groupRegions(withDerived, taxonomy)];
  const groups = new Map<string, Observation[]>();
  // Observations share their region, metric and origin strings: look the group up by them, not by a key built per row.
  const byNames = new Map<string, Map<string, Map<string, Observation[]>>>();
  for (const o of all) {
    let byRegion = byNames.get(o.origin);
    if (!byRegion) byNames.set(o.origin, (byRegion = new Map()));
    let byMetric = byRegion.get(o.region);
    if (!byMetric) byRegion.set(o.region, (byMetric = new Map()));
    let list = byMetric.get(o.metric);
    if (!list) {
      const key = seriesKey(o.region, o.metric, o.origin);
      list = groups.get(key);
      if (!list) groups.set(key, (list = []));
      byMetric.set(o.metric, list);
    }
    list.push(o);
  }
  const findings: Finding[] = [];
  const series: EvidenceSeries[] = [];
  let lastDay: number | undefined;
  // The keys in code-unit order (compareText's): the built-in order of a sort without a comparator, which
  // sorts 100,000 keys without calling a function per comparison.
  for (const key of [...groups.keys()].sort()) {
    const list = groups.get(key)!;
    // Most tables list a series' rows in period order already: checked in one pass, sorted only when not.
    if (!inReadOrder(list)) list.sort(byPeriodThenRow);
    const first = list[0]!;
    const isDerived = first.derived !== undefined;
    const firstUnit = first.unit ?? '';
    const units = list.every((o) => (o.unit ?? '') === firstUnit) ? [firstUnit] : [...new Set(list.map((o) => o.unit ?? ''))];
    if (units.length > 1) {
      const other = list.find((o) => (o.unit ?? '') !== (first.unit ?? ''))!;
      findings.push({
        severity: 'warning',
        code: 'mixed-units',
        file: other.file,
        line: other.line,
        message: `${clip(first.region, 40)} / ${clip(first.metric, 40)} mixes units: ${units.slice(0, 5).map((u) => `'${clip(u, 30) || '(none)'}'`).join(', ')}${units.length > 5 ? `, … ${units.length} in all` : ''}`,
        hint: 'use one unit per region and metric, or give the other unit its own metric name',
      });
    }
    // Sorted by period, so a period reported twice is a run of neighbours; `prior` is the run's first.
    let runFirst: Observation | undefined;
    for (const o of list) {
      const prior = runFirst && comparePeriods(runFirst.period, o.period) === 0 ? runFirst : undefined;
      if (!prior) runFirst = o;
      if (prior && !isDerived) {
        findings.push({
          severity: 'warning',
          code: prior.value === o.value ? 'period-repeated' : 'conflicting-values',
          file: o.file,
          line: o.line,
          message:
            prior.value === o.value
              ? `${clip(o.region, 40)} / ${clip(o.metric, 40)} ${o.period.label} is reported again (also at ${prior.file}:${prior.line})`
              : `${clip(o.region, 40)} / ${clip(o.metric, 40)} ${o.period.label} is reported as ${o.value ?? 'blank'} here and as ${prior.value ?? 'blank'} at ${prior.file}:${prior.line}`,
          hint: prior.value === o.value ? 'remove the repeated row' : 'claims that need this period are not judged until one value is removed',
        });
      }
      if (o.value !== null) lastDay = Math.max(lastDay ?? o.period.endDay, o.period.endDay);
    }
    const measure = seriesMeasureOf(list);
    if (measure.conflict) {
      findings.push({ severity: 'warning', code: 'mixed-measures', file: measure.conflict.file, line: measure.conflict.line, message: `${clip(first.region, 40)} / ${clip(first.metric, 40)} mixes measures: ${measure.conflict.text}`, hint: 'claims on this series are not judged until its rows agree: declare one measure for the metric (measures: [{ metric: NAME, measure: … }])' });
    }
    const gaps = isDerived ? [] : gapsIn(list);
    if (gaps.length) {
      findings.push({ severity: 'info', code: 'series-gap', file: first.file, line: first.line, message: `${clip(first.region, 40)} / ${clip(first.metric, 40)} has no value for ${gaps.slice(0, 6).join(', ')}${gaps.length > 6 ? ` and ${gaps.length - 6} more` : ''}`, hint: 'claims over these periods get no-evidence' });
    }
    series.push({
      key,
      region: first.region,
      metric: first.metric,
      origin: first.origin,
      ...(first.unit ? { unit: first.unit } : {}),
      ...(measure.info ? { measure: measure.info } : {}),
      ...(measure.conflict ? { measureConflict: measure.conflict.text } : {}),
      ...(first.derived ? { definition: first.derived.definition.replace(/; not reported: .*$/, '') } : {}),
      // Aggregated from incident-level files: what was counted, where (one definition per file).
      ...(!first.derived && first.aggregate ? { definition: [...new Set(list.flatMap((o) => (o.aggregate ? [o.aggregate.definition] : [])))].join('; ') } : {}),
      observations: list,
    });
  }
  for (const f of sourceDisagreements(series)) findings.push(f);
  const canonicalChanges = changes.map((c) => ({ ...c, region: canonicalRegion(taxonomy, c.region), metric: canonicalMetric(taxonomy, c.metric) }));
  return { evidence: { series, changes: canonicalChanges, ...(lastDay !== undefined ? { lastDay } : {}) }, findings: groupSeriesNotes(findings) };
}

/** The same region, metric and period reported differently by two sources: both kept, the difference shown. */
function sourceDisagreements(series: EvidenceSeries[]): Finding[] {
  // One source cannot disagree with itself (its own repeats are reported per series).
  if (series.every((s) => s.origin === series[0]!.origin)) return [];
  const byName = new Map<string, EvidenceSeries[]>();
  for (const s of series) {
    const k = `${normaliseName(s.region)}|${normaliseName(s.metric)}`;
    const list = byName.get(k);
    if (list) list.push(s);
    else byName.set(k, [s]);
  }
  const findings: Finding[] = [];
  // Each series' first observation per period, looked up instead of searched: linear in the observations.
  const firstByPeriod = new Map<EvidenceSeries, Map<string, Observation>>();
  const periodsOf = (s: EvidenceSeries) => {
    let m = firstByPeriod.get(s);
    if (!m) {
      m = new Map();
      for (const o of s.observations) if (!m.has(o.period.label)) m.set(o.period.label, o);
      firstByPeriod.set(s, m);
    }
    return m;
  };
  for (const list of byName.values()) {
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const a = list[i]!;
        const b = list[j]!;
        const inA = periodsOf(a);
        const diffs = b.observations.filter((o) => {
          const other = inA.get(o.period.label);
          return other !== undefined && other.value !== null && o.value !== null && other.value !== o.value;
        });
        if (!diffs.length) continue;
        const o = diffs[0]!;
        const other = inA.get(o.period.label)!;
        findings.push({
          severity: 'warning',
          code: 'sources-disagree',
          file: o.file,
          line: o.line,
          message: `${clip(a.region, 40)} / ${clip(a.metric, 40)}: two sources disagree for ${diffs.length} period${diffs.length === 1 ? '' : 's'}, e.g. ${o.period.label}: ${formatNumber(other.value!)} (${clip(a.origin)}) vs ${formatNumber(o.value!)} (${clip(b.origin)})`,
          hint: "both are kept; a claim can pin one with 'evidence: SOURCE', otherwise the report shows the verdict under each",
        });
      }
    }
  }
  return findings;
}

/** Notes raised once per series; on a large table (one series per country) they are grouped per file. */
const PER_SERIES_CODES: Readonly<Record<string, string>> = { 'series-gap': 'have gaps', 'mixed-units': 'mix units' };
/** From this many notes of one code in one file, they become one finding. */
export const GROUP_NOTES_FROM = 3;
const EXAMPLES_SHOWN = 3;

/**
 * One finding per file and per-series code, with the count and the first few series and lines, in
 * place of a note per series: 73 `series-gap` notes for a five-yearly table bury what matters.
 * The grouped finding sits where the first of them was.
 */
export function groupSeriesNotes(findings: Finding[]): Finding[] {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    if (!(f.code in PER_SERIES_CODES)) continue;
    const key = `${f.file}\u0000${f.code}`;
    const list = groups.get(key);
    if (list) list.push(f);
    else groups.set(key, [f]);
  }
  const replaced = new Map<Finding, Finding | null>();
  for (const list of groups.values()) {
    if (list.length < GROUP_NOTES_FROM) continue;
    const first = list[0]!;
    const examples = list.slice(0, EXAMPLES_SHOWN).map((f) => `${f.message} (line ${f.line ?? 1})`);
    const more = list.length - EXAMPLES_SHOWN;
    const grouped: Finding = {
      ...first,
      message: `${list.length} series ${PER_SERIES_CODES[first.code]}: ${examples.join('; ')}${more > 0 ? `; and ${more} more` : ''}`,
    };
    list.forEach((f, i) => replaced.set(f, i === 0 ? grouped : null));
  }
  if (replaced.size === 0) return findings;
  return findings.flatMap((f) => {
    const r = replaced.get(f);
    return r === undefined ? [f] : r === null ? [] : [r];
  });
}
