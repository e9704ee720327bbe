/**
 * The SQL of indicators: plain aggregates grouped by the unit a record belonged to (the village
 * of registration at the event, or of residence for the resident population), for one or more
 * periods at once. Rolling villages up into townships and the county, on present or past
 * boundaries, happens in the service. Nothing here decides scope.
 */
import { sql } from 'kysely';
import type { DbOrTx } from '../db/database.js';
import type { ReportType } from '../db/schema.js';
import type { MonthEnd, Period } from './periods.js';

export type Basis = 'registered' | 'resident';

/** Which units' records to read: all of the county's (null) or a list of unit ids. */
export type UnitFilter = string[] | null;

export type EventCountRow = {
  period: number;
  unitId: string;
  motherAge: number | null;
  allAges: number;
  births: number;
  birthsMale: number;
  birthsFemale: number;
  birthsOrder1: number;
  birthsOrder2: number;
  birthsOrder3Plus: number;
  birthsOrderKnown: number;
  birthsWithDefect: number;
  deaths: number;
  eventsReported: number;
  eventsTimely: number;
};

/** The unit an event counts for: where the subject was registered, or lived (from the state the event made). */
const eventUnit = (basis: Basis) =>
  basis === 'registered' ? sql.ref('e.unit_id') : sql`coalesce(es.residence_unit_id, e.unit_id)`;

const unitCondition = (expr: ReturnType<typeof eventUnit>, units: UnitFilter) =>
  units ? sql`AND ${expr} = ANY(${units}::text[])` : sql``;

/**
 * Vital events per period and unit: births by sex, order, defect, deaths, and how many events were
 * reported in time; with byMotherAge, also births by the mother's age (for the TFR), returned
 * as rows with allAges 0.
 */
export async function countEvents(
  db: DbOrTx,
  q: {
    countyCode: string;
    periods: Period[];
    units: UnitFilter;
    basis: Basis;
    timedTypes: ReportType[];
    timelyDays: number;
    byMotherAge: boolean;
  },
): Promise<EventCountRow[]> {
  const unit = eventUnit(q.basis);
  const residence =
    q.basis === 'resident' ? sql`LEFT JOIN person_span es ON es.event_id = e.id AND es.person_id = e.person_id` : sql``;
  // One branch per period with its dates as values: a plain index range each (joining a table
  // of periods instead costs several times more per row).
  const range = (p: Period) =>
    sql`FROM vital_event e ${residence}
     WHERE e.county_code = ${q.countyCode} AND e.event_date BETWEEN ${p.start}::date AND ${p.end}::date ${unitCondition(unit, q.units)}`;
  // One scan per period: counts per unit and the mother's age, then summed per unit in SQL with
  // the births by age kept as two arrays — a county year is some 3,500 (unit, age) pairs, and in
  // PGlite shipping them as rows costs several times the aggregate itself.
  const branches = q.periods.map(
    (p, i) => sql`
    SELECT ${i + 1}::int AS period, ${unit} AS unit_id, ${q.byMotherAge ? sql`e.mother_age` : sql`NULL::smallint`} AS mother_age,
           count(*) FILTER (WHERE e.type = 'birth') AS births,
           count(*) FILTER (WHERE e.type = 'birth' AND e.child_sex = 1) AS births_male,
           count(*) FILTER (WHERE e.type = 'birth' AND e.child_sex = 2) AS births_female,
           count(*) FILTER (WHERE e.type = 'birth' AND e.birth_order = 1) AS births_order1,
           count(*) FILTER (WHERE e.type = 'birth' AND e.birth_order = 2) AS births_order2,
           count(*) FILTER (WHERE e.type = 'birth' AND e.birth_order >= 3) AS births_order3_plus,
           count(*) FILTER (WHERE e.type = 'birth' AND e.birth_order IS NOT NULL) AS births_order_known,
           count(*) FILTER (WHERE e.type = 'birth' AND e.has_defect) AS births_with_defect,
           count(*) FILTER (WHERE e.type = 'death') AS deaths,
           count(*) FILTER (WHERE e.type = ANY(${q.timedTypes}::text[]) AND e.reported_on IS NOT NULL) AS events_reported,
           count(*) FILTER (WHERE e.type = ANY(${q.timedTypes}::text[]) AND e.reported_on - e.event_date <= ${q.timelyDays}) AS events_timely
      ${range(p)}
     GROUP BY 1, 2, 3`,
  );
  const res = await sql<EventCountRow & { motherAges: Array<number | null>; motherBirths: number[] }>`
    SELECT period, unit_id,
           sum(births)::int AS births, sum(births_male)::int AS births_male, sum(births_female)::int AS births_female,
           sum(births_order1)::int AS births_order1, sum(births_order2)::int AS births_order2, sum(births_order3_plus)::int AS births_order3_plus,
           sum(births_order_known)::int AS births_order_known, sum(births_with_defect)::int AS births_with_defect, sum(deaths)::int AS deaths,
           sum(events_reported)::int AS events_reported, sum(events_timely)::int AS events_timely,
           array_agg(mother_age) FILTER (WHERE births > 0) AS mother_ages, array_agg(births) FILTER (WHERE births > 0) AS mother_births
      FROM (${sql.join(branches, sql` UNION ALL `)}) x
     GROUP BY period, unit_id`.execute(db);
  const out: EventCountRow[] = [];
  const none = {
    birthsMale: 0,
    birthsFemale: 0,
    birthsOrder1: 0,
    birthsOrder2: 0,
    birthsOrder3Plus: 0,
    birthsOrderKnown: 0,
    birthsWithDefect: 0,
    deaths: 0,
    eventsReported: 0,
    eventsTimely: 0,
  };
  for (const { motherAges, motherBirths, ...r } of res.rows) {
    out.push({ ...r, motherAge: null, allAges: 1 });
    if (!q.byMotherAge) continue;
    for (let k = 0; k < (motherAges?.length ?? 0); k++) {
      out.push({
        period: r.period,
        unitId: r.unitId,
        motherAge: motherAges![k] ?? null,
        allAges: 0,
        births: motherBirths![k]!,
        ...none,
      });
    }
  }
  return out;
}

export type PopulationRow = { unitId: string; n: number[] };

/**
 * The population per unit at the end of each month asked, summed over sex: the year rows of
 * population_change before that year (or up to it, for December) plus the month rows of that
 * year up to that month — one sum per month-end, in one pass over the rows needed.
 */
export async function populationAt(
  db: DbOrTx,
  q: { countyCode: string; basis: Basis; boundaries: MonthEnd[]; units: UnitFilter },
): Promise<PopulationRow[]> {
  const maxYear = Math.max(...q.boundaries.map((b) => b.year));
  const monthYears = [...new Set(q.boundaries.filter((b) => b.month < 12).map((b) => b.year))];
  const months = Array.from({ length: 11 }, (_, i) => i + 1);
  const units = q.units ? sql`AND unit_id = ANY(${q.units}::text[])` : sql``;
  const sums = q.boundaries.map((b) =>
    b.month === 12
      ? sql`coalesce(sum(change) FILTER (WHERE month = 0 AND year <= ${b.year}), 0)::int`
      : sql`coalesce(sum(change) FILTER (WHERE (month = 0 AND year < ${b.year}) OR (year = ${b.year} AND month BETWEEN 1 AND ${b.month})), 0)::int`,
  );
  const res = await sql<PopulationRow>`
    SELECT unit_id, ARRAY[${sql.join(sums)}] AS n
      FROM population_change
     WHERE county_code = ${q.countyCode} AND basis = ${q.basis}
       AND ((month = 0 AND year <= ${maxYear}) OR (month = ANY(${months}::smallint[]) AND year = ANY(${monthYears}::smallint[])))
       ${units}
     GROUP BY unit_id`.execute(db);
  return res.rows;
}

const isLeap = (y: number) => y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);

/** Days from 1 January of year `y` to the birthday in it (person_span.birthday counts in a leap year). */
export const birthdayIn = (y: number) =>
  isLeap(y) ? sql`sp.birthday` : sql`(sp.birthday - CASE WHEN sp.birthday >= 59 THEN 1 ELSE 0 END)`;

export type ExposureRow = { period: number; unitId: string; ageAfter: number; before: number; after: number };

/** The ages reached in a year (age_after) for which women_years holds days (migration 0009). */
const WOMEN_YEARS_AGES = [10, 56] as const;
/** The first year women_years holds. */
const WOMEN_YEARS_FROM = 2000;

/**
 * Days women lived registered (or resident) in each unit, per period and year of birth: each
 * state of each woman clipped to the period and split at her birthday (a period lies within one
 * calendar year, so there is at most one). `before` are days at age ageAfter − 1, `after` at
 * ageAfter. Exact to the day; a 29 February birthday falls on 28 February in other years. The
 * birthday comes from person_span.birthday, an integer, to keep the per-row work to arithmetic.
 * Whole calendar years read the same sums from women_years, which a trigger keeps (migration 0009);
 * quarters, months and the running year (which ends today) are computed from the states.
 */
export async function womenExposure(
  db: DbOrTx,
  q: {
    countyCode: string;
    periods: Pick<Period, 'start' | 'end'>[];
    units: UnitFilter;
    basis: Basis;
    minAge: number;
    maxAge: number;
    fromSpans?: boolean;
  },
): Promise<ExposureRow[]> {
  const unit = q.basis === 'registered' ? sql.ref('sp.hukou_unit_id') : sql.ref('sp.residence_unit_id');
  const units = q.units ? sql`AND ${unit} = ANY(${q.units}::text[])` : sql``;
  // One branch per period with its dates as values: each reads one tight range of the women's
  // index, and day numbers relative to 1 January keep the per-row arithmetic to integers.
  const wholeYear = (p: Pick<Period, 'start' | 'end'>) => {
    const y = Number(p.start.slice(0, 4));
    return (
      !q.fromSpans &&
      p.start === `${y}-01-01` &&
      p.end === `${y}-12-31` &&
      y >= WOMEN_YEARS_FROM &&
      q.minAge >= WOMEN_YEARS_AGES[0] &&
      q.maxAge + 1 <= WOMEN_YEARS_AGES[1]
    );
  };
  // Whole calendar years up to the horizon read the sums women_years keeps (migration 0009); a
  // year past it (begun before women_years_extend ran) is computed from the states. The horizon
  // is read first rather than tested inside the statement: a gated branch still makes
  // PostgreSQL plan, and start, parallel workers for the states' scan.
  const horizon = q.periods.some(wholeYear)
    ? Number(
        (await sql<{ horizon: number }>`SELECT horizon FROM women_years_horizon`.execute(db)).rows[0]?.horizon ?? 0,
      )
    : 0;
  const branches = q.periods.map((p, i) => {
    const y = Number(p.start.slice(0, 4));
    if (wholeYear(p) && y <= horizon) {
      return sql`
      SELECT ${i + 1}::int AS period, unit_id, age_after::int AS age_after, before, after
        FROM women_years
       WHERE county_code = ${q.countyCode} AND basis = ${q.basis} AND year = ${y}
         AND age_after BETWEEN ${q.minAge} AND ${q.maxAge + 1} ${q.units ? sql`AND unit_id = ANY(${q.units}::text[])` : sql``}`;
    }
    const jan1 = sql`${`${y}-01-01`}::date`;
    const end = sql`${p.end}::date`;
    return sql`
      SELECT ${i + 1}::int AS period, unit_id, ${y} - birth_year AS age_after,
             coalesce(sum(least(t, bday) - f) FILTER (WHERE bday > f), 0)::int AS before,
             coalesce(sum(t - greatest(f, bday)) FILTER (WHERE t > bday), 0)::int AS after
        FROM (SELECT ${unit} AS unit_id, sp.birth_year,
                     greatest(sp.valid_from, ${p.start}::date) - ${jan1} AS f,
                     least(coalesce(sp.valid_to, ${end} + 1), ${end} + 1) - ${jan1} AS t,
                     ${birthdayIn(y)} AS bday
                FROM person_span sp
               WHERE sp.county_code = ${q.countyCode} AND sp.sex = 2 AND sp.active
                 AND sp.birth_date > (${p.start}::date - make_interval(years => ${q.maxAge + 1}))::date
                 AND sp.birth_date <= (${end} - make_interval(years => ${q.minAge}))::date
                 AND sp.valid_from <= ${end} AND (sp.valid_to IS NULL OR sp.valid_to > ${p.start}::date)
                 ${units}) w
       WHERE t > f
       GROUP BY unit_id, birth_year`;
  });
  // One row per period and unit with its ages as arrays: a county year is some 8,000 (unit, age)
  // pairs, and rows cost more to ship and parse than array elements (a third of the time in PGlite).
  const res = await sql<{ period: number; unitId: string; ages: number[]; before: number[]; after: number[] }>`
    SELECT period, unit_id, array_agg(age_after) AS ages, array_agg(before) AS before, array_agg(after) AS after
      FROM (${sql.join(branches, sql` UNION ALL `)}) x
     GROUP BY period, unit_id`.execute(db);
  const out: ExposureRow[] = [];
  for (const r of res.rows) {
    for (let k = 0; k < r.ages.length; k++)
      out.push({ period: r.period, unitId: r.unitId, ageAfter: r.ages[k]!, before: r.before[k]!, after: r.after[k]! });
  }
  return out;
}

export type PyramidRow = { sex: number; ageGroup: number; n: number };

/** Persons registered (or resident) on a date in the given units by sex and 5-year age group (20 = 100+). */
export async function pyramid(
  db: DbOrTx,
  q: { countyCode: string; date: string; units: UnitFilter; basis: Basis },
): Promise<PyramidRow[]> {
  const unit = q.basis === 'registered' ? sql.ref('hukou_unit_id') : sql.ref('residence_unit_id');
  const units = q.units ? sql`AND ${unit} = ANY(${q.units}::text[])` : sql``;
  const year = Number(q.date.slice(0, 4));
  const monthDay = Number(q.date.slice(5, 7)) * 100 + Number(q.date.slice(8, 10));
  const res = await sql<PyramidRow>`
    SELECT sex::int AS sex, least(age / 5, 20)::int AS age_group, count(*)::int AS n
      FROM (SELECT sex, ${year} - extract(year FROM birth_date)::int
                   - CASE WHEN extract(month FROM birth_date)::int * 100 + extract(day FROM birth_date)::int > ${monthDay} THEN 1 ELSE 0 END AS age
              FROM person_span
             WHERE county_code = ${q.countyCode} AND active AND valid_from <= ${q.date}::date
               AND (valid_to IS NULL OR valid_to > ${q.date}::date) AND birth_date <= ${q.date}::date ${units}) x
     GROUP BY 1, 2`.execute(db);
  return res.rows;
}

export type UnitRow = {
  id: string;
  parentId: string | null;
  level: string;
  name: string;
  path: string;
  validFrom: string;
  validTo: string | null;
};

export async function listCountyUnits(db: DbOrTx, countyCode: string): Promise<UnitRow[]> {
  return db
    .selectFrom('orgUnit')
    .select(['id', 'parentId', 'level', 'name', 'path', 'validFrom', 'validTo'])
    .where('countyCode', '=', countyCode)
    .execute();
}

export async function listCountyLineage(db: DbOrTx, countyCode: string) {
  return db
    .selectFrom('orgUnitLineage as l')
    .innerJoin('orgUnit as u', 'u.id', 'l.fromUnitId')
    .select(['l.fromUnitId', 'l.toUnitId', 'l.changeType', 'l.effectiveDate', 'l.id'])
    .where('u.countyCode', '=', countyCode)
    .orderBy('l.effectiveDate')
    .orderBy('l.id')
    .execute();
}

export type PublishedFigure = {
  code: string;
  version: number;
  value: number | null;
  lower: number | null;
  upper: number | null;
  numerator: number | null;
  denominator: number | null;
  publishedAt: string;
  publishedBy: string;
};

const PUBLISHED_COLUMNS = [
  'pi.code',
  'pi.version',
  'pi.value',
  'pi.lower',
  'pi.upper',
  'pi.numerator',
  'pi.denominator',
  'pi.publishedAt',
  'pi.unitId',
  'pi.period',
  'u.displayName as publishedBy',
] as const;

/** Published figures of some units for one period, population and boundaries, keyed `unitId|code`. */
export async function findPublished(
  db: DbOrTx,
  q: { unitIds: string[]; period: string; population: Basis; boundaries: 'present' | 'past' },
): Promise<Map<string, PublishedFigure>> {
  if (q.unitIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('publishedIndicator as pi')
    .innerJoin('appUser as u', 'u.id', 'pi.publishedBy')
    .select(PUBLISHED_COLUMNS)
    .where('pi.unitId', 'in', q.unitIds)
    .where('pi.period', '=', q.period)
    .where('pi.population', '=', q.population)
    .where('pi.boundaries', '=', q.boundaries)
    .execute();
  return new Map(rows.map((r) => [`${r.unitId}|${r.code}`, { ...r, publishedAt: r.publishedAt.toISOString() }]));
}

/** Every published figure of a unit, newest period first. */
export async function listPublished(db: DbOrTx, unitId: string, period?: string) {
  let q = db
    .selectFrom('publishedIndicator as pi')
    .innerJoin('appUser as u', 'u.id', 'pi.publishedBy')
    .select([...PUBLISHED_COLUMNS, 'pi.population', 'pi.boundaries', 'pi.figure'])
    .where('pi.unitId', '=', unitId);
  if (period) q = q.where('pi.period', '=', period);
  const rows = await q.orderBy('pi.period', 'desc').orderBy('pi.code').execute();
  return rows.map((r) => ({ ...r, publishedAt: r.publishedAt.toISOString() }));
}

/** The tables indicators read in bulk; index-only scans on them need a visibility map. */
const SCANNED_TABLES = ['person_span', 'population_change', 'vital_event', 'women_years'] as const;
const lastChecked = new WeakMap<object, number>();

/**
 * PGlite runs no autovacuum, and bulk loads (the synthetic county, imports) write these tables
 * without vacuuming them: plans then guess, and index-only scans read the heap because no page
 * is marked all-visible. When a table has grown by a fifth since its statistics were taken, or
 * fewer than half its pages are all-visible, this vacuums and analyses it — at most every 30 s
 * per database, never inside a transaction (where VACUUM cannot run). On a PostgreSQL server
 * autovacuum has usually got there first.
 */
export async function refreshDerivedStatistics(db: DbOrTx): Promise<void> {
  if (db.isTransaction) return;
  const now = Date.now();
  if (now - (lastChecked.get(db) ?? 0) < 30_000) return;
  lastChecked.set(db, now);
  const rows = await sql<{ relname: string; recorded: number; visible: number; actual: number }>`
    SELECT relname, relpages AS recorded, relallvisible AS visible, (pg_relation_size(oid) / current_setting('block_size')::int)::int AS actual
      FROM pg_class WHERE relname = ANY(${[...SCANNED_TABLES]}::text[]) AND relkind = 'r'`.execute(db);
  for (const r of rows.rows) {
    if (r.actual > 1.2 * r.recorded + 100 || r.visible < 0.5 * r.actual - 100)
      await sql.raw(`VACUUM (ANALYZE) ${r.relname}`).execute(db);
  }
  // A new year has begun since women_years last grew: add next year's days (once a year, seconds).
  await sql`SELECT women_years_extend(extract(year FROM current_date)::int + 1)`.execute(db);
}
