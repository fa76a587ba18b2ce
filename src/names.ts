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

function distance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

/** Up to `max` known names close to `name` (edit distance, or one containing the other). */
export function nearestNames(name: string, known: string[], max = 3): string[] {
  const n = normaliseName(name);
  const scored = [...new Set(known)]
    .map((k) => {
      const kn = normaliseName(k);
      const d = distance(n, kn);
      const related = kn.length > 2 && n.length > 2 && (kn.includes(n) || n.includes(kn));
      return { k, score: related ? Math.min(d, 1) : d };
    })
    .filter(({ k, score }) => score <= Math.max(2, Math.floor(Math.max(name.length, k.length) / 3)))
    .sort((a, b) => a.score - b.score || (a.k < b.k ? -1 : 1));
  return scored.slice(0, max).map((s) => s.k);
}
