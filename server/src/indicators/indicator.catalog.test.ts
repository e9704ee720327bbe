import { describe, expect, it } from 'vitest';
import { DEFINITIONS, definitionsInEffect, findDefinition, type IndicatorDefinition } from './indicator.catalog.js';
import { emptyCounts, evaluate, statusOf } from './indicator.formulas.js';

const timeliness = DEFINITIONS.find((d) => d.code === 'reportTimeliness')!;
/** A stricter definition taking effect in 2027: figures computed from then on state version 2. */
const stricter: IndicatorDefinition = {
  ...timeliness,
  version: 2,
  effectiveFrom: '2027-01-01',
  formula: { kind: 'timeliness', days: 15, per: 100 },
};

describe('the indicator catalogue', () => {
  it('every code has a version 1, names in both languages and parts to drill into', () => {
    for (const d of DEFINITIONS) {
      expect(findDefinition(d.code, 1)).toBeDefined();
      expect(d.nameZh && d.nameEn && d.formulaZh && d.numerator.nameZh).toBeTruthy();
      // Only a total (a count or an amount) divides by nothing.
      if (d.formula.kind === 'total') expect(d.denominator).toBeNull();
      else expect(d.denominator?.nameZh).toBeTruthy();
    }
    expect(new Set(DEFINITIONS.map((d) => `${d.code}@${d.version}`)).size).toBe(DEFINITIONS.length);
  });

  it('a new version is used from its effective date, the old one before', () => {
    const all = [...DEFINITIONS, stricter];
    expect(definitionsInEffect('2026-12-31', all).find((d) => d.code === 'reportTimeliness')!.version).toBe(1);
    expect(definitionsInEffect('2027-01-01', all).find((d) => d.code === 'reportTimeliness')!.version).toBe(2);
    expect(findDefinition('reportTimeliness', 1, all)!.formula).toEqual({ kind: 'timeliness', days: 30, per: 100 });
  });
});

describe('benefit figures', () => {
  const def = (code: string) => DEFINITIONS.find((d) => d.code === code)!;

  it('funds in place is a ratio of amounts, with no interval', () => {
    const c = { ...emptyCounts(), fenPaid: 330_000, fenDue: 440_000 };
    expect(evaluate(def('benefitFundsInPlace'), c, 1)).toMatchObject({
      value: 75,
      lower: null,
      upper: null,
      numerator: 330_000,
      denominator: 440_000,
    });
  });

  it('counts and amounts are totals: no denominator, no interval, the amount in yuan from fen', () => {
    const c = { ...emptyCounts(), paymentsPaid: 3, fenPaid: 330_001 };
    expect(evaluate(def('benefitPaymentsPaid'), c, 0.25)).toMatchObject({ value: 3, denominator: null, lower: null });
    expect(evaluate(def('benefitAmountPaid'), c, 1)).toMatchObject({ value: 3300.01, numerator: 330_001 });
  });
});

describe('figures against the normal range', () => {
  const srb = DEFINITIONS.find((d) => d.code === 'sexRatioAtBirth')!;

  it('a village with 19 births and a ratio of 138 is uncertain, not an alarm', () => {
    const c = { ...emptyCounts(), birthsMale: 11, birthsFemale: 8, births: 19 };
    const f = evaluate(srb, c, 1);
    expect(f.value).toBeCloseTo(137.5, 10);
    expect(f.status).toBe('uncertain');
  });

  it('a county with the same ratio is high', () => {
    const c = { ...emptyCounts(), birthsMale: 5500, birthsFemale: 4000, births: 9500 };
    expect(evaluate(srb, c, 1).status).toBe('high');
    expect(statusOf(srb, { value: 105, lower: 100, upper: 110 })).toBe('normal');
    expect(statusOf(srb, { value: 95, lower: 90, upper: 101 })).toBe('low');
  });

  it('rates of a quarter are annualised and have no value without people', () => {
    const cbr = DEFINITIONS.find((d) => d.code === 'crudeBirthRate')!;
    const c = { ...emptyCounts(), births: 10, populationStart: 4000, populationEnd: 4000 };
    expect(evaluate(cbr, c, 0.25).value).toBeCloseTo(10, 10);
    expect(evaluate(cbr, emptyCounts(), 1)).toMatchObject({ value: null, lower: null, upper: null, status: null });
  });
});
