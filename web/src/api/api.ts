import type {
  AuditEntry,
  AuditVerify,
  Codes,
  FieldProblem,
  Health,
  HouseholdDetail,
  HouseholdListItem,
  ImportBatchDetail,
  ImportBatchStatus,
  ImportBatchSummary,
  ImportKind,
  ImportPreview,
  ImportProgress,
  ImportSucceeded,
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
    /** The whole JSON body of the refusal, for answers that carry more than a message. */
    readonly body: unknown = undefined,
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

/** One JSON call; the domain API modules (indicators, quality, dashboard) use it too. */
export async function request<T>(
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
  const data = parseJson(await response.text());
  if (!response.ok) throw refusal(response.status, response.statusText, data, options.quietAuth);
  return data as T;
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * The ApiError for a non-2xx answer. The whole JSON body stays on the error (`body`): some
 * refusals carry more than a message (an import's rejected rows and its error report).
 */
function refusal(status: number, statusText: string, data: unknown, quietAuth = false): ApiError {
  const err = (data ?? {}) as { code?: string; message?: string; problems?: FieldProblem[] };
  const error = new ApiError(
    status,
    err.code ?? `HTTP_${status}`,
    err.message ?? statusText,
    Array.isArray(err.problems) ? err.problems : [],
    data,
  );
  if (!quietAuth) {
    if (status === 401) notify('UNAUTHORIZED');
    else if (status === 403 && error.code === 'PASSWORD_CHANGE_REQUIRED') notify('PASSWORD_CHANGE_REQUIRED');
  }
  return error;
}

/** A file the server sent, read whole, with the name it gave it. */
export type DownloadedFile = { blob: Blob; fileName: string; headers: Headers };

/**
 * The file name of a `Content-Disposition` answer: the UTF-8 `filename*` (RFC 5987) when there
 * is one, since the plain `filename` is only an ASCII fallback; `fallback` when there is none.
 */
export function fileNameOf(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback;
  const extended = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(disposition);
  if (extended) {
    try {
      return decodeURIComponent(extended[1]!.trim());
    } catch {
      // a broken encoding: fall through to the plain name
    }
  }
  const plain = /filename\s*=\s*"([^"]*)"|filename\s*=\s*([^;]+)/.exec(disposition);
  const name = (plain?.[1] ?? plain?.[2] ?? '').trim();
  return name || fallback;
}

/**
 * GETs a file (an export, a template, an error report). A refusal is an ApiError like any
 * other, so the page can say why instead of the browser saving a JSON error as a file.
 * `onHeaders` sees the answer's headers first (an export's row count), `onBytes` the bytes
 * received so far.
 */
export async function downloadFile(
  path: string,
  fallbackName: string,
  progress: { onHeaders?: (headers: Headers) => void; onBytes?: (bytes: number) => void } = {},
): Promise<DownloadedFile> {
  let response: Response;
  try {
    response = await fetch(path, { credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'NETWORK', '');
  }
  if (!response.ok) throw refusal(response.status, response.statusText, parseJson(await response.text()));
  progress.onHeaders?.(response.headers);
  const type = response.headers.get('content-type') ?? 'application/octet-stream';
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let received = 0;
  try {
    const reader = response.body?.getReader();
    if (reader) {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        received += value.length;
        progress.onBytes?.(received);
      }
    } else {
      chunks.push(new Uint8Array(await response.arrayBuffer()));
    }
  } catch {
    // The server aborts a download that fails half-way: never hand on a short file.
    throw new ApiError(0, 'DOWNLOAD_ABORTED', '');
  }
  return {
    blob: new Blob(chunks, { type }),
    fileName: fileNameOf(response.headers.get('content-disposition'), fallbackName),
    headers: response.headers,
  };
}

/** Hands a downloaded file to the browser, which saves it under its name. */
export function saveFile({ blob, fileName }: Pick<DownloadedFile, 'blob' | 'fileName'>): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  // The browser has started the save by now; the URL only has to outlive the click.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * POSTs a multipart form with upload progress (`fetch` cannot report it, so this is an
 * XMLHttpRequest). `onUpload` gets the fraction sent, 0..1. Refusals are ApiErrors as usual.
 */
export function upload<T>(path: string, form: FormData, onUpload?: (fraction: number) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onUpload?.(e.loaded / e.total);
    };
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK', ''));
    xhr.onabort = () => reject(new ApiError(0, 'ABORTED', ''));
    xhr.onload = () => {
      const data = parseJson(xhr.responseText);
      if (xhr.status >= 200 && xhr.status < 300) resolve(data as T);
      else reject(refusal(xhr.status, xhr.statusText, data));
    };
    xhr.send(form);
  });
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
  updateUser: (id: string, input: { displayName?: string; unitId?: string; role?: Role; disabled?: boolean }) =>
    request<unknown>('PATCH', `/api/users/${encodeURIComponent(id)}`, input),
  resetPassword: (id: string) =>
    request<{ temporaryPassword: string }>('POST', `/api/users/${encodeURIComponent(id)}/reset-password`, {}),
  unlockUser: (id: string) => request<unknown>('POST', `/api/users/${encodeURIComponent(id)}/unlock`, {}),

  // org and codes
  orgTree: () => request<{ root: Unit }>('GET', '/api/org/tree'),
  orgUnit: (id: string) => request<UnitDetail>('GET', `/api/org/units/${encodeURIComponent(id)}`),
  codes: () => request<Codes>('GET', '/api/codes'),

  // registry
  searchPersons: (query: PersonQuery) => request<Page<PersonListItem>>('GET', withQuery('/api/persons', query)),
  getPerson: (id: string) => request<PersonDetail>('GET', `/api/persons/${encodeURIComponent(id)}`),
  personAsOf: (id: string, date: string) =>
    request<PersonAsOf>('GET', withQuery(`/api/persons/${encodeURIComponent(id)}/as-of`, { date })),
  revealId: (id: string) =>
    request<{ idNumber: string }>('POST', `/api/persons/${encodeURIComponent(id)}/reveal-id`, {}),
  getHousehold: (id: string) => request<HouseholdDetail>('GET', `/api/households/${encodeURIComponent(id)}`),
  searchHouseholds: (query: { q?: string; unitId?: string; page?: number; pageSize?: number }) =>
    request<Page<HouseholdListItem>>('GET', withQuery('/api/households', query)),

  // reporting
  createReport: (input: { type: ReportType; unitId: string; eventDate: string; payload: unknown }) =>
    request<Report>('POST', '/api/reports', input),
  listReports: (query: ReportQuery) => request<Page<ReportListItem>>('GET', withQuery('/api/reports', query)),
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

  // imports (docs/import.md)
  importLimits: () => request<{ maxUploadBytes: number }>('GET', '/api/imports/limits'),
  importTemplate: (kind: ImportKind, format: 'xlsx' | 'csv') =>
    downloadFile(`/api/imports/templates/${kind}.${format}`, `${kind}.${format}`),
  previewImport: (form: FormData, onUpload?: (fraction: number) => void) =>
    upload<ImportPreview>('/api/imports/preview', form, onUpload),
  /** Answers when the import is done; refusals (400 IMPORT_REJECTED, 409 ALREADY_IMPORTED) carry their body. */
  runImport: (form: FormData, onUpload?: (fraction: number) => void) =>
    upload<ImportSucceeded>('/api/imports', form, onUpload),
  importProgress: (token: string) =>
    request<ImportProgress>('GET', `/api/imports/progress/${encodeURIComponent(token)}`),
  listImports: (query: { status?: ImportBatchStatus; kind?: ImportKind; page?: number; pageSize?: number }) =>
    request<Page<ImportBatchSummary>>('GET', withQuery('/api/imports', query)),
  getImport: (id: string) => request<ImportBatchDetail>('GET', `/api/imports/${encodeURIComponent(id)}`),
  /** The error report of a refused file, XLSX or CSV (its URL names the XLSX one). */
  importErrorReport: (id: string, format: 'xlsx' | 'csv') =>
    downloadFile(`/api/imports/${encodeURIComponent(id)}/errors.${format}`, `errors.${format}`),

  // audit
  listAudit: (query: AuditQuery) => request<Page<AuditEntry>>('GET', withQuery('/api/audit', query)),
  verifyAudit: () => request<AuditVerify>('GET', '/api/audit/verify'),

  health: () => request<Health>('GET', '/api/health', undefined, { quietAuth: true }),
};

export { withQuery };
