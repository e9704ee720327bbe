import type { Kysely } from 'kysely';
import { runScript } from '../script.js';

/**
 * Bulk imports (issue 3): one row per file an importer submitted, successful or refused. The
 * file's SHA-256 is unique per county among successful imports, so the same file is imported
 * once even when it arrives twice at the same moment: the second insert waits on the unique
 * index for the first transaction and then fails (or proceeds, if the first rolled back).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
CREATE TABLE import_batch (
  id                  uuid PRIMARY KEY,
  county_code         text NOT NULL,
  kind                text NOT NULL CHECK (kind IN ('persons','events')),
  status              text NOT NULL CHECK (status IN ('succeeded','failed')),
  file_name           text NOT NULL,
  file_sha256         text NOT NULL,
  file_bytes          bigint NOT NULL,
  format              text CHECK (format IN ('xlsx','csv')),
  encoding            text,
  sheet_name          text,
  options             jsonb NOT NULL DEFAULT '{}'::jsonb,
  unit_id             text NOT NULL REFERENCES org_unit(id),
  user_id             uuid REFERENCES app_user(id),
  username            text NOT NULL,
  user_display_name   text NOT NULL,
  started_at          timestamptz NOT NULL,
  finished_at         timestamptz NOT NULL,
  row_count           integer NOT NULL DEFAULT 0,
  counts              jsonb NOT NULL DEFAULT '{}'::jsonb,
  problem_count       integer NOT NULL DEFAULT 0,
  problems            jsonb NOT NULL DEFAULT '[]'::jsonb,
  warnings            jsonb NOT NULL DEFAULT '[]'::jsonb,
  error_report_sealed text
);
COMMENT ON TABLE import_batch IS 'Files imported (or refused) by the bulk import: who, when, what file, with what result.';
COMMENT ON COLUMN import_batch.unit_id IS 'The importer''s unit: owns the batch for scope (a township sees its own imports, the county all).';
COMMENT ON COLUMN import_batch.user_id IS 'The importing account; NULL for an operator''s renkou import command on the server (username says who).';
COMMENT ON COLUMN import_batch.file_sha256 IS 'SHA-256 of the uploaded bytes: the same file is imported once per county.';
COMMENT ON COLUMN import_batch.options IS 'Column mapping {file header: field}, encoding and sheet the importer chose.';
COMMENT ON COLUMN import_batch.counts IS 'What a successful import wrote: persons, households, events, links.';
COMMENT ON COLUMN import_batch.problems IS 'The first problems of a refused file (file, row, column, field, message); never a full ID number.';
COMMENT ON COLUMN import_batch.error_report_sealed IS 'The refused rows with their original cells and 错误说明, AES-256-GCM sealed (they hold ID numbers).';
CREATE UNIQUE INDEX import_batch_file_uq ON import_batch (county_code, file_sha256) WHERE status = 'succeeded';
CREATE INDEX import_batch_unit_idx ON import_batch (unit_id, started_at DESC);
`,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(db, `DROP TABLE import_batch;`);
}
