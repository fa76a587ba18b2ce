// Short texts shared by every renderer, so the terminal, Markdown and JSON say the same thing.
import { formatNumber, formatPercent, formatPoints } from '../format.js';
import { describeClaimedLevel } from '../stats/index.js';
import type { Claim, ClaimResult, Observation, ObservedChange, Source, Tier } from '../types.js';

export function claimedText(claim: Claim): string {
  const c = claim.claimed;
  if (!c) return '—';
  if (c.type === 'level') return describeClaimedLevel(c);
  return c.low === c.high ? formatPercent(c.low) : `${formatPercent(c.low)} to ${formatPercent(c.high)}`;
}

/** The observed change in words: a percentage (per year when the periods differ in length), or the absolute change from 0. */
export function changeWords(o: ObservedChange): string {
  if (o.changePercent === null) {
    const d = o.difference ?? o.target.value - o.baseline.value;
    return `${d > 0 ? '+' : ''}${formatNumber(d)} (absolute change from 0)`;
  }
  return `${formatPercent(o.changePercent)}${o.perYear ? ' per year' : ''}`;
}

export function observedText(r: ClaimResult): string {
  const o = r.observed;
  if (!o) return '—';
  if ('baseline' in o) return `${changeWords(o)} (${formatNumber(o.baseline.value)} → ${formatNumber(o.target.value)})`;
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

/** The verdict as people read it: "partly-supported (not sustained)" when a horizon claim was met and lost. */
export function verdictLabel(r: ClaimResult): string {
  return r.met && r.met.first && !r.met.sustained && r.verdict === 'partly-supported' ? 'partly-supported (not sustained)' : r.verdict;
}

const TIER_TITLES: Record<Tier['tier'], string> = {
  count: 'Counts',
  rate: 'Rates per 100,000',
  trend: 'Trend-adjusted',
  comparison: 'Comparison area',
};

export function tierTitle(t: Tier): string {
  return TIER_TITLES[t.tier];
}

/** "1.359 (0.631–2.937)" or "—". */
export function tierRatioText(t: Tier): string {
  if (t.ratio === undefined || !t.ci) return '—';
  return `${formatNumber(t.ratio, 3)} (${formatNumber(t.ci[0], 3)}–${formatNumber(t.ci[1], 3)})`;
}

/** Every source the report cites: the claims' sources (each once, sorted) and the evidence rows' sources. */
export function reportSources(results: ClaimResult[]): { claimSources: Source[]; evidenceSources: string[] } {
  const seen = new Set<string>();
  const claimSources: Source[] = [];
  for (const r of results) {
    for (const s of r.claim.sources) {
      const key = `${s.publisher}|${s.title}|${s.date ?? ''}|${s.url ?? ''}`;
      if (!seen.has(key)) {
        seen.add(key);
        claimSources.push(s);
      }
    }
  }
  claimSources.sort((a, b) => (sourceText(a) < sourceText(b) ? -1 : sourceText(a) > sourceText(b) ? 1 : 0));
  const evidenceSources = [...new Set(results.flatMap((r) => r.evidence.map((o) => o.source).filter((s): s is string => Boolean(s))))].sort();
  return { claimSources, evidenceSources };
}

/**
 * Where a row's value is in its file: its line, or for a value aggregated from an incident-level
 * file the first and last line counted and how many rows ("2–9,871 (1,234 rows)").
 */
export function lineText(o: Observation): string {
  const a = o.aggregate;
  if (!a) return String(o.line);
  if (a.rows === 0 || a.firstLine === undefined) return 'no matching rows';
  const rows = `${formatNumber(a.rows)} row${a.rows === 1 ? '' : 's'}`;
  return a.firstLine === a.lastLine ? `${a.firstLine} (${rows})` : `${a.firstLine}–${a.lastLine} (${rows})`;
}
