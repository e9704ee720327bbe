import { describe, expect, it } from 'vitest';
import {
  acceptDueOn,
  addDays,
  concludeDueOn,
  daysBetween,
  escalationLevelFor,
  isIsoDate,
  isRestDay,
  timeliness,
  type DeadlineFacts,
} from './petition.deadlines.js';

/**
 * The deadlines of 信访工作条例 counted as 民法典 art. 201–203 counts periods: the day of receipt
 * is not counted, a period ending on a rest day ends on the next working day.
 */
describe('acceptance deadline (15 days from the day after receipt)', () => {
  it('does not count the day of receipt: received Monday 2 March, decided by Tuesday 17 March', () => {
    expect(acceptDueOn('2026-03-02')).toBe('2026-03-17');
    // Counting the day of receipt would give the 16th: the rule is the 15th day after it.
    expect(daysBetween('2026-03-02', acceptDueOn('2026-03-02'))).toBe(15);
  });

  it('runs across a month end: received 30 April, due 15 May', () => {
    expect(acceptDueOn('2026-04-30')).toBe('2026-05-15');
  });

  it('runs across a year end and past New Year holidays and a weekend', () => {
    // 17 Dec + 15 = Friday 1 Jan 2027 (元旦), then Saturday and Sunday: Monday 4 Jan.
    expect(acceptDueOn('2026-12-17')).toBe('2027-01-04');
    // 31 Dec 2025 + 15 = Thursday 15 Jan 2026, a working day.
    expect(acceptDueOn('2025-12-31')).toBe('2026-01-15');
  });

  it('moves a last day on a weekend to the Monday', () => {
    // 6 March (Friday) + 15 = Saturday 21 March.
    expect(acceptDueOn('2026-03-06')).toBe('2026-03-23');
  });

  it('moves a last day in the Spring Festival holiday past it', () => {
    // 31 Jan + 15 = 15 Feb, the first day of the 2026 holiday (15–23 Feb).
    expect(acceptDueOn('2026-01-31')).toBe('2026-02-24');
  });

  it('keeps a last day on a make-up working Saturday (调休上班)', () => {
    // 30 Jan + 15 = Saturday 14 Feb 2026, worked before the Spring Festival.
    expect(acceptDueOn('2026-01-30')).toBe('2026-02-14');
    expect(isRestDay('2026-02-14')).toBe(false);
    expect(isRestDay('2026-02-21')).toBe(true);
    expect(isRestDay('2026-03-04')).toBe(false);
  });
});

describe('conclusion deadline (60 days from the day after acceptance, one extension of at most 30)', () => {
  it('counts 60 days from acceptance', () => {
    expect(concludeDueOn('2026-04-15')).toBe('2026-06-15');
    // 10 March + 60 = Saturday 9 May 2026, a make-up working day after the Labour Day holiday.
    expect(concludeDueOn('2026-03-10')).toBe('2026-05-09');
  });

  it('an extension lengthens the period and the rest-day rule applies to its real last day', () => {
    expect(concludeDueOn('2026-03-10', 30)).toBe('2026-06-08');
    expect(concludeDueOn('2026-03-10', 10)).toBe('2026-05-19');
  });
});

describe('timeliness on a day', () => {
  const accepted: DeadlineFacts = {
    status: 'accepted',
    acceptDueOn: '2026-03-17',
    decidedOn: '2026-03-10',
    concludeDueOn: '2026-05-09',
    repliedOn: null,
  };

  it('an open petition shows the days left, 0 on the last day, then the days overdue', () => {
    expect(timeliness(accepted, '2026-05-01').tag).toEqual({ kind: 'days_left', days: 8, dueOn: '2026-05-09' });
    expect(timeliness(accepted, '2026-05-09').tag).toEqual({ kind: 'days_left', days: 0, dueOn: '2026-05-09' });
    const late = timeliness(accepted, '2026-05-12');
    expect(late.tag).toEqual({ kind: 'overdue', days: 3, dueOn: '2026-05-09' });
    expect(late.concludedOnTime).toBe(false);
    expect(late.acceptedOnTime).toBe(true);
  });

  it('a reply on the last day is on time; a reply after the deadline is late', () => {
    const onTime = timeliness({ ...accepted, status: 'replied', repliedOn: '2026-05-09' }, '2026-06-01');
    expect(onTime.tag).toEqual({ kind: 'concluded_on_time' });
    expect(onTime.concludedOnTime).toBe(true);
    const late = timeliness({ ...accepted, status: 'closed', repliedOn: '2026-05-11' }, '2026-06-01');
    expect(late.tag).toEqual({ kind: 'concluded_late', days: 2 });
    expect(late.concludedOnTime).toBe(false);
  });

  it('acceptance decided after its deadline is late even when the reply is in time', () => {
    const t = timeliness(
      { ...accepted, status: 'replied', decidedOn: '2026-03-20', concludeDueOn: '2026-05-19', repliedOn: '2026-04-01' },
      '2026-06-01',
    );
    expect(t.acceptedOnTime).toBe(false);
    expect(t.concludedOnTime).toBe(true);
    expect(t.tag).toEqual({ kind: 'concluded_late', days: 3 });
  });

  it('a registered petition counts against the acceptance deadline', () => {
    const reg: DeadlineFacts = {
      status: 'registered',
      acceptDueOn: '2026-03-17',
      decidedOn: null,
      concludeDueOn: null,
      repliedOn: null,
    };
    expect(timeliness(reg, '2026-03-10').acceptedOnTime).toBeNull();
    expect(timeliness(reg, '2026-04-05').overdueDays).toBe(19);
    expect(timeliness({ ...reg, status: 'not_accepted', decidedOn: '2026-03-16' }, '2026-04-05').tag).toEqual({
      kind: 'concluded_on_time',
    });
  });

  it('escalates at level 1 when overdue, level 2 when overdue by more than 15 days', () => {
    expect([0, 1, 15, 16, 40].map(escalationLevelFor)).toEqual([0, 1, 1, 2, 2]);
  });
});

describe('dates', () => {
  it('validates and adds calendar dates', () => {
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(daysBetween('2026-02-01', '2026-03-01')).toBe(28);
  });
});
