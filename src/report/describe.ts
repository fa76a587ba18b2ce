// Short texts shared by every renderer, so the terminal, Markdown and JSON say the same thing.
import { formatNumber, formatPercent, formatPoints } from '../format.js';
import { describeFlags } from '../evidence/interpret/flags.js';
import { describeClaimedChange, describeClaimedLevel } from '../stats/index.js';
import { plural } from '../format.js';
import { selectionSummary } from '../select.js';
import type { AuditSettings, Claim, ClaimResult, Observation, ObservedChange, SelectionRecord, Source, Tier } from '../types.js';

export function claimedText(claim: Claim): string {
  const c = claim.claimed;
  if (!c) return '—';
  // A scale word is shown as written ("12 billion"), not multiplied out.
  if (c.type === 'level') return `${c.scale ? c.text : describeClaimedLevel(c)}${claim.unit ? ` ${claim.unit.text}` : ''}`;
  return describeClaimedChange(c);
}

/** Which claims a report holds, when a selection left some out: "3 of 12 claims selected (select tag:kenya; exclude kind:forecast)". */
export function selectionText(selection: SelectionRecord, selected: number): string {
  return `${selected} of ${plural(selection.claimsRead, 'claim')} selected (${selectionSummary(selection)})`;
}

/** The settings line of the Markdown and HTML reports, as plain text (each escapes it its own way). */
export function settingsText(settings: AuditSettings, selected: number): string {
  return [
    `tolerance ${formatNumber(settings.tolerance)} percentage points (level claims: ${formatNumber(settings.tolerance)}% of the claimed value)`,
    settings.asOf ? `as of ${settings.asOf}` : 'no as-of date (forecasts past the evidence are pending)',
    settings.selection ? selectionText(settings.selection, selected) : 'every claim (no selection)',
    ...(settings.config ? [`config ${settings.config}`] : []),
  ].join('; ');
}

/** The claim's own tolerance, when it has one: "2 pp (this claim's; the audit's is 0.5 pp)". */
export function claimToleranceText(claim: Claim, auditTolerance: number): string | undefined {
  if (claim.tolerance === undefined) return undefined;
  const unit = claim.claimed?.type === 'level' ? '% of the claimed value' : ' pp';
  return `${formatNumber(claim.tolerance)}${unit} (this claim's own; the audit's is ${formatNumber(auditTolerance)}${unit})`;
}

/** The tolerance that judged this claim, with its unit: "0.5 pp" or "5%". */
export function effectiveToleranceText(claim: Claim, auditTolerance: number): string {
  const t = claim.tolerance ?? auditTolerance;
  return claim.claimed?.type === 'level' ? `${formatNumber(t)}%` : `${formatNumber(t)} pp`;
}

/** Claims by tag, in tag order, for the reports' "By tag" tables: each tag with its claims' verdict counts. */
export function claimsByTag(results: ClaimResult[]): Array<{ tag: string; results: ClaimResult[] }> {
  const byTag = new Map<string, ClaimResult[]>();
  for (const r of results) for (const t of r.claim.tags ?? []) byTag.set(t, [...(byTag.get(t) ?? []), r]);
  return [...byTag.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map((tag) => ({ tag, results: byTag.get(tag)! }));
}

/** "2 sources disagree" when the sources of a series give different verdicts (the headline is the least favourable). */
export function disagreementText(r: ClaimResult): string | undefined {
  const by = r.bySource ?? [];
  if (by.length < 2 || new Set(by.map((b) => b.verdict)).size < 2) return undefined;
  return `${by.length} sources disagree`;
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

/** The headline verdict: the outcome (docs/methods.md, "Outcome"). */
export function verdictLabel(r: ClaimResult): string {
  return r.verdict;
}

/** The attribution answer for a summary column: "inconclusive (count)", "not computed", or "—" when not judged. */
export function attributionLabel(r: ClaimResult): string {
  const a = r.attribution;
  if (!a) return '—';
  if (a.verdict === 'not-computed') return 'not computed';
  return a.decidedBy ? `${a.verdict} (${a.decidedBy})` : a.verdict;
}

/** "violent crime" for `violent_crime`. */
function metricWords(metric: string | undefined): string {
  return (metric ?? 'the value').replace(/_/g, ' ');
}

function size(x: number): string {
  return `${formatNumber(Math.abs(x), 2)}%`;
}

/** What the claim said would happen, as a verb phrase: "falling 15%", "rising 28–30%", "staying within ±5%". */
function claimedPhrase(claim: Claim): string {
  const c = claim.claimed;
  if (!c || c.type !== 'change') return claimedText(claim);
  const lo = Math.min(Math.abs(c.low), Math.abs(c.high));
  const hi = Math.max(Math.abs(c.low), Math.abs(c.high));
  // A written bound (">= +100%", "<= -20%") has one open end: its size is "at least" the finite one.
  const bound = c.open === 'high' ? Math.abs(c.low) : c.open === 'low' ? Math.abs(c.high) : undefined;
  const amount = bound !== undefined ? `at least ${formatNumber(bound, 2)}%` : lo === hi ? `${formatNumber(lo, 2)}%` : `${formatNumber(lo, 2)}–${formatNumber(hi, 2)}%`;
  if (c.high < 0) return `falling ${amount}`;
  if (c.low > 0) return `rising ${amount}`;
  return `changing by ${claimedText(claim)}`;
}

/** What the claim said would happen, as a noun: "fall of 15%", "rise of 28–30%". */
function claimedNoun(claim: Claim): string {
  return claimedPhrase(claim).replace(/^falling (.*)$/, 'fall of $1').replace(/^rising (.*)$/, 'rise of $1');
}

/**
 * The outcome in a sentence: "contradicted — violent crime rose 35.92% (579 → 787) instead of falling
 * 15%". Change and level claims with observed values; otherwise the verdict and its first reason.
 */
export function outcomeSentence(r: ClaimResult): string {
  const o = r.observed;
  const what = metricWords(r.claim.metric);
  if (o && 'baseline' in o && o.changePercent === null) {
    // From 0: no percentage; the absolute change, and the verdict's own first reason.
    const d = o.difference ?? o.target.value - o.baseline.value;
    return `${r.verdict} — ${what} ${d > 0 ? 'rose' : d < 0 ? 'fell' : 'stayed'} from 0 to ${formatNumber(o.target.value)} (${o.baseline.period} → ${o.target.period}); a change from 0 is not a percentage`;
  }
  if (o && 'baseline' in o && o.changePercent !== null) {
    const moved = o.changePercent > 0 ? `rose ${size(o.changePercent)}` : o.changePercent < 0 ? `fell ${size(o.changePercent)}` : 'did not change';
    const levels = `(${formatNumber(o.baseline.value)} → ${formatNumber(o.target.value)}, ${o.baseline.period} → ${o.target.period})`;
    const claimed = claimedPhrase(r.claim);
    switch (r.verdict) {
      case 'supported':
        return `supported — ${what} ${moved} ${levels}, as claimed (a ${claimedNoun(r.claim)})`;
      case 'partly-supported':
        return r.gap !== undefined && Math.sign(r.gap) === Math.sign(o.changePercent)
          ? `partly-supported — ${what} ${moved} ${levels}, more than the claimed ${claimedNoun(r.claim)}`
          : `partly-supported — ${what} ${moved} ${levels}, less than the claimed ${claimedNoun(r.claim)}`;
      case 'exaggerated':
        return `exaggerated — ${what} ${moved} ${levels}, under half of the claimed ${claimedNoun(r.claim)}`;
      case 'not-supported':
        return `not-supported — ${what} barely changed (${formatPercent(o.changePercent)}, ${formatNumber(o.baseline.value)} → ${formatNumber(o.target.value)}) instead of ${claimed}`;
      case 'contradicted':
        return `contradicted — ${what} ${moved} ${levels} instead of ${claimed}`;
      default:
        return `${r.verdict} — ${r.reasons[0] ?? ''}`;
    }
  }
  if (o) return `${r.verdict} — ${what} was ${formatNumber(o.target.value)} in ${o.target.period}; the claim was ${claimedText(r.claim)}`;
  return `${r.verdict} — ${r.reasons[0] ?? ''}`;
}

/** A reason as the start of a sentence. */
export function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The two answers in one sentence: the outcome, then the attribution when one was computed. */
export function twoAnswers(r: ClaimResult): string {
  const a = r.attribution;
  const attribution = a && a.verdict !== 'not-computed' ? `; attribution ${a.verdict}: ${a.reasons[0] ?? ''}` : '';
  return `${outcomeSentence(r)}${attribution}`;
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

/** Whether a tier decides the attribution, or why not. */
export function decidesText(t: Tier, r: ClaimResult): string {
  if (t.tier === r.attribution?.decidedBy) return 'yes';
  if (t.reason) return 'not computed';
  if (!t.informative) return t.tier === 'trend' ? 'no (weak: too few points)' : t.tier === 'comparison' ? (t.notes.some((n) => n.startsWith('parallel trends untested')) ? 'no (parallel trends untested)' : 'no (trends not parallel)') : 'no';
  return 'no (a more credible tier decides)';
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
/** A value as reports show it, with the publisher's flags: "1,234", "1,234 [p (provisional)]", "blank". */
export function valueText(o: Observation, decimals = 6): string {
  const v = o.value === null ? 'blank' : formatNumber(o.value, decimals);
  // SDMX's OBS_STATUS A (a normal value) is not worth a mark on every row.
  return o.flags && o.flags.trim() !== 'A' ? `${v} [flag ${describeFlags(o.flags)}]` : v;
}

/** Where a row is, as an editor finds it: `file.csv:12`, or for a spreadsheet `book.xlsx!Sheet!C12`. */
export function rowCitation(o: Observation): string {
  return o.cell ? `${o.file}!${o.cell}` : `${o.file}:${lineText(o)}`;
}

export function lineText(o: Observation): string {
  if (o.cell) return o.cell;
  const a = o.aggregate;
  if (!a) return String(o.line);
  if (a.rows === 0) return 'no matching rows';
  const rows = `${formatNumber(a.rows)} row${a.rows === 1 ? '' : 's'}`;
  // Counted by DuckDB, which does not say where its rows are.
  if (a.firstLine === undefined) return `${rows}, lines not tracked`;
  return a.firstLine === a.lastLine ? `${a.firstLine} (${rows})` : `${a.firstLine}–${a.lastLine} (${rows})`;
}
