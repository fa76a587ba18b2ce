// What audit's option values mean: --fail-on's list, and the ClaimReview publisher settings, checked
// before anything is read so that a mistake costs nothing.
import type { ChangePolicy, FailPolicy } from '../../policy-types.js';
import type { ClaimReviewSettings } from '../../report/options.js';
import { ATTRIBUTION_VERDICTS, VERDICTS } from '../../types.js';
import { nearestNames } from '../../names.js';
import { UsageError } from '../exit.js';
import type { InputOptions } from '../options.js';
import type { OutputArg } from '../outputs.js';

export interface AuditCliOptions extends InputOptions {
  outputs: OutputArg[];
  failOn?: string[];
  baseline?: string;
  failOnChange?: ChangePolicy;
  publisher?: string;
  publisherType: 'organization' | 'person';
  publisherUrl?: string;
  reviewUrl?: string;
  charts?: string;
}

/** `--fail-on`: outcome verdicts, `attribution:VERDICT` for the attribution answer, and `findings` for any warning. */
export function parseFailOn(values: string[] | undefined): Omit<FailPolicy, 'change'> {
  const list = (values ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  const attributionKnown = ATTRIBUTION_VERDICTS.map((v) => `attribution:${v}`);
  const known = [...VERDICTS, ...attributionKnown, 'findings'];
  for (const v of list) {
    if (!known.includes(v)) {
      const near = nearestNames(v, known);
      throw new UsageError(
        `--fail-on: '${v}' is not a verdict, 'attribution:VERDICT' or 'findings'${near.length ? ` (did you mean '${near[0]}'?)` : ''}; verdicts are ${VERDICTS.join(', ')}; attribution verdicts are ${ATTRIBUTION_VERDICTS.join(', ')}`,
      );
    }
  }
  return {
    verdicts: [...new Set(list.filter((v) => (VERDICTS as readonly string[]).includes(v)))],
    attribution: [...new Set(list.filter((v) => v.startsWith('attribution:')).map((v) => v.slice('attribution:'.length)))],
    findings: list.includes('findings'),
  };
}

/** The publisher settings `--format claimreview` needs, all checked at once. */
export function claimReviewSettings(opts: AuditCliOptions): ClaimReviewSettings {
  const missing = [
    ...(opts.publisher ? [] : ['--publisher NAME (who publishes the review)']),
    ...(opts.reviewUrl ? [] : ['--review-url URL (where each review is published; {id} is replaced by the claim id)']),
    ...(opts.asOf ? [] : ['--as-of YYYY-MM-DD (the date the review is published)']),
  ];
  if (missing.length) throw new UsageError(`--format claimreview needs ${missing.join(', ')}`);
  for (const [flag, url] of [
    ['--review-url', opts.reviewUrl!.split('{id}').join('id')],
    ['--publisher-url', opts.publisherUrl],
  ] as const) {
    if (url === undefined) continue;
    let ok = false;
    try {
      ok = ['http:', 'https:'].includes(new URL(url).protocol);
    } catch {
      ok = false;
    }
    if (!ok) throw new UsageError(`${flag}: '${url}' is not an absolute http(s) URL, e.g. https://example.org/audit#{id}`);
  }
  return {
    publisher: opts.publisher!,
    publisherType: opts.publisherType === 'person' ? 'Person' : 'Organization',
    ...(opts.publisherUrl ? { publisherUrl: opts.publisherUrl } : {}),
    urlTemplate: opts.reviewUrl!,
  };
}
