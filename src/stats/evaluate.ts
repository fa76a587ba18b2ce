// One claim and its matched series → a result: verdict, reasons, observed values and the rows used.
// Several sources: the claim is judged under each; reported changes are set beside the levels.
import { formatNumber, formatPercent } from '../format.js';
import { isProblem, resolveSpec, type ClaimMatch } from '../match/index.js';
import { changeText, compareObserved } from '../match/compare.js';
import { dayToIso, nextPeriod } from '../period.js';
import type { AuditSettings, Claim, ClaimedChange, ClaimResult, EvidenceSeries, Finding, Observation, ObservedValue, ReportedChange, ReportedChangeCheck, Tier, Verdict } from '../types.js';
import { attributionNotAsked, decideAttribution, prePeriodMean } from './attribution.js';
import { chartFigures } from './chart-figures.js';
import { comparisonSeriesFor, computeTiers } from './tiers.js';
import { levelInEvidenceUnit } from '../units.js';
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

/** The CSV rows behind observations: a derived value is cited through its parts. */
export function citedRows(observations: Observation[]): Observation[] {
  // Most rows are read, not derived: then a copy, without flatMap's arrays for every row.
  if (!observations.some((o) => o.derived)) return observations.slice();
  return observations.flatMap((o) => (o.derived ? o.derived.parts.flatMap((p) => citedRows([p])) : [o]));
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

/** A resolution problem, with the derived definition's missing parts made plain. */
function problemText(where: string, problem: string): string {
  return `${where}: ${problem}`;
}

/** The outcome of a change claim at one target, and its tiers (shown, and the attribution's inputs). */
function judgeChange(match: ClaimMatch, claim: Claim, series: EvidenceSeries, baseline: ObservedValue, target: ObservedValue, settings: AuditSettings) {
  const compared = compareObserved(baseline, target);
  const changePercent = compared.changePercent;
  if (changePercent === null) {
    // From 0: no percentage, no ratio; the direction of the absolute change decides (docs/evidence.md, "Periods of different length, zero and negative baselines").
    return { compared, changePercent, outcome: decideFromZero(compared.difference, claim.claimed as ClaimedChange), tiers: [] as Tier[] };
  }
  const outcome = decideChange(changePercent, claim.claimed as ClaimedChange, claim.kind, settings.tolerance);
  const tiers = computeTiers({
    claim,
    series,
    baseline,
    target,
    population: match.population,
    comparison: match.comparison,
    ...(match.comparisonProblem ? { comparisonProblem: match.comparisonProblem } : {}),
  });
  return { compared, changePercent, outcome, tiers };
}

/** A change from 0 claimed as a percentage: the direction of the absolute change is all that can be judged. */
function decideFromZero(difference: number, claimed: ClaimedChange): { verdict: Verdict; reasons: string[]; gap: null; share?: number } {
  const claimedDirection = claimed.low > 0 ? 1 : claimed.high < 0 ? -1 : 0;
  const observed = Math.sign(difference);
  const size = `the claimed size (${claimed.text}) cannot be checked: a percentage of 0 is undefined`;
  if (claimedDirection === 0) return { verdict: observed === 0 ? 'supported' : 'not-supported', reasons: [observed === 0 ? 'no change from 0, inside the claimed range' : `a change from 0 is not a percentage, so it cannot lie inside the claimed range ${claimed.text}`], gap: null };
  if (observed === 0) return { verdict: 'not-supported', reasons: [`no change from 0, where the claim says ${claimedDirection > 0 ? 'a rise' : 'a fall'}`], gap: null };
  if (observed === claimedDirection) return { verdict: 'partly-supported', reasons: [`the direction holds (${claimedDirection > 0 ? 'a rise' : 'a fall'} from 0), but ${size}`], gap: null };
  return { verdict: 'contradicted', reasons: [`the claim says ${claimedDirection > 0 ? 'a rise' : 'a fall'}, but the absolute change from 0 is ${difference > 0 ? '+' : ''}${formatNumber(difference)}`], gap: null };
}

/**
 * Horizon claims ("within 5y"): the first period after the baseline in which the outcome was met
 * (supported), judged on the reported values with the tolerance, as at the horizon. A reason only:
 * the verdict is the outcome at the horizon, whatever happened along the way.
 */
function metAlongTheWay(match: ClaimMatch, series: EvidenceSeries, baseline: ObservedValue, settings: AuditSettings): { first?: string; firstChange?: number } {
  const claim = match.claim;
  const start = claim.baseline!.periods[claim.baseline!.periods.length - 1]!;
  const end = claim.target!.periods[0]!;
  for (let p = nextPeriod(start); p.startDay < end.startDay; p = nextPeriod(p)) {
    const v = resolveSpec(series, { label: p.label, periods: [p] });
    if (isProblem(v)) continue;
    if (!Number.isFinite(v.value)) continue;
    const change = compareObserved(baseline, v).changePercent;
    if (change === null || !Number.isFinite(change)) continue;
    if (decideChange(change, claim.claimed as ClaimedChange, claim.kind, settings.tolerance).verdict === 'supported') return { first: p.label, firstChange: change };
  }
  return {};
}

/** Judge a claim against one series. */
function evaluateSeries(match: ClaimMatch, series: EvidenceSeries, settings: AuditSettings): ClaimResult {
  const claim = match.claim;
  const claimed = claim.claimed!;
  const target = claim.target!;
  const comparisonSeries = claim.compareTo ? comparisonSeriesFor(match.comparison, series) : undefined;
  const base = {
    claim,
    origin: series.origin,
    series,
    ...(comparisonSeries ? { comparisonSeries } : {}),
    ...(series.definition ? { definitions: [series.definition] } : {}),
    evidence: [] as Observation[],
  };
  const targetValue = resolveSpec(series, target);
  // A forecast whose target the evidence cannot reach yet is pending, not missing: its time has not come.
  // Anything the evidence can judge is judged, even when the period is not over.
  if (isProblem(targetValue) && claim.kind === 'forecast') {
    const pending = pendingReason(claim, series, settings);
    if (pending) return { ...base, verdict: 'pending', reasons: [pending, problemText('target', targetValue.problem)] };
  }
  if (claimed.type === 'level') {
    if (isProblem(targetValue)) return { ...base, verdict: 'no-evidence', reasons: [problemText('target', targetValue.problem)] };
    if (!Number.isFinite(targetValue.value)) return { ...base, verdict: 'no-evidence', reasons: [overflow('target', targetValue.period)], evidence: citedRows(targetValue.rows) };
    // A claimed unit or scale word: the claim is set in the evidence's unit first, or refused when the units differ.
    const inUnit = levelInEvidenceUnit(claimed, claim.unit, claim.conversion, series.unit);
    if ('problem' in inUnit) {
      const at = claim.unit?.location ?? claim.location;
      return { ...base, verdict: 'unverifiable', reasons: [inUnit.problem], evidence: citedRows(targetValue.rows), findings: [{ severity: 'error', code: 'claim-unit-mismatch', ...at, message: `${claim.id}: ${inUnit.problem}`, claimId: claim.id }] };
    }
    const decision = decideLevel(targetValue.value, inUnit.claimed, settings.tolerance);
    return {
      ...base,
      verdict: decision.verdict,
      reasons: [...inUnit.reasons, ...decision.reasons],
      attribution: attributionNotAsked('a level claim states a value, not a change: there is nothing to attribute'),
      observed: { target: targetValue },
      ...(decision.gap !== null && Number.isFinite(decision.gap) ? { gap: decision.gap } : {}),
      evidence: citedRows(targetValue.rows),
    };
  }
  const baselineValue = resolveSpec(series, claim.baseline!);
  if (isProblem(baselineValue) || isProblem(targetValue)) {
    return {
      ...base,
      verdict: 'no-evidence',
      reasons: [
        ...(isProblem(baselineValue) ? [problemText('baseline', baselineValue.problem)] : []),
        ...(isProblem(targetValue) ? [problemText('target', targetValue.problem)] : []),
      ],
    };
  }
  const evidence = citedRows([...baselineValue.rows, ...targetValue.rows]);
  for (const [name, v] of [['baseline', baselineValue], ['target', targetValue]] as const) {
    if (!Number.isFinite(v.value)) return { ...base, verdict: 'no-evidence', reasons: [overflow(name, v.period)], evidence };
  }
  const refused = compareObserved(baselineValue, targetValue).refused;
  if (refused) return { ...base, verdict: 'unverifiable', reasons: [refused], attribution: attributionNotAsked('the change has no percentage to attribute'), evidence };
  if (baselineValue.value !== 0 && !Number.isFinite((targetValue.value / baselineValue.value - 1) * 100)) {
    return {
      ...base,
      verdict: 'no-evidence',
      reasons: [`the change from ${formatNumber(baselineValue.value)} to ${formatNumber(targetValue.value)} is too large to compute (beyond about 1.8e308%)`],
      evidence,
    };
  }
  const { changePercent, outcome, tiers, compared } = judgeChange(match, claim, series, baselineValue, targetValue, settings);
  const reasons = [
    `${series.region} / ${series.metric}: ${formatNumber(baselineValue.value)} (${baselineValue.period}) → ${formatNumber(targetValue.value)} (${targetValue.period}) is ${changeText(compared)}`,
    ...compared.notes,
    ...outcome.reasons,
  ];
  if (outcome.verdict !== 'supported' && changePercent !== null) {
    const alt = alternativeReading(baselineValue.value, targetValue.value, claimed as ClaimedChange, settings.tolerance);
    if (alt) reasons.push(alt);
  }
  const preMean = changePercent === null ? undefined : prePeriodMean(claim, series, baselineValue, targetValue);
  const findings: Finding[] = [];
  // Warned only when it matters to the claim: the change from the mean and from the baseline differ
  // by more than the tolerance (with large counts any year departs from the mean by counting noise).
  if (preMean?.departs && changePercent !== null && Math.abs(preMean.changePercent - changePercent) > settings.tolerance) {
    const dir = baselineValue.value > preMean.value ? 'above' : 'below';
    findings.push({
      severity: 'warning',
      code: 'baseline-departs-from-mean',
      ...claim.location,
      claimId: claim.id,
      message: `${claim.id}: the baseline ${baselineValue.period} (${formatNumber(baselineValue.value)}, 95% counting interval ${formatNumber(preMean.baselineInterval![0], 1)}–${formatNumber(preMean.baselineInterval![1], 1)}) lies ${dir} the ${preMean.periods} mean of ${formatNumber(preMean.value, 1)}: a ${dir === 'above' ? 'spike' : 'dip'} before the baseline; against the mean the change is ${formatPercent(preMean.changePercent)}, not ${formatPercent(changePercent)}`,
      hint: 'a change measured from a spike or a dip is partly regression to the mean; the report shows the change from both',
    });
  }
  let met: ClaimResult['met'];
  if (claim.horizon) {
    const sustained = outcome.verdict === 'supported';
    const m = metAlongTheWay(match, series, baselineValue, settings);
    const first = m.first ?? (sustained ? claim.target!.label : undefined);
    met = { ...(first ? { first } : {}), sustained };
    if (!sustained && m.first) {
      reasons.push(`the claim was met in ${m.first} (${formatPercent(m.firstChange!)}), but not at the horizon ${claim.target!.label}, where it is judged`);
    } else if (first) reasons.push(`the claim was first met in ${first}${m.first ? ` (${formatPercent(m.firstChange!)})` : ''} and still held at the horizon`);
  }
  const attribution = decideAttribution(claim, tiers, series);
  return {
    ...base,
    verdict: outcome.verdict,
    reasons,
    observed: { baseline: baselineValue, target: targetValue, changePercent, difference: compared.difference, ...(compared.perYear ? { perYear: compared.perYear } : {}) },
    ...(outcome.gap !== null && Number.isFinite(outcome.gap) ? { gap: outcome.gap } : {}),
    ...(outcome.share !== undefined && Number.isFinite(outcome.share) ? { share: outcome.share } : {}),
    tiers,
    attribution,
    ...(preMean ? { preMean } : {}),
    ...(met ? { met } : {}),
    ...(findings.length ? { findings } : {}),
    evidence,
  };
}

/** Least favourable to the claim first: when sources disagree, the headline does not pick the kindest. */
const STRICTNESS: Verdict[] = ['contradicted', 'not-supported', 'exaggerated', 'inconclusive', 'partly-supported', 'supported'];

function isComputed(r: ClaimResult): boolean {
  return r.observed !== undefined;
}

/** Reported changes for exactly the claim's baseline and target periods. */
function changesFor(claim: Claim, changes: ReportedChange[]): ReportedChange[] {
  if (claim.claimed?.type !== 'change' || !claim.baseline || !claim.target) return [];
  return changes.filter((c) => c.from.label === claim.baseline!.label && c.to.label === claim.target!.label);
}

/** Judge a change claim on a reported percentage alone: a point verdict, no interval. */
function evaluateReportedChange(claim: Claim, change: ReportedChange, settings: AuditSettings): ClaimResult {
  const claimed = claim.claimed!;
  if (claimed.type !== 'change') throw new Error('reported changes judge change claims only');
  const decision = decideChange(change.changePercent, claimed, claim.kind, settings.tolerance);
  return {
    claim,
    origin: change.origin,
    verdict: decision.verdict,
    reasons: [
      `no levels for ${claim.region} / ${claim.metric}; judged on the change reported at ${change.file}:${change.line}: ${formatPercent(change.changePercent)} (${change.from.label} → ${change.to.label})`,
      ...decision.reasons,
      'a reported percentage carries no counts, so no interval could be computed',
    ],
    attribution: attributionNotAsked('judged on a reported percentage without counts: no interval, so no attribution'),
    ...(decision.gap !== null && Number.isFinite(decision.gap) ? { gap: decision.gap } : {}),
    ...(decision.share !== undefined && Number.isFinite(decision.share) ? { share: decision.share } : {}),
    evidence: [],
  };
}

/** Set reported changes beside the levels; a disagreement beyond the tolerance is a finding. */
function checkReportedChanges(result: ClaimResult, changes: ReportedChange[], settings: AuditSettings): ClaimResult {
  if (changes.length === 0) return result;
  const observed = result.observed && 'baseline' in result.observed ? result.observed : undefined;
  // A change from 0 has no percentage to set a reported one beside.
  const o = observed && observed.changePercent !== null ? { ...observed, changePercent: observed.changePercent } : undefined;
  const findings: Finding[] = [...(result.findings ?? [])];
  const checks: ReportedChangeCheck[] = changes.map((c) => {
    if (!o) return { reported: c };
    const remark = o && Math.abs(c.changePercent - o.changePercent) > settings.tolerance + 1e-9 ? misreport(c.changePercent, o.baseline.value, o.target.value) : undefined;
    if (Math.abs(c.changePercent - o.changePercent) > settings.tolerance + 1e-9) {
      findings.push({
        severity: 'warning',
        code: 'reported-change-disagrees',
        file: c.file,
        line: c.line,
        claimId: result.claim.id,
        message: `${c.region} / ${c.metric} ${c.from.label} → ${c.to.label}: reported ${formatPercent(c.changePercent)}, but the levels give ${formatPercent(o.changePercent)} (${formatNumber(o.baseline.value)} → ${formatNumber(o.target.value)})${remark ? `; ${remark}` : ''}`,
        hint: 'the report shows both; check which the source meant',
      });
    }
    return { reported: c, computedPercent: o.changePercent, ...(remark ? { remark } : {}) };
  });
  return { ...result, reportedChanges: checks, ...(findings.length ? { findings } : {}) };
}

/** How a misreported percentage may have been made from the levels. */
function misreport(reported: number, baseline: number, target: number): string | undefined {
  const diff = target - baseline;
  if (Math.abs(Math.abs(reported) - Math.abs(diff)) < 0.5) return `the reported figure equals the change in counts (${formatNumber(diff)}), not a percentage`;
  const ratio = (target / baseline) * 100;
  if (Math.abs(reported - ratio) <= 0.5) return `the reported figure is the target as a percentage of the baseline (${formatNumber(ratio)}%), i.e. "rose to", not "rose by"`;
  return undefined;
}

/** A result judged on a series, with what its chart draws. */
function withChart(r: ClaimResult): ClaimResult {
  const chart = chartFigures(r);
  return chart ? { ...r, chart } : r;
}

export function evaluateClaim(match: ClaimMatch, settings: AuditSettings): ClaimResult {
  const { claim } = match;
  const missing = missingParts(claim);
  if (missing.length > 0) {
    return { claim, evidence: [], verdict: 'unverifiable', reasons: [`the claim names no ${missing.join(', no ')}, so it cannot be checked`] };
  }
  const changes = changesFor(claim, match.changes);
  if (match.series.length === 0) {
    const reported = changes[0];
    if (reported) return checkReportedChanges(evaluateReportedChange(claim, reported, settings), changes.slice(1), settings);
    return { claim, evidence: [], verdict: 'no-evidence', reasons: [match.problem ?? `no evidence reports ${claim.region} / ${claim.metric} for the claim's periods`] };
  }
  const results = match.series.map((s) => withChart(checkReportedChanges(evaluateSeries(match, s, settings), changes, settings)));
  if (results.length === 1) return results[0]!;

  const computed = results.filter(isComputed);
  const pool = computed.length ? computed : results;
  const verdicts = [...new Set(pool.map((r) => r.verdict))];
  const headline =
    verdicts.length === 1
      ? pool[0]!
      : [...pool].sort((a, b) => STRICTNESS.indexOf(a.verdict) - STRICTNESS.indexOf(b.verdict))[0]!;
  const summary =
    verdicts.length === 1
      ? `${pool.length} sources report this series and give the same verdict; shown: ${headline.origin}`
      : `the sources disagree (${pool.map((r) => `${r.origin}: ${r.verdict}`).join('; ')}); the headline is the least favourable to the claim — pin one with 'evidence:'`;
  return { ...headline, reasons: [summary, ...headline.reasons], bySource: results };
}
