import type { Kysely } from 'kysely';
import { runScript } from '../script.js';

/**
 * Departments' feeds (issue 5): the credentials a department's system uses to send them, every
 * feed as it was received (bytes included, so it can be parsed again), and the records parsed
 * from it that record linkage reads. ID numbers are kept as the registry keeps them: sealed,
 * keyed hash for lookup, masked for lists.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
CREATE TABLE feed_credential (
  id              uuid PRIMARY KEY,
  county_code     text NOT NULL,
  department_code text NOT NULL,
  department_name text NOT NULL,
  feed_types      text[] NOT NULL,
  secret_hash     text NOT NULL UNIQUE,
  secret_prefix   text NOT NULL,
  note            text,
  created_by      uuid REFERENCES app_user(id),
  created_at      timestamptz NOT NULL DEFAULT now(),
  revoked_at      timestamptz,
  revoked_by      uuid REFERENCES app_user(id),
  last_used_at    timestamptz
);
COMMENT ON TABLE feed_credential IS 'API credentials of departments (police, hospitals, civil affairs, education): each may send feeds of its types and nothing else.';
COMMENT ON COLUMN feed_credential.feed_types IS 'Feed types this credential may send (feed.types.ts codes, e.g. hospital_birth).';
COMMENT ON COLUMN feed_credential.secret_hash IS 'SHA-256 of the secret. The secret itself is shown once at creation and never stored.';
COMMENT ON COLUMN feed_credential.secret_prefix IS 'First characters of the secret, to tell credentials apart in lists.';
COMMENT ON COLUMN feed_credential.revoked_at IS 'Set when revoked: the credential is refused from then on.';
COMMENT ON COLUMN feed_credential.last_used_at IS 'Last time a feed was sent with it.';

CREATE TABLE feed_batch (
  id                   uuid PRIMARY KEY,
  county_code          text NOT NULL,
  feed_type            text NOT NULL,
  department_code      text NOT NULL,
  department_name      text NOT NULL,
  channel              text NOT NULL CHECK (channel IN ('upload','api')),
  sender_user_id       uuid REFERENCES app_user(id),
  sender_credential_id uuid REFERENCES feed_credential(id),
  sender_name          text NOT NULL,
  received_at          timestamptz NOT NULL,
  file_name            text NOT NULL,
  file_sha256          text NOT NULL,
  file_size            bigint NOT NULL,
  file_bytes           bytea NOT NULL,
  format               text CHECK (format IN ('xlsx','csv')),
  encoding_requested   text NOT NULL DEFAULT 'auto',
  encoding_detected    text,
  status               text NOT NULL CHECK (status IN ('received','parsed','refused')),
  row_count            integer NOT NULL DEFAULT 0,
  record_count         integer NOT NULL DEFAULT 0,
  problem_count        integer NOT NULL DEFAULT 0,
  problems             jsonb NOT NULL DEFAULT '[]'::jsonb,
  parsed_at            timestamptz,
  parse_count          integer NOT NULL DEFAULT 0
);
COMMENT ON TABLE feed_batch IS 'One feed as a department sent it (upload or API): who, when, the bytes as received, and the result of parsing them.';
COMMENT ON COLUMN feed_batch.channel IS 'upload: a county user uploaded the file. api: the department system sent it with its credential.';
COMMENT ON COLUMN feed_batch.sender_user_id IS 'The uploading account (channel upload).';
COMMENT ON COLUMN feed_batch.sender_credential_id IS 'The department credential (channel api).';
COMMENT ON COLUMN feed_batch.file_sha256 IS 'SHA-256 of the bytes: the same file of the same type is kept once per county.';
COMMENT ON COLUMN feed_batch.file_bytes IS 'The file exactly as received (at most RENKOU_IMPORT_MAX_MB).';
COMMENT ON COLUMN feed_batch.encoding_detected IS 'Encoding a CSV was read with (utf-8, gb18030, utf-16le/be); NULL for XLSX.';
COMMENT ON COLUMN feed_batch.status IS 'received: kept, not yet parsed. parsed: its records are in feed_record. refused: a row or the file is wrong (see problems), no records.';
COMMENT ON COLUMN feed_batch.problems IS 'First problems of a refused file (file, row, column, header, field, message); never a full ID number.';
COMMENT ON COLUMN feed_batch.parse_count IS 'How many times the bytes were parsed (1 at receipt, plus reprocessing).';
CREATE UNIQUE INDEX feed_batch_file_uq ON feed_batch (county_code, feed_type, file_sha256);
CREATE INDEX feed_batch_received_idx ON feed_batch (county_code, received_at DESC);

CREATE TABLE feed_record (
  id                     bigserial PRIMARY KEY,
  batch_id               uuid NOT NULL REFERENCES feed_batch(id) ON DELETE CASCADE,
  row_number             integer NOT NULL,
  county_code            text NOT NULL,
  feed_type              text NOT NULL,
  record_type            text NOT NULL CHECK (record_type IN ('birth','death','move_in','move_out','marriage','divorce','cremation','enrolment')),
  id_number_sealed       text,
  id_number_hash         text,
  id_number_masked       text,
  name                   text,
  name_pinyin            text,
  sex                    smallint CHECK (sex IN (1,2)),
  birth_date             date,
  event_date             date NOT NULL,
  unit_id                text REFERENCES org_unit(id),
  address                text,
  mother_id_number_sealed text,
  mother_id_number_hash  text,
  mother_id_number_masked text,
  mother_name            text,
  father_id_number_sealed text,
  father_id_number_hash  text,
  father_id_number_masked text,
  father_name            text,
  spouse_id_number_sealed text,
  spouse_id_number_hash  text,
  spouse_id_number_masked text,
  spouse_name            text,
  details                jsonb NOT NULL DEFAULT '{}'::jsonb,
  UNIQUE (batch_id, row_number)
);
COMMENT ON TABLE feed_record IS 'One row of a parsed feed, normalised: what record linkage matches against the registry.';
COMMENT ON COLUMN feed_record.row_number IS 'The row as Excel shows it in the received file (1-based, header counted).';
COMMENT ON COLUMN feed_record.record_type IS 'What the row reports: birth, death, move_in, move_out, marriage, divorce, cremation, enrolment.';
COMMENT ON COLUMN feed_record.id_number_sealed IS 'The subject (the child, the deceased, the pupil, the husband in a marriage) ID number, AES-256-GCM sealed as person.id_number_sealed.';
COMMENT ON COLUMN feed_record.id_number_hash IS 'HMAC-SHA-256 of the subject ID number, comparable with person.id_number_hash.';
COMMENT ON COLUMN feed_record.id_number_masked IS 'The subject ID number masked (430623********1234).';
COMMENT ON COLUMN feed_record.name_pinyin IS 'Full pinyin of the name without tones, as person.name_pinyin.';
COMMENT ON COLUMN feed_record.sex IS '1 male, 2 female (GB/T 2261.1), from the row or from the ID number.';
COMMENT ON COLUMN feed_record.event_date IS 'Date of the event: birth, death, move, registration of the marriage or divorce, cremation, enrolment.';
COMMENT ON COLUMN feed_record.unit_id IS 'The village (or group) of the county the row names, by code or by an address that resolves. NULL when it names none.';
COMMENT ON COLUMN feed_record.address IS 'The address as the feed wrote it (household registration or mother address).';
COMMENT ON COLUMN feed_record.mother_id_number_hash IS 'Hospital birth certificates: the mother ID number hash.';
COMMENT ON COLUMN feed_record.spouse_id_number_hash IS 'Marriages and divorces: the wife ID number hash (the subject is the husband).';
COMMENT ON COLUMN feed_record.details IS 'The remaining fields of the feed type (weight, hospital, certificate number, school, place moved to or from).';
CREATE INDEX feed_record_batch_idx ON feed_record (batch_id, row_number);
CREATE INDEX feed_record_id_hash_idx ON feed_record (county_code, id_number_hash) WHERE id_number_hash IS NOT NULL;
CREATE INDEX feed_record_mother_hash_idx ON feed_record (county_code, mother_id_number_hash) WHERE mother_id_number_hash IS NOT NULL;
CREATE INDEX feed_record_spouse_hash_idx ON feed_record (county_code, spouse_id_number_hash) WHERE spouse_id_number_hash IS NOT NULL;
CREATE INDEX feed_record_birth_idx ON feed_record (county_code, birth_date);
CREATE INDEX feed_record_event_idx ON feed_record (county_code, record_type, event_date);
`,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(db, `DROP TABLE feed_record; DROP TABLE feed_batch; DROP TABLE feed_credential;`);
}
