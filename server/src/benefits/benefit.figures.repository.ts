/**
 * The SQL of the benefit figures per township and program (benefit.figures.service.ts): the
 * payments counted as the indicator catalogue counts them (benefit.indicators.ts: approved
 * batches, by the batch's due date, for the payee's village), grouped by the row unit that holds
 * the village and by program, with every subtotal in one statement (GROUPING SETS), so a payee
 * paid by two programs is one payee in the township's total.
 */
import { sql } from 'kysely';
import type { DbOrTx } from '../db/database.js';
import { escapeLike } from '../org/org.repository.js';
import type { Period } from '../indicators/periods.js';
import { countedPayments, PAYMENT_FILTERS, PAYMENT_FROM } from './benefit.indicators.js';

export type FigureCountRow = {
  /** The row unit (a township for the county), null in the totals over units. */
  unitId: string | null;
  /** Null in the totals over programs. */
  programCode: string | null;
  payees: number;
  payments: number;
  paid: number;
  failed: number;
  pending: number;
  paidExact: number;
  paidTimely: number;
  fenDue: number;
  fenPaid: number;
};

/**
 * Counts per row unit (the units of `rowLevel` under `unitPath`) and program, with the totals.
 * Payments of villages under `unitPath` only: the scope is in the statement.
 */
export async function countFigures(
  db: DbOrTx,
  q: {
    countyCode: string;
    period: Pick<Period, 'start' | 'end'>;
    unitPath: string;
    rowLevel: 'township' | 'village';
    programCode?: string;
  },
): Promise<FigureCountRow[]> {
  const f = PAYMENT_FILTERS;
  const res = await sql<FigureCountRow & { byUnit: number; byProgram: number }>`
    SELECT t.id AS "unitId", cy.program_code AS "programCode",
           grouping(t.id) AS "byUnit", grouping(cy.program_code) AS "byProgram",
           count(DISTINCT p.person_id)::int AS payees,
           count(*)::int AS payments,
           count(*) FILTER (WHERE ${f.paid})::int AS paid,
           count(*) FILTER (WHERE p.status = 'failed')::int AS failed,
           count(*) FILTER (WHERE p.status = 'pending')::int AS pending,
           count(*) FILTER (WHERE ${f.paidExact})::int AS "paidExact",
           count(*) FILTER (WHERE ${f.paidTimely})::int AS "paidTimely",
           coalesce(sum(p.due_fen) FILTER (WHERE ${f.due}), 0)::bigint AS "fenDue",
           coalesce(sum(p.amount_fen) FILTER (WHERE ${f.paid}), 0)::bigint AS "fenPaid"
      ${PAYMENT_FROM}
      JOIN org_unit u ON u.id = p.unit_id
      JOIN org_unit t ON t.level = ${q.rowLevel} AND u.path LIKE t.path || '%'
     WHERE ${countedPayments(q.countyCode, q.period, null, q.programCode)}
       AND u.path LIKE ${`${escapeLike(q.unitPath)}%`}
     GROUP BY GROUPING SETS ((t.id, cy.program_code), (t.id), (cy.program_code), ())`.execute(db);
  return res.rows.map(({ byUnit, byProgram, ...r }) => ({
    ...r,
    unitId: Number(byUnit) === 1 ? null : r.unitId,
    programCode: Number(byProgram) === 1 ? null : r.programCode,
    fenDue: Number(r.fenDue),
    fenPaid: Number(r.fenPaid),
  }));
}
