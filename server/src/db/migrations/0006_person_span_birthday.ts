import type { Kysely } from 'kysely';
import { runScript } from '../script.js';

/**
 * Indicators: where a woman's birthday falls in any year, as integers kept beside her birth date,
 * so that splitting women-years at birthdays (total fertility rate) is integer arithmetic instead
 * of date functions per row — half the time of that query. Generated columns: no writer changes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
ALTER TABLE person_span
  ADD COLUMN birth_year smallint GENERATED ALWAYS AS (extract(year FROM birth_date)::smallint) STORED,
  ADD COLUMN birthday smallint GENERATED ALWAYS AS ((
    (birth_date - make_date(extract(year FROM birth_date)::integer, 1, 1))
    + CASE WHEN extract(month FROM birth_date) >= 3
            AND NOT (extract(year FROM birth_date)::integer % 4 = 0
                     AND (extract(year FROM birth_date)::integer % 100 <> 0 OR extract(year FROM birth_date)::integer % 400 = 0))
           THEN 1 ELSE 0 END)::smallint) STORED;
COMMENT ON COLUMN person_span.birth_year IS 'Year of birth_date.';
COMMENT ON COLUMN person_span.birthday IS 'Day of the year of the birthday counted in a leap year (1 January 0, 29 February 59, 31 December 365); in other years days from 59 on are one less, so 29 February falls on 28 February.';
DROP INDEX person_span_women_idx;
CREATE INDEX person_span_women_idx ON person_span (county_code, birth_date)
  INCLUDE (valid_from, valid_to, hukou_unit_id, residence_unit_id, birth_year, birthday) WHERE sex = 2 AND active;
`,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
DROP INDEX person_span_women_idx;
ALTER TABLE person_span DROP COLUMN birthday, DROP COLUMN birth_year;
CREATE INDEX person_span_women_idx ON person_span (county_code, birth_date) INCLUDE (valid_from, valid_to, hukou_unit_id, residence_unit_id) WHERE sex = 2 AND active;
`,
  );
}
