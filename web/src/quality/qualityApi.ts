import { request, withQuery } from '../api/api.js';
import type { Page } from '../api/types.js';

/** The data-quality API's answers as the page uses them (docs/quality.md). */
export type Severity = 'high' | 'medium' | 'low';
export type AlertStatus = 'open' | 'acknowledged' | 'dismissed' | 'resolved';
export type AlertKind = 'rule' | 'anomaly' | 'completeness';
export const SEVERITIES: Severity[] = ['high', 'medium', 'low'];
export const ALERT_STATUSES: AlertStatus[] = ['open', 'acknowledged', 'dismissed', 'resolved'];
export const ALERT_KINDS: AlertKind[] = ['rule', 'anomaly', 'completeness'];

export type Alert = {
  id: string;
  kind: AlertKind;
  code: string;
  severity: Severity;
  unitId: string;
  unitName: string;
  period: string;
  title: string;
  message: string;
  status: AlertStatus;
  detectedAt: string;
  firstDetectedAt: string;
  resolvedAt: string | null;
  link: string;
};

export type Limits = { lower: number; upper: number };
export type AlertDetail = Alert & {
  periodLabel: string;
  check: { nameZh: string; nameEn: string; descriptionZh?: string } | null;
  detail: {
    count?: number;
    centre?: number;
    stats?: Partial<{
      observed: number;
      expected: number;
      x: number;
      value: number | null;
      z: number | null;
      p: number;
      limits95: Limits;
      limits998: Limits;
      sexRatio: number | null;
      robustScore: number;
      ratio: number | null;
      pNone: number;
      population: number;
      confirmed: number;
      timely: number;
      countyShare: number;
      count: number;
      oldestDays: number;
    }>;
    links?: Array<{ labelZh: string; href: string }>;
  };
  note: string | null;
  actedBy: string | null;
  actedAt: string | null;
  version: number;
};

export type Summary = {
  unit: { id: string; name: string; level: string };
  counts: Array<{ status: AlertStatus; severity: Severity; n: number }>;
  lastScan: {
    startedAt: string;
    finishedAt: string | null;
    periods: string[];
    trigger: 'manual' | 'schedule' | 'cli';
    userName: string | null;
  } | null;
};

export type Rule = {
  code: string;
  nameZh: string;
  nameEn: string;
  descriptionZh: string;
  severity: Severity;
  scope: 'event' | 'state';
};
export type Catalog = {
  rules: Rule[];
  checks: Array<{ code: string; kind: AlertKind; nameZh: string; nameEn: string }>;
};

export type Violation = {
  rule: string;
  ruleName: string;
  severity: Severity;
  unitId: string;
  unitName: string;
  period: string;
  personId: string;
  personName: string | null;
  idNumberMasked: string | null;
  eventId: string | null;
  eventType: string | null;
  eventDate: string | null;
  reportId: string | null;
  value: string | null;
  message: string;
  link: string;
  personLink: string;
};

export type FunnelPoint = {
  unitId: string;
  unitName: string;
  level: string;
  x: number;
  value: number | null;
  observed: number;
  expected: number;
  z: number | null;
  p: number;
  limits95: Limits;
  limits998: Limits;
  position: 'inside' | 'outside95' | 'outside998';
  sexRatio?: number | null;
};
export type Funnel = {
  unit: { id: string; name: string };
  measure: 'sexRatio' | 'birthRate';
  year: number;
  running: boolean;
  centre: number | null;
  county: { unitId: string; unitName: string; observed: number; x: number; sexRatio?: number | null };
  points: FunnelPoint[];
  curve: Array<{ x: number; lower95: number; upper95: number; lower998: number; upper998: number }>;
};

export type CompletenessRow = {
  unitId: string;
  unitName: string;
  level: string;
  parentId: string | null;
  submitted: number;
  confirmed: number;
  confirmedTimely: number;
  timelyShare: number | null;
  pending: number;
  pendingOldestDays: number | null;
  pendingOver30: number;
  returnedNow: number;
  everReturned: number;
  births: number;
  population: number;
  expectedBirths: number;
  pNone: number | null;
  silent: boolean;
};
export type Completeness = {
  unit: { id: string; name: string; level: string };
  year: number;
  running: boolean;
  timelyDays: number;
  county: CompletenessRow;
  rows: CompletenessRow[];
};

export type RecordsAnswer = {
  total: number;
  hidden: number;
  items: Array<Record<string, unknown> & { person_id?: string; personId?: string }>;
};

/** JSON calls through api.ts (its errors; an expired session sends the user to the login page). */
const call = <T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> => request<T>(method, path, body);

export const qualityApi = {
  alerts: (q: {
    unitId?: string;
    status?: AlertStatus;
    severity?: Severity;
    kind?: AlertKind;
    code?: string;
    period?: string;
    page: number;
    pageSize: number;
  }) => call<Page<Alert>>('GET', withQuery('/api/quality/alerts', q)),
  summary: (unitId?: string) => call<Summary>('GET', withQuery('/api/quality/summary', { unitId })),
  alert: (id: string) => call<AlertDetail>('GET', `/api/quality/alerts/${encodeURIComponent(id)}`),
  act: (id: string, action: 'acknowledge' | 'dismiss' | 'reopen', note: string) =>
    call<AlertDetail>('POST', `/api/quality/alerts/${encodeURIComponent(id)}/${action}`, { note }),
  scan: (years?: number[]) =>
    call<{ findings: number; created: number; reopened: number; resolved: number; ms: number }>(
      'POST',
      '/api/quality/scan',
      years ? { years } : {},
    ),
  catalog: () => call<Catalog>('GET', '/api/quality/rules'),
  violations: (q: { rule?: string; unitId?: string; period?: string; page: number; pageSize: number }) =>
    call<Page<Violation> & { unit: { id: string; name: string } }>('GET', withQuery('/api/quality/violations', q)),
  completeness: (q: { unitId?: string; year: number }) =>
    call<Completeness>('GET', withQuery('/api/quality/completeness', q)),
  funnel: (q: { unitId?: string; year: number; measure: 'sexRatio' | 'birthRate'; level: 'village' | 'township' }) =>
    call<Funnel>('GET', withQuery('/api/quality/funnel', q)),
  /** A drill-down the alert names (an /api/indicators/…/records path), first page. */
  records: (href: string) => call<RecordsAnswer>('GET', `${href}&page=1&pageSize=20`),
};
