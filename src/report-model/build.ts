// The JSON report as data: the stable, machine-readable record of an audit, built from an AuditResult.
// report/json.ts writes it; --baseline and `claimcheck diff` read it back (read.ts).
import { cautionsOf } from '../evidence/interpret/flags.js';
import { round } from '../format.js';
import { citedRows } from '../stats/index.js';
import { ATTRIBUTION_VERDICTS, VERDICTS, type AuditResult, type ClaimResult, type EvidenceSeries, type Observation, type ObservedValue, type ReportedChangeCheck, type SelectionRecord, type Tier } from '../types.js';
import type { ChartFigurePoint, ClaimChart, ReportChart } from './chart.js';
import type { JsonReport, ReportEvidenceRow, ReportObservedValue, ReportOutcome, ReportReportedChange, ReportResult, ReportSelection, ReportSeries, ReportTier } from './types.js';
import { TOOL } from '../version.js';

/**
 * 2: the headline `verdict` is the outcome (reported values against the claim, with the tolerance),
 * and `attribution` the second answer; `exaggerated` is a verdict; tiers say whether they are
 * informative. 1: the verdict of a forecast was decided by a statistical tier.
 */
export const SCHEMA_VERSION = 2;
/** Versions `--baseline` and `claimcheck diff` read: what a diff compares (verdict, observed, gap) is the same in both. */
export const READABLE_SCHEMA_VERSIONS = [1, 2] as const;

function num(x: number): number {
  return round(x, 6);
}

function observedValue(v: ObservedValue): ReportObservedValue {
  return { period: v.period, value: num(v.value), method: v.method, measure: v.measure ?? null, rollup: v.rollup ?? null };
}

/** An aggregated value: rows counted, first and last line counted (null when no row matched). */
function aggregateJson(o: Observation) {
  const a = o.aggregate;
  return a ? { rows: a.rows, first_line: a.firstLine ?? null, last_line: a.lastLine ?? null } : null;
}

function evidenceRow(o: Observation): ReportEvidenceRow {
  return {
    file: o.file,
    line: o.line,
    aggregate: aggregateJson(o),
    region: o.region,
    metric: o.metric,
    period: o.period.label,
    value: o.value,
    unit: o.unit ?? null,
    source: o.source ?? null,
    ...(o.cell ? { cell: o.cell } : {}),
    // Only on flagged rows, so reports of unflagged evidence keep their shape.
    ...(o.flags ? { flags: o.flags, cautions: cautionsOf(o) } : {}),
  };
}

function reportedChangeJson(rc: ReportedChangeCheck): ReportReportedChange {
  const c = rc.reported;
  return {
    file: c.file,
    line: c.line,
    region: c.region,
    metric: c.metric,
    from: c.from.label,
    to: c.to.label,
    change_percent: c.changePercent,
    source: c.source ?? null,
    computed_percent: rc.computedPercent === undefined ? null : round(rc.computedPercent, 4),
    remark: rc.remark ?? null,
  };
}

function tierJson(t: Tier): ReportTier {
  return {
    tier: t.tier,
    ratio: t.ratio === undefined ? null : round(t.ratio, 6),
    ci: t.ci ? [round(t.ci[0], 6), round(t.ci[1], 6)] : null,
    p_value: t.pValue === undefined ? null : Number(t.pValue.toPrecision(6)),
    verdict: t.verdict ?? null,
    passed: t.passed,
    informative: t.informative,
    notes: t.notes,
    reason: t.reason ?? null,
    explanation: t.explanation ?? null,
    formula: t.formula ?? null,
    inputs: t.inputs ? Object.fromEntries(Object.entries(t.inputs).map(([k, v]) => [k, typeof v === 'number' ? Number(v.toPrecision(10)) : v])) : null,
  };
}

/** What a result computed, without the claim: shared by the headline and each source's result. */
function outcomeJson(r: ClaimResult): ReportOutcome {
  const o = r.observed;
  const isLevel = r.claim.claimed?.type === 'level';
  return {
    verdict: r.verdict,
    reasons: r.reasons,
    origin: r.origin ?? null,
    definitions: r.definitions ?? [],
    observed: o
      ? 'baseline' in o
        ? { baseline: observedValue(o.baseline), target: observedValue(o.target), change_percent: o.changePercent === null ? null : round(o.changePercent, 4) }
        : { baseline: null, target: observedValue(o.target), change_percent: null }
      : null,
    gap_pp: !isLevel && r.gap !== undefined ? round(r.gap, 4) : null,
    gap_percent_of_claim: isLevel && r.gap !== undefined ? round(r.gap, 4) : null,
    share_of_claim: r.share === undefined ? null : round(r.share, 6),
    tiers: (r.tiers ?? []).map(tierJson),
    attribution: r.attribution ? { verdict: r.attribution.verdict, decided_by: r.attribution.decidedBy ?? null, reasons: r.attribution.reasons } : null,
    pre_period_mean: r.preMean
      ? {
          periods: r.preMean.periods,
          n: r.preMean.n,
          value: round(r.preMean.value, 6),
          change_percent: round(r.preMean.changePercent, 4),
          baseline_interval: r.preMean.baselineInterval ? [round(r.preMean.baselineInterval[0], 6), round(r.preMean.baselineInterval[1], 6)] : null,
          departs: r.preMean.departs,
        }
      : null,
    met: r.met ? { first: r.met.first ?? null, sustained: r.met.sustained } : null,
    evidence: r.evidence.map(evidenceRow),
    reported_changes: (r.reportedChanges ?? []).map(reportedChangeJson),
  };
}

function resultJson(r: ClaimResult): ReportResult {
  const c = r.claim;
  const { verdict, reasons, ...outcome } = outcomeJson(r);
  return {
    id: c.id,
    verdict,
    reasons,
    claim: {
      id: c.id,
      claimant: c.claimant,
      claimant_type: c.claimantType ?? null,
      statement: c.statement,
      kind: c.kind,
      region: c.region ?? null,
      metric: c.metric ?? null,
      baseline: c.baseline?.label ?? null,
      target: c.target?.label ?? null,
      horizon: c.horizon ?? null,
      note: c.note ?? null,
      evidence: c.evidence ?? null,
      compare_to: c.compareTo ?? null,
      tolerance: c.tolerance ?? null,
      unit: c.unit?.text ?? null,
      conversion: c.conversion?.text ?? null,
      tags: c.tags ?? [],
      sources: c.sources.map((s) => ({ publisher: s.publisher, title: s.title, date: s.date ?? null, url: s.url ?? null })),
      file: c.location.file,
      line: c.location.line ?? null,
    },
    // An open end (">= +100%") is null, as JSON has no infinity.
    claimed: c.claimed ? { type: c.claimed.type, low: finiteOrNull(c.claimed.low), high: finiteOrNull(c.claimed.high), text: c.claimed.text } : null,
    ...outcome,
    by_source: (r.bySource ?? []).map(outcomeJson),
    ...(r.chart ? { chart: chartJson(r.chart) } : {}),
  };
}

function figurePoint(p: ChartFigurePoint): ChartFigurePoint {
  return { period: p.period, value: num(p.value), ...(p.low !== undefined && p.high !== undefined ? { low: num(p.low), high: num(p.high) } : {}) };
}

/** What the claim's chart draws (report-model/chart.ts), as the statistics computed it; an open end of a claimed range is null. */
function chartJson(c: ClaimChart): ReportChart {
  return {
    observed: c.observed.map(figurePoint),
    ...(c.intervals ? { intervals: c.intervals } : {}),
    ...(c.claimed ? { claimed: { baseline: num(c.claimed.baseline), low: finiteOrNull(c.claimed.low, num), high: finiteOrNull(c.claimed.high, num) } } : {}),
    ...(c.reading ? { reading: figurePoint(c.reading) } : {}),
    ...(c.trend ? { trend: { fitted: c.trend.fitted.map(figurePoint), projected: c.trend.projected.map(figurePoint) } } : {}),
    ...(c.comparison ? { comparison: { area: c.comparison.area, scale: Number(c.comparison.scale.toPrecision(10)), points: c.comparison.points.map(figurePoint) } } : {}),
  };
}

function seriesJson(s: EvidenceSeries): ReportSeries {
  return {
    region: s.region,
    metric: s.metric,
    origin: s.origin,
    unit: s.unit ?? null,
    definition: s.definition ?? null,
    observations: s.observations.map((o) => ({ period: o.period.label, value: o.value === null ? null : num(o.value), rows: (o.derived ? citedRows([o]) : [o]).map((c) => ({ file: c.file, line: c.line, ...(c.aggregate ? { aggregate: aggregateJson(c) } : {}) })) })),
  };
}

function selectionJson(s: SelectionRecord | undefined): ReportSelection | null {
  return s ? { select: s.select, exclude: s.exclude, claims_read: s.claimsRead } : null;
}

/** The JSON report as data: what `renderJson` writes, and what diffs compare. */
export function buildReport(audit: AuditResult): JsonReport {
  const lazy = buildReportLazily(audit);
  return { ...lazy, results: [...lazy.results], series: [...lazy.series], findings: [...lazy.findings] };
}

/** A list of the report whose items are built as they are read. */
export type Lazy<T> = Iterable<T> & { readonly length: number };

function lazyMap<A, B>(items: readonly A[], f: (a: A) => B): Lazy<B> {
  return { length: items.length, *[Symbol.iterator]() { for (const a of items) yield f(a); } };
}

export type LazyJsonReport = Omit<JsonReport, 'results' | 'series' | 'findings'> & { results: Lazy<JsonReport['results'][number]>; series: Lazy<JsonReport['series'][number]>; findings: Lazy<JsonReport['findings'][number]> };

/**
 * The same report, its lists (results, series, findings) built item by item as they are read: the
 * streamed JSON writer (report/json.ts) turns each into text as it is built, so 10,000 results never
 * live in memory twice.
 */
export function buildReportLazily(audit: AuditResult): LazyJsonReport {
  const verdicts = Object.fromEntries(VERDICTS.map((v) => [v, audit.results.filter((r) => r.verdict === v).length]));
  const attribution = Object.fromEntries(ATTRIBUTION_VERDICTS.map((v) => [v, audit.results.filter((r) => r.attribution?.verdict === v).length]));
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: TOOL.name, version: TOOL.version },
    settings: { tolerance: audit.options.tolerance, as_of: audit.options.asOf ?? null, selection: selectionJson(audit.options.selection), config: audit.options.config ?? null },
    inputs: audit.inputs,
    summary: { claims: audit.results.length, verdicts, attribution },
    results: lazyMap(audit.results, resultJson),
    series: lazyMap(audit.series, seriesJson),
    findings: lazyMap(audit.findings, (f) => ({
      severity: f.severity,
      code: f.code,
      message: f.message,
      file: f.file,
      line: f.line ?? null,
      column: f.column ?? null,
      hint: f.hint ?? null,
      claim: f.claimId ?? null,
    })),
  };
}

function finiteOrNull(x: number | null, as: (x: number) => number = (v) => v): number | null {
  return x !== null && Number.isFinite(x) ? as(x) : null;
}
