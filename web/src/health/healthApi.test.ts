import { describe, expect, it } from 'vitest';
import {
  contactInput,
  contactProblems,
  coveragePercent,
  daysBetween,
  defaultFollowUpDays,
  dueTag,
  serviceProblems,
  tabsFor,
} from './healthApi.js';

const TODAY = '2026-12-07';

describe('who sees which tab of the health page', () => {
  it('a village worker lands on the follow-ups and may read services and coverage', () => {
    expect(tabsFor(['person.read', 'health.followup', 'health.read'])).toEqual(['followups', 'services', 'targets']);
  });
  it('a health worker sees all three, follow-ups first', () => {
    expect(tabsFor(['health.record', 'health.findings', 'health.followup', 'health.read'])).toEqual([
      'followups',
      'services',
      'targets',
    ]);
  });
  it('the county statistician, who only reads, sees no follow-up list', () => {
    expect(tabsFor(['person.read', 'health.read'])).toEqual(['services', 'targets']);
  });
  it('nobody else sees anything', () => {
    expect(tabsFor(['person.read', 'benefit.verify'])).toEqual([]);
  });
});

describe('a follow-up’s due tag', () => {
  it('is red with the days past due once the due date has passed', () => {
    expect(dueTag({ status: 'open', dueOn: '2026-12-01' }, TODAY)).toEqual({ state: 'overdue', color: 'red', days: 6 });
  });
  it('is orange within 7 days, today included', () => {
    expect(dueTag({ status: 'open', dueOn: TODAY }, TODAY)).toEqual({ state: 'soon', color: 'orange', days: 0 });
    expect(dueTag({ status: 'open', dueOn: '2026-12-14' }, TODAY).state).toBe('soon');
    expect(dueTag({ status: 'open', dueOn: '2026-12-15' }, TODAY).state).toBe('later');
  });
  it('is green when closed, however late the due date was', () => {
    expect(dueTag({ status: 'closed', dueOn: '2026-01-01' }, TODAY).state).toBe('closed');
  });
  it('trusts the server’s state and days, whose clock is the one that counts', () => {
    expect(dueTag({ status: 'open', dueOn: '2026-12-10', dueState: 'overdue', daysOverdue: 2 }, TODAY)).toEqual({
      state: 'overdue',
      color: 'red',
      days: 2,
    });
  });
  it('counts days across a month end', () => {
    expect(daysBetween('2026-11-28', '2026-12-03')).toBe(5);
    expect(daysBetween('2026-12-03', '2026-11-28')).toBe(-5);
  });
});

describe('recording a service', () => {
  const ok = {
    kind: 'cervical_cancer' as const,
    personId: 'p1',
    servedOn: '2026-12-01',
    place: '县妇幼保健院',
    provider: '李医生',
    result: 'normal' as const,
  };
  it('accepts a complete normal service without findings', () => {
    expect(serviceProblems(ok, TODAY)).toEqual([]);
  });
  it('names every missing field', () => {
    expect(serviceProblems({}, TODAY).map((p) => p.field)).toEqual([
      'kind',
      'personId',
      'servedOn',
      'place',
      'provider',
      'result',
    ]);
    expect(serviceProblems({ ...ok, place: '   ' }, TODAY)).toEqual([{ field: 'place', key: 'required' }]);
  });
  it('needs the findings of an abnormal result, since the follow-up is about them', () => {
    expect(serviceProblems({ ...ok, result: 'abnormal' }, TODAY)).toEqual([
      { field: 'findings', key: 'findingsRequired' },
    ]);
    expect(serviceProblems({ ...ok, result: 'abnormal', findings: 'HPV16 阳性' }, TODAY)).toEqual([]);
  });
  it('refuses a date in the future, the person as her own partner and a follow-up period out of range', () => {
    expect(serviceProblems({ ...ok, servedOn: '2026-12-08' }, TODAY)).toEqual([{ field: 'servedOn', key: 'future' }]);
    expect(serviceProblems({ ...ok, kind: 'premarital', partnerPersonId: 'p1' }, TODAY)).toEqual([
      { field: 'partnerPersonId', key: 'samePerson' },
    ]);
    expect(serviceProblems({ ...ok, followUpDays: 0 }, TODAY)).toEqual([
      { field: 'followUpDays', key: 'followUpDaysRange' },
    ]);
    expect(serviceProblems({ ...ok, followUpDays: 366 }, TODAY)[0]?.key).toBe('followUpDaysRange');
    expect(serviceProblems({ ...ok, followUpDays: null }, TODAY)).toEqual([]);
  });
  it('shows the server’s default follow-up period per service', () => {
    expect(defaultFollowUpDays('newborn_screening')).toBe(7);
    expect(defaultFollowUpDays('prenatal_screening')).toBe(14);
    expect(defaultFollowUpDays('cervical_cancer')).toBe(30);
  });
});

describe('recording a follow-up contact', () => {
  const opened = '2026-11-20';
  it('accepts a contact between the opening and today', () => {
    expect(contactProblems({ contactedOn: '2026-12-01', method: 'phone' }, opened, TODAY)).toEqual([]);
  });
  it('refuses a contact before the follow-up opened or in the future', () => {
    expect(contactProblems({ contactedOn: '2026-11-19', method: 'phone' }, opened, TODAY)).toEqual([
      { field: 'contactedOn', key: 'beforeOpened' },
    ]);
    expect(contactProblems({ contactedOn: '2026-12-08', method: 'phone' }, opened, TODAY)).toEqual([
      { field: 'contactedOn', key: 'future' },
    ]);
  });
  it('refuses a next date before the contact', () => {
    expect(
      contactProblems({ contactedOn: '2026-12-01', method: 'visit', nextDueOn: '2026-11-30' }, opened, TODAY),
    ).toEqual([{ field: 'nextDueOn', key: 'nextBeforeContact' }]);
  });
  it('needs an outcome to close', () => {
    expect(contactProblems({ contactedOn: TODAY, method: 'clinic', close: true }, opened, TODAY)).toEqual([
      { field: 'outcome', key: 'outcomeRequired' },
    ]);
  });
  it('sends a closing contact without a next date, and an open one without a close', () => {
    expect(
      contactInput(
        {
          contactedOn: TODAY,
          method: 'clinic',
          note: '  已手术 ',
          nextDueOn: '2027-01-01',
          close: true,
          outcome: 'treated',
        },
        3,
      ),
    ).toEqual({
      version: 3,
      contactedOn: TODAY,
      method: 'clinic',
      note: '已手术',
      nextDueOn: undefined,
      close: { outcome: 'treated' },
    });
    expect(contactInput({ contactedOn: TODAY, method: 'phone', note: ' ', nextDueOn: '2026-12-20' }, 1)).toEqual({
      version: 1,
      contactedOn: TODAY,
      method: 'phone',
      note: undefined,
      nextDueOn: '2026-12-20',
      close: undefined,
    });
  });
});

describe('screening coverage', () => {
  it('is the covered share of the target group in percent with one decimal', () => {
    expect(coveragePercent(14, 30)).toBe(46.7);
    expect(coveragePercent(30, 30)).toBe(100);
  });
  it('is not a number when nobody is in the target group', () => {
    expect(coveragePercent(0, 0)).toBeNull();
  });
});
