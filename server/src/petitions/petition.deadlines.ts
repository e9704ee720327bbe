/**
 * The statutory deadlines of a petition (信访工作条例, 2022, art. 32, 35), counted as Chinese law
 * counts periods (民法典 art. 201–203): the day of receipt (or acceptance) is not counted, the
 * period starts the next day, and a period whose last day is a rest day (a weekend not worked as
 * a make-up day, or a statutory holiday) ends on the next working day. Pure functions over
 * 'YYYY-MM-DD' strings, so no time zone can move a deadline (docs/petitions.md has worked examples).
 */
export type IsoDate = string;

/** Days to decide acceptance, counted from the day after receipt (条例 art. 32). */
export const ACCEPT_DAYS = 15;
/** Days to conclude, counted from the day after acceptance (条例 art. 35). */
export const CONCLUDE_DAYS = 60;
/** The one extension may add at most this many days (条例 art. 35). */
export const MAX_EXTENSION_DAYS = 30;
/** Overdue by more than this many days: the second escalation level. */
export const SECOND_LEVEL_AFTER_DAYS = 15;

const toUtc = (d: IsoDate): number =>
  Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)));
const fromUtc = (ms: number): IsoDate => new Date(ms).toISOString().slice(0, 10);
const DAY_MS = 86_400_000;

export const isIsoDate = (s: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(s) && fromUtc(toUtc(s)) === s;

/** The date n calendar days after d (n may be negative). */
export const addDays = (d: IsoDate, n: number): IsoDate => fromUtc(toUtc(d) + n * DAY_MS);

/** Calendar days from a to b (positive when b is later). */
export const daysBetween = (a: IsoDate, b: IsoDate): number => Math.round((toUtc(b) - toUtc(a)) / DAY_MS);

function range(from: IsoDate, to: IsoDate): IsoDate[] {
  const out: IsoDate[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

/**
 * Rest days and make-up working days (调休) of 2025–2027.
 * 2025: 国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号）.
 * 2026: 国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）.
 * 2027: only the statutory holidays of 全国年节及纪念日放假办法 (2024 revision: 元旦 1 day, 春节
 * 除夕–初三, 清明, 劳动节 2 days, 端午, 中秋, 国庆 3 days) on their 2027 dates; the State
 * Council's 2027 arrangement with its bridging days and make-up days replaces these when published.
 * A date outside these years counts by weekends alone.
 */
const REST_DAYS: ReadonlySet<IsoDate> = new Set([
  // 2025
  '2025-01-01',
  ...range('2025-01-28', '2025-02-04'),
  ...range('2025-04-04', '2025-04-06'),
  ...range('2025-05-01', '2025-05-05'),
  ...range('2025-05-31', '2025-06-02'),
  ...range('2025-10-01', '2025-10-08'),
  // 2026
  ...range('2026-01-01', '2026-01-03'),
  ...range('2026-02-15', '2026-02-23'),
  ...range('2026-04-04', '2026-04-06'),
  ...range('2026-05-01', '2026-05-05'),
  ...range('2026-06-19', '2026-06-21'),
  ...range('2026-09-25', '2026-09-27'),
  ...range('2026-10-01', '2026-10-07'),
  // 2027 (statutory days only, see above)
  '2027-01-01',
  ...range('2027-02-05', '2027-02-08'),
  '2027-04-05',
  '2027-05-01',
  '2027-05-02',
  '2027-06-09',
  '2027-09-15',
  ...range('2027-10-01', '2027-10-03'),
]);

/** Weekend days worked instead of a bridging day (调休上班): working days, so a period may end on them. */
const MAKE_UP_WORKING_DAYS: ReadonlySet<IsoDate> = new Set([
  '2025-01-26',
  '2025-02-08',
  '2025-04-27',
  '2025-09-28',
  '2025-10-11',
  '2026-01-04',
  '2026-02-14',
  '2026-02-28',
  '2026-05-09',
  '2026-09-20',
  '2026-10-10',
]);

/** A day off: a statutory holiday (or its bridging day), or a Saturday or Sunday not worked as a make-up day. */
export function isRestDay(d: IsoDate): boolean {
  if (REST_DAYS.has(d)) return true;
  if (MAKE_UP_WORKING_DAYS.has(d)) return false;
  const weekday = new Date(toUtc(d)).getUTCDay();
  return weekday === 0 || weekday === 6;
}

/**
 * The last day of a period of `days` days counted from `start` (民法典 art. 201–203): the start
 * day is not counted, so the nth day after it is the last; a last day that is a rest day moves
 * to the next working day.
 */
export function periodEnd(start: IsoDate, days: number): IsoDate {
  let end = addDays(start, days);
  while (isRestDay(end)) end = addDays(end, 1);
  return end;
}

/** The day by which acceptance must be decided. */
export const acceptDueOn = (receivedOn: IsoDate): IsoDate => periodEnd(receivedOn, ACCEPT_DAYS);

/**
 * The day by which an accepted petition must be concluded: 60 days from acceptance, plus the
 * extension's days when one was granted (the extension lengthens the period; the rest-day rule
 * applies once, to the period's real last day).
 */
export const concludeDueOn = (acceptedOn: IsoDate, extensionDays = 0): IsoDate =>
  periodEnd(acceptedOn, CONCLUDE_DAYS + extensionDays);

export type PetitionStatus = 'registered' | 'accepted' | 'not_accepted' | 'replied' | 'closed';

/** The dates a petition's timeliness depends on. */
export type DeadlineFacts = {
  status: PetitionStatus;
  acceptDueOn: IsoDate;
  decidedOn: IsoDate | null;
  concludeDueOn: IsoDate | null;
  repliedOn: IsoDate | null;
};

export type DeadlineTag =
  /** Open, the current deadline not passed: N days left (0 on the last day). */
  | { kind: 'days_left'; days: number; dueOn: IsoDate }
  /** Open, the current deadline passed: N days overdue. */
  | { kind: 'overdue'; days: number; dueOn: IsoDate }
  /** Concluded (replied, or not accepted) with every deadline met. */
  | { kind: 'concluded_on_time' }
  /** Concluded after a deadline: late by N days. */
  | { kind: 'concluded_late'; days: number };

export type Timeliness = {
  /** true/false once acceptance is decided; while undecided, false once the deadline passed, else null. */
  acceptedOnTime: boolean | null;
  /** true/false once replied; while open and accepted, false once the deadline passed, else null. */
  concludedOnTime: boolean | null;
  tag: DeadlineTag;
  /** Days the current open deadline is overdue (0 when not overdue or concluded). */
  overdueDays: number;
};

/**
 * Whether each deadline was (or is being) met on `today`. A decision or reply on the last day is
 * on time; a reply after the deadline is late even though the petition is then concluded.
 */
export function timeliness(p: DeadlineFacts, today: IsoDate): Timeliness {
  const acceptedOnTime = p.decidedOn !== null ? p.decidedOn <= p.acceptDueOn : today > p.acceptDueOn ? false : null;
  let concludedOnTime: boolean | null = null;
  if (p.concludeDueOn !== null) {
    if (p.repliedOn !== null) concludedOnTime = p.repliedOn <= p.concludeDueOn;
    else if (today > p.concludeDueOn) concludedOnTime = false;
  }

  switch (p.status) {
    case 'registered':
      return open(acceptedOnTime, null, p.acceptDueOn, today);
    case 'accepted':
      return open(acceptedOnTime, concludedOnTime, p.concludeDueOn ?? p.acceptDueOn, today);
    case 'not_accepted': {
      const late = Math.max(0, daysBetween(p.acceptDueOn, p.decidedOn ?? today));
      return concluded(acceptedOnTime, null, late);
    }
    case 'replied':
    case 'closed': {
      const lateAccept = p.decidedOn ? Math.max(0, daysBetween(p.acceptDueOn, p.decidedOn)) : 0;
      const lateReply = p.concludeDueOn && p.repliedOn ? Math.max(0, daysBetween(p.concludeDueOn, p.repliedOn)) : 0;
      return concluded(acceptedOnTime, concludedOnTime, Math.max(lateAccept, lateReply));
    }
  }
}

function open(
  acceptedOnTime: boolean | null,
  concludedOnTime: boolean | null,
  dueOn: IsoDate,
  today: IsoDate,
): Timeliness {
  const left = daysBetween(today, dueOn);
  return left >= 0
    ? { acceptedOnTime, concludedOnTime, tag: { kind: 'days_left', days: left, dueOn }, overdueDays: 0 }
    : { acceptedOnTime, concludedOnTime, tag: { kind: 'overdue', days: -left, dueOn }, overdueDays: -left };
}

function concluded(acceptedOnTime: boolean | null, concludedOnTime: boolean | null, lateDays: number): Timeliness {
  return {
    acceptedOnTime,
    concludedOnTime,
    tag: lateDays > 0 ? { kind: 'concluded_late', days: lateDays } : { kind: 'concluded_on_time' },
    overdueDays: 0,
  };
}

/** The escalation level an open petition overdue by `overdueDays` should have: 0, 1, or 2 beyond 15 days. */
export const escalationLevelFor = (overdueDays: number): 0 | 1 | 2 =>
  overdueDays > SECOND_LEVEL_AFTER_DAYS ? 2 : overdueDays > 0 ? 1 : 0;
