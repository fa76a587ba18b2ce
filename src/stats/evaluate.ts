// One claim and its matched series → a result: verdict, reasons, observed values and the rows used.
import { formatNumber, formatPercent } from '../format.js';
import { isProblem, resolveSpec, type ClaimMatch } from '../match/index.js';
import { dayToIso } from '../period.js';
import type { AuditSettings, Claim, ClaimResult, EvidenceSeries, Observation } from '../types.js';
import { alternativeReading, decideChange, decideLevel } from './verdict.js';

/** The parts a claim must name to be checked at all. */
export function missingParts(claim: Claim): string[] {
  const missing: string[] = [];
  if (!claim.region) missing.push('region');
  if (!claim.metric) missing.push('metric');
  if (!claim.claimed) missing.push('claimed number (change or value)');
  if (claim.claimed?.type === 'change' && !claim.baseline) missing.push(claim.horizon ? `baseline (needed to place "${claim.horizon}")` : 'baseline period');
  if (!claim.target) missing.push('target period');
  return missing;
}

function lastReportedDay(series: EvidenceSeries): number | undefined {
  let last: number | undefined;
  for (const o of series.observations) if (o.value !== null) last = Math.max(last ?? o.period.endDay, o.period.endDay);
  return last;
}

function isoToDay(iso: string): number {
  return Math.round(Date.parse(`${iso}T00:00:00Z`) / 86_400_000);
}

/** Why a forecast is pending: its target ends after the last evidence and after --as-of. */
function pendingReason(claim: Claim, series: EvidenceSeries, settings: AuditSettings): string | undefined {
  const target = claim.target!;
  const targetEnd = target.periods[target.periods.length - 1]!.endDay;
  const last = lastReportedDay(series);
  const asOf = settings.asOf ? isoToDay(settings.asOf) : undefined;
  if ((last !== undefined && targetEnd <= last) || (asOf !== undefined && targetEnd <= asOf)) return undefined;
  const lastText = last === undefined ? 'the series has no values' : `the evidence ends ${dayToIso(last)}`;
  const clock = asOf === undefined ? 'no --as-of date was given' : `--as-of is ${settings.asOf}`;
  return `the target ${target.label}${claim.horizon ? ` (${claim.horizon})` : ''} is not reached yet: ${lastText} and ${clock}`;
}

/** A sum or mean past the largest double: the numbers are real, but no verdict can be computed from them. */
function overflow(which: string, period: string): string {
  return `${which}: the value for ${period} is too large to compute with (a sum or mean beyond about 1.8e308)`;
}

export function evaluateClaim(match: ClaimMatch, settings: AuditSettings): ClaimResult {
  const { claim } = match;
  const base = { claim, evidence: [] as Observation[] };
  const missing = missingParts(claim);
  if (missing.length > 0) {
    return { ...base, verdict: 'unverifiable', reasons: [`the claim names no ${missing.join(', no ')}, so it cannot be checked`] };
  }
  const claimed = claim.claimed!;
  const target = claim.target!;
  if (!match.series) return { ...base, verdict: 'no-evidence', reasons: [match.problem ?? 'no matching evidence'] };
  const series = match.series;

  const targetValue = resolveSpec(series, target);
  // A forecast whose target the evidence cannot reach yet is pending, not missing: its time has not come.
  // Anything the evidence can judge is judged, even when the period is not over.
  if (isProblem(targetValue) && claim.kind === 'forecast') {
    const pending = pendingReason(claim, series, settings);
    if (pending) return { ...base, verdict: 'pending', reasons: [pending, `target: ${targetValue.problem}`] };
  }
  if (claimed.type === 'level') {
    if (isProblem(targetValue)) return { ...base, verdict: 'no-evidence', reasons: [`target: ${targetValue.problem}`] };
    if (!Number.isFinite(targetValue.value)) return { ...base, verdict: 'no-evidence', reasons: [overflow('target', targetValue.period)], evidence: targetValue.rows };
    const decision = decideLevel(targetValue.value, claimed, settings.tolerance);
    return {
      ...base,
      verdict: decision.verdict,
      reasons: decision.reasons,
      observed: { target: targetValue },
      ...(decision.gap !== null && Number.isFinite(decision.gap) ? { gap: decision.gap } : {}),
      evidence: targetValue.rows,
    };
  }

  const baselineValue = resolveSpec(series, claim.baseline!);
  const problems = [
    ...(isProblem(baselineValue) ? [`baseline: ${baselineValue.problem}`] : []),
    ...(isProblem(targetValue) ? [`target: ${targetValue.problem}`] : []),
  ];
  if (isProblem(baselineValue) || isProblem(targetValue)) return { ...base, verdict: 'no-evidence', reasons: problems };
  const evidence = [...baselineValue.rows, ...targetValue.rows];
  for (const [name, v] of [['baseline', baselineValue], ['target', targetValue]] as const) {
    if (!Number.isFinite(v.value)) return { ...base, verdict: 'no-evidence', reasons: [overflow(name, v.period)], evidence };
  }
  if (baselineValue.value === 0) {
    return { ...base, verdict: 'no-evidence', reasons: [`the baseline ${baselineValue.period} is 0, so a relative change is undefined`], evidence };
  }
  const changePercent = (targetValue.value / baselineValue.value - 1) * 100;
  if (!Number.isFinite(changePercent)) {
    return {
      ...base,
      verdict: 'no-evidence',
      reasons: [`the change from ${formatNumber(baselineValue.value)} to ${formatNumber(targetValue.value)} is too large to compute (beyond about 1.8e308%)`],
      evidence,
    };
  }
  const decision = decideChange(changePercent, claimed, claim.kind, settings.tolerance);
  const reasons = [
    `${series.region} / ${series.metric}: ${formatNumber(baselineValue.value)} (${baselineValue.period}) → ${formatNumber(targetValue.value)} (${targetValue.period}) is ${formatPercent(changePercent)}`,
    ...decision.reasons,
  ];
  if (decision.verdict !== 'supported') {
    const alt = alternativeReading(baselineValue.value, targetValue.value, claimed, settings.tolerance);
    if (alt) reasons.push(alt);
  }
  return {
    ...base,
    verdict: decision.verdict,
    reasons,
    observed: { baseline: baselineValue, target: targetValue, changePercent },
    ...(decision.gap !== null && Number.isFinite(decision.gap) ? { gap: decision.gap } : {}),
    evidence,
  };
}
