/**
 * The care register (生育关怀) as a source of the indicator catalogue
 * (indicators/indicator.catalog.services.ts): visits, families in the register and assistance
 * granted, per period and the family's unit (care_family.unit_id), counted exactly as the
 * drill-down lists them (docs/indicators.md).
 *
 * A visit counts in the period of its day, assistance in the period it was granted (its value in
 * fen, summed as integers). Families are those in the register at the period's end (flagged on or
 * before it, not ended by then), each parent once however many categories the family has.
 */
import { sql, type RawBuilder } from 'kysely';
import type { DbOrTx } from '../db/database.js';
import type { ServiceRecordSet } from '../indicators/indicator.catalog.services.js';
import type { UnitFilter } from '../indicators/indicator.repository.js';
import type { Period } from '../indicators/periods.js';

export type CareCountRow = {
  period: number;
  unitId: string;
  careVisits: number;
  careFamilies: number;
  careFenGranted: number;
};

type Span = Pick<Period, 'start' | 'end'>;
type CareFilter = Extract<ServiceRecordSet, { kind: 'care' }>['filter'];
const unitIn = (units: UnitFilter) => (units ? sql`AND cf.unit_id = ANY(${units}::text[])` : sql``);

/** Each filter's rows: FROM over care_family cf and the visit v or assistance a, and WHERE. */
const FROM: Record<CareFilter, RawBuilder<unknown>> = {
  visits: sql`FROM care_visit v JOIN care_family cf ON cf.id = v.family_id`,
  families: sql`FROM care_family cf`,
  assistance: sql`FROM care_assistance a JOIN care_family cf ON cf.id = a.family_id`,
};
const WHERE: Record<CareFilter, (countyCode: string, p: Span, units: UnitFilter) => RawBuilder<unknown>> = {
  visits: (c, p, u) =>
    sql`v.county_code = ${c} AND v.visited_on BETWEEN ${p.start}::date AND ${p.end}::date ${unitIn(u)}`,
  families: (c, p, u) => sql`cf.county_code = ${c} AND cf.flagged_on <= ${p.end}::date
      AND (cf.ended_on IS NULL OR cf.ended_on > ${p.end}::date) ${unitIn(u)}`,
  assistance: (c, p, u) =>
    sql`a.county_code = ${c} AND a.granted_on BETWEEN ${p.start}::date AND ${p.end}::date ${unitIn(u)}`,
};
const selection = (f: CareFilter, c: string, p: Span, u: UnitFilter) => sql`${FROM[f]} WHERE ${WHERE[f](c, p, u)}`;

/** Counts per period (1-based) and unit, in one statement. */
export async function countCare(
  db: DbOrTx,
  q: { countyCode: string; periods: Period[]; units: UnitFilter },
): Promise<CareCountRow[]> {
  const branches = q.periods.flatMap((p, i) => [
    sql`SELECT ${i + 1}::int AS period, cf.unit_id, count(*)::int AS visits, 0 AS families, 0::bigint AS fen
          ${selection('visits', q.countyCode, p, q.units)} GROUP BY cf.unit_id`,
    sql`SELECT ${i + 1}::int, cf.unit_id, 0, count(DISTINCT cf.person_id)::int, 0::bigint
          ${selection('families', q.countyCode, p, q.units)} GROUP BY cf.unit_id`,
    sql`SELECT ${i + 1}::int, cf.unit_id, 0, 0, sum(a.amount_fen)::bigint
          ${selection('assistance', q.countyCode, p, q.units)} GROUP BY cf.unit_id`,
  ]);
  const res = await sql<CareCountRow>`
    SELECT period, unit_id, sum(visits)::int AS care_visits, sum(families)::int AS care_families,
           sum(fen)::bigint AS care_fen_granted
      FROM (${sql.join(branches, sql` UNION ALL `)}) x GROUP BY period, unit_id`.execute(db);
  // Sums of fen come back as bigint (text from PostgreSQL): integers well inside 2^53 for a county.
  return res.rows.map((r) => ({ ...r, careFenGranted: Number(r.careFenGranted) }));
}

/** A page of the visits, families or assistance behind a care figure, within `scope` (on the family's unit). */
export async function careRecords(
  db: DbOrTx,
  filter: CareFilter,
  q: {
    countyCode: string;
    period: Span;
    units: UnitFilter;
    scope: (unitColumn: RawBuilder<unknown>) => RawBuilder<unknown>;
    limit: number;
    offset: number;
  },
) {
  const where = WHERE[filter](q.countyCode, q.period, q.units);
  const scope = q.scope(sql`cf.unit_id`);
  // A family is counted once by the parent it is registered under, whatever its categories.
  const key = filter === 'families' ? sql`cf.person_id` : filter === 'visits' ? sql`v.id` : sql`a.id`;
  const counts = await sql<{ total: number; visible: number }>`
    SELECT count(DISTINCT ${key})::int AS total, count(DISTINCT ${key}) FILTER (WHERE ${scope})::int AS visible
      ${FROM[filter]} WHERE ${where}`.execute(db);
  const detail =
    filter === 'visits'
      ? sql`, v.id AS visit_id, v.visited_on, v.visitors, v.needs`
      : filter === 'assistance'
        ? sql`, a.id AS assistance_id, a.granted_on, a.kind AS assistance_kind, a.amount_fen, a.fund_source, a.purpose`
        : sql``;
  const items = await sql<Record<string, unknown>>`
    SELECT * FROM (
      SELECT ${filter === 'families' ? sql`DISTINCT ON (cf.person_id)` : sql``}
             cf.id AS family_id, cf.category, cf.source, cf.flagged_on, cf.ended_on,
             p.id AS person_id, p.name, p.id_number_masked, p.sex, p.birth_date, cf.unit_id, u.name AS unit_name,
             u.path AS sort_path, ${key} AS sort_key ${detail}
        ${FROM[filter]}
        JOIN person p ON p.id = cf.person_id
        LEFT JOIN org_unit u ON u.id = cf.unit_id
       WHERE ${where} AND ${scope}
       ORDER BY ${key}, cf.flagged_on) r
     ORDER BY r.sort_path, r.name, r.sort_key LIMIT ${q.limit} OFFSET ${q.offset}`.execute(db);
  return { ...counts.rows[0]!, items: items.rows.map(({ sortPath: _p, sortKey: _k, ...r }) => r) };
}
