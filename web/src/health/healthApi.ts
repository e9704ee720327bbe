import { request, withQuery } from '../api/api.js';

/** The health services API as the health page uses it (server/src/health/health.schemas.ts). */

export const HEALTH_KINDS = [
  'premarital',
  'prepregnancy',
  'prenatal_screening',
  'newborn_screening',
  'gynecological',
  'cervical_cancer',
  'breast_cancer',
] as const;
export type HealthKind = (typeof HEALTH_KINDS)[number];

export const OUTCOMES = [
  'treated',
  'referred',
  'normal_on_recheck',
  'under_care',
  'declined',
  'moved_away',
  'died',
  'other',
] as const;
export type FollowupOutcome = (typeof OUTCOMES)[number];

export const CONTACT_METHODS = ['visit', 'phone', 'clinic', 'other'] as const;
export type ContactMethod = (typeof CONTACT_METHODS)[number];

export type HealthResult = 'normal' | 'abnormal';
export type DueState = 'overdue' | 'soon' | 'later' | 'closed';

export type PersonRef = {
  id: string;
  name: string;
  idNumberMasked: string | null;
  sex: 'male' | 'female' | 1 | 2;
  birthDate: string;
};

export type ServiceListItem = {
  id: string;
  kind: HealthKind;
  person: PersonRef;
  partner: PersonRef | null;
  unitId: string;
  unitName: string;
  servedOn: string;
  place: string;
  provider: string;
  result: HealthResult;
  followupId: string | null;
  followupStatus: 'open' | 'closed' | null;
  voided: boolean;
};

export type ServiceDetail = ServiceListItem & {
  /** In clear only for those who may read findings; null and findingsMasked otherwise. */
  findings: string | null;
  findingsMasked: boolean;
  recordedBy: string | null;
  recordedAt: string;
  voidedAt: string | null;
  voidReason: string | null;
};

export type Paged<T> = { total: number; page: number; pageSize: number; items: T[] };

export type FollowupListItem = {
  id: string;
  serviceId: string;
  kind: HealthKind;
  person: PersonRef;
  unitId: string;
  unitName: string;
  townshipName: string | null;
  openedOn: string;
  dueOn: string;
  daysOverdue: number;
  dueState: DueState;
  lastContactOn: string | null;
  contactCount: number;
  status: 'open' | 'closed';
  closedOn: string | null;
  outcome: FollowupOutcome | null;
  version: number;
};

export type FollowupContact = {
  id: string;
  contactedOn: string;
  method: ContactMethod;
  note: string | null;
  noteMasked: boolean;
  nextDueOn: string | null;
  closes: boolean;
  recordedBy: string | null;
  recordedAt: string;
};

export type FollowupDetail = FollowupListItem & { service: ServiceDetail; contacts: FollowupContact[] };

export type SummaryCounts = { open: number; dueSoon: number; overdue: number; closedThisYear: number };
export type FollowupSummaryRow = SummaryCounts & {
  unitId: string;
  unitName: string;
  level: 'county' | 'township' | 'village';
};
export type FollowupSummary = {
  unitId: string;
  unitName: string;
  today: string;
  rows: FollowupSummaryRow[];
  total: SummaryCounts;
};

export type TargetItem = {
  personId: string;
  name: string;
  idNumberMasked: string | null;
  sex: 'male' | 'female' | 1 | 2;
  birthDate: string;
  unitId: string;
  unitName: string | null;
  /** The birth or marriage that put the person in the group (null for women of the screening ages). */
  eventDate: string | null;
  lastServedOn: string | null;
};
export type TargetGroup = {
  kind: HealthKind;
  unitId: string;
  unitName: string;
  year: number;
  cycleYears: number | null;
  target: number;
  covered: number;
  items: TargetItem[];
  total: number;
};

export type ServiceInput = {
  kind: HealthKind;
  personId: string;
  partnerPersonId?: string;
  servedOn: string;
  place: string;
  provider: string;
  result: HealthResult;
  findings?: string;
  followUpDays?: number;
};

export type ContactInput = {
  version: number;
  contactedOn: string;
  method: ContactMethod;
  note?: string;
  nextDueOn?: string;
  close?: { outcome: FollowupOutcome };
};

export type ServiceQuery = {
  unitId?: string;
  kind?: HealthKind;
  result?: HealthResult;
  from?: string;
  to?: string;
  personId?: string;
  includeVoided?: 'true';
  page?: number;
  pageSize?: number;
};

export type FollowupQuery = {
  unitId?: string;
  status?: 'open' | 'closed';
  due?: 'overdue' | 'soon' | 'all';
  kind?: HealthKind;
  page?: number;
  pageSize?: number;
};

export type TargetQuery = {
  kind: HealthKind;
  unitId: string;
  year: number;
  /** Women's screenings: covered by a service within this many years up to the year's end. */
  cycleYears?: number;
  page?: number;
  pageSize?: number;
};

/** The screenings counted over several years (the two cancers every 3 years, say). */
export const WOMEN_SCREENINGS: readonly HealthKind[] = ['gynecological', 'cervical_cancer', 'breast_cancer'];

const at = (id: string) => encodeURIComponent(id);

export const healthApi = {
  services: (q: ServiceQuery) => request<Paged<ServiceListItem>>('GET', withQuery('/api/health/services', q)),
  service: (id: string) => request<ServiceDetail>('GET', `/api/health/services/${at(id)}`),
  recordService: (input: ServiceInput) =>
    request<ServiceDetail & { followupId: string | null }>('POST', '/api/health/services', input),
  voidService: (id: string, reason: string) =>
    request<ServiceDetail>('POST', `/api/health/services/${at(id)}/void`, { reason }),
  followups: (q: FollowupQuery) => request<Paged<FollowupListItem>>('GET', withQuery('/api/health/followups', q)),
  summary: (unitId?: string) => request<FollowupSummary>('GET', withQuery('/api/health/followups/summary', { unitId })),
  followup: (id: string) => request<FollowupDetail>('GET', `/api/health/followups/${at(id)}`),
  contact: (id: string, input: ContactInput) =>
    request<FollowupDetail>('POST', `/api/health/followups/${at(id)}/contacts`, input),
  targets: (q: TargetQuery) =>
    request<TargetGroup>('GET', withQuery('/api/health/targets', { ...q, covered: 'false' })),
};

/** The services that screen women only: the person picker offers women for these. */
export const WOMEN_ONLY: readonly HealthKind[] = [
  'prenatal_screening',
  'gynecological',
  'cervical_cancer',
  'breast_cancer',
];

/** The services a couple may take together (the partner is recorded too). */
export const COUPLE_KINDS: readonly HealthKind[] = ['premarital', 'prepregnancy'];

/** The server's default follow-up period when none is given: shown as the field's placeholder. */
export function defaultFollowUpDays(kind: HealthKind | undefined): number {
  if (kind === 'newborn_screening') return 7;
  if (kind === 'prenatal_screening') return 14;
  return 30;
}

export type Tab = 'followups' | 'services' | 'targets';

/**
 * Which tabs a user sees. The follow-ups come first: village workers and townships open the page
 * to see what is due. Coverage and the service register need only the reading permission.
 */
export function tabsFor(permissions: readonly string[]): Tab[] {
  const can = (p: string) => permissions.includes(p);
  const tabs: Tab[] = [];
  if (can('health.followup') || can('health.findings')) tabs.push('followups');
  if (['health.read', 'health.record', 'health.findings'].some(can)) tabs.push('services', 'targets');
  return tabs;
}

/** Coverage in percent with one decimal (应检人数为0时 null: nothing to cover). */
export function coveragePercent(covered: number, target: number): number | null {
  if (target <= 0) return null;
  return Math.round((covered / target) * 1000) / 10;
}

export type DueTag = { state: DueState; color: string; days: number };

/**
 * How a follow-up's due date reads today: overdue (red, with the days), due within 7 days
 * (orange), later (blue) or closed (green). The server's dueState is trusted when present (its
 * clock is the one that counts); otherwise it is worked out from the dates.
 */
export function dueTag(
  f: Pick<FollowupListItem, 'status' | 'dueOn'> & Partial<Pick<FollowupListItem, 'dueState' | 'daysOverdue'>>,
  today: string,
): DueTag {
  const daysLeft = daysBetween(today, f.dueOn);
  const state: DueState =
    f.dueState ?? (f.status === 'closed' ? 'closed' : daysLeft < 0 ? 'overdue' : daysLeft <= 7 ? 'soon' : 'later');
  const color = { overdue: 'red', soon: 'orange', later: 'blue', closed: 'green' }[state];
  const days = state === 'overdue' ? (f.daysOverdue ?? -daysLeft) : Math.max(daysLeft, 0);
  return { state, color, days };
}

/** Whole days from one ISO date to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export type ProblemKey =
  | 'required'
  | 'future'
  | 'beforeOpened'
  | 'nextBeforeContact'
  | 'outcomeRequired'
  | 'findingsRequired'
  | 'samePerson'
  | 'followUpDaysRange';
export type Problem = { field: string; key: ProblemKey };

export type ServiceValues = {
  kind?: HealthKind;
  personId?: string;
  partnerPersonId?: string;
  servedOn?: string;
  place?: string;
  provider?: string;
  result?: HealthResult;
  findings?: string;
  followUpDays?: number | null;
};

/**
 * What is wrong with a service before it is sent (the server checks the same and more): an
 * abnormal result needs its findings, since they are what the follow-up is about; a service
 * cannot lie in the future; the partner is another person.
 */
export function serviceProblems(v: ServiceValues, today: string): Problem[] {
  const problems: Problem[] = [];
  const need = (field: keyof ServiceValues, value: unknown) => {
    if (value === undefined || value === null || (typeof value === 'string' && !value.trim()))
      problems.push({ field, key: 'required' });
  };
  need('kind', v.kind);
  need('personId', v.personId);
  need('servedOn', v.servedOn);
  need('place', v.place);
  need('provider', v.provider);
  need('result', v.result);
  if (v.servedOn && v.servedOn > today) problems.push({ field: 'servedOn', key: 'future' });
  if (v.partnerPersonId && v.partnerPersonId === v.personId)
    problems.push({ field: 'partnerPersonId', key: 'samePerson' });
  if (v.result === 'abnormal' && !v.findings?.trim()) problems.push({ field: 'findings', key: 'findingsRequired' });
  if (v.followUpDays !== undefined && v.followUpDays !== null) {
    if (!Number.isInteger(v.followUpDays) || v.followUpDays < 1 || v.followUpDays > 365)
      problems.push({ field: 'followUpDays', key: 'followUpDaysRange' });
  }
  return problems;
}

export type ContactValues = {
  contactedOn?: string;
  method?: ContactMethod;
  note?: string;
  nextDueOn?: string;
  close?: boolean;
  outcome?: FollowupOutcome;
};

/**
 * What is wrong with a contact: its date lies between the follow-up's opening and today; the next
 * date, when given, is not before it; closing needs an outcome and has no next date.
 */
export function contactProblems(v: ContactValues, openedOn: string, today: string): Problem[] {
  const problems: Problem[] = [];
  if (!v.contactedOn) problems.push({ field: 'contactedOn', key: 'required' });
  else if (v.contactedOn > today) problems.push({ field: 'contactedOn', key: 'future' });
  else if (v.contactedOn < openedOn) problems.push({ field: 'contactedOn', key: 'beforeOpened' });
  if (!v.method) problems.push({ field: 'method', key: 'required' });
  if (v.close) {
    if (!v.outcome) problems.push({ field: 'outcome', key: 'outcomeRequired' });
  } else if (v.nextDueOn && v.contactedOn && v.nextDueOn < v.contactedOn) {
    problems.push({ field: 'nextDueOn', key: 'nextBeforeContact' });
  }
  return problems;
}

/** The request for a contact from the form's values (a closing contact sends no next date). */
export function contactInput(v: ContactValues, version: number): ContactInput {
  return {
    version,
    contactedOn: v.contactedOn!,
    method: v.method!,
    note: v.note?.trim() || undefined,
    nextDueOn: v.close ? undefined : v.nextDueOn || undefined,
    close: v.close && v.outcome ? { outcome: v.outcome } : undefined,
  };
}
