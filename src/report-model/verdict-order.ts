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

/** 1 for the best verdict; undefined for a verdict this version does not know. */
export function verdictRank(verdict: string): number | undefined {
  const i = (VERDICT_ORDER as readonly string[]).indexOf(verdict);
  return i < 0 ? undefined : i + 1;
}

/**
 * How a verdict moved, or null when it did not. A move to or from a verdict this version does not
 * know counts as worse: a CI check should stop and ask rather than pass on what it cannot rank.
 */
export function compareVerdicts(before: string, after: string): 'better' | 'worse' | null {
  if (before === after) return null;
  const b = verdictRank(before);
  const a = verdictRank(after);
  if (a === undefined || b === undefined) return 'worse';
  return a > b ? 'worse' : 'better';
}

/** Where a verdict stands: the evidence backs the claim, goes against it, or cannot judge it (yet). */
export function verdictStanding(verdict: string): 'for' | 'against' | 'undecided' {
  if (verdict === 'supported' || verdict === 'partly-supported') return 'for';
  if (verdict === 'exaggerated' || verdict === 'not-supported' || verdict === 'contradicted') return 'against';
  return 'undecided';
}
