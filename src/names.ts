// Names of regions and metrics: how they are compared, and the nearest known ones for "did you mean".

const normalised = new Map<string, string>();
const MAX_CACHED_NAMES = 100_000;

/** Names match case-insensitively, with spaces trimmed and collapsed. */
export function normaliseName(name: string): string {
  // Cached: every observation's region and metric is normalised, and a file repeats a few names many times.
  let n = normalised.get(name);
  if (n === undefined) {
    n = name.trim().toLowerCase().replace(/\s+/g, ' ');
    if (normalised.size < MAX_CACHED_NAMES) normalised.set(name, n);
  }
  return n;
}

/** Edit distance, giving up (returning limit + 1) as soon as it must exceed `limit`. */
function distance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    let rowMin = prev[0];
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
      if (prev[j]! < rowMin) rowMin = prev[j]!;
    }
    if (rowMin > limit) return limit + 1;
  }
  return prev[b.length]!;
}

/**
 * Work shared by the suggestions of one run, in compared characters: suggestions are a courtesy,
 * and thousands of unknown names against a million known ones must not make a run take hours.
 */
export interface SuggestBudget {
  left: number;
}

/** Names longer than this are not compared character by character. */
const MAX_COMPARED_LENGTH = 200;

/** Up to `max` known names close to `name` (edit distance, or one containing the other). */
export function nearestNames(name: string, known: string[], max = 3, budget: SuggestBudget = { left: 5_000_000 }): string[] {
  const n = normaliseName(name);
  const scored = new Map<string, number>();
  for (const k of known) {
    if (budget.left <= 0) break;
    if (scored.has(k)) continue;
    const kn = normaliseName(k);
    budget.left -= n.length + kn.length + 1;
    const limit = Math.max(2, Math.floor(Math.max(name.length, k.length) / 3));
    // One name containing the other is close, unless one is too short for that to mean anything.
    const related = kn.length > 2 && n.length > 2 && (kn.includes(n) || n.includes(kn));
    let score: number;
    if (related) score = Math.min(Math.abs(kn.length - n.length), 1);
    else if (n.length > MAX_COMPARED_LENGTH || kn.length > MAX_COMPARED_LENGTH) continue;
    else {
      budget.left -= n.length * kn.length;
      score = distance(n, kn, limit);
    }
    if (score <= limit) scored.set(k, score);
  }
  return [...scored]
    .sort(([a, sa], [b, sb]) => sa - sb || (a < b ? -1 : 1))
    .slice(0, max)
    .map(([k]) => k);
}
