// The domain vocabulary of claimcheck: claims, evidence, results. Every stage speaks in these types;
// the report, diff, policy and rendering vocabularies live with their modules (report-model/types.ts,
// diff/types.ts, policy-types.ts, report/options.ts).
import type { ClaimChart } from './report-model/chart.js';

/** A place in a user's file. Lines and columns are 1-based, as editors show them. */
export interface Location {
  file: string;
  line?: number;
  column?: number;
}

export type Severity = 'error' | 'warning' | 'info';

/**
 * A problem found in the user's content. Errors make the input invalid (exit 2);
 * warnings and notes travel with the report.
 */
export interface Finding extends Location {
  severity: Severity;
  code: string;
  message: string;
  hint?: string;
  /** The claim a finding is about, when it is about one. */
  claimId?: string;
  /** How many more findings of this kind in this file were counted after this one but not kept (format.ts, MAX_FINDINGS_PER_KIND). */
  omitted?: number;
}

// ---------------------------------------------------------------- periods

export type Granularity = 'year' | 'fiscal-year' | 'quarter' | 'month' | 'week' | 'day';

/** A calendar period: one year, quarter, month, ISO week or day; or a publisher's fiscal year. */
export interface Period {
  granularity: Granularity;
  /** Canonical label: `2018`, `2018-Q3`, `2018-07`, `2018-W05`, `2018-07-14`, `FY2018`. */
  label: string;
  /** Fiscal years: the month (1–12) the year starts in; absent on a claim's `FY2018`, which matches by label. */
  fiscalStart?: number;
  /** First and last day, as days since 1970-01-01 (UTC). */
  startDay: number;
  endDay: number;
}

/** What a claim names as a period: a single period, or a span whose values are averaged. */
export interface PeriodSpec {
  /** As the user wrote it, canonicalised: `2015` or `2013..2015`. */
  label: string;
  periods: Period[];
}

// ---------------------------------------------------------------- measures

/**
 * What a number is (docs/evidence.md, "Measures"): `count` of events (additive over time and space; Poisson
 * applies), `level` (a stock or reading: not additive over time), `rate` (per capita, percent, share)
 * or `amount` (money and other sums that add over time but are not event counts: no Poisson).
 */
export type Measure = 'count' | 'level' | 'rate' | 'amount';
export const MEASURES: readonly Measure[] = ['count', 'level', 'rate', 'amount'];

/** How sub-period values make a longer period: counts and amounts sum; levels and rates take the mean, or the last or first reading. */
export type Rollup = 'sum' | 'mean' | 'last' | 'first';
export const ROLLUPS: readonly Rollup[] = ['sum', 'mean', 'last', 'first'];

/** A series' measure, its roll-up, and how both were known (declared where, or read from the unit). */
export interface MeasureInfo {
  measure: Measure;
  rollup: Rollup;
  /** The roll-up was declared (not the measure's default). */
  rollupDeclared?: boolean;
  /** How the measure was known, for the method line: "declared at x.yaml:4", "unit 'cases'", "aggregate: count". */
  basis: string;
  /** Declared `coverage: partial`: a roll-up over the sub-periods present, said in the method line. */
  partial?: { at: string };
}

// ---------------------------------------------------------------- claims

export type ClaimKind = 'forecast' | 'result';

export interface Source {
  publisher: string;
  title: string;
  date?: string;
  url?: string;
}

/**
 * A claimed relative change, in percent, signed: "cut 28–30%" is {low: -30, high: -28}. A half-open
 * claim has one end open: ">= +100%" ("more than doubled") is {low: 100, high: Infinity, open: 'high'};
 * "<= -20%" is {low: -100, high: -20, open: 'low'} (no change falls below −100%).
 */
export interface ClaimedChange {
  type: 'change';
  low: number;
  high: number;
  /** The end left open by a written bound (`>=`: high, `<=`: low); absent for a figure or a range. */
  open?: 'low' | 'high';
  /** As written in the claims file. */
  text: string;
}

/** A claimed level: a value, a range, or a one-sided bound (null = unbounded). */
export interface ClaimedLevel {
  type: 'level';
  low: number | null;
  high: number | null;
  text: string;
  /** A scale word written with the number (`12 billion`, `3.5bn`): low and high are already multiplied by it. */
  scale?: { word: string; factor: number };
}

/** `unit: USD million`: what the claimed level counts, checked against the evidence's unit. */
export interface ClaimedUnit {
  /** As written. */
  text: string;
  /** The unit without its scale word (`USD`), or '' when the unit is only a scale (`million`). */
  base: string;
  /** The scale word's factor (1e6 for million); 1 when there is none. */
  factor: number;
  location: Location;
}

/** `conversion: 1 USD = 280.5 PKR`: a declared rate, so a claim in one currency can be set against evidence in another. */
export interface UnitConversion {
  from: string;
  to: string;
  /** How many `to` one `from` is worth. */
  rate: number;
  text: string;
  location: Location;
}

export type Claimed = ClaimedChange | ClaimedLevel;

export interface Claim {
  id: string;
  claimant: string;
  /** Whether the claimant is a person or an organisation (`claimant_type`), when the claims file says. */
  claimantType?: 'person' | 'organization';
  statement: string;
  kind: ClaimKind;
  region?: string;
  metric?: string;
  claimed?: Claimed;
  baseline?: PeriodSpec;
  target?: PeriodSpec;
  /** `within: 5y`: how the target was derived from the baseline, for the report. */
  horizon?: string;
  sources: Source[];
  /** The auditor's reading of an ambiguous claim, shown in the report. */
  note?: string;
  /** Pin one evidence source (publisher, title or file) when several report the same series. */
  evidence?: string;
  /** A comparison area for the statistics (e.g. `Pakistan excluding Islamabad`). */
  compareTo?: string;
  /** This claim's tolerance (pp for a change, % of the claimed value for a level), instead of --tolerance. */
  tolerance?: number;
  /** Level claims: the unit of the claimed value, checked against the evidence's unit. */
  unit?: ClaimedUnit;
  /** A declared rate between the claim's unit and the evidence's. */
  conversion?: UnitConversion;
  /** Labels for grouping and selecting claims (claimant type, programme, country …), as written. */
  tags?: string[];
  /** The sentence the claim was drafted from, exactly as the text has it (`claimcheck draft`). */
  quote?: string;
  /** Where the quote is: `file:line:column`, or for a PDF `file#page=N:line:column`. */
  foundAt?: string;
  location: Location;
}

// ---------------------------------------------------------------- evidence

export interface Observation {
  region: string;
  metric: string;
  period: Period;
  /** null: the publisher left the value blank (missing). */
  value: number | null;
  unit?: string;
  source?: string;
  note?: string;
  /** The publisher's flags on this value, as written (SDMX OBS_FLAG / OBS_STATUS: `p`, `e`, `b`, `c` …). */
  flags?: string;
  /** A spreadsheet: `file` is `book.xlsx!Sheet`, `line` the sheet's row, and this the value's cell (`C12`). */
  cell?: string;
  file: string;
  line: number;
  /** Which source the row belongs to: the file's declared publisher and title, or the file. */
  origin: string;
  /** For a derived value (a sum of metrics, or a region group): how, and from which rows. */
  derived?: { definition: string; parts: Observation[] };
  /**
   * For a value aggregated from an incident-level file: how many rows were counted (or summed), the
   * first and last line among them (`line` is the first; absent when no row matched, then `line` is
   * the header's), and the definition (the file, the filters, the period).
   */
  aggregate?: AggregatedRows;
  /** What the number is and how it rolls up over time; shared by the rows it was decided for. */
  measure?: MeasureInfo;
}

export interface AggregatedRows {
  rows: number;
  firstLine?: number;
  lastLine?: number;
  definition: string;
}

/** A change reported as a percentage ("crime rose 33% from 2017 to 2018"), without levels. */
export interface ReportedChange {
  region: string;
  metric: string;
  from: Period;
  to: Period;
  changePercent: number;
  source?: string;
  note?: string;
  file: string;
  line: number;
  origin: string;
}

/** All observations of one region and metric from one source, in period order. */
export interface EvidenceSeries {
  /** Canonical key `region|metric|origin` (names trimmed, lower-case, aliases resolved). */
  key: string;
  region: string;
  metric: string;
  origin: string;
  unit?: string;
  /** What the numbers are and how they roll up (docs/evidence.md, "Measures"); absent only on series built by hand, read as the unit vocabulary says. */
  measure?: MeasureInfo;
  /** Observations of one series that declare different measures: no value of the series is judged. */
  measureConflict?: string;
  /** For derived metrics and region groups: the definition, shown wherever the series is used. */
  definition?: string;
  observations: Observation[];
}

export interface EvidenceSet {
  series: EvidenceSeries[];
  changes: ReportedChange[];
  /** Last day covered by any observation; undefined when there is no evidence. */
  lastDay?: number;
}

// ---------------------------------------------------------------- results

export const VERDICTS = [
  'supported',
  'partly-supported',
  'exaggerated',
  'contradicted',
  'not-supported',
  'inconclusive',
  'unverifiable',
  'no-evidence',
  'pending',
] as const;
export type Verdict = (typeof VERDICTS)[number];

/** The rows a value was built from, and how. */
export interface ObservedValue {
  period: string;
  value: number;
  /** One sentence on how the value was obtained (summed months, mean over a span …). */
  method: string;
  rows: Observation[];
  /** The measure of the value (docs/evidence.md, "Measures"). */
  measure?: Measure;
  /** How it was rolled up over time: `reported` (read as is), `sum`, `mean`, `last`, `first`. */
  rollup?: Rollup | 'reported';
  /** Nominal length, in years, of the period the value stands for (a span's mean: one of its periods), to compare periods of different length. */
  years?: number;
}

export interface ObservedChange {
  baseline: ObservedValue;
  target: ObservedValue;
  /** (target / baseline − 1) · 100, per year when counts or amounts of periods of different length are compared; null from a baseline of 0. */
  changePercent: number | null;
  /** target − baseline (per year when the periods differ in length): the change judged when the baseline is 0. */
  difference?: number;
  /** Counts and amounts over periods of different length: both per year, with their exposures in years. */
  perYear?: { baseline: number; target: number; baselineYears: number; targetYears: number };
}

export interface ObservedLevel {
  target: ObservedValue;
}

/** A reported change (a percentage from a secondary source) set beside a claim. */
export interface ReportedChangeCheck {
  reported: ReportedChange;
  /** The change computed from levels for the same periods, when levels exist. */
  computedPercent?: number;
  /** How the reported figure relates to the levels, when it disagrees with them. */
  remark?: string;
}

export const TIER_NAMES = ['count', 'rate', 'trend', 'comparison'] as const;
export type TierName = (typeof TIER_NAMES)[number];

/**
 * One way of judging a change claim (docs/methods.md): the ratio that decides, its 95% interval and the
 * verdict that interval gives; or, when it cannot be computed, why not.
 */
export interface Tier {
  tier: TierName;
  /** observed/baseline (count, rate), observed/projected (trend), ratio of ratios (comparison). */
  ratio?: number;
  ci?: [number, number];
  pValue?: number;
  verdict?: Verdict;
  /** Whether the tier's own checks pass (parallel trends for the comparison area; true for the others once computed). */
  passed: boolean;
  /**
   * Whether its data allow it to decide the attribution: a trend needs ≥ 5 pre-period points, a
   * comparison a parallel-trends check on ≥ 5 points that passes; counts and rates once computed.
   */
  informative: boolean;
  /** One-line notes: checks, flags ("weak": 3–4 points), dispersion, interpolation. */
  notes: string[];
  /** Why the tier could not be computed (then ratio and ci are absent). */
  reason?: string;
  /** The tier in a sentence a journalist can read. */
  explanation?: string;
  /** The formula, and its inputs by name, for `explain`. */
  formula?: string;
  inputs?: Record<string, number | string>;
  /** What a chart draws of this tier, as computed here: the trend's fitted and projected line, the comparison area scaled. */
  chart?: Pick<ClaimChart, 'trend' | 'comparison'>;
}

/** The verdicts of the attribution answer (docs/methods.md, "Attribution"); `not-computed` says why in its reasons. */
export const ATTRIBUTION_VERDICTS = ['supported', 'partly-supported', 'inconclusive', 'not-supported', 'contradicted', 'not-computed'] as const;
export type AttributionVerdict = (typeof ATTRIBUTION_VERDICTS)[number];

/**
 * The second answer for a claim: can the change be told apart from chance, the prior trend and a
 * comparison area? Decided by the most credible informative tier.
 */
export interface Attribution {
  verdict: AttributionVerdict;
  /** The tier whose interval decided; absent when none could (then the reasons say why). */
  decidedBy?: TierName;
  /** One-line reasons: what decided and why, or why nothing could. */
  reasons: string[];
}

/**
 * The mean of the pre-period (≥ 3 periods up to the baseline), shown beside the single baseline
 * period: programmes often start right after a spike, and a fall from a spike is partly regression
 * to the mean.
 */
export interface PrePeriodMean {
  /** `2012–2015`. */
  periods: string;
  n: number;
  value: number;
  /** The target against this mean, in percent. */
  changePercent: number;
  /** Counts: the baseline period's own 95% interval (Garwood). */
  baselineInterval?: [number, number];
  /** The baseline lies outside its own interval's reach of the mean: a spike or dip before the baseline. */
  departs: boolean;
}

export interface ClaimResult {
  claim: Claim;
  /** Statistical tiers (change claims on counts); the attribution names the one that decided. */
  tiers?: Tier[];
  /** The second answer: can the change be attributed (beyond chance, prior trend, comparison area)? */
  attribution?: Attribution;
  /** The pre-period mean beside the single baseline period. */
  preMean?: PrePeriodMean;
  /** Change claims smaller than claimed: the share f of the claimed change achieved on the log scale. */
  share?: number;
  /** Horizon claims ("within 5y"): the first period the claim was met, and whether it held at the horizon. */
  met?: { first?: string; sustained: boolean };
  /** The source whose series this result used (see EvidenceSeries.origin). */
  origin?: string;
  /** The series this result was judged on (one of AuditResult.series); charts draw it. */
  series?: EvidenceSeries;
  /** The comparison area's series the comparison tier used (`compare_to`); charts draw it beside the claim's. */
  comparisonSeries?: EvidenceSeries;
  /** Definitions of derived metrics and region groups used, shown wherever they are used. */
  definitions?: string[];
  /** When several sources report the series: the result under each, in source order. */
  bySource?: ClaimResult[];
  /** Reported changes for the claim's periods, beside (or instead of) levels. */
  reportedChanges?: ReportedChangeCheck[];
  /** Findings raised while judging this claim (e.g. a reported change that disagrees with levels). */
  findings?: Finding[];
  verdict: Verdict;
  /** One-line reasons, in the order they were reached. */
  reasons: string[];
  /** Present when the evidence allowed the computation. */
  observed?: ObservedChange | ObservedLevel;
  /**
   * Change claims: observed change minus the nearest end of the claimed range, in percentage points.
   * Level claims: the same gap as a percentage of the claimed value.
   */
  gap?: number;
  /** Every evidence row the computation used. */
  evidence: Observation[];
  /** What the claim's chart draws, as the statistics computed it (results judged on a series). */
  chart?: ClaimChart;
}

export interface InputFile {
  path: string;
  sha256: string;
}

export interface AuditResult {
  inputs: InputFile[];
  results: ClaimResult[];
  /** The evidence series the claims were judged on, in key order. */
  series: EvidenceSeries[];
  findings: Finding[];
  options: AuditSettings;
}

/** The selection a run used, as reports record it (settings). */
export interface SelectionRecord {
  /** The selectors, each trimmed, sorted and said once: the same selection always reads the same. */
  select: string[];
  exclude: string[];
  /** How many claims were read, before the selection (the reports' results are the selected ones). */
  claimsRead: number;
}

/** The settings of a run, recorded in every report: those that change a verdict, and which claims were judged. */
export interface AuditSettings {
  /** Percentage points for change claims; percent of the claimed value for level claims. */
  tolerance: number;
  /** ISO date; undefined means no clock: "pending" is judged against the evidence alone. */
  asOf?: string;
  /** The claims judged, when not all (`--select` / `--exclude`). It changes no verdict, only which are given. */
  selection?: SelectionRecord;
  /** The project config file the settings came from (claimcheck.yaml), as shown from the project root. */
  config?: string;
}
