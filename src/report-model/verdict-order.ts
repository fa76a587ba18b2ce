// The verdict order: from the best standing a claim can have against the evidence to the worst.
// `--fail-on-change=worse` and `claimcheck diff` use it; docs/methods.md ("Verdict order") documents it.

/**
 * Best first. Decided support, then the undecided verdicts (the evidence cannot judge the claim yet,
 * from the most to the least hopeful), then decided rejection. `inconclusive` is listed ahead of
 * its arrival so that reports which carry it compare sensibly.
 */
export const VERDICT_ORDER = [
  'supported',
  'partly-supported',
  'pending',
  'inconclusive',
  'no-evidence',
  'unverifiable',
  'exaggerated',
  'not-supported',
  'contradicted',
] as const;

/**
 * The attribution answer, best first, on the same principle: told apart from chance and the prior
 * trend in the claimed direction, then the undecided answers (`inconclusive`: computed but unable to
 * tell; `not-computed`: nothing to compute it from), then told apart against the claim.
 */
export const ATTRIBUTION_ORDER = ['supported', 'partly-supported', 'inconclusive', 'not-computed', 'not-supported', 'contradicted'] as const;

function rankIn(order: readonly string[], verdict: string): number | undefined {
  const i = order.indexOf(verdict);
  return i < 0 ? undefined : i + 1;
}

/** 1 for the best verdict; undefined for a verdict this version does not know. */
export function verdictRank(verdict: string): number | undefined {
  return rankIn(VERDICT_ORDER, verdict);
}

/** 1 for the best attribution answer; undefined for one this version does not know. */
export function attributionRank(verdict: string): number | undefined {
  return rankIn(ATTRIBUTION_ORDER, verdict);
}

function compareIn(rank: (v: string) => number | undefined, before: string, after: string): 'better' | 'worse' | null {
  if (before === after) return null;
  const b = rank(before);
  const a = rank(after);
  if (a === undefined || b === undefined) return 'worse';
  return a > b ? 'worse' : 'better';
}

/**
 * How a verdict moved, or null when it did not. A move to or from a verdict this version does not
 * know counts as worse: a CI check should stop and ask rather than pass on what it cannot rank.
 */
export function compareVerdicts(before: string, after: string): 'better' | 'worse' | null {
  return compareIn(verdictRank, before, after);
}

/** How an attribution answer moved, on ATTRIBUTION_ORDER, with the same rule for unknown answers. */
export function compareAttribution(before: string, after: string): 'better' | 'worse' | null {
  return compareIn(attributionRank, before, after);
}

/** Where a verdict stands: the evidence backs the claim, goes against it, or cannot judge it (yet). */
export function verdictStanding(verdict: string): 'for' | 'against' | 'undecided' {
  if (verdict === 'supported' || verdict === 'partly-supported') return 'for';
  if (verdict === 'exaggerated' || verdict === 'not-supported' || verdict === 'contradicted') return 'against';
  return 'undecided';
}
