import type {
  AuditEntry,
  AuditVerify,
  Codes,
  FieldProblem,
  Health,
  HouseholdDetail,
  HouseholdListItem,
  Me,
  Page,
  PersonAsOf,
  PersonDetail,
  PersonListItem,
  PersonStatus,
  Report,
  ReportListItem,
  ReportQueue,
  ReportStatus,
  ReportType,
  Role,
  Todo,
  Unit,
  UnitDetail,
  User,
} from './types.js';

/** Every non-2xx answer becomes one of these; the server's message is meant for the user. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly problems: FieldProblem[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export type AuthProblem = 'UNAUTHORIZED' | 'PASSWORD_CHANGE_REQUIRED';
type AuthListener = (problem: AuthProblem) => void;
const authListeners = new Set<AuthListener>();

/**
 * The app shell listens here so that an expired session (401) or a pending password change
 * (403 PASSWORD_CHANGE_REQUIRED) anywhere sends the user to the right page.
 */
export function onAuthProblem(listener: AuthListener): () => void {
  authListeners.add(listener);
  return () => authListeners.delete(listener);
}

type Query = Record<string, string | number | boolean | undefined | null>;

function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

async function request<T>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
  options: { quietAuth?: boolean } = {},
): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'NETWORK', '');
  }
  const text = await response.text();
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
  }
  if (!response.ok) {
    const err = (data ?? {}) as { code?: string; message?: string; problems?: FieldProblem[] };
    const error = new ApiError(
      response.status,
      err.code ?? `HTTP_${response.status}`,
      err.message ?? response.statusText,
      Array.isArray(err.problems) ? err.problems : [],
    );
    if (!options.quietAuth) {
      if (response.status === 401) notify('UNAUTHORIZED');
      else if (response.status === 403 && error.code === 'PASSWORD_CHANGE_REQUIRED') {
        notify('PASSWORD_CHANGE_REQUIRED');
      }
    }
    throw error;
  }
  return data as T;
}

function notify(problem: AuthProblem) {
  for (const listener of authListeners) listener(problem);
}

export type PersonQuery = {
  q?: string;
  unitId?: string;
  status?: PersonStatus;
  sex?: 1 | 2;
  page?: number;
  pageSize?: number;
};

export type ReportQuery = {
  queue?: ReportQueue;
  status?: ReportStatus;
  type?: ReportType;
  page?: number;
  pageSize?: number;
};

export type AuditQuery = {
  from?: string;
  to?: string;
  username?: string;
  action?: string;
  page?: number;
  pageSize?: number;
};

export const api = {
  // auth
  login: (username: string, password: string) =>
    request<{ user: Me }>('POST', '/api/auth/login', { username, password }, { quietAuth: true }),
  logout: () => request<unknown>('POST', '/api/auth/logout', {}, { quietAuth: true }),
  /** The contract answers a bare Me; a `{user}` wrapper (as login sends) is accepted too. */
  me: async () => {
    const data = await request<Me | { user: Me }>('GET', '/api/auth/me', undefined, {
      quietAuth: true,
    });
    return 'user' in data ? data.user : data;
  },
  changePassword: (currentPassword: string, newPassword: string) =>
    request<unknown>('POST', '/api/auth/password', { currentPassword, newPassword }),

  // users
  listUsers: () => request<{ items: User[] }>('GET', '/api/users'),
  createUser: (input: { username: string; displayName: string; unitId: string; role: Role }) =>
    request<{ user: Pick<User, 'id'>; temporaryPassword: string }>('POST', '/api/users', input),
  updateUser: (
    id: string,
    input: { displayName?: string; unitId?: string; role?: Role; disabled?: boolean },
  ) => request<unknown>('PATCH', `/api/users/${encodeURIComponent(id)}`, input),
  resetPassword: (id: string) =>
    request<{ temporaryPassword: string }>(
      'POST',
      `/api/users/${encodeURIComponent(id)}/reset-password`,
      {},
    ),
  unlockUser: (id: string) =>
    request<unknown>('POST', `/api/users/${encodeURIComponent(id)}/unlock`, {}),

  // org and codes
  orgTree: () => request<{ root: Unit }>('GET', '/api/org/tree'),
  orgUnit: (id: string) => request<UnitDetail>('GET', `/api/org/units/${encodeURIComponent(id)}`),
  codes: () => request<Codes>('GET', '/api/codes'),

  // registry
  searchPersons: (query: PersonQuery) =>
    request<Page<PersonListItem>>('GET', withQuery('/api/persons', query)),
  getPerson: (id: string) => request<PersonDetail>('GET', `/api/persons/${encodeURIComponent(id)}`),
  personAsOf: (id: string, date: string) =>
    request<PersonAsOf>('GET', withQuery(`/api/persons/${encodeURIComponent(id)}/as-of`, { date })),
  revealId: (id: string) =>
    request<{ idNumber: string }>('POST', `/api/persons/${encodeURIComponent(id)}/reveal-id`, {}),
  getHousehold: (id: string) =>
    request<HouseholdDetail>('GET', `/api/households/${encodeURIComponent(id)}`),
  searchHouseholds: (query: { q?: string; unitId?: string; page?: number; pageSize?: number }) =>
    request<Page<HouseholdListItem>>('GET', withQuery('/api/households', query)),

  // reporting
  createReport: (input: { type: ReportType; unitId: string; eventDate: string; payload: unknown }) =>
    request<Report>('POST', '/api/reports', input),
  listReports: (query: ReportQuery) =>
    request<Page<ReportListItem>>('GET', withQuery('/api/reports', query)),
  getReport: (id: string) => request<Report>('GET', `/api/reports/${encodeURIComponent(id)}`),
  resubmitReport: (id: string, input: { version: number; eventDate: string; payload: unknown }) =>
    request<Report>('PUT', `/api/reports/${encodeURIComponent(id)}`, input),
  approveReport: (id: string, version: number) =>
    request<Report>('POST', `/api/reports/${encodeURIComponent(id)}/approve`, { version }),
  returnReport: (id: string, version: number, reason: string) =>
    request<Report>('POST', `/api/reports/${encodeURIComponent(id)}/return`, { version, reason }),
  confirmReport: (id: string, version: number) =>
    request<Report>('POST', `/api/reports/${encodeURIComponent(id)}/confirm`, { version }),
  cancelReport: (id: string, version: number, reason: string) =>
    request<Report>('POST', `/api/reports/${encodeURIComponent(id)}/cancel`, { version, reason }),
  todo: () => request<Todo>('GET', '/api/todo'),

  // audit
  listAudit: (query: AuditQuery) =>
    request<Page<AuditEntry>>('GET', withQuery('/api/audit', query)),
  verifyAudit: () => request<AuditVerify>('GET', '/api/audit/verify'),

  health: () => request<Health>('GET', '/api/health', undefined, { quietAuth: true }),
};

export { withQuery };
