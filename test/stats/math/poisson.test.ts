/**
 * rateRatioTest vs R 4.2.2 poisson.test (two-sample form) and garwoodInterval vs qgamma.
 * Expected values printed with options(digits = 15); the R call is beside each case.
 */
import { describe, it, expect } from 'vitest';
import { rateRatioTest, garwoodInterval } from '../../../src/stats/math/index.js';
import { expectRel } from './helpers.js';

interface Case {
  r: string;
  b: number;
  a: number;
  exposureB: number;
  exposureA: number;
  confLevel: number;
  ratio: number;
  lo: number;
  hi: number;
  p: number;
}

// R: r <- poisson.test(c(b, a), T = c(Tb, Ta), conf.level = cl); c(r$estimate, r$conf.int, r$p.value)
const cases: Case[] = [
  { r: 'poisson.test(c(0,10))', b: 0, a: 10, exposureB: 1, exposureA: 1, confLevel: 0.95, ratio: 0, lo: 0, hi: 0.446125549591925, p: 0.001953125 },
  { r: 'poisson.test(c(10,0))', b: 10, a: 0, exposureB: 1, exposureA: 1, confLevel: 0.95, ratio: Infinity, lo: 2.24152147509756, hi: Infinity, p: 0.001953125 },
  { r: 'poisson.test(c(0,1))', b: 0, a: 1, exposureB: 1, exposureA: 1, confLevel: 0.95, ratio: 0, lo: 0, hi: 39, p: 1 },
  { r: 'poisson.test(c(1,0))', b: 1, a: 0, exposureB: 1, exposureA: 1, confLevel: 0.95, ratio: Infinity, lo: 0.0256410256410257, hi: Infinity, p: 1 },
  { r: 'poisson.test(c(1,1))', b: 1, a: 1, exposureB: 1, exposureA: 1, confLevel: 0.95, ratio: 1, lo: 0.0127393670836666, hi: 78.4968353162628, p: 1 },
  { r: 'poisson.test(c(5,1))', b: 5, a: 1, exposureB: 1, exposureA: 1, confLevel: 0.95, ratio: 5, lo: 0.559491694230086, hi: 236.487692867363, p: 0.21875 },
  { r: 'poisson.test(c(1,5))', b: 1, a: 5, exposureB: 1, exposureA: 1, confLevel: 0.95, ratio: 0.2, lo: 0.00422854985760664, hi: 1.78733663129011, p: 0.21875 },
  { r: 'poisson.test(c(5,12), T=c(3.5,2))', b: 5, a: 12, exposureB: 3.5, exposureA: 2, confLevel: 0.95, ratio: 0.238095238095238, lo: 0.0657117999257217, hi: 0.726042249453752, p: 0.00481013590568089 },
  { r: 'poisson.test(c(0,7), T=c(2,5), conf.level=0.9)', b: 0, a: 7, exposureB: 2, exposureA: 5, confLevel: 0.9, ratio: 0, lo: 0, hi: 1.33531851158598, p: 0.203138148220554 },
  { r: 'poisson.test(c(7,0), T=c(2,5), conf.level=0.99)', b: 7, a: 0, exposureB: 2, exposureA: 5, confLevel: 0.99, ratio: Infinity, lo: 2.20913800536084, hi: Infinity, p: 0.000155426006899458 },
  { r: 'poisson.test(c(30,45), T=c(1.2,1), conf.level=0.99)', b: 30, a: 45, exposureB: 1.2, exposureA: 1, confLevel: 0.99, ratio: 0.555555555555556, lo: 0.289921998952318, hi: 1.03903047712366, p: 0.0143816991817027 },
  { r: 'poisson.test(c(30,45), conf.level=0.8)', b: 30, a: 45, exposureB: 1, exposureA: 1, confLevel: 0.8, ratio: 0.666666666666667, lo: 0.478560871168102, hi: 0.924902009495294, p: 0.105342268874605 },
  { r: 'poisson.test(c(10,10))', b: 10, a: 10, exposureB: 1, exposureA: 1, confLevel: 0.95, ratio: 1, lo: 0.373546846699366, hi: 2.67704040024947, p: 1 },
  { r: 'poisson.test(c(140,100))', b: 140, a: 100, exposureB: 1, exposureA: 1, confLevel: 0.95, ratio: 1.4, lo: 1.07541489999107, hi: 1.82816188108683, p: 0.0116640923176777 },
  { r: 'poisson.test(c(3,17))', b: 3, a: 17, exposureB: 1, exposureA: 1, confLevel: 0.95, ratio: 0.176470588235294, lo: 0.0331335615568853, hi: 0.610116235479233, p: 0.00257682800292969 },
  { r: 'poisson.test(c(1950,1390))', b: 1950, a: 1390, exposureB: 1, exposureA: 1, confLevel: 0.95, ratio: 1.40287769784173, lo: 1.30892734811427, hi: 1.50387642993055, p: 3.16447300705109e-22 },
  { r: 'poisson.test(c(9,4), T=c(0.5,0.25))', b: 9, a: 4, exposureB: 0.5, exposureA: 0.25, confLevel: 0.95, ratio: 1.125, lo: 0.313985360204561, hi: 4.99931621341038, p: 1 },
  { r: 'poisson.test(c(40,60), T=c(150000,150000))', b: 40, a: 60, exposureB: 150000, exposureA: 150000, confLevel: 0.95, ratio: 0.666666666666667, lo: 0.435327244691711, hi: 1.01122605879355, p: 0.0568879336409809 },
  // large counts (n ~ 2e6 and 4e6)
  { r: 'poisson.test(c(1000500,1000000))', b: 1000500, a: 1000000, exposureB: 1, exposureA: 1, confLevel: 0.95, ratio: 1.0005, lo: 0.997729994474913, hi: 1.00327769638851, p: 0.724236754262311 },
  { r: 'poisson.test(c(1001000,1000000), T=c(1.001,1))', b: 1001000, a: 1000000, exposureB: 1.001, exposureA: 1, confLevel: 0.95, ratio: 1, lo: 0.997231724334351, hi: 1.00277596123919, p: 1 },
  { r: 'poisson.test(c(2003000,2000000))', b: 2003000, a: 2000000, exposureB: 1, exposureA: 1, confLevel: 0.95, ratio: 1.0015, lo: 0.999539253033826, hi: 1.00346459397951, p: 0.133889706060011 },
  // counts ~1e7, and a tiny exposure
  { r: 'poisson.test(c(10000000,10005000))', b: 10000000, a: 10005000, exposureB: 1, exposureA: 1, confLevel: 0.95, ratio: 0.999500249875062, lo: 0.998624558721032, hi: 1.000376708872906, p: 0.263707668260383 },
  { r: 'poisson.test(c(3,10000000), T=c(1e-6,1))', b: 3, a: 10000000, exposureB: 1e-6, exposureA: 1, confLevel: 0.95, ratio: 0.3, lo: 0.0618672018298956, hi: 0.8767275597905535, p: 0.024613556734866 },
];

describe('rateRatioTest reproduces R poisson.test(c(b, a), T = c(Tb, Ta))', () => {
  it.each(cases)('$r', (c) => {
    const r = rateRatioTest(c.b, c.a, { exposureB: c.exposureB, exposureA: c.exposureA, confLevel: c.confLevel });
    expectRel(r.ratio, c.ratio, 1e-12);
    expectRel(r.ci[0], c.lo, 1e-9);
    expectRel(r.ci[1], c.hi, 1e-9);
    // R prints 15 digits; the p-value sums tail areas, agreement to 1e-8 relative
    expectRel(r.pValue, c.p, 1e-8);
  });

  it('defaults are exposure 1 and 95%', () => {
    expect(rateRatioTest(140, 100)).toEqual(rateRatioTest(140, 100, { exposureB: 1, exposureA: 1, confLevel: 0.95 }));
  });

  it('throws RangeError on invalid input (R errors on b = a = 0 too)', () => {
    expect(() => rateRatioTest(0, 0)).toThrow(RangeError);
    expect(() => rateRatioTest(-1, 3)).toThrow(RangeError);
    expect(() => rateRatioTest(2.5, 3)).toThrow(RangeError);
    expect(() => rateRatioTest(2, 3, { exposureA: 0 })).toThrow(RangeError);
    expect(() => rateRatioTest(2, 3, { exposureB: -1 })).toThrow(RangeError);
    expect(() => rateRatioTest(2, 3, { confLevel: 1 })).toThrow(RangeError);
    expect(() => rateRatioTest(2, 3, { confLevel: 0 })).toThrow(RangeError);
  });
});

describe('garwoodInterval(x) = qgamma(c(α/2, 1 − α/2), c(x, x + 1))', () => {
  it.each([
    [0, 0.95, 0, 3.68887945411394, 'qgamma(c(.025,.975), c(0,1))'],
    [1, 0.95, 0.0253178079842899, 5.5716433909388989, 'qgamma(c(.025,.975), c(1,2))'],
    [5, 0.95, 1.62348639011842, 11.66833207932267, 'qgamma(c(.025,.975), c(5,6))'],
    [5, 0.9, 1.97014956805953, 10.51303490874153, 'qgamma(c(.05,.95), c(5,6))'],
    [1000, 0.95, 938.973018407695, 1063.952136016302, 'qgamma(c(.025,.975), c(1000,1001))'],
    [1e6, 0.99, 997426.049021241, 1002578.708864006, 'qgamma(c(.005,.995), c(1e6,1e6+1))'],
    [1e7, 0.95, 9993802.99688427, 10006199.8977315, 'qgamma(c(.025,.975), c(1e7,1e7+1))'],
  ])('x = %d, level %d -> [%d, %d]   // R: %s', (x, level, lo, hi) => {
    const [l, u] = garwoodInterval(x, level);
    expectRel(l, lo, 1e-10);
    expectRel(u, hi, 1e-10);
  });

  it('throws RangeError on a negative count or bad level', () => {
    expect(() => garwoodInterval(-1)).toThrow(RangeError);
    expect(() => garwoodInterval(Number.NaN)).toThrow(RangeError);
    expect(() => garwoodInterval(3, 1.2)).toThrow(RangeError);
  });
});
