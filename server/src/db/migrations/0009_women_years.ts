import type { Kysely } from 'kysely';
import { runScript } from '../script.js';

/**
 * Indicators: women-years by unit, calendar year and age, kept by trigger from person_span.
 *
 * The total fertility rate divides births by the days women lived at each age. Computed from the
 * women's states it reads every state overlapping the period (about 180,000 for a county year) —
 * the largest part of an annual indicator set. For whole calendar years this table holds the
 * same sums already added up: per unit (registered and resident), year and age reached that year
 * (`age_after`), the days before the birthday (at age_after − 1) and from it (at age_after), exactly
 * as indicator.repository.ts womenExposure computes them. Quarters, months and the running year
 * are still computed from the states.
 *
 * Years from 2000 to a horizon (next year when created; women_years_extend moves it on as years
 * begin): a woman still registered contributes to every later year of her fertile ages, and the
 * table would otherwise hold decades to come. Earlier and later years are computed from the states.
 *
 * A statement trigger on person_span (insert, update, delete) takes back what the old rows
 * contributed and adds what the new rows contribute, in the writing transaction, so a confirmed
 * report counts at once. person_span_rebuild() switches it off and recomputes the table in one pass.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
CREATE TABLE women_years (
  county_code text NOT NULL,
  basis       text NOT NULL CHECK (basis IN ('registered','resident')),
  year        smallint NOT NULL,
  unit_id     text NOT NULL,
  age_after   smallint NOT NULL,
  before      integer NOT NULL,
  after       integer NOT NULL,
  PRIMARY KEY (county_code, basis, year, unit_id, age_after)
);
COMMENT ON TABLE women_years IS 'Derived by trigger from person_span: days women (sex 2, active states) lived in each unit per calendar year, split at the birthday reached that year: before = days at age_after - 1, after = days at age_after. Ages reached 10 to 56, years 2000 to women_years_horizon.';

CREATE TABLE women_years_horizon (only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row), horizon smallint NOT NULL);
COMMENT ON TABLE women_years_horizon IS 'The last year women_years holds (a woman still registered contributes to every later year: the table stops here). women_years_extend() moves it on; later years are computed from person_span.';
INSERT INTO women_years_horizon (horizon) VALUES (extract(year FROM current_date)::smallint + 1);

-- Adds (sign +1) or takes back (sign -1) what the states of women contribute, in key order so that
-- concurrent writers lock rows in the same order. Expanding each state into every year it covers
-- (up to 28) is slow for many states (an import, the rebuild): a state covers most of its years
-- whole, and a whole year of a woman adds the day number of her birthday before it and the rest
-- after it. So whole years are summed as counts and birthday sums that start and stop (+ at the
-- first whole year, - after the last), run over the years per unit and birth year. Only the first
-- and last year of a state, when it covers them in part, are computed one by one with the
-- arithmetic of womenExposure.
-- Sorting and hashing a few hundred thousand rows (a rebuild, an import) spills to disk at the
-- default work_mem of 4 MB, which doubles the time: this function gets more.
CREATE FUNCTION women_years_apply(p_county text[], p_hukou text[], p_residence text[], p_birth_year smallint[], p_birthday smallint[], p_from date[], p_to date[], p_sign integer[], p_first_year integer, p_last_year integer)
RETURNS void LANGUAGE sql SET work_mem = '128MB' AS $$
  WITH s AS (
    SELECT u.county_code, u.hukou, u.residence, u.birth_year::integer AS birth_year, u.birthday::integer AS birthday,
           u.valid_from, u.valid_to, u.sign, r.y1, r.y2,
           u.valid_from > make_date(r.y1, 1, 1) AS p1,
           u.valid_to IS NOT NULL AND u.valid_to < make_date(r.y2 + 1, 1, 1) AS p2
      FROM unnest(p_county, p_hukou, p_residence, p_birth_year, p_birthday, p_from, p_to, p_sign)
           AS u(county_code, hukou, residence, birth_year, birthday, valid_from, valid_to, sign)
     CROSS JOIN LATERAL (SELECT greatest(extract(year FROM u.valid_from)::integer, u.birth_year + 10, p_first_year) AS y1,
                                least(coalesce(extract(year FROM u.valid_to - 1)::integer, 9999), u.birth_year + 56, p_last_year) AS y2) r
     WHERE r.y1 <= r.y2
  ),
  partial AS (
    SELECT s.county_code, b.basis, y.year, b.unit_id, y.year - s.birth_year AS age_after,
           s.sign * CASE WHEN d.bday > d.f THEN least(d.t, d.bday) - d.f ELSE 0 END AS before,
           s.sign * CASE WHEN d.t > d.bday THEN d.t - greatest(d.f, d.bday) ELSE 0 END AS after
      FROM s
     CROSS JOIN LATERAL (SELECT s.y1 AS year WHERE s.p1 UNION ALL SELECT s.y2 WHERE s.p2 AND NOT (s.p1 AND s.y2 = s.y1)) y
     CROSS JOIN LATERAL (SELECT
             greatest(s.valid_from, make_date(y.year, 1, 1)) - make_date(y.year, 1, 1) AS f,
             least(coalesce(s.valid_to, make_date(y.year + 1, 1, 1)), make_date(y.year + 1, 1, 1)) - make_date(y.year, 1, 1) AS t,
             s.birthday - CASE WHEN s.birthday >= 59 AND NOT (y.year % 4 = 0 AND (y.year % 100 <> 0 OR y.year % 400 = 0)) THEN 1 ELSE 0 END AS bday) d
     CROSS JOIN LATERAL (VALUES ('registered', s.hukou), ('resident', s.residence)) AS b(basis, unit_id)
     WHERE b.unit_id IS NOT NULL AND d.t > d.f
  ),
  steps AS (
    -- Whole years y1 + p1 .. y2 - p2: the woman and her birthday from the first, taken back after the last.
    SELECT s.county_code, b.basis, b.unit_id, s.birth_year, e.year, sum(e.n * s.sign) AS n,
           sum(e.n * s.sign * s.birthday) AS birthdays, coalesce(sum(e.n * s.sign) FILTER (WHERE s.birthday >= 59), 0) AS late
      FROM s
     CROSS JOIN LATERAL (VALUES (s.y1 + s.p1::integer, 1), (s.y2 - s.p2::integer + 1, -1)) AS e(year, n)
     CROSS JOIN LATERAL (VALUES ('registered', s.hukou), ('resident', s.residence)) AS b(basis, unit_id)
     WHERE b.unit_id IS NOT NULL AND s.y1 + s.p1::integer <= s.y2 - s.p2::integer
     GROUP BY 1, 2, 3, 4, 5
  ),
  whole AS (
    -- Each unit and birth year, every year from its first step: the running sums of the steps
    -- (a window over the steps and a zero row per year, keeping the year rows).
    SELECT county_code, basis, year, unit_id, year - birth_year AS age_after, grid, n, birthdays, late
      FROM (SELECT x.county_code, x.basis, x.unit_id, x.birth_year, x.year, x.grid,
                   sum(x.n) OVER w AS n, sum(x.birthdays) OVER w AS birthdays, sum(x.late) OVER w AS late
              FROM (SELECT county_code, basis, unit_id, birth_year, year, false AS grid, n, birthdays, late FROM steps
                    UNION ALL
                    SELECT g.county_code, g.basis, g.unit_id, g.birth_year, y.year, true, 0, 0, 0
                      FROM (SELECT county_code, basis, unit_id, birth_year, min(year) AS first_year FROM steps GROUP BY 1, 2, 3, 4) g
                     CROSS JOIN LATERAL generate_series(g.first_year, p_last_year) AS y(year)) x
            WINDOW w AS (PARTITION BY x.county_code, x.basis, x.unit_id, x.birth_year ORDER BY x.year)) r
     WHERE grid
  ),
  whole_days AS (
    -- A whole year: the days before the birthday are its day number that year, the rest after it.
    SELECT county_code, basis, year, unit_id, age_after, before, n * (CASE WHEN leap THEN 366 ELSE 365 END) - before AS after
      FROM (SELECT whole.*, (year % 4 = 0 AND (year % 100 <> 0 OR year % 400 = 0)) AS leap,
                   birthdays - CASE WHEN (year % 4 = 0 AND (year % 100 <> 0 OR year % 400 = 0)) THEN 0 ELSE late END AS before
              FROM whole WHERE n <> 0 OR birthdays <> 0) x
  )
  INSERT INTO women_years AS w (county_code, basis, year, unit_id, age_after, before, after)
  SELECT county_code, basis, year::smallint, unit_id, age_after::smallint, sum(before)::integer, sum(after)::integer
    FROM (SELECT * FROM partial UNION ALL SELECT * FROM whole_days) x
   GROUP BY 1, 2, 3, 4, 5
  HAVING sum(before) <> 0 OR sum(after) <> 0
   ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT (county_code, basis, year, unit_id, age_after)
  DO UPDATE SET before = w.before + excluded.before, after = w.after + excluded.after
$$;

CREATE FUNCTION women_years_sync() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  h integer;
BEGIN
  IF current_setting('renkou.women_years_off', true) = 'on' THEN RETURN NULL; END IF;
  -- A share lock: women_years_extend waits for this transaction (and this one for it), so no
  -- state misses the years a concurrent extension adds.
  SELECT horizon INTO h FROM women_years_horizon FOR SHARE;
  IF TG_OP = 'INSERT' THEN
    PERFORM women_years_apply(array_agg(county_code), array_agg(hukou_unit_id), array_agg(residence_unit_id), array_agg(birth_year), array_agg(birthday), array_agg(valid_from), array_agg(valid_to), array_agg(1), 2000, h)
       FROM new_rows WHERE sex = 2 AND active AND birth_year IS NOT NULL;
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM women_years_apply(array_agg(county_code), array_agg(hukou_unit_id), array_agg(residence_unit_id), array_agg(birth_year), array_agg(birthday), array_agg(valid_from), array_agg(valid_to), array_agg(-1), 2000, h)
       FROM old_rows WHERE sex = 2 AND active AND birth_year IS NOT NULL;
  ELSE
    PERFORM women_years_apply(array_agg(c.county_code), array_agg(c.hukou_unit_id), array_agg(c.residence_unit_id), array_agg(c.birth_year), array_agg(c.birthday), array_agg(c.valid_from), array_agg(c.valid_to), array_agg(c.sign), 2000, h)
       FROM (SELECT county_code, hukou_unit_id, residence_unit_id, birth_year, birthday, valid_from, valid_to, -1 AS sign
               FROM old_rows WHERE sex = 2 AND active AND birth_year IS NOT NULL
             UNION ALL
             SELECT county_code, hukou_unit_id, residence_unit_id, birth_year, birthday, valid_from, valid_to, 1
               FROM new_rows WHERE sex = 2 AND active AND birth_year IS NOT NULL) c;
  END IF;
  RETURN NULL;
END $$;
COMMENT ON FUNCTION women_years_sync IS 'Keeps women_years in step with person_span, in the writing transaction.';

-- Transition tables allow one event per trigger: three triggers, one function.
CREATE TRIGGER person_span_women_years_ins AFTER INSERT ON person_span
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION women_years_sync();
CREATE TRIGGER person_span_women_years_upd AFTER UPDATE ON person_span
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION women_years_sync();
CREATE TRIGGER person_span_women_years_del AFTER DELETE ON person_span
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION women_years_sync();

CREATE FUNCTION women_years_rebuild() RETURNS void LANGUAGE sql AS $$
  DELETE FROM women_years;
  SELECT women_years_apply(array_agg(county_code), array_agg(hukou_unit_id), array_agg(residence_unit_id), array_agg(birth_year), array_agg(birthday), array_agg(valid_from), array_agg(valid_to), array_agg(1), 2000, (SELECT horizon FROM women_years_horizon))
    FROM person_span WHERE sex = 2 AND active AND birth_year IS NOT NULL;
$$;
COMMENT ON FUNCTION women_years_rebuild IS 'Recomputes women_years from person_span.';

-- A new year: the states add their days in the years after the old horizon, up to p_last_year.
CREATE FUNCTION women_years_extend(p_last_year integer) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  old smallint;
BEGIN
  SELECT horizon INTO old FROM women_years_horizon FOR UPDATE;
  IF p_last_year <= old THEN RETURN; END IF;
  PERFORM women_years_apply(array_agg(county_code), array_agg(hukou_unit_id), array_agg(residence_unit_id), array_agg(birth_year), array_agg(birthday), array_agg(valid_from), array_agg(valid_to), array_agg(1), old + 1, p_last_year)
     FROM person_span WHERE sex = 2 AND active AND birth_year IS NOT NULL AND (valid_to IS NULL OR valid_to > make_date(old + 1, 1, 1));
  UPDATE women_years_horizon SET horizon = p_last_year;
END $$;
COMMENT ON FUNCTION women_years_extend IS 'Moves the horizon of women_years on to p_last_year (called when a year begins).';

-- The full rebuild deletes and rewrites every span: rather than taking back and adding every
-- state of a woman through the trigger, it switches the trigger off and recomputes in one pass.
CREATE OR REPLACE FUNCTION person_span_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM set_config('renkou.women_years_off', 'on', true);
  DELETE FROM population_change;
  DELETE FROM person_span;
  INSERT INTO person_span (person_id, history_id, county_code, valid_from, valid_to, active, hukou_unit_id, residence_unit_id, sex, birth_date, event_id)
  SELECT h.person_id, h.id, h.county_code, h.valid_from, lead(h.valid_from) OVER w,
         (h.snapshot->>'status') = 'active', h.snapshot->>'hukouUnitId', h.snapshot->>'residenceUnitId',
         (h.snapshot->>'sex')::smallint, (h.snapshot->>'birthDate')::date, h.event_id
    FROM person_history h
  WINDOW w AS (PARTITION BY h.person_id ORDER BY h.valid_from, h.id);
  INSERT INTO population_change (county_code, basis, unit_id, sex, year, month, change)
  SELECT s.county_code, b.basis, b.unit_id, coalesce(s.sex, 0), k.year, k.month, sum(d.n)::integer
    FROM person_span s
   CROSS JOIN LATERAL (VALUES ('registered', s.hukou_unit_id), ('resident', s.residence_unit_id)) AS b(basis, unit_id)
   CROSS JOIN LATERAL (VALUES (s.valid_from, 1), (s.valid_to, -1)) AS d(day, n)
   CROSS JOIN LATERAL (VALUES
     (greatest(extract(year FROM d.day)::integer, 1999), 0),
     (extract(year FROM d.day)::integer, extract(month FROM d.day)::integer)) AS k(year, month)
   WHERE s.active AND d.day IS NOT NULL AND b.unit_id IS NOT NULL AND (k.month = 0 OR k.year >= 2000)
   GROUP BY 1, 2, 3, 4, 5, 6
  HAVING sum(d.n) <> 0;
  PERFORM women_years_rebuild();
  PERFORM set_config('renkou.women_years_off', 'off', true);
END $$;
COMMENT ON FUNCTION person_span_rebuild IS 'Recomputes person_span, population_change and women_years from person_history (after a restore, or to check them).';

SELECT women_years_rebuild();
`,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
DROP TRIGGER person_span_women_years_ins ON person_span;
DROP TRIGGER person_span_women_years_upd ON person_span;
DROP TRIGGER person_span_women_years_del ON person_span;
DROP FUNCTION women_years_sync();
DROP FUNCTION women_years_rebuild();
DROP FUNCTION women_years_extend(integer);
DROP FUNCTION women_years_apply(text[], text[], text[], smallint[], smallint[], date[], date[], integer[], integer, integer);
DROP TABLE women_years; DROP TABLE women_years_horizon;
CREATE OR REPLACE FUNCTION person_span_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM population_change;
  DELETE FROM person_span;
  INSERT INTO person_span (person_id, history_id, county_code, valid_from, valid_to, active, hukou_unit_id, residence_unit_id, sex, birth_date, event_id)
  SELECT h.person_id, h.id, h.county_code, h.valid_from, lead(h.valid_from) OVER w,
         (h.snapshot->>'status') = 'active', h.snapshot->>'hukouUnitId', h.snapshot->>'residenceUnitId',
         (h.snapshot->>'sex')::smallint, (h.snapshot->>'birthDate')::date, h.event_id
    FROM person_history h
  WINDOW w AS (PARTITION BY h.person_id ORDER BY h.valid_from, h.id);
  INSERT INTO population_change (county_code, basis, unit_id, sex, year, month, change)
  SELECT s.county_code, b.basis, b.unit_id, coalesce(s.sex, 0), k.year, k.month, sum(d.n)::integer
    FROM person_span s
   CROSS JOIN LATERAL (VALUES ('registered', s.hukou_unit_id), ('resident', s.residence_unit_id)) AS b(basis, unit_id)
   CROSS JOIN LATERAL (VALUES (s.valid_from, 1), (s.valid_to, -1)) AS d(day, n)
   CROSS JOIN LATERAL (VALUES
     (greatest(extract(year FROM d.day)::integer, 1999), 0),
     (extract(year FROM d.day)::integer, extract(month FROM d.day)::integer)) AS k(year, month)
   WHERE s.active AND d.day IS NOT NULL AND b.unit_id IS NOT NULL AND (k.month = 0 OR k.year >= 2000)
   GROUP BY 1, 2, 3, 4, 5, 6
  HAVING sum(d.n) <> 0;
END $$;
`,
  );
}
