/**
 * Benefit payments as a source of the indicator catalogue (indicators/indicator.catalog.ts):
 * 兑现准确率, 资金到位率, 及时发放率, payments and amounts paid, counted per period and payee's
 * village exactly as the drill-down lists them (docs/benefits-figures.md).
 *
 * A payment counts in the period of its batch's due date (benefit_batch.due_on), not the period
 * the batch pays for: a yearly batch has no quarter, while every payment has one due date, so a
 * year, a quarter or a month each take whole payments and add up. It counts for the village of
 * the payee when the batch was made (benefit_payment.unit_id). Only batches approved (or exported
 * or reconciled) count: a draft is a proposal that may still be remade.
 */
import { sql, type RawBuilder } from 'kysely';
import type { DbOrTx } from '../db/database.js';
import type { PaymentFilter } from '../indicators/indicator.catalog.js';
import type { UnitFilter } from '../indicators/indicator.repository.js';
import type { Period } from '../indicators/periods.js';

export type PaymentCountRow = {
  period: number;
  unitId: string;
  paymentsPaid: number;
  paymentsPaidExact: number;
  paymentsPaidTimely: number;
  fenPaid: number;
  fenDue: number;
};

/** Batches whose payments are figures: approved by the county, whatever happened since. */
export const COUNTED_BATCH = sql`b.status IN ('approved', 'exported', 'reconciled')`;

/** Each filter's condition on benefit_payment p joined to its batch b. */
export const PAYMENT_FILTERS: Record<PaymentFilter, RawBuilder<unknown>> = {
  paid: sql`p.status = 'paid'`,
  // A recovery case means money was paid that was not due (after a death): not accurate, whether
  // or not it was recovered since; a repay that paid less than due is not accurate either.
  paidExact: sql`p.status = 'paid' AND p.amount_fen = p.due_fen
    AND NOT EXISTS (SELECT 1 FROM benefit_recovery r WHERE r.payment_id = p.id)`,
  paidTimely: sql`p.status = 'paid' AND p.paid_on <= b.due_on`,
  // A failed payment paid again by a repay is one amount due, counted on the repay (the latest
  // attempt), so the due is not doubled and stands beside the money that finally went out.
  due: sql`NOT EXISTS (SELECT 1 FROM benefit_payment x WHERE x.retry_of = p.id)`,
};

/** Payments with their batch and cycle (for the program). */
export const PAYMENT_FROM = sql`FROM benefit_payment p
  JOIN benefit_batch b ON b.id = p.batch_id
  JOIN benefit_cycle cy ON cy.id = b.cycle_id`;

/** Which payments count in one period: optionally only some villages' and one program's. */
export const countedPayments = (
  countyCode: string,
  period: Pick<Period, 'start' | 'end'>,
  units: UnitFilter,
  programCode?: string,
) => sql`p.county_code = ${countyCode} AND ${COUNTED_BATCH}
   AND b.due_on BETWEEN ${period.start}::date AND ${period.end}::date
   ${units ? sql`AND p.unit_id = ANY(${units}::text[])` : sql``}
   ${programCode ? sql`AND cy.program_code = ${programCode}` : sql``}`;

/** Counts per period (1-based, in the order given) and village, in one statement. */
export async function countPayments(
  db: DbOrTx,
  q: { countyCode: string; periods: Period[]; units: UnitFilter },
): Promise<PaymentCountRow[]> {
  const f = PAYMENT_FILTERS;
  const branches = q.periods.map(
    (p, i) => sql`
      SELECT ${i + 1}::int AS period, p.unit_id AS "unitId",
             count(*) FILTER (WHERE ${f.paid})::int AS "paymentsPaid",
             count(*) FILTER (WHERE ${f.paidExact})::int AS "paymentsPaidExact",
             count(*) FILTER (WHERE ${f.paidTimely})::int AS "paymentsPaidTimely",
             coalesce(sum(p.amount_fen) FILTER (WHERE ${f.paid}), 0)::bigint AS "fenPaid",
             coalesce(sum(p.due_fen) FILTER (WHERE ${f.due}), 0)::bigint AS "fenDue"
        ${PAYMENT_FROM} WHERE ${countedPayments(q.countyCode, p, q.units)}
       GROUP BY p.unit_id`,
  );
  const res = await sql<PaymentCountRow>`${sql.join(branches, sql` UNION ALL `)}`.execute(db);
  // Sums of fen come back as bigint (text on the wire): integers well inside 2^53 for a county.
  return res.rows.map((r) => ({ ...r, fenPaid: Number(r.fenPaid), fenDue: Number(r.fenDue) }));
}

/**
 * A page of the payments one filter selects, within `scope` (a clause on p.unit_id): the payee's
 * name and masked ID number, the program, the batch, amounts, status and any recovery case. The
 * full ID number and the account number are never read.
 */
export async function paymentRecords(
  db: DbOrTx,
  q: {
    countyCode: string;
    period: Pick<Period, 'start' | 'end'>;
    units: UnitFilter;
    filter: PaymentFilter;
    scope: RawBuilder<unknown>;
    limit: number;
    offset: number;
  },
) {
  const where = sql`${countedPayments(q.countyCode, q.period, q.units)} AND ${PAYMENT_FILTERS[q.filter]}`;
  const counts = await sql<{ total: number; visible: number }>`
    SELECT count(*)::int AS total, count(*) FILTER (WHERE ${q.scope})::int AS visible
      ${PAYMENT_FROM} WHERE ${where}`.execute(db);
  const items = await sql<Record<string, unknown>>`
    SELECT p.id AS payment_id, p.person_id, per.name, per.id_number_masked, per.sex, per.birth_date,
           p.unit_id, u.name AS unit_name, cy.program_code, cy.year AS cycle_year,
           b.id AS batch_id, b.period AS batch_period, b.kind AS batch_kind, b.seq AS batch_seq, b.due_on,
           p.amount_fen, p.due_fen, p.months, p.status, p.paid_on, p.failure_reason, p.retry_of,
           r.id AS recovery_id, r.status AS recovery_status, r.amount_fen AS recovery_fen
      ${PAYMENT_FROM}
      JOIN person per ON per.id = p.person_id
      LEFT JOIN org_unit u ON u.id = p.unit_id
      LEFT JOIN benefit_recovery r ON r.payment_id = p.id
     WHERE ${where} AND ${q.scope}
     ORDER BY b.due_on, u.path, per.name, p.id LIMIT ${q.limit} OFFSET ${q.offset}`.execute(db);
  return { ...counts.rows[0]!, items: items.rows };
}
