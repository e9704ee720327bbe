import { downloadFile, request, withQuery } from '../api/api.js';
import type { Sex } from '../api/types.js';
import type { Candidate, CandidateOutcome, CandidateStatus, VillageVerdict } from './cyclesApi.js';

/** The workflow API's answers as the pages use them (server/src/benefits/benefit.workflow.routes.ts). */

export type Step = 'verify' | 'review' | 'approve' | 'return';
export type StepItem = { id: string; version: number };
export type StepRequest = { items: StepItem[]; verdict?: VillageVerdict; reason?: string };

export type WorkflowVillage = {
  unitId: string;
  name: string;
  pending: number;
  verified: number;
  reviewed: number;
  approved: number;
  excluded: number;
  amountFen: number;
  notice: {
    id: string;
    publishedOn: string;
    endsOn: string;
    openObjections: number;
    ended: boolean;
    needsRepublish: boolean;
  } | null;
  canPublish: boolean;
};

export type Workflow = {
  cycle: {
    id: string;
    programCode: string;
    programName: string;
    programNameEn: string;
    year: number;
    status: 'generated' | 'in_progress';
  };
  today: string;
  todo: { toVerify: number; toPublish: number; toReview: number; objections: number; toApprove: number };
  villages: WorkflowVillage[];
};

export type TrailEvent = {
  id: number;
  action:
    | 'generate'
    | 'apply'
    | 'verify'
    | 'review'
    | 'approve'
    | 'exclude'
    | 'return'
    | 'reevaluate'
    | 'objection'
    | 'objection_resolved';
  actionText: string;
  fromStatus: CandidateStatus | null;
  toStatus: CandidateStatus;
  reason: string | null;
  userName: string | null;
  at: string;
};

export type CandidateDetail = Omit<Candidate, 'explanation'> & {
  explanation: Candidate['explanation'];
  cycleId: string;
  year: number;
  programCode: string;
  programName: string;
  programNameEn: string;
  sex: Sex;
  application: { declared: string; documents: string[]; note: string | null; receivedOn: string } | null;
  enteredByName: string | null;
  verifiedByName: string | null;
  reviewedByName: string | null;
  approvedByName: string | null;
  trail: TrailEvent[];
};

export type NoticeEntry = {
  candidateId: string;
  personId: string;
  name: string;
  idNumberMasked: string | null;
  program: string;
  months: number;
  amountFen: number;
  amountYuan: string;
};

export type Objection = {
  id: string;
  candidateId: string | null;
  candidateName: string | null;
  raisedBy: string;
  contact: string | null;
  content: string;
  receivedOn: string;
  recordedAt: string;
  recordedByName: string | null;
  status: 'open' | 'upheld' | 'dismissed';
  resolution: string | null;
  resolvedByName: string | null;
  resolvedAt: string | null;
};

export type Notice = {
  id: string;
  cycleId: string;
  year: number;
  programCode: string;
  programName: string;
  programNameEn: string;
  unitId: string;
  unitName: string;
  townshipName: string | null;
  publishedOn: string;
  endsOn: string;
  ended: boolean;
  entries: NoticeEntry[];
  totalFen: number;
  totalYuan: string;
  objectionsTo: string;
  objections: Objection[];
};

export type Reevaluation = {
  cycleId: string;
  year: number;
  programName: string;
  candidateId: string;
  name: string;
  from: { outcome: CandidateOutcome; amountFen: number };
  to: { outcome: CandidateOutcome; amountFen: number };
};

export type AssessmentResult = {
  assessment: { id: string; grade: number; assessedOn: string };
  reevaluated: Reevaluation[];
  added: Reevaluation[];
  waiting: Array<{ candidateId: string; name: string; status: CandidateStatus; programName: string }>;
};

export type Assessment = {
  id: string;
  grade: number;
  category: string;
  assessedOn: string;
  certificateNo: string | null;
  recordedAt: string;
  recordedByName: string | null;
};

export const DISABILITY_CATEGORIES = [
  'visual',
  'hearing',
  'speech',
  'physical',
  'intellectual',
  'mental',
  'multiple',
] as const;

const enc = encodeURIComponent;

export const workflowApi = {
  step: (step: Step, body: StepRequest) =>
    request<{ count: number; items: Array<{ id: string; status: CandidateStatus }> }>(
      'POST',
      `/api/benefits/candidates/${step}`,
      body,
    ),
  candidate: (id: string) => request<CandidateDetail>('GET', `/api/benefits/candidates/${enc(id)}`),
  workflow: (cycleId: string, unitId?: string) =>
    request<Workflow>('GET', withQuery(`/api/benefits/cycles/${enc(cycleId)}/workflow`, { unitId })),
  apply: (
    cycleId: string,
    body: { personId: string; declared: string; documents: string[]; note?: string; receivedOn?: string },
  ) =>
    request<{ id: string; name: string; outcome: CandidateOutcome; amountFen: number; verdict: string }>(
      'POST',
      `/api/benefits/cycles/${enc(cycleId)}/applications`,
      body,
    ),
  recordAssessment: (body: {
    personId: string;
    grade: number;
    category: string;
    assessedOn: string;
    certificateNo?: string;
  }) => request<AssessmentResult>('POST', '/api/benefits/disability-assessments', body),
  assessments: (personId: string) =>
    request<{ personId: string; name: string; items: Assessment[] }>(
      'GET',
      withQuery('/api/benefits/disability-assessments', { personId }),
    ),
  publish: (cycleId: string, body: { unitId: string; publishedOn?: string; days?: number }) =>
    request<{ id: string; publishedOn: string; endsOn: string; entries: number; republished: boolean }>(
      'POST',
      `/api/benefits/cycles/${enc(cycleId)}/notices`,
      body,
    ),
  notice: (id: string) => request<Notice>('GET', `/api/benefits/notices/${enc(id)}`),
  noticeXlsx: (id: string) => downloadFile(`/api/benefits/notices/${enc(id)}/xlsx`, 'notice.xlsx'),
  recordObjection: (
    noticeId: string,
    body: { candidateId?: string; raisedBy: string; contact?: string; content: string; receivedOn: string },
  ) => request<{ id: string }>('POST', `/api/benefits/notices/${enc(noticeId)}/objections`, body),
  resolveObjection: (id: string, body: { decision: 'upheld' | 'dismissed'; reason: string }) =>
    request<{ id: string }>('POST', `/api/benefits/objections/${enc(id)}/resolve`, body),
};
