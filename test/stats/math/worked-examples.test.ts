/**
 * The two worked examples of docs/methods.md (section 8) (values computed there in R 4.2.2).
 * Every figure is checked at the precision it is printed with in docs/methods.md; where the table
 * prints only a few digits, the full R value is checked as well.
 */
import { describe, it, expect } from 'vitest';
import {
  rateRatioTest,
  garwoodInterval,
  fitLogLinear,
  projectLogLinear,
  trendEffect,
  differenceInDifferences,
  preTrendSlope,
  decideIntervalVerdict,
} from '../../../src/stats/math/index.js';
import { expectPrinted, expectRel } from './helpers.js';

describe('worked example A: "will reduce violent crime 15%", 1000 (2015, 2.0 M) -> 1330 (2018, 2.2 M)', () => {
  const claim = { low: -0.15, high: -0.15 };

  it('count change +33.00% and rates 50.00 -> 60.45 per 100k (+20.91%)', () => {
    expectPrinted((1330 / 1000 - 1) * 100, '33.00');
    expectPrinted((1e5 * 1000) / 2.0e6, '50.00');
    expectPrinted((1e5 * 1330) / 2.2e6, '60.45');
    expectPrinted(rateRatioTest(1330, 1000, { exposureB: 22, exposureA: 20 }).ratio * 100 - 100, '20.91');
  });

  it('count RR 1.330, exact CI 1.224322–1.445153, p 8.672e-12', () => {
    // R: poisson.test(c(1330,1000))
    const r = rateRatioTest(1330, 1000);
    expectPrinted(r.ratio, '1.330');
    expectPrinted(r.ci[0], '1.224322');
    expectPrinted(r.ci[1], '1.445153');
    expectPrinted(r.pValue, '8.672e-12');
    // full precision, R: print(poisson.test(c(1330,1000))[c("conf.int","p.value")], digits = 15)
    expectRel(r.ci[0], 1.2243224233901);
    expectRel(r.ci[1], 1.44515344227362);
    expectRel(r.pValue, 8.67217654091583e-12, 1e-7);
  });

  it('rate RR 1.209091, exact CI 1.113020–1.313776, p 5.496e-06', () => {
    // R: poisson.test(c(1330,1000), T=c(22,20))
    const r = rateRatioTest(1330, 1000, { exposureB: 22, exposureA: 20 });
    expectPrinted(r.ratio, '1.209091');
    expectPrinted(r.ci[0], '1.113020');
    expectPrinted(r.ci[1], '1.313776');
    expectPrinted(r.pValue, '5.496e-06');
    expectRel(r.ci[0], 1.11302038490009);
    expectRel(r.ci[1], 1.31377585661239);
    expectRel(r.pValue, 5.49643629984336e-6, 1e-8);
  });

  it('Garwood 1000: 938.973–1063.952; 1330: 1259.474–1403.448', () => {
    // R: qgamma(c(.025,.975), c(1000,1001))
    const g1000 = garwoodInterval(1000);
    expectPrinted(g1000[0], '938.973');
    expectPrinted(g1000[1], '1063.952');
    expectRel(g1000[0], 938.973018407695);
    expectRel(g1000[1], 1063.952136016302);
    // R: qgamma(c(.025,.975), c(1330,1331))
    const g1330 = garwoodInterval(1330);
    expectPrinted(g1330[0], '1259.474');
    expectPrinted(g1330[1], '1403.448');
    expectRel(g1330[0], 1259.47356622154);
    expectRel(g1330[1], 1403.4475055088);
  });

  it('verdict: contradicted (L = 1.113 > 1)', () => {
    const r = rateRatioTest(1330, 1000, { exposureB: 22, exposureA: 20 });
    const v = decideIntervalVerdict(r.ci, claim);
    expect(v.verdict).toBe('contradicted');
    expect(v.reason).toContain('1.113');
  });
});

describe('worked example B: "vehicle crime −28% to −30% within five years", launch 2016, judged at 2021', () => {
  const years = [2011, 2012, 2013, 2014, 2015, 2016, 2017, 2018, 2019, 2020, 2021];
  const city = [2400, 2310, 2140, 2080, 1950, 1880, 1790, 1700, 1610, 1500, 1390];
  const ctrl = [36000, 34300, 32400, 30900, 29300, 27900, 26400, 25200, 23900, 22600, 21600];
  const series = (ys: number[]) => years.map((t, i) => ({ t, y: ys[i] as number }));
  const pre = <T extends { t: number }>(pts: T[]) => pts.filter((p) => p.t < 2016);
  const claim = { low: -0.3, high: -0.28 };

  it('naive: −28.72%, RR 0.7128205, exact CI 0.6649482–0.7639843 -> supported', () => {
    expectPrinted((1390 / 1950 - 1) * 100, '-28.72');
    // R: poisson.test(c(1390,1950))
    const r = rateRatioTest(1390, 1950);
    expectPrinted(r.ratio, '0.7128205');
    expectPrinted(r.ci[0], '0.6649482');
    expectPrinted(r.ci[1], '0.7639843');
    expectRel(r.pValue, 3.16447300705109e-22, 1e-7); // R: poisson.test(c(1390,1950))$p.value
    expect(decideIntervalVerdict(r.ci, claim).verdict).toBe('supported');
  });

  it('trend: slope −0.05201584/yr, R² 0.9848419, s 0.01178185', () => {
    // R: lm(log(city) ~ yr, subset = yr < 2016)
    const fit = fitLogLinear(pre(series(city)));
    expectPrinted(fit.slope, '-0.05201584');
    expectPrinted(fit.rSquared, '0.9848419');
    expectPrinted(fit.residualSE, '0.01178185');
    expectRel(fit.intercept, 112.390377094308207); // R: coef(m)[1]
    expect(fit.n).toBe(5);
    expect(fit.tMean).toBe(2013);
    expect(fit.sxx).toBeCloseTo(10, 12);
  });

  it('trend: projection 1431.349, PI 1290.785–1587.22; effect −2.889%, interval −12.43% to +7.686% -> not-supported', () => {
    // R: exp(predict(m, data.frame(yr = 2021), interval = "prediction"))
    const fit = fitLogLinear(pre(series(city)));
    const proj = projectLogLinear(fit, 2021);
    expectPrinted(proj.projection, '1431.349');
    expectPrinted(proj.interval[0], '1290.785');
    expectPrinted(proj.interval[1], '1587.22');
    expectRel(proj.projection, 1431.34875224286);
    expectRel(proj.interval[0], 1290.7846970575);
    expectRel(proj.interval[1], 1587.21997186486);
    expectRel(proj.logProjection, Math.log(1431.34875224286));
    // R: 1390/exp(pr[c(1,3,2)]) - 1
    const eff = trendEffect(1390, proj);
    expectPrinted((eff.ratio - 1) * 100, '-2.889');
    expectPrinted((eff.interval[0] - 1) * 100, '-12.43');
    expectPrinted((eff.interval[1] - 1) * 100, '7.686');
    expect(decideIntervalVerdict(eff.interval, claim).verdict).toBe('not-supported');
  });

  it('comparison area: δ −0.03363142, SE 0.0362308, ratio 0.9669, CI 0.9006–1.038 -> not-supported', () => {
    // R: coef(summary(glm(y ~ city*post, family = poisson, data = data.frame(
    //      y = c(1950, 1390, 29300, 21600), city = c(1,1,0,0), post = c(0,1,0,1)))))["city:post", ]
    const d = differenceInDifferences({
      treatedBefore: 1950,
      treatedAfter: 1390,
      controlBefore: 29300,
      controlAfter: 21600,
    });
    expectPrinted(d.logRatio, '-0.03363142');
    expectPrinted(d.se, '0.0362308');
    expectPrinted(d.ratio, '0.9669');
    expectPrinted(d.ci[0], '0.9006');
    expectPrinted(d.ci[1], '1.038');
    // glm's IRLS stops at a relative deviance change of 1e-8, so its SE, z and p agree with the
    // closed form only to ~1e-9 relative: compare with rel 1e-8 ...
    expectRel(d.se, 0.0362308012586619, 1e-8);
    expectRel(d.z, -0.9282550463087382, 1e-8);
    expectRel(d.pValue, 0.3532752866373902, 1e-8);
    // R: exp(confint.default(gm)["city:post", ])
    expectRel(d.ci[0], 0.900646455421806, 1e-8);
    expectRel(d.ci[1], 1.038087046960491, 1e-8);
    // ... and with the closed form evaluated in R to 1e-12:
    // R: d <- log(1390/1950) - log(21600/29300); se <- sqrt(1/1950+1/1390+1/29300+1/21600)
    //    print(c(d, se, d/se, 2*pnorm(-abs(d/se))), digits = 17)
    expectRel(d.logRatio, -0.033631424100152685, 1e-12);
    expectRel(d.se, 0.036230801293667639, 1e-12);
    expectRel(d.z, -0.928255045411615853, 1e-12);
    expectRel(d.pValue, 0.353275287102638946, 1e-12);
    expect(decideIntervalVerdict(d.ci, claim).verdict).toBe('not-supported');
  });

  it('pre-trend slope of ln(city/ctrl) −0.0003906/yr, t = −0.13 (parallel)', () => {
    // R: coef(summary(lm(log(city/ctrl) ~ yr, subset = yr < 2016)))["yr", ]
    const p = preTrendSlope(pre(series(city)), pre(series(ctrl)));
    expectPrinted(p.slope, '-0.0003906');
    expectPrinted(p.tStatistic, '-0.13');
    expectRel(p.slope, -0.000390634524259273);
    expectRel(p.se, 0.002993587000795012);
    expectRel(p.tStatistic, -0.130490453143847773);
    expectRel(p.pValue, 0.904436917987247568);
    expect(p.df).toBe(3);
  });
});
