/** Difference in differences and pre-trend slope vs R 4.2.2 glm / lm. */
import { describe, it, expect } from 'vitest';
import { differenceInDifferences, preTrendSlope } from '../../../src/stats/math/index.js';
import { expectRel } from './helpers.js';

// glm's IRLS stops at a relative deviance change of 1e-8, so its standard errors are only good to
// about 1e-9 … 3e-7 relative: compared with rel 1e-6. The same quantities in closed form, evaluated
// in R, are compared with rel 1e-12:
// R: f <- function(t0, t1, c0, c1, lev = 0.95) { d <- log(t1/t0) - log(c1/c0);
//      se <- sqrt(1/t0 + 1/t1 + 1/c0 + 1/c1); z <- qnorm(1 - (1 - lev)/2);
//      print(c(d, se, d/se, 2*pnorm(-abs(d/se)), exp(d - z*se), exp(d + z*se)), digits = 17) }
describe('differenceInDifferences = city:post of glm(y ~ city*post, family = poisson)', () => {
  it('T 120 -> 80, C 400 -> 390', () => {
    // R: gm2 <- glm(y ~ city*post, family = poisson,
    //      data = data.frame(y = c(120, 80, 400, 390), city = c(1,1,0,0), post = c(0,1,0,1)))
    //    coef(summary(gm2))["city:post", ]; exp(confint.default(gm2)["city:post", ])
    const d = differenceInDifferences({ treatedBefore: 120, treatedAfter: 80, controlBefore: 400, controlAfter: 390 });
    expectRel(d.logRatio, -0.3801473001236333, 1e-8);
    expectRel(d.se, 0.1609267631421251, 1e-6);
    expectRel(d.z, -2.3622379068663673, 1e-6);
    expectRel(d.pValue, 0.0181649807947577, 1e-5);
    expectRel(d.ci[0], 0.498796062062095, 1e-6);
    expectRel(d.ci[1], 0.937314281761312, 1e-6);
    // R: f(120, 80, 400, 390)
    expectRel(d.logRatio, -0.380147300123874543, 1e-12);
    expectRel(d.se, 0.160926802918084144, 1e-12);
    expectRel(d.z, -2.362237322998203215, 1e-12);
    expectRel(d.pValue, 0.018165009406024429, 1e-12);
    expectRel(d.ratio, Math.exp(-0.380147300123874543), 1e-12);
    expectRel(d.ci[0], 0.498796023176110881, 1e-12);
    expectRel(d.ci[1], 0.937314354833592045, 1e-12);
  });

  it('small counts, 99% level: T 15 -> 22, C 40 -> 41', () => {
    // R: gm3 <- glm(y ~ city*post, family = poisson,
    //      data = data.frame(y = c(15, 22, 40, 41), city = c(1,1,0,0), post = c(0,1,0,1)))
    //    coef(summary(gm3))["city:post", ]; exp(confint.default(gm3, level = 0.99)["city:post", ])
    const d = differenceInDifferences({ treatedBefore: 15, treatedAfter: 22, controlBefore: 40, controlAfter: 41 }, 0.99);
    expectRel(d.logRatio, 0.358299639665735, 1e-8);
    expectRel(d.se, 0.401884879044802, 1e-6);
    expectRel(d.z, 0.891547949047847, 1e-6);
    expectRel(d.pValue, 0.37263528001304, 1e-6);
    expectRel(d.ci[0], 0.508196442442206, 1e-6);
    expectRel(d.ci[1], 4.028872208405059, 1e-6);
    // R: f(15, 22, 40, 41, 0.99)
    expectRel(d.logRatio, 0.3582996396657343, 1e-12);
    expectRel(d.se, 0.40188487906818682, 1e-12);
    expectRel(d.z, 0.89154794899596734, 1e-12);
    expectRel(d.pValue, 0.37263528004085861, 1e-12);
    expectRel(d.ci[0], 0.50819644241159445, 1e-12);
    expectRel(d.ci[1], 4.02887220864773354, 1e-12);
  });

  it('worked example B at 90%', () => {
    // R: exp(confint.default(gm, level = 0.9)["city:post", ])   (gm as in docs/methods.md, example B)
    const d = differenceInDifferences(
      { treatedBefore: 1950, treatedAfter: 1390, controlBefore: 29300, controlAfter: 21600 },
      0.9,
    );
    expectRel(d.ci[0], 0.910987786090199, 1e-6);
    expectRel(d.ci[1], 1.026302913760124, 1e-6);
  });

  it('dispersionScale > 1 multiplies the variance; <= 1 changes nothing', () => {
    const cells = { treatedBefore: 120, treatedAfter: 80, controlBefore: 400, controlAfter: 390 };
    const base = differenceInDifferences(cells);
    expectRel(differenceInDifferences(cells, 0.95, 2.25).se, 1.5 * base.se, 1e-14);
    expect(differenceInDifferences(cells, 0.95, 0.5)).toEqual(base);
  });

  it('throws RangeError on a zero or negative count and a bad level', () => {
    expect(() => differenceInDifferences({ treatedBefore: 0, treatedAfter: 3, controlBefore: 4, controlAfter: 5 })).toThrow(RangeError);
    expect(() => differenceInDifferences({ treatedBefore: 2, treatedAfter: -3, controlBefore: 4, controlAfter: 5 })).toThrow(RangeError);
    expect(() => differenceInDifferences({ treatedBefore: 2, treatedAfter: 3, controlBefore: 4, controlAfter: 5 }, 2)).toThrow(RangeError);
  });
});

describe('preTrendSlope = summary(lm(log(tr/co) ~ tt))', () => {
  it('diverging series: slope 0.0393, t = 17.9', () => {
    // R: tr <- c(100, 104, 111, 115, 123); co <- c(1000, 1010, 1030, 1035, 1050); tt <- 1:5
    //    coef(summary(lm(log(tr/co) ~ tt)))["tt", ]
    const tt = [1, 2, 3, 4, 5];
    const tr = [100, 104, 111, 115, 123];
    const co = [1000, 1010, 1030, 1035, 1050];
    // control given in a different order: points are paired by t
    const p = preTrendSlope(
      tt.map((t, i) => ({ t, y: tr[i] as number })),
      tt.map((t, i) => ({ t, y: co[i] as number })).reverse(),
    );
    expectRel(p.slope, 3.92538143787502e-2, 1e-11);
    expectRel(p.se, 2.19717582159444e-3, 1e-10);
    expectRel(p.tStatistic, 1.7865577252832e1, 1e-10);
    expectRel(p.pValue, 3.82421919733955e-4, 1e-9);
    expect(p.n).toBe(5);
    expect(p.df).toBe(3);
  });

  it('throws RangeError when the time points do not match', () => {
    const a = [1, 2, 3].map((t) => ({ t, y: 10 + t }));
    const b = [1, 2, 4].map((t) => ({ t, y: 100 + t }));
    expect(() => preTrendSlope(a, b)).toThrow(RangeError);
    expect(() => preTrendSlope(a, b.slice(0, 2))).toThrow(RangeError);
    expect(() => preTrendSlope(a.slice(0, 2), b.slice(0, 2))).toThrow(RangeError);
  });
});

describe('differenceInDifferences with φ estimated on few degrees of freedom', () => {
  it('uses t on φ’s degrees of freedom: R: d <- log(787/579) - log(53909/55900); se <- sqrt(49.91416713 * (1/579 + 1/787 + 1/55900 + 1/53909)); exp(d + c(-1, 1) * qt(.975, 2) * se) = 0.2641466621 7.520526992; 2 * pt(-abs(d / se), 2) = 0.4708707157', () => {
    const r = differenceInDifferences({ treatedBefore: 579, treatedAfter: 787, controlBefore: 55900, controlAfter: 53909 }, 0.95, 49.91416713, 2);
    expectRel(r.ratio, 1.409440351, 1e-9);
    expectRel(r.ci[0], 0.2641466621, 1e-8);
    expectRel(r.ci[1], 7.520526992, 1e-8);
    expectRel(r.pValue, 0.4708707157, 1e-8);
  });
  it('keeps z when φ ≤ 1 (the Poisson variance stands)', () => {
    const withDf = differenceInDifferences({ treatedBefore: 1950, treatedAfter: 1390, controlBefore: 29300, controlAfter: 21600 }, 0.95, 0.5, 3);
    const plain = differenceInDifferences({ treatedBefore: 1950, treatedAfter: 1390, controlBefore: 29300, controlAfter: 21600 });
    expect(withDf.ci).toEqual(plain.ci);
  });
});
