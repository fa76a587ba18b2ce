// The vocabulary of the JSON report; its schema version is SCHEMA_VERSION in build.ts.
// What `--format json` writes and what `--baseline` and `claimcheck diff` read back.
// Described for other tools by schema/report.schema.json.
import type { InputFile, Severity, TierName, Verdict } from '../types.js';
import type { ReportChart } from './chart.js';

export interface ReportSource {
  publisher: string;
  title: string;
  date: string | null;
  url: string | null;
}

export interface ReportClaim {
  id: string;
  claimant: string;
  /** Absent in reports of versions before it was added. */
  claimant_type?: 'person' | 'organization' | null;
  statement: string;
  kind: string;
  region: string | null;
  metric: string | null;
  baseline: string | null;
  target: string | null;
  horizon: string | null;
  note: string | null;
  evidence: string | null;
  compare_to: string | null;
  /** The claim's own tolerance; null when the audit's applies. Absent in reports by versions before it. */
  tolerance?: number | null;
  unit?: string | null;
  conversion?: string | null;
  tags?: string[];
  sources: ReportSource[];
  file: string;
  line: number | null;
}

export interface ReportObservedValue {
  period: string;
  value: number;
  method: string;
  /** count, level, rate or amount; null in reports written before measures were recorded. */
  measure: string | null;
  /** reported, sum, mean, last or first. */
  rollup: string | null;
}

export interface ReportEvidenceRow {
  file: string;
  line: number;
  /** Rows counted and the first and last line counted, for a value aggregated from an incident-level file; null otherwise. */
  aggregate: { rows: number; first_line: number | null; last_line: number | null } | null;
  region: string;
  metric: string;
  period: string;
  value: number | null;
  unit: string | null;
  source: string | null;
  /** A spreadsheet's cell (`C12`); `file` is then `book.xlsx!Sheet`. Present only for spreadsheet rows. */
  cell?: string;
  /** The publisher's flags on the value (`p`, `e`, `b` …) and what they mean; absent in older reports. */
  flags?: string | null;
  cautions?: string[];
}

export interface ReportTier {
  tier: TierName;
  ratio: number | null;
  ci: [number, number] | null;
  p_value: number | null;
  verdict: string | null;
  passed: boolean;
  informative: boolean;
  notes: string[];
  reason: string | null;
  explanation: string | null;
  formula: string | null;
  inputs: Record<string, number | string> | null;
}

export interface ReportReportedChange {
  file: string;
  line: number;
  region: string;
  metric: string;
  from: string;
  to: string;
  change_percent: number;
  source: string | null;
  computed_percent: number | null;
  remark: string | null;
}

/** What a claim's judgement computed: the headline, and each source's result when several report the series. */
export interface ReportOutcome {
  /** A Verdict; a report written by another version may hold one this version does not know. */
  verdict: string;
  reasons: string[];
  origin: string | null;
  definitions: string[];
  observed: { baseline: ReportObservedValue | null; target: ReportObservedValue; change_percent: number | null } | null;
  gap_pp: number | null;
  gap_percent_of_claim: number | null;
  /** The outcome's share f of the claimed change achieved (change claims smaller than claimed). */
  share_of_claim: number | null;
  tiers: ReportTier[];
  attribution: { verdict: string; decided_by: string | null; reasons: string[] } | null;
  pre_period_mean: { periods: string; n: number; value: number; change_percent: number; baseline_interval: [number, number] | null; departs: boolean } | null;
  met: { first: string | null; sustained: boolean } | null;
  evidence: ReportEvidenceRow[];
  reported_changes: ReportReportedChange[];
}

export interface ReportResult extends ReportOutcome {
  id: string;
  claim: ReportClaim;
  claimed: { type: 'change' | 'level'; low: number | null; high: number | null; text: string } | null;
  by_source: ReportOutcome[];
  /** What the claim's chart draws, as the statistics computed it; absent without a series, and in reports by versions before it. */
  chart?: ReportChart;
}

export interface ReportSeries {
  region: string;
  metric: string;
  origin: string;
  unit: string | null;
  definition: string | null;
  observations: Array<{ period: string; value: number | null; rows: Array<{ file: string; line: number }> }>;
}

export interface ReportFinding {
  severity: Severity;
  code: string;
  message: string;
  file: string;
  line: number | null;
  column: number | null;
  hint: string | null;
  claim: string | null;
}

/** The claims a report holds, when a selection left some out (`--select` / `--exclude`). */
export interface ReportSelection {
  select: string[];
  exclude: string[];
  /** How many claims were read before the selection. */
  claims_read: number;
}

export interface ReportSettings {
  tolerance: number;
  as_of: string | null;
  /** null: every claim read is in the report. Absent in reports by versions before selections. */
  selection?: ReportSelection | null;
  /** The project config file used (claimcheck.yaml), from the project root; null: none. Absent in reports by versions before project configs. */
  config?: string | null;
}

export interface JsonReport {
  schemaVersion: number;
  tool: { name: string; version: string };
  settings: ReportSettings;
  inputs: InputFile[];
  summary: { claims: number; verdicts: Record<string, number>; attribution: Record<string, number> };
  results: ReportResult[];
  series: ReportSeries[];
  findings: ReportFinding[];
}
