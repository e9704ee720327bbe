import { request, withQuery } from '../api/api.js';

/** The petitions API's answers as the page uses them (server/src/petitions/petition.routes.ts). */

export const CHANNELS = ['letter', 'visit', 'phone', 'online', 'email', 'leader_mailbox', 'transferred'] as const;
export type Channel = (typeof CHANNELS)[number];
export const STATUSES = ['registered', 'accepted', 'not_accepted', 'replied', 'closed'] as const;
export type PetitionStatus = (typeof STATUSES)[number];
export const SATISFACTIONS = ['satisfied', 'basically_satisfied', 'dissatisfied'] as const;
export type Satisfaction = (typeof SATISFACTIONS)[number];
export type Step = 'accept' | 'not_accept' | 'extend' | 'reply' | 'close' | 'assign';

export type DeadlineTag =
  | { kind: 'days_left'; days: number; dueOn: string }
  | { kind: 'overdue'; days: number; dueOn: string }
  | { kind: 'concluded_on_time' }
  | { kind: 'concluded_late'; days: number };

export type Petition = {
  id: string;
  number: string;
  channel: Channel;
  receivedOn: string;
  subject: string;
  content?: string;
  petitionerName: string;
  petitionerPhone: string | null;
  petitionerPersonId: string | null;
  peopleInvolved: string | null;
  assignedUnitId: string;
  unitName: string;
  status: PetitionStatus;
  statusText: string;
  acceptDueOn: string;
  decidedOn: string | null;
  notAcceptedReason: string | null;
  concludeDueOn: string | null;
  extensionDays: number | null;
  extensionReason: string | null;
  repliedOn: string | null;
  reply?: string | null;
  satisfaction: Satisfaction | null;
  closedOn: string | null;
  escalationLevel: number;
  escalatedAt: string | null;
  registeredByName: string | null;
  registeredAt: string;
  version: number;
  timeliness: {
    acceptedOnTime: boolean | null;
    concludedOnTime: boolean | null;
    tag: DeadlineTag;
    overdueDays: number;
  };
  steps: Step[];
};

export type HistoryEvent = {
  id: string;
  action: 'register' | 'assign' | 'accept' | 'not_accept' | 'extend' | 'reply' | 'close' | 'escalate' | 'note';
  onDate: string;
  note: string | null;
  at: string;
  userName: string | null;
};

export type PetitionDetail = Petition & { history: HistoryEvent[] };

export type PetitionCounts = { total: number; open: number; overdue: number; escalatedOpen: number; escalated: number };
export type PetitionList = { today: string; total: number; counts: PetitionCounts; items: Petition[] };

export type PetitionQuery = {
  status?: string;
  unitId?: string;
  channel?: Channel;
  overdue?: boolean;
  escalated?: boolean;
  receivedFrom?: string;
  receivedTo?: string;
  search?: string;
  limit?: number;
  offset?: number;
};

export type RegisterRequest = {
  channel: Channel;
  receivedOn: string;
  subject: string;
  content: string;
  petitionerName: string;
  petitionerPhone?: string;
  peopleInvolved?: string;
  assignedUnitId: string;
};

/** The URL segment of each step (server routes). */
const STEP_PATH: Record<Step, string> = {
  accept: 'accept',
  not_accept: 'not-accept',
  extend: 'extend',
  reply: 'reply',
  close: 'close',
  assign: 'assign',
};

export const petitionsApi = {
  list: (q: PetitionQuery) =>
    request<PetitionList>(
      'GET',
      withQuery('/api/petitions', {
        ...q,
        overdue: q.overdue ? 'true' : undefined,
        escalated: q.escalated ? 'true' : undefined,
      }),
    ),
  get: (id: string) => request<PetitionDetail>('GET', `/api/petitions/${id}`),
  register: (body: RegisterRequest) =>
    request<{ id: string; number: string; acceptDueOn: string; version: number }>('POST', '/api/petitions', body),
  step: (id: string, step: Step, body: Record<string, unknown>) =>
    request<{ id: string; number: string; version: number; status: PetitionStatus }>(
      'POST',
      `/api/petitions/${id}/${STEP_PATH[step]}`,
      body,
    ),
};
