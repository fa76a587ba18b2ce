// Calendar periods: parsing, spans, containment and sub-periods. Shared by claims, evidence and match.
import type { Granularity, Period, PeriodSpec } from './types.js';

const DAY_MS = 86_400_000;
const GRANULARITY_RANK: Record<Granularity, number> = { year: 0, 'fiscal-year': 0, quarter: 1, month: 2, week: 3, day: 4 };
/** A span longer than this is almost certainly a typo (and would be costly to expand). */
const MAX_SPAN_PERIODS = 5000;

// ------------------------------------------------------------------- days

/** Days since 1970-01-01 of a proleptic Gregorian date, month 1–12 (H. Hinnant's days_from_civil). */
export function civilDay(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const mp = (m + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The day number of a date whose 0-based month and day may run past their ends (month 12 is next January, day 0 the last of the month before). */
function dayNumber(year: number, month0: number, day: number): number {
  const carry = Math.floor(month0 / 12);
  return civilDay(year + carry, month0 - carry * 12 + 1, 1) + day - 1;
}

const DAYS_IN_MONTH = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days in month m (1–12) of year y, in the Gregorian calendar. */
export function daysInMonth(y: number, m: number): number {
  return m === 2 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : DAYS_IN_MONTH[m]!;
}

// ------------------------------------------------------------------- periods

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

/** ISO 8601 week `week` of ISO year `year` (Monday to Sunday; week 1 holds the year's first Thursday). */
export function makeWeek(year: number, week: number): Period | undefined {
  const jan4 = dayNumber(year, 0, 4);
  const weekday = (new Date(jan4 * DAY_MS).getUTCDay() + 6) % 7; // Monday = 0
  const start = jan4 - weekday + (week - 1) * 7;
  if (week < 1 || week > 53) return undefined;
  // Week 53 exists only in years whose last week holds a Thursday.
  if (week === 53 && new Date((start + 3) * DAY_MS).getUTCFullYear() !== year) return undefined;
  return { granularity: 'week', label: `${pad(year, 4)}-W${pad(week)}`, startDay: start, endDay: start + 6 };
}

/**
 * A fiscal year of twelve months starting in month `start` (2–12), labelled by the calendar year it
 * ends in: with start 7, FY2018 runs from July 2017 to June 2018.
 */
export function makeFiscalYear(endYear: number, start: number): Period {
  return { granularity: 'fiscal-year', label: `FY${pad(endYear, 4)}`, fiscalStart: start, startDay: dayNumber(endYear - 1, start - 1, 1), endDay: dayNumber(endYear, start - 1, 1) - 1 };
}

/** A claim's `FY2018`: matched by label against fiscal years the evidence declares (its months are the evidence's to say). */
function claimedFiscalYear(endYear: number): Period {
  return { granularity: 'fiscal-year', label: `FY${pad(endYear, 4)}`, startDay: dayNumber(endYear - 1, 0, 1), endDay: dayNumber(endYear, 11, 31) };
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

function monthOf(m: RegExpMatchArray): Period | undefined {
  const month = Number(m[2]);
  return month >= 1 && month <= 12 ? makeMonth(Number(m[1]), month) : undefined;
}

function dayOf(m: RegExpMatchArray): Period | undefined {
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo) ? makeDay(y, mo, d) : undefined;
}

/** The forms a period cell may take, by name (the descriptor's `periods.format`). */
export const PERIOD_PATTERNS = {
  year: [/^(\d{4})$/, (m: RegExpMatchArray) => makeYear(Number(m[1]))],
  quarter: [/^(\d{4})-?[Qq]([1-4])$/, (m: RegExpMatchArray) => makeQuarter(Number(m[1]), Number(m[2]))],
  month: [/^(\d{4})(?:-|M|m)(\d{2})$/, monthOf],
  week: [/^(\d{4})-?W(\d{2})$/, (m: RegExpMatchArray) => makeWeek(Number(m[1]), Number(m[2]))],
  date: [/^(\d{4})-(\d{2})-(\d{2})$/, dayOf],
  // An ISO datetime is read as its date as written (the time and any offset are not used).
  datetime: [/^(\d{4})-(\d{2})-(\d{2})[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$/, dayOf],
} as const satisfies Record<string, readonly [RegExp, (m: RegExpMatchArray) => Period | undefined]>;
export type PeriodFormName = keyof typeof PERIOD_PATTERNS;

const PATTERNS: ReadonlyArray<readonly [RegExp, (m: RegExpMatchArray) => Period | undefined]> = [
  PERIOD_PATTERNS.year,
  PERIOD_PATTERNS.quarter,
  PERIOD_PATTERNS.month,
  PERIOD_PATTERNS.week,
  PERIOD_PATTERNS.date,
  PERIOD_PATTERNS.datetime,
  [/^FY(\d{4})$/i, (m) => claimedFiscalYear(Number(m[1]))],
];

export const PERIOD_FORMS = '2018, 2018-Q3, 2018-07, 2018-07-14, 2018-W05 or FY2018 (also 2018Q3, 2018M07 and ISO datetimes)';

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
  if (p.granularity === 'fiscal-year') return shiftFiscal(p, 1);
  if (p.granularity === 'week') return weekStarting(p.endDay + 1);
  const d = new Date((p.endDay + 1) * DAY_MS);
  return periodAt(p.granularity, d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/** The period before `p` at the same granularity. */
export function previousPeriod(p: Period): Period {
  if (p.granularity === 'fiscal-year') return shiftFiscal(p, -1);
  if (p.granularity === 'week') return weekStarting(p.startDay - 7);
  const d = new Date((p.startDay - 1) * DAY_MS);
  return periodAt(p.granularity, d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

function shiftFiscal(p: Period, years: number): Period {
  const endYear = Number(p.label.slice(2)) + years;
  return p.fiscalStart ? makeFiscalYear(endYear, p.fiscalStart) : claimedFiscalYear(endYear);
}

/** The ISO week that starts on Monday `day` (or holds it). */
function weekStarting(day: number): Period {
  const monday = day - ((new Date(day * DAY_MS).getUTCDay() + 6) % 7);
  const thursday = new Date((monday + 3) * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week1 = makeWeek(year, 1)!;
  return makeWeek(year, Math.round((monday - week1.startDay) / 7) + 1)!;
}

/** The fiscal year (starting in month `start`) that holds `day`. */
export function fiscalYearOf(day: number, start: number): Period {
  const d = new Date(day * DAY_MS);
  const month = d.getUTCMonth() + 1;
  return makeFiscalYear(month >= start ? d.getUTCFullYear() + 1 : d.getUTCFullYear(), start);
}

/** The period of granularity `g` that holds `day` (fiscal years need their start month). */
export function periodHolding(g: Granularity, day: number, fiscalStart = 1): Period {
  if (g === 'fiscal-year') return fiscalYearOf(day, fiscalStart);
  const d = new Date(day * DAY_MS);
  return periodAt(g, d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

function periodAt(g: Granularity, year: number, month: number, day: number): Period {
  switch (g) {
    case 'week':
      return weekStarting(dayNumber(year, month - 1, day));
    case 'fiscal-year':
      throw new Error('a fiscal year needs its start month: use fiscalYearOf');
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
  if (p.granularity === 'fiscal-year') return shiftFiscal(p, years);
  if (p.granularity === 'week') return weekStarting(p.startDay + Math.round(years * 52.1775) * 7);
  const d = new Date(p.startDay * DAY_MS);
  return periodAt(p.granularity, d.getUTCFullYear() + years, d.getUTCMonth() + 1, d.getUTCDate());
}

/** Shift a period by whole months (for `within: 18m`). Day periods keep their day of month where it exists. */
export function shiftMonths(p: Period, months: number): Period {
  if (p.granularity === 'fiscal-year' && months % 12 === 0) return shiftFiscal(p, months / 12);
  if (p.granularity === 'week') return weekStarting(p.startDay + Math.round((months * 365.2425) / 12 / 7) * 7);
  const d = new Date(p.startDay * DAY_MS);
  const total = d.getUTCFullYear() * 12 + d.getUTCMonth() + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  if (p.granularity === 'day') {
    const lastDay = daysInMonth(year, month);
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
  let p = periodHolding(g, outer.startDay);
  // A week that starts before the period is not inside it (weeks do not tile months or years).
  if (p.startDay < outer.startDay) p = nextPeriod(p);
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

/** Whether sub-periods of granularity `g` tile `outer` exactly (weeks do not tile months or years). */
export function tiles(outer: Period, g: Granularity): boolean {
  const parts = subPeriods(outer, g);
  return parts.length > 0 && parts[0]!.startDay === outer.startDay && parts[parts.length - 1]!.endDay === outer.endDay;
}

/** A period's nominal length in years (a calendar year is 1 whatever its days), for comparing periods of different length. */
export function nominalYears(p: Period): number {
  switch (p.granularity) {
    case 'year':
    case 'fiscal-year':
      return 1;
    case 'quarter':
      return 1 / 4;
    case 'month':
      return 1 / 12;
    case 'week':
      return 7 / 365.25;
    case 'day':
      return 1 / 365.25;
  }
}

/** Read one cell as a period of a declared form (descriptor `periods.format`); undefined when it is not one. */
export function parsePeriodAs(text: string, form: PeriodFormName): Period | undefined {
  const [re, build] = PERIOD_PATTERNS[form];
  const m = text.trim().match(re);
  return m ? build(m) : undefined;
}
