// The JSON report: the stable, machine-readable record of an audit (schemaVersion 1).
import { round } from '../format.js';
import {
  VERDICTS,
  type AuditResult,
  type ClaimResult,
  type JsonReport,
  type Observation,
  type ObservedValue,
  type ReportEvidenceRow,
  type ReportObservedValue,
  type ReportResult,
} from '../types.js';
import { TOOL } from '../version.js';

export const SCHEMA_VERSION = 1;

function num(x: number): number {
  return round(x, 6);
}

function observedValue(v: ObservedValue): ReportObservedValue {
  return { period: v.period, value: num(v.value), method: v.method };
}

function evidenceRow(o: Observation): ReportEvidenceRow {
  return {
    file: o.file,
    line: o.line,
    region: o.region,
    metric: o.metric,
    period: o.period.label,
    value: o.value,
    unit: o.unit ?? null,
    source: o.source ?? null,
  };
}

function resultJson(r: ClaimResult): ReportResult {
  const c = r.claim;
  const o = r.observed;
  const isLevel = c.claimed?.type === 'level';
  return {
    id: c.id,
    verdict: r.verdict,
    reasons: r.reasons,
    claim: {
      id: c.id,
      claimant: c.claimant,
      statement: c.statement,
      kind: c.kind,
      region: c.region ?? null,
      metric: c.metric ?? null,
      baseline: c.baseline?.label ?? null,
      target: c.target?.label ?? null,
      horizon: c.horizon ?? null,
      note: c.note ?? null,
      sources: c.sources.map((s) => ({ publisher: s.publisher, title: s.title, date: s.date ?? null, url: s.url ?? null })),
      file: c.location.file,
      line: c.location.line ?? null,
    },
    claimed: c.claimed ? { type: c.claimed.type, low: c.claimed.low, high: c.claimed.high, text: c.claimed.text } : null,
    observed: o
      ? 'baseline' in o
        ? { baseline: observedValue(o.baseline), target: observedValue(o.target), change_percent: round(o.changePercent, 4) }
        : { baseline: null, target: observedValue(o.target), change_percent: null }
      : null,
    gap_pp: !isLevel && r.gap !== undefined ? round(r.gap, 4) : null,
    gap_percent_of_claim: isLevel && r.gap !== undefined ? round(r.gap, 4) : null,
    evidence: r.evidence.map(evidenceRow),
  };
}

/** The JSON report as data: what `renderJson` writes, and what diffs compare. */
export function buildReport(audit: AuditResult): JsonReport {
  const verdicts = Object.fromEntries(VERDICTS.map((v) => [v, audit.results.filter((r) => r.verdict === v).length]));
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: TOOL.name, version: TOOL.version },
    settings: { tolerance: audit.options.tolerance, as_of: audit.options.asOf ?? null },
    inputs: audit.inputs,
    summary: { claims: audit.results.length, verdicts },
    results: audit.results.map(resultJson),
    findings: audit.findings.map((f) => ({
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

export function renderJson(audit: AuditResult): string {
  return `${JSON.stringify(buildReport(audit), null, 2)}\n`;
}
