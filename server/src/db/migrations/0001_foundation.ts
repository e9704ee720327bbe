import type { Kysely } from 'kysely';
import { runScript } from '../script.js';

/**
 * The foundation: org units, accounts and sessions, the append-only audit log, the registry
 * (households, persons, their history) and the reporting workflow with confirmed vital events.
 * Every table that holds people or events carries county_code, the future shard key.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
CREATE TABLE org_unit (
  id          text PRIMARY KEY,
  county_code text NOT NULL,
  parent_id   text REFERENCES org_unit(id),
  level       text NOT NULL CHECK (level IN ('province','city','county','township','village','group')),
  name        text NOT NULL,
  path        text NOT NULL,
  valid_from  date NOT NULL DEFAULT DATE '1900-01-01',
  valid_to    date,
  created_at  timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE org_unit IS 'Administrative units (县/乡镇/村/组), effective-dated. id is the statistical division code.';
COMMENT ON COLUMN org_unit.path IS 'Slash-separated ids from the root, ending in a slash: scope checks are a prefix match.';
COMMENT ON COLUMN org_unit.valid_to IS 'First day the unit no longer exists (merged, split or abolished); NULL while current.';
CREATE INDEX org_unit_path_idx ON org_unit (path text_pattern_ops);
CREATE INDEX org_unit_parent_idx ON org_unit (parent_id);

CREATE TABLE org_unit_lineage (
  id             bigserial PRIMARY KEY,
  from_unit_id   text NOT NULL REFERENCES org_unit(id),
  to_unit_id     text NOT NULL REFERENCES org_unit(id),
  change_type    text NOT NULL CHECK (change_type IN ('merge','split','rename','move')),
  effective_date date NOT NULL,
  note           text
);
COMMENT ON TABLE org_unit_lineage IS 'How units became other units, so past figures can be shown on past or present boundaries.';

CREATE TABLE app_user (
  id                   uuid PRIMARY KEY,
  username             text NOT NULL UNIQUE,
  display_name         text NOT NULL,
  unit_id              text NOT NULL REFERENCES org_unit(id),
  role                 text NOT NULL CHECK (role IN ('village_worker','township_officer','county_statistician','county_admin','security_admin','audit_admin')),
  password_hash        text NOT NULL,
  must_change_password boolean NOT NULL DEFAULT true,
  is_demo              boolean NOT NULL DEFAULT false,
  disabled             boolean NOT NULL DEFAULT false,
  failed_logins        integer NOT NULL DEFAULT 0,
  locked_until         timestamptz,
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE app_user IS 'Staff accounts. A user belongs to one unit and sees that unit and the units below it.';
COMMENT ON COLUMN app_user.password_hash IS 'scrypt$N$r$p$salt$hash; never a plain password.';
COMMENT ON COLUMN app_user.is_demo IS 'Accounts of the demo county, marked as such in the UI.';

CREATE TABLE user_session (
  id           text PRIMARY KEY,
  user_id      uuid NOT NULL REFERENCES app_user(id),
  created_at   timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  expires_at   timestamptz NOT NULL,
  ended_at     timestamptz,
  address      text
);
COMMENT ON TABLE user_session IS 'Server-side sessions; id is the SHA-256 of the cookie token, so a database leak yields no usable token.';
CREATE INDEX user_session_user_idx ON user_session (user_id);

CREATE TABLE audit_log (
  id          bigserial PRIMARY KEY,
  at          timestamptz NOT NULL,
  user_id     uuid,
  username    text,
  unit_id     text,
  action      text NOT NULL,
  object_type text,
  object_id   text,
  outcome     text NOT NULL CHECK (outcome IN ('success','failure','denied')),
  address     text,
  detail      jsonb,
  prev_hash   text NOT NULL,
  hash        text NOT NULL
);
COMMENT ON TABLE audit_log IS 'Append-only, hash-chained audit trail (等保 2.0 8.1.4.3). hash = SHA-256(prev_hash || canonical row).';
CREATE INDEX audit_log_at_idx ON audit_log (at);
CREATE INDEX audit_log_user_idx ON audit_log (user_id, at);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END $$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

CREATE TABLE household (
  id               uuid PRIMARY KEY,
  county_code      text NOT NULL,
  household_number text NOT NULL,
  unit_id          text NOT NULL REFERENCES org_unit(id),
  address          text,
  hukou_type       text NOT NULL CHECK (hukou_type IN ('rural','urban')),
  created_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (county_code, household_number)
);
COMMENT ON TABLE household IS 'Registered households (户). unit_id is the village (or group) that owns the household.';
CREATE INDEX household_unit_idx ON household (unit_id);

CREATE TABLE person (
  id                uuid PRIMARY KEY,
  county_code       text NOT NULL,
  id_number_sealed  text,
  id_number_hash    text,
  id_number_masked  text,
  name              text NOT NULL,
  name_pinyin       text NOT NULL,
  name_initials     text NOT NULL,
  sex               smallint NOT NULL CHECK (sex IN (1,2)),
  birth_date        date NOT NULL,
  ethnicity         text NOT NULL DEFAULT '01',
  hukou_type        text NOT NULL CHECK (hukou_type IN ('rural','urban')),
  hukou_unit_id     text NOT NULL REFERENCES org_unit(id),
  residence_unit_id text NOT NULL REFERENCES org_unit(id),
  household_id      uuid REFERENCES household(id),
  relationship      text,
  mother_id         uuid REFERENCES person(id),
  father_id         uuid REFERENCES person(id),
  spouse_id         uuid REFERENCES person(id),
  marital_status    text NOT NULL DEFAULT '10',
  birth_order       smallint,
  status            text NOT NULL DEFAULT 'active' CHECK (status IN ('active','dead','moved_out')),
  death_date        date,
  left_date         date,
  version           integer NOT NULL DEFAULT 1,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE person IS 'The registry: one row per person, current state. person_history keeps every earlier state.';
COMMENT ON COLUMN person.id_number_sealed IS 'Resident ID number (GB 11643), AES-256-GCM encrypted. NULL for a newborn without one yet.';
COMMENT ON COLUMN person.id_number_hash IS 'HMAC-SHA-256 of the canonical ID number: exact lookup and uniqueness without decrypting.';
COMMENT ON COLUMN person.id_number_masked IS 'Masked form for lists: address code and last four only.';
COMMENT ON COLUMN person.sex IS 'GB/T 2261.1: 1 male, 2 female.';
COMMENT ON COLUMN person.ethnicity IS 'GB 3304 two-digit code.';
COMMENT ON COLUMN person.relationship IS 'Relationship to the household head, GB/T 4761 two-digit code.';
COMMENT ON COLUMN person.marital_status IS 'GB/T 2261.2: 10 unmarried, 20 married, 30 widowed, 40 divorced.';
COMMENT ON COLUMN person.birth_order IS 'Order among the mother''s live births, derived from the registry when the birth is confirmed.';
COMMENT ON COLUMN person.hukou_unit_id IS 'Unit of household registration (户籍); owns the record for scope.';
COMMENT ON COLUMN person.residence_unit_id IS 'Unit where the person actually lives (常住).';
CREATE UNIQUE INDEX person_id_number_uq ON person (county_code, id_number_hash) WHERE id_number_hash IS NOT NULL;
CREATE INDEX person_hukou_unit_idx ON person (hukou_unit_id);
CREATE INDEX person_residence_unit_idx ON person (residence_unit_id);
CREATE INDEX person_household_idx ON person (household_id);
CREATE INDEX person_mother_idx ON person (mother_id);
CREATE INDEX person_name_idx ON person (name text_pattern_ops);
CREATE INDEX person_pinyin_idx ON person (name_pinyin text_pattern_ops);
CREATE INDEX person_initials_idx ON person (name_initials text_pattern_ops);

CREATE TABLE person_history (
  id          bigserial PRIMARY KEY,
  person_id   uuid NOT NULL REFERENCES person(id),
  county_code text NOT NULL,
  valid_from  date NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  event_id    uuid,
  change      text NOT NULL,
  snapshot    jsonb NOT NULL
);
COMMENT ON TABLE person_history IS 'Every state a person has had, from the date it took effect: answers "who was this person on date D".';
CREATE INDEX person_history_person_idx ON person_history (person_id, valid_from, id);

CREATE TABLE report (
  id                uuid PRIMARY KEY,
  county_code       text NOT NULL,
  type              text NOT NULL CHECK (type IN ('birth','death','marriage','divorce','move_in','move_out','correction')),
  status            text NOT NULL CHECK (status IN ('submitted','returned','township_approved','confirmed','cancelled')),
  unit_id           text NOT NULL REFERENCES org_unit(id),
  subject_person_id uuid REFERENCES person(id),
  event_date        date NOT NULL,
  reported_at       timestamptz NOT NULL,
  reported_on       date NOT NULL,
  payload           jsonb NOT NULL,
  summary           text NOT NULL,
  reporter_id       uuid NOT NULL REFERENCES app_user(id),
  result_person_id  uuid REFERENCES person(id),
  version           integer NOT NULL DEFAULT 1,
  updated_at        timestamptz NOT NULL
);
COMMENT ON TABLE report IS 'Village direct reports (村直报) of vital events, reviewed by the township and confirmed by the county.';
COMMENT ON COLUMN report.unit_id IS 'The reporting village: owns the report for scope.';
COMMENT ON COLUMN report.reported_on IS 'Date of the first submission (China time): timeliness is reported_on - event_date.';
COMMENT ON COLUMN report.payload IS 'The event''s particulars, validated per type (see reporting/report.schemas.ts); ID numbers sealed.';
COMMENT ON COLUMN report.version IS 'Optimistic lock: every action states the version it saw; a stale one is refused.';
CREATE INDEX report_unit_status_idx ON report (unit_id, status);
CREATE INDEX report_status_idx ON report (county_code, status);
CREATE INDEX report_subject_idx ON report (subject_person_id);

CREATE TABLE report_action (
  id          bigserial PRIMARY KEY,
  report_id   uuid NOT NULL REFERENCES report(id),
  at          timestamptz NOT NULL,
  user_id     uuid NOT NULL REFERENCES app_user(id),
  action      text NOT NULL CHECK (action IN ('submit','resubmit','approve','return','confirm','cancel')),
  from_status text,
  to_status   text NOT NULL,
  reason      text
);
COMMENT ON TABLE report_action IS 'Every state change of a report: who, when, what, why.';
CREATE INDEX report_action_report_idx ON report_action (report_id, id);

CREATE TABLE vital_event (
  id               uuid PRIMARY KEY,
  county_code      text NOT NULL,
  type             text NOT NULL CHECK (type IN ('birth','death','marriage','divorce','move_in','move_out','correction')),
  event_date       date NOT NULL,
  unit_id          text NOT NULL REFERENCES org_unit(id),
  person_id        uuid NOT NULL REFERENCES person(id),
  other_person_id  uuid REFERENCES person(id),
  report_id        uuid REFERENCES report(id),
  reported_on      date,
  confirmed_at     timestamptz NOT NULL,
  child_sex        smallint,
  birth_order      smallint,
  birth_weight_g   integer,
  gestational_weeks smallint,
  has_defect       boolean,
  mother_age       smallint,
  details          jsonb NOT NULL DEFAULT '{}'::jsonb
);
COMMENT ON TABLE vital_event IS 'Confirmed vital events: the facts indicators are computed from.';
COMMENT ON COLUMN vital_event.unit_id IS 'Village of the subject''s household registration at the event.';
COMMENT ON COLUMN vital_event.person_id IS 'The subject: the child for a birth, the deceased, the person who married, moved or was corrected.';
COMMENT ON COLUMN vital_event.other_person_id IS 'The mother for a birth, the spouse for a marriage or divorce.';
CREATE INDEX vital_event_unit_date_idx ON vital_event (county_code, type, event_date);
CREATE INDEX vital_event_person_idx ON vital_event (person_id);
`,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
DROP TABLE vital_event; DROP TABLE report_action; DROP TABLE report; DROP TABLE person_history;
DROP TABLE person; DROP TABLE household; DROP TABLE audit_log; DROP FUNCTION audit_log_append_only();
DROP TABLE user_session; DROP TABLE app_user; DROP TABLE org_unit_lineage; DROP TABLE org_unit;
`,
  );
}
