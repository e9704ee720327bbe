/**
 * 95% intervals for indicator figures, so that small numbers look as uncertain as they are: a
 * village with 19 births has a sex ratio anywhere between about 50 and 260.
 *
 * - proportions (birth-defect incidence, birth-order shares, report timeliness): Wilson score
 *   interval (Newcombe 1998, method 3), good at 0 and at small n;
 * - rates per person-year (crude birth and death rates): exact Poisson (Garwood) interval for
 *   the count, divided by the person-years; Byar's approximation above 500 events;
 * - sex ratio at birth: the Wilson interval of the share of boys p, mapped through p/(1-p)·100;
 * - natural growth: births minus deaths, normal approximation with variance births + deaths;
 * - total fertility rate: Σ births_x / exposure_x with variance Σ births_x / exposure_x²
 *   (births Poisson, exposure fixed; Hamilton et al., the method of national statistics offices);
 * - completeness of birth registration from two lists (capture–recapture): Chapman's estimator
 *   with Seber's variance, its normal interval bounded below by the births actually seen.
 *
 * All functions return null bounds where the quantity is undefined (no births, no exposure).
 */
export type Interval = { lower: number | null; upper: number | null };

/** z for a two-sided 95% interval. */
export const Z95 = 1.959963984540054;

/** Wilson score interval of x successes in n trials, as proportions (0..1). */
export function wilson(x: number, n: number, z = Z95): Interval {
  if (n <= 0) return { lower: null, upper: null };
  const p = x / n;
  const z2 = z * z;
  const centre = p + z2 / (2 * n);
  const half = z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  const denom = 1 + z2 / n;
  return { lower: Math.max(0, (centre - half) / denom), upper: Math.min(1, (centre + half) / denom) };
}

/** ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9): ~15 significant digits. */
export function lnGamma(x: number): number {
  const g = 7;
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  const xx = x - 1;
  let a = c[0]!;
  const t = xx + g + 0.5;
  for (let i = 1; i < g + 2; i++) a += c[i]! / (xx + i);
  return 0.5 * Math.log(2 * Math.PI) + (xx + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Regularised lower incomplete gamma P(a, x) (series below a + 1, continued fraction above). */
export function gammaP(a: number, x: number): number {
  if (x <= 0) return 0;
  const lnPre = a * Math.log(x) - x - lnGamma(a);
  if (x < a + 1) {
    let sum = 1 / a;
    let term = sum;
    for (let n = 1; n < 10_000; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-15) break;
    }
    return Math.min(1, sum * Math.exp(lnPre));
  }
  // Lentz's continued fraction for Q(a, x).
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return Math.max(0, 1 - Math.exp(lnPre) * h);
}

/** Standard normal quantile (Acklam's rational approximation, relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239,
  ];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const tail = (q: number) =>
    (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
    ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  if (p < 0.02425) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - 0.02425) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
  );
}

/**
 * The x with P(a, x) = p: Newton's method from the Wilson–Hilferty guess, kept inside a bracket
 * that bisection narrows whenever a Newton step would leave it (so it always converges).
 */
export function gammaPInverse(a: number, p: number): number {
  let lo = 0;
  let hi = Math.max(1, a);
  while (gammaP(a, hi) < p) hi *= 2;
  const z = normalQuantile(p);
  let x = a * (1 - 1 / (9 * a) + z / (3 * Math.sqrt(a))) ** 3;
  if (!(x > lo && x < hi)) x = (lo + hi) / 2;
  const lnG = lnGamma(a);
  for (let i = 0; i < 100; i++) {
    const f = gammaP(a, x) - p;
    if (Math.abs(f) < 1e-14) return x;
    if (f < 0) lo = x;
    else hi = x;
    const density = Math.exp((a - 1) * Math.log(x) - x - lnG);
    let next = x - f / density;
    if (!(next > lo && next < hi) || !Number.isFinite(next)) next = (lo + hi) / 2;
    if (Math.abs(next - x) < 1e-13 * Math.max(1, x)) return next;
    x = next;
  }
  return x;
}

/** Exact (Garwood) 95% interval for a Poisson count: χ² quantiles, as gamma quantiles. */
export function poissonExact(x: number, alpha = 0.05): Interval {
  return {
    lower: x <= 0 ? 0 : gammaPInverse(x, alpha / 2),
    upper: gammaPInverse(x + 1, 1 - alpha / 2),
  };
}

/** Byar's approximation to the exact Poisson interval (accurate to <0.1% from a few hundred events). */
export function poissonByar(x: number, z = Z95): Interval {
  const lower = x <= 0 ? 0 : x * (1 - 1 / (9 * x) - z / (3 * Math.sqrt(x))) ** 3;
  const x1 = x + 1;
  const upper = x1 * (1 - 1 / (9 * x1) + z / (3 * Math.sqrt(x1))) ** 3;
  return { lower: Math.max(0, lower), upper };
}

const exactIntervals = new Map<number, Interval>();

/** Poisson interval for a count: exact up to 500 (remembered: counts repeat), Byar above (same to three digits). */
export function poissonInterval(x: number): Interval {
  if (x > 500 || !Number.isInteger(x)) return poissonByar(x);
  let i = exactIntervals.get(x);
  if (!i) exactIntervals.set(x, (i = poissonExact(x)));
  return i;
}

/** A rate per `per` person-years (e.g. ‰): x events over `personYears`, with its Poisson interval. */
export function rateInterval(x: number, personYears: number, per: number): Interval {
  if (personYears <= 0) return { lower: null, upper: null };
  const i = poissonInterval(x);
  return { lower: ((i.lower ?? 0) / personYears) * per, upper: ((i.upper ?? 0) / personYears) * per };
}

/** Sex ratio at birth (boys per 100 girls) and its interval, from the Wilson interval of the share of boys. */
export function sexRatioInterval(male: number, female: number): Interval {
  const n = male + female;
  if (n === 0) return { lower: null, upper: null };
  const w = wilson(male, n);
  const toRatio = (p: number | null) => (p === null ? null : p >= 1 ? null : (p / (1 - p)) * 100);
  return { lower: toRatio(w.lower), upper: toRatio(w.upper) };
}

/**
 * (births − deaths) per `per` person-years: the difference of two Poisson counts, normal
 * approximation (variance births + deaths). With very few events it is wide, as it should be.
 */
export function differenceRateInterval(
  births: number,
  deaths: number,
  personYears: number,
  per: number,
  z = Z95,
): Interval {
  if (personYears <= 0) return { lower: null, upper: null };
  const half = z * Math.sqrt(births + deaths);
  const d = births - deaths;
  return { lower: ((d - half) / personYears) * per, upper: ((d + half) / personYears) * per };
}

/**
 * Total fertility rate from births and women-years by single year of age (the same ages in
 * both arrays): Σ ASFR, with its normal-approximation interval. Ages without exposure add
 * nothing (their births, if any, are reported as `unplacedBirths`).
 */
export function totalFertility(births: ArrayLike<number>, exposure: ArrayLike<number>, z = Z95) {
  let tfr = 0;
  let variance = 0;
  let unplacedBirths = 0;
  let anyExposure = false;
  for (let i = 0; i < births.length; i++) {
    const b = births[i] ?? 0;
    const e = exposure[i] ?? 0;
    if (e > 0) {
      anyExposure = true;
      tfr += b / e;
      variance += b / (e * e);
    } else {
      unplacedBirths += b;
    }
  }
  if (!anyExposure) return { value: null, lower: null, upper: null, unplacedBirths };
  const half = z * Math.sqrt(variance);
  return { value: tfr, lower: Math.max(0, tfr - half), upper: tfr + half, unplacedBirths };
}

/**
 * Chapman's estimator of a population seen by two independent lists (n1, n2) with m on both, its
 * variance (Seber 1970), and a normal 95% interval bounded below by the number actually seen;
 * with the share of the estimate the first list holds (its completeness) and that share's
 * interval. Null where there is nothing to estimate from.
 */
export function chapman(n1: number, n2: number, m: number, z = Z95) {
  const estimate = ((n1 + 1) * (n2 + 1)) / (m + 1) - 1;
  const variance = ((n1 + 1) * (n2 + 1) * (n1 - m) * (n2 - m)) / ((m + 1) ** 2 * (m + 2));
  const half = z * Math.sqrt(variance);
  const seen = n1 + n2 - m;
  const low = Math.max(seen, estimate - half);
  const high = estimate + half;
  return {
    estimate,
    low,
    high,
    /** Share of the estimated population that the first list holds. */
    completeness: estimate > 0 ? n1 / estimate : null,
    completenessLow: high > 0 ? n1 / high : null,
    completenessHigh: low > 0 ? Math.min(1, n1 / low) : null,
  };
}
