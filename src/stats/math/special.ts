/**
 * Special functions: regularized incomplete gamma and beta functions, their inverses,
 * the Student-t and standard normal distributions.
 *
 * Pure functions, no I/O. References:
 * - Press et al., Numerical Recipes (3rd ed.), §6.2 (incomplete gamma: series for x < a + 1,
 *   modified Lentz continued fraction otherwise) and §6.4 (incomplete beta continued fraction).
 * - C. Loader (2000), "Fast and accurate computation of binomial probabilities": the
 *   saddle-point form (stirlerr + bd0) used by R's dbinom/dpois. We use it for the prefactors
 *   x^a e^-x / Γ(a) and x^a (1-x)^b / B(a,b): with `gammaln` differences alone
 *   (lnΓ(10^7) ≈ 1.5·10^8) roughly half of the 16 significant digits would be lost to cancellation for
 *   counts near 10^7. `gammaln` from simple-statistics is still the base: stirlerr(n) for
 *   n ≤ 15 is computed from it.
 * - M. J. Wichura (1988), Algorithm AS 241 (PPND16), for the normal quantile (≈1e-16 relative).
 * - Gamma and beta quantiles: Halley's method on the log scale (solveOnLogScale) from the
 *   Wilson–Hilferty and AS 109 (Cran, Martin & Thomas 1977) approximations; the bracketed search
 *   (geometric bisection, then Brent) remains for the corners where it gives up.
 *
 * Invalid arguments (NaN, negative shapes, probabilities outside [0, 1]) throw RangeError.
 */
import { gammaln } from 'simple-statistics';

const EPS = Number.EPSILON; // 2.2e-16: convergence tolerance of the series and fractions
const FPMIN = 1e-300;
const LN_SQRT_2PI = 0.918938533204672741780329736406; // ln √(2π)
const LN_2PI = 1.837877066409345483560659472811; // ln 2π

function requireProbability(p: number): void {
  if (Number.isNaN(p) || p < 0 || p > 1) {
    throw new RangeError(`probability must be in [0, 1], got ${p}`);
  }
}

function requireShape(name: string, v: number): void {
  if (!Number.isFinite(v) || v < 0) {
    throw new RangeError(`${name} must be a finite number >= 0, got ${v}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Loader's saddle-point building blocks (as in R's nmath: stirlerr.c, bd0.c, dbinom.c, dpois.c)
// ---------------------------------------------------------------------------------------------

/** stirlerr(n) = ln Γ(n+1) − [(n + ½) ln n − n + ln √(2π)], the Stirling-formula error. */
function stirlerr(n: number): number {
  if (n <= 15) {
    return gammaln(n + 1) - (n + 0.5) * Math.log(n) + n - LN_SQRT_2PI;
  }
  const S0 = 1 / 12;
  const S1 = 1 / 360;
  const S2 = 1 / 1260;
  const S3 = 1 / 1680;
  const S4 = 1 / 1188;
  const nn = n * n;
  if (n > 500) return (S0 - S1 / nn) / n;
  if (n > 80) return (S0 - (S1 - S2 / nn) / nn) / n;
  if (n > 35) return (S0 - (S1 - (S2 - S3 / nn) / nn) / nn) / n;
  return (S0 - (S1 - (S2 - (S3 - S4 / nn) / nn) / nn) / nn) / n;
}

/** bd0(x, np) = x ln(x/np) + np − x, computed without cancellation when x ≈ np. */
function bd0(x: number, np: number): number {
  if (Math.abs(x - np) < 0.1 * (x + np)) {
    let v = (x - np) / (x + np);
    let s = (x - np) * v;
    if (Math.abs(s) < Number.MIN_VALUE) return s;
    let ej = 2 * x * v;
    v *= v;
    for (let j = 1; j < 1000; j++) {
      ej *= v;
      const s1 = s + ej / (2 * j + 1);
      if (s1 === s) return s1;
      s = s1;
    }
  }
  const ratio = x / np;
  // x/np can overflow or underflow for extreme arguments (np denormal): take the logs apart then
  const logRatio = ratio > 0 && ratio < Infinity ? Math.log(ratio) : Math.log(x) - Math.log(np);
  return x * logRatio + np - x;
}

/**
 * ln of the binomial probability C(n, x) pᵡ qⁿ⁻ˣ (q = 1 − p passed separately for accuracy).
 * x and n may be non-integer (then it is the continuous extension used by the beta prefactor).
 */
export function binomialLogPmfRaw(x: number, n: number, p: number, q: number): number {
  if (p === 0) return x === 0 ? 0 : -Infinity;
  if (q === 0) return x === n ? 0 : -Infinity;
  if (x === 0) {
    if (n === 0) return 0;
    return p < 0.1 ? -bd0(n, n * q) - n * p : n * Math.log(q);
  }
  if (x === n) {
    return q < 0.1 ? -bd0(n, n * p) - n * q : n * Math.log(p);
  }
  if (x < 0 || x > n) return -Infinity;
  const lc = stirlerr(n) - stirlerr(x) - stirlerr(n - x) - bd0(x, n * p) - bd0(n - x, n * q);
  const lf = LN_2PI + Math.log(x) + Math.log1p(-x / n);
  return lc - 0.5 * lf;
}

/** ln of the Poisson "density" λˣ e^−λ / Γ(x+1), x real ≥ 0. */
function poissonLogPmfRaw(x: number, lambda: number): number {
  if (lambda === 0) return x === 0 ? 0 : -Infinity;
  if (x === 0) return -lambda;
  if (x < 0) return -Infinity;
  return -stirlerr(x) - bd0(x, lambda) - 0.5 * (LN_2PI + Math.log(x));
}

// ---------------------------------------------------------------------------------------------
// Incomplete gamma (NR §6.2)
// ---------------------------------------------------------------------------------------------

function maxIterations(scale: number): number {
  return 1000 + Math.ceil(50 * Math.sqrt(scale));
}

/**
 * Returns [P(a,x), Q(a,x), ln(xᵃe⁻ˣ/Γ(a))] for a > 0, 0 < x < ∞, P and Q each computed without
 * cancellation. The last entry is ln of x times the density: the slope quantile search needs.
 */
function incompleteGammaPQ(a: number, x: number): [number, number, number] {
  // ln(xᵃ e⁻ˣ / Γ(a)) = ln a + ln(xᵃ e⁻ˣ / Γ(a+1))
  const logFront = Math.log(a) + poissonLogPmfRaw(a, x);
  const maxIt = maxIterations(Math.max(a, x));
  if (x < a + 1) {
    // Series: P = xᵃe⁻ˣ/Γ(a) · Σ xⁿ / (a (a+1) … (a+n))
    let ap = a;
    let del = 1 / a;
    let sum = del;
    let converged = false;
    for (let n = 0; n < maxIt; n++) {
      ap += 1;
      del *= x / ap;
      sum += del;
      if (Math.abs(del) < Math.abs(sum) * EPS) {
        converged = true;
        break;
      }
    }
    if (!converged) throw new Error(`incomplete gamma series did not converge (a=${a}, x=${x})`);
    const p = Math.min(1, sum * Math.exp(logFront));
    return [p, 1 - p, logFront];
  }
  // Continued fraction for Q (modified Lentz)
  let b = x + 1 - a;
  let c = 1 / FPMIN;
  let d = 1 / b;
  let h = d;
  let converged = false;
  for (let i = 1; i <= maxIt; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < FPMIN) d = FPMIN;
    c = b + an / c;
    if (Math.abs(c) < FPMIN) c = FPMIN;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) {
      converged = true;
      break;
    }
  }
  if (!converged) throw new Error(`incomplete gamma fraction did not converge (a=${a}, x=${x})`);
  const q = Math.min(1, Math.exp(logFront) * h);
  return [1 - q, q, logFront];
}

function gammaPQ(a: number, x: number): [number, number] {
  requireShape('shape a', a);
  if (Number.isNaN(x)) throw new RangeError('x must not be NaN');
  // Conventions of R's pgamma: x <= 0 gives 0 (even for a = 0); a = 0 is a point mass at 0.
  if (x <= 0) return [0, 1];
  if (a === 0 || x === Infinity) return [1, 0];
  const [p, q] = incompleteGammaPQ(a, x);
  return [p, q];
}

/** Regularized lower incomplete gamma P(a, x) = γ(a, x)/Γ(a) = R's pgamma(x, a). */
export function regularizedGammaP(a: number, x: number): number {
  return gammaPQ(a, x)[0];
}

/** Regularized upper incomplete gamma Q(a, x) = 1 − P(a, x) = R's pgamma(x, a, lower.tail = FALSE). */
export function regularizedGammaQ(a: number, x: number): number {
  return gammaPQ(a, x)[1];
}

// ---------------------------------------------------------------------------------------------
// Incomplete beta (NR §6.4)
// ---------------------------------------------------------------------------------------------

/** Continued fraction part: I_x(a,b) = front · betacf / a (NR betacf, modified Lentz). */
function betaContinuedFraction(x: number, a: number, b: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < FPMIN) d = FPMIN;
  d = 1 / d;
  let h = d;
  const maxIt = maxIterations(Math.max(a, b));
  for (let m = 1; m <= maxIt; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < FPMIN) d = FPMIN;
    c = 1 + aa / c;
    if (Math.abs(c) < FPMIN) c = FPMIN;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < FPMIN) d = FPMIN;
    c = 1 + aa / c;
    if (Math.abs(c) < FPMIN) c = FPMIN;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) return h;
  }
  throw new Error(`incomplete beta fraction did not converge (x=${x}, a=${a}, b=${b})`);
}

/**
 * [I_x(a, b), ln(xᵃ yᵇ / B(a, b))] for a, b > 0, 0 < x < 1, given y = 1 − x, by the continued fraction:
 * I_x(a, b) = xᵃ yᵇ / (a B(a, b)) · betacf. The prefactor is written in Loader's form,
 * xᵃ yᵇ / B(a, b) = ab/(a+b) · C(a+b, a) xᵃ yᵇ, so xᵃ yᵇ / (a B(a,b)) = b/(a+b) · dbinom(a; a+b, x).
 * The second entry, ln of x·y times the density, is the slope quantile search needs.
 */
function betaLowerDirect(x: number, y: number, a: number, b: number): [number, number] {
  const logFront = binomialLogPmfRaw(a, a + b, x, y) + Math.log(b / (a + b));
  return [Math.min(1, Math.exp(logFront) * betaContinuedFraction(x, a, b)), logFront + Math.log(a)];
}

/** [I_x(a,b), 1 − I_x(a,b), ln(xᵃ yᵇ / B(a,b))] for a, b > 0, 0 < x < 1: the smaller tail computed directly. */
function incompleteBeta(x: number, y: number, a: number, b: number): [number, number, number] {
  if (x < (a + 1) / (a + b + 2)) {
    const [lower, logSlope] = betaLowerDirect(x, y, a, b);
    return [lower, 1 - lower, logSlope];
  }
  const [upper, logSlope] = betaLowerDirect(y, x, b, a);
  return [1 - upper, upper, logSlope];
}

/** Returns [I_x(a,b), 1 − I_x(a,b)], the smaller of the two computed directly. */
function betaBoth(x: number, a: number, b: number, y: number = 1 - x): [number, number] {
  if (Number.isNaN(x) || Number.isNaN(y)) throw new RangeError('x must not be NaN');
  requireShape('shape a', a);
  requireShape('shape b', b);
  // Conventions of R's pbeta: x <= 0 gives 0 and x >= 1 gives 1, whatever the shapes.
  if (x <= 0) return [0, 1];
  if (x >= 1 || y <= 0) return [1, 0];
  if (a === 0 && b === 0) return [0.5, 0.5]; // mass ½ at 0 and ½ at 1
  if (a === 0) return [1, 0]; // point mass at 0
  if (b === 0) return [0, 1]; // point mass at 1
  const [lower, upper] = incompleteBeta(x, y, a, b);
  return [lower, upper];
}

/**
 * Regularized incomplete beta I_x(a, b) = R's pbeta(x, a, b); with lowerTail = false,
 * 1 − I_x(a, b) computed without cancellation (R's pbeta(x, a, b, lower.tail = FALSE)).
 */
export function regularizedBeta(x: number, a: number, b: number, lowerTail = true): number {
  const [lo, up] = betaBoth(x, a, b);
  return lowerTail ? lo : up;
}

// ---------------------------------------------------------------------------------------------
// Root finding
// ---------------------------------------------------------------------------------------------

/**
 * Root of an increasing function: finds x in [lo, hi] (lo >= 0) where f crosses target, assuming
 * f(lo) <= target <= f(hi). Own implementation instead of simple-statistics' `bisect`, whose
 * stopping rule is an absolute tolerance (useless for roots near 1e-300 or 1e7 alike) and which
 * throws once its iteration budget is spent. While the bracket spans more than a factor of 2 the step
 * is geometric, so tiny roots are reached in a few dozen steps; then Brent's method (bisection
 * safeguarding inverse quadratic interpolation) closes in, in about ten evaluations instead of
 * fifty halvings — which matters when thousands of claims each need intervals. It stops when the
 * root is known to a few ulps.
 */
function bisectIncreasing(f: (x: number) => number, target: number, lo: number, hi: number): number {
  for (let i = 0; i < 5000; i++) {
    if (lo > 0 && hi <= 2 * lo) return brent((x) => f(x) - target, lo, hi);
    const mid = lo <= 0 ? (hi < 1 ? Math.max(hi * hi, Number.MIN_VALUE) : hi / 2) : Math.sqrt(lo) * Math.sqrt(hi);
    if (!(mid > lo && mid < hi)) break;
    if (f(mid) < target) lo = mid;
    else hi = mid;
    if (hi - lo <= 2 * Number.EPSILON * hi) break;
  }
  // lo <= 0 at the end only if f(MIN_VALUE) >= target: the root underflows, return 0 (as R does).
  return lo <= 0 ? (hi <= Number.MIN_VALUE ? 0 : hi) : lo + (hi - lo) / 2;
}

/** Brent's zeroin on [a, b], 0 < a < b, for g increasing with g(a) <= 0 <= g(b); to 2 ulps of the root. */
function brent(g: (x: number) => number, a0: number, b0: number): number {
  let a = a0;
  let b = b0;
  let ga = g(a);
  let gb = g(b);
  if (ga >= 0) return a;
  if (gb <= 0) return b;
  let c = a;
  let gc = ga;
  let d = b - a;
  let e = d;
  for (let i = 0; i < 200; i++) {
    if ((gb > 0 && gc > 0) || (gb < 0 && gc < 0)) {
      c = a;
      gc = ga;
      d = e = b - a;
    }
    if (Math.abs(gc) < Math.abs(gb)) {
      a = b;
      b = c;
      c = a;
      ga = gb;
      gb = gc;
      gc = ga;
    }
    const tol = 2 * Number.EPSILON * Math.abs(b);
    const m = 0.5 * (c - b);
    if (Math.abs(m) <= tol || gb === 0) return b;
    if (Math.abs(e) >= tol && Math.abs(ga) > Math.abs(gb)) {
      const s = gb / ga;
      let p: number;
      let q: number;
      if (a === c) {
        p = 2 * m * s;
        q = 1 - s;
      } else {
        const qa = ga / gc;
        const r = gb / gc;
        p = s * (2 * m * qa * (qa - r) - (b - a) * (r - 1));
        q = (qa - 1) * (r - 1) * (s - 1);
      }
      if (p > 0) q = -q;
      else p = -p;
      if (2 * p < Math.min(3 * m * q - Math.abs(tol * q), Math.abs(e * q))) {
        e = d;
        d = p / q;
      } else {
        d = m;
        e = m;
      }
    } else {
      d = m;
      e = m;
    }
    a = b;
    ga = gb;
    b += Math.abs(d) > tol ? d : m > 0 ? tol : -tol;
    gb = g(b);
  }
  return b;
}

/**
 * One evaluation for solveOnLogScale, at offset d from the starting point in a coordinate u in which
 * the distribution function F increases: [ln F, ln(dF/du), d/du ln(dF/du)]. NaN where the point left
 * the range of normal doubles.
 */
type LogScaleSample = [logF: number, logSlope: number, slopeTrend: number];

const NO_SAMPLE: LogScaleSample = [Number.NaN, Number.NaN, Number.NaN];
const MIN_NORMAL = 2 ** -1022;
const HALLEY_TOL = 4 * EPS; // on u = ±ln x or logit x: a few ulps of the smaller of x and 1 − x

/**
 * Solves ln F = logTarget by Halley's method and returns the offset d of the root (NaN if it does not
 * converge: the caller then falls back to the bracketed search). Used with u = ±ln x for the gamma and
 * u = logit x for the beta distribution, in which their densities are log-concave, so ln F is concave
 * in u: after one step, Newton's iterates approach the root monotonically from any start, and
 * Halley's correction is applied only while it is small. The slope is the density over F, cheap from
 * the prefactor the incomplete functions compute anyway. From the usual starting approximations the
 * second evaluation mostly confirms convergence: about 2 evaluations per quantile for counts of
 * 50–5000, against about 17 for the bracketed search. A step leaving the bracket the signs have
 * established halves the bracket instead (noise near the root, as with shapes near 10⁷).
 */
function solveOnLogScale(evaluate: (d: number) => LogScaleSample, logTarget: number): number {
  let d = 0;
  let lo = -Infinity;
  let hi = Infinity;
  for (let i = 0; i < 60; i++) {
    const [logF, logSlope, slopeTrend] = evaluate(d);
    const h = logF - logTarget;
    const slope = Math.exp(logSlope - logF); // d/du ln F
    if (!Number.isFinite(h) || !(slope > 0 && slope < Infinity)) return Number.NaN;
    if (h === 0) return d;
    if (h < 0) lo = d;
    else hi = d;
    const newton = h / slope;
    // (d²/du² ln F) / (d/du ln F) = d/du ln(dF/du) − d/du ln F; Halley's correction only when it is small
    const t = newton * (slopeTrend - slope);
    const step = Math.abs(t) < 1 ? newton / (1 - 0.5 * t) : newton;
    const next = d - step;
    if (next > lo && next < hi) {
      if (Math.abs(step) <= HALLEY_TOL) return next;
      d = next;
    } else {
      // The step leads away from the end just set, so it overshot the other one: halve, if there is one.
      if (!Number.isFinite(lo + hi)) return Number.NaN;
      d = lo + (hi - lo) / 2;
      if (hi - lo <= HALLEY_TOL) return d;
    }
  }
  return Number.NaN;
}

// ---------------------------------------------------------------------------------------------
// Quantiles
// ---------------------------------------------------------------------------------------------

/**
 * Gamma quantile by Halley's method in u = ln x (lower tail, p <= ½) or u = −ln x (upper tail,
 * solving Q = 1 − p, exact for p >= ½), from Wilson–Hilferty's cube-root normal approximation, or
 * P(a, x) ≈ xᵃ/Γ(a+1) where the lower tail is that far out (R's qchisq_appr rule). NaN if it fails.
 * Exported for the tests.
 */
export function gammaQuantileHalley(p: number, shape: number): number {
  const lower = p <= 0.5;
  const c = 1 / (9 * shape);
  const wilsonHilferty = shape * (1 - c + normalQuantile(p) * Math.sqrt(c)) ** 3;
  const x0 =
    wilsonHilferty > 0 && 2 * shape >= -1.24 * Math.log(p) ? wilsonHilferty : Math.exp((Math.log(p) + gammaln(shape + 1)) / shape);
  const sign = lower ? 1 : -1;
  const at = (d: number) => x0 * Math.exp(sign * d);
  const d = solveOnLogScale((d) => {
    const x = at(d);
    if (!(x >= MIN_NORMAL && x < Infinity)) return NO_SAMPLE;
    const [lo, up, logFront] = incompleteGammaPQ(shape, x);
    // d/du ln(xᵃe⁻ˣ) = ±(a − x)
    return [Math.log(lower ? lo : up), logFront, sign * (shape - x)];
  }, Math.log(lower ? p : 1 - p));
  return at(d);
}

/** The former search, kept as the fallback of gammaQuantile: geometric bisection, then Brent. Exported for the tests. */
export function gammaQuantileBracketed(p: number, shape: number): number {
  // Bracket: grow the upper end until it holds mass >= p.
  let hi = Math.max(1, shape + 10 * Math.sqrt(shape) + 10);
  if (p <= 0.5) {
    while (regularizedGammaP(shape, hi) < p) hi *= 2;
    return bisectIncreasing((x) => regularizedGammaP(shape, x), p, 0, hi);
  }
  // Upper half: solve Q(shape, x) = 1 − p (exact for p >= ½), i.e. −Q increasing.
  const q = 1 - p;
  while (regularizedGammaQ(shape, hi) > q) hi *= 2;
  return bisectIncreasing((x) => -regularizedGammaQ(shape, x), -q, 0, hi);
}

/** Gamma quantile Γ⁻¹(p; shape), scale 1 = R's qgamma(p, shape). qgamma(p, 0) = 0. */
export function gammaQuantile(p: number, shape: number): number {
  requireProbability(p);
  requireShape('shape', shape);
  if (shape === 0 || p === 0) return 0;
  if (p === 1) return Infinity;
  const x = gammaQuantileHalley(p, shape);
  return Number.isNaN(x) ? gammaQuantileBracketed(p, shape) : x;
}

/**
 * Starting point for the lower-tail beta quantile I⁻¹_p(a, b), p <= ½, as odds [x, 1 − x] (any
 * positive multiple): the approximation of AS 109 (Cran, Martin & Thomas 1977), as in R's qbeta.
 */
function betaStartOdds(p: number, a: number, b: number): [number, number] {
  const y = -normalQuantile(p);
  if (a > 1 && b > 1) {
    const r = (y * y - 3) / 6;
    const s = 1 / (2 * a - 1);
    const t = 1 / (2 * b - 1);
    const h = 2 / (s + t);
    const w = (y * Math.sqrt(h + r)) / h - (t - s) * (r + 5 / 6 - 2 / (3 * h));
    return [a, b * Math.exp(2 * w)]; // x = a / (a + b e^2w)
  }
  const logBeta = gammaln(a) + gammaln(b) - gammaln(a + b);
  const c = 1 / (9 * b);
  const chi = 2 * b * (1 - c + y * Math.sqrt(c)) ** 3;
  if (chi <= 0) {
    const logY = (Math.log1p(-p) + Math.log(b) + logBeta) / b; // 1 − x = (b B(a,b) (1 − p))^(1/b)
    return [-Math.expm1(logY), Math.exp(logY)];
  }
  const t = (4 * a + 2 * b - 2) / chi;
  if (t <= 1) {
    const x = Math.exp((Math.log(a * p) + logBeta) / a); // x = (a B(a,b) p)^(1/a)
    return [x, 1 - x];
  }
  return [t - 1, 2]; // x = 1 − 2/(t + 1)
}

/**
 * Beta quantile by Halley's method in u = logit x, from betaStartOdds. For p > ½ it solves the lower
 * tail of the mirrored distribution, I_y(b, a) = 1 − p for y = 1 − x. The smaller of x and y moves as
 * x₀/(x₀ + y₀e⁻ᵈ) or y₀/(y₀ + x₀eᵈ), keeping its relative accuracy; the other is its complement, as
 * in the bracketed search (and R's pbeta): with huge shapes the incomplete beta function is sensitive
 * to an ulp of the larger one, and the pair must then describe the same point. NaN if it fails.
 * Exported for the tests.
 */
export function betaQuantileHalley(p: number, a: number, b: number): [number, number] {
  const mirrored = p > 0.5;
  const [sa, sb, target] = mirrored ? [b, a, 1 - p] : [a, b, p];
  const [x0, y0] = betaStartOdds(target, sa, sb);
  if (!(x0 > 0 && y0 > 0 && x0 < Infinity && y0 < Infinity)) return [Number.NaN, Number.NaN];
  const at = (d: number): [number, number] => {
    const e = Math.exp(d);
    const x = x0 / (x0 + y0 / e);
    if (x <= 0.5) return [x, 1 - x];
    const y = y0 / (y0 + x0 * e);
    return [1 - y, y];
  };
  const d = solveOnLogScale((d) => {
    const [x, y] = at(d);
    if (!(x >= MIN_NORMAL && y >= MIN_NORMAL)) return NO_SAMPLE;
    const [lower, , logSlope] = incompleteBeta(x, y, sa, sb);
    // d/du ln(xᵃ yᵇ) = a y − b x
    return [Math.log(lower), logSlope, sa * y - sb * x];
  }, Math.log(target));
  const [x, y] = at(d);
  return mirrored ? [y, x] : [x, y];
}

/**
 * The former search, kept as the fallback of betaQuantileWithComplement: geometric bisection, then
 * Brent, for the smaller of x and 1 − x. Above ½ it matches 1 − p, which keeps few of p's digits when
 * p is tiny (Halley's method matches ln p instead). Exported for the tests.
 */
export function betaQuantileBracketed(p: number, a: number, b: number): [number, number] {
  const half = betaBoth(0.5, a, b, 0.5)[0];
  if (p <= half) {
    const x = bisectIncreasing((t) => betaBoth(t, a, b, 1 - t)[0], p, 0, 0.5);
    return [x, 1 - x];
  }
  // Root above ½: search y = 1 − x, where P(X > x) = I_y(b, a) = 1 − p, increasing in y.
  const q = 1 - p;
  const y = bisectIncreasing((t) => betaBoth(t, b, a, 1 - t)[0], q, 0, 0.5);
  return [1 - y, y];
}

/**
 * Beta quantile returning [x, 1 − x], each with its relative accuracy (so that the complement
 * near 1 keeps it). Internal; see betaQuantile.
 */
export function betaQuantileWithComplement(p: number, a: number, b: number): [number, number] {
  requireProbability(p);
  requireShape('shape a', a);
  requireShape('shape b', b);
  if (a === 0 && b === 0) {
    if (p < 0.5) return [0, 1];
    if (p > 0.5) return [1, 0];
    return [0.5, 0.5];
  }
  if (a === 0 || p === 0) return [0, 1];
  if (b === 0 || p === 1) return [1, 0];
  const xy = betaQuantileHalley(p, a, b);
  return Number.isNaN(xy[0]) ? betaQuantileBracketed(p, a, b) : xy;
}

/** Beta quantile I⁻¹_p(a, b) = R's qbeta(p, a, b). */
export function betaQuantile(p: number, a: number, b: number): number {
  return betaQuantileWithComplement(p, a, b)[0];
}

// ---------------------------------------------------------------------------------------------
// Normal distribution
// ---------------------------------------------------------------------------------------------

/** Standard normal CDF Φ(z) = R's pnorm(z), via Φ(−|z|) = ½ Q(½, z²/2). */
export function normalCdf(z: number): number {
  if (Number.isNaN(z)) throw new RangeError('z must not be NaN');
  if (z === Infinity) return 1;
  if (z === -Infinity) return 0;
  const tail = 0.5 * regularizedGammaQ(0.5, (z * z) / 2);
  return z < 0 ? tail : 1 - tail;
}

/** Standard normal quantile Φ⁻¹(p) = R's qnorm(p): Wichura's AS 241 (PPND16), ~1e-16. */
export function normalQuantile(p: number): number {
  requireProbability(p);
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (
      (q *
        (((((((r * 2509.0809287301226727 + 33430.575583588128105) * r + 67265.770927008700853) * r +
          45921.953931549871457) *
          r +
          13731.693765509461125) *
          r +
          1971.5909503065514427) *
          r +
          133.14166789178437745) *
          r +
          3.387132872796366608)) /
      (((((((r * 5226.495278852854561 + 28729.085735721942674) * r + 39307.89580009271061) * r +
        21213.794301586595867) *
        r +
        5394.1960214247511077) *
        r +
        687.1870074920579083) *
        r +
        42.313330701600911252) *
        r +
        1)
    );
  }
  let r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p));
  let val: number;
  if (r <= 5) {
    r -= 1.6;
    val =
      (((((((r * 7.7454501427834140764e-4 + 0.0227238449892691845833) * r + 0.24178072517745061177) * r +
        1.27045825245236838258) *
        r +
        3.64784832476320460504) *
        r +
        5.7694972214606914055) *
        r +
        4.6303378461565452959) *
        r +
        1.42343711074968357734) /
      (((((((r * 1.05075007164441684324e-9 + 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r +
        0.14810397642748007459) *
        r +
        0.68976733498510000455) *
        r +
        1.6763848301838038494) *
        r +
        2.05319162663775882187) *
        r +
        1);
  } else {
    r -= 5;
    val =
      (((((((r * 2.01033439929228813265e-7 + 2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r +
        0.026532189526576123093) *
        r +
        0.29656057182850489123) *
        r +
        1.7848265399172913358) *
        r +
        5.4637849111641143699) *
        r +
        6.6579046435011037772) /
      (((((((r * 2.04426310338993978564e-15 + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r +
        7.868691311456132591e-4) *
        r +
        0.0148753612908506148525) *
        r +
        0.13692988092273580531) *
        r +
        0.59983220655588793769) *
        r +
        1);
  }
  return q < 0 ? -val : val;
}

// ---------------------------------------------------------------------------------------------
// Student t distribution
// ---------------------------------------------------------------------------------------------

function requireDf(df: number): void {
  if (Number.isNaN(df) || df <= 0) throw new RangeError(`degrees of freedom must be > 0, got ${df}`);
}

/** Student-t CDF = R's pt(t, df): for t > 0, F(t) = 1 − ½ I_{ν/(ν+t²)}(ν/2, ½); symmetric. */
export function studentTCdf(t: number, df: number): number {
  requireDf(df);
  if (Number.isNaN(t)) throw new RangeError('t must not be NaN');
  if (df === Infinity) return normalCdf(t);
  if (t === 0) return 0.5;
  if (!Number.isFinite(t)) return t > 0 ? 1 : 0;
  const t2 = t * t;
  // x = ν/(ν+t²) and its complement t²/(ν+t²), each without cancellation
  const x = t2 === Infinity ? 0 : df / (df + t2);
  const y = t2 === Infinity ? 1 : t2 / (df + t2);
  const tail = 0.5 * betaBoth(x, df / 2, 0.5, y)[0];
  return t > 0 ? 1 - tail : tail;
}

/** Student-t quantile = R's qt(p, df), from the inverse incomplete beta (bisection). */
export function studentTQuantile(p: number, df: number): number {
  requireProbability(p);
  requireDf(df);
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  if (df === Infinity) return normalQuantile(p);
  const tailP = p < 0.5 ? p : 1 - p;
  let t: number;
  if (df === 1) {
    // Cauchy: closed form
    t = 1 / Math.tan(Math.PI * tailP);
  } else {
    // tail = ½ I_x(ν/2, ½) with x = ν/(ν+t²)  ⇒  t = √(ν (1−x)/x)
    const [x, y] = betaQuantileWithComplement(2 * tailP, df / 2, 0.5);
    t = Math.sqrt((df * y) / x);
  }
  return p < 0.5 ? -t : t;
}
