import { describe, expect, it } from 'vitest';
import { annualReportPath, reportYears } from './annualReportApi.js';

describe('the annual report’s URLs', () => {
  it('name the year, the unit and the format, leaving out the server’s defaults', () => {
    expect(annualReportPath({ year: 2016, population: 'registered', boundaries: 'present' }, 'json')).toBe(
      '/api/annual-report?year=2016',
    );
    expect(
      annualReportPath({ year: 2016, unitId: '430623101', population: 'resident', boundaries: 'past' }, 'pdf'),
    ).toBe('/api/annual-report?year=2016&unitId=430623101&format=pdf&population=resident&boundaries=past');
  });

  it('offer every year from this one back to 2000', () => {
    const years = reportYears(new Date('2026-11-29T00:00:00Z'));
    expect(years[0]).toBe(2026);
    expect(years.at(-1)).toBe(2000);
    expect(years).toContain(2016);
  });
});
