import { describe, expect, it } from 'vitest';
import { addDays, daysOverdueOf, dueStateOf, firstBirthday, followupDueOn } from './health.rules.js';

describe('health rules', () => {
  it('dates the follow-up by the kind, or by the days the recorder gives', () => {
    expect(followupDueOn('newborn_screening', '2026-01-28')).toBe('2026-02-04');
    expect(followupDueOn('prenatal_screening', '2026-02-20')).toBe('2026-03-06');
    expect(followupDueOn('cervical_cancer', '2026-12-15')).toBe('2027-01-14');
    expect(followupDueOn('cervical_cancer', '2026-12-15', 3)).toBe('2026-12-18');
  });

  it('reads a due date against today: overdue from the day after, soon within 7 days', () => {
    const today = '2026-06-10';
    expect(dueStateOf('open', '2026-06-09', today)).toBe('overdue');
    expect(dueStateOf('open', '2026-06-10', today)).toBe('soon');
    expect(dueStateOf('open', '2026-06-17', today)).toBe('soon');
    expect(dueStateOf('open', '2026-06-18', today)).toBe('later');
    expect(dueStateOf('closed', '2026-01-01', today)).toBe('closed');
    expect(daysOverdueOf('open', '2026-06-01', today)).toBe(9);
    expect(daysOverdueOf('open', '2026-06-11', today)).toBe(0);
    expect(daysOverdueOf('closed', '2026-06-01', today)).toBe(0);
  });

  it('counts the newborn limit to the first birthday, leap days included', () => {
    expect(firstBirthday('2025-03-15')).toBe('2026-03-15');
    expect(firstBirthday('2024-02-29')).toBe('2025-03-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
  });
});
