/**
 * Storage of one-card accounts, payment batches, payments, bank result files and recovery cases
 * (migration 0016_benefit_workflow_payments). Queries only: no scope or policy here; callers pass
 * the county and the unit path.
 */
import type { ColumnType, Insertable, Selectable } from 'kysely';
import type { DbOrTx } from '../db/database.js';
import { escapeLike } from '../org/org.repository.js';
import type { CycleTables } from './benefit.cycle.repository.js';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json = ColumnType<unknown, string, string>;
/** bigint columns come back as strings from PostgreSQL and numbers from PGlite: read with Number(). */
type BigFen = ColumnType<string | number, number, number>;

export interface BenefitAccountTable {
  id: string;
  countyCode: string;
  personId: string;
  bankName: string;
  accountSealed: string;
  accountHash: string;
  accountLast4: string;
  holderName: string;
  version: number;
  updatedBy: string | null;
  updatedAt: Timestamp;
}

export type BatchStatus = 'draft' | 'approved' | 'exported' | 'reconciled';
export type BatchKind = 'regular' | 'repay';

export interface BenefitBatchTable {
  id: string;
  countyCode: string;
  cycleId: string;
  period: string;
  kind: BatchKind;
  seq: number;
  status: BatchStatus;
  madeOn: string;
  dueOn: string;
  payments: number;
  totalFen: BigFen;
  stopped: Json;
  createdBy: string | null;
  createdAt: Timestamp;
  approvedBy: string | null;
  approvedAt: Timestamp | null;
  exportedAt: Timestamp | null;
  version: number;
}

export type PaymentStatus = 'pending' | 'paid' | 'failed';

export interface BenefitPaymentTable {
  id: string;
  batchId: string;
  countyCode: string;
  candidateId: string;
  personId: string;
  unitId: string;
  lineNo: number;
  accountId: string | null;
  accountSealed: string;
  accountLast4: string;
  holderName: string;
  amountFen: number;
  months: number;
  dueFen: number;
  status: PaymentStatus;
  failureReason: string | null;
  bankRef: string | null;
  paidOn: string | null;
  resultImportId: string | null;
  retryOf: string | null;
}

export interface BenefitResultImportTable {
  id: string;
  batchId: string;
  countyCode: string;
  fileName: string;
  sha256: string;
  rows: number;
  paid: number;
  failed: number;
  importedBy: string | null;
  importedAt: Timestamp;
}

export interface BenefitRecoveryTable {
  id: string;
  countyCode: string;
  paymentId: string;
  personId: string;
  unitId: string;
  amountFen: number;
  reason: string;
  status: 'open' | 'recovered' | 'waived';
  openedAt: Timestamp;
  closedBy: string | null;
  closedAt: Timestamp | null;
  note: string | null;
}

/** The candidate columns migration 0016 adds (the workflow's), as far as payments read them. */
interface CandidateWorkflowColumns {
  villageVerdict: 'eligible' | 'not_eligible' | null;
}

export type PaymentTables = Omit<CycleTables, 'benefitCandidate'> & {
  benefitCandidate: Omit<CycleTables['benefitCandidate'], 'status'> &
    CandidateWorkflowColumns & { status: 'candidate' | 'verified' | 'reviewed' | 'approved' | 'returned' | 'excluded' };
  benefitAccount: BenefitAccountTable;
  benefitBatch: BenefitBatchTable;
  benefitPayment: BenefitPaymentTable;
  benefitResultImport: BenefitResultImportTable;
  benefitRecovery: BenefitRecoveryTable;
};

export type AccountRow = Selectable<BenefitAccountTable>;
export type BatchRow = Selectable<BenefitBatchTable>;
export type PaymentRow = Selectable<BenefitPaymentTable>;
export type RecoveryRow = Selectable<BenefitRecoveryTable>;
export type NewPayment = Insertable<BenefitPaymentTable>;

/** The database (or transaction) with the payment tables known to Kysely. */
export const payDb = (db: DbOrTx) => db.withTables<PaymentTables>();

export const unitsUnder = (db: DbOrTx, unitPath: string) =>
  db
    .selectFrom('orgUnit')
    .select('orgUnit.id')
    .where('orgUnit.path', 'like', `${escapeLike(unitPath)}%`);

// ---- accounts ---------------------------------------------------------------------------------

export async function findAccountByPerson(db: DbOrTx, personId: string, lock = false) {
  return payDb(db)
    .selectFrom('benefitAccount')
    .selectAll()
    .where('personId', '=', personId)
    .$if(lock, (q) => q.forUpdate())
    .executeTakeFirst();
}

export async function accountsByPersons(db: DbOrTx, personIds: readonly string[]) {
  if (personIds.length === 0) return [];
  const out: AccountRow[] = [];
  for (let i = 0; i < personIds.length; i += 5000) {
    out.push(
      ...(await payDb(db)
        .selectFrom('benefitAccount')
        .selectAll()
        .where('personId', 'in', personIds.slice(i, i + 5000))
        .execute()),
    );
  }
  return out;
}

/** Other persons' accounts with the same number (keyed hash): one account pays one person. */
export async function accountsWithHash(db: DbOrTx, countyCode: string, hashes: readonly string[]) {
  if (hashes.length === 0) return [];
  return payDb(db)
    .selectFrom('benefitAccount')
    .select(['personId', 'accountHash'])
    .where('countyCode', '=', countyCode)
    .where('accountHash', 'in', hashes)
    .execute();
}

/** A person in the county under a unit path (scope follows the hukou unit), or undefined. */
export async function findPersonInScope(db: DbOrTx, countyCode: string, unitPath: string, personId: string) {
  return db
    .selectFrom('person as p')
    .innerJoin('orgUnit as u', 'u.id', 'p.hukouUnitId')
    .select(['p.id', 'p.name', 'p.idNumberMasked', 'p.hukouUnitId', 'u.name as unitName', 'p.deathDate', 'p.status'])
    .where('p.countyCode', '=', countyCode)
    .where('p.id', '=', personId)
    .where('u.path', 'like', `${escapeLike(unitPath)}%`)
    .executeTakeFirst();
}

// ---- batches ----------------------------------------------------------------------------------

export async function findBatch(db: DbOrTx, countyCode: string, id: string, lock = false) {
  return payDb(db)
    .selectFrom('benefitBatch')
    .selectAll()
    .where('countyCode', '=', countyCode)
    .where('id', '=', id)
    .$if(lock, (q) => q.forUpdate())
    .executeTakeFirst();
}

export async function listBatches(db: DbOrTx, countyCode: string, cycleId?: string) {
  return payDb(db)
    .selectFrom('benefitBatch')
    .selectAll()
    .where('countyCode', '=', countyCode)
    .$if(cycleId !== undefined, (q) => q.where('cycleId', '=', cycleId!))
    .orderBy('createdAt', 'desc')
    .orderBy('seq', 'desc')
    .execute();
}

export async function insertPayments(db: DbOrTx, rows: readonly NewPayment[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) {
    await payDb(db)
      .insertInto('benefitPayment')
      .values(rows.slice(i, i + 1000))
      .execute();
  }
}

export async function paymentsOf(db: DbOrTx, batchId: string) {
  return payDb(db).selectFrom('benefitPayment').selectAll().where('batchId', '=', batchId).orderBy('lineNo').execute();
}

/** Count and fen per status of a batch's payments. */
export async function paymentTotals(db: DbOrTx, batchId: string) {
  return payDb(db)
    .selectFrom('benefitPayment')
    .select((eb) => ['status', eb.fn.countAll<string>().as('n'), eb.fn.sum<string>('amountFen').as('fen')])
    .where('batchId', '=', batchId)
    .groupBy('status')
    .execute();
}

export async function batchesOfPeriod(db: DbOrTx, cycleId: string, period: string) {
  return payDb(db)
    .selectFrom('benefitBatch')
    .selectAll()
    .where('cycleId', '=', cycleId)
    .where('period', '=', period)
    .orderBy('seq')
    .execute();
}
