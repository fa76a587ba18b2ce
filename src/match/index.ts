// Match: each claim to the evidence series (one per source) and reported changes with its region and metric.
import { nearestNames, normaliseName } from '../names.js';
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
    byName.set(k, [...(byName.get(k) ?? []), s]);
    const r = normaliseName(s.region);
    if (!metricsIn.has(r)) metricsIn.set(r, new Set());
    metricsIn.get(r)!.add(s.metric);
  }
  const changesByName = new Map<string, ReportedChange[]>();
  for (const c of evidence.changes) {
    const k = nameKey(c.region, c.metric);
    changesByName.set(k, [...(changesByName.get(k) ?? []), c]);
  }
  const regionNames = [...new Set([...evidence.series.map((s) => s.region), ...evidence.changes.map((c) => c.region)])];
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
      const near = nearestNames(claim.compareTo, regionNames);
      return {
        population,
        comparison,
        comparisonPopulation: populationOf(area),
        ...(comparison.length ? {} : { comparisonProblem: `no evidence for ${claim.metric} in the comparison area '${claim.compareTo}'${near.length ? ` (did you mean ${near.map((n) => `'${n}'`).join(' or ')}?)` : ''}` }),
      };
    };
    const region = canonicalRegion(taxonomy, claim.region);
    const metric = canonicalMetric(taxonomy, claim.metric);
    const key = nameKey(region, metric);
    const all = byName.get(key) ?? [];
    const changes = changesByName.get(key) ?? [];
    if (all.length === 0 && changes.length === 0) {
      const metrics = metricsIn.get(normaliseName(region));
      if (!metrics) {
        const near = nearestNames(claim.region, regionNames);
        return { claim, series: [], changes, ...none, problem: `no evidence for region '${claim.region}'${near.length ? ` (did you mean ${near.map((n) => `'${n}'`).join(' or ')}?)` : ''}` };
      }
      const near = nearestNames(claim.metric, [...metrics]);
      const known = [...metrics].sort();
      return {
        claim,
        series: [],
        changes,
        ...none,
        problem: `no evidence for metric '${claim.metric}' in ${region}${near.length ? ` (did you mean ${near.map((n) => `'${n}'`).join(' or ')}?)` : ` (known metrics there: ${known.slice(0, 6).join(', ')}${known.length > 6 ? ', …' : ''})`}`,
      };
    }
    if (!claim.evidence) return { claim, series: all, changes, ...context() };
    const pin = normaliseName(claim.evidence);
    const pinned = all.filter((s) => normaliseName(s.origin).includes(pin) || s.observations.some((o) => normaliseName(o.file) === pin));
    if (pinned.length === 0) {
      return { claim, series: [], changes: [], ...none, problem: `no source matching evidence: '${claim.evidence}' reports ${region} / ${metric} (sources: ${all.map((s) => s.origin).join('; ')})` };
    }
    return { claim, series: pinned, changes: changes.filter((c) => normaliseName(c.origin).includes(pin) || normaliseName(c.file) === pin), ...context() };
  });
}
