/**
 * The indicator API (docs/indicators.md) as the web app calls it, with the shapes it answers.
 * Refusals are ApiErrors like everywhere else, so pages show the server's Chinese message.
 */
import { request, withQuery } from '../api/api.js';
import type { ServiceRecordKind } from './serviceRecords.js';

export type Population = 'registered' | 'resident';
export type Boundaries = 'present' | 'past';
export type FigureStatus = 'normal' | 'uncertain' | 'high' | 'low';
/** Rates and ratios; `count` and `yuan` are totals (payments, visits, cases; amounts), with no interval or denominator. */
export type IndicatorUnit = '‰' | '%' | 'ratio' | 'perWoman' | 'count' | 'yuan';

export type Published = { value: number | null; version: number; publishedAt: string; differs: boolean };

export type Figure = {
  code: string;
  version: number;
  nameZh: string;
  nameEn: string;
  unit: IndicatorUnit;
  decimals: number;
  normalRange: { low: number | null; high: number | null; noteZh: string } | null;
  value: number | null;
  lower: number | null;
  upper: number | null;
  numerator: number | null;
  denominator: number | null;
  parts: Record<string, number>;
  status: FigureStatus | null;
  published: Published | null;
};

export type UnitRef = { id: string; name: string; level: string; validTo?: string | null };
export type PeriodRef = { code: string; start: string; end: string; running: boolean };

export type IndicatorAnswer = {
  unit: UnitRef;
  period: PeriodRef;
  population: Population;
  boundaries: Boundaries;
  computedAt: string;
  figures: Figure[];
  breakdown?: Array<{ unit: UnitRef; figures: Figure[] }>;
};

export type SeriesPoint = Omit<
  Figure,
  'code' | 'version' | 'nameZh' | 'nameEn' | 'unit' | 'decimals' | 'normalRange' | 'published'
> & { period: PeriodRef };
export type SeriesAnswer = {
  unit: UnitRef;
  code: string;
  nameZh: string;
  unitOfMeasure: IndicatorUnit;
  normalRange: Figure['normalRange'];
  points: SeriesPoint[];
};

export type PyramidAnswer = {
  unit: UnitRef;
  date: string;
  total: number;
  groups: Array<{ ageGroup: string; male: number; female: number; unknown: number }>;
};

export type RecordItem = {
  eventId?: string;
  type?: string;
  eventDate?: string;
  reportedOn?: string | null;
  delayDays?: number | null;
  reportId?: string | null;
  /** Null for a department record nobody in the registry was found for. */
  personId: string | null;
  name: string | null;
  idNumberMasked: string | null;
  sex: number | null;
  birthDate: string | null;
  unitId: string | null;
  unitName: string | null;
  birthOrder?: number | null;
  motherAge?: number | null;
  hasDefect?: boolean | null;
  motherId?: string | null;
  motherName?: string | null;
  atStart?: boolean;
  atEnd?: boolean;
  days?: number;
  /** Linkage findings (department records). */
  findingId?: string;
  feedType?: string;
  recordType?: string;
  kind?: string;
  summary?: string;
  taskStatus?: string | null;
  /** Benefit payments (amounts in integer fen; no full ID or account number). */
  paymentId?: string;
  programCode?: string;
  cycleYear?: number;
  batchId?: string;
  batchPeriod?: string;
  batchKind?: 'regular' | 'repay';
  batchSeq?: number;
  dueOn?: string;
  amountFen?: number;
  dueFen?: number;
  status?: 'pending' | 'paid' | 'failed';
  paidOn?: string | null;
  failureReason?: string | null;
  recoveryId?: string | null;
  recoveryStatus?: 'open' | 'recovered' | 'waived' | null;
  recoveryFen?: number | null;
  /** Health services (persons and services, never findings), petitions, care and cases (issue 7). */
  covered?: boolean;
  lastServedOn?: string | null;
  serviceId?: string;
  serviceKind?: string;
  servedOn?: string;
  followupId?: string | null;
  followupStatus?: 'open' | 'closed' | null;
  openedOn?: string | null;
  closedOn?: string | null;
  contacts?: number;
  petitionId?: string;
  number?: string;
  subject?: string;
  petitionerName?: string;
  receivedOn?: string;
  acceptDueOn?: string;
  decidedOn?: string | null;
  concludeDueOn?: string | null;
  repliedOn?: string | null;
  onTime?: boolean | null;
  satisfaction?: string | null;
  familyId?: string;
  category?: string;
  flaggedOn?: string;
  visitId?: string;
  visitedOn?: string;
  visitors?: string;
  assistanceId?: string;
  grantedOn?: string;
  caseId?: string;
  caseKind?: string;
  leadReceivedOn?: string;
};

export type RecordsAnswer = {
  indicator: {
    code: string;
    version: number;
    nameZh: string;
    part: 'numerator' | 'denominator';
    partNameZh: string;
    records: 'events' | 'population' | 'women' | 'findings' | 'payments' | ServiceRecordKind;
  };
  unit: UnitRef;
  period: PeriodRef;
  total: number;
  hidden: number;
  page: number;
  pageSize: number;
  items: RecordItem[];
};

/** `records.kind` says what a drill-down lists (and so who may open it: serviceRecords.tsx). */
export type CatalogPart = { nameZh: string; nameEn: string; measure?: 'fen'; records?: { kind: string } };

export type CatalogEntry = {
  code: string;
  version: number;
  nameZh: string;
  nameEn: string;
  formulaZh: string;
  unit: IndicatorUnit;
  normalRange: Figure['normalRange'];
  /** `measure: 'fen'`: the part is money in integer fen, shown in yuan. */
  numerator: CatalogPart;
  /** Null for a total (a count or an amount). */
  denominator: CatalogPart | null;
  inEffect: boolean;
};

export type Basis = { population: Population; boundaries: Boundaries };

/** JSON calls through api.ts (its errors, and an expired session sends the user to the login page). */
export const callJson = <T>(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<T> =>
  request<T>(method, path, body);

export const indicatorApi = {
  figures: (q: Basis & { unitId: string; period: string; codes?: string; breakdown?: 'none' | 'children' | 'all' }) =>
    callJson<IndicatorAnswer>('GET', withQuery('/api/indicators', q)),
  series: (q: Basis & { unitId: string; code: string; from: number; to: number; interval?: 'year' | 'month' }) =>
    callJson<SeriesAnswer>('GET', withQuery('/api/indicators/series', q)),
  pyramid: (q: Basis & { unitId: string; date?: string }) =>
    callJson<PyramidAnswer>('GET', withQuery('/api/indicators/pyramid', q)),
  records: (
    code: string,
    q: Basis & { unitId: string; period: string; part: 'numerator' | 'denominator'; page: number; pageSize: number },
  ) => callJson<RecordsAnswer>('GET', withQuery(`/api/indicators/${encodeURIComponent(code)}/records`, q)),
  publish: (q: Basis & { unitId: string; period: string }) =>
    callJson<{ publishedAt: string; figures: Array<{ code: string; value: number | null }> }>(
      'POST',
      '/api/indicators/publish',
      q,
    ),
  catalog: () => callJson<{ indicators: CatalogEntry[] }>('GET', '/api/indicators/catalog'),
};
