import { request, withQuery } from '../api/api.js';

/** The 两非 case register's API as the cases page uses it (server/src/cases/case.routes.ts). */

export const CASE_KINDS = ['fetal_sex_determination', 'sex_selective_abortion', 'both'] as const;
export const LEAD_SOURCES = [
  'hotline',
  'inspection',
  'hospital',
  'police',
  'market_regulation',
  'other_department',
  'other',
] as const;
export const CASE_STATUSES = ['open', 'investigating', 'referred', 'closed'] as const;
export const STEP_KINDS = ['investigation', 'inspection', 'interview', 'evidence', 'note'] as const;
export const OUTCOMES = ['penalised', 'referred', 'unfounded', 'other'] as const;
export const REFERRED_TO = ['police', 'market_regulation', 'other'] as const;

export type CaseKind = (typeof CASE_KINDS)[number];
export type LeadSource = (typeof LEAD_SOURCES)[number];
export type CaseStatus = (typeof CASE_STATUSES)[number];
export type StepKind = (typeof STEP_KINDS)[number] | 'referral' | 'decision';
export type Outcome = (typeof OUTCOMES)[number];
export type ReferredTo = (typeof REFERRED_TO)[number];

export type CaseItem = {
  id: string;
  number: string;
  kind: CaseKind;
  leadSource: LeadSource;
  leadReceivedOn: string;
  unitId: string;
  unitName: string;
  summary: string;
  parties: string;
  status: CaseStatus;
  statusText: string;
  outcome: Outcome | null;
  outcomeNote: string | null;
  referredTo: ReferredTo | null;
  referredOn: string | null;
  closedOn: string | null;
  openedAt: string;
  version: number;
};

export type CaseStep = { id: string; kind: StepKind; stepOn: string; note: string; byName: string | null; at: string };
export type CaseDetail = CaseItem & { steps: CaseStep[]; today: string };
export type CaseList = { items: CaseItem[]; total: number; page: number; pageSize: number; today: string };
export type CaseQuery = { status?: CaseStatus; kind?: CaseKind; year?: number; unitId?: string; page?: number };

export type OpenCaseInput = {
  kind: CaseKind;
  leadSource: LeadSource;
  leadReceivedOn: string;
  unitId: string;
  summary: string;
  parties: string;
};
export type Changed = { id: string; number: string; status: CaseStatus; version: number };

const at = (id: string) => encodeURIComponent(id);

export const casesApi = {
  list: (q: CaseQuery) => request<CaseList>('GET', withQuery('/api/cases', { ...q, pageSize: 50 })),
  get: (id: string) => request<CaseDetail>('GET', `/api/cases/${at(id)}`),
  open: (input: OpenCaseInput) => request<Changed>('POST', '/api/cases', input),
  step: (id: string, input: { version: number; kind: StepKind; stepOn: string; note: string }) =>
    request<Changed>('POST', `/api/cases/${at(id)}/steps`, input),
  refer: (id: string, input: { version: number; referredTo: ReferredTo; referredOn: string; note: string }) =>
    request<Changed>('POST', `/api/cases/${at(id)}/refer`, input),
  close: (id: string, input: { version: number; outcome: Outcome; closedOn: string; note: string }) =>
    request<Changed>('POST', `/api/cases/${at(id)}/close`, input),
};

/** What a case in a status may still take: steps until closed, one referral, closure. */
export function allowedActions(status: CaseStatus): Array<'step' | 'refer' | 'close'> {
  if (status === 'closed') return [];
  if (status === 'referred') return ['step', 'close'];
  return ['step', 'refer', 'close'];
}
