// Match: each claim to the evidence series with its region and metric.
import { normaliseName, seriesKey } from '../evidence/index.js';
import type { Claim, EvidenceSeries, EvidenceSet } from '../types.js';
import { clip } from '../format.js';
import { nearestNames, type SuggestBudget } from './suggest.js';

export { resolveSpec, isProblem, type Resolved } from './resolve.js';
export { nearestNames } from './suggest.js';

export interface ClaimMatch {
  claim: Claim;
  series?: EvidenceSeries;
  /** Why no series matched, with the nearest known names. */
  problem?: string;
}

export function matchClaims(claims: Claim[], evidence: EvidenceSet): ClaimMatch[] {
  // Index once: matching stays linear in claims + series, whatever their numbers.
  const byKey = new Map(evidence.series.map((s) => [s.key, s]));
  const regions = new Map<string, Set<string>>();
  for (const s of evidence.series) {
    const r = normaliseName(s.region);
    const metrics = regions.get(r);
    if (metrics) metrics.add(s.metric);
    else regions.set(r, new Set([s.metric]));
  }
  const regionNames = [...new Set(evidence.series.map((s) => s.region))];
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
  return claims.map((claim) => {
    if (!claim.region || !claim.metric) return { claim };
    const series = byKey.get(seriesKey(claim.region, claim.metric));
    if (series) return { claim, series };
    const metricSet = regions.get(normaliseName(claim.region));
    if (!metricSet) {
      const near = suggest(claim.region, regionNames, '');
      return { claim, problem: `no evidence for region '${clip(claim.region)}'${near.length ? ` (did you mean ${near.map((n) => `'${clip(n)}'`).join(' or ')}?)` : ''}` };
    }
    const metrics = metricLists.get(metricSet) ?? [...metricSet].sort();
    metricLists.set(metricSet, metrics);
    const near = suggest(claim.metric, metrics, normaliseName(claim.region));
    const known = metrics;
    return {
      claim,
      problem: `no evidence for metric '${clip(claim.metric)}' in ${clip(claim.region)}${near.length ? ` (did you mean ${near.map((n) => `'${clip(n)}'`).join(' or ')}?)` : ` (known metrics there: ${known.slice(0, 6).map((m) => clip(m, 40)).join(', ')}${known.length > 6 ? ', …' : ''})`}`,
    };
  });
}
