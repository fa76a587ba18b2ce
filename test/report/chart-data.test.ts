// What each chart shows, as numbers: the pure preparation step, before any SVG is drawn.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { audit } from '../../src/audit.js';
import { buildChartData, chartFileName, type ChartData } from '../../src/report/chart-data.js';
import { garwoodInterval } from '../../src/stats/math/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const example = await audit({ cwd: path.resolve(here, '../..') });
const worked = await audit({ cwd: path.resolve(here, '../fixtures/stats/worked-examples') });
const chartOf = (id: string): ChartData => {
  const r = [...example.results, ...worked.results].find((x) => x.claim.id === id);
  if (!r) throw new Error(`no claim ${id}`);
  return buildChartData(r);
};
const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;

describe('buildChartData: Islamabad violent crime (the bundled example)', () => {
  const d = chartOf('islamabad-violent-crime-15');

  it('draws the whole yearly series, each count with its Garwood interval', () => {
    // PBS table, Islamabad, murder + attempted murder + kidnapping + dacoity + robbery per year.
    expect(d.observed.map((p) => [p.period, p.value])).toEqual([
      ['2012', 535], ['2013', 786], ['2014', 841], ['2015', 579], ['2016', 513], ['2017', 557], ['2018', 787], ['2019', 844], ['2020', 842],
    ]);
    const p2015 = d.observed[3]!;
    // R: qgamma(c(0.025, 0.975), c(579, 580)) = 532.79, 628.14
    expect([p2015.low, p2015.high]).toEqual(garwoodInterval(579));
    expect(p2015.low).toBeCloseTo(532.79, 1);
    expect(p2015.high).toBeCloseTo(628.14, 1);
    expect(d.intervalKind).toBe('garwood');
    // Points sit in the middle of their year: 2015-07-02 (2015 has 365 days).
    expect(p2015.x).toBe((day('2015-01-01') + day('2016-01-01')) / 2);
  });

  it('marks the baseline and target years', () => {
    expect(d.baseline).toEqual({ label: '2015', start: day('2015-01-01'), end: day('2016-01-01') });
    expect(d.target).toEqual({ label: '2018', start: day('2018-01-01'), end: day('2019-01-01') });
  });

  it('draws the claim from the observed baseline: 579 · 0.85 = 492.15 in 2018', () => {
    expect(d.claimed).toMatchObject({ type: 'change', text: '-15.00%', from: { value: 579 }, to: { low: 492.15, high: 492.15 } });
  });

  it('continues the pre-period trend to the target exactly as the trend tier projected it', () => {
    const trend = example.results.find((r) => r.claim.id === 'islamabad-violent-crime-15')!.tiers!.find((t) => t.tier === 'trend')!;
    const p = d.counterfactual!.projection;
    expect(p.period).toBe('2018');
    expect(p.value).toBeCloseTo(trend.inputs!.projection as number, 9);
    expect(p.low).toBeCloseTo(trend.inputs!.lower as number, 9);
    expect(p.high).toBeCloseTo(trend.inputs!.upper as number, 9);
    // Fitted on 2012–2015, projected for 2016, 2017 and 2018.
    expect(d.counterfactual!.points.map((x) => x.period)).toEqual(['2012', '2013', '2014', '2015', '2016', '2017', '2018']);
  });

  it('scales the comparison area to the baseline: 579 · 53,909 / 55,900 = 558.38 in 2018', () => {
    expect(d.comparison!.area).toBe('Pakistan excluding Islamabad');
    const at = (period: string) => d.comparison!.points.find((p) => p.period === period)!.value;
    expect(at('2015')).toBeCloseTo(579, 9);
    expect(at('2018')).toBeCloseTo((579 * 53909) / 55900, 9);
  });

  it('says the same numbers in words', () => {
    expect(d.title).toBe('islamabad-violent-crime-15: contradicted');
    for (const words of [
      'Islamabad / violent_crime (cases)',
      'Observed: 2012 535, 2013 786, 2014 841, 2015 579',
      'Baseline 2015: 579 (95% interval 533 to 628)',
      'Target 2018: 787 (95% interval 733 to 844), a change of +35.92%',
      'Claimed: -15.00% from the baseline, which is 492 in 2018',
      'predicts 772 in 2018 (95% prediction interval 53.88 to 11,048)',
      'scaled to Islamabad\'s 2015 value, is at 558 in 2018',
      'Verdict: contradicted. Attribution: inconclusive (decided by the count tier).',
    ]) expect(d.description).toContain(words);
  });

  it('labels the x axis in the middle of each year and keeps every value inside the y domain', () => {
    expect(d.xTicks[0]).toBe(d.observed[0]!.x);
    // Nine years, labelled every other year: at most seven labels fit the narrow chart.
    expect(d.xTicks).toHaveLength(5);
    for (const p of d.observed) {
      expect(p.value).toBeGreaterThan(d.yDomain[0]);
      expect(p.value).toBeLessThan(d.yDomain[1]);
    }
  });
});

describe('buildChartData: other kinds of claim', () => {
  it('worked example B shows the trend-adjusted counterfactual, 1431.349 (1185.331–1728.428 with the Poisson floor) in 2021', () => {
    // docs/methods.md: predict(lm(log(city) ~ yr, subset = yr < 2016), data.frame(yr = 2021), interval = "prediction")
    const d = chartOf('example-b-vehicle-crime');
    const p = d.counterfactual!.projection;
    expect(p.period).toBe('2021');
    expect(p.value).toBeCloseTo(1431.349, 2);
    // The band the trend tier used, with the Poisson floor (test/stats/tiers.test.ts has the R call): 1185.331–1728.428.
    expect(p.low).toBeCloseTo(1185.330801, 2);
    expect(p.high).toBeCloseTo(1728.428257, 2);
    expect(d.counterfactual!.points.filter((x) => x.low !== undefined).map((x) => x.period)).toEqual(['2016', '2017', '2018', '2019', '2020', '2021']);
    expect(d.comparison?.area).toBe('Comparison area');
    // The claimed range −30%..−28% from 1950: 1365 to 1404.
    expect(d.claimed).toMatchObject({ to: { low: 1365, high: 1404 } });
    expect(d.description).toContain('predicts 1,431 in 2021 (95% prediction interval 1,185 to 1,728)');
    expect(d.verdict).toBe('supported');
    expect(d.description).toContain('Verdict: supported. Attribution: not-supported (decided by the comparison tier).');
  });

  it('a level claim is a horizontal line at the claimed value, with no baseline', () => {
    const d = chartOf('lahore-cameras-10000');
    expect(d.claimed).toEqual({ type: 'level', text: '10,000', low: 10000, high: 10000 });
    expect(d.baseline).toBeUndefined();
    expect(d.observed.map((p) => p.value)).toEqual([8000]);
    expect(d.yDomain[1]).toBeGreaterThan(10000);
    expect(d.description).toContain('Verdict: contradicted');
  });

  it('values that are not counts get no Poisson interval', () => {
    const d = chartOf('lahore-cost-12bn');
    expect(d.observed.every((p) => p.low === undefined)).toBe(true);
    expect(d.intervalKind).toBeUndefined();
  });

  it('a pending forecast still shows the claimed path from its baseline', () => {
    const d = chartOf('punjab-property-crime-15-20');
    expect(d.verdict).toBe('pending');
    expect(d.claimed?.type).toBe('change');
    expect(d.target?.label).toBe('2021');
    expect(d.xDomain[1]).toBeGreaterThan(day('2022-01-01'));
  });

  it('a claim with nothing to draw says why, and still has its verdict', () => {
    const d = chartOf('lahore-crime-free');
    expect(d.observed).toEqual([]);
    expect(d.message).toBe('Nothing to draw: the claim cannot be checked');
    expect(d.verdictText).toBe('unverifiable');
    expect(d.description).toContain('Verdict: unverifiable.');
  });

  it('a horizon claim met early and lost reads as its verdict at the horizon', () => {
    expect(chartOf('horizon-not-sustained').verdictText).toBe('exaggerated');
  });
});

describe('buildChartData: control characters from the inputs', () => {
  it('spells them out in every text the chart shows, as the reports do, leaving the numbers as they are', () => {
    const r = example.results.find((x) => x.claim.id === 'islamabad-violent-crime-15')!;
    const hostile = { ...r, series: { ...r.series!, unit: 'cases\u0007', origin: 'file\u0000.csv' } };
    const d = buildChartData(hostile);
    const texts: string[] = [];
    JSON.stringify(d, (_, v: unknown) => (typeof v === 'string' && texts.push(v), v));
    expect(texts.filter((t) => /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/.test(t))).toEqual([]);
    expect(d.yTitle).toContain('(cases\\x07)');
    expect(d.description).toContain('from file\\x00.csv');
    // Apart from the spelled texts, the chart is the one the clean series gives.
    const clean = buildChartData(r);
    expect(d.observed).toEqual(clean.observed);
    expect({ ...d, yTitle: '', description: '' }).toEqual({ ...clean, yTitle: '', description: '' });
  });
});

describe('chartFileName', () => {
  it.each([
    ['islamabad-violent-crime-15', 'islamabad-violent-crime-15'],
    ['../../etc/passwd', 'etc-passwd'],
    ['A B/c', 'a-b-c'],
    ['', 'claim'],
  ])('%s → %s', (id, name) => expect(chartFileName(id)).toBe(name));
});
