import type { Kysely } from 'kysely';
import { runScript } from '../script.js';

/**
 * Benefit programs as the county keeps them (issue 6, docs/benefits.md "Programs as the county
 * keeps them"): every change of a program is a new version row holding the whole definition, so
 * a county changes an amount or adds a local program without a code change, and any earlier
 * version can be read back (a cycle of 2016 can be explained with the amounts then in force).
 * Rows are only inserted, never updated or deleted.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
CREATE TABLE benefit_program_version (
  county_code  text NOT NULL,
  code         text NOT NULL,
  version      integer NOT NULL CHECK (version >= 1),
  definition   jsonb NOT NULL,
  created_by   uuid REFERENCES app_user(id),
  created_at   timestamptz NOT NULL,
  note         text NOT NULL,
  PRIMARY KEY (county_code, code, version)
);
COMMENT ON TABLE benefit_program_version IS 'One version of a benefit program of a county (奖励扶助项目版本). The county''s program is the latest version of each code; a county that has stored none for a built-in program uses the built-in definition.';
COMMENT ON COLUMN benefit_program_version.code IS 'The program code (rural_reward, special_assistance, or a local program''s own code).';
COMMENT ON COLUMN benefit_program_version.version IS '1, 2, ... per county and code. A change names the version it was based on; a stale base is refused (optimistic locking), and the primary key refuses two writers of the same next version.';
COMMENT ON COLUMN benefit_program_version.definition IS 'The whole program as BenefitProgram JSON (rule, amount tiers with their national, provincial and county layers and effective dates, per whom, rate, how often paid), checked by parseProgram before it is written and again when read.';
COMMENT ON COLUMN benefit_program_version.created_by IS 'Who made the change; NULL for version 1 of a built-in program, which is the definition shipped with renkou.';
COMMENT ON COLUMN benefit_program_version.note IS 'Why it changed (the reason given by the county, e.g. the document that raised the amount).';
`,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(db, `DROP TABLE benefit_program_version;`);
}
