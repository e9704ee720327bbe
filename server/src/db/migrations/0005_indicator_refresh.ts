import type { Kysely } from 'kysely';
import { runScript } from '../script.js';

/**
 * Indicators: recompute the derived tables (person_span, population_change; migration 0004) for
 * given persons. A bulk load that turns user triggers off (db/copy.ts withDeferredIndexes) calls
 * `SELECT person_span_refresh(<ids of the persons it wrote>)` before it ends, instead of a full
 * person_span_rebuild() (which reads the whole history). It joins the ids instead of testing `= ANY(array)`: the array may hold a whole import.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
CREATE FUNCTION person_span_refresh(p_persons uuid[]) RETURNS void LANGUAGE plpgsql AS $$
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
COMMENT ON FUNCTION person_span_refresh(uuid[]) IS 'Recomputes person_span and population_change for the given persons from person_history (after a load with triggers off, or a back-dated state).';
`,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(db, `DROP FUNCTION person_span_refresh(uuid[]);`);
}
