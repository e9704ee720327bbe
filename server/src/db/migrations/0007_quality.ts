import type { Kysely } from 'kysely';
import { runScript } from '../script.js';

/**
 * Data quality (issue 4): the alerts a scan finds (rule violations, small-area anomalies,
 * villages whose reporting is incomplete) and the log of scans. Violations themselves are not
 * stored: they are computed from the registry when listed, so a correction shows at once. See
 * docs/quality.md.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
CREATE TABLE quality_alert (
  id                uuid PRIMARY KEY,
  county_code       text NOT NULL,
  alert_key         text NOT NULL,
  kind              text NOT NULL CHECK (kind IN ('rule','anomaly','completeness')),
  code              text NOT NULL,
  severity          text NOT NULL CHECK (severity IN ('high','medium','low')),
  unit_id           text NOT NULL REFERENCES org_unit(id),
  period            text NOT NULL,
  title             text NOT NULL,
  message           text NOT NULL,
  detail            jsonb NOT NULL DEFAULT '{}'::jsonb,
  status            text NOT NULL DEFAULT 'open' CHECK (status IN ('open','acknowledged','dismissed','resolved')),
  first_detected_at timestamptz NOT NULL,
  detected_at       timestamptz NOT NULL,
  resolved_at       timestamptz,
  note              text,
  acted_by          uuid REFERENCES app_user(id),
  acted_at          timestamptz,
  version           integer NOT NULL DEFAULT 1,
  UNIQUE (county_code, alert_key)
);
COMMENT ON TABLE quality_alert IS 'Data-quality alerts found by a scan: one per rule (or anomaly) + unit + period. A re-scan updates them by alert_key; one whose cause is gone becomes resolved.';
COMMENT ON COLUMN quality_alert.alert_key IS 'Stable key kind:code:unit:period, so a re-scan updates instead of duplicating.';
COMMENT ON COLUMN quality_alert.unit_id IS 'The village, township or county the alert is about: owns the alert for scope.';
COMMENT ON COLUMN quality_alert.period IS 'A year (2016), or current for checks of the registry as it is now.';
COMMENT ON COLUMN quality_alert.detail IS 'What the alert rests on: counts, z or p, control limits, links to the records.';
COMMENT ON COLUMN quality_alert.detected_at IS 'Last scan that found the cause.';
COMMENT ON COLUMN quality_alert.note IS 'Note of the user who acknowledged or dismissed it.';
CREATE INDEX quality_alert_unit_idx ON quality_alert (unit_id, status);
CREATE INDEX quality_alert_list_idx ON quality_alert (county_code, status, detected_at DESC);

CREATE TABLE quality_scan (
  id          uuid PRIMARY KEY,
  county_code text NOT NULL,
  started_at  timestamptz NOT NULL,
  finished_at timestamptz,
  periods     text NOT NULL,
  trigger     text NOT NULL CHECK (trigger IN ('manual','schedule','cli')),
  user_id     uuid REFERENCES app_user(id),
  counts      jsonb NOT NULL DEFAULT '{}'::jsonb
);
COMMENT ON TABLE quality_scan IS 'Each data-quality scan: when, for which periods, who or what started it, what it found.';
CREATE INDEX quality_scan_county_idx ON quality_scan (county_code, started_at DESC);

CREATE INDEX person_active_birth_idx ON person (county_code, birth_date) WHERE status = 'active';
COMMENT ON INDEX person_active_birth_idx IS 'Data quality: living persons older than 110 are one short range.';
CREATE INDEX person_id_hash_idx ON person (id_number_hash) WHERE id_number_hash IS NOT NULL;
COMMENT ON INDEX person_id_hash_idx IS 'Data quality: one ID number registered in two counties (the unique index leads with the county).';
CREATE INDEX report_period_idx ON report (county_code, event_date) INCLUDE (unit_id, status, reported_on, updated_at);
COMMENT ON INDEX report_period_idx IS 'Data quality: completeness of a year''s village reports without reading their payloads.';
`,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
DROP INDEX report_period_idx;
DROP INDEX person_id_hash_idx;
DROP INDEX person_active_birth_idx;
DROP TABLE quality_scan;
DROP TABLE quality_alert;
`,
  );
}
