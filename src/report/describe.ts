// Short texts shared by every renderer, so the terminal, Markdown and JSON say the same thing.
import { formatNumber, formatPercent, formatPoints } from '../format.js';
import { describeClaimedLevel } from '../stats/index.js';
import type { Claim, ClaimResult, Source } from '../types.js';

export function claimedText(claim: Claim): string {
  const c = claim.claimed;
  if (!c) return '—';
  if (c.type === 'level') return describeClaimedLevel(c);
  return c.low === c.high ? formatPercent(c.low) : `${formatPercent(c.low)} to ${formatPercent(c.high)}`;
}

export function observedText(r: ClaimResult): string {
  const o = r.observed;
  if (!o) return '—';
  if ('baseline' in o) return `${formatPercent(o.changePercent)} (${formatNumber(o.baseline.value)} → ${formatNumber(o.target.value)})`;
  return formatNumber(o.target.value);
}

export function gapText(r: ClaimResult): string {
  if (r.gap === undefined) return '—';
  return r.claim.claimed?.type === 'level' ? `${formatPercent(r.gap)} of claim` : formatPoints(r.gap);
}

export function periodText(claim: Claim): string {
  const parts: string[] = [];
  if (claim.baseline) parts.push(claim.baseline.label);
  if (claim.target) parts.push(claim.target.label);
  const span = parts.join(' → ');
  return claim.horizon ? `${span || '—'} (${claim.horizon})` : span || '—';
}

export function sourceText(s: Source): string {
  return [s.publisher, `"${s.title}"`, s.date].filter(Boolean).join(', ');
}
