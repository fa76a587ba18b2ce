// The observed change between a baseline and a target value, like compared with like (README,
// "Measures"): counts and amounts over periods of different length are compared per year; a change
// from 0 is an absolute change, not a percentage; a percentage of a negative baseline is refused.
import { formatNumber, formatPercent } from '../format.js';
import type { ObservedValue } from '../types.js';

export interface ObservedComparison {
  /** (target / baseline − 1) · 100, per unit of time when the periods differ in length; null when undefined (baseline 0). */
  changePercent: number | null;
  /** target − baseline (per year when the periods differ in length). */
  difference: number;
  /** Counts and amounts over periods of different length: both as a yearly rate, the exposures in years. */
  perYear?: { baseline: number; target: number; baselineYears: number; targetYears: number };
  /** Sentences for the reasons and the method line: the exposures, a change from 0. */
  notes: string[];
  /** Why no change can be judged at all (a negative baseline). */
  refused?: string;
}

function lengthText(years: number): string {
  if (Math.abs(years - 1) < 1e-9) return '1 year';
  if (Math.abs(years - 0.25) < 1e-9) return 'a quarter (0.25 years)';
  if (Math.abs(years - 1 / 12) < 1e-9) return 'a month (1/12 year)';
  if (Math.abs(years - 7 / 365.25) < 1e-9) return 'a week (7/365.25 years)';
  if (Math.abs(years - 1 / 365.25) < 1e-9) return 'a day (1/365.25 years)';
  return `${formatNumber(years, 4)} years`;
}

/** The change from baseline to target, with every reading it took written out. */
export function compareObserved(baseline: ObservedValue, target: ObservedValue): ObservedComparison {
  const notes: string[] = [];
  if (baseline.value < 0) {
    return {
      changePercent: null,
      difference: target.value - baseline.value,
      notes,
      refused: `the baseline ${baseline.period} is negative (${formatNumber(baseline.value)}): a percentage change of a negative number has no single reading (${formatNumber(baseline.value)} → ${formatNumber(target.value)} is a rise of ${formatNumber(target.value - baseline.value)} in the signed value, and a ${target.value < 0 && Math.abs(target.value) < Math.abs(baseline.value) ? 'fall' : 'change'} of the size of the deficit or balance); record the series as positive sizes (a deficit of 100, not −100), or claim the difference`,
    };
  }
  let b = baseline.value;
  let t = target.value;
  let perYear: ObservedComparison['perYear'];
  const additive = baseline.measure === 'count' || baseline.measure === 'amount';
  const by = baseline.years;
  const ty = target.years;
  if (by !== undefined && ty !== undefined && Math.abs(by - ty) > 1e-9 * Math.max(by, ty)) {
    if (additive) {
      b = baseline.value / by;
      t = target.value / ty;
      perYear = { baseline: b, target: t, baselineYears: by, targetYears: ty };
      notes.push(
        `the periods differ in length, so the ${baseline.measure}s are compared per year: ${formatNumber(baseline.value)} in ${baseline.period} (exposure ${lengthText(by)}) is ${formatNumber(b)} a year; ${formatNumber(target.value)} in ${target.period} (exposure ${lengthText(ty)}) is ${formatNumber(t)} a year`,
      );
    } else {
      notes.push(`the periods differ in length (${lengthText(by)} and ${lengthText(ty)}); ${baseline.measure === 'rate' ? 'rates' : 'levels'} are not proportional to the length of a period, so the two values are compared as they are`);
    }
  }
  const difference = t - b;
  if (b === 0) {
    notes.push(`the baseline ${baseline.period} is 0, so the change cannot be a percentage: the absolute change is ${difference > 0 ? '+' : ''}${formatNumber(difference)}${perYear ? ' a year' : ''}, and the direction is judged on it`);
    return { changePercent: null, difference, notes, ...(perYear ? { perYear } : {}) };
  }
  return { changePercent: (t / b - 1) * 100, difference, notes, ...(perYear ? { perYear } : {}) };
}

/** "+33.0% (per year)" or "+5 (absolute change from 0)": the observed change in words. */
export function changeText(c: ObservedComparison): string {
  if (c.changePercent === null) return `${c.difference > 0 ? '+' : ''}${formatNumber(c.difference)} (absolute change from 0)`;
  return `${formatPercent(c.changePercent)}${c.perYear ? ' per year' : ''}`;
}
