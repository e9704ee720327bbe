/**
 * The statistics of small-area anomaly detection, pure functions (docs/quality.md gives the
 * formulas). They know about small numbers: every decision is an exact tail probability
 * (binomial or Poisson) under the county's figure, so a village with 3 births, all boys, is not
 * an alarm (p = 0.27), while the funnel plot's lines use the usual normal approximation
 * (Spiegelhalter 2005) for drawing.
 */
import { gammaP, lnGamma, normalQuantile } from '../indicators/intervals.js';

/** z of the two-sided 95% and 99.8% control limits: 1.96 and 3.09. */
export const Z95 = normalQuantile(0.975);
export const Z998 = normalQuantile(0.999);
/** Two-sided tail probability beyond the 95% limits. */
export const OUTSIDE95_P = 0.05;
/** Two-sided tail probability beyond the 99.8% limits: an alert. */
export const ALERT_P = 0.002;
/** … beyond 4 standard errors (p ≈ 0.00006): a high-severity alert. */
export const HIGH_P = 0.0001;

export type Limits = { lower: number; upper: number };

/** Control limits of a proportion with denominator n around p0: p0 ± z·√(p0(1−p0)/n), kept within 0..1. */
export function proportionLimits(p0: number, n: number, z: number): Limits {
  const half = n > 0 ? z * Math.sqrt((p0 * (1 - p0)) / n) : Infinity;
  return { lower: Math.max(0, p0 - half), upper: Math.min(1, p0 + half) };
}

/** Control limits of a rate (events per person-year) over `personYears` around r0: r0 ± z·√(r0/PY), not below 0. */
export function rateLimits(r0: number, personYears: number, z: number): Limits {
  const half = personYears > 0 ? z * Math.sqrt(r0 / personYears) : Infinity;
  return { lower: Math.max(0, r0 - half), upper: r0 + half };
}

/** P(X = k) for X ~ Binomial(n, p). */
export function binomialPmf(k: number, n: number, p: number): number {
  if (k < 0 || k > n) return 0;
  if (p <= 0) return k === 0 ? 1 : 0;
  if (p >= 1) return k === n ? 1 : 0;
  return Math.exp(lnGamma(n + 1) - lnGamma(k + 1) - lnGamma(n - k + 1) + k * Math.log(p) + (n - k) * Math.log(1 - p));
}

/** Exact two-sided binomial test: 2·min(P(X ≤ x), P(X ≥ x)), at most 1. */
export function binomialTwoSidedP(x: number, n: number, p0: number): number {
  if (n <= 0) return 1;
  let below = 0;
  let above = 0;
  for (let k = 0; k <= n; k++) {
    const pk = binomialPmf(k, n, p0);
    if (k <= x) below += pk;
    if (k >= x) above += pk;
  }
  return Math.min(1, 2 * Math.min(below, above));
}

/** P(X ≤ x) for X ~ Poisson(mu): Q(x+1, mu). */
export const poissonCdf = (x: number, mu: number) => (x < 0 ? 0 : 1 - gammaP(x + 1, mu));
/** P(X ≥ x) for X ~ Poisson(mu): P(x, mu). */
export const poissonUpperTail = (x: number, mu: number) => (x <= 0 ? 1 : gammaP(x, mu));

/** Exact two-sided Poisson test of an observed count against an expected one. */
export function poissonTwoSidedP(x: number, mu: number): number {
  if (mu <= 0) return x > 0 ? 0 : 1;
  return Math.min(1, 2 * Math.min(poissonCdf(x, mu), poissonUpperTail(x, mu)));
}

/** Regularised incomplete beta I_x(a, b) (continued fraction, Lentz; Numerical Recipes 6.4). */
export function betaIncomplete(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  const cf = (x: number, a: number, b: number) => {
    const tiny = 1e-300;
    let c = 1;
    let d = 1 - ((a + b) * x) / (a + 1);
    if (Math.abs(d) < tiny) d = tiny;
    d = 1 / d;
    let h = d;
    for (let m = 1; m <= 1000; m++) {
      const m2 = 2 * m;
      let aa = (m * (b - m) * x) / ((a - 1 + m2) * (a + m2));
      d = 1 + aa * d;
      if (Math.abs(d) < tiny) d = tiny;
      c = 1 + aa / c;
      if (Math.abs(c) < tiny) c = tiny;
      d = 1 / d;
      h *= d * c;
      aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + 1 + m2));
      d = 1 + aa * d;
      if (Math.abs(d) < tiny) d = tiny;
      c = 1 + aa / c;
      if (Math.abs(c) < tiny) c = tiny;
      d = 1 / d;
      const del = d * c;
      h *= del;
      if (Math.abs(del - 1) < 1e-15) break;
    }
    return h;
  };
  return x < (a + 1) / (a + b + 2) ? (front * cf(x, a, b)) / a : 1 - (front * cf(1 - x, b, a)) / b;
}

/** The x in [lo, hi] where a monotone f crosses `target` (bisection). */
function solve(f: (x: number) => number, target: number, lo: number, hi: number, increasing: boolean): number {
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (f(mid) < target === increasing) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * Exact control limits of a count, made continuous so they can be drawn: the upper limit is the x
 * where the upper tail P(X ≥ x) — P(x, μ) for a Poisson, I_p(x, n − x + 1) for a binomial, both
 * continuous in x — falls to α/2, the lower where P(X ≤ x) does. At whole counts they are the
 * exact tails, so a point lies beyond a line exactly when its exact one-sided p is below α/2.
 */
export function poissonLimits(mu: number, alpha: number): Limits {
  if (mu <= 0) return { lower: 0, upper: 0 };
  const hi = mu + 20 * Math.sqrt(mu) + 20;
  const upper = solve((x) => gammaP(x, mu), alpha / 2, 1e-9, hi, false);
  const lower = Math.exp(-mu) >= alpha / 2 ? 0 : solve((x) => 1 - gammaP(x + 1, mu), alpha / 2, 0, hi, true);
  return { lower, upper: Math.max(upper, lower) };
}

/** Exact control limits of a binomial count out of n around p0 (continuous, see poissonLimits). */
export function binomialLimits(n: number, p0: number, alpha: number): Limits {
  if (n <= 0) return { lower: 0, upper: 0 };
  const upperTail = (x: number) => (x <= 0 ? 1 : x > n ? 0 : betaIncomplete(p0, x, n - x + 1));
  const lowerTail = (x: number) => (x < 0 ? 0 : x >= n ? 1 : betaIncomplete(1 - p0, n - x, x + 1));
  const upper = p0 ** n >= alpha / 2 ? n : solve(upperTail, alpha / 2, 0, n, false);
  const lower = (1 - p0) ** n >= alpha / 2 ? 0 : solve(lowerTail, alpha / 2, 0, n, true);
  return { lower, upper };
}

/** Standardised difference of a proportion from p0 (the funnel plot's z). */
export function proportionZ(x: number, n: number, p0: number): number | null {
  if (n <= 0 || p0 <= 0 || p0 >= 1) return null;
  return (x / n - p0) / Math.sqrt((p0 * (1 - p0)) / n);
}

/** Standardised difference of a count from its expectation (Poisson): (O − E)/√E. */
export function poissonZ(observed: number, expected: number): number | null {
  return expected > 0 ? (observed - expected) / Math.sqrt(expected) : null;
}

export function median(values: number[]): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * Robust outlier scores: (x − median) / (1.4826 · MAD), the MAD scaled to a standard deviation
 * under normality (Iglewicz and Hoaglin flag |score| > 3.5). Null everywhere when the MAD is 0.
 */
export function robustScores(values: number[]): Array<number | null> {
  const med = median(values);
  if (med === null) return [];
  const mad = median(values.map((v) => Math.abs(v - med)))!;
  if (mad === 0) return values.map(() => null);
  return values.map((v) => (v - med) / (1.4826 * mad));
}
export const ROBUST_LIMIT = 3.5;

/**
 * Year-on-year break: this period's count o1 over person-years py1 against the years before (o0
 * over py0). Conditional on the total, o1 ~ Binomial(o1 + o0, py1 / (py1 + py0)) if the rate did
 * not change: an exact test that needs no estimate of the rate.
 */
export function yearOnYear(o1: number, py1: number, o0: number, py0: number) {
  const n = o1 + o0;
  if (py1 <= 0 || py0 <= 0 || n === 0) return { ratio: null, p: 1, expected: null };
  const share = py1 / (py1 + py0);
  const ratio = o0 > 0 ? o1 / py1 / (o0 / py0) : null;
  return { ratio, p: binomialTwoSidedP(o1, n, share), expected: n * share };
}

/** P(no births) in a period with `expected` births: e^−E (Poisson). */
export const probabilityOfNone = (expected: number) => Math.exp(-expected);
/** "Villages that reported nothing when births would be expected": P(0) below this. */
export const NONE_P = 0.01;

export const severityOf = (p: number) => (p < HIGH_P ? 'high' : 'medium') as 'high' | 'medium';

/** A p-value as people read it: 0.0007, 3.2e-6. */
export function formatP(p: number): string {
  if (p >= 0.001) return p.toFixed(4).replace(/0+$/, '').replace(/\.$/, '');
  return p.toExponential(1);
}
