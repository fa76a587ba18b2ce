// Calendar periods: parsing, spans, containment and sub-periods. Shared by claims, evidence and match.
import type { Granularity, Period, PeriodSpec } from './types.js';

const DAY_MS = 86_400_000;
const GRANULARITY_RANK: Record<Granularity, number> = { year: 0, quarter: 1, month: 2, day: 3 };
/** A span longer than this is almost certainly a typo (and would be costly to expand). */
const MAX_SPAN_PERIODS = 5000;

function dayNumber(year: number, month0: number, day: number): number {
  return Math.round(Date.UTC(year, month0, day) / DAY_MS);
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

export function makeYear(year: number): Period {
  return { granularity: 'year', label: pad(year, 4), startDay: dayNumber(year, 0, 1), endDay: dayNumber(year + 1, 0, 1) - 1 };
}

export function makeQuarter(year: number, quarter: number): Period {
  const m0 = (quarter - 1) * 3;
  return {
    granularity: 'quarter',
    label: `${pad(year, 4)}-Q${quarter}`,
    startDay: dayNumber(year, m0, 1),
    endDay: dayNumber(year, m0 + 3, 1) - 1,
  };
}

export function makeMonth(year: number, month: number): Period {
  return {
    granularity: 'month',
    label: `${pad(year, 4)}-${pad(month)}`,
    startDay: dayNumber(year, month - 1, 1),
    endDay: dayNumber(year, month, 1) - 1,
  };
}

export function makeDay(year: number, month: number, day: number): Period {
  const n = dayNumber(year, month - 1, day);
  return { granularity: 'day', label: `${pad(year, 4)}-${pad(month)}-${pad(day)}`, startDay: n, endDay: n };
}

/**
 * Years a period may name: statistics of crime, health or spending claimed today go back decades, not
 * centuries, and forward a few decades. A year outside is a typo (0000-01-01, 20188) or a made-up value,
 * and far years would make spans and shifts meaningless.
 */
export const MIN_YEAR = 1800;
export const MAX_YEAR = 2200;

const PATTERNS: Array<[RegExp, (m: RegExpMatchArray) => Period | undefined]> = [
  [/^(\d{4})$/, (m) => makeYear(Number(m[1]))],
  [/^(\d{4})-[Qq]([1-4])$/, (m) => makeQuarter(Number(m[1]), Number(m[2]))],
  [
    /^(\d{4})-(\d{2})$/,
    (m) => {
      const month = Number(m[2]);
      return month >= 1 && month <= 12 ? makeMonth(Number(m[1]), month) : undefined;
    },
  ],
  [
    /^(\d{4})-(\d{2})-(\d{2})$/,
    (m) => {
      const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
      if (mo < 1 || mo > 12 || d < 1) return undefined;
      // Date.UTC rolls 2019-02-30 over to March; reject it instead.
      const check = new Date(Date.UTC(y, mo - 1, d));
      return check.getUTCMonth() === mo - 1 && check.getUTCDate() === d ? makeDay(y, mo, d) : undefined;
    },
  ],
];

export const PERIOD_FORMS = '2018, 2018-Q3, 2018-07 or 2018-07-14';

/** Periods already parsed: evidence files repeat a handful of labels over many rows. Periods are never mutated. */
const parsedPeriods = new Map<string, Period | undefined>();
const MAX_CACHED_PERIODS = 100_000;

/** Parse one period. Returns undefined when the text is not a period. */
export function parsePeriod(text: string): Period | undefined {
  const cached = parsedPeriods.get(text);
  if (cached !== undefined || parsedPeriods.has(text)) return cached;
  const p = parsePeriodText(text);
  if (parsedPeriods.size < MAX_CACHED_PERIODS) parsedPeriods.set(text, p);
  return p;
}

function parsePeriodText(text: string): Period | undefined {
  const t = text.trim();
  for (const [re, build] of PATTERNS) {
    const m = t.match(re);
    if (m) return yearInRange(Number(m[1])) ? build(m) : undefined;
  }
  return undefined;
}

function yearInRange(year: number): boolean {
  return year >= MIN_YEAR && year <= MAX_YEAR;
}

/** Why `text`, written like a period, is not one: its year is out of range. Undefined otherwise. */
export function yearProblem(text: string): string | undefined {
  const m = text.trim().match(/^(\d{4})(?:-|$)/);
  return m && !yearInRange(Number(m[1])) ? `the year ${m[1]} is outside ${MIN_YEAR}–${MAX_YEAR}` : undefined;
}

/** A calendar date YYYY-MM-DD that exists (no 30 February), or a month YYYY-MM or year YYYY, in MIN_YEAR–MAX_YEAR. */
export function isCalendarDate(text: string): boolean {
  return /^\d{4}(-\d{2}(-\d{2})?)?$/.test(text) && parsePeriod(text) !== undefined;
}

/** The period after `p` at the same granularity. */
export function nextPeriod(p: Period): Period {
  const d = new Date((p.endDay + 1) * DAY_MS);
  return periodAt(p.granularity, d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/** The period before `p` at the same granularity. */
export function previousPeriod(p: Period): Period {
  const d = new Date((p.startDay - 1) * DAY_MS);
  return periodAt(p.granularity, d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

function periodAt(g: Granularity, year: number, month: number, day: number): Period {
  switch (g) {
    case 'year':
      return makeYear(year);
    case 'quarter':
      return makeQuarter(year, Math.floor((month - 1) / 3) + 1);
    case 'month':
      return makeMonth(year, month);
    case 'day':
      return makeDay(year, month, day);
  }
}

/** Parse `2018` or a span `2013..2015`. Errors are returned as text for the caller to locate. */
export function parsePeriodSpec(text: string): PeriodSpec | { error: string } {
  const t = text.trim();
  const parts = t.split('..');
  if (parts.length === 1) {
    const p = parsePeriod(t);
    const why = yearProblem(t);
    return p ? { label: p.label, periods: [p] } : { error: `'${t}' is not a period${why ? `: ${why}` : ''}` };
  }
  if (parts.length !== 2) return { error: `'${t}' is not a period or a span FIRST..LAST` };
  const first = parsePeriod(parts[0] ?? '');
  const last = parsePeriod(parts[1] ?? '');
  if (!first || !last) {
    const why = yearProblem(parts[0] ?? '') ?? yearProblem(parts[1] ?? '');
    return { error: `'${t}' is not a span of two periods FIRST..LAST${why ? `: ${why}` : ''}` };
  }
  if (first.granularity !== last.granularity) {
    return { error: `the span '${t}' mixes a ${first.granularity} and a ${last.granularity}` };
  }
  if (last.startDay < first.startDay) return { error: `the span '${t}' ends before it starts` };
  const periods: Period[] = [first];
  while (periods[periods.length - 1]!.startDay < last.startDay) {
    if (periods.length >= MAX_SPAN_PERIODS) return { error: `the span '${t}' is longer than ${MAX_SPAN_PERIODS} periods` };
    periods.push(nextPeriod(periods[periods.length - 1]!));
  }
  return { label: periods.length === 1 ? first.label : `${first.label}..${last.label}`, periods };
}

/** Shift a period by whole years (for `within: 5y`). */
export function shiftYears(p: Period, years: number): Period {
  const d = new Date(p.startDay * DAY_MS);
  return periodAt(p.granularity, d.getUTCFullYear() + years, d.getUTCMonth() + 1, d.getUTCDate());
}

/** Shift a period by whole months (for `within: 18m`). Day periods keep their day of month where it exists. */
export function shiftMonths(p: Period, months: number): Period {
  const d = new Date(p.startDay * DAY_MS);
  const total = d.getUTCFullYear() * 12 + d.getUTCMonth() + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  if (p.granularity === 'day') {
    const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
    return makeDay(year, month, Math.min(d.getUTCDate(), lastDay));
  }
  return periodAt(p.granularity, year, month, 1);
}

export function isFiner(a: Granularity, than: Granularity): boolean {
  return GRANULARITY_RANK[a] > GRANULARITY_RANK[than];
}

export function contains(outer: Period, inner: Period): boolean {
  return inner.startDay >= outer.startDay && inner.endDay <= outer.endDay;
}

/** Every period of granularity `g` inside `outer` (e.g. the 12 months of a year). */
export function subPeriods(outer: Period, g: Granularity): Period[] {
  if (!isFiner(g, outer.granularity)) return [outer];
  const d = new Date(outer.startDay * DAY_MS);
  let p = periodAt(g, d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
  const out: Period[] = [];
  while (p.endDay <= outer.endDay) {
    out.push(p);
    p = nextPeriod(p);
  }
  return out;
}

export function dayToIso(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function comparePeriods(a: Period, b: Period): number {
  return a.startDay - b.startDay || a.endDay - b.endDay;
}
