/** Log-linear trend fits vs R 4.2.2 lm / predict(interval = "prediction"). */
import { describe, it, expect } from 'vitest';
import { fitLogLinear, pearsonDispersion, poissonLogSigma, projectLogLinear, trendEffect } from '../../../src/stats/math/index.js';
import { expectRel } from './helpers.js';

const pts = (ts: number[], ys: number[]) => ts.map((t, i) => ({ t, y: ys[i] as number }));

describe('worked example B pre-period (city 2011–2015)', () => {
  const data = pts([2011, 2012, 2013, 2014, 2015], [2400, 2310, 2140, 2080, 1950]);
  const fit = fitLogLinear(data);

  it('90% prediction interval at 2021', () => {
    // R: exp(predict(m, data.frame(yr = 2021), interval = "prediction", level = 0.9))
    const p = projectLogLinear(fit, 2021, 0.9);
    expectRel(p.projection, 1431.34875224286, 1e-11);
    expectRel(p.interval[0], 1326.0163185018, 1e-10);
    expectRel(p.interval[1], 1545.04829387166, 1e-10);
  });

  it('Pearson dispersion 0.3018569 (< 1, so max(1, φ) leaves the PI unchanged)', () => {
    // R: mu <- exp(fitted(m)); sum((city[1:5] - mu)^2/mu)/3
    const phi = pearsonDispersion(data, fit);
    expectRel(phi, 0.301856936114725, 1e-9);
    expect(projectLogLinear(fit, 2021, 0.95, phi)).toEqual(projectLogLinear(fit, 2021));
  });

  it('a dispersion above 1 widens the log-scale half-width by √φ', () => {
    const base = projectLogLinear(fit, 2021);
    const wide = projectLogLinear(fit, 2021, 0.95, 4);
    const half = (p: typeof base) => Math.log(p.interval[1]) - p.logProjection;
    expectRel(half(wide), 2 * half(base), 1e-12);
    expect(wide.projection).toBe(base.projection);
  });
});

describe('other data: t = 1..6, y = 120, 135, 128, 150, 162, 171', () => {
  const data = pts([1, 2, 3, 4, 5, 6], [120, 135, 128, 150, 162, 171]);
  const fit = fitLogLinear(data);

  it('coefficients, R², s, slope SE and fitted values', () => {
    // R: m2 <- lm(log(y2) ~ t2); coef(m2); summary(m2)$r.squared; summary(m2)$sigma
    expectRel(fit.intercept, 4.7164724515790777, 1e-12);
    expectRel(fit.slope, 0.0707551076903303, 1e-11);
    expectRel(fit.rSquared, 0.911121589630273, 1e-11);
    expectRel(fit.residualSE, 0.0462228580636212, 1e-10);
    // R: coef(summary(m2))[2, 2]
    expectRel(fit.slopeSE, 0.0110493764725686, 1e-10);
    expect(fit.tMean).toBe(3.5);
    expect(fit.sxx).toBeCloseTo(17.5, 12);
    // R: fitted(m2)
    const rFitted = [4.7872275592694, 4.85798266695974, 4.92873777465007, 4.9994928823404, 5.07024799003073, 5.14100309772106];
    fit.fitted.forEach((f, i) => expectRel(f, rFitted[i] as number, 1e-12));
  });

  it('90% prediction at t = 9', () => {
    // R: exp(predict(m2, data.frame(t2 = 9), interval = "prediction", level = 0.9))
    const p = projectLogLinear(fit, 9, 0.9);
    expectRel(p.projection, 211.297780552386, 1e-11);
    expectRel(p.interval[0], 178.680374017142, 1e-10);
    expectRel(p.interval[1], 249.869367645721, 1e-10);
  });

  it('Pearson dispersion', () => {
    // R: mu2 <- exp(fitted(m2)); sum((y2 - mu2)^2/mu2)/4
    expectRel(pearsonDispersion(data, fit), 0.280745048350563, 1e-9);
  });
});

describe('three points (df = 1, t(1) = 12.71): 2016–2018, y = 410, 385, 402', () => {
  const data = pts([2016, 2017, 2018], [410, 385, 402]);
  const fit = fitLogLinear(data);

  it('fit and the wide 95% prediction interval at 2020', () => {
    // R: m3 <- lm(log(y3) ~ t3); coef(m3); summary(m3)$r.squared; summary(m3)$sigma
    expectRel(fit.slope, -0.00985253553966351, 1e-10);
    expectRel(fit.intercept, 25.86118171103636243, 1e-11);
    expectRel(fit.rSquared, 0.0937379522416, 1e-9);
    expectRel(fit.residualSE, 0.0433243617592122, 1e-10);
    // R: exp(predict(m3, data.frame(t3 = 2020), interval = "prediction"))
    const p = projectLogLinear(fit, 2020);
    expectRel(p.projection, 387.245911288578, 1e-11);
    expectRel(p.interval[0], 102.463289029476, 1e-9);
    expectRel(p.interval[1], 1463.542672015745, 1e-9);
    // R: mu3 <- exp(fitted(m3)); sum((y3 - mu3)^2/mu3)/1
    expectRel(pearsonDispersion(data, fit), 0.735840987734025, 1e-9);
  });
});

describe('trendEffect', () => {
  it('ratio observed/projection, interval observed/[hi, lo]', () => {
    const e = trendEffect(200, { logProjection: Math.log(250), projection: 250, interval: [200, 400], sigma: 0.1 });
    expectRel(e.ratio, 0.8, 1e-15);
    expect(e.interval).toEqual([0.5, 1]);
  });
});

describe('input validation', () => {
  it('needs n >= 3, y > 0 and two distinct t', () => {
    expect(() => fitLogLinear(pts([1, 2], [5, 6]))).toThrow(RangeError);
    expect(() => fitLogLinear(pts([1, 2, 3], [5, 0, 6]))).toThrow(RangeError);
    expect(() => fitLogLinear(pts([1, 2, 3], [5, -1, 6]))).toThrow(RangeError);
    expect(() => fitLogLinear(pts([2, 2, 2], [5, 6, 7]))).toThrow(RangeError);
    expect(() => fitLogLinear(pts([1, Number.NaN, 3], [5, 6, 7]))).toThrow(RangeError);
  });

  it('projection and dispersion arguments are checked', () => {
    const fit = fitLogLinear(pts([1, 2, 3, 4], [5, 6, 8, 9]));
    expect(() => projectLogLinear(fit, 5, 1.5)).toThrow(RangeError);
    expect(() => projectLogLinear(fit, Number.NaN)).toThrow(RangeError);
    expect(() => projectLogLinear(fit, 5, 0.95, -1)).toThrow(RangeError);
    expect(() => pearsonDispersion(pts([1, 2, 3], [5, 6, 8]), fit)).toThrow(RangeError);
  });
});

describe('the Poisson floor of the residual SE', () => {
  // R: y <- c(100, 110, 121, 133, 146, 161); t <- 2010:2015; f <- lm(log(y) ~ t)
  const points = [100, 110, 121, 133, 146, 161].map((y, i) => ({ t: 2010 + i, y }));
  it('poissonLogSigma = sqrt(mean(1/y)) = 0.08938182523', () => {
    expectRel(poissonLogSigma(points), 0.08938182523, 1e-9);
  });
  it('projectLogLinear uses max(s, floor): exp(predict(f, data.frame(t = 2018)) + c(-1, 1) * qt(.975, 4) * 0.08938182523 * sqrt(1 + 1/6 + (2018 - 2012.5)^2 / 17.5)) = 140.1981413 326.2218616', () => {
    const fit = fitLogLinear(points);
    expectRel(fit.residualSE, 0.001046352771, 1e-8);
    const p = projectLogLinear(fit, 2018, 0.95, 1, poissonLogSigma(points));
    expectRel(p.projection, 213.8590626, 1e-9);
    expectRel(p.interval[0], 140.1981413, 1e-8);
    expectRel(p.interval[1], 326.2218616, 1e-8);
    expect(p.sigma).toBe(poissonLogSigma(points));
    // Without the floor the fit's own s is used (and the interval is about 85 times narrower on the log scale).
    expect(projectLogLinear(fit, 2018).sigma).toBe(fit.residualSE);
  });
});
