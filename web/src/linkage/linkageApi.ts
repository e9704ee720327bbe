import { request, withQuery } from '../api/api.js';
import type { Page, PersonStatus, Sex } from '../api/types.js';

/** The record-linkage API's answers as the pages use them (server/src/linkage/linkage.routes.ts). */
export type FeedTypeCode =
  'police_hukou' | 'hospital_birth' | 'civil_affairs' | 'education' | 'hr_social_security' | 'housing';
export const FEED_TYPES: FeedTypeCode[] = [
  'hospital_birth',
  'police_hukou',
  'civil_affairs',
  'education',
  'hr_social_security',
  'housing',
];

export type RecordType =
  'birth' | 'death' | 'move_in' | 'move_out' | 'marriage' | 'divorce' | 'cremation' | 'enrolment' | 'residence';

export type FindingKind = 'consistent' | 'different' | 'missing' | 'contradicted' | 'unmatched' | 'pending';
export const FINDING_KINDS: FindingKind[] = [
  'missing',
  'contradicted',
  'different',
  'pending',
  'unmatched',
  'consistent',
];

/** The task filter of the findings list; `all` is the API's `any`. */
export type TaskFilter = 'open' | 'overdue' | 'resolved' | 'all';
export const TASK_FILTERS: TaskFilter[] = ['open', 'overdue', 'resolved', 'all'];
export type TaskStatus = 'open' | 'reported' | 'disputed' | 'closed';

export type RunSummary = {
  runId: string;
  batchId: string;
  records: number;
  persons: number;
  match: number;
  review: number;
  nonmatch: number;
  findings: Partial<Record<FindingKind, number>>;
  tasks: number;
  seconds: number;
};

export type Run = {
  id: string;
  batchId: string;
  startedAt: string;
  finishedAt: string | null;
  current: boolean;
  /** The engine's counts: records, pairs, match, review, nonmatch, conflicts, seconds. */
  stats: Partial<Record<'records' | 'pairs' | 'match' | 'review' | 'nonmatch' | 'conflicts' | 'seconds', number>>;
};

/** What one field added to a pair's weight (Fellegi–Sunter: log2 m/u, in bits). */
export type FieldExplanation = {
  field: string;
  /** Chinese with an English gloss in brackets, as the engine writes it. */
  label: string;
  level: string | null;
  levelLabel: string;
  m: number | null;
  u: number | null;
  weight: number;
};

export type CandidatePerson = {
  id: string;
  name: string;
  sex: Sex;
  birthDate: string | null;
  idNumberMasked: string | null;
  status: PersonStatus;
  hukouUnitId: string;
  unitName: string;
};

export type Candidate = {
  personId: string;
  weight: number;
  probability: number;
  prior: number;
  fields: FieldExplanation[];
  person: CandidatePerson | null;
};

export type ReviewRole = 'subject' | 'mother' | 'spouse';

export type ReviewItem = {
  id: string;
  role: ReviewRole;
  reason: string;
  verdict: string;
  weight: number | null;
  probability: number | null;
  feedType: FeedTypeCode;
  recordType: RecordType;
  rowNumber: number;
  batchId: string;
  eventDate: string;
  name: string | null;
  sex: Sex | null;
  birthDate: string | null;
  idNumberMasked: string | null;
  address: string | null;
  unitId: string | null;
  feedPerson: { name: string | null; idNumberMasked: string | null };
  candidates: Candidate[];
};

export type Decision = { decision: 'match'; personId: string } | { decision: 'nonmatch'; note?: string };

export type Difference = {
  field: string;
  label: string;
  feed: string | number | null;
  registry: string | number | null;
};

export type Finding = {
  id: string;
  kind: FindingKind;
  feedType: FeedTypeCode;
  recordType: RecordType;
  eventDate: string;
  summary: string;
  differences: Difference[];
  personId: string | null;
  unitId: string | null;
  unitName: string | null;
  taskStatus: TaskStatus | null;
  dueOn: string | null;
  overdue: boolean;
  resolvedAt: string | null;
  resolutionNote: string | null;
  reportId: string | null;
  batchId: string;
  rowNumber: number;
};

export type FindingQuery = {
  kind?: FindingKind;
  task?: TaskFilter;
  feedType?: FeedTypeCode;
  batchId?: string;
  page?: number;
  pageSize?: number;
};

export type Resolution =
  { resolution: 'reported'; reportId: string; note?: string } | { resolution: 'disputed'; note: string };

export type TaskCounts = { open: number; overdue: number };

export type FeedFigures = {
  unitId: string;
  unitName: string;
  feedType: FeedTypeCode;
  total: number;
  linked: number;
  missing: number;
  contradicted: number;
  different: number;
  unmatched: number;
  pending: number;
  matchRate: number | null;
  underReportingRate: number | null;
};

/** Capture–recapture of births: the registry and the hospitals' certificates as two lists. */
export type BirthCompleteness = {
  registry: number;
  hospital: number;
  both: number;
  estimate: number;
  low: number;
  high: number;
  completeness: number | null;
  completenessLow: number | null;
  completenessHigh: number | null;
};

export type Figures = {
  unit: { id: string; name: string };
  year: number;
  period: { code: string; start: string; end: string; running: boolean };
  byFeedType: FeedFigures[];
  byUnit: FeedFigures[];
  births: BirthCompleteness | null;
};

export const linkageApi = {
  run: (batchId: string) => request<RunSummary>('POST', '/api/linkage/runs', { batchId }),
  runs: (batchId: string) => request<Run[]>('GET', withQuery('/api/linkage/runs', { batchId })),
  review: (q: { page: number; pageSize: number }) =>
    request<Page<ReviewItem>>('GET', withQuery('/api/linkage/review', q)),
  decide: (id: string, body: Decision) => request<void>('POST', `/api/linkage/review/${encodeURIComponent(id)}`, body),
  findings: ({ task, ...q }: FindingQuery) =>
    request<Page<Finding>>('GET', withQuery('/api/linkage/findings', { ...q, task: task === 'all' ? 'any' : task })),
  resolve: (id: string, body: Resolution) =>
    request<void>('POST', `/api/linkage/findings/${encodeURIComponent(id)}/resolve`, body),
  taskCounts: () => request<TaskCounts>('GET', '/api/linkage/tasks/counts'),
  figures: (q: { period: string; unitId?: string }) => request<Figures>('GET', withQuery('/api/linkage/figures', q)),
};
