/**
 * Special functions against R 4.2.2. Each expected constant was printed by the R call in the
 * comment next to it (options(digits = 15)).
 */
import { describe, it, expect } from 'vitest';
import {
  regularizedGammaP,
  regularizedGammaQ,
  regularizedBeta,
  gammaQuantile,
  betaQuantile,
  normalCdf,
  normalQuantile,
  studentTCdf,
  studentTQuantile,
} from '../../../src/stats/math/index.js';
import { expectRel } from './helpers.js';

describe('regularized incomplete gamma P(a, x) = pgamma(x, a)', () => {
  it.each([
    // [a, x, expected, R call]
    [2.5, 3, 0.693781081586722, 'pgamma(3, 2.5)'], // series branch
    [0.5, 0.1, 0.345279153981423, 'pgamma(0.1, 0.5)'],
    [1e7, 1e7 - 5000, 0.0569050707389934, 'pgamma(1e7 - 5000, 1e7)'], // huge shape
    [100, 50, 3.20006532458513e-10, 'pgamma(50, 100)'], // far lower tail
  ])('P(%d, %d) = %d   // R: %s', (a, x, expected) => {
    expectRel(regularizedGammaP(a, x), expected, 1e-9);
  });

  it('upper tail Q(3, 10) = 0.00276939571551158 (continued-fraction branch)', () => {
    // R: pgamma(10, 3, lower.tail=FALSE)
    expectRel(regularizedGammaQ(3, 10), 0.00276939571551158, 1e-12);
    expectRel(regularizedGammaP(3, 10), 1 - 0.00276939571551158, 1e-14);
  });

  it('edges follow R: x <= 0 gives 0, shape 0 is a point mass at 0, x = Inf gives 1', () => {
    expect(regularizedGammaP(2, 0)).toBe(0); // R: pgamma(0, 2)
    expect(regularizedGammaP(2, -1)).toBe(0); // R: pgamma(-1, 2)
    expect(regularizedGammaP(0, 0)).toBe(0); // R: pgamma(0, 0)
    expect(regularizedGammaP(0, 1)).toBe(1); // R: pgamma(1, 0)
    expect(regularizedGammaP(3, Infinity)).toBe(1); // R: pgamma(Inf, 3)
    expect(regularizedGammaQ(3, 0)).toBe(1); // R: pgamma(0, 3, lower.tail=FALSE)
  });

  it('throws RangeError on a negative or NaN shape and on NaN x', () => {
    expect(() => regularizedGammaP(-1, 2)).toThrow(RangeError);
    expect(() => regularizedGammaP(Number.NaN, 2)).toThrow(RangeError);
    expect(() => regularizedGammaP(2, Number.NaN)).toThrow(RangeError);
    expect(() => regularizedGammaQ(Infinity, 2)).toThrow(RangeError);
  });
});

describe('gammaQuantile(p, shape) = qgamma(p, shape)', () => {
  it.each([
    [0.025, 1, 0.0253178079842899, 'qgamma(.025, 1)'],
    [0.975, 2, 5.5716433909388989, 'qgamma(.975, 2)'],
    [0.975, 1, 3.68887945411394, 'qgamma(.975, 1)'],
    [0.025, 5, 1.62348639011842, 'qgamma(.025, 5)'],
    [0.975, 6, 11.66833207932267, 'qgamma(.975, 6)'],
    [0.3, 0.5, 0.0742359309162727, 'qgamma(0.3, 0.5)'],
    [1e-10, 2.5, 0.000161677857312485, 'qgamma(1e-10, 2.5)'],
    [0.999, 0.1, 3.36367701171875, 'qgamma(0.999, 0.1)'],
    [0.025, 1e7, 9993802.99688427, 'qgamma(.025, 1e7)'],
    [0.975, 1e7 + 1, 10006199.8977315, 'qgamma(.975, 1e7+1)'],
    [0.005, 1e6, 997426.049021241, 'qgamma(.005, 1e6)'],
    [0.995, 1e6 + 1, 1002578.708864006, 'qgamma(.995, 1e6+1)'],
  ])('qgamma(%d, %d) = %d   // R: %s', (p, shape, expected) => {
    expectRel(gammaQuantile(p, shape), expected, 1e-10);
  });

  it('tiny quantiles, and 0 where the quantile underflows (as R)', () => {
    expectRel(gammaQuantile(1e-12, 0.05), 5.84463205728664e-241, 1e-9); // R: qgamma(1e-12, 0.05)
    expect(gammaQuantile(1e-12, 1e-3)).toBe(0); // R: qgamma(1e-12, 1e-3)
    expect(gammaQuantile(1e-300, 0.5)).toBe(0); // R: qgamma(1e-300, 0.5)
  });

  it('edges: shape 0 and p = 0 give 0, p = 1 gives Infinity; invalid input throws', () => {
    expect(gammaQuantile(0.025, 0)).toBe(0); // R: qgamma(0.025, 0)
    expect(gammaQuantile(0, 3)).toBe(0); // R: qgamma(0, 3)
    expect(gammaQuantile(1, 3)).toBe(Infinity); // R: qgamma(1, 3)
    expect(() => gammaQuantile(1.5, 3)).toThrow(RangeError);
    expect(() => gammaQuantile(-0.1, 3)).toThrow(RangeError);
    expect(() => gammaQuantile(0.5, -2)).toThrow(RangeError);
  });
});

describe('regularized incomplete beta I_x(a, b) = pbeta(x, a, b)', () => {
  it.each([
    [0.3, 2, 5, 0.579825, 'pbeta(0.3, 2, 5)'],
    [0.9, 0.5, 0.5, 0.795167235300867, 'pbeta(0.9, 0.5, 0.5)'],
    [0.5, 1e6, 1e6 + 10, 0.502820917945533, 'pbeta(0.5, 1e6, 1e6+10)'],
    [2e-5, 3, 1e5, 0.32333441073884, 'pbeta(2e-5, 3, 1e5)'],
  ])('I_%d(%d, %d) = %d   // R: %s', (x, a, b, expected) => {
    expectRel(regularizedBeta(x, a, b), expected, 1e-9);
  });

  it('upper tail without cancellation: 1 − I_0.999(30, 2) = 0.000456103719021684', () => {
    // R: pbeta(0.999, 30, 2, lower.tail=FALSE)
    expectRel(regularizedBeta(0.999, 30, 2, false), 0.000456103719021684, 1e-9);
  });

  it('edges follow R: x <= 0 -> 0, x >= 1 -> 1, a = 0 mass at 0, b = 0 mass at 1, a = b = 0 half each', () => {
    expect(regularizedBeta(0, 2, 3)).toBe(0); // R: pbeta(0, 2, 3)
    expect(regularizedBeta(1, 2, 3)).toBe(1); // R: pbeta(1, 2, 3)
    expect(regularizedBeta(1.5, 2, 3)).toBe(1); // R: pbeta(1.5, 2, 3)
    expect(regularizedBeta(0.3, 0, 2)).toBe(1); // R: pbeta(0.3, 0, 2)
    expect(regularizedBeta(0.3, 2, 0)).toBe(0); // R: pbeta(0.3, 2, 0)
    expect(regularizedBeta(0.3, 0, 0)).toBe(0.5); // R: pbeta(0.3, 0, 0)
  });

  it('throws RangeError on negative shapes or NaN x', () => {
    expect(() => regularizedBeta(0.5, -1, 2)).toThrow(RangeError);
    expect(() => regularizedBeta(0.5, 1, -2)).toThrow(RangeError);
    expect(() => regularizedBeta(Number.NaN, 1, 2)).toThrow(RangeError);
  });
});

describe('betaQuantile(p, a, b) = qbeta(p, a, b)', () => {
  it.each([
    [0.025, 5, 14, 0.0969492125255593, 'qbeta(0.025, 5, 14)'],
    [0.975, 6, 13, 0.534801965583056, 'qbeta(0.975, 6, 13)'],
    [0.5, 0.5, 0.5, 0.5, 'qbeta(0.5, 0.5, 0.5)'],
    [0.1, 2, 0.5, 0.46812256652642, 'qbeta(0.1, 2, 0.5)'],
    [0.999, 0.2, 3, 0.78556929899898, 'qbeta(0.999, 0.2, 3)'],
    [1e-8, 3, 4, 0.00079417354089833, 'qbeta(1e-8, 3, 4)'],
  ])('qbeta(%d, %d, %d) = %d   // R: %s', (p, a, b, expected) => {
    expectRel(betaQuantile(p, a, b), expected, 1e-10);
  });

  it('tiny quantiles, and 0 where the quantile underflows (as R)', () => {
    expectRel(betaQuantile(1e-30, 0.2, 2), 4.0187757201649e-151, 1e-9); // R: qbeta(1e-30, 0.2, 2)
    expect(betaQuantile(1e-10, 0.01, 5)).toBe(0); // R: qbeta(1e-10, 0.01, 5)
    expect(betaQuantile(1e-200, 0.5, 3)).toBe(0); // R: qbeta(1e-200, 0.5, 3)
    expect(betaQuantile(1 - 1e-12, 5, 0.01)).toBe(1); // R: qbeta(1-1e-12, 5, 0.01)
  });

  it('edges: Clopper–Pearson bounds at 0 and n; degenerate shapes as in R', () => {
    expect(betaQuantile(0.025, 0, 11)).toBe(0); // R: qbeta(0.025, 0, 11)
    expect(betaQuantile(0.975, 11, 0)).toBe(1); // R: qbeta(0.975, 11, 0)
    expect(betaQuantile(0.2, 0, 0)).toBe(0); // R: qbeta(0.2, 0, 0)
    expect(betaQuantile(0.5, 0, 0)).toBe(0.5); // R: qbeta(0.5, 0, 0)
    expect(betaQuantile(0.7, 0, 0)).toBe(1); // R: qbeta(0.7, 0, 0)
    expect(betaQuantile(0, 2, 3)).toBe(0); // R: qbeta(0, 2, 3)
    expect(betaQuantile(1, 2, 3)).toBe(1); // R: qbeta(1, 2, 3)
    expect(() => betaQuantile(2, 2, 3)).toThrow(RangeError);
    expect(() => betaQuantile(0.5, -2, 3)).toThrow(RangeError);
  });
});

describe('Student t', () => {
  it.each([
    [0.975, 1, 12.70620473617469, 'qt(0.975, 1)'],
    [0.975, 2, 4.30265272974946, 'qt(0.975, 2)'],
    [0.975, 3, 3.18244630528371, 'qt(0.975, 3)'],
    [0.975, 4, 2.77644510519779, 'qt(0.975, 4)'],
    [0.975, 10, 2.22813885198627, 'qt(0.975, 10)'],
    [0.975, 30, 2.04227245630124, 'qt(0.975, 30)'],
    [0.975, 1000, 1.96233908082641, 'qt(0.975, 1000)'],
    [0.995, 1, 63.65674116287153, 'qt(0.995, 1)'],
    [0.995, 3, 5.84090930973335, 'qt(0.995, 3)'],
    [0.995, 10, 3.16927267261695, 'qt(0.995, 10)'],
    [0.05, 1, -6.31375151467504, 'qt(0.05, 1)'],
    [0.05, 3, -2.35336343480183, 'qt(0.05, 3)'],
    [0.05, 10, -1.81246112281168, 'qt(0.05, 10)'],
    [0.6, 2.5, 0.281459512748548, 'qt(0.6, 2.5)'],
  ])('qt(%d, %d) = %d   // R: %s', (p, df, expected) => {
    expectRel(studentTQuantile(p, df), expected, 1e-10);
  });

  it.each([
    [-3, 3, 0.0288344428112187, 'pt(-3, 3)'],
    [-0.5, 3, 0.3257239824240755, 'pt(-0.5, 3)'],
    [0.13, 3, 0.5476032952010466, 'pt(0.13, 3)'],
    [2, 3, 0.9303370157205784, 'pt(2, 3)'],
    [12.7062, 3, 0.9994742327873624, 'pt(12.7062, 3)'],
    [1.5, 1, 0.81283295818900125, 'pt(1.5, 1)'],
    [-40, 1, 0.00795608991202581, 'pt(-40, 1)'],
    [2.2, 10, 0.973779465775323, 'pt(2.2, 10)'],
    [-8, 4, 0.000661948454608584, 'pt(-8, 4)'],
  ])('pt(%d, %d) = %d   // R: %s', (t, df, expected) => {
    expectRel(studentTCdf(t, df), expected, 1e-10);
  });

  it('edges: t = 0 -> 0.5, ±Infinity, quantiles at 0, 0.5, 1; df <= 0 throws', () => {
    expect(studentTCdf(0, 4)).toBe(0.5); // R: pt(0, 4)
    expect(studentTCdf(Infinity, 4)).toBe(1); // R: pt(Inf, 4)
    expect(studentTCdf(-Infinity, 4)).toBe(0); // R: pt(-Inf, 4)
    expect(studentTQuantile(0.5, 7)).toBe(0); // R: qt(0.5, 7)
    expect(studentTQuantile(0, 7)).toBe(-Infinity); // R: qt(0, 7)
    expect(studentTQuantile(1, 7)).toBe(Infinity); // R: qt(1, 7)
    expect(() => studentTCdf(1, 0)).toThrow(RangeError);
    expect(() => studentTQuantile(0.9, -3)).toThrow(RangeError);
    expect(() => studentTQuantile(1.1, 3)).toThrow(RangeError);
  });

  it('round-trips: pt(qt(p, df), df) = p', () => {
    for (const df of [1, 2, 3, 5.5, 10, 200]) {
      for (const p of [1e-6, 0.025, 0.3, 0.5, 0.8, 0.975, 0.9999]) {
        expectRel(studentTCdf(studentTQuantile(p, df), df), p, 1e-10);
      }
    }
  });
});

describe('standard normal', () => {
  it.each([
    [0.975, 1.959963984540054, 'qnorm(0.975)'],
    [0.995, 2.5758293035489, 'qnorm(0.995)'],
    [0.9, 1.281551565544601, 'qnorm(0.9)'],
    [0.025, -1.959963984540054, 'qnorm(0.025)'],
    [0.7, 0.524400512708041, 'qnorm(0.7)'],
    [1e-10, -6.361340902404056, 'qnorm(1e-10)'],
    [1e-300, -37.047096299361201, 'qnorm(1e-300)'],
  ])('qnorm(%d) = %d   // R: %s', (p, expected) => {
    expectRel(normalQuantile(p), expected, 1e-12);
  });

  it('qnorm(0.5) = 0, qnorm(0) = -Inf, qnorm(1) = Inf; invalid p throws', () => {
    expect(normalQuantile(0.5)).toBe(0); // R: qnorm(0.5)
    expect(normalQuantile(0)).toBe(-Infinity); // R: qnorm(0)
    expect(normalQuantile(1)).toBe(Infinity); // R: qnorm(1)
    expect(() => normalQuantile(-0.1)).toThrow(RangeError);
    expect(() => normalQuantile(Number.NaN)).toThrow(RangeError);
  });

  it.each([
    [-1.96, 2.49978951482204e-2, 'pnorm(-1.96)'],
    [0.3, 6.17911422188953e-1, 'pnorm(0.3)'],
    [2.5, 9.93790334674224e-1, 'pnorm(2.5)'],
    [-8, 6.22096057427178e-16, 'pnorm(-8)'],
  ])('pnorm(%d) = %d   // R: %s', (z, expected) => {
    expectRel(normalCdf(z), expected, 1e-12);
  });
});
