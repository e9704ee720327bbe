import type { HealthKind } from './health.schemas.js';

/**
 * The rules of the health services register that need no database: who a service may be for,
 * when the follow-up of a positive finding is due, and how a due date reads against today.
 */

/**
 * Days from the service to the follow-up's due date when the recorder gives none. A newborn's
 * positive screen (phenylketonuria, congenital hypothyroidism, hearing) must be recalled for the
 * confirmatory test within days, since treatment started in the first weeks prevents lasting harm:
 * 7 days. A positive prenatal screen needs the diagnostic test (amniocentesis, NIPT) while the
 * pregnancy is still early enough to act on it: 14 days. The other findings (premarital,
 * pre-pregnancy, gynecological and the two cancers) are rechecked or referred within a month: 30.
 */
export const DEFAULT_FOLLOWUP_DAYS: Record<HealthKind, number> = {
  newborn_screening: 7,
  prenatal_screening: 14,
  premarital: 30,
  prepregnancy: 30,
  gynecological: 30,
  cervical_cancer: 30,
  breast_cancer: 30,
};

/** Services only a woman can be given. */
export const WOMEN_ONLY: ReadonlySet<HealthKind> = new Set([
  'gynecological',
  'cervical_cancer',
  'breast_cancer',
  'prenatal_screening',
]);

/** Services a couple takes together, so they may name the partner. */
export const COUPLE_KINDS: ReadonlySet<HealthKind> = new Set(['premarital', 'prepregnancy']);

export const KIND_NAMES: Record<HealthKind, string> = {
  premarital: '婚前医学检查',
  prepregnancy: '孕前优生健康检查',
  prenatal_screening: '产前筛查',
  newborn_screening: '新生儿疾病筛查',
  gynecological: '妇女病普查',
  cervical_cancer: '宫颈癌筛查',
  breast_cancer: '乳腺癌筛查',
};

/** A follow-up is "due soon" when its date falls within this many days from today. */
export const DUE_SOON_DAYS = 7;

const DAY_MS = 86_400_000;
const toMs = (d: string) => Date.parse(`${d}T00:00:00Z`);

export function addDays(date: string, days: number): string {
  return new Date(toMs(date) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((toMs(to) - toMs(from)) / DAY_MS);
}

/** The date a year after `birth` (29 February to 1 March in common years): the newborn screening limit. */
export function firstBirthday(birth: string): string {
  const [y, m, d] = birth.split('-').map(Number) as [number, number, number];
  const next = new Date(Date.UTC(y + 1, m - 1, d));
  return next.toISOString().slice(0, 10);
}

export function followupDueOn(kind: HealthKind, servedOn: string, followUpDays?: number): string {
  return addDays(servedOn, followUpDays ?? DEFAULT_FOLLOWUP_DAYS[kind]);
}

export type DueState = 'overdue' | 'soon' | 'later' | 'closed';

/** How a follow-up stands today: past its date, due within DUE_SOON_DAYS, later, or closed. */
export function dueStateOf(status: 'open' | 'closed', dueOn: string, today: string): DueState {
  if (status === 'closed') return 'closed';
  if (dueOn < today) return 'overdue';
  if (dueOn <= addDays(today, DUE_SOON_DAYS)) return 'soon';
  return 'later';
}

export function daysOverdueOf(status: 'open' | 'closed', dueOn: string, today: string): number {
  return status === 'open' ? Math.max(0, daysBetween(dueOn, today)) : 0;
}
