/**
 * The quantile search: Halley's method on the log scale (special.ts) against the bracketed search
 * (geometric bisection, then Brent) it replaced and which remains its fallback, and the memo of
 * Garwood intervals (poisson.ts). R 4.2.2 values where the two searches differ.
 */
import { describe, it, expect } from 'vitest';
import { garwoodInterval } from '../../../src/stats/math/index.js';
import {
  betaQuantileBracketed,
  betaQuantileHalley,
  betaQuantileWithComplement,
  gammaQuantile,
  gammaQuantileBracketed,
  gammaQuantileHalley,
} from '../../../src/stats/math/special.js';
import { expectRel } from './helpers.js';

const cross = <A, B>(as: A[], bs: B[]): Array<[A, B]> => as.flatMap((a) => bs.map((b): [A, B] => [a, b]));

describe('gamma quantile: Halley agrees with the bracketed search', () => {
  const shapes = [0.5, 1, 1.5, 2, 5, 10, 50, 100, 1000, 5000, 1e5, 1e7];
  const ps = [1e-10, 1e-5, 0.001, 0.025, 0.05, 0.3, 0.5, 0.7, 0.95, 0.975, 0.999, 1 - 1e-5, 1 - 1e-10];

  it.each(shapes)('shape %d, p from 1e-10 to 1 − 1e-10, to 1e-14', (shape) => {
    for (const p of ps) {
      const x = gammaQuantileHalley(p, shape);
      expect(x, `no convergence at p = ${p}`).not.toBeNaN();
      expectRel(x, gammaQuantileBracketed(p, shape), 1e-14);
    }
  });

  it('Garwood ends of counts 1–5000 at the usual levels, to 1e-14', () => {
    for (let x = 1; x <= 5000; x += x < 100 ? 1 : 37) {
      for (const alpha of [0.2, 0.1, 0.05, 0.01, 0.001]) {
        expectRel(gammaQuantileHalley(alpha / 2, x), gammaQuantileBracketed(alpha / 2, x), 1e-14);
        expectRel(gammaQuantileHalley(1 - alpha / 2, x + 1), gammaQuantileBracketed(1 - alpha / 2, x + 1), 1e-14);
      }
    }
  });

  it('gives up where the quantile underflows, and the bracketed search answers 0 (as R)', () => {
    expect(gammaQuantileHalley(1e-12, 1e-3)).toBeNaN();
    expect(gammaQuantile(1e-12, 1e-3)).toBe(0); // R: qgamma(1e-12, 1e-3)
  });
});

describe('beta quantile: Halley agrees with the bracketed search', () => {
  const shapes = [0.5, 1, 2, 5, 10, 50, 100, 1000, 5000, 1e5];
  const ps = [0.001, 0.025, 0.05, 0.3, 0.5, 0.7, 0.95, 0.975, 0.999];

  it.each(shapes)('shape a = %d, b from 0.5 to 1e5, p from 0.001 to 0.999: x and 1 − x to 1e-13', (a) => {
    for (const [b, p] of cross(shapes, ps)) {
      const [x, y] = betaQuantileHalley(p, a, b);
      expect(x, `no convergence at b = ${b}, p = ${p}`).not.toBeNaN();
      const [bx, by] = betaQuantileBracketed(p, a, b);
      expectRel(x, bx, 1e-13);
      expectRel(y, by, 1e-13);
    }
  });

  it('Clopper–Pearson ends of poisson.test(c(b, a)) for counts 0–5000, to 1e-13', () => {
    for (const [b, a] of cross([0, 1, 2, 7, 50, 333, 1000, 4999], [1, 3, 20, 150, 1200, 5000])) {
      const n = a + b;
      for (const alpha of [0.1, 0.05, 0.01]) {
        if (b > 0) {
          const [x, y] = betaQuantileHalley(alpha / 2, b, n - b + 1);
          const [bx, by] = betaQuantileBracketed(alpha / 2, b, n - b + 1);
          expectRel(x, bx, 1e-13);
          expectRel(y, by, 1e-13);
        }
        const [x, y] = betaQuantileHalley(1 - alpha / 2, b + 1, n - b);
        const [bx, by] = betaQuantileBracketed(1 - alpha / 2, b + 1, n - b);
        expectRel(x, bx, 1e-13);
        expectRel(y, by, 1e-13);
      }
    }
  });

  // Where the quantile lies beyond ½ although p is tiny, the bracketed search solved for 1 − x
  // against 1 − p, which keeps only ~6 of p's digits; Halley's method solves ln I_x = ln p.
  it.each([
    [1e-10, 100, 2, 0.76946380476568754, 'qbeta(1e-10, 100, 2)'],
    [1e-10, 1000, 1, 0.97723722095581067, 'qbeta(1e-10, 1000, 1)'], // = 1e-10^(1/1000)
    [1e-10, 50, 1, 0.63095734448019325, 'qbeta(1e-10, 50, 1)'],
    [1 - 1e-10, 2, 100, 0.23053619457661589, 'qbeta(1-1e-10, 2, 100)'],
    [1e-12, 51, 0.01, 0.67284859831537613, 'qbeta(1e-12, 51, 0.01)'],
  ])('qbeta(%d, %d, %d) = %d, where the bracketed search lost digits   // R: %s', (p, a, b, expected) => {
    expectRel(betaQuantileWithComplement(p, a, b)[0], expected, 1e-13);
    expect(Math.abs(betaQuantileBracketed(p, a, b)[0] - expected) / expected).toBeGreaterThan(1e-10);
  });

  it('gives up where the quantile underflows, and the bracketed search answers 0 (as R)', () => {
    expect(betaQuantileHalley(1e-200, 0.5, 3)[0]).toBeNaN();
    expect(betaQuantileWithComplement(1e-200, 0.5, 3)).toEqual([0, 1]); // R: qbeta(1e-200, 0.5, 3)
  });
});

describe('garwoodInterval memo', () => {
  const direct = (x: number, level: number): [number, number] => [
    x === 0 ? 0 : gammaQuantile((1 - level) / 2, x),
    gammaQuantile(1 - (1 - level) / 2, x + 1),
  ];

  it('returns the values computed afresh, again and again, level by level', () => {
    for (let round = 0; round < 3; round++) {
      for (const x of [0, 1, 17, 1000, 4321.5]) {
        for (const level of [0.95, 0.9, 0.95]) expect(garwoodInterval(x, level)).toEqual(direct(x, level));
      }
    }
  });

  it('hands out a fresh pair each time: changing one does not change the next', () => {
    const first = garwoodInterval(250);
    first[0] = -1;
    expect(garwoodInterval(250)).toEqual(direct(250, 0.95));
  });

  it('stays right past its bound (4096 counts)', () => {
    for (let x = 0; x < 5000; x++) garwoodInterval(x);
    for (const x of [0, 1, 2, 2500, 4999]) expect(garwoodInterval(x)).toEqual(direct(x, 0.95));
  });
});
