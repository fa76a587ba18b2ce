import { describe, expect, it } from 'vitest';
import { nextPeriod, parsePeriod, parsePeriodSpec, shiftMonths, shiftYears, subPeriods } from '../src/period.js';

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
