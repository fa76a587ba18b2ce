// Texts the CI formats (github, junit, sarif) and the change views share: how serious each claim is
// for this run, and what explains it. A claim is an error exactly when it makes the run fail (exit 1).
import { verdictStanding } from '../report-model/index.js';
import { failureMessages } from '../policy.js';
import type { ClaimResult } from '../types.js';
import type { ClaimChange, ClaimSnapshot, ReportDiff } from '../diff/types.js';
import type { RenderOptions } from './options.js';
import { formatNumber, formatPercent, formatPoints } from '../format.js';
import { claimedText, disagreementText, gapText, observedText } from './describe.js';

export type CiLevel = 'error' | 'warning' | 'notice';

/** The change since the baseline for one claim, when a baseline was given and the claim changed. */
export function changeOf(options: RenderOptions, id: string): ClaimChange | undefined {
  return options.diff?.claims.find((c) => c.id === id && c.status !== 'removed');
}

/**
 * error: the claim fails the run (--fail-on, --fail-on-change). warning: the evidence goes against
 * the claim or backs it only in part, or one of its answers changed since the baseline. notice: the rest.
 */
export function ciLevel(r: ClaimResult, options: RenderOptions): CiLevel {
  if (failureMessages(options.outcome, r.claim.id).length > 0) return 'error';
  const change = changeOf(options, r.claim.id);
  const answerMoved = change?.fields.includes('verdict') || change?.fields.includes('attribution');
  if (verdictStanding(r.verdict) === 'against' || r.verdict === 'partly-supported' || answerMoved) return 'warning';
  return 'notice';
}

export function snapshotObserved(s: ClaimSnapshot | null): string {
  if (!s || s.observed === null) return '—';
  return s.claimType === 'level' ? formatNumber(s.observed) : formatPercent(s.observed);
}

export function snapshotGap(s: ClaimSnapshot | null): string {
  if (!s || s.gap === null) return '—';
  return s.claimType === 'level' ? `${formatPercent(s.gap)} of claim` : formatPoints(s.gap);
}

/** "verdict partly-supported → contradicted (worse); observed …; inputs changed: …" */
export function changeLines(c: ClaimChange): string[] {
  const lines: string[] = [];
  if (c.status === 'added') lines.push('new since the baseline');
  if (c.fields.includes('verdict')) lines.push(`verdict ${c.before!.verdict} → ${c.after!.verdict}${c.move ? ` (${c.move})` : ''}`);
  if (c.fields.includes('attribution')) lines.push(`attribution ${c.before!.attribution} → ${c.after!.attribution}${c.attributionMove ? ` (${c.attributionMove})` : ''}`);
  if (c.fields.includes('observed')) lines.push(`observed ${snapshotObserved(c.before)} → ${snapshotObserved(c.after)}`);
  if (c.fields.includes('gap')) lines.push(`gap ${snapshotGap(c.before)} → ${snapshotGap(c.after)}`);
  if (c.status !== 'added') {
    lines.push(c.inputs.length ? `inputs changed: ${c.inputs.map((i) => `${i.path} (${i.status})`).join(', ')}` : 'none of its inputs changed (settings or version did)');
  }
  return lines;
}

/** The full account of one claim for a CI log: verdict, numbers, reasons, why it fails, what changed. */
export function claimDetail(r: ClaimResult, options: RenderOptions): string[] {
  const split = disagreementText(r);
  const lines = [`${r.claim.id}: ${r.verdict}${split ? ` (${split}: see explain)` : ''}`, `"${r.claim.statement.replace(/\s+/g, ' ').trim()}" (${r.claim.claimant})`];
  if (r.observed) lines.push(`claimed ${claimedText(r.claim)}; observed ${observedText(r)}; gap ${gapText(r)}`);
  else if (r.claim.claimed) lines.push(`claimed ${claimedText(r.claim)}`);
  lines.push(...r.reasons);
  const a = r.attribution;
  if (a && a.verdict !== 'not-computed') lines.push(`attribution ${a.verdict}${a.decidedBy ? ` (decided by the ${a.decidedBy} tier)` : ''}: ${a.reasons[0] ?? ''}`);
  const fails = failureMessages(options.outcome, r.claim.id);
  if (fails.length) lines.push(`fails the run: ${fails.join('; ')}`);
  const change = changeOf(options, r.claim.id);
  if (change) lines.push(...changeLines(change).map((l) => `since the baseline: ${l}`));
  return lines;
}

/** "3 changed (1 verdict, 1 attribution, 1 worse), 0 added, 0 removed, 5 unchanged" */
export function diffCounts(diff: ReportDiff): string {
  const n = (s: ClaimChange['status']) => diff.claims.filter((c) => c.status === s).length;
  const verdicts = diff.claims.filter((c) => c.fields.includes('verdict'));
  const attributions = diff.claims.filter((c) => c.fields.includes('attribution'));
  const worse = diff.claims.filter((c) => c.move === 'worse' || c.attributionMove === 'worse').length;
  const attributionPart = attributions.length ? `, ${attributions.length} attribution` : '';
  return `${n('changed')} changed (${verdicts.length} verdict${verdicts.length === 1 ? '' : 's'}${attributionPart}, ${worse} worse), ${n('added')} added, ${n('removed')} removed, ${diff.unchanged} unchanged`;
}
