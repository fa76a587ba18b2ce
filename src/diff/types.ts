// The vocabulary of a diff between two audits (two JSON reports).
import type { Verdict } from '../types.js';
import type { ReportSettings } from '../report-model/types.js';

/** How a verdict moved on the documented ordering (docs/methods.md, "Verdict order"). */
export type VerdictMove = 'better' | 'worse';

/** One input file that differs between two audits, by path. */
export interface InputChange {
  path: string;
  status: 'added' | 'removed' | 'changed';
  /** sha256 before and after; null where the file was not an input. */
  before: string | null;
  after: string | null;
}

/** What a diff compares for one claim. */
export interface ClaimSnapshot {
  verdict: string;
  /** The attribution answer; null in a report that has none (schemaVersion 1). */
  attribution: string | null;
  /** Change claims: the observed change in percent; level claims: the observed value. */
  observed: number | null;
  /** Change claims: percentage points; level claims: percent of the claimed value. */
  gap: number | null;
  claimType: 'change' | 'level' | null;
}

export type ClaimChangeField = 'verdict' | 'attribution' | 'observed' | 'gap';

export interface ClaimChange {
  id: string;
  status: 'added' | 'removed' | 'changed';
  /** Where the claim is (where it was, for a removed claim). */
  file: string;
  line: number | null;
  before: ClaimSnapshot | null;
  after: ClaimSnapshot | null;
  /** For a changed claim, which of verdict, attribution, observed and gap differ. */
  fields: ClaimChangeField[];
  /** Set when the verdict (the outcome) changed; a change to or from an unknown verdict counts as worse. */
  move: VerdictMove | null;
  /**
   * Set when the attribution answer changed, on the attribution order. Never set when either report
   * has no attribution answer (a schemaVersion 1 baseline): there is nothing to compare.
   */
  attributionMove: VerdictMove | null;
  /** The changed inputs this claim reads (its claims file and the evidence files of its rows). */
  inputs: InputChange[];
}

export interface ReportDiff {
  before: { tool: { name: string; version: string }; settings: ReportSettings };
  after: { tool: { name: string; version: string }; settings: ReportSettings };
  /** Human-readable lines for settings or tool versions that differ ("tolerance 0.5 → 1"). */
  context: string[];
  inputs: InputChange[];
  /** Ordered by file, line and id. */
  claims: ClaimChange[];
  /** Claims present in both audits with nothing compared changed. */
  unchanged: number;
}
