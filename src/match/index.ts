// Match: each claim to the evidence series with its region and metric.
import { normaliseName, seriesKey } from '../evidence/index.js';
import type { Claim, EvidenceSeries, EvidenceSet } from '../types.js';
import { nearestNames } from './suggest.js';

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
  const regions = new Map<string, string[]>();
  for (const s of evidence.series) {
    const r = normaliseName(s.region);
    regions.set(r, [...(regions.get(r) ?? []), s.metric]);
  }
  const regionNames = [...new Set(evidence.series.map((s) => s.region))];
  return claims.map((claim) => {
    if (!claim.region || !claim.metric) return { claim };
    const series = byKey.get(seriesKey(claim.region, claim.metric));
    if (series) return { claim, series };
    const metrics = regions.get(normaliseName(claim.region));
    if (!metrics) {
      const near = nearestNames(claim.region, regionNames);
      return { claim, problem: `no evidence for region '${claim.region}'${near.length ? ` (did you mean ${near.map((n) => `'${n}'`).join(' or ')}?)` : ''}` };
    }
    const near = nearestNames(claim.metric, metrics);
    const known = [...new Set(metrics)].sort();
    return {
      claim,
      problem: `no evidence for metric '${claim.metric}' in ${claim.region}${near.length ? ` (did you mean ${near.map((n) => `'${n}'`).join(' or ')}?)` : ` (known metrics there: ${known.slice(0, 6).join(', ')}${known.length > 6 ? ', …' : ''})`}`,
    };
  });
}
