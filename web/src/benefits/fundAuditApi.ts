import { request, withQuery } from '../api/api.js';

/**
 * The funds auditor's API and the benefit figures as the pages use them
 * (server/src/benefits/benefit.audit.routes.ts, benefit.figures.routes.ts). Amounts are integer
 * fen; ID numbers and account numbers arrive masked.
 */

export type PaymentStatus = 'pending' | 'paid' | 'failed';

/** Tag colours of a payment's status, shared by the table and the trail. */
export const PAYMENT_COLOR: Record<PaymentStatus, string> = { paid: 'green', failed: 'red', pending: 'blue' };
export type BatchStatus = 'draft' | 'approved' | 'exported' | 'reconciled';
export type RecoveryStatus = 'open' | 'recovered' | 'waived';

/** A user as the trail names them. */
export type Who = { id: string; name: string; username: string; role: string } | null;

export type AuditPayment = {
  id: string;
  personId: string;
  name: string;
  idNumberMasked: string | null;
  unitId: string;
  unitName: string;
  townshipId: string | null;
  townshipName: string | null;
  cycleId: string;
  programCode: string;
  cycleYear: number;
  batchId: string;
  batchPeriod: string;
  batchKind: 'regular' | 'repay';
  batchSeq: number;
  batchStatus: BatchStatus;
  dueOn: string;
  lineNo: number;
  amountFen: number;
  dueFen: number;
  months: number;
  status: PaymentStatus;
  paidOn: string | null;
  failureReason: string | null;
  bankRef: string | null;
  accountMasked: string;
  retryOf: string | null;
  retriedBy: string | null;
  recoveryId: string | null;
  recoveryStatus: RecoveryStatus | null;
  recoveryFen: number | null;
};

export type AuditPaymentQuery = {
  programCode?: string;
  year?: number;
  batchId?: string;
  unitId?: string;
  status?: PaymentStatus;
  withRecovery?: boolean;
  page: number;
  pageSize: number;
};

export type AuditLogEntry = {
  id: string;
  at: string;
  username: string | null;
  action: string;
  objectType: string | null;
  objectId: string | null;
  outcome: string;
  detail: Record<string, unknown> | null;
  actor: Who;
};

export type PaymentTrail = {
  payment: AuditPayment & { holderName: string; bankName: string | null };
  candidate: {
    id: string;
    outcome: 'yes' | 'unknown' | 'no';
    status: string;
    source: 'registry' | 'application';
    villageVerdict: 'eligible' | 'not_eligible' | null;
    statusReason: string | null;
    amountFen: number;
    months: number;
    explanation: { verdict?: string; referenceDate?: string } & Record<string, unknown>;
    createdAt: string;
    enteredBy: Who;
    verifiedBy: Who;
    reviewedBy: Who;
    approvedBy: Who;
  } | null;
  events: Array<{
    id: string;
    action: string;
    fromStatus: string | null;
    toStatus: string;
    reason: string | null;
    at: string;
    actor: Who;
  }>;
  notice: {
    id: string;
    publishedOn: string;
    endsOn: string;
    publishedAt: string;
    publishedBy: Who;
    entries: number;
    entry: Record<string, unknown> | null;
  } | null;
  objections: Array<{
    id: string;
    raisedBy: string;
    content: string;
    receivedOn: string;
    status: 'open' | 'upheld' | 'dismissed';
    resolution: string | null;
    resolvedAt: string | null;
    recordedBy: Who;
    resolvedBy: Who;
  }>;
  batch: {
    id: string;
    period: string;
    kind: 'regular' | 'repay';
    seq: number;
    status: BatchStatus;
    madeOn: string;
    dueOn: string;
    payments: number;
    totalFen: number;
    createdAt: string;
    approvedAt: string | null;
    exportedAt: string | null;
    createdBy: Who;
    approvedBy: Who;
    /** From the audit log: the batch keeps only when it was exported. */
    exportedBy: Who;
    log: AuditLogEntry[];
  } | null;
  resultImport: {
    id: string;
    fileName: string;
    rows: number;
    paid: number;
    failed: number;
    importedAt: string;
    importedBy: Who;
  } | null;
  recovery: {
    id: string;
    amountFen: number;
    reason: string;
    status: RecoveryStatus;
    openedAt: string;
    closedAt: string | null;
    note: string | null;
    closedBy: Who;
  } | null;
  accountLog: AuditLogEntry[];
};

export type AuditBatch = {
  id: string;
  cycleId: string;
  programCode: string;
  cycleYear: number;
  period: string;
  kind: 'regular' | 'repay';
  seq: number;
  status: BatchStatus;
  madeOn: string;
  dueOn: string;
  payments: number;
  totalFen: number;
  createdAt: string;
  approvedAt: string | null;
  exportedAt: string | null;
  createdBy: Who;
  approvedBy: Who;
  exportedBy: Who;
  counted: number;
  countedFen: number;
  paid: number;
  paidFen: number;
  failed: number;
  failedFen: number;
  pending: number;
  pendingFen: number;
  resultImports: number;
  recoveries: number;
  reconciliation: { countBalances: boolean; fenBalances: boolean; settled: boolean };
};

export type AuditBatchQuery = {
  programCode?: string;
  year?: number;
  status?: BatchStatus;
  page: number;
  pageSize: number;
};

export type Page<T> = { total: number; page: number; pageSize: number; items: T[] };

/** Counts with the three rates (percent, null when nothing divides). */
export type FigureLine = {
  payees: number;
  payments: number;
  paid: number;
  failed: number;
  pending: number;
  paidExact: number;
  paidTimely: number;
  fenDue: number;
  fenPaid: number;
  accuracy: number | null;
  fundsInPlace: number | null;
  timeliness: number | null;
};

export type ProgramLine = FigureLine & { programCode: string; programName: string; programNameEn: string };

export type BenefitFiguresAnswer = {
  period: { code: string; start: string; end: string; running: boolean };
  programCode: string | null;
  unit: { id: string; name: string; level: string };
  total: FigureLine;
  units: Array<FigureLine & { unit: { id: string; name: string; level: string }; programs: ProgramLine[] }>;
  programs: ProgramLine[];
};

export const fundAuditApi = {
  payments: (q: AuditPaymentQuery) => request<Page<AuditPayment>>('GET', withQuery('/api/benefits/audit/payments', q)),
  trail: (id: string) => request<PaymentTrail>('GET', `/api/benefits/audit/payments/${encodeURIComponent(id)}`),
  batches: (q: AuditBatchQuery) => request<Page<AuditBatch>>('GET', withQuery('/api/benefits/audit/batches', q)),
  figures: (q: { year?: number; period?: string; programCode?: string }) =>
    request<BenefitFiguresAnswer>('GET', withQuery('/api/benefits/figures', q)),
};
