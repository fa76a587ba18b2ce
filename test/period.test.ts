import { describe, expect, it } from 'vitest';
import { civilDay, dayToIso, daysInMonth, nextPeriod, parsePeriod, parsePeriodSpec, shiftMonths, shiftYears, subPeriods } from '../src/period.js';

describe('parsePeriod', () => {
  it.each([
    ['2018', 'year', '2018'],
    ['2018-Q3', 'quarter', '2018-Q3'],
    ['2018-q1', 'quarter', '2018-Q1'],
    ['2018-07', 'month', '2018-07'],
    ['2018-07-14', 'day', '2018-07-14'],
    ['2020-02-29', 'day', '2020-02-29'],
  ])('%s is a %s', (text, granularity, label) => {
    expect(parsePeriod(text)).toMatchObject({ granularity, label });
  });

  it.each(['18', '2018-13', '2018-Q5', '2019-02-29', '2018-7', '2018/07', 'next year', ''])('%s is not a period', (text) => {
    expect(parsePeriod(text)).toBeUndefined();
  });

  it('gives first and last day so containment works across granularities', () => {
    const year = parsePeriod('2016')!;
    expect(year.endDay - year.startDay + 1).toBe(366); // 2016 is a leap year
    const q = parsePeriod('2018-Q1')!;
    expect(q.endDay - q.startDay + 1).toBe(31 + 28 + 31);
  });
});

describe('parsePeriodSpec', () => {
  it('expands a span into its periods', () => {
    const spec = parsePeriodSpec('2013..2015');
    expect('periods' in spec && spec.periods.map((p) => p.label)).toEqual(['2013', '2014', '2015']);
  });
  it('expands a span of months across a year end', () => {
    const spec = parsePeriodSpec('2018-11..2019-02');
    expect('periods' in spec && spec.periods.map((p) => p.label)).toEqual(['2018-11', '2018-12', '2019-01', '2019-02']);
  });
  it.each([
    ['2015..2013', 'ends before it starts'],
    ['2013..2015-Q1', 'mixes a year and a quarter'],
    ['2013..', 'is not a span'],
    ['1..2..3', 'is not a period or a span'],
  ])('%s is rejected: %s', (text, message) => {
    const spec = parsePeriodSpec(text);
    expect('error' in spec && spec.error).toContain(message);
  });
});

describe('shifting and sub-periods', () => {
  it('shifts years and months, keeping the granularity', () => {
    expect(shiftYears(parsePeriod('2016')!, 5).label).toBe('2021');
    expect(shiftYears(parsePeriod('2016-Q2')!, 5).label).toBe('2021-Q2');
    expect(shiftMonths(parsePeriod('2016-11')!, 18).label).toBe('2018-05');
    expect(shiftMonths(parsePeriod('2020-01-31')!, 1).label).toBe('2020-02-29');
  });
  it('lists the months of a year and the days of a month', () => {
    expect(subPeriods(parsePeriod('2018')!, 'month').map((p) => p.label)).toHaveLength(12);
    expect(subPeriods(parsePeriod('2019-02')!, 'day')).toHaveLength(28);
    expect(subPeriods(parsePeriod('2018-Q4')!, 'month').map((p) => p.label)).toEqual(['2018-10', '2018-11', '2018-12']);
  });
  it('steps to the next period', () => {
    expect(nextPeriod(parsePeriod('2018-Q4')!).label).toBe('2019-Q1');
    expect(nextPeriod(parsePeriod('2018-12-31')!).label).toBe('2019-01-01');
  });
});

describe('periods as publishers write them', () => {
  it('reads SDMX months and quarters, ISO weeks and datetimes', async () => {
    expect(parsePeriod('2019M01')?.label).toBe('2019-01');
    expect(parsePeriod('2019Q1')?.label).toBe('2019-Q1');
    expect(parsePeriod('2019-13')).toBeUndefined();
    expect(parsePeriod('2019M13')).toBeUndefined();
    // ISO week 1 of 2019 starts on Monday 2018-12-31 (2019-01-03 is its Thursday).
    const w1 = parsePeriod('2019-W01')!;
    expect([w1.granularity, w1.label, dayToIso(w1.startDay), dayToIso(w1.endDay)]).toEqual(['week', '2019-W01', '2018-12-31', '2019-01-06']);
    expect(dayToIso(parsePeriod('2019-W05')!.startDay)).toBe('2019-01-28');
    // 2020 has 53 ISO weeks (it starts on a Wednesday in a leap year); 2019 has 52.
    expect(parsePeriod('2020-W53')?.label).toBe('2020-W53');
    expect(parsePeriod('2019-W53')).toBeUndefined();
    expect(parsePeriod('2019-03-04T10:00:00Z')?.label).toBe('2019-03-04');
    expect(parsePeriod('2019-03-04 23:59')?.label).toBe('2019-03-04');
    expect(parsePeriod('2019-02-30T10:00:00')).toBeUndefined();
  });

  it('fiscal years run from their declared start month, named by the year they end in', async () => {
    const { makeFiscalYear, fiscalYearOf } = await import('../src/period.js');
    const fy = makeFiscalYear(2018, 7);
    expect([fy.label, dayToIso(fy.startDay), dayToIso(fy.endDay)]).toEqual(['FY2018', '2017-07-01', '2018-06-30']);
    expect(nextPeriod(fy).label).toBe('FY2019');
    expect(fiscalYearOf(fy.startDay, 7).label).toBe('FY2018');
    expect(subPeriods(fy, 'month').map((p) => p.label)).toEqual(['2017-07', '2017-08', '2017-09', '2017-10', '2017-11', '2017-12', '2018-01', '2018-02', '2018-03', '2018-04', '2018-05', '2018-06']);
  });

  it('weeks do not tile a month, so a month is never made of weeks', async () => {
    const { tiles } = await import('../src/period.js');
    const jan = parsePeriod('2019-01')!;
    expect(tiles(jan, 'week')).toBe(false);
    // The weeks wholly inside January 2019: W02 (Jan 7) to W05 (Jan 28–Feb 3 is not inside).
    expect(subPeriods(jan, 'week').map((p) => p.label)).toEqual(['2019-W02', '2019-W03', '2019-W04']);
    expect(tiles(parsePeriod('2019')!, 'month')).toBe(true);
  });
});

describe('calendar days: one arithmetic for periods and the aggregation workers', () => {
  it('counts days since 1970-01-01 as Date.UTC does, and as the periods do', () => {
    for (const d of ['1800-01-01', '1900-03-01', '1970-01-01', '1999-12-31', '2000-02-29', '2019-03-04', '2100-03-01', '2200-12-31']) {
      const [y, m, day] = [Number(d.slice(0, 4)), Number(d.slice(5, 7)), Number(d.slice(8))];
      expect(civilDay(y, m, day)).toBe(Date.UTC(y, m - 1, day) / 86_400_000);
      expect(parsePeriod(d)!.startDay).toBe(Date.UTC(y, m - 1, day) / 86_400_000);
    }
  });
  it('knows the length of every month, leap years by the Gregorian rule', () => {
    for (const y of [1900, 2000, 2019, 2020, 2100]) for (let m = 1; m <= 12; m++) expect(daysInMonth(y, m)).toBe(new Date(Date.UTC(y, m, 0)).getUTCDate());
  });
});
