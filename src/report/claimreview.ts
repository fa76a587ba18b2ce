// schema.org ClaimReview JSON-LD, one per claim: the markup fact-checkers publish so that search
// engines and fact-check databases can reuse a review. The rating scale is documented in docs/methods.md ("Verdict order").
import type { AuditResult, ClaimResult, Source } from '../types.js';
import type { ClaimReviewSettings } from './options.js';

/** 1 (the evidence contradicts the claim) to 5 (it supports it); 3: the evidence cannot judge it. */
export const CLAIMREVIEW_WORST = 1;
export const CLAIMREVIEW_BEST = 5;

export const CLAIMREVIEW_RATINGS: Record<string, { value: number; name: string }> = {
  supported: { value: 5, name: 'Supported' },
  'partly-supported': { value: 4, name: 'Partly supported' },
  pending: { value: 3, name: 'Pending' },
  inconclusive: { value: 3, name: 'Inconclusive' },
  'no-evidence': { value: 3, name: 'No evidence' },
  unverifiable: { value: 3, name: 'Unverifiable' },
  exaggerated: { value: 2, name: 'Exaggerated' },
  'not-supported': { value: 2, name: 'Not supported' },
  contradicted: { value: 1, name: 'Contradicted' },
};

/** The rating of a verdict; one this version does not know sits in the middle, named in words. */
export function claimReviewRating(verdict: string): { value: number; name: string } {
  const known = CLAIMREVIEW_RATINGS[verdict];
  if (known) return known;
  const words = verdict.replace(/-/g, ' ');
  return { value: 3, name: words.charAt(0).toUpperCase() + words.slice(1) };
}

const ISO_DATE = /^\d{4}(?:-\d{2}(?:-\d{2})?)?$/;

/** The date the claim was first reported: the earliest dated source. */
function firstReported(sources: Source[]): string | undefined {
  return sources
    .map((s) => s.date)
    .filter((d): d is string => d !== undefined && ISO_DATE.test(d))
    .sort()[0];
}

export function reviewUrl(template: string, id: string): string {
  return template.includes('{id}') ? template.split('{id}').join(encodeURIComponent(id)) : `${template}#${encodeURIComponent(id)}`;
}

function review(r: ClaimResult, settings: ClaimReviewSettings, datePublished: string | undefined) {
  const c = r.claim;
  const rating = claimReviewRating(r.verdict);
  const claimDate = firstReported(c.sources);
  return {
    '@context': 'https://schema.org',
    '@type': 'ClaimReview',
    url: reviewUrl(settings.urlTemplate, c.id),
    claimReviewed: c.statement.replace(/\s+/g, ' ').trim(),
    itemReviewed: {
      '@type': 'Claim',
      // Claims files do not say whether a claimant is a person; most claimants audited are organisations.
      author: { '@type': 'Organization', name: c.claimant },
      ...(claimDate ? { datePublished: claimDate } : {}),
      appearance: c.sources.map((s) => ({
        '@type': 'CreativeWork',
        ...(s.url ? { url: s.url } : {}),
        headline: s.title,
        publisher: { '@type': 'Organization', name: s.publisher },
        ...(s.date ? { datePublished: s.date } : {}),
      })),
    },
    author: { '@type': settings.publisherType, name: settings.publisher, ...(settings.publisherUrl ? { url: settings.publisherUrl } : {}) },
    ...(datePublished ? { datePublished } : {}),
    reviewRating: {
      '@type': 'Rating',
      ratingValue: rating.value,
      bestRating: CLAIMREVIEW_BEST,
      worstRating: CLAIMREVIEW_WORST,
      alternateName: rating.name,
      ratingExplanation: r.reasons.join(' '),
    },
    identifier: c.id,
  };
}

/**
 * What the reviews will lack that Google's fact-check markup asks for, one line per claim: a Claim
 * is dated by its earliest dated source, and its appearances are its sources' URLs.
 */
export function claimReviewGaps(audit: AuditResult): string[] {
  const out: string[] = [];
  for (const r of audit.results) {
    const missing = [
      ...(firstReported(r.claim.sources) ? [] : ['no source has a date (YYYY-MM-DD), so the Claim has no datePublished']),
      ...(r.claim.sources.some((s) => s.url) ? [] : ['no source has a url, so no appearance has one']),
    ];
    if (missing.length) out.push(`${r.claim.id} (${r.claim.location.file}:${r.claim.location.line ?? 1}): ${missing.join('; ')}`);
  }
  return out;
}

/** A JSON array of ClaimReview objects, each complete on its own (each has its @context). */
export function renderClaimReview(audit: AuditResult, settings: ClaimReviewSettings): string {
  return `${JSON.stringify(audit.results.map((r) => review(r, settings, audit.options.asOf)), null, 2)}\n`;
}
