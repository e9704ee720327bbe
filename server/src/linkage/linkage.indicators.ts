/**
 * Record linkage as a source of the indicator catalogue (indicators/indicator.catalog.ts): the
 * findings of the current linkage runs, counted per period and responsible village exactly as
 * the drill-down lists them. A finding counts in the period of the event the feed reports (a
 * birth, a death) and for the village the finding is about (the registry person's, else the one
 * the record names); findings without a village in the county (a mother from elsewhere) count
 * nowhere. Only runs marked current count: reprocessing a feed replaces its findings.
 */
import { sql, type RawBuilder } from 'kysely';
import type { DbOrTx } from '../db/database.js';
import type { FindingFilter } from '../indicators/indicator.catalog.js';
import type { UnitFilter } from '../indicators/indicator.repository.js';
import type { Period } from '../indicators/periods.js';

export type FindingCountRow = {
  period: number;
  unitId: string;
  feedRecordsDecided: number;
  feedRecordsLinked: number;
  hospitalBirths: number;
  hospitalBirthsMissing: number;
  hospitalBirthsRegistered: number;
  feedDeaths: number;
  feedDeathsUnreported: number;
};

const HOSPITAL = sql`f.feed_type = 'hospital_birth' AND f.record_type = 'birth'`;
const DEATH = sql`f.record_type IN ('death', 'cremation')`;

/** Each filter's condition on linkage_finding f; `distinct` filters count a person once. */
export const FINDING_FILTERS: Record<FindingFilter, { where: RawBuilder<unknown>; distinctPerson: boolean }> = {
  decided: { where: sql`f.kind <> 'pending'`, distinctPerson: false },
  linked: { where: sql`f.kind <> 'pending' AND f.person_id IS NOT NULL`, distinctPerson: false },
  hospitalBirths: {
    where: sql`${HOSPITAL} AND f.kind IN ('consistent', 'different', 'missing')`,
    distinctPerson: false,
  },
  hospitalBirthsMissing: { where: sql`${HOSPITAL} AND f.kind = 'missing'`, distinctPerson: false },
  hospitalBirthsRegistered: {
    where: sql`${HOSPITAL} AND f.kind IN ('consistent', 'different')`,
    distinctPerson: false,
  },
  // Police, civil affairs and the crematorium may all report one death: one person, one death.
  deaths: {
    where: sql`${DEATH} AND f.kind IN ('consistent', 'different', 'missing', 'contradicted')`,
    distinctPerson: true,
  },
  deathsUnreported: { where: sql`${DEATH} AND f.kind IN ('missing', 'contradicted')`, distinctPerson: true },
};

const COLUMNS: Array<[keyof Omit<FindingCountRow, 'period' | 'unitId'>, FindingFilter]> = [
  ['feedRecordsDecided', 'decided'],
  ['feedRecordsLinked', 'linked'],
  ['hospitalBirths', 'hospitalBirths'],
  ['hospitalBirthsMissing', 'hospitalBirthsMissing'],
  ['hospitalBirthsRegistered', 'hospitalBirthsRegistered'],
  ['feedDeaths', 'deaths'],
  ['feedDeathsUnreported', 'deathsUnreported'],
];

/** The person a finding is about, or the feed record itself when nobody was found. */
const WHO = sql`coalesce(f.person_id::text, 'r' || f.feed_record_id::text)`;

/** The findings of current runs in one period, optionally only some units'. */
export const findingsIn = (countyCode: string, period: Pick<Period, 'start' | 'end'>, units: UnitFilter) => sql`
  FROM linkage_finding f JOIN linkage_run run ON run.id = f.run_id AND run.current
 WHERE f.county_code = ${countyCode} AND f.event_date BETWEEN ${period.start}::date AND ${period.end}::date
   AND f.unit_id IS NOT NULL ${units ? sql`AND f.unit_id = ANY(${units}::text[])` : sql``}`;

/** Counts per period (1-based, in the order given) and village, in one statement. */
export async function countFindings(
  db: DbOrTx,
  q: { countyCode: string; periods: Period[]; units: UnitFilter },
): Promise<FindingCountRow[]> {
  const counts = COLUMNS.map(([column, filter]) => {
    const { where, distinctPerson } = FINDING_FILTERS[filter];
    const n = distinctPerson
      ? sql`count(DISTINCT ${WHO}) FILTER (WHERE ${where})`
      : sql`count(*) FILTER (WHERE ${where})`;
    return sql`${n}::int AS ${sql.ref(column)}`;
  });
  const branches = q.periods.map(
    (p, i) =>
      sql`SELECT ${i + 1}::int AS period, f.unit_id AS "unitId", ${sql.join(counts)} ${findingsIn(q.countyCode, p, q.units)} GROUP BY f.unit_id`,
  );
  const res = await sql<FindingCountRow>`${sql.join(branches, sql` UNION ALL `)}`.execute(db);
  return res.rows;
}

/** A hospital birth is about the mother (the child often has no name yet): her name and number first. */
const mother = (column: string) => sql`CASE WHEN f.feed_type = 'hospital_birth' THEN ${sql.raw(column)} END`;

/**
 * A page of the findings one filter selects, within `scope` (a clause on f.unit_id), with the
 * person (when linked) or the feed record's own name and masked ID number.
 */
export async function findingRecords(
  db: DbOrTx,
  q: {
    countyCode: string;
    period: Pick<Period, 'start' | 'end'>;
    units: UnitFilter;
    filter: FindingFilter;
    scope: RawBuilder<unknown>;
    limit: number;
    offset: number;
  },
) {
  const { where, distinctPerson } = FINDING_FILTERS[q.filter];
  // One row per person for the filters that count persons (the latest finding about them).
  const rows = sql`
    SELECT ${distinctPerson ? sql`DISTINCT ON (${WHO})` : sql``} f.id, f.feed_type, f.record_type, f.event_date, f.kind, f.summary,
           f.person_id, f.unit_id, f.task_status, f.feed_record_id
      ${findingsIn(q.countyCode, q.period, q.units)} AND ${where}
     ${distinctPerson ? sql`ORDER BY ${WHO}, f.event_date DESC, f.id` : sql``}`;
  const counts = await sql<{ total: number; visible: number }>`
    SELECT count(*)::int AS total, count(*) FILTER (WHERE ${q.scope})::int AS visible FROM (${rows}) f`.execute(db);
  const items = await sql<Record<string, unknown>>`
    SELECT f.id AS finding_id, f.feed_type, f.record_type, f.event_date, f.kind, f.summary, f.task_status,
           f.person_id, coalesce(p.name, ${mother('r.mother_name')}, nullif(r.name, '')) AS name,
           coalesce(p.id_number_masked, ${mother('r.mother_id_number_masked')}, r.id_number_masked) AS id_number_masked,
           coalesce(p.sex, r.sex) AS sex, f.unit_id, u.name AS unit_name
      FROM (${rows}) f
      LEFT JOIN person p ON p.id = f.person_id
      JOIN feed_record r ON r.id = f.feed_record_id
      LEFT JOIN org_unit u ON u.id = f.unit_id
     WHERE ${q.scope}
     ORDER BY f.event_date, f.id LIMIT ${q.limit} OFFSET ${q.offset}`.execute(db);
  return { ...counts.rows[0]!, items: items.rows };
}
