// Match: each claim to the evidence series (one per source) and reported changes with its region and metric.
import { normaliseName } from '../names.js';
import { nearestNames } from '../names.js';
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
  return claims.map((claim): ClaimMatch => {
    if (!claim.region || !claim.metric) return { claim, series: [], changes: [] };
    const region = canonicalRegion(taxonomy, claim.region);
    const metric = canonicalMetric(taxonomy, claim.metric);
    const key = nameKey(region, metric);
    const all = byName.get(key) ?? [];
    const changes = changesByName.get(key) ?? [];
    if (all.length === 0 && changes.length === 0) {
      const metrics = metricsIn.get(normaliseName(region));
      if (!metrics) {
        const near = nearestNames(claim.region, regionNames);
        return { claim, series: [], changes, problem: `no evidence for region '${claim.region}'${near.length ? ` (did you mean ${near.map((n) => `'${n}'`).join(' or ')}?)` : ''}` };
      }
      const near = nearestNames(claim.metric, [...metrics]);
      const known = [...metrics].sort();
      return {
        claim,
        series: [],
        changes,
        problem: `no evidence for metric '${claim.metric}' in ${region}${near.length ? ` (did you mean ${near.map((n) => `'${n}'`).join(' or ')}?)` : ` (known metrics there: ${known.slice(0, 6).join(', ')}${known.length > 6 ? ', …' : ''})`}`,
      };
    }
    if (!claim.evidence) return { claim, series: all, changes };
    const pin = normaliseName(claim.evidence);
    const pinned = all.filter((s) => normaliseName(s.origin).includes(pin) || s.observations.some((o) => normaliseName(o.file) === pin));
    if (pinned.length === 0) {
      return { claim, series: [], changes: [], problem: `no source matching evidence: '${claim.evidence}' reports ${region} / ${metric} (sources: ${all.map((s) => s.origin).join('; ')})` };
    }
    return { claim, series: pinned, changes: changes.filter((c) => normaliseName(c.origin).includes(pin) || normaliseName(c.file) === pin) };
  });
}
