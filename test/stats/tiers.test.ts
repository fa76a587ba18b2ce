// The statistical tiers through the whole pipeline, on the worked examples of docs/methods.md (values from
// R 4.2.2, with the R calls as given there) and on cases worked by hand.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { audit } from '../../src/audit.js';
import type { ClaimResult, Tier } from '../../src/types.js';

const cwd = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/stats/worked-examples');
const result = await audit({ cwd });
const byId = new Map(result.results.map((r) => [r.claim.id, r]));
const tier = (r: ClaimResult, name: Tier['tier']) => r.tiers!.find((t) => t.tier === name)!;

/** Relative closeness to 4 significant figures. */
function close(actual: number | undefined, expected: number, digits = 4) {
  expect(actual).toBeDefined();
  expect(Math.abs(actual! - expected) / Math.abs(expected)).toBeLessThan(0.5 * 10 ** (1 - digits));
}

describe('worked example A: "will reduce violent crime 15%", 1000 (2.0 M) → 1330 (2.2 M)', () => {
  const r = byId.get('example-a-violent-crime-15')!;
  it('count tier: RR 1.330, exact CI 1.224322–1.445153, p 8.672e-12', () => {
    // R: poisson.test(c(1330, 1000))
    const t = tier(r, 'count');
    close(t.ratio, 1.33);
    close(t.ci![0], 1.224322);
    close(t.ci![1], 1.445153);
    close(t.pValue, 8.672e-12);
    expect(t.verdict).toBe('contradicted');
  });
  it('Garwood intervals of each count: 938.973–1063.952 and 1259.474–1403.448', () => {
    // R: qgamma(c(.025, .975), c(1000, 1001)); qgamma(c(.025, .975), c(1330, 1331))
    const t = tier(r, 'count');
    close(t.inputs!.a_lower as number, 938.973);
    close(t.inputs!.a_upper as number, 1063.952);
    close(t.inputs!.b_lower as number, 1259.474);
    close(t.inputs!.b_upper as number, 1403.448);
    expect(t.notes[0]).toBe('Garwood 95% intervals of the counts: 1,000 (939–1,064) and 1,330 (1,259.5–1,403.4)');
  });
  it('rate tier: RR 1.209091, CI 1.113020–1.313776, p 5.496e-06', () => {
    // R: poisson.test(c(1330, 1000), T = c(22, 20))
    const t = tier(r, 'rate');
    close(t.ratio, 1.209091);
    close(t.ci![0], 1.11302);
    close(t.ci![1], 1.313776);
    close(t.pValue, 5.496e-6);
    expect(t.explanation).toContain('from 50 in 2015 to 60.45 in 2018');
  });
  it('outcome contradicted (+33% against −15%); attribution contradicted, decided by the rate tier (L = 1.113 > 1; no pre-period for a trend)', () => {
    expect(r.verdict).toBe('contradicted');
    expect([r.attribution?.verdict, r.attribution?.decidedBy]).toEqual(['contradicted', 'rate']);
    expect(tier(r, 'trend').reason).toBe('1 pre-period point up to 2015; a trend needs at least 3');
    expect(r.gap).toBeCloseTo(48, 9);
  });
});

describe('worked example B: "vehicle crime −28% to −30% within five years", judged at 2021', () => {
  const r = byId.get('example-b-vehicle-crime')!;
  it('naive: −28.72%, inside the range; RR 0.7128205, CI 0.6649482–0.7639843 → supported', () => {
    // R: poisson.test(c(1390, 1950))
    const t = tier(r, 'count');
    expect(r.observed && 'changePercent' in r.observed && r.observed.changePercent).toBeCloseTo(-28.7179, 3);
    expect(r.gap).toBe(0);
    close(t.ratio, 0.7128205);
    close(t.ci![0], 0.6649482);
    close(t.ci![1], 0.7639843);
    expect(t.verdict).toBe('supported');
  });
  it('trend: slope −0.05201584/yr, R² 0.9848419, s 0.01178185, projection 1431.349; with the Poisson floor the interval is 1185.331–1728.428, effect −2.889% (−19.58% to +17.27%) → not-supported', () => {
    // R: fit <- lm(log(city) ~ yr, subset = yr < 2016) gives slope, R², s and the projection exp(predict(fit, data.frame(yr = 2021))).
    // The fit is smoother than counting noise allows (s = 0.01178 < sqrt(mean(1/y)) = 0.02149626), so the floor
    // replaces s (docs/methods.md): R: se <- 0.02149626 * sqrt(1 + 1/5 + (2021 - 2013)^2 / 10);
    // exp(predict(fit, data.frame(yr = 2021)) + c(-1, 1) * qt(.975, 3) * se) = 1185.330801 1728.428257;
    // effect 1390 / 1431.348752 = 0.9711120, interval 1390 / c(1728.428257, 1185.330801) = 0.8041988 1.1726684.
    const t = tier(r, 'trend');
    close(t.inputs!.slope as number, -0.05201584);
    close(t.inputs!.rSquared as number, 0.9848419);
    close(t.inputs!.s as number, 0.01178185);
    close(t.inputs!.sUsed as number, 0.02149626);
    close(t.inputs!.projection as number, 1431.349);
    close(t.inputs!.lower as number, 1185.330801);
    close(t.inputs!.upper as number, 1728.428257);
    close(t.ratio!, 0.971112);
    close(t.ci![0], 0.8041988);
    close(t.ci![1], 1.1726684);
    expect([t.verdict, t.passed, t.informative]).toEqual(['not-supported', true, true]);
    expect(t.notes.join(' ')).toContain('Poisson floor');
  });
  it('the trend tier carries its line for the chart: the fit on 2011–2015, then 2016–2021 projected with the band that decided', () => {
    // Same R fit as above: exp(predict(fit, data.frame(yr = 2011:2015))) for the fitted values; the projection
    // at 2021 with the floored s is the tier's own (1431.349, 1185.330801–1728.428257).
    const t = tier(r, 'trend');
    const line = t.chart!.trend!;
    expect(line.fitted.map((p) => p.period)).toEqual(['2011', '2012', '2013', '2014', '2015']);
    expect(line.projected.map((p) => p.period)).toEqual(['2016', '2017', '2018', '2019', '2020', '2021']);
    const last = line.projected.at(-1)!;
    expect([last.value, last.low, last.high]).toEqual([t.inputs!.projection, t.inputs!.lower, t.inputs!.upper]);
    close(last.low, 1185.330801);
    // The fitted value at 2013 (the middle year) is exp of the mean log count: the fit passes through (t̄, ȳ).
    expect(line.fitted[2]!.value).toBeCloseTo(Math.exp(line.fitted.reduce((sum, p) => sum + Math.log(p.value), 0) / 5), 6);
    // The result's chart figures are the tier's, not a second fit.
    expect(r.chart!.trend).toBe(line);
  });
  it('the comparison tier carries the comparison area scaled to the baseline: C · T0 / C0', () => {
    const t = tier(r, 'comparison');
    const c = t.chart!.comparison!;
    expect(c.scale).toBe((t.inputs!.T0 as number) / (t.inputs!.C0 as number));
    expect(c.points.find((p) => p.period === '2015')!.value).toBeCloseTo(t.inputs!.T0 as number, 9);
    expect(c.points.find((p) => p.period === '2021')!.value).toBeCloseTo(((t.inputs!.C1 as number) * (t.inputs!.T0 as number)) / (t.inputs!.C0 as number), 9);
    expect(r.chart!.comparison).toBe(c);
  });
  it('comparison: ratio of ratios 0.9669 (0.9006–1.038), pre-trend slope −0.0003906, t −0.13 → not-supported', () => {
    // R: glm(y ~ city * post, family = poisson) on the 2015 and 2021 cells; lm(log(city/ctrl) ~ yr, subset = yr < 2016)
    const t = tier(r, 'comparison');
    close(t.ratio, 0.9669);
    close(t.ci![0], 0.9006);
    close(t.ci![1], 1.038);
    close(t.inputs!.preSlope as number, -0.0003906);
    expect(t.inputs!.preT as number).toBeCloseTo(-0.13, 2);
    expect([t.verdict, t.passed, t.informative]).toEqual(['not-supported', true, true]);
  });
  it('outcome supported (−28.72% inside −30%..−28%); attribution not-supported, decided by the comparison area (5 parallel pre-period points)', () => {
    expect(r.verdict).toBe('supported');
    expect([r.attribution?.verdict, r.attribution?.decidedBy]).toEqual(['not-supported', 'comparison']);
    // Met first at the horizon itself: −28.72% in 2021; never before (2016–2020 were −3.6% … −23.1%).
    expect(r.met).toEqual({ first: '2021', sustained: true });
  });
  it('shows the pre-period mean 2011–2015 beside the 2015 baseline: 2176, and the target 36.12% below it', () => {
    // mean(c(2400, 2310, 2140, 2080, 1950)) = 2176; 1390 / 2176 − 1 = −0.3612132
    expect(r.preMean).toMatchObject({ periods: '2011–2015', n: 5, value: 2176 });
    close(r.preMean!.changePercent, -36.12132);
  });
});

describe('horizons', () => {
  it('met in 2018 and lost by 2021: judged at the horizon (exaggerated), the early hit a reason only', () => {
    // 1000 → 780 in 2018: −22%, past the claimed −20% (a forecast: supported then);
    // 1000 → 990 in 2021: −1%, f = log(0.99) / log(0.8) = 0.04504 < 0.5 → exaggerated at the horizon.
    const r = byId.get('horizon-not-sustained')!;
    expect(r.verdict).toBe('exaggerated');
    close(r.share!, 0.04504);
    expect(r.met).toEqual({ first: '2018', sustained: false });
    expect(r.reasons.join(' ')).toContain('met in 2018 (-22.00%), but not at the horizon 2021');
  });
});

describe('rates with an interpolated population', () => {
  it('interpolates 2016 between 2014 and 2018 and says so', () => {
    // population 2016 = 100000 + (2/4)·(120000 − 100000) = 110000; RR = (500/110000)/(400/100000) = 1.13636
    const r = byId.get('rate-with-interpolated-population')!;
    const t = tier(r, 'rate');
    close(t.ratio, 1.136364);
    expect(t.notes).toContain('population for 2016 interpolated between 2014 and 2018: 110,000');
    // Outcome: 400 → 500 is +25%, beyond the claimed +10% (a forecast: supported, "at least").
    expect(r.verdict).toBe('supported');
    // Attribution: the rate tier, RR 1.136 with an exact interval containing 1 → inconclusive.
    expect([r.attribution?.verdict, r.attribution?.decidedBy]).toEqual(['inconclusive', 'rate']);
  });
});
