// The values a run is told twice over — on the command line and in claimcheck.yaml — and what makes
// each valid, checked in one place: the CLI turns a problem into a usage error, the config reader
// into an error at the value's line and column.
import { nearestNames } from '../names.js';
import { MAX_YEAR, MIN_YEAR } from '../period.js';
import type { FailPolicy } from '../policy-types.js';
import { ATTRIBUTION_VERDICTS, VERDICTS } from '../types.js';

/** A tolerance in percentage points, as text (`0.5`): decimal only, ≥ 0. */
export function parseToleranceText(value: string): number | undefined {
  // Decimal only: Number() would read 0x10 as 16, 1e3 as 1000 and 0b1 as 1.
  const n = /^\s*(\d+(\.\d*)?|\.\d+)\s*$/.test(value) ? Number(value) : NaN;
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

export const TOLERANCE_EXPECTED = 'expected a number of percentage points ≥ 0, e.g. 0.5';

/** The problem with an as-of date, or undefined when it is a real date YYYY-MM-DD in the years claimcheck reads. */
export function asOfProblem(value: string): string | undefined {
  const m = value.match(/^(\d{4})-(\d{2})-(\d{2})$/);
  const d = m ? new Date(`${value}T00:00:00Z`) : undefined;
  if (!d || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== value) return 'expected a date YYYY-MM-DD, e.g. 2026-01-01';
  const year = Number(m![1]);
  if (year < MIN_YEAR || year > MAX_YEAR) return `expected a date in the years ${MIN_YEAR}–${MAX_YEAR}, e.g. 2026-01-01`;
  return undefined;
}

/** The words of a fail-on list: outcome verdicts, `attribution:VERDICT`, and `findings` for any warning. */
export const FAIL_ON_WORDS: readonly string[] = [...VERDICTS, ...ATTRIBUTION_VERDICTS.map((v) => `attribution:${v}`), 'findings'];

/** Why one fail-on word is not known, with the nearest known word. */
export function failOnProblem(word: string): string | undefined {
  if (FAIL_ON_WORDS.includes(word)) return undefined;
  const near = nearestNames(word, [...FAIL_ON_WORDS]);
  return `'${word}' is not a verdict, 'attribution:VERDICT' or 'findings'${near.length ? ` (did you mean '${near[0]}'?)` : ''}; verdicts are ${VERDICTS.join(', ')}; attribution verdicts are ${ATTRIBUTION_VERDICTS.join(', ')}`;
}

/** The policy a list of known fail-on words asks for (check each with failOnProblem first). */
export function failPolicyOf(words: readonly string[]): Omit<FailPolicy, 'change'> {
  return {
    verdicts: [...new Set(words.filter((v) => (VERDICTS as readonly string[]).includes(v)))],
    attribution: [...new Set(words.filter((v) => v.startsWith('attribution:')).map((v) => v.slice('attribution:'.length)))],
    findings: words.includes('findings'),
  };
}

/** A fail-on list as written (`contradicted,exaggerated`, repeated or comma-separated) → its words. */
export function failOnWords(values: readonly string[]): string[] {
  return values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
}

/** The problem with a URL that must be absolute http(s) (a publisher's site; a review's address, `{id}` filled in). */
export function httpUrlProblem(url: string): string | undefined {
  let ok = false;
  try {
    ok = ['http:', 'https:'].includes(new URL(url).protocol);
  } catch {
    ok = false;
  }
  return ok ? undefined : `'${url}' is not an absolute http(s) URL, e.g. https://example.org/audit#{id}`;
}

/** A review URL template is checked with its `{id}` filled in. */
export function reviewUrlProblem(template: string): string | undefined {
  return httpUrlProblem(template.split('{id}').join('id'));
}
