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
  it('is contradicted, decided by the rate tier (no pre-period for a trend)', () => {
    expect([r.verdict, r.decidedBy]).toEqual(['contradicted', 'rate']);
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
  it('trend: slope −0.05201584/yr, R² 0.9848419, s 0.01178185, projection 1431.349 (1290.785–1587.22), effect −2.889% (−12.43% to +7.686%) → not-supported', () => {
    // R: lm(log(city) ~ yr, subset = yr < 2016); predict(..., newdata = data.frame(yr = 2021), interval = "prediction")
    const t = tier(r, 'trend');
    close(t.inputs!.slope as number, -0.05201584);
    close(t.inputs!.rSquared as number, 0.9848419);
    close(t.inputs!.s as number, 0.01178185);
    close(t.inputs!.projection as number, 1431.349);
    close(t.inputs!.lower as number, 1290.785);
    close(t.inputs!.upper as number, 1587.22);
    close(t.ratio! - 1, -0.02889);
    close(t.ci![0] - 1, -0.1243);
    close(t.ci![1] - 1, 0.07686);
    expect([t.verdict, t.passed]).toEqual(['not-supported', true]);
  });
  it('comparison: ratio of ratios 0.9669 (0.9006–1.038), pre-trend slope −0.0003906, t −0.13 → not-supported', () => {
    // R: glm(y ~ city * post, family = poisson) on the 2015 and 2021 cells; lm(log(city/ctrl) ~ yr, subset = yr < 2016)
    const t = tier(r, 'comparison');
    close(t.ratio, 0.9669);
    close(t.ci![0], 0.9006);
    close(t.ci![1], 1.038);
    close(t.inputs!.preSlope as number, -0.0003906);
    expect(t.inputs!.preT as number).toBeCloseTo(-0.13, 2);
    expect([t.verdict, t.passed]).toEqual(['not-supported', true]);
  });
  it('headline: not-supported, decided by the comparison area, and never met before the horizon', () => {
    expect([r.verdict, r.decidedBy]).toEqual(['not-supported', 'comparison']);
    expect(r.met).toEqual({ sustained: false });
  });
});

describe('horizons', () => {
  it('met in 2018 and lost by 2021: partly-supported (not sustained)', () => {
    // 1000 → 780 in 2018: RR 0.78, exact CI ≈ 0.71–0.86 reaches the claimed 0.80 → supported then;
    // 1000 → 990 in 2021: RR 0.99 (0.906–1.082) → not-supported at the horizon.
    const r = byId.get('horizon-not-sustained')!;
    expect(r.verdict).toBe('partly-supported');
    expect(r.met).toEqual({ first: '2018', sustained: false });
    expect(r.reasons.join(' ')).toContain('met in 2018 (-22.00%)');
  });
});

describe('rates with an interpolated population', () => {
  it('interpolates 2016 between 2014 and 2018 and says so', () => {
    // population 2016 = 100000 + (2/4)·(120000 − 100000) = 110000; RR = (500/110000)/(400/100000) = 1.13636
    const r = byId.get('rate-with-interpolated-population')!;
    const t = tier(r, 'rate');
    close(t.ratio, 1.136364);
    expect(t.notes).toContain('population for 2016 interpolated between 2014 and 2018: 110,000');
    expect([r.verdict, r.decidedBy]).toEqual(['inconclusive', 'rate']);
  });
});
