import { describe, expect, it } from 'vitest';
import { emptyCounts, type UnitCounts } from '../indicators/indicator.formulas.js';
import type { UnitRow } from '../indicators/indicator.repository.js';
import { parsePeriod } from '../indicators/periods.js';
import { funnel, robustOutliers, silentVillages, yearOnYearBreaks, type CountyCounts } from './quality.anomalies.js';

/** A county of one township and 20 villages of 1,000 people, with births set per test. */
const unit = (id: string, level: string, parentId: string | null, path: string): UnitRow => ({
  id,
  level,
  parentId,
  path,
  name: `U${id}`,
  validFrom: '2000-01-01',
  validTo: null,
});
const county = unit('C', 'county', null, '/C/');
const township = unit('T', 'township', 'C', '/C/T/');
const villages = Array.from({ length: 20 }, (_, i) => unit(`V${i}`, 'village', 'T', `/C/T/V${i}/`));
const units = [county, township, ...villages];

function counts(perVillage: (i: number) => Partial<UnitCounts>): Map<string, UnitCounts> {
  const m = new Map<string, UnitCounts>();
  const c = emptyCounts();
  const t = emptyCounts();
  villages.forEach((v, i) => {
    const x = { ...emptyCounts(), populationStart: 1000, populationEnd: 1000, ...perVillage(i) };
    m.set(v.id, x);
    for (const k of ['births', 'birthsMale', 'birthsFemale', 'populationStart', 'populationEnd'] as const) {
      c[k] += x[k];
      t[k] += x[k];
    }
  });
  m.set('C', c);
  m.set('T', t);
  return m;
}

function cc(years: Record<number, (i: number) => Partial<UnitCounts>>): CountyCounts {
  const today = '2020-06-01';
  const ys = Object.keys(years).map(Number);
  return {
    units,
    county,
    periods: new Map(ys.map((y) => [y, parsePeriod(String(y), today)])),
    byYear: new Map(ys.map((y) => [y, counts(years[y]!)])),
  };
}

const normal = () => ({ births: 12, birthsMale: 6, birthsFemale: 6 });

describe('funnel', () => {
  it('puts a village with many more boys beyond 99.8%, the others inside', () => {
    const f = funnel(
      cc({ 2016: (i) => (i === 3 ? { births: 40, birthsMale: 34, birthsFemale: 6 } : normal()) }),
      2016,
      'sexRatio',
      'village',
      '/C/',
    );
    expect(f.points).toHaveLength(20);
    const v3 = f.points.find((p) => p.unitId === 'V3')!;
    expect(v3.position).toBe('outside998');
    expect(v3.p).toBeLessThan(0.002);
    expect(v3.value).toBeGreaterThan(v3.limits998.upper);
    expect(f.points.filter((p) => p.position === 'outside998')).toHaveLength(1);
    // The county's share of boys is the centre line.
    expect(f.centre).toBeCloseTo((34 + 19 * 6) / (40 + 19 * 12), 12);
    // The limits narrow as births grow.
    expect(f.curve[0]!.upper998 - f.curve[0]!.lower998).toBeGreaterThan(
      f.curve.at(-1)!.upper998 - f.curve.at(-1)!.lower998,
    );
  });

  it('does not flag 3 boys out of 3 (small numbers)', () => {
    const f = funnel(
      cc({ 2016: (i) => (i === 0 ? { births: 3, birthsMale: 3, birthsFemale: 0 } : normal()) }),
      2016,
      'sexRatio',
      'village',
      '/C/',
    );
    expect(f.points.find((p) => p.unitId === 'V0')!.position).not.toBe('outside998');
  });

  it('birth rate: 40 births where 12 are expected is beyond the limits', () => {
    const f = funnel(
      cc({ 2016: (i) => (i === 5 ? { births: 40, birthsMale: 20, birthsFemale: 20 } : normal()) }),
      2016,
      'birthRate',
      'village',
      '/C/',
    );
    const v5 = f.points.find((p) => p.unitId === 'V5')!;
    expect(v5.position).toBe('outside998');
    expect(v5.x).toBe(1000);
    expect(v5.value).toBeCloseTo(40, 10); // ‰
  });
});

describe('silent villages', () => {
  it('flags a village with no births where ~12 were expected, not one where ~2 were', () => {
    const c = cc({
      2016: (i) =>
        i === 1 ? { births: 0 } : i === 2 ? { births: 0, populationStart: 150, populationEnd: 150 } : normal(),
    });
    const silent = silentVillages(c, 2016);
    expect(silent.map((s) => s.unit.id)).toEqual(['V1']);
    expect(silent[0]!.pNone).toBeCloseTo(Math.exp(-silent[0]!.expected), 12);
  });
});

describe('year-on-year', () => {
  it('flags a village whose births fell from 30 a year to 5, ignores years before the records began', () => {
    const before = (i: number) => (i === 7 ? { births: 30, birthsMale: 15, birthsFemale: 15 } : normal());
    const c = cc({
      2012: () => ({}),
      2013: before,
      2014: before,
      2015: before,
      2016: (i) => (i === 7 ? { births: 5, birthsMale: 2, birthsFemale: 3 } : normal()),
    });
    const breaks = yearOnYearBreaks(c, 2016, 'village');
    expect(breaks.map((b) => b.unit.id)).toEqual(['V7']);
    expect(breaks[0]!.beforeYears).toEqual([2013, 2014, 2015]);
    // 2013 compared with 2012 (no births anywhere: no records yet) is not a break.
    expect(yearOnYearBreaks(c, 2013, 'village')).toEqual([]);
  });
});

describe('robust scores', () => {
  it('single out a village far from the others even when the whole system is spread', () => {
    const spread = [6, 8, 10, 12, 14, 16, 18, 9, 11, 13, 15, 7, 17, 12, 10, 14, 11, 13, 12];
    const f = funnel(
      cc({ 2016: (i) => (i === 19 ? { births: 45 } : { births: spread[i]! }) }),
      2016,
      'birthRate',
      'village',
      '/C/',
    );
    expect(robustOutliers(f).map((o) => o.point.unitId)).toEqual(['V19']);
  });
});
