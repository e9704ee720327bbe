/**
 * The funds auditor's reads (benefit.audit.service.ts): payments with their payee, program and
 * batch; one payment's whole trail; batches with their reconciliation. Raw SQL over the tables of
 * migration 0016, reading only masked forms: the person's masked ID number and the account's last
 * four digits, never a sealed column. Queries only: callers pass the county and the unit path.
 */
import { sql, type RawBuilder } from 'kysely';
import type { DbOrTx } from '../db/database.js';
import { escapeLike } from '../org/org.repository.js';

const under = (column: RawBuilder<unknown>, unitPath: string) => sql`${column} LIKE ${`${escapeLike(unitPath)}%`}`;
/** Who a user id is, as the trail shows them: the display name and the account. */
const who = (column: string) =>
  sql`(SELECT json_build_object('id', au.id, 'name', au.display_name, 'username', au.username, 'role', au.role)
         FROM app_user au WHERE au.id = ${sql.raw(column)})`;

/** Who exported a batch to the bank: the batch keeps only when (exported_at), the audit log who. */
const EXPORTED_BY = sql`(SELECT json_build_object('id', au.id, 'name', au.display_name, 'username', au.username, 'role', au.role)
    FROM audit_log l JOIN app_user au ON au.id = l.user_id
   WHERE l.object_id = b.id::text AND l.action = 'benefit.batch.export' ORDER BY l.at, l.id LIMIT 1)`;

export type PaymentFilter = {
  countyCode: string;
  /** The caller's area, or the unit asked for inside it. */
  unitPath: string;
  programCode?: string;
  year?: number;
  cycleId?: string;
  batchId?: string;
  status?: 'pending' | 'paid' | 'failed';
  withRecovery?: boolean;
  page: number;
  pageSize: number;
};

const PAYMENT_COLUMNS = sql`
  p.id, p.person_id, per.name, per.id_number_masked, per.sex, per.birth_date,
  p.unit_id, u.name AS unit_name, t.id AS township_id, t.name AS township_name,
  cy.id AS cycle_id, cy.program_code, cy.year AS cycle_year,
  b.id AS batch_id, b.period AS batch_period, b.kind AS batch_kind, b.seq AS batch_seq, b.status AS batch_status, b.due_on,
  p.line_no, p.amount_fen, p.due_fen, p.months, p.status, p.paid_on, p.failure_reason, p.bank_ref,
  '****' || p.account_last4 AS account_masked, p.retry_of,
  (SELECT x.id FROM benefit_payment x WHERE x.retry_of = p.id) AS retried_by,
  r.id AS recovery_id, r.status AS recovery_status, r.amount_fen AS recovery_fen`;

const PAYMENT_FROM = sql`
  FROM benefit_payment p
  JOIN benefit_batch b ON b.id = p.batch_id
  JOIN benefit_cycle cy ON cy.id = b.cycle_id
  JOIN person per ON per.id = p.person_id
  JOIN org_unit u ON u.id = p.unit_id
  LEFT JOIN org_unit t ON t.id = u.parent_id AND t.level = 'township'
  LEFT JOIN benefit_recovery r ON r.payment_id = p.id`;

/** A page of payments under a unit path, newest batch first, with the count of all that match. */
export async function listPayments(db: DbOrTx, f: PaymentFilter) {
  const where = sql`p.county_code = ${f.countyCode} AND ${under(sql`u.path`, f.unitPath)}
    ${f.programCode ? sql`AND cy.program_code = ${f.programCode}` : sql``}
    ${f.year ? sql`AND cy.year = ${f.year}` : sql``}
    ${f.cycleId ? sql`AND cy.id = ${f.cycleId}` : sql``}
    ${f.batchId ? sql`AND b.id = ${f.batchId}` : sql``}
    ${f.status ? sql`AND p.status = ${f.status}` : sql``}
    ${f.withRecovery === undefined ? sql`` : f.withRecovery ? sql`AND r.id IS NOT NULL` : sql`AND r.id IS NULL`}`;
  const total = await sql<{ n: number }>`SELECT count(*)::int AS n ${PAYMENT_FROM} WHERE ${where}`.execute(db);
  const items = await sql<Record<string, unknown>>`
    SELECT ${PAYMENT_COLUMNS} ${PAYMENT_FROM} WHERE ${where}
     ORDER BY b.due_on DESC, b.seq, u.path, p.line_no, p.id
     LIMIT ${f.pageSize} OFFSET ${(f.page - 1) * f.pageSize}`.execute(db);
  return { total: total.rows[0]!.n, items: items.rows };
}

/** One payment under a unit path, as the list shows it, with the ids its trail hangs on. */
export async function findPayment(db: DbOrTx, countyCode: string, unitPath: string, id: string) {
  const res = await sql<
    Record<string, unknown> & { candidateId: string; accountId: string | null; resultImportId: string | null }
  >`
    SELECT ${PAYMENT_COLUMNS}, p.candidate_id, p.account_id, p.result_import_id, p.holder_name,
           (SELECT a.bank_name FROM benefit_account a WHERE a.id = p.account_id) AS bank_name
      ${PAYMENT_FROM}
     WHERE p.county_code = ${countyCode} AND p.id = ${id} AND ${under(sql`u.path`, unitPath)}`.execute(db);
  return res.rows[0];
}

/** The candidate a payment was made to: the rules' verdict and explanation, the people who acted on it. */
export async function findCandidate(db: DbOrTx, id: string) {
  const res = await sql<Record<string, unknown> & { cycleId: string; unitId: string }>`
    SELECT k.id, k.cycle_id, k.unit_id, k.outcome, k.status, k.source, k.village_verdict, k.status_reason,
           k.amount_fen, k.months, k.explanation, k.application, k.created_at, k.updated_at,
           ${who('k.entered_by')} AS entered_by, ${who('k.verified_by')} AS verified_by,
           ${who('k.reviewed_by')} AS reviewed_by, ${who('k.approved_by')} AS approved_by
      FROM benefit_candidate k WHERE k.id = ${id}`.execute(db);
  return res.rows[0];
}

/** Every step of a candidate, in order: who, what, when, why. */
export async function listCandidateEvents(db: DbOrTx, candidateId: string) {
  const res = await sql<Record<string, unknown>>`
    SELECT e.id, e.action, e.from_status, e.to_status, e.reason, e.at, ${who('e.user_id')} AS actor
      FROM benefit_candidate_event e WHERE e.candidate_id = ${candidateId} ORDER BY e.at, e.id`.execute(db);
  return res.rows;
}

/** The village's notice of the cycle the candidate was published in, if any. */
export async function findNotice(db: DbOrTx, cycleId: string, unitId: string) {
  const res = await sql<Record<string, unknown> & { id: string; entries: unknown }>`
    SELECT n.id, n.unit_id, n.published_on, n.ends_on, n.published_at, n.entries, ${who('n.published_by')} AS published_by
      FROM benefit_notice n WHERE n.cycle_id = ${cycleId} AND n.unit_id = ${unitId}`.execute(db);
  return res.rows[0];
}

/** Objections to a notice about this candidate or about the list as a whole. */
export async function listObjections(db: DbOrTx, noticeId: string, candidateId: string) {
  const res = await sql<Record<string, unknown>>`
    SELECT o.id, o.candidate_id, o.raised_by, o.content, o.received_on, o.recorded_at, o.status, o.resolution, o.resolved_at,
           ${who('o.recorded_by')} AS recorded_by, ${who('o.resolved_by')} AS resolved_by
      FROM benefit_objection o
     WHERE o.notice_id = ${noticeId} AND (o.candidate_id = ${candidateId} OR o.candidate_id IS NULL)
     ORDER BY o.received_on, o.recorded_at`.execute(db);
  return res.rows;
}

/** A batch with who made and approved it. */
export async function findBatch(db: DbOrTx, id: string) {
  const res = await sql<Record<string, unknown>>`
    SELECT b.id, b.cycle_id, b.period, b.kind, b.seq, b.status, b.made_on, b.due_on, b.payments, b.total_fen,
           b.created_at, b.approved_at, b.exported_at,
           ${who('b.created_by')} AS created_by, ${who('b.approved_by')} AS approved_by, ${EXPORTED_BY} AS exported_by
      FROM benefit_batch b WHERE b.id = ${id}`.execute(db);
  return res.rows[0];
}

export async function findResultImport(db: DbOrTx, id: string) {
  const res = await sql<Record<string, unknown>>`
    SELECT i.id, i.file_name, i.sha256, i.rows, i.paid, i.failed, i.imported_at, ${who('i.imported_by')} AS imported_by
      FROM benefit_result_import i WHERE i.id = ${id}`.execute(db);
  return res.rows[0];
}

export async function findRecovery(db: DbOrTx, paymentId: string) {
  const res = await sql<Record<string, unknown>>`
    SELECT r.id, r.amount_fen, r.reason, r.status, r.opened_at, r.closed_at, r.note, ${who('r.closed_by')} AS closed_by
      FROM benefit_recovery r WHERE r.payment_id = ${paymentId}`.execute(db);
  return res.rows[0];
}

/**
 * Audit-log rows about some objects (a batch: made, approved, exported, results imported) or
 * about a payee's account (registered, replaced, revealed), oldest first.
 */
export async function listAuditAbout(db: DbOrTx, q: { objectIds: string[]; actionPrefix: string }) {
  const res = await sql<Record<string, unknown>>`
    SELECT l.id, l.at, l.username, l.unit_id, l.action, l.object_type, l.object_id, l.outcome, l.detail,
           ${who('l.user_id')} AS actor
      FROM audit_log l
     WHERE l.object_id = ANY(${q.objectIds}::text[]) AND l.action LIKE ${`${escapeLike(q.actionPrefix)}%`}
     ORDER BY l.at, l.id`.execute(db);
  return res.rows;
}

export type BatchFilter = {
  countyCode: string;
  programCode?: string;
  year?: number;
  status?: 'draft' | 'approved' | 'exported' | 'reconciled';
  page: number;
  pageSize: number;
};

/**
 * A page of the county's batches, newest due date first, each with its payments counted and
 * summed by status, so the auditor sees whether paid + failed + pending balance to the batch.
 */
export async function listBatches(db: DbOrTx, f: BatchFilter) {
  const where = sql`b.county_code = ${f.countyCode}
    ${f.programCode ? sql`AND cy.program_code = ${f.programCode}` : sql``}
    ${f.year ? sql`AND cy.year = ${f.year}` : sql``}
    ${f.status ? sql`AND b.status = ${f.status}` : sql``}`;
  const from = sql`FROM benefit_batch b JOIN benefit_cycle cy ON cy.id = b.cycle_id`;
  const total = await sql<{ n: number }>`SELECT count(*)::int AS n ${from} WHERE ${where}`.execute(db);
  const items = await sql<Record<string, unknown>>`
    SELECT b.id, cy.id AS cycle_id, cy.program_code, cy.year AS cycle_year, b.period, b.kind, b.seq, b.status,
           b.made_on, b.due_on, b.payments, b.total_fen, b.created_at, b.approved_at, b.exported_at,
           ${who('b.created_by')} AS created_by, ${who('b.approved_by')} AS approved_by, ${EXPORTED_BY} AS exported_by,
           s.count::int AS counted, coalesce(s.fen, 0)::bigint AS counted_fen,
           s.paid::int AS paid, coalesce(s.paid_fen, 0)::bigint AS paid_fen,
           s.failed::int AS failed, coalesce(s.failed_fen, 0)::bigint AS failed_fen,
           s.pending::int AS pending, coalesce(s.pending_fen, 0)::bigint AS pending_fen,
           (SELECT count(*) FROM benefit_result_import i WHERE i.batch_id = b.id)::int AS result_imports,
           (SELECT count(*) FROM benefit_recovery r JOIN benefit_payment x ON x.id = r.payment_id WHERE x.batch_id = b.id)::int AS recoveries
      ${from}
      CROSS JOIN LATERAL (
        SELECT count(*) AS count, sum(p.amount_fen) AS fen,
               count(*) FILTER (WHERE p.status = 'paid') AS paid, sum(p.amount_fen) FILTER (WHERE p.status = 'paid') AS paid_fen,
               count(*) FILTER (WHERE p.status = 'failed') AS failed, sum(p.amount_fen) FILTER (WHERE p.status = 'failed') AS failed_fen,
               count(*) FILTER (WHERE p.status = 'pending') AS pending, sum(p.amount_fen) FILTER (WHERE p.status = 'pending') AS pending_fen
          FROM benefit_payment p WHERE p.batch_id = b.id) s
     WHERE ${where}
     ORDER BY b.due_on DESC, cy.program_code, b.seq, b.id
     LIMIT ${f.pageSize} OFFSET ${(f.page - 1) * f.pageSize}`.execute(db);
  return { total: total.rows[0]!.n, items: items.rows };
}
