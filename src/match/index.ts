// Match: each claim to the evidence series (one per source) and reported changes with its region and metric.
import { clip } from '../format.js';
import { nearestNames, normaliseName, showName, type SuggestBudget } from '../names.js';
import { canonicalMetric, canonicalRegion, emptyTaxonomy, type Taxonomy } from '../taxonomy/index.js';
import type { Claim, EvidenceSeries, EvidenceSet, ReportedChange } from '../types.js';

export { resolveSpec, isProblem, type Resolved } from './resolve.js';
export { nearestNames } from '../names.js';

export interface ClaimMatch {
  claim: Claim;
  /** Candidate series, one per source, in source order (after an `evidence:` pin). */
  series: EvidenceSeries[];
  /** Reported changes for the claim's region and metric. */
  changes: ReportedChange[];
  /** Why no series matched, with the nearest known names. */
  problem?: string;
  /** Population of the claim's region (for rates), from the taxonomy's population metric. */
  population: EvidenceSeries[];
  /** The comparison area's series (same metric) when the claim names `compare_to`. */
  comparison: EvidenceSeries[];
  comparisonPopulation: EvidenceSeries[];
  /** Why the comparison area has no series, when it was named. */
  comparisonProblem?: string;
}

function nameKey(region: string, metric: string): string {
  return `${normaliseName(region)}|${normaliseName(metric)}`;
}

export function matchClaims(claims: Claim[], evidence: EvidenceSet, taxonomy: Taxonomy = emptyTaxonomy()): ClaimMatch[] {
  // Index once: matching stays linear in claims + series, whatever their numbers.
  const byName = new Map<string, EvidenceSeries[]>();
  const metricsIn = new Map<string, Set<string>>();
  for (const s of evidence.series) {
    const k = nameKey(s.region, s.metric);
    const list = byName.get(k);
    if (list) list.push(s);
    else byName.set(k, [s]);
    const r = normaliseName(s.region);
    const metrics = metricsIn.get(r);
    if (metrics) metrics.add(s.metric);
    else metricsIn.set(r, new Set([s.metric]));
  }
  const changesByName = new Map<string, ReportedChange[]>();
  for (const c of evidence.changes) {
    const k = nameKey(c.region, c.metric);
    const list = changesByName.get(k);
    if (list) list.push(c);
    else changesByName.set(k, [c]);
  }
  const regionNames = [...new Set([...evidence.series.map((s) => s.region), ...evidence.changes.map((c) => c.region)])];
  // Suggestions share one budget and are remembered: many claims often miss the same name.
  const budget: SuggestBudget = { left: 20_000_000 };
  const remembered = new Map<string, string[]>();
  const metricLists = new Map<Set<string>, string[]>();
  const suggest = (name: string, known: string[], scope: string) => {
    const key = `${scope}\u0000${normaliseName(name)}`;
    let near = remembered.get(key);
    if (!near) {
      near = nearestNames(name, known, 3, budget);
      remembered.set(key, near);
    }
    return near;
  };
  const didYouMean = (near: string[]) => (near.length ? ` (did you mean ${near.map((n) => showName(n)).join(' or ')}?)` : '');
  // The files of a series, for `evidence: FILE` pins: built once per series, not once per claim.
  const filesOf = new Map<EvidenceSeries, Set<string>>();
  const seriesFiles = (s: EvidenceSeries) => {
    let files = filesOf.get(s);
    if (!files) {
      files = new Set(s.observations.map((o) => normaliseName(o.file)));
      filesOf.set(s, files);
    }
    return files;
  };
  const populationOf = (region: string): EvidenceSeries[] => {
    const override = taxonomy.population.regions.get(normaliseName(region));
    const r = override ? canonicalRegion(taxonomy, override.region) : region;
    return byName.get(nameKey(r, canonicalMetric(taxonomy, override?.metric ?? taxonomy.population.metric))) ?? [];
  };
  return claims.map((claim): ClaimMatch => {
    const none = { population: [], comparison: [], comparisonPopulation: [] };
    if (!claim.region || !claim.metric) return { claim, series: [], changes: [], ...none };
    const context = (): Pick<ClaimMatch, 'population' | 'comparison' | 'comparisonPopulation' | 'comparisonProblem'> => {
      const population = populationOf(canonicalRegion(taxonomy, claim.region!));
      if (!claim.compareTo) return { ...none, population };
      const area = canonicalRegion(taxonomy, claim.compareTo);
      const comparison = byName.get(nameKey(area, canonicalMetric(taxonomy, claim.metric!))) ?? [];
      return {
        population,
        comparison,
        comparisonPopulation: populationOf(area),
        ...(comparison.length ? {} : { comparisonProblem: `no evidence for ${clip(claim.metric!)} in the comparison area ${showName(claim.compareTo)}${didYouMean(suggest(claim.compareTo, regionNames, ''))}` }),
      };
    };
    const region = canonicalRegion(taxonomy, claim.region);
    const metric = canonicalMetric(taxonomy, claim.metric);
    const key = nameKey(region, metric);
    const all = byName.get(key) ?? [];
    const changes = changesByName.get(key) ?? [];
    if (all.length === 0 && changes.length === 0) {
      const metricSet = metricsIn.get(normaliseName(region));
      if (!metricSet) {
        return { claim, series: [], changes, ...none, problem: `no evidence for region ${showName(claim.region)}${didYouMean(suggest(claim.region, regionNames, ''))}` };
      }
      const known = metricLists.get(metricSet) ?? [...metricSet].sort();
      metricLists.set(metricSet, known);
      const near = suggest(claim.metric, known, normaliseName(region));
      return {
        claim,
        series: [],
        changes,
        ...none,
        problem: `no evidence for metric ${showName(claim.metric)} in ${clip(region)}${near.length ? didYouMean(near) : ` (known metrics there: ${known.slice(0, 6).map((m) => clip(m, 40)).join(', ')}${known.length > 6 ? ', …' : ''})`}`,
      };
    }
    if (!claim.evidence) return { claim, series: all, changes, ...context() };
    const pin = normaliseName(claim.evidence);
    const pinned = all.filter((s) => normaliseName(s.origin).includes(pin) || seriesFiles(s).has(pin));
    if (pinned.length === 0) {
      const origins = all.map((s) => clip(s.origin));
      return {
        claim,
        series: [],
        changes: [],
        ...none,
        problem: `no source matching evidence: '${clip(claim.evidence)}' reports ${clip(region)} / ${clip(metric)} (sources: ${origins.slice(0, 6).join('; ')}${origins.length > 6 ? `; and ${origins.length - 6} more` : ''})`,
      };
    }
    return { claim, series: pinned, changes: changes.filter((c) => normaliseName(c.origin).includes(pin) || normaliseName(c.file) === pin), ...context() };
  });
}
