// Observations → series keyed by region and metric, with the consistency checks that need a whole series.
import { clip } from '../format.js';
import { comparePeriods } from '../period.js';
import type { EvidenceSeries, EvidenceSet, Finding, Observation } from '../types.js';

/** Region and metric names match case-insensitively, with spaces trimmed and collapsed. */
export function normaliseName(name: string): string {
  return name.trim().toLowerCase().replace(/\s+/g, ' ');
}

export function seriesKey(region: string, metric: string): string {
  return `${normaliseName(region)}|${normaliseName(metric)}`;
}

/** Units that count events, so that sub-periods may be added up (months → year). */
const COUNT_UNITS = new Set(['', 'cases', 'case', 'count', 'counts', 'crimes', 'crime', 'incidents', 'incident', 'offences', 'offenses', 'events', 'reports', 'arrests', 'number']);

export function isCountUnit(unit: string | undefined): boolean {
  return COUNT_UNITS.has(normaliseName(unit ?? ''));
}

export function buildEvidence(observations: Observation[]): { evidence: EvidenceSet; findings: Finding[] } {
  const groups = new Map<string, Observation[]>();
  for (const o of observations) {
    const key = seriesKey(o.region, o.metric);
    const list = groups.get(key);
    if (list) list.push(o);
    else groups.set(key, [o]);
  }
  const findings: Finding[] = [];
  const series: EvidenceSeries[] = [];
  let lastDay: number | undefined;
  for (const [key, list] of [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    list.sort((a, b) => comparePeriods(a.period, b.period) || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line);
    const units = [...new Set(list.map((o) => o.unit ?? ''))];
    if (units.length > 1) {
      const other = list.find((o) => (o.unit ?? '') !== (list[0]!.unit ?? ''))!;
      findings.push({
        severity: 'warning',
        code: 'mixed-units',
        file: other.file,
        line: other.line,
        message: `${clip(list[0]!.region, 40)} / ${clip(list[0]!.metric, 40)} mixes units: ${units.slice(0, 5).map((u) => `'${clip(u, 30) || '(none)'}'`).join(', ')}${units.length > 5 ? `, … ${units.length} in all` : ''}`,
        hint: 'use one unit per region and metric, or give the other unit its own metric name',
      });
    }
    const byPeriod = new Map<string, Observation>();
    for (const o of list) {
      const prior = byPeriod.get(o.period.label);
      if (prior && prior.value !== o.value) {
        findings.push({
          severity: 'warning',
          code: 'conflicting-values',
          file: o.file,
          line: o.line,
          message: `${clip(o.region, 40)} / ${clip(o.metric, 40)} ${o.period.label} is reported as ${o.value ?? 'blank'} here and as ${prior.value ?? 'blank'} at ${prior.file}:${prior.line}`,
          hint: 'claims that need this period are not judged until one value is removed or the sources are told apart',
        });
      } else if (!prior) byPeriod.set(o.period.label, o);
      if (o.value !== null) lastDay = Math.max(lastDay ?? o.period.endDay, o.period.endDay);
    }
    series.push({ key, region: list[0]!.region, metric: list[0]!.metric, ...(list[0]!.unit ? { unit: list[0]!.unit } : {}), observations: list });
  }
  return { evidence: { series, ...(lastDay !== undefined ? { lastDay } : {}) }, findings };
}
