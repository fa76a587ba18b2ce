// Names of regions and metrics: how they are compared, and the nearest known ones for "did you mean".
import { clip, INVISIBLE } from './format.js';

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

// ---------------------------------------------------------------- look-alikes

/** Scripts whose letters stand in for each other (а and a, ο and o, Ѕ and S): a name mixing them is a look-alike. */
const CONFUSABLE_SCRIPTS: Array<[string, RegExp]> = [
  ['Latin', /\p{Script=Latin}/u],
  ['Cyrillic', /\p{Script=Cyrillic}/u],
  ['Greek', /\p{Script=Greek}/u],
  ['Armenian', /\p{Script=Armenian}/u],
  ['Cherokee', /\p{Script=Cherokee}/u],
];

/**
 * The letters of `name` outside its main script, when it mixes Latin, Cyrillic, Greek, Armenian or
 * Cherokee letters ('Nаirobi' with a Cyrillic а): [script, letter] pairs, once each, in order. Empty
 * for a name in one script, or in scripts that are not confused with each other.
 */
export function lookAlikeLetters(name: string): Array<[string, string]> {
  const letters: Array<[string, string]> = [];
  const count = new Map<string, number>();
  for (const ch of name) {
    const script = CONFUSABLE_SCRIPTS.find(([, re]) => re.test(ch))?.[0];
    if (!script) continue;
    letters.push([script, ch]);
    count.set(script, (count.get(script) ?? 0) + 1);
  }
  if (count.size < 2) return [];
  // The main script has the most letters; a tie goes to the first in CONFUSABLE_SCRIPTS.
  const main = [...count].sort((a, b) => b[1] - a[1])[0]![0];
  const seen = new Set<string>();
  return letters.filter(([script, ch]) => {
    if (script === main || seen.has(ch)) return false;
    seen.add(ch);
    return true;
  });
}

/**
 * A name quoted for a message so that what cannot be seen is said: invisible characters as escapes
 * ('Nairobi\u200B') and letters of another script after it ('Nаirobi' (Cyrillic а)). "Did you mean"
 * uses it, so a suggestion never looks identical to the name typed.
 */
export function showName(name: string, max = 60): string {
  const escaped = [...name].map((ch) => (INVISIBLE.test(ch) ? `\\u${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}` : ch)).join('');
  const others = lookAlikeLetters(name);
  return `'${clip(escaped, max)}'${others.length ? ` (${others.map(([script, ch]) => `${script} ${ch}`).join(', ')})` : ''}`;
}
