import type { Kysely } from 'kysely';
import { runScript } from '../script.js';

/**
 * Indicators: faster bulk maintenance of the derived tables (person_span, population_change,
 * women_years), for the first start of the synthetic county and for large imports.
 *
 * Measured on the full synthetic county (1.14 million states, PGlite): person_span_rebuild() took
 * 129 s, of which 80 s inserting the states with their five secondary indexes maintained row by
 * row. Inserting into emptied tables (TRUNCATE leaves no dead index entries for a unique check to
 * visit, as DELETE does) without the secondary indexes and building them afterwards by sorting
 * takes 16 s plus 9 s: what pg_restore does. person_span_refresh() does the same when it is given
 * a large share of the table (an import of many new persons). women_years_apply() sums in integer
 * instead of numeric (the sums are far below 2^31), which saves about a sixth of its time.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
CREATE FUNCTION person_span_drop_indexes() RETURNS text[] LANGUAGE plpgsql AS $$
DECLARE
  defs text[];
  r record;
BEGIN
  defs := ARRAY(SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i WHERE i.indrelid = 'person_span'::regclass AND NOT i.indisprimary);
  FOR r IN SELECT i.indexrelid::regclass::text AS name FROM pg_index i WHERE i.indrelid = 'person_span'::regclass AND NOT i.indisprimary LOOP
    EXECUTE 'DROP INDEX ' || r.name;
  END LOOP;
  RETURN defs;
END $$;
COMMENT ON FUNCTION person_span_drop_indexes IS 'Drops the secondary indexes of person_span and returns their definitions, for person_span_create_indexes() after a bulk insert (same transaction).';

CREATE FUNCTION person_span_create_indexes(p_defs text[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  d text;
BEGIN
  PERFORM set_config('maintenance_work_mem', '256MB', true);
  FOREACH d IN ARRAY coalesce(p_defs, '{}') LOOP
    EXECUTE d;
  END LOOP;
END $$;
COMMENT ON FUNCTION person_span_create_indexes IS 'Creates the indexes person_span_drop_indexes() dropped, each in one sort.';

CREATE OR REPLACE FUNCTION women_years_apply(p_county text[], p_hukou text[], p_residence text[], p_birth_year smallint[], p_birthday smallint[], p_from date[], p_to date[], p_sign integer[], p_first_year integer, p_last_year integer)
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
    SELECT s.county_code, b.basis, b.unit_id, s.birth_year, e.year, sum(e.n * s.sign)::integer AS n,
           sum(e.n * s.sign * s.birthday)::integer AS birthdays, coalesce(sum(e.n * s.sign) FILTER (WHERE s.birthday >= 59), 0)::integer AS late
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
                   (sum(x.n) OVER w)::integer AS n, (sum(x.birthdays) OVER w)::integer AS birthdays, (sum(x.late) OVER w)::integer AS late
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
    SELECT county_code, basis, year, unit_id, age_after, before::integer, (n * (CASE WHEN leap THEN 366 ELSE 365 END) - before)::integer AS after
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

CREATE OR REPLACE FUNCTION women_years_rebuild() RETURNS void LANGUAGE sql AS $$
  TRUNCATE women_years;
  SELECT women_years_apply(array_agg(county_code), array_agg(hukou_unit_id), array_agg(residence_unit_id), array_agg(birth_year), array_agg(birthday), array_agg(valid_from), array_agg(valid_to), array_agg(1), 2000, (SELECT horizon FROM women_years_horizon))
    FROM person_span WHERE sex = 2 AND active AND birth_year IS NOT NULL;
$$;

CREATE OR REPLACE FUNCTION person_span_rebuild() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  defs text[];
BEGIN
  PERFORM set_config('renkou.women_years_off', 'on', true);
  TRUNCATE population_change, person_span;
  defs := person_span_drop_indexes();
  INSERT INTO person_span (person_id, history_id, county_code, valid_from, valid_to, active, hukou_unit_id, residence_unit_id, sex, birth_date, event_id)
  SELECT h.person_id, h.id, h.county_code, h.valid_from, lead(h.valid_from) OVER w,
         (h.snapshot->>'status') = 'active', h.snapshot->>'hukouUnitId', h.snapshot->>'residenceUnitId',
         (h.snapshot->>'sex')::smallint, (h.snapshot->>'birthDate')::date, h.event_id
    FROM person_history h
  WINDOW w AS (PARTITION BY h.person_id ORDER BY h.valid_from, h.id);
  PERFORM person_span_create_indexes(defs);
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

CREATE OR REPLACE FUNCTION person_span_refresh(p_persons uuid[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  defs text[];
  bulk boolean;
BEGIN
  -- Many new states (a large import): the indexes are dropped for the insert and built after it.
  SELECT cardinality(p_persons) >= 50000 AND cardinality(p_persons) >= c.reltuples / 4 INTO bulk
    FROM pg_class c WHERE c.oid = 'person_span'::regclass;
  -- Take back what their current spans contribute, recompute the spans, add theirs.
  PERFORM population_change_apply(array_agg(c.county_code), array_agg(c.basis), array_agg(c.unit_id), array_agg(c.sex), array_agg(c.day), array_agg(c.n))
     FROM (SELECT s.county_code, b.basis, b.unit_id, s.sex, d.day, -d.n AS n
             FROM person_span s JOIN (SELECT DISTINCT unnest(p_persons) AS id) r ON r.id = s.person_id
            CROSS JOIN LATERAL (VALUES ('registered', s.hukou_unit_id), ('resident', s.residence_unit_id)) AS b(basis, unit_id)
            CROSS JOIN LATERAL (VALUES (s.valid_from, 1), (s.valid_to, -1)) AS d(day, n)
            WHERE s.active AND d.day IS NOT NULL) c;
  DELETE FROM person_span s USING (SELECT DISTINCT unnest(p_persons) AS id) r WHERE s.person_id = r.id;
  IF bulk THEN defs := person_span_drop_indexes(); END IF;
  INSERT INTO person_span (person_id, history_id, county_code, valid_from, valid_to, active, hukou_unit_id, residence_unit_id, sex, birth_date, event_id)
  SELECT h.person_id, h.id, h.county_code, h.valid_from, lead(h.valid_from) OVER w,
         (h.snapshot->>'status') = 'active', h.snapshot->>'hukouUnitId', h.snapshot->>'residenceUnitId',
         (h.snapshot->>'sex')::smallint, (h.snapshot->>'birthDate')::date, h.event_id
    FROM person_history h JOIN (SELECT DISTINCT unnest(p_persons) AS id) r ON r.id = h.person_id
  WINDOW w AS (PARTITION BY h.person_id ORDER BY h.valid_from, h.id);
  IF bulk THEN PERFORM person_span_create_indexes(defs); END IF;
  PERFORM population_change_apply(array_agg(c.county_code), array_agg(c.basis), array_agg(c.unit_id), array_agg(c.sex), array_agg(c.day), array_agg(c.n))
     FROM (SELECT s.county_code, b.basis, b.unit_id, s.sex, d.day, d.n
             FROM person_span s JOIN (SELECT DISTINCT unnest(p_persons) AS id) r ON r.id = s.person_id
            CROSS JOIN LATERAL (VALUES ('registered', s.hukou_unit_id), ('resident', s.residence_unit_id)) AS b(basis, unit_id)
            CROSS JOIN LATERAL (VALUES (s.valid_from, 1), (s.valid_to, -1)) AS d(day, n)
            WHERE s.active AND d.day IS NOT NULL) c;
END $$;
`,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
CREATE OR REPLACE FUNCTION women_years_apply(p_county text[], p_hukou text[], p_residence text[], p_birth_year smallint[], p_birthday smallint[], p_from date[], p_to date[], p_sign integer[], p_first_year integer, p_last_year integer)
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

CREATE OR REPLACE FUNCTION women_years_rebuild() RETURNS void LANGUAGE sql AS $$
  DELETE FROM women_years;
  SELECT women_years_apply(array_agg(county_code), array_agg(hukou_unit_id), array_agg(residence_unit_id), array_agg(birth_year), array_agg(birthday), array_agg(valid_from), array_agg(valid_to), array_agg(1), 2000, (SELECT horizon FROM women_years_horizon))
    FROM person_span WHERE sex = 2 AND active AND birth_year IS NOT NULL;
$$;

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

CREATE OR REPLACE FUNCTION person_span_refresh(p_persons uuid[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  -- Take back what their current spans contribute, recompute the spans, add theirs.
  PERFORM population_change_apply(array_agg(c.county_code), array_agg(c.basis), array_agg(c.unit_id), array_agg(c.sex), array_agg(c.day), array_agg(c.n))
     FROM (SELECT s.county_code, b.basis, b.unit_id, s.sex, d.day, -d.n AS n
             FROM person_span s JOIN (SELECT DISTINCT unnest(p_persons) AS id) r ON r.id = s.person_id
            CROSS JOIN LATERAL (VALUES ('registered', s.hukou_unit_id), ('resident', s.residence_unit_id)) AS b(basis, unit_id)
            CROSS JOIN LATERAL (VALUES (s.valid_from, 1), (s.valid_to, -1)) AS d(day, n)
            WHERE s.active AND d.day IS NOT NULL) c;
  DELETE FROM person_span s USING (SELECT DISTINCT unnest(p_persons) AS id) r WHERE s.person_id = r.id;
  INSERT INTO person_span (person_id, history_id, county_code, valid_from, valid_to, active, hukou_unit_id, residence_unit_id, sex, birth_date, event_id)
  SELECT h.person_id, h.id, h.county_code, h.valid_from, lead(h.valid_from) OVER w,
         (h.snapshot->>'status') = 'active', h.snapshot->>'hukouUnitId', h.snapshot->>'residenceUnitId',
         (h.snapshot->>'sex')::smallint, (h.snapshot->>'birthDate')::date, h.event_id
    FROM person_history h JOIN (SELECT DISTINCT unnest(p_persons) AS id) r ON r.id = h.person_id
  WINDOW w AS (PARTITION BY h.person_id ORDER BY h.valid_from, h.id);
  PERFORM population_change_apply(array_agg(c.county_code), array_agg(c.basis), array_agg(c.unit_id), array_agg(c.sex), array_agg(c.day), array_agg(c.n))
     FROM (SELECT s.county_code, b.basis, b.unit_id, s.sex, d.day, d.n
             FROM person_span s JOIN (SELECT DISTINCT unnest(p_persons) AS id) r ON r.id = s.person_id
            CROSS JOIN LATERAL (VALUES ('registered', s.hukou_unit_id), ('resident', s.residence_unit_id)) AS b(basis, unit_id)
            CROSS JOIN LATERAL (VALUES (s.valid_from, 1), (s.valid_to, -1)) AS d(day, n)
            WHERE s.active AND d.day IS NOT NULL) c;
END $$;

DROP FUNCTION person_span_create_indexes(text[]);
DROP FUNCTION person_span_drop_indexes();
`,
  );
}
