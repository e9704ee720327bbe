import { describe, expect, it } from 'vitest';
import { defaultYear, formatNumber, formatP, formatPercent, paramsOf, yearOptions } from './qualityFormat.js';

describe('data-quality formats', () => {
  it('p-values: fixed above 0.001, scientific below', () => {
    expect(formatP(0.0425)).toBe('0.0425');
    expect(formatP(1)).toBe('1');
    expect(formatP(0.00031)).toBe('3.1e-4');
    expect(formatP(null)).toBe('—');
  });

  it('percent and numbers, with a dash for nothing', () => {
    expect(formatPercent(0.5154)).toBe('51.5%');
    expect(formatPercent(null)).toBe('—');
    expect(formatNumber(11.3125, 2)).toBe('11.31');
    expect(formatNumber(undefined)).toBe('—');
  });

  it('years from 2000 to this year, newest first; the page opens on last year', () => {
    const years = yearOptions(new Date('2026-06-01'));
    expect(years[0]).toBe(2026);
    expect(years.at(-1)).toBe(2000);
    expect(defaultYear(new Date('2026-06-01'))).toBe(2025);
  });

  it("reads an alert link's parameters", () => {
    expect(paramsOf('/quality/violations?rule=motherAge&unitId=430623101208&period=2016')).toEqual({
      rule: 'motherAge',
      unitId: '430623101208',
      period: '2016',
    });
    expect(paramsOf('/reports')).toEqual({});
  });
});
