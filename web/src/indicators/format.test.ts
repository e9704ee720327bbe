import { describe, expect, it } from 'vitest';
import {
  formatFen,
  formatInterval,
  formatRange,
  formatValue,
  hasData,
  isTotal,
  lastCompleteYear,
  periodCode,
  periodKind,
  periodSub,
} from './format.js';
import type { Figure } from './indicatorApi.js';

const sexRatio = { unit: 'ratio', decimals: 2 } as const;
const birthRate = { unit: '‰', decimals: 2 } as const;

describe('figures as the tables and cards show them', () => {
  it('adds the unit and keeps the decimals, with a dash where there is no value', () => {
    expect(formatValue(105.2631, sexRatio)).toBe('105.26');
    expect(formatValue(11.3, birthRate)).toBe('11.30‰');
    expect(formatValue(null, birthRate)).toBe('—');
  });

  it('shows an interval with an open upper end as infinite', () => {
    expect(formatInterval({ ...sexRatio, lower: 56.7, upper: 195.3 })).toBe('56.70–195.30');
    expect(formatInterval({ ...sexRatio, lower: 52, upper: null })).toBe('52.00–∞');
    expect(formatInterval({ ...sexRatio, lower: null, upper: null })).toBe('—');
    expect(formatRange({ low: 103, high: 107, noteZh: '' }, sexRatio)).toBe('103–107');
  });

  it('reads and writes year, quarter and month periods', () => {
    expect(periodKind('2016')).toBe('year');
    expect(periodKind('2016Q3')).toBe('quarter');
    expect(periodKind('2016-03')).toBe('month');
    expect(periodCode(2016, 'month', 3)).toBe('2016-03');
    expect(periodCode(2016, 'quarter', 9)).toBe('2016Q4');
    expect(periodSub('2016-11')).toBe(11);
  });

  it('takes the last complete year in China time (a New Year morning in Beijing is already the new year)', () => {
    expect(lastCompleteYear(new Date('2026-12-31T17:00:00Z'))).toBe(2026);
    expect(lastCompleteYear(new Date('2026-06-01T00:00:00Z'))).toBe(2025);
  });

  it('tells a period without any records from one with data', () => {
    const empty = { numerator: 0, denominator: 0, parts: { populationEnd: 0 } } as unknown as Figure;
    expect(hasData([empty])).toBe(false);
    expect(hasData([{ ...empty, denominator: 3451 }])).toBe(true);
  });
});

describe('benefit totals', () => {
  it('show a count whole and an amount in yuan, with no interval', () => {
    expect(formatValue(5, { unit: 'count', decimals: 0 })).toBe('5');
    expect(formatValue(5500, { unit: 'yuan', decimals: 2 })).toBe('5,500.00 元');
    expect(formatInterval({ unit: 'yuan', decimals: 2, lower: null, upper: null })).toBe('—');
    expect(isTotal({ unit: 'yuan' })).toBe(true);
    expect(isTotal({ unit: '%' })).toBe(false);
    expect(formatFen(330_001)).toBe('3,300.01');
    expect(formatFen(null)).toBe('—');
  });
});
