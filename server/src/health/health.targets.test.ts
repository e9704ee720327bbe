import { describe, expect, it } from 'vitest';
import { DEFINITIONS } from '../indicators/indicator.catalog.js';
import { SCREENING_KEYS } from '../indicators/indicator.catalog.services.js';
import { emptyCounts, evaluate } from '../indicators/indicator.formulas.js';
import { addYears, eventWindow, periodWindow, TARGET_RULES, womenBirthBounds } from './health.targets.js';

describe('target-group rules', () => {
  it('whole years, 29 February falling on 28 February', () => {
    expect(addYears('2025-03-10', -2)).toBe('2023-03-10');
    expect(addYears('2024-02-29', -1)).toBe('2023-02-28');
    expect(addYears('2024-02-29', -4)).toBe('2020-02-29');
  });

  it('women of 35–64 on some day of 2025 were born after 1 January 1960 and by 31 December 1990', () => {
    expect(womenBirthBounds({ start: '2025-01-01', end: '2025-12-31' }, 35, 64)).toEqual({
      bornAfter: '1960-01-01',
      bornBy: '1990-12-31',
    });
    // A quarter: 64 on 1 April at the latest, 35 by 30 June.
    expect(womenBirthBounds({ start: '2025-04-01', end: '2025-06-30' }, 35, 64)).toEqual({
      bornAfter: '1960-04-01',
      bornBy: '1990-06-30',
    });
  });

  it('screenings of women count in the period, or in a cycle of years up to its end', () => {
    const year = { start: '2025-01-01', end: '2025-12-31' };
    expect(periodWindow(year)).toEqual({ from: '2025-01-01', to: '2025-12-31' });
    expect(periodWindow(year, 3)).toEqual({ from: '2023-01-01', to: '2025-12-31' });
    expect(periodWindow(year, 1)).toEqual({ from: '2025-01-01', to: '2025-12-31' });
  });

  it('prenatal 280 days up to the birth, pre-pregnancy 2 years before conception, premarital a year, newborn after', () => {
    expect(eventWindow(TARGET_RULES.prenatal_screening.window, '2025-03-10')).toEqual({
      from: '2024-06-03',
      to: '2025-03-10',
    });
    expect(eventWindow(TARGET_RULES.prepregnancy.window, '2025-03-10')).toEqual({
      from: '2022-06-03',
      to: '2024-06-03',
    });
    expect(eventWindow(TARGET_RULES.premarital.window, '2025-05-20')).toEqual({ from: '2024-05-20', to: '2025-05-20' });
    expect(eventWindow(TARGET_RULES.newborn_screening.window, '2025-07-01')).toEqual({ from: '2025-07-01', to: null });
    expect(TARGET_RULES.prepregnancy.asPartner && TARGET_RULES.premarital.asPartner).toBe(true);
    expect(TARGET_RULES.cervical_cancer).toMatchObject({ population: 'women', minAge: 35, maxAge: 64 });
    expect(TARGET_RULES.gynecological).toMatchObject({ minAge: 20, maxAge: 64 });
  });

  it('each service has a coverage figure: covered ÷ target × 100, no value without a target group', () => {
    for (const [kind, key] of Object.entries(SCREENING_KEYS)) {
      const def = DEFINITIONS.find(
        (d) => d.numerator.records.kind === 'screening' && d.numerator.records.screening === kind,
      )!;
      expect(def.formula).toEqual({
        kind: 'proportion',
        numerator: `${key}Covered`,
        denominator: `${key}Target`,
        per: 100,
      });
      expect(evaluate(def, { ...emptyCounts(), [`${key}Target`]: 8, [`${key}Covered`]: 6 }, 1).value).toBe(75);
      expect(evaluate(def, emptyCounts(), 1).value).toBeNull();
    }
  });
});
