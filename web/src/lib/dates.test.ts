import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import { formatDate, isFuture, toIsoDate, yearsBetween } from './dates.js';

describe('dates as users read them', () => {
  it('shows event dates as 2016-03-05 without shifting them', () => {
    expect(formatDate('2016-03-05')).toBe('2016-03-05');
    expect(formatDate(null)).toBe('—');
  });

  it('turns a picked date into the ISO date the server expects', () => {
    expect(toIsoDate(dayjs('2016-03-05'))).toBe('2016-03-05');
    expect(toIsoDate(null)).toBeUndefined();
  });

  it('knows tomorrow is in the future and today is not', () => {
    expect(isFuture(dayjs().add(1, 'day'))).toBe(true);
    expect(isFuture(dayjs())).toBe(false);
  });

  it('counts whole years for ages', () => {
    expect(yearsBetween('1990-03-06', '2016-03-05')).toBe(25);
    expect(yearsBetween('1990-03-05', '2016-03-05')).toBe(26);
  });
});
