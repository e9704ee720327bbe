/**
 * The baselines of bench/indicators.bench.ts: the annual indicator set of every unit of a county
 * (county, townships, villages) as ONE hand-written SQL statement, in PostgreSQL's dialect (for
 * PostgreSQL and PGlite) or DuckDB's. It computes the same point values as the service
 * (server/src/indicators), from the same definitions, so the bench can check they agree.
 *
 * `source` chooses the rows:
 * - 'stored': the tables the service reads for a whole year (vital_event, population_change,
 *   women_years — the women-years kept by trigger, migration 0009);
 * - 'derived': the same, but women's exposure computed from their states (person_span), as the
 *   service does for quarters and months;
 * - 'history': no derived tables: states come from person_history (PostgreSQL: its JSON
 *   snapshots; DuckDB: a typed copy of them), their end dates from a window, and the
 *   population at a date from the states covering it.
 */
export type Dialect = 'pg' | 'duckdb';
export type Source = 'stored' | 'derived' | 'history';

const TIMED = `('birth','death','marriage','divorce','move_in','move_out')`;

export function annualIndicatorsSql(o: { dialect: Dialect; source: Source; countyCode: string; year: number }): string {
  const y = o.year;
  const c = `'${o.countyCode}'`;
  const d = (s: string) => `DATE '${s}'`;
  const years = (n: string) => (o.dialect === 'pg' ? `make_interval(years => ${n})` : `to_years(${n})`);
  const start = `${y}-01-01`;
  const end = `${y}-12-31`;
  const next = `${y + 1}-01-01`;
  const yearDays = (Date.UTC(y + 1, 0, 1) - Date.UTC(y, 0, 1)) / 86_400_000;
  // The derived spans carry the birth year and the birthday as integers (migration 0006); the
  // history has only the birth date.
  const derived = o.source !== 'history';
  const birthYear = derived ? 'birth_year' : 'CAST(extract(year FROM birth_date) AS integer)';
  const bday = derived
    ? yearDays === 366
      ? 'birthday'
      : '(birthday - CASE WHEN birthday >= 59 THEN 1 ELSE 0 END)'
    : `CAST(birth_date + ${years(`${y} - CAST(extract(year FROM birth_date) AS integer)`)} AS date) - ${d(start)}`;
  const spans = derived
    ? `SELECT valid_from, valid_to, active, hukou_unit_id, sex, birth_date, birth_year, birthday FROM person_span WHERE county_code = ${c}`
    : o.dialect === 'pg'
      ? `SELECT valid_from, lead(valid_from) OVER (PARTITION BY person_id ORDER BY valid_from, id) AS valid_to,
                  (snapshot->>'status') = 'active' AS active, snapshot->>'hukouUnitId' AS hukou_unit_id,
                  (snapshot->>'sex')::smallint AS sex, (snapshot->>'birthDate')::date AS birth_date
             FROM person_history WHERE county_code = ${c}`
      : `SELECT valid_from, lead(valid_from) OVER (PARTITION BY person_id ORDER BY valid_from, history_id) AS valid_to,
                  active, hukou_unit_id, sex, birth_date
             FROM history WHERE county_code = ${c}`;
  const population = derived
    ? `SELECT unit_id, sum(change) FILTER (WHERE year <= ${y - 1}) AS p0, sum(change) AS p1
           FROM population_change WHERE county_code = ${c} AND basis = 'registered' AND month = 0 AND year <= ${y}
          GROUP BY unit_id`
    : `SELECT hukou_unit_id AS unit_id,
                count(*) FILTER (WHERE valid_from <= ${d(`${y - 1}-12-31`)} AND (valid_to IS NULL OR valid_to > ${d(`${y - 1}-12-31`)})) AS p0,
                count(*) FILTER (WHERE valid_from <= ${d(end)} AND (valid_to IS NULL OR valid_to > ${d(end)})) AS p1
           FROM spans WHERE active GROUP BY hukou_unit_id`;
  return `
WITH ${o.source === 'history' ? `spans AS (${spans}),` : ''}
targets AS (
  SELECT id, path FROM org_unit WHERE county_code = ${c} AND valid_to IS NULL AND level IN ('county', 'township', 'village')
), map AS (
  SELECT s.id AS source, t.id AS target FROM org_unit s JOIN targets t ON s.path LIKE t.path || '%' WHERE s.county_code = ${c}
), ev AS (
  SELECT unit_id,
         count(*) FILTER (WHERE type = 'birth') AS births,
         count(*) FILTER (WHERE type = 'birth' AND child_sex = 1) AS male,
         count(*) FILTER (WHERE type = 'birth' AND child_sex = 2) AS female,
         count(*) FILTER (WHERE type = 'birth' AND birth_order = 1) AS o1,
         count(*) FILTER (WHERE type = 'birth' AND birth_order = 2) AS o2,
         count(*) FILTER (WHERE type = 'birth' AND birth_order >= 3) AS o3,
         count(*) FILTER (WHERE type = 'birth' AND birth_order IS NOT NULL) AS known,
         count(*) FILTER (WHERE type = 'birth' AND has_defect) AS defect,
         count(*) FILTER (WHERE type = 'death') AS deaths,
         count(*) FILTER (WHERE type IN ${TIMED} AND reported_on IS NOT NULL) AS reported,
         count(*) FILTER (WHERE type IN ${TIMED} AND reported_on - event_date <= 30) AS timely
    FROM vital_event WHERE county_code = ${c} AND event_date BETWEEN ${d(start)} AND ${d(end)}
   GROUP BY unit_id
), mothers AS (
  SELECT unit_id, least(greatest(mother_age, 15), 49) AS age, count(*) AS b
    FROM vital_event WHERE county_code = ${c} AND event_date BETWEEN ${d(start)} AND ${d(end)} AND type = 'birth' AND mother_age IS NOT NULL
   GROUP BY 1, 2
), pop AS (${population}
), women AS (
  SELECT hukou_unit_id AS unit_id, f, t, ${y} - ${birthYear} AS age_after, ${bday} AS bday
    FROM (SELECT hukou_unit_id, birth_date, ${derived ? 'birth_year, birthday,' : ''} greatest(valid_from, ${d(start)}) - ${d(start)} AS f,
                 least(coalesce(valid_to, ${d(next)}), ${d(next)}) - ${d(start)} AS t
            FROM ${derived ? `(${spans})` : 'spans'} s
           WHERE sex = 2 AND active AND birth_date > CAST(${d(start)} - ${years('50')} AS date)
             AND birth_date <= CAST(${d(end)} - ${years('15')} AS date)
             AND valid_from <= ${d(end)} AND (valid_to IS NULL OR valid_to > ${d(start)})) w
   WHERE t > f
)${
    o.source === 'stored'
      ? `, exposure AS (
  SELECT unit_id, age_after, before, after FROM women_years
   WHERE county_code = ${c} AND basis = 'registered' AND year = ${y} AND age_after BETWEEN 15 AND 50
)`
      : `, exposure AS (
  SELECT unit_id, age_after,
         coalesce(sum(least(t, bday) - f) FILTER (WHERE bday > f), 0) AS before,
         coalesce(sum(t - greatest(f, bday)) FILTER (WHERE t > bday), 0) AS after
    FROM women GROUP BY 1, 2
)`
  }, by_age AS (
  SELECT m.target, x.age, sum(x.b) AS b, sum(x.days) AS days
    FROM (SELECT unit_id, age, b, 0 AS days FROM mothers
          UNION ALL SELECT unit_id, age_after - 1, 0, before FROM exposure
          UNION ALL SELECT unit_id, age_after, 0, after FROM exposure) x
    JOIN map m ON m.source = x.unit_id
   WHERE x.age BETWEEN 15 AND 49
   GROUP BY 1, 2
), tfr AS (
  SELECT target, sum(b / (days / ${yearDays}.0)) FILTER (WHERE days > 0) AS tfr FROM by_age GROUP BY target
), tev AS (
  SELECT m.target, sum(births) AS births, sum(male) AS male, sum(female) AS female, sum(o1) AS o1, sum(o2) AS o2, sum(o3) AS o3,
         sum(known) AS known, sum(defect) AS defect, sum(deaths) AS deaths, sum(reported) AS reported, sum(timely) AS timely
    FROM ev JOIN map m ON m.source = ev.unit_id GROUP BY m.target
), tpop AS (
  SELECT m.target, sum(p0) AS p0, sum(p1) AS p1 FROM pop JOIN map m ON m.source = pop.unit_id GROUP BY m.target
)
SELECT e.id AS unit_id,
       100.0 * e.male / nullif(e.female, 0) AS "sexRatioAtBirth",
       1000.0 * (e.births - e.deaths) / nullif((e.p0 + e.p1) / 2.0, 0) AS "naturalGrowthRate",
       1000.0 * e.births / nullif((e.p0 + e.p1) / 2.0, 0) AS "crudeBirthRate",
       1000.0 * e.deaths / nullif((e.p0 + e.p1) / 2.0, 0) AS "crudeDeathRate",
       1000.0 * e.defect / nullif(e.births, 0) AS "birthDefectIncidence",
       100.0 * e.o1 / nullif(e.known, 0) AS "birthOrder1Share",
       100.0 * e.o2 / nullif(e.known, 0) AS "birthOrder2Share",
       100.0 * e.o3 / nullif(e.known, 0) AS "birthOrder3PlusShare",
       e.tfr AS "totalFertilityRate",
       100.0 * e.timely / nullif(e.reported, 0) AS "reportTimeliness"
  FROM (SELECT t.id, coalesce(v.births, 0) AS births, coalesce(v.male, 0) AS male, coalesce(v.female, 0) AS female,
               coalesce(v.o1, 0) AS o1, coalesce(v.o2, 0) AS o2, coalesce(v.o3, 0) AS o3, coalesce(v.known, 0) AS known,
               coalesce(v.defect, 0) AS defect, coalesce(v.deaths, 0) AS deaths, coalesce(v.reported, 0) AS reported,
               coalesce(v.timely, 0) AS timely, coalesce(p.p0, 0) AS p0, coalesce(p.p1, 0) AS p1, f.tfr
          FROM targets t LEFT JOIN tev v ON v.target = t.id LEFT JOIN tpop p ON p.target = t.id LEFT JOIN tfr f ON f.target = t.id) e
 ORDER BY e.id`;
}
