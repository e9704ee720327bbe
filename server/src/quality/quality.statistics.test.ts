import { describe, expect, it } from 'vitest';
import {
  ALERT_P,
  betaIncomplete,
  binomialLimits,
  poissonLimits,
  binomialPmf,
  binomialTwoSidedP,
  formatP,
  median,
  poissonCdf,
  poissonTwoSidedP,
  poissonUpperTail,
  poissonZ,
  probabilityOfNone,
  proportionLimits,
  proportionZ,
  rateLimits,
  robustScores,
  yearOnYear,
  Z95,
  Z998,
} from './quality.statistics.js';

describe('control limits', () => {
  it('uses z = 1.96 and 3.09 for 95% and 99.8%', () => {
    expect(Z95).toBeCloseTo(1.959964, 5);
    expect(Z998).toBeCloseTo(3.090232, 5);
  });

  it('a proportion: p0 ± z·√(p0(1−p0)/n), inside 0..1', () => {
    // 100 births around a share of boys of 0.515: ±1.96·0.04998.
    const l = proportionLimits(0.515, 100, Z95);
    expect(l.lower).toBeCloseTo(0.515 - Z95 * Math.sqrt((0.515 * 0.485) / 100), 12);
    expect(l.upper).toBeCloseTo(0.613, 4);
    // Few births: the funnel opens to the whole range.
    expect(proportionLimits(0.515, 3, Z998)).toEqual({ lower: 0, upper: 1 });
    // It narrows as n grows.
    expect(proportionLimits(0.515, 10_000, Z998).upper - 0.515).toBeCloseTo(
      Z998 * Math.sqrt((0.515 * 0.485) / 10_000),
      12,
    );
  });

  it('a rate: r0 ± z·√(r0/PY), never below 0', () => {
    const r0 = 0.0113; // 11.3‰
    const l = rateLimits(r0, 1000, Z95);
    expect(l.upper).toBeCloseTo(r0 + Z95 * Math.sqrt(r0 / 1000), 12);
    expect(l.lower).toBeCloseTo(r0 - Z95 * Math.sqrt(r0 / 1000), 12);
    expect(rateLimits(r0, 100, Z95).lower).toBe(0);
    expect(rateLimits(r0, 100_000, Z95).lower).toBeCloseTo(r0 - Z95 * Math.sqrt(r0 / 100_000), 12);
  });
});

describe('exact limits (what the funnel draws)', () => {
  it('the incomplete beta gives binomial tails', () => {
    // I_0.3(2, 3) = P(X ≥ 2), X ~ Bin(4, 0.3).
    expect(betaIncomplete(0.3, 2, 3)).toBeCloseTo(6 * 0.09 * 0.49 + 4 * 0.027 * 0.7 + 0.0081, 12);
    expect(betaIncomplete(0.5, 7, 7)).toBeCloseTo(0.5, 12);
  });

  it('Poisson: 1 birth where 0.1 were expected is inside the 95% limits (p = 0.19)', () => {
    const l = poissonLimits(0.1, 0.05);
    expect(l.lower).toBe(0);
    expect(l.upper).toBeGreaterThan(1);
    expect(poissonUpperTail(l.upper, 0.1)).toBeCloseTo(0.025, 9);
    expect(poissonTwoSidedP(1, 0.1)).toBeGreaterThan(0.05);
  });

  it('a whole count lies beyond a limit exactly when its exact p is beyond α', () => {
    for (const mu of [0.5, 3, 7.3, 40]) {
      const l = poissonLimits(mu, ALERT_P);
      for (let k = 0; k < mu * 4 + 12; k++) {
        expect(k > l.upper || k < l.lower, `mu ${mu} k ${k}`).toBe(poissonTwoSidedP(k, mu) < ALERT_P);
      }
    }
    for (const n of [3, 12, 57, 400]) {
      const l = binomialLimits(n, 0.515, 0.05);
      for (let k = 0; k <= n; k++)
        expect(k > l.upper || k < l.lower, `n ${n} k ${k}`).toBe(binomialTwoSidedP(k, n, 0.515) < 0.05);
    }
  });

  it('binomial limits approach the normal approximation for many births', () => {
    const l = binomialLimits(10_000, 0.515, 0.002);
    const half = Z998 * Math.sqrt(10_000 * 0.515 * 0.485);
    expect(l.upper).toBeCloseTo(5150 + half, -1);
    expect(l.lower).toBeCloseTo(5150 - half, -1);
    // 3 births: every share of boys is possible at 95%.
    expect(binomialLimits(3, 0.515, 0.05)).toEqual({ lower: 0, upper: 3 });
  });
});

describe('exact tests', () => {
  it('binomial probabilities sum to 1 and match known values', () => {
    let s = 0;
    for (let k = 0; k <= 20; k++) s += binomialPmf(k, 20, 0.3);
    expect(s).toBeCloseTo(1, 12);
    expect(binomialPmf(3, 10, 0.5)).toBeCloseTo(120 / 1024, 12);
  });

  it('a village with 3 births, all boys, is not unusual; 40 boys of 50 is', () => {
    // 2·P(X ≥ 3) = 2·0.515³.
    expect(binomialTwoSidedP(3, 3, 0.515)).toBeCloseTo(2 * 0.515 ** 3, 10);
    expect(binomialTwoSidedP(3, 3, 0.515)).toBeGreaterThan(ALERT_P);
    expect(binomialTwoSidedP(40, 50, 0.515)).toBeLessThan(ALERT_P);
    // Symmetric around p = 0.5.
    expect(binomialTwoSidedP(10, 50, 0.5)).toBeCloseTo(binomialTwoSidedP(40, 50, 0.5), 12);
    expect(binomialTwoSidedP(25, 50, 0.5)).toBe(1);
  });

  it('Poisson tails: P(X ≤ x) and P(X ≥ x) from the incomplete gamma', () => {
    // P(X ≤ 2 | 3) = e^−3 (1 + 3 + 4.5).
    expect(poissonCdf(2, 3)).toBeCloseTo(Math.exp(-3) * 8.5, 12);
    expect(poissonUpperTail(3, 3)).toBeCloseTo(1 - Math.exp(-3) * 8.5, 12);
    expect(poissonUpperTail(0, 3)).toBe(1);
    // 0 births where 7 were expected: 2·e^−7.
    expect(poissonTwoSidedP(0, 7)).toBeCloseTo(2 * Math.exp(-7), 12);
    expect(poissonTwoSidedP(7, 7)).toBe(1);
    expect(poissonTwoSidedP(30, 10)).toBeLessThan(1e-6);
  });

  it('standardised differences', () => {
    expect(proportionZ(60, 100, 0.5)).toBeCloseTo(2, 12);
    expect(poissonZ(16, 9)).toBeCloseTo(7 / 3, 12);
    expect(poissonZ(1, 0)).toBeNull();
  });

  it('P(no births) = e^−E', () => {
    expect(probabilityOfNone(4.6)).toBeCloseTo(0.01005, 5);
  });
});

describe('robust scores', () => {
  it('median and MAD scaled to a standard deviation', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    // values 1..9 and 100: median 5.5, MAD 2.5 → 100 scores (94.5)/(1.4826·2.5).
    const v = [1, 2, 3, 4, 5, 6, 7, 8, 9, 100];
    const s = robustScores(v);
    expect(s[9]).toBeCloseTo(94.5 / (1.4826 * 2.5), 10);
    expect(Math.abs(s[4]!)).toBeLessThan(1);
    expect(robustScores([2, 2, 2])).toEqual([null, null, null]);
  });
});

describe('year-on-year breaks', () => {
  it('the same rate is not a break; a halving with many births is', () => {
    expect(yearOnYear(30, 1000, 90, 3000).p).toBe(1);
    const drop = yearOnYear(30, 1000, 180, 3000);
    expect(drop.ratio).toBeCloseTo(0.5, 12);
    expect(drop.expected).toBeCloseTo(210 / 4, 12);
    expect(drop.p).toBeLessThan(ALERT_P);
    // Halving from 60 a year to 30 is a break; from 30 to 15 only at p ≈ 0.01, not beyond the 99.8% limits.
    expect(yearOnYear(15, 1000, 90, 3000).p).toBeGreaterThan(ALERT_P);
    // Small numbers: 1 birth after 3 a year is no break.
    expect(yearOnYear(1, 100, 9, 300).p).toBeGreaterThan(ALERT_P);
  });
});

it('p-values read as people read them', () => {
  expect(formatP(0.0425)).toBe('0.0425');
  expect(formatP(0.5)).toBe('0.5');
  expect(formatP(0.00031)).toBe('3.1e-4');
});
