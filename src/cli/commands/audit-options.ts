// What audit's option values mean: --fail-on's list, and the ClaimReview publisher settings, checked
// before anything is read so that a mistake costs nothing. The checks themselves are the library's
// (config/values.ts), shared with claimcheck.yaml.
import type { ChangePolicy, FailPolicy } from '../../policy-types.js';
import type { ClaimReviewSettings } from '../../report/options.js';
import { failOnProblem, failOnWords, failPolicyOf, httpUrlProblem, reviewUrlProblem } from '../../config/values.js';
import type { ResolvedRun } from '../../config/load.js';
import type { PublisherSettings } from '../../config/read.js';
import { UsageError } from '../exit.js';
import type { InputOptions } from '../options.js';
import type { OutputArg } from '../outputs.js';

export interface AuditCliOptions extends InputOptions {
  outputs: OutputArg[];
  failOn?: string[];
  baseline?: string;
  failOnChange?: ChangePolicy;
  publisher?: string;
  publisherType?: 'organization' | 'person';
  publisherUrl?: string;
  reviewUrl?: string;
  charts?: string;
}

/** `--fail-on`: outcome verdicts, `attribution:VERDICT` for the attribution answer, and `findings` for any warning. */
export function checkFailOn(values: string[]): string[] {
  const words = failOnWords(values);
  for (const w of words) {
    const problem = failOnProblem(w);
    if (problem) throw new UsageError(`--fail-on: ${problem}`);
  }
  return words;
}

export function failPolicy(words: string[] | undefined): Omit<FailPolicy, 'change'> {
  return failPolicyOf(words ?? []);
}

/** The publisher settings typed on the command line. */
export function publisherSaid(opts: AuditCliOptions): PublisherSettings | undefined {
  const p: PublisherSettings = {
    ...(opts.publisher ? { name: opts.publisher } : {}),
    ...(opts.publisherType ? { type: opts.publisherType } : {}),
    ...(opts.publisherUrl ? { url: opts.publisherUrl } : {}),
    ...(opts.reviewUrl ? { reviewUrl: opts.reviewUrl } : {}),
  };
  return Object.keys(p).length ? p : undefined;
}

/** The publisher settings `--format claimreview` needs, all checked at once (from the command line or the config). */
export function claimReviewSettings(run: ResolvedRun): ClaimReviewSettings {
  const p = run.publisher ?? {};
  const inConfig = (key: string) => (run.configFile ? ` or ${key} in the config` : '');
  const missing = [
    ...(p.name ? [] : [`--publisher NAME${inConfig('publisher: name:')} (who publishes the review)`]),
    ...(p.reviewUrl ? [] : [`--review-url URL${inConfig('publisher: review_url:')} (where each review is published; {id} is replaced by the claim id)`]),
    ...(run.asOf ? [] : [`--as-of YYYY-MM-DD${inConfig('as_of:')} (the date the review is published)`]),
  ];
  if (missing.length) throw new UsageError(`--format claimreview needs ${missing.join(', ')}`);
  // What came from the config was checked as it was read; this checks what the command line said too.
  for (const [flag, problem] of [
    ['--review-url', reviewUrlProblem(p.reviewUrl!)],
    ['--publisher-url', p.url === undefined ? undefined : httpUrlProblem(p.url)],
  ] as const) {
    if (problem) throw new UsageError(`${flag}: ${problem}`);
  }
  return {
    publisher: p.name!,
    publisherType: p.type === 'person' ? 'Person' : 'Organization',
    ...(p.url ? { publisherUrl: p.url } : {}),
    urlTemplate: p.reviewUrl!,
  };
}
