/**
 * 两非 cases as a source of the indicator catalogue (indicators/indicator.catalog.services.ts):
 * cases opened (by the day the lead was received) and closed (by the closing day), per period
 * and the case's unit. The counts are figures like any other; the cases behind them are listed
 * only to holders of case.handle (indicators/indicator.records.ts), and then without the parties.
 */
import { sql, type RawBuilder } from 'kysely';
import type { DbOrTx } from '../db/database.js';
import type { ServiceRecordSet } from '../indicators/indicator.catalog.services.js';
import type { UnitFilter } from '../indicators/indicator.repository.js';
import type { Period } from '../indicators/periods.js';

type CaseFilter = Extract<ServiceRecordSet, { kind: 'cases' }>['filter'];
type Span = Pick<Period, 'start' | 'end'>;

export type CaseCountRow = { period: number; unitId: string; casesOpened: number; casesClosed: number };

const DAY: Record<CaseFilter, RawBuilder<unknown>> = { opened: sql`c.lead_received_on`, closed: sql`c.closed_on` };
const selected = (filter: CaseFilter, countyCode: string, p: Span, units: UnitFilter) =>
  sql`c.county_code = ${countyCode} AND ${DAY[filter]} BETWEEN ${p.start}::date AND ${p.end}::date
      ${units ? sql`AND c.unit_id = ANY(${units}::text[])` : sql``}`;

/** Counts per period (1-based) and unit, in one statement. */
export async function countCases(
  db: DbOrTx,
  q: { countyCode: string; periods: Period[]; units: UnitFilter },
): Promise<CaseCountRow[]> {
  const branches = q.periods.flatMap((p, i) => [
    sql`SELECT ${i + 1}::int AS period, c.unit_id, count(*)::int AS opened, 0 AS closed
          FROM sex_selection_case c WHERE ${selected('opened', q.countyCode, p, q.units)} GROUP BY c.unit_id`,
    sql`SELECT ${i + 1}::int, c.unit_id, 0, count(*)::int
          FROM sex_selection_case c WHERE ${selected('closed', q.countyCode, p, q.units)} GROUP BY c.unit_id`,
  ]);
  const res = await sql<CaseCountRow>`
    SELECT period, unit_id, sum(opened)::int AS cases_opened, sum(closed)::int AS cases_closed
      FROM (${sql.join(branches, sql` UNION ALL `)}) x GROUP BY period, unit_id`.execute(db);
  return res.rows;
}

/** A page of the cases behind a figure, within `scope` (on the case's unit): no parties, no summary. */
export async function caseRecords(
  db: DbOrTx,
  filter: CaseFilter,
  q: {
    countyCode: string;
    period: Span;
    units: UnitFilter;
    scope: (unitColumn: RawBuilder<unknown>) => RawBuilder<unknown>;
    limit: number;
    offset: number;
  },
) {
  const where = selected(filter, q.countyCode, q.period, q.units);
  const scope = q.scope(sql`c.unit_id`);
  const counts = await sql<{ total: number; visible: number }>`
    SELECT count(*)::int AS total, count(*) FILTER (WHERE ${scope})::int AS visible
      FROM sex_selection_case c WHERE ${where}`.execute(db);
  const items = await sql<Record<string, unknown>>`
    SELECT c.id AS case_id, c.number, c.kind AS case_kind, c.lead_source, c.lead_received_on, c.status, c.outcome,
           c.referred_to, c.referred_on, c.closed_on, c.unit_id, u.name AS unit_name
      FROM sex_selection_case c LEFT JOIN org_unit u ON u.id = c.unit_id
     WHERE ${where} AND ${scope}
     ORDER BY ${DAY[filter]}, c.number LIMIT ${q.limit} OFFSET ${q.offset}`.execute(db);
  return { ...counts.rows[0]!, items: items.rows };
}
