// What a claim's chart draws, as the statistics computed it (stats/chart-figures.ts): the observed
// values with their intervals, the claimed path, the trend tier's fitted and projected line with the
// band that decided, and the comparison tier's area scaled to the claim. report/chart-data.ts only
// selects and lays these out, so a chart cannot show a number its verdict did not use; the JSON
// report records the same figures under each result's `chart`.
import type { Granularity } from '../types.js';

/** A value at a period (its label), with its 95% interval where one applies. */
export interface ChartFigurePoint {
  period: string;
  value: number;
  low?: number;
  high?: number;
}

/**
 * Everything statistical a claim's chart draws. `Open` is how an open end of a claimed range is held:
 * a number (±Infinity) in the audit, null in the JSON report, which has no infinity.
 */
export interface ClaimChartFigures<Open = number> {
  /** Every period of the claim's series with a value, once (its first row), in the series' order. */
  observed: ChartFigurePoint[];
  /** What the intervals on observed values are: exact Poisson (Garwood), for counts only. */
  intervals?: 'garwood';
  /** A change claim: the claimed range at the target, from the baseline value the claim starts from. */
  claimed?: { baseline: number; low: Open; high: Open };
  /** A level claim: the value its verdict used at the target, with its interval for a count. */
  reading?: ChartFigurePoint;
  /**
   * The trend tier's log-linear fit: its fitted values over the pre-period, then its projection for
   * each period after the baseline up to the target, with the 95% prediction interval the tier used
   * (its residual SE, at least the Poisson floor for counts).
   */
  trend?: { fitted: ChartFigurePoint[]; projected: ChartFigurePoint[] };
  /** The comparison tier's area, scaled by `scale` so that it starts at the claim's baseline value. */
  comparison?: { area: string; scale: number; points: ChartFigurePoint[] };
}

/** The figures as the audit holds them. */
export type ClaimChart = ClaimChartFigures<number>;
/** The figures as the JSON report holds them: values rounded, an open end null. */
export type ReportChart = ClaimChartFigures<number | null>;

