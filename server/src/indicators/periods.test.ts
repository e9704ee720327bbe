import { describe, expect, it } from 'vitest';
import { parsePeriod, seriesPeriods } from './periods.js';

describe('reporting periods', () => {
  it('a year starts from the population of the previous 31 December', () => {
    const p = parsePeriod('2016', '2026-05-10');
    expect(p).toMatchObject({
      kind: 'year',
      start: '2016-01-01',
      end: '2016-12-31',
      running: false,
      days: 366,
      yearFraction: 1,
    });
    expect(p.startBoundary).toEqual({ year: 2015, month: 12 });
    expect(p.endBoundary).toEqual({ year: 2016, month: 12 });
  });

  it('quarters and months end on month boundaries', () => {
    const q = parsePeriod('2017Q2', '2026-05-10');
    expect(q).toMatchObject({ start: '2017-04-01', end: '2017-06-30', days: 91 });
    expect(q.startBoundary).toEqual({ year: 2017, month: 3 });
    expect(q.yearFraction).toBeCloseTo(91 / 365, 12);
    const m = parsePeriod('2016-02', '2026-05-10');
    expect(m).toMatchObject({ start: '2016-02-01', end: '2016-02-29', days: 29 });
  });

  it('a running period is computed to date', () => {
    const p = parsePeriod('2026', '2026-05-10');
    expect(p).toMatchObject({ running: true, end: '2026-05-10', days: 130 });
    expect(p.endBoundary).toEqual({ year: 2026, month: 5 });
  });

  it('refuses malformed, early and future periods, naming the field', () => {
    expect(() => parsePeriod('2016Q5', '2026-05-10')).toThrow(/统计期应为/);
    expect(() => parsePeriod('1999', '2026-05-10')).toThrow(/2000/);
    expect(() => parsePeriod('2026-06', '2026-05-10')).toThrow(/尚未开始/);
  });

  it('series stop at today', () => {
    expect(seriesPeriods(2024, 2026, 'year', '2026-05-10').map((p) => p.code)).toEqual(['2024', '2025', '2026']);
    expect(seriesPeriods(2026, 2026, 'month', '2026-03-01').map((p) => p.code)).toEqual([
      '2026-01',
      '2026-02',
      '2026-03',
    ]);
  });
});
