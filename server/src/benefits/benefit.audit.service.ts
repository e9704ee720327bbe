/**
 * The funds auditor's view (资金审计, docs/benefits-figures.md): every payment of the county with
 * its whole trail, and every batch with its reconciliation, read-only. Names show; ID numbers and
 * account numbers are masked (the service never reads a sealed column). Every read writes an
 * audit row, so the auditor's own reading is on the record too.
 */
import type { CurrentUser } from '../accounts/session.service.js';
import { recordAudit, type Actor } from '../audit/audit.service.js';
import type { Db } from '../db/database.js';
import { NotFoundError } from '../lib/errors.js';
import { scopedUnitPath } from '../org/org.service.js';
import {
  findBatch,
  findCandidate,
  findNotice,
  findPayment,
  findRecovery,
  findResultImport,
  listAuditAbout,
  listBatches,
  listCandidateEvents,
  listObjections,
  listPayments,
} from './benefit.audit.repository.js';
import type { AuditBatchesQuery, AuditPaymentsQuery } from './benefit.audit.schemas.js';

type Caller = Pick<CurrentUser, 'countyCode' | 'unitPath'>;

/**
 * A page of payments in the caller's area (the county, for the auditor), filtered by program,
 * cycle or year, batch, township or village, status and recovery. A unit outside the area gives
 * an empty page, as if it had no payments. Audited (benefit.audit.payments).
 */
export async function auditPayments(db: Db, user: Caller, actor: Actor, q: AuditPaymentsQuery) {
  const unitPath = q.unitId ? await scopedUnitPath(db, user, q.unitId) : user.unitPath;
  const result = await listPayments(db, { ...q, countyCode: user.countyCode, unitPath });
  const { page, pageSize, ...filter } = q;
  await recordAudit(db, actor, {
    action: 'benefit.audit.payments',
    objectType: 'benefit_payment',
    detail: { filter, page, results: result.items.length, total: result.total },
  });
  return { total: result.total, page, pageSize, items: result.items };
}

/** Entries of a notice are published as the notice module writes them: find this candidate's. */
function noticeEntry(entries: unknown, candidateId: string, personId: unknown) {
  if (!Array.isArray(entries)) return null;
  return (
    (entries as Array<Record<string, unknown>>).find(
      (e) => e && (e.candidateId === candidateId || (personId && e.personId === personId)),
    ) ?? null
  );
}

/**
 * One payment with everything that led to it and followed it: the candidate's verdict and
 * explanation, every workflow step, the notice and its objections, the batch and who made,
 * approved and exported it, the bank's result file that decided it, the payment it repays and the
 * repay of it, the recovery case, and the audit rows about the payee's account (registered,
 * replaced, revealed). Audited (benefit.audit.payment).
 * @throws NotFoundError for a payment outside the caller's area or that does not exist
 */
export async function auditPaymentTrail(db: Db, user: Caller, actor: Actor, id: string) {
  const payment = await findPayment(db, user.countyCode, user.unitPath, id);
  if (!payment) throw new NotFoundError('付款记录');
  const { candidateId, accountId, resultImportId, ...shown } = payment;
  const candidate = await findCandidate(db, candidateId);
  const [events, notice, batch, resultImport, recovery, batchLog, accountLog] = await Promise.all([
    listCandidateEvents(db, candidateId),
    candidate ? findNotice(db, candidate.cycleId, candidate.unitId) : undefined,
    findBatch(db, String(payment.batchId)),
    resultImportId ? findResultImport(db, resultImportId) : undefined,
    findRecovery(db, id),
    listAuditAbout(db, { objectIds: [String(payment.batchId)], actionPrefix: 'benefit.batch' }),
    listAuditAbout(db, {
      objectIds: [String(payment.personId), ...(accountId ? [accountId] : [])],
      actionPrefix: 'benefit.account',
    }),
  ]);
  const objections = notice ? await listObjections(db, notice.id, candidateId) : [];
  const { entries, ...noticeShown } = notice ?? { entries: null };
  await recordAudit(db, actor, {
    action: 'benefit.audit.payment',
    objectType: 'benefit_payment',
    objectId: id,
    detail: { personId: payment.personId, batchId: payment.batchId },
  });
  return {
    payment: shown,
    candidate: candidate ?? null,
    events,
    notice: notice
      ? {
          ...noticeShown,
          entries: Array.isArray(entries) ? entries.length : 0,
          entry: noticeEntry(entries, candidateId, payment.personId),
        }
      : null,
    objections,
    batch: batch ? { ...batch, log: batchLog } : null,
    resultImport: resultImport ?? null,
    recovery: recovery ?? null,
    accountLog,
  };
}

const n = (v: unknown) => Number(v ?? 0);

/**
 * A page of the county's batches with their reconciliation: the payments counted and summed by
 * status, and whether they balance to the batch's own count and total. Audited
 * (benefit.audit.batches).
 */
export async function auditBatches(db: Db, user: Caller, actor: Actor, q: AuditBatchesQuery) {
  const result = await listBatches(db, { ...q, countyCode: user.countyCode });
  const items = result.items.map((b) => {
    const paidFen = n(b.paidFen);
    const failedFen = n(b.failedFen);
    const pendingFen = n(b.pendingFen);
    const countedFen = n(b.countedFen);
    return {
      ...b,
      countedFen,
      paidFen,
      failedFen,
      pendingFen,
      totalFen: n(b.totalFen),
      reconciliation: {
        // The payments add up to what the batch says it holds, in number and in fen.
        countBalances: n(b.counted) === n(b.payments) && n(b.paid) + n(b.failed) + n(b.pending) === n(b.payments),
        fenBalances: countedFen === n(b.totalFen) && paidFen + failedFen + pendingFen === n(b.totalFen),
        settled: n(b.pending) === 0,
      },
    };
  });
  const { page, pageSize, ...filter } = q;
  await recordAudit(db, actor, {
    action: 'benefit.audit.batches',
    objectType: 'benefit_batch',
    detail: { filter, page, results: items.length, total: result.total },
  });
  return { total: result.total, page, pageSize, items };
}
