import { describe, expect, it } from 'vitest';
import {
  differenceRateInterval,
  gammaP,
  lnGamma,
  normalQuantile,
  poissonByar,
  poissonExact,
  rateInterval,
  sexRatioInterval,
  totalFertility,
  wilson,
} from './intervals.js';

describe('Wilson score interval', () => {
  // Newcombe (1998), Statistics in Medicine 17:857, table I, method 3.
  it('matches the published examples', () => {
    const a = wilson(81, 263);
    expect(a.lower).toBeCloseTo(0.2553, 4);
    expect(a.upper).toBeCloseTo(0.3662, 4);
    const b = wilson(15, 148);
    expect(b.lower).toBeCloseTo(0.0624, 4);
    expect(b.upper).toBeCloseTo(0.1605, 4);
    const c = wilson(0, 20);
    expect(c.lower).toBe(0);
    expect(c.upper).toBeCloseTo(0.1611, 4);
  });

  it('has no interval without trials', () => {
    expect(wilson(0, 0)).toEqual({ lower: null, upper: null });
  });
});

describe('exact Poisson interval', () => {
  it('agrees with the χ² quantiles (Garwood)', () => {
    // scipy.stats.chi2.ppf(0.025, 2x)/2 and chi2.ppf(0.975, 2x+2)/2
    const cases: Array<[number, number, number]> = [
      [0, 0, 3.6889],
      [1, 0.0253, 5.5716],
      [5, 1.6235, 11.6683],
      [10, 4.7954, 18.3904],
      [19, 11.4392, 29.6709],
      [100, 81.364, 121.6268],
    ];
    for (const [x, lo, hi] of cases) {
      const i = poissonExact(x);
      expect(i.lower).toBeCloseTo(lo, 3);
      expect(i.upper).toBeCloseTo(hi, 3);
    }
  });

  it('Byar is close to exact for large counts', () => {
    const e = poissonExact(400);
    const b = poissonByar(400);
    expect(Math.abs(b.lower! - e.lower!) / e.lower!).toBeLessThan(1e-3);
    expect(Math.abs(b.upper! - e.upper!) / e.upper!).toBeLessThan(1e-3);
  });

  it('rests on a correct normal quantile and gamma function', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963985, 8);
    expect(normalQuantile(0.999)).toBeCloseTo(3.090232306, 8);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 12);
    expect(lnGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(lnGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
    expect(gammaP(1, 2)).toBeCloseTo(1 - Math.exp(-2), 12);
    expect(gammaP(3, 50)).toBeCloseTo(1, 12);
  });

  it('gives a rate per thousand person-years', () => {
    const r = rateInterval(10, 2000, 1000);
    expect(r.lower).toBeCloseTo(4.7954 / 2, 3);
    expect(r.upper).toBeCloseTo(18.3904 / 2, 3);
    expect(rateInterval(3, 0, 1000)).toEqual({ lower: null, upper: null });
  });
});

describe('sex ratio at birth', () => {
  it('is wide for a village with 19 births', () => {
    // 10 boys, 9 girls: 111 with Wilson bounds 0.3171..0.7267 on the share of boys.
    const i = sexRatioInterval(10, 9);
    expect(i.lower).toBeCloseTo(46.43, 1);
    expect(i.upper).toBeCloseTo(265.9, 1);
  });

  it('is narrow for a county', () => {
    const i = sexRatioInterval(5348, 5039);
    expect(i.lower).toBeCloseTo(102.13, 1);
    expect(i.upper).toBeCloseTo(110.3, 1);
  });

  it('has no upper bound without girls', () => {
    expect(sexRatioInterval(3, 0).upper).toBeNull();
    expect(sexRatioInterval(0, 0)).toEqual({ lower: null, upper: null });
  });
});

describe('natural growth', () => {
  it('uses the variance of both counts', () => {
    const i = differenceRateInterval(100, 44, 10_000, 1000);
    const half = (1.959963984540054 * Math.sqrt(144)) / 10;
    expect(i.lower).toBeCloseTo(5.6 - half, 10);
    expect(i.upper).toBeCloseTo(5.6 + half, 10);
  });
});

describe('total fertility rate', () => {
  it('sums age-specific rates and their variances', () => {
    // Two ages: 30 births to 1000 woman-years and 50 to 500.
    const r = totalFertility([30, 50], [1000, 500]);
    expect(r.value).toBeCloseTo(0.03 + 0.1, 12);
    const se = Math.sqrt(30 / 1e6 + 50 / 250_000);
    expect(r.lower).toBeCloseTo(0.13 - 1.959963984540054 * se, 12);
    expect(r.upper).toBeCloseTo(0.13 + 1.959963984540054 * se, 12);
  });

  it('a constant rate of 0.05 a year over 35 ages is 1.75 children per woman', () => {
    const births = Array.from({ length: 35 }, () => 50);
    const exposure = Array.from({ length: 35 }, () => 1000);
    expect(totalFertility(births, exposure).value).toBeCloseTo(1.75, 12);
  });

  it('keeps births at ages without women apart instead of dividing by zero', () => {
    const r = totalFertility([2, 1], [0, 100]);
    expect(r.value).toBeCloseTo(0.01, 12);
    expect(r.unplacedBirths).toBe(2);
    expect(totalFertility([1], [0]).value).toBeNull();
  });
});
