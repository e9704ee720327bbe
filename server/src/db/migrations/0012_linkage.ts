import type { Kysely } from 'kysely';
import { runScript } from '../script.js';

/**
 * Record linkage of departments' feeds to the registry (issue 5, docs/linkage.md): a run per feed
 * batch with the model it used, each record's match decision with its explanation (and a
 * reviewer's decision on an uncertain pair), and the finding each linked record leads to, which
 * is a task for the responsible village when the registry and the feed disagree.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
CREATE TABLE linkage_run (
  id           uuid PRIMARY KEY,
  county_code  text NOT NULL,
  batch_id     uuid NOT NULL REFERENCES feed_batch(id),
  started_at   timestamptz NOT NULL,
  finished_at  timestamptz NOT NULL,
  started_by   uuid REFERENCES app_user(id),
  current      boolean NOT NULL DEFAULT true,
  model        jsonb NOT NULL,
  stats        jsonb NOT NULL
);
-- Records and batches are never deleted under a run: reprocessing a linked batch removes its
-- runs explicitly (feed.service.ts) and refuses when a village or reviewer has acted on one.
COMMENT ON TABLE linkage_run IS 'One linkage of a feed batch to the registry, with the Fellegi-Sunter model it used (so every decision can be explained later).';
COMMENT ON COLUMN linkage_run.current IS 'The latest run of its batch. Earlier runs are kept for the record, their open tasks closed.';
CREATE INDEX linkage_run_batch_idx ON linkage_run (batch_id, started_at DESC);
CREATE UNIQUE INDEX linkage_run_current_uq ON linkage_run (batch_id) WHERE current;

CREATE TABLE linkage_result (
  id                bigserial PRIMARY KEY,
  run_id            uuid NOT NULL REFERENCES linkage_run(id) ON DELETE CASCADE,
  county_code       text NOT NULL,
  feed_record_id    bigint NOT NULL REFERENCES feed_record(id),
  role              text NOT NULL CHECK (role IN ('subject','mother','spouse')),
  status            text NOT NULL CHECK (status IN ('match','review','nonmatch')),
  reason            text NOT NULL,
  person_id         uuid REFERENCES person(id),
  weight            double precision,
  probability       double precision,
  verdict           text NOT NULL,
  candidates        jsonb NOT NULL,
  unit_id           text REFERENCES org_unit(id),
  decision          text CHECK (decision IN ('match','nonmatch')),
  decided_person_id uuid REFERENCES person(id),
  decided_by        uuid REFERENCES app_user(id),
  decided_at        timestamptz,
  decision_note     text,
  UNIQUE (run_id, feed_record_id, role)
);
COMMENT ON TABLE linkage_result IS 'The match decision for one person named by a feed record (the subject, a mother, a wife): status, weight, the candidates with per-field explanations, and a reviewer decision for uncertain pairs.';
COMMENT ON COLUMN linkage_result.candidates IS 'Best first: for each candidate the registry person, the total weight and probability, and per field the comparison level and the weight it added.';
COMMENT ON COLUMN linkage_result.unit_id IS 'Where the pair is reviewed: the unit of the best candidate, else the unit the record names.';
COMMENT ON COLUMN linkage_result.decision IS 'A reviewer decision on a review pair: match (with decided_person_id) or nonmatch.';
CREATE INDEX linkage_result_review_idx ON linkage_result (county_code, status) WHERE decision IS NULL;

CREATE TABLE linkage_finding (
  id               uuid PRIMARY KEY,
  county_code      text NOT NULL,
  run_id           uuid NOT NULL REFERENCES linkage_run(id) ON DELETE CASCADE,
  feed_record_id   bigint NOT NULL REFERENCES feed_record(id),
  feed_type        text NOT NULL,
  record_type      text NOT NULL,
  kind             text NOT NULL CHECK (kind IN ('consistent','different','missing','contradicted','unmatched','pending')),
  person_id        uuid REFERENCES person(id),
  unit_id          text REFERENCES org_unit(id),
  event_date       date NOT NULL,
  summary          text NOT NULL,
  differences      jsonb NOT NULL DEFAULT '[]'::jsonb,
  task_status      text CHECK (task_status IN ('open','reported','disputed','closed')),
  due_on           date,
  resolved_by      uuid REFERENCES app_user(id),
  resolved_at      timestamptz,
  resolution_note  text,
  report_id        uuid REFERENCES report(id),
  created_at       timestamptz NOT NULL,
  UNIQUE (run_id, feed_record_id)
);
COMMENT ON TABLE linkage_finding IS 'What a feed record says about the registry: consistent, different (which fields), missing (an event the village did not report), contradicted (alive here, dead there), unmatched, or pending (waits for a review decision). Differences are tasks for the responsible village.';
COMMENT ON COLUMN linkage_finding.unit_id IS 'The responsible village: of the registry person, else the village the record names.';
COMMENT ON COLUMN linkage_finding.task_status IS 'NULL when there is nothing to do. open: due in the village. reported: the village reported the event (report_id). disputed: the village says the feed is wrong (resolution_note). closed: superseded by a later run.';
CREATE INDEX linkage_finding_task_idx ON linkage_finding (county_code, task_status, due_on) WHERE task_status IS NOT NULL;
CREATE INDEX linkage_finding_unit_idx ON linkage_finding (unit_id, kind);
CREATE INDEX linkage_finding_record_idx ON linkage_finding (feed_record_id);
`,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(db, `DROP TABLE linkage_finding; DROP TABLE linkage_result; DROP TABLE linkage_run;`);
}
