// The outcome and attribution rules of docs/methods.md through the whole pipeline, on
// test/fixtures/stats/attribution. Every number is checked against R 4.2.2; the R call is beside it.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { audit } from '../../src/audit.js';
import type { ClaimResult, Tier } from '../../src/types.js';

const cwd = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/stats/attribution');
const result = await audit({ cwd });
const byId = new Map(result.results.map((r) => [r.claim.id, r]));
const get = (id: string) => byId.get(id)!;
const tier = (r: ClaimResult, name: Tier['tier']) => r.tiers!.find((t) => t.tier === name)!;

/** Relative closeness to 6 significant figures. */
function close(actual: number | undefined, expected: number, digits = 6) {
  expect(actual).toBeDefined();
  if (expected === 0) return expect(actual).toBe(0);
  expect(Math.abs(actual! - expected) / Math.abs(expected)).toBeLessThan(0.5 * 10 ** (1 - digits));
}

describe('φ > 1 widens with t on its degrees of freedom', () => {
  it('1 degree of freedom (3 pre-period points): count RR 0.8888889, interval 0.05229861–15.02822, p 0.6903553', () => {
    // R: y <- c(500, 620, 540); t <- 2013:2015; f <- lm(log(y) ~ t); mu <- exp(fitted(f));
    //    phi <- sum((y - mu)^2 / mu) / 1   # 12.21304437
    //    rr <- 480/540; ci <- rr * (poisson.test(c(480, 540))$conf.int / rr)^(sqrt(phi) * qt(.975, 1) / qnorm(.975))
    //    se <- diff(log(ci)) / (2 * qt(.975, 1)); 2 * pt(-abs(log(rr)) / se, 1)
    const t = tier(get('phi-on-1-df'), 'count');
    close(t.ratio, 0.8888888889);
    close(t.ci![0], 0.05229861378);
    close(t.ci![1], 15.02821724);
    close(t.pValue, 0.6903552852);
    expect(t.notes.join(' ')).toContain('φ = 12.21 from the pre-period trend fit on 1 degree of freedom, so t(1) rather than z');
  });
  it('2 degrees of freedom (4 pre-period points): count RR 1.359240, interval 0.2522741–7.375592, p 0.5158687', () => {
    // R: y <- c(535, 786, 841, 579); phi <- 49.91416713 (as above, on 2 df);
    //    rr * (poisson.test(c(787, 579))$conf.int / rr)^(sqrt(phi) * qt(.975, 2) / qnorm(.975))
    const t = tier(get('phi-on-2-df'), 'count');
    close(t.ratio, 1.359240069);
    close(t.ci![0], 0.2522740698);
    close(t.ci![1], 7.375592167);
    close(t.pValue, 0.5158686906);
  });
  it('the comparison area is widened the same way: ratio of ratios 1.409440, interval 0.2641467–7.520527, p 0.4708707', () => {
    // R: d <- log(787/579) - log(53909/55900); se <- sqrt(phi * (1/579 + 1/787 + 1/55900 + 1/53909));
    //    exp(d + c(-1, 1) * qt(.975, 2) * se); 2 * pt(-abs(d / se), 2)
    const t = tier(get('phi-on-2-df'), 'comparison');
    close(t.ratio, 1.409440351);
    close(t.ci![0], 0.2641466621);
    close(t.ci![1], 7.520526992);
    close(t.pValue, 0.4708707157);
  });
});

describe('weak tiers are shown, never deciding', () => {
  it('a trend on 3 or 4 pre-period points is computed, flagged weak, and the count tier decides', () => {
    for (const id of ['phi-on-1-df', 'phi-on-2-df']) {
      const r = get(id);
      const t = tier(r, 'trend');
      expect(t.ci).toBeDefined();
      expect(t.informative).toBe(false);
      expect(t.notes.join(' ')).toMatch(/weak: [34] pre-period points/);
      expect(r.attribution).toMatchObject({ verdict: 'inconclusive', decidedBy: 'count' });
    }
  });
  it('a parallel-trends check on 4 points cannot fail: shown as untested, and the comparison does not decide', () => {
    // R: summary(lm(log(c(535, 786, 841, 579) / c(52000, 54000, 55500, 55900)) ~ c(2012:2015))): slope 0.006038110, t 0.05236990
    const t = tier(get('phi-on-2-df'), 'comparison');
    close(t.inputs!.preSlope as number, 0.006038110065);
    close(t.inputs!.preT as number, 0.05236989753);
    expect([t.passed, t.informative]).toEqual([false, false]);
    expect(t.notes.join(' ')).toContain('parallel trends untested: 4 shared pre-period points');
    expect(get('phi-on-2-df').attribution!.reasons.join(' ')).toContain('the comparison tier does not decide: parallel trends untested');
  });
  it('the two answers differ: the outcome is contradicted (+35.92% against −15%), the attribution inconclusive', () => {
    const r = get('phi-on-2-df');
    expect(r.verdict).toBe('contradicted');
    expect(r.attribution!.reasons[0]).toBe(
      "the count tier's 95% interval, −74.8% to +637.6%, includes both no change and the claim; before 2015 the series moved between −31.2% and +46.9% a year",
    );
  });
});

describe('the Poisson floor', () => {
  it('a pre-period smoother than counting noise: s 0.001046 is replaced by sqrt(mean(1/y)) 0.08938182; PI 140.1981–326.2219', () => {
    // R: y <- c(100, 110, 121, 133, 146, 161); t <- 2010:2015; f <- lm(log(y) ~ t); summary(f)$sigma  # 0.001046352771
    //    s <- max(summary(f)$sigma, sqrt(mean(1/y)))  # 0.08938182523
    //    p <- predict(f, data.frame(t = 2018)); exp(p)  # 213.8590626
    //    exp(p + c(-1, 1) * qt(.975, 4) * s * sqrt(1 + 1/6 + (2018 - mean(t))^2 / sum((t - mean(t))^2)))
    //    150 / exp(p); 150 / c(326.2218616, 140.1981413)
    const r = get('poisson-floor-smooth');
    const t = tier(r, 'trend');
    close(t.inputs!.s as number, 0.001046352771);
    close(t.inputs!.sUsed as number, 0.08938182523);
    close(t.inputs!.projection as number, 213.8590626);
    close(t.inputs!.lower as number, 140.1981413);
    close(t.inputs!.upper as number, 326.2218616);
    close(t.ratio, 0.7013965094);
    close(t.ci![0], 0.4598097726);
    close(t.ci![1], 1.069914327);
    // Without the floor the interval would be about 0.69–0.71 and the trend would call the claim supported.
    expect([t.informative, t.verdict]).toEqual([true, 'inconclusive']);
    expect(r.attribution).toMatchObject({ verdict: 'inconclusive', decidedBy: 'trend' });
  });
  it('a target of 0 never gives a zero-width interval: trend [0, qgamma(.975, 1) / 140.1981413 = 0.02631190], count [0, 0.02317680]', () => {
    // R: qgamma(.975, 1) / 140.1981413; poisson.test(c(0, 161))$conf.int
    const r = get('zero-target');
    const trend = tier(r, 'trend');
    expect(trend.ci![0]).toBe(0);
    close(trend.ci![1], 0.02631189986);
    const count = tier(r, 'count');
    expect(count.ci![0]).toBe(0);
    close(count.ci![1], 0.02317679763);
    for (const t of [trend, count]) expect(t.ci![1]).toBeGreaterThan(t.ci![0]);
  });
});

describe('outcome', () => {
  it('smaller than claimed, under half on the log scale: exaggerated (f = log(150/161) / log(0.8) = 0.3171459)', () => {
    const r = get('poisson-floor-smooth');
    expect(r.verdict).toBe('exaggerated');
    close(r.share, 0.317145938);
  });
  it('a result claim with no history gets its outcome and no attribution: partly-supported (f = log(310/400) / log(0.75) = 0.8860206)', () => {
    const r = get('result-without-history');
    expect(r.verdict).toBe('partly-supported');
    close(r.share, 0.886020625);
    expect(r.attribution!.verdict).toBe('not-computed');
    // The count tier is still shown: R: poisson.test(c(310, 400)) → 0.775 (0.666008–0.901160)
    close(tier(r, 'count').ci![0], 0.666008, 5);
  });
  it('a stated bound gets no tolerance: 9,000,000 against ">= 9040000" is contradicted though only 0.44% short', () => {
    const r = get('bound-level');
    expect(r.verdict).toBe('contradicted');
    expect(r.gap).toBeCloseTo((-40_000 / 9_040_000) * 100, 9);
    expect(r.reasons[0]).toContain('a stated bound gets no tolerance');
  });
});

describe('horizon claims are judged at the horizon', () => {
  it('met in 2018 (−22%), reversed by 2021 (+20%): contradicted, the early hit a reason', () => {
    // R: poisson.test(c(1200, 1000))$conf.int = 1.102482 1.306360: the attribution says the rise is real.
    const r = get('horizon-reversed');
    expect(r.verdict).toBe('contradicted');
    expect(r.met).toEqual({ first: '2018', sustained: false });
    expect(r.reasons.join(' ')).toContain('the claim was met in 2018 (-22.00%), but not at the horizon 2021, where it is judged');
    expect(r.attribution).toMatchObject({ verdict: 'contradicted', decidedBy: 'count' });
    close(tier(r, 'count').ci![0], 1.102481555);
    close(tier(r, 'count').ci![1], 1.306359641);
  });
});

describe('the pre-period mean', () => {
  it('is shown beside a single baseline, and a dip before the baseline that matters to the claim is a warning', () => {
    // mean(c(535, 786, 841, 579)) = 685.25; 787 / 685.25 − 1 = 0.1484859; qgamma(c(.025, .975), c(579, 580)) = 532.7927 628.1421
    const r = get('phi-on-2-df');
    expect(r.preMean).toMatchObject({ periods: '2012–2015', n: 4, value: 685.25, departs: true });
    close(r.preMean!.changePercent, 14.84859);
    close(r.preMean!.baselineInterval![0], 532.792705);
    expect(r.findings?.map((f) => f.code)).toContain('baseline-departs-from-mean');
  });
  it('a baseline inside its own interval of the mean gives no warning', () => {
    // Smooth Town: mean(c(100, 110, 121, 133, 146, 161)) = 128.5, outside 161's interval 137.09–187.88 → departs;
    // Town One: mean(c(500, 620, 540)) = 553.33, inside 540's interval 495.41–587.53 → no warning.
    expect(get('phi-on-1-df').preMean!.departs).toBe(false);
    expect(get('phi-on-1-df').findings ?? []).toEqual([]);
  });
});
