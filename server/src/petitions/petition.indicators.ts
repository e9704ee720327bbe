/**
 * Petitions (信访) as a source of the indicator catalogue (indicators/indicator.catalog.services.ts):
 * 信访按期办结率, 受理及时率 and 满意率 per period and assigned unit (petition.assigned_unit_id),
 * counted exactly as the drill-down lists them (docs/indicators.md).
 *
 * A deadline figure counts each petition once, in the period of the earlier of the step and its
 * deadline: a petition concluded (replied, or closed without a reply) on or before conclude_due_on
 * counts in the period it was concluded, on time; one concluded late, or still open past its
 * deadline, counts in the period the deadline passed, late; one still open before its deadline is
 * not counted yet. conclude_due_on is the deadline in force (60 days from acceptance, moved by an
 * extension); petitions not accepted have none and are not in 办结率. 受理及时率 reads the
 * acceptance decision (accepted or not) against accept_due_on (15 days from receipt) the same way.
 * Satisfaction counts the petitions rated, in the period of the reply (or of closure without one).
 */
import { sql, type RawBuilder } from 'kysely';
import type { DbOrTx } from '../db/database.js';
import type { ServiceRecordSet } from '../indicators/indicator.catalog.services.js';
import type { UnitFilter } from '../indicators/indicator.repository.js';
import type { Period } from '../indicators/periods.js';

type PetitionFilter = Extract<ServiceRecordSet, { kind: 'petitions' }>['filter'];
type Span = Pick<Period, 'start' | 'end'>;

export type PetitionCountRow = {
  period: number;
  unitId: string;
  petitionsConcludeDue: number;
  petitionsConcludedOnTime: number;
  petitionsAcceptDue: number;
  petitionsAcceptedOnTime: number;
  petitionsRated: number;
  petitionsSatisfied: number;
};

const CONCLUDED = sql`coalesce(p.replied_on, p.closed_on)`;
const inPeriod = (d: RawBuilder<unknown>, p: Span) => sql`${d} BETWEEN ${p.start}::date AND ${p.end}::date`;

/** Each group's condition: the petitions a denominator counts in the period. */
const DUE = {
  conclude: (p: Span, today: string) => sql`p.conclude_due_on IS NOT NULL
    AND ${inPeriod(sql`least(coalesce(${CONCLUDED}, p.conclude_due_on), p.conclude_due_on)`, p)}
    AND (${CONCLUDED} IS NOT NULL OR p.conclude_due_on < ${today}::date)`,
  accept: (
    p: Span,
    today: string,
  ) => sql`${inPeriod(sql`least(coalesce(p.decided_on, p.accept_due_on), p.accept_due_on)`, p)}
    AND (p.decided_on IS NOT NULL OR p.accept_due_on < ${today}::date)`,
  rated: (p: Span) => sql`p.satisfaction IS NOT NULL AND ${inPeriod(CONCLUDED, p)}`,
};
const ON_TIME = {
  conclude: sql`${CONCLUDED} <= p.conclude_due_on`,
  accept: sql`p.decided_on <= p.accept_due_on`,
  rated: sql`p.satisfaction IN ('satisfied', 'basically_satisfied')`,
};

const FILTERS: Record<PetitionFilter, { group: keyof typeof DUE; numerator: boolean }> = {
  concludeDue: { group: 'conclude', numerator: false },
  concludedOnTime: { group: 'conclude', numerator: true },
  acceptDue: { group: 'accept', numerator: false },
  acceptedOnTime: { group: 'accept', numerator: true },
  rated: { group: 'rated', numerator: false },
  satisfied: { group: 'rated', numerator: true },
};

const base = (countyCode: string, units: UnitFilter) =>
  sql`p.county_code = ${countyCode} ${units ? sql`AND p.assigned_unit_id = ANY(${units}::text[])` : sql``}`;

/** Counts per period (1-based) and assigned unit, in one statement. */
export async function countPetitions(
  db: DbOrTx,
  q: { countyCode: string; periods: Period[]; units: UnitFilter; today: string },
): Promise<PetitionCountRow[]> {
  const branches = q.periods.map((p, i) => {
    const pair = (g: keyof typeof DUE) => {
      const due = DUE[g](p, q.today);
      return sql`count(*) FILTER (WHERE ${due})::int, count(*) FILTER (WHERE ${due} AND ${ON_TIME[g]})::int`;
    };
    return sql`
      SELECT ${i + 1}::int AS period, p.assigned_unit_id AS "unitId",
             ${pair('conclude')}, ${pair('accept')}, ${pair('rated')}
        FROM petition p WHERE ${base(q.countyCode, q.units)}
       GROUP BY p.assigned_unit_id`;
  });
  // Positional columns: name them once on the outside.
  const res = await sql<Record<string, number | string>>`
    SELECT * FROM (${sql.join(branches, sql` UNION ALL `)})
      AS x(period, unit_id, cd, ct, ad, ao, rd, st)`.execute(db);
  return res.rows
    .map((r) => ({
      period: Number(r.period),
      unitId: String(r.unitId),
      petitionsConcludeDue: Number(r.cd),
      petitionsConcludedOnTime: Number(r.ct),
      petitionsAcceptDue: Number(r.ad),
      petitionsAcceptedOnTime: Number(r.ao),
      petitionsRated: Number(r.rd),
      petitionsSatisfied: Number(r.st),
    }))
    .filter((r) => r.petitionsConcludeDue + r.petitionsAcceptDue + r.petitionsRated > 0);
}

/** A page of the petitions behind a figure, within `scope` (on the assigned unit); no content, no phone. */
export async function petitionRecords(
  db: DbOrTx,
  filter: PetitionFilter,
  q: {
    countyCode: string;
    period: Period;
    units: UnitFilter;
    today: string;
    scope: (unitColumn: RawBuilder<unknown>) => RawBuilder<unknown>;
    limit: number;
    offset: number;
  },
) {
  const f = FILTERS[filter];
  const where = sql`${base(q.countyCode, q.units)} AND ${DUE[f.group](q.period, q.today)}
    ${f.numerator ? sql`AND ${ON_TIME[f.group]}` : sql``}`;
  const scope = q.scope(sql`p.assigned_unit_id`);
  const counts = await sql<{ total: number; visible: number }>`
    SELECT count(*)::int AS total, count(*) FILTER (WHERE ${scope})::int AS visible FROM petition p WHERE ${where}`.execute(
    db,
  );
  const items = await sql<Record<string, unknown>>`
    SELECT p.id AS petition_id, p.number, p.channel, p.received_on, p.subject, p.petitioner_name,
           p.assigned_unit_id AS unit_id, u.name AS unit_name, p.status, p.accept_due_on, p.decided_on,
           p.conclude_due_on, p.extension_days, p.replied_on, p.closed_on, p.satisfaction,
           ${f.group === 'accept' ? sql`p.decided_on <= p.accept_due_on` : sql`${CONCLUDED} <= p.conclude_due_on`} AS on_time
      FROM petition p LEFT JOIN org_unit u ON u.id = p.assigned_unit_id
     WHERE ${where} AND ${scope}
     ORDER BY p.received_on, p.number LIMIT ${q.limit} OFFSET ${q.offset}`.execute(db);
  return { ...counts.rows[0]!, items: items.rows };
}
