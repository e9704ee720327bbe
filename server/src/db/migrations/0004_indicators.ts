import type { Kysely } from 'kysely';
import { runScript } from '../script.js';

/**
 * Indicators (issue 4). Two tables derived from person_history, kept in step with it by a
 * statement-level trigger, so that they change in the same transaction as the confirmation,
 * merge or import that wrote the history (no nightly rebuild):
 *
 * - person_span: each history state as a typed interval [valid_from, valid_to). Who was
 *   registered (or living) where on any date, without reading JSON: drill-down lists, the
 *   population pyramid and women-years of exposure for the total fertility rate.
 * - population_change: the net change of the registered and resident population per unit, sex,
 *   year and month. The population at the end of month M of year Y is the sum of the year rows
 *   (month 0) before Y and the month rows 1..M of Y: a few thousand rows for the whole county
 *   instead of a million states.
 *
 * And published_indicator: figures frozen when published, with the definition version they used.
 * See docs/indicators.md.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
CREATE TABLE person_span (
  person_id         uuid NOT NULL,
  history_id        bigint NOT NULL,
  county_code       text NOT NULL,
  valid_from        date NOT NULL,
  valid_to          date,
  active            boolean NOT NULL,
  hukou_unit_id     text,
  residence_unit_id text,
  sex               smallint,
  birth_date        date,
  event_id          uuid,
  PRIMARY KEY (person_id, history_id)
);
COMMENT ON TABLE person_span IS 'Derived from person_history by trigger: each state of a person as a typed interval. Never written by hand; person_span_rebuild() recomputes it.';
COMMENT ON COLUMN person_span.valid_to IS 'valid_from of the next state (same order as the registry''s as-of: valid_from, then history id); NULL for the current state.';
COMMENT ON COLUMN person_span.active IS 'status = active in this state: alive, registered and not moved out.';
COMMENT ON COLUMN person_span.event_id IS 'The vital event that caused this state, if any: where the subject lived at the event.';
CREATE UNIQUE INDEX person_span_open_uq ON person_span (person_id) WHERE valid_to IS NULL;
CREATE INDEX person_span_hukou_idx ON person_span (hukou_unit_id, valid_from) INCLUDE (valid_to, sex, birth_date) WHERE active;
CREATE INDEX person_span_residence_idx ON person_span (residence_unit_id, valid_from) INCLUDE (valid_to, sex, birth_date) WHERE active;
CREATE INDEX person_span_women_idx ON person_span (county_code, birth_date) INCLUDE (valid_from, valid_to, hukou_unit_id, residence_unit_id) WHERE sex = 2 AND active;
CREATE INDEX person_span_event_idx ON person_span (event_id) WHERE event_id IS NOT NULL;

CREATE TABLE population_change (
  county_code text NOT NULL,
  basis       text NOT NULL CHECK (basis IN ('registered','resident')),
  unit_id     text NOT NULL,
  sex         smallint NOT NULL,
  year        smallint NOT NULL,
  month       smallint NOT NULL CHECK (month BETWEEN 0 AND 12),
  change      integer NOT NULL,
  PRIMARY KEY (county_code, basis, month, year, unit_id, sex)
);
COMMENT ON TABLE population_change IS 'Derived by trigger from person_history: net change of the population (registered 户籍 by hukou unit, resident 常住 by residence unit) per unit, sex and month. Changes dated before 2000 are summed into year 1999.';
COMMENT ON COLUMN population_change.month IS '0: the change over the whole year; 1-12: the change in that month (the year row is their sum).';
COMMENT ON COLUMN population_change.sex IS 'GB/T 2261.1 (1 male, 2 female); 0 when the registry does not know.';
-- Key order month, year: the year rows before Y are one range, the month rows of Y one probe per month.

CREATE INDEX vital_event_period_idx ON vital_event (county_code, event_date)
  INCLUDE (type, unit_id, child_sex, birth_order, has_defect, mother_age, reported_on);
CREATE INDEX vital_event_unit_period_idx ON vital_event (unit_id, event_date);

CREATE FUNCTION population_change_apply(p_county text[], p_basis text[], p_unit text[], p_sex smallint[], p_day date[], p_n integer[])
RETURNS void LANGUAGE sql AS $$
  INSERT INTO population_change AS pc (county_code, basis, unit_id, sex, year, month, change)
  SELECT u.county_code, u.basis, u.unit_id, coalesce(u.sex, 0), k.year, k.month, sum(u.n)::integer
    FROM unnest(p_county, p_basis, p_unit, p_sex, p_day, p_n) AS u(county_code, basis, unit_id, sex, day, n)
   CROSS JOIN LATERAL (VALUES
     (greatest(extract(year FROM u.day)::integer, 1999), 0),
     (extract(year FROM u.day)::integer, extract(month FROM u.day)::integer)) AS k(year, month)
   WHERE u.unit_id IS NOT NULL AND (k.month = 0 OR k.year >= 2000)
   GROUP BY 1, 2, 3, 4, 5, 6
  HAVING sum(u.n) <> 0
   ORDER BY 1, 2, 3, 4, 5, 6
  ON CONFLICT (county_code, basis, month, year, unit_id, sex) DO UPDATE SET change = pc.change + excluded.change
$$;
COMMENT ON FUNCTION population_change_apply IS 'Adds +1/-1 contributions (a state starting or ending on a day) to population_change, in key order so that concurrent writers lock rows in the same order.';

-- Adds (sign +1) or removes (sign -1) what spans contribute: +1 from valid_from, -1 from valid_to.
CREATE FUNCTION person_span_contribute(p_persons uuid[], p_sign integer) RETURNS void LANGUAGE sql AS $$
  SELECT population_change_apply(array_agg(c.county_code), array_agg(c.basis), array_agg(c.unit_id), array_agg(c.sex), array_agg(c.day), array_agg(c.n))
    FROM (
      SELECT s.county_code, b.basis, b.unit_id, s.sex, d.day, d.n * p_sign AS n
        FROM person_span s
       CROSS JOIN LATERAL (VALUES ('registered', s.hukou_unit_id), ('resident', s.residence_unit_id)) AS b(basis, unit_id)
       CROSS JOIN LATERAL (VALUES (s.valid_from, 1), (s.valid_to, -1)) AS d(day, n)
       WHERE s.person_id = ANY (p_persons) AND s.active AND d.day IS NOT NULL
    ) c
$$;

CREATE FUNCTION person_span_sync() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  slow uuid[];
BEGIN
  -- A state dated before the person's current one (a late report) changes the middle of the
  -- timeline: those persons are recomputed from their whole history (rare). Everyone else
  -- gets states appended after the current one, which needs only the current span.
  SELECT coalesce(array_agg(DISTINCT n.person_id), '{}') INTO slow
    FROM new_rows n JOIN person_span o ON o.person_id = n.person_id AND o.valid_to IS NULL
   WHERE n.valid_from < o.valid_from;

  PERFORM population_change_apply(array_agg(c.county_code), array_agg(c.basis), array_agg(c.unit_id), array_agg(c.sex), array_agg(c.day), array_agg(c.n))
     FROM (
       WITH n AS (
         SELECT h.person_id, h.id, h.county_code, h.valid_from,
                (h.snapshot->>'status') = 'active' AS active,
                h.snapshot->>'hukouUnitId' AS hukou, h.snapshot->>'residenceUnitId' AS residence,
                (h.snapshot->>'sex')::smallint AS sex,
                row_number() OVER w AS k,
                lag((h.snapshot->>'status') = 'active') OVER w AS p_active,
                lag(h.snapshot->>'hukouUnitId') OVER w AS p_hukou,
                lag(h.snapshot->>'residenceUnitId') OVER w AS p_residence,
                lag((h.snapshot->>'sex')::smallint) OVER w AS p_sex
           FROM new_rows h
          WHERE NOT (h.person_id = ANY (slow))
         WINDOW w AS (PARTITION BY h.person_id ORDER BY h.valid_from, h.id)
       ), chain AS (
         SELECT n.county_code, n.valid_from, n.active, n.hukou, n.residence, n.sex,
                CASE WHEN n.k = 1 THEN coalesce(o.active, false) ELSE n.p_active END AS p_active,
                CASE WHEN n.k = 1 THEN o.hukou_unit_id ELSE n.p_hukou END AS p_hukou,
                CASE WHEN n.k = 1 THEN o.residence_unit_id ELSE n.p_residence END AS p_residence,
                CASE WHEN n.k = 1 THEN o.sex ELSE n.p_sex END AS p_sex
           FROM n LEFT JOIN person_span o ON n.k = 1 AND o.person_id = n.person_id AND o.valid_to IS NULL
       )
       SELECT chain.county_code, x.basis, x.unit_id, x.sex, chain.valid_from AS day, x.n
         FROM chain
        CROSS JOIN LATERAL (VALUES
          ('registered', chain.hukou, chain.sex, 1, chain.active),
          ('resident', chain.residence, chain.sex, 1, chain.active),
          ('registered', chain.p_hukou, chain.p_sex, -1, chain.p_active),
          ('resident', chain.p_residence, chain.p_sex, -1, chain.p_active)) AS x(basis, unit_id, sex, n, counts)
        WHERE x.counts
     ) c;

  UPDATE person_span o SET valid_to = f.first_day
    FROM (SELECT person_id, min(valid_from) AS first_day FROM new_rows WHERE NOT (person_id = ANY (slow)) GROUP BY person_id) f
   WHERE o.person_id = f.person_id AND o.valid_to IS NULL;

  INSERT INTO person_span (person_id, history_id, county_code, valid_from, valid_to, active, hukou_unit_id, residence_unit_id, sex, birth_date, event_id)
  SELECT h.person_id, h.id, h.county_code, h.valid_from, lead(h.valid_from) OVER w,
         (h.snapshot->>'status') = 'active', h.snapshot->>'hukouUnitId', h.snapshot->>'residenceUnitId',
         (h.snapshot->>'sex')::smallint, (h.snapshot->>'birthDate')::date, h.event_id
    FROM new_rows h
   WHERE NOT (h.person_id = ANY (slow))
  WINDOW w AS (PARTITION BY h.person_id ORDER BY h.valid_from, h.id);

  IF cardinality(slow) > 0 THEN
    PERFORM person_span_contribute(slow, -1);
    DELETE FROM person_span WHERE person_id = ANY (slow);
    INSERT INTO person_span (person_id, history_id, county_code, valid_from, valid_to, active, hukou_unit_id, residence_unit_id, sex, birth_date, event_id)
    SELECT h.person_id, h.id, h.county_code, h.valid_from, lead(h.valid_from) OVER w,
           (h.snapshot->>'status') = 'active', h.snapshot->>'hukouUnitId', h.snapshot->>'residenceUnitId',
           (h.snapshot->>'sex')::smallint, (h.snapshot->>'birthDate')::date, h.event_id
      FROM person_history h
     WHERE h.person_id = ANY (slow)
    WINDOW w AS (PARTITION BY h.person_id ORDER BY h.valid_from, h.id);
    PERFORM person_span_contribute(slow, 1);
  END IF;
  RETURN NULL;
END $$;
COMMENT ON FUNCTION person_span_sync IS 'Keeps person_span and population_change in step with person_history, in the inserting transaction.';

CREATE TRIGGER person_history_spans AFTER INSERT ON person_history
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION person_span_sync();

CREATE FUNCTION person_span_rebuild() RETURNS void LANGUAGE plpgsql AS $$
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
COMMENT ON FUNCTION person_span_rebuild IS 'Recomputes person_span and population_change from person_history (after a restore, or to check them).';

SELECT person_span_rebuild();

CREATE TABLE published_indicator (
  id             uuid PRIMARY KEY,
  county_code    text NOT NULL,
  code           text NOT NULL,
  version        integer NOT NULL,
  unit_id        text NOT NULL REFERENCES org_unit(id),
  period         text NOT NULL,
  population     text NOT NULL CHECK (population IN ('registered','resident')),
  boundaries     text NOT NULL CHECK (boundaries IN ('present','past')),
  value          double precision,
  lower          double precision,
  upper          double precision,
  numerator      double precision,
  denominator    double precision,
  figure         jsonb NOT NULL,
  published_at   timestamptz NOT NULL,
  published_by   uuid NOT NULL REFERENCES app_user(id),
  UNIQUE (county_code, code, unit_id, period, population, boundaries)
);
COMMENT ON TABLE published_indicator IS 'Figures as published (frozen), with the definition version they were computed by; a later computation that differs is shown beside, never over them.';
COMMENT ON COLUMN published_indicator.period IS '2016, 2016Q1 or 2016-03.';
COMMENT ON COLUMN published_indicator.figure IS 'The whole computed figure as returned by the API when it was published.';
CREATE INDEX published_indicator_unit_idx ON published_indicator (unit_id, period);
`,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
DROP TABLE published_indicator; DROP INDEX vital_event_period_idx; DROP INDEX vital_event_unit_period_idx;
DROP TRIGGER person_history_spans ON person_history;
DROP FUNCTION person_span_rebuild(); DROP FUNCTION person_span_sync();
DROP FUNCTION person_span_contribute(uuid[], integer);
DROP FUNCTION population_change_apply(text[], text[], text[], smallint[], date[], integer[]);
DROP TABLE population_change; DROP TABLE person_span;
`,
  );
}
