import type { Kysely } from 'kysely';
import { runScript } from '../script.js';

/**
 * The rest of a benefit cycle (issue 6, docs/benefits.md "Verification, notice and approval" and
 * "Payments"): disability assessments in the registry, applications entered by staff, each
 * candidate verified by the village, reviewed by the township and approved by the county with
 * returns and reasons, the village's public notice (公示) and the objections to it, the payees'
 * one-card bank accounts (一卡通, sealed like ID numbers), payment batches, the bank's result
 * files (each taken once), and recovery cases for payments made after a death.
 *
 * Amounts are integer fen everywhere. Every step is kept in benefit_candidate_event (who, what,
 * when, why) besides the hash-chained audit log.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
ALTER TABLE app_user DROP CONSTRAINT app_user_role_check;
ALTER TABLE app_user ADD CONSTRAINT app_user_role_check
  CHECK (role IN ('village_worker','township_officer','county_statistician','county_admin','security_admin','audit_admin','benefit_auditor'));

CREATE TABLE disability_assessment (
  id              uuid PRIMARY KEY,
  county_code     text NOT NULL,
  person_id       uuid NOT NULL REFERENCES person(id),
  grade           smallint NOT NULL CHECK (grade BETWEEN 1 AND 4),
  category        text NOT NULL CHECK (category IN ('visual','hearing','speech','physical','intellectual','mental','multiple')),
  assessed_on     date NOT NULL,
  certificate_no  text,
  recorded_by     uuid REFERENCES app_user(id),
  recorded_at     timestamptz NOT NULL,
  UNIQUE (person_id, assessed_on)
);
COMMENT ON TABLE disability_assessment IS 'A disability assessment of a person (残疾评定, from the certificate of the disabled persons federation): grade 1 (most severe) to 4, from its date until a later assessment. Benefit rules read the latest assessment on or before their date.';
CREATE INDEX disability_assessment_person_idx ON disability_assessment (person_id, assessed_on);

ALTER TABLE benefit_cycle DROP CONSTRAINT benefit_cycle_status_check;
ALTER TABLE benefit_cycle ADD CONSTRAINT benefit_cycle_status_check CHECK (status IN ('generated', 'in_progress'));
COMMENT ON COLUMN benefit_cycle.status IS 'generated: nothing acted on yet (may be regenerated); in_progress: someone verified, applied, published or approved (regenerating is refused).';

ALTER TABLE benefit_candidate DROP CONSTRAINT benefit_candidate_outcome_check;
ALTER TABLE benefit_candidate ADD CONSTRAINT benefit_candidate_outcome_check CHECK (outcome IN ('yes', 'unknown', 'no'));
ALTER TABLE benefit_candidate DROP CONSTRAINT benefit_candidate_status_check;
ALTER TABLE benefit_candidate ADD CONSTRAINT benefit_candidate_status_check
  CHECK (status IN ('candidate', 'verified', 'reviewed', 'approved', 'returned', 'excluded'));
ALTER TABLE benefit_candidate ADD COLUMN source text NOT NULL DEFAULT 'registry' CHECK (source IN ('registry', 'application'));
ALTER TABLE benefit_candidate ADD COLUMN village_verdict text CHECK (village_verdict IN ('eligible', 'not_eligible'));
ALTER TABLE benefit_candidate ADD COLUMN application jsonb;
ALTER TABLE benefit_candidate ADD COLUMN entered_by uuid REFERENCES app_user(id);
ALTER TABLE benefit_candidate ADD COLUMN verified_by uuid REFERENCES app_user(id);
ALTER TABLE benefit_candidate ADD COLUMN reviewed_by uuid REFERENCES app_user(id);
ALTER TABLE benefit_candidate ADD COLUMN approved_by uuid REFERENCES app_user(id);
ALTER TABLE benefit_candidate ADD COLUMN status_reason text;
ALTER TABLE benefit_candidate ADD COLUMN version integer NOT NULL DEFAULT 1;
ALTER TABLE benefit_candidate ADD COLUMN updated_at timestamptz;
COMMENT ON COLUMN benefit_candidate.outcome IS 'The rules'' verdict on the registry''s facts: yes, unknown (待核实), or no (only for applications, which are kept whatever the rules say).';
COMMENT ON COLUMN benefit_candidate.status IS 'candidate (waiting for the village) -> verified (village: eligible or not, village_verdict) -> reviewed (township agrees) -> approved (county; only village_verdict eligible) or excluded (county agrees it is not eligible); returned: sent back to the village with a reason (status_reason) by the township or the county.';
COMMENT ON COLUMN benefit_candidate.source IS 'registry: proposed by the registry; application: entered by staff for a person who applied (application holds what was declared and the documents seen).';
COMMENT ON COLUMN benefit_candidate.entered_by IS 'Who entered an application; nobody may review or approve what they entered or verified.';
COMMENT ON COLUMN benefit_candidate.version IS 'Optimistic locking: each step names the version it saw; a stale one is refused.';

CREATE TABLE benefit_candidate_event (
  id            bigserial PRIMARY KEY,
  candidate_id  uuid NOT NULL REFERENCES benefit_candidate(id) ON DELETE CASCADE,
  county_code   text NOT NULL,
  action        text NOT NULL CHECK (action IN ('generate', 'apply', 'verify', 'review', 'approve', 'exclude', 'return', 'reevaluate', 'objection', 'objection_resolved')),
  from_status   text,
  to_status     text NOT NULL,
  reason        text,
  user_id       uuid REFERENCES app_user(id),
  at            timestamptz NOT NULL
);
COMMENT ON TABLE benefit_candidate_event IS 'Every step of a candidate: who did what, when, from which status to which, and why. Only inserted.';
CREATE INDEX benefit_candidate_event_candidate_idx ON benefit_candidate_event (candidate_id, id);

CREATE TABLE benefit_notice (
  id            uuid PRIMARY KEY,
  cycle_id      uuid NOT NULL REFERENCES benefit_cycle(id) ON DELETE CASCADE,
  county_code   text NOT NULL,
  unit_id       text NOT NULL REFERENCES org_unit(id),
  published_on  date NOT NULL,
  ends_on       date NOT NULL CHECK (ends_on >= published_on),
  published_by  uuid REFERENCES app_user(id),
  published_at  timestamptz NOT NULL,
  entries       jsonb NOT NULL,
  UNIQUE (cycle_id, unit_id)
);
COMMENT ON TABLE benefit_notice IS 'The public notice (公示) of a village''s list in a cycle: the names, masked ID numbers and amounts as published (entries), from published_on to ends_on inclusive. The county approves a village''s candidates only after its notice has ended with no objection open.';

CREATE TABLE benefit_objection (
  id             uuid PRIMARY KEY,
  notice_id      uuid NOT NULL REFERENCES benefit_notice(id) ON DELETE CASCADE,
  county_code    text NOT NULL,
  candidate_id   uuid REFERENCES benefit_candidate(id) ON DELETE CASCADE,
  raised_by      text NOT NULL,
  contact        text,
  content        text NOT NULL,
  received_on    date NOT NULL,
  recorded_by    uuid REFERENCES app_user(id),
  recorded_at    timestamptz NOT NULL,
  status         text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'upheld', 'dismissed')),
  resolution     text,
  resolved_by    uuid REFERENCES app_user(id),
  resolved_at    timestamptz
);
COMMENT ON TABLE benefit_objection IS 'An objection to a notice (异议), about one candidate or the list as a whole, as received (who raised it, how to reach them, what they said, when) and how it was resolved: upheld (the candidate goes back to the village) or dismissed, with the reason.';
CREATE INDEX benefit_objection_notice_idx ON benefit_objection (notice_id, status);

CREATE TABLE benefit_account (
  id            uuid PRIMARY KEY,
  county_code   text NOT NULL,
  person_id     uuid NOT NULL REFERENCES person(id) UNIQUE,
  bank_name     text NOT NULL,
  account_sealed text NOT NULL,
  account_hash  text NOT NULL,
  account_last4 text NOT NULL,
  holder_name   text NOT NULL,
  version       integer NOT NULL DEFAULT 1,
  updated_by    uuid REFERENCES app_user(id),
  updated_at    timestamptz NOT NULL
);
COMMENT ON TABLE benefit_account IS 'A person''s one-card account (惠民惠农一卡通) that benefits are paid into. The number is encrypted (account_sealed), looked up by keyed hash, shown masked (last four digits); revealing it is audited.';

CREATE TABLE benefit_batch (
  id            uuid PRIMARY KEY,
  county_code   text NOT NULL,
  cycle_id      uuid NOT NULL REFERENCES benefit_cycle(id),
  period        text NOT NULL,
  kind          text NOT NULL CHECK (kind IN ('regular', 'repay')),
  seq           integer NOT NULL,
  status        text NOT NULL CHECK (status IN ('draft', 'approved', 'exported', 'reconciled')),
  made_on       date NOT NULL,
  due_on        date NOT NULL,
  payments      integer NOT NULL,
  total_fen     bigint NOT NULL CHECK (total_fen >= 0),
  stopped       jsonb NOT NULL,
  created_by    uuid REFERENCES app_user(id),
  created_at    timestamptz NOT NULL,
  approved_by   uuid REFERENCES app_user(id),
  approved_at   timestamptz,
  exported_at   timestamptz,
  version       integer NOT NULL DEFAULT 1,
  UNIQUE (cycle_id, period, seq)
);
COMMENT ON TABLE benefit_batch IS 'A payment batch (发放批次) of a cycle for one pay period (the year, a quarter or a month): regular (seq 0, one per period, so two approvals at once make one batch) or repay (seq 1, 2 ...: failed payments corrected and paid again). Amounts are re-decided on made_on, so a death or a move before that day stops the payment (stopped lists who and why) and a new disability assessment changes it.';
COMMENT ON COLUMN benefit_batch.due_on IS 'The day the money is due in the payees'' accounts; a payment paid on or before it is timely (及时发放率).';
COMMENT ON COLUMN benefit_batch.total_fen IS 'Sum of the batch''s payments in fen; every export and result import is checked against it.';

CREATE TABLE benefit_payment (
  id             uuid PRIMARY KEY,
  batch_id       uuid NOT NULL REFERENCES benefit_batch(id) ON DELETE CASCADE,
  county_code    text NOT NULL,
  candidate_id   uuid NOT NULL REFERENCES benefit_candidate(id),
  person_id      uuid NOT NULL REFERENCES person(id),
  unit_id        text NOT NULL REFERENCES org_unit(id),
  line_no        integer NOT NULL,
  account_id     uuid REFERENCES benefit_account(id),
  account_sealed text NOT NULL,
  account_last4  text NOT NULL,
  holder_name    text NOT NULL,
  amount_fen     integer NOT NULL CHECK (amount_fen > 0),
  months         integer NOT NULL,
  due_fen        integer NOT NULL CHECK (due_fen >= 0),
  status         text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'paid', 'failed')),
  failure_reason text,
  bank_ref       text,
  paid_on        date,
  result_import_id uuid,
  retry_of       uuid REFERENCES benefit_payment(id) UNIQUE,
  UNIQUE (batch_id, candidate_id),
  UNIQUE (batch_id, line_no)
);
COMMENT ON TABLE benefit_payment IS 'One payment of a batch to one payee: the account as it stood when the batch was made, the amount in fen, and how it ended (paid on a day with the bank''s reference, or failed with the bank''s reason). A failed payment is paid again at most once per repay (retry_of).';
COMMENT ON COLUMN benefit_payment.due_fen IS 'What the payee was entitled to for the period as decided on the batch day; amount_fen differs only when a repay pays less than due.';
CREATE INDEX benefit_payment_person_idx ON benefit_payment (person_id);
CREATE INDEX benefit_payment_unit_idx ON benefit_payment (county_code, unit_id, status);

CREATE TABLE benefit_result_import (
  id            uuid PRIMARY KEY,
  batch_id      uuid NOT NULL REFERENCES benefit_batch(id) ON DELETE CASCADE,
  county_code   text NOT NULL,
  file_name     text NOT NULL,
  sha256        text NOT NULL,
  rows          integer NOT NULL,
  paid          integer NOT NULL,
  failed        integer NOT NULL,
  imported_by   uuid REFERENCES app_user(id),
  imported_at   timestamptz NOT NULL,
  UNIQUE (batch_id, sha256)
);
COMMENT ON TABLE benefit_result_import IS 'A result file the bank returned for a batch (回盘文件), taken once: the same file again is refused, and a payment already decided is not decided again.';

CREATE TABLE benefit_recovery (
  id            uuid PRIMARY KEY,
  county_code   text NOT NULL,
  payment_id    uuid NOT NULL REFERENCES benefit_payment(id) UNIQUE,
  person_id     uuid NOT NULL REFERENCES person(id),
  unit_id       text NOT NULL REFERENCES org_unit(id),
  amount_fen    integer NOT NULL CHECK (amount_fen > 0),
  reason        text NOT NULL,
  status        text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'recovered', 'waived')),
  opened_at     timestamptz NOT NULL,
  closed_by     uuid REFERENCES app_user(id),
  closed_at     timestamptz,
  note          text
);
COMMENT ON TABLE benefit_recovery IS 'A recovery case (追回): money paid that was not due, above all a payment made after the payee''s death. amount_fen is what was paid beyond the entitlement recomputed with the death known.';
`,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
DROP TABLE benefit_recovery; DROP TABLE benefit_result_import; DROP TABLE benefit_payment; DROP TABLE benefit_batch;
DROP TABLE benefit_account; DROP TABLE benefit_objection; DROP TABLE benefit_notice; DROP TABLE benefit_candidate_event;
ALTER TABLE benefit_candidate DROP COLUMN source, DROP COLUMN village_verdict, DROP COLUMN application, DROP COLUMN entered_by,
  DROP COLUMN verified_by, DROP COLUMN reviewed_by, DROP COLUMN approved_by, DROP COLUMN status_reason, DROP COLUMN version, DROP COLUMN updated_at;
DROP TABLE disability_assessment;
`,
  );
}
