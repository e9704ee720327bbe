import type { Kysely } from 'kysely';
import { runScript } from '../script.js';

/**
 * Every table that holds people or events carries the county code (issue 2): the history of a
 * report's steps did not, so a province's server could not keep or hand over one county's
 * workflow history without joining the reports. Filled from the reports for existing rows.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
ALTER TABLE report_action ADD COLUMN county_code text;
UPDATE report_action a SET county_code = r.county_code FROM report r WHERE r.id = a.report_id;
ALTER TABLE report_action ALTER COLUMN county_code SET NOT NULL;
COMMENT ON COLUMN report_action.county_code IS 'The county of the report (as report.county_code).';
`,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(db, `ALTER TABLE report_action DROP COLUMN county_code;`);
}
