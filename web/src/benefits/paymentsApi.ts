import { downloadFile, request, saveFile, upload, withQuery } from '../api/api.js';

/** The payments API's answers as the pages use them (server/src/benefits/benefit.payment.routes.ts). */

export type BatchStatus = 'draft' | 'approved' | 'exported' | 'reconciled';
export type StopReason = 'dead' | 'moved' | 'not_eligible' | 'no_account';

export type StoppedEntry = {
  candidateId: string;
  personId: string;
  name: string;
  unitId: string;
  reason: StopReason;
  text: string;
  dueFen: number;
  retryOf?: string;
};

export type Tally = { count: number; fen: number };
export type Reconciliation = {
  paid: Tally;
  failed: Tally;
  pending: Tally;
  totalFen: number;
  balanced: boolean;
};

export type BatchSummary = {
  id: string;
  batchNo: string;
  cycleId: string;
  programCode: string;
  programName: string;
  programNameEn: string;
  period: string;
  kind: 'regular' | 'repay';
  seq: number;
  status: BatchStatus;
  madeOn: string;
  dueOn: string;
  payments: number;
  totalFen: number;
  createdBy: string | null;
  approvedBy: string | null;
  exportedAt: string | null;
  version: number;
  stoppedCount: number;
  summary: Reconciliation;
};

export type Payment = {
  id: string;
  lineNo: number;
  personId: string;
  name: string;
  idNumberMasked: string | null;
  unitId: string;
  unitName: string;
  accountMasked: string;
  /** The account's holder: the payee, or for a program per child the guardian. */
  holderName: string;
  amountFen: number;
  dueFen: number;
  months: number;
  status: 'pending' | 'paid' | 'failed';
  failureReason: string | null;
  bankRef: string | null;
  paidOn: string | null;
  retryOf: string | null;
  retriedIn: string | null;
};

export type BatchDetail = Omit<BatchSummary, 'stoppedCount'> & { stopped: StoppedEntry[]; items: Payment[] };

export type ResultImport = {
  rows: number;
  paid: number;
  failed: number;
  repeated: number;
  reconciled: boolean;
  summary: Reconciliation;
  recoveriesOpened: number;
};

export type Account = {
  personId: string;
  bankName: string;
  accountMasked: string;
  last4: string;
  holderName: string;
  version: number;
  updatedAt: string;
};

export type AccountPerson = {
  id: string;
  name: string;
  idNumberMasked: string | null;
  birthDate: string;
  status: string;
  unitName: string;
  account: Account | null;
};

export type Recovery = {
  id: string;
  personId: string;
  name: string;
  idNumberMasked: string | null;
  unitName: string;
  amountFen: number;
  reason: string;
  status: 'open' | 'recovered' | 'waived';
  openedAt: string;
  closedAt: string | null;
  note: string | null;
  period: string;
  paidFen: number;
  paidOn: string | null;
};

export type BatchRequest = {
  cycleId: string;
  period: string;
  kind: 'regular' | 'repay';
  madeOn?: string;
  /** Defaults to the batch day. */
  dueOn?: string;
};

export const paymentsApi = {
  periods: (cycleId: string) =>
    request<{ periods: string[]; paid: string | null; today?: string }>(
      'GET',
      withQuery('/api/benefits/payments/periods', { cycleId }),
    ),
  batches: (cycleId?: string) => request<BatchSummary[]>('GET', withQuery('/api/benefits/batches', { cycleId })),
  batch: (id: string) => request<BatchDetail>('GET', `/api/benefits/batches/${id}`),
  make: (body: BatchRequest) => request<BatchDetail>('POST', '/api/benefits/batches', body),
  approve: (id: string, version: number) =>
    request<BatchDetail>('POST', `/api/benefits/batches/${id}/approve`, { version }),
  exportFile: async (id: string, format: 'txt' | 'xlsx') =>
    saveFile(await downloadFile(`/api/benefits/batches/${id}/export?format=${format}`, `batch.${format}`)),
  results: (id: string, file: File) => {
    const form = new FormData();
    form.append('file', file);
    return upload<ResultImport>(`/api/benefits/batches/${id}/results`, form);
  },
  accounts: (q: string) => request<AccountPerson[]>('GET', withQuery('/api/benefits/accounts', { q })),
  saveAccount: (
    personId: string,
    body: { bankName: string; accountNumber: string; holderName: string; baseVersion?: number },
  ) => request<Account>('PUT', `/api/benefits/accounts/${personId}`, body),
  reveal: (personId: string) =>
    request<{ accountNumber: string; bankName: string }>('POST', `/api/benefits/accounts/${personId}/reveal`, {}),
  importAccounts: (file: File) => {
    const form = new FormData();
    form.append('file', file);
    return upload<{ rows: number; registered: number; replaced: number }>('/api/benefits/accounts/import', form);
  },
  recoveries: (status?: Recovery['status']) =>
    request<Recovery[]>('GET', withQuery('/api/benefits/recoveries', { status })),
  scan: () => request<{ opened: number }>('POST', '/api/benefits/recoveries/scan', {}),
  closeRecovery: (id: string, status: 'recovered' | 'waived', note: string) =>
    request<unknown>('POST', `/api/benefits/recoveries/${id}/close`, { status, note }),
};
