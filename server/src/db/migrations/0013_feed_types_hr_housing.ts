import type { Kysely } from 'kysely';
import { runScript } from '../script.js';

/**
 * Two more department feeds (issue 5): the human resources and social security bureau's pension
 * terminations by death (their records are deaths, a record type that exists) and the housing
 * bureau's tenancy and property registrations, whose records say where a person lives since when:
 * a new record type, residence. The CHECK of 0010 lists the record types, so it is widened.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
ALTER TABLE feed_record DROP CONSTRAINT feed_record_record_type_check;
ALTER TABLE feed_record ADD CONSTRAINT feed_record_record_type_check
  CHECK (record_type IN ('birth','death','move_in','move_out','marriage','divorce','cremation','enrolment','residence'));
COMMENT ON COLUMN feed_record.record_type IS 'What the row reports: birth, death, move_in, move_out, marriage, divorce, cremation, enrolment, residence (where the subject lives since event_date, from a housing registration).';
COMMENT ON TABLE feed_credential IS 'API credentials of departments (police, hospitals, civil affairs, education, human resources and social security, housing): each may send feeds of its types and nothing else.';
`,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
ALTER TABLE feed_record DROP CONSTRAINT feed_record_record_type_check;
ALTER TABLE feed_record ADD CONSTRAINT feed_record_record_type_check
  CHECK (record_type IN ('birth','death','move_in','move_out','marriage','divorce','cremation','enrolment'));
`,
  );
}
