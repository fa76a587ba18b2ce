// What a number means, end to end through the built CLI: measures (count, level, rate, amount), roll-ups
// over time, period columns as publishers write them, periods of different length, and zero and negative
// baselines. Fixture: test/fixtures/cli/measures (one claim per case; every number is worked out below).
import { describe, expect, it } from 'vitest';
import { auditJson, fixture, runCli } from './helpers.js';

const CASE = fixture('cli/measures');

describe('measures and roll-ups (audit --format json)', () => {
  const report = auditJson(CASE);
  const byId = new Map(report.results.map((r) => [r.id, r]));
  const get = (id: string) => byId.get(id)!;

  it('monthly levels make a year by their mean, not the December reading', () => {
    const r = get('co2-above-400-in-2015');
    // mean(c(399.98,400.26,401.54,403.28,403.96,402.8,401.31,398.93,397.63,398.29,400.16,401.85)) = 400.8325 (R);
    // December alone would be 401.85, and 8 of the 12 months are below 401.85.
    expect(r.observed!.target).toMatchObject({ value: 400.8325, measure: 'level', rollup: 'mean' });
    expect(r.observed!.target.method).toBe("mean of the 12 monthly readings of 2015; a level (unit 'ppm'), averaged over time, not summed");
    expect(r.verdict).toBe('supported');
  });

  it('a declared rollup: last takes the end of the year for a stock', () => {
    const r = get('cameras-at-year-end');
    expect(r.observed!.target).toMatchObject({ value: 1200, measure: 'level', rollup: 'last' });
    expect(r.observed!.target.method).toContain('the last of the 12 monthly readings of 2019, 2019-12');
    expect(r.observed!.target.method).toContain('rollup last declared at evidence/cameras-monthly.yaml:3');
    expect(r.evidence.map((e) => e.period)).toEqual(['2019-12']);
  });

  it('monthly counts make a year by their sum', () => {
    const r = get('thefts-2018');
    // 30+28+35+31+29+33+36+34+30+32+27+35 = 380
    expect(r.observed!.target).toMatchObject({ value: 380, measure: 'count', rollup: 'sum' });
    expect(r.evidence).toHaveLength(12);
  });

  it('a partial year is no-evidence for every measure, naming the missing months', () => {
    expect([get('co2-2016-partial').verdict, get('co2-2016-partial').reasons]).toEqual([
      'no-evidence',
      ['target: only 2 of 12 months of 2016 are reported (missing 2016-03, 2016-04, 2016-05, 2016-06 and 6 more); a partial year is not rolled up (a descriptor may allow it: measure: { coverage: partial })'],
    ]);
    expect(get('thefts-2019-partial').verdict).toBe('no-evidence');
    expect(get('thefts-2019-partial').reasons[0]).toContain('target: only 3 of 12 months of 2019 are reported (missing 2019-04');
    // A rate (percent) with January–June, and an amount (USD million) with January–November.
    expect([get('unemployment-2019-partial').verdict, get('unemployment-2019-partial').reasons[0]]).toEqual(['no-evidence', expect.stringContaining('target: only 6 of 12 months of 2019 are reported (missing 2019-07')]);
    expect([get('lighting-2019-partial').verdict, get('lighting-2019-partial').reasons[0]]).toEqual(['no-evidence', expect.stringContaining('target: only 11 of 12 months of 2019 are reported (missing 2019-12)')]);
  });

  it('partial coverage, when the descriptor allows it, rolls up what is there and says so', () => {
    const r = get('river-partial-allowed');
    // (2.0 + 2.4 + 2.6 + 2.2 + 1.8) / 5 = 2.2
    expect(r.observed!.target.value).toBeCloseTo(2.2, 12);
    expect(r.observed!.target.method).toContain('mean of the 5 monthly readings of 2019');
    expect(r.observed!.target.method).toContain('partial: 5 of 12 months (missing 2019-04, 2019-07, 2019-08, 2019-09 and 3 more), allowed by coverage: partial at evidence/river-level.yaml:2');
  });

  it('month-start dates are read as months, with a note', () => {
    const r = get('payrolls-2015');
    // mean(c(140.6,140.9,141,141.2,141.5,141.7,141.9,142.1,142.3,142.6,142.8,143)) = 141.8
    expect(r.observed!.target.value).toBeCloseTo(141.8, 10);
    expect(r.evidence.map((e) => e.period).slice(0, 2)).toEqual(['2015-01', '2015-02']);
    const note = report.findings.find((f) => f.code === 'period-month-starts')!;
    expect(`${note.severity} ${note.file}:${note.line} ${note.message}`).toBe(
      'info evidence/payrolls.csv:1 every date in the period column is the first day of a month (2015-01-01 to 2015-12-01): read as the months 2015-01 to 2015-12',
    );
  });

  it('ISO datetimes are read as the months a descriptor declares', () => {
    const r = get('ozone-summer');
    expect(r.observed!.target).toMatchObject({ period: '2019-07', value: 46, rollup: 'reported' });
    expect(r.evidence[0]).toMatchObject({ file: 'evidence/ozone-readings.csv', line: 8, period: '2019-07' });
  });

  it('a declared fiscal year is read as its twelve months, and a calendar claim is not read from it', () => {
    const r = get('spending-fy2018');
    expect(r.verdict).toBe('supported');
    expect(r.observed!.baseline!.method).toBe("reported for FY2017, 2016-07-01 to 2017-06-30; an amount (unit 'USD million')");
    expect(r.observed!.target.method).toBe("reported for FY2018, 2017-07-01 to 2018-06-30; an amount (unit 'USD million')");
    expect(r.tiers.find((t) => t.tier === 'count')!.reason).toBe("the series is an amount, not a count of events (unit 'USD million'), so no Poisson interval applies");
    const cal = get('spending-calendar-2018');
    expect([cal.verdict, cal.reasons]).toEqual([
      'no-evidence',
      ['target: the evidence reports fiscal years (FY2018: 2017-07-01 to 2018-06-30), not 2018; a fiscal year cannot be read as a calendar period (a claim about it names it FY2018)'],
    ]);
  });

  it('a year against a quarter is compared per year, and the Poisson test uses the exposures', () => {
    const r = get('burglaries-year-vs-quarter');
    // 1200 a year against 330 in a quarter = 1320 a year: +10%, not the raw −72.5%.
    expect(r.observed!.change_percent).toBe(10);
    expect(r.reasons[1]).toBe('the periods differ in length, so the counts are compared per year: 1,200 in 2018 (exposure 1 year) is 1,200 a year; 330 in 2019-Q1 (exposure a quarter (0.25 years)) is 1,320 a year');
    const count = r.tiers.find((t) => t.tier === 'count')!;
    // R: poisson.test(c(330, 1200), T = c(0.25, 1)) → rate ratio 1.1, 95% CI 0.9708687175–1.2435493827, p = 0.1251006926
    expect(count.ratio).toBeCloseTo(1.1, 9);
    expect(count.ci![0]).toBeCloseTo(0.9708687175, 6);
    expect(count.ci![1]).toBeCloseTo(1.2435493827, 6);
    expect(count.p_value).toBeCloseTo(0.1251006926, 6);
    expect(count.inputs).toMatchObject({ a: 1200, Ta: 1, b: 330, Tb: 0.25 });
  });

  it('0 → 5: an absolute change, the direction judged on it, and said so', () => {
    const r = get('arsons-from-zero');
    expect(r.verdict).toBe('partly-supported');
    expect(r.observed!.change_percent).toBeNull();
    expect(r.reasons.slice(0, 3)).toEqual([
      'Southby / arsons: 0 (2018) → 5 (2019) is +5 (absolute change from 0)',
      'the baseline 2018 is 0, so the change cannot be a percentage: the absolute change is +5, and the direction is judged on it',
      'the direction holds (a rise from 0), but the claimed size (+50%) cannot be checked: a percentage of 0 is undefined',
    ]);
  });

  it('5 → 0: −100%, and no tier has an interval of zero width', () => {
    const r = get('murders-to-zero');
    expect(r.observed!.change_percent).toBe(-100);
    for (const t of r.tiers) if (t.ci) expect(t.ci[1]).toBeGreaterThan(t.ci[0]);
    // R: poisson.test(c(0, 5)) → 95% CI 0–1.091279105: compatible with no change.
    const count = r.tiers.find((t) => t.tier === 'count')!;
    expect(count.ci![1]).toBeCloseTo(1.091279105, 6);
    expect(r.attribution!.verdict).toBe('inconclusive');
  });

  it('a negative baseline is unverifiable, naming the cause', () => {
    const r = get('deficit-halved');
    expect(r.verdict).toBe('unverifiable');
    expect(r.reasons[0]).toMatch(/^the baseline 2018 is negative \(-100\): a percentage change of a negative number has no single reading/);
  });

  it('a unit the vocabulary does not know is a level: one warning naming file, line and key; no interval', () => {
    const r = get('widgets-forecast');
    expect(r.tiers.find((t) => t.tier === 'count')!.reason).toContain("the series is a level, not a count of events (unit 'widgets' is not in the unit vocabulary");
    for (const t of r.tiers.filter((x) => x.tier === 'count' || x.tier === 'rate' || x.tier === 'comparison')) expect(t.ci).toBeNull();
    const warnings = report.findings.filter((f) => f.code === 'measure-unknown-unit');
    expect(warnings.map((f) => `${f.file}:${f.line}:${f.column}`)).toEqual(['evidence/plain.csv:2:5', 'evidence/plain.csv:8:5']);
    expect(warnings[0]!.message).toMatch(/^the unit 'widgets' is not in the unit vocabulary \(first at this line, metric 'widgets'\)/);
    expect(warnings[1]!.message).toMatch(/^no unit is given \(first at this line, metric 'project_cost'\)/);
    expect(warnings[0]!.hint).toContain("'measure: count'");
  });

  it('money without a unit gets no Poisson interval: the point comparison decides the forecast', () => {
    const r = get('cost-forecast');
    expect(r.verdict).toBe('supported');
    expect(r.tiers.every((t) => t.ci === null)).toBe(true);
    expect(r.attribution!.verdict).toBe('not-computed');
  });

  it('rows counted by aggregate: count are counts whatever the unit, zero-filled from the where range', () => {
    const r = get('deaths-1992');
    // 62 rows from April to December; January–March are 0, inside the where range 1992-01-01..1992-12-31.
    expect(r.observed!.target).toMatchObject({ value: 62, measure: 'count', rollup: 'sum' });
    expect(r.evidence.filter((e) => e.value === 0).map((e) => e.period)).toEqual(['1992-01', '1992-02', '1992-03']);
    expect(r.verdict).toBe('supported');
  });
});

describe('explain shows the measure and roll-up of every value', () => {
  it('a year against a quarter: both values tagged, and the change per year', () => {
    const out = runCli(['explain', 'burglaries-year-vs-quarter'], { cwd: CASE }).stdout;
    expect(out).toContain("  1. baseline 2018 = 1,200 [count, as reported]: reported for 2018; a count (unit 'cases')\n");
    expect(out).toContain("  2. target 2019-Q1 = 330 [count, as reported]: reported for 2019-Q1; a count (unit 'cases')\n");
    expect(out).toContain('  3. change per year = (target / 0.25 y) / (baseline / 1 y) − 1 = 1,320 / 1,200 − 1 = +10.00% per year (1,200 → 330)\n');
  });

  it('a mean of monthly levels', () => {
    const out = runCli(['explain', 'payrolls-2015'], { cwd: CASE }).stdout;
    expect(out).toContain("  1. target 2015 = 141.8 [level, rolled up by mean]: mean of the 12 monthly readings of 2015; a level (unit 'jobs'), averaged over time, not summed\n");
  });
});
