import type { Kysely } from 'kysely';
import { runScript } from '../script.js';

/**
 * The second half of the speech's work (issue 7): free health services and the follow-up of what
 * they find, care for families in hardship (生育关怀), petitions (信访) with their statutory
 * deadlines, cases of illegal fetal sex determination and sex-selective abortion (两非), and the
 * contraceptive dispensing machines (智能药具发放机).
 *
 * Health findings and follow-up notes are sensitive personal information: sealed at rest like ID
 * numbers (lib/sealing.ts), opened only for the roles that need them, every opening audited.
 * Amounts are integer fen. Every table carries the county code. Each register keeps its steps in
 * an event table (who, what, when) besides the hash-chained audit log.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
ALTER TABLE app_user DROP CONSTRAINT app_user_role_check;
ALTER TABLE app_user ADD CONSTRAINT app_user_role_check
  CHECK (role IN ('village_worker','township_officer','county_statistician','county_admin','security_admin','audit_admin','benefit_auditor','health_worker','case_officer'));

CREATE TABLE health_service (
  id                uuid PRIMARY KEY,
  county_code       text NOT NULL,
  kind              text NOT NULL CHECK (kind IN ('premarital','prepregnancy','prenatal_screening','newborn_screening','gynecological','cervical_cancer','breast_cancer')),
  person_id         uuid NOT NULL REFERENCES person(id),
  partner_person_id uuid REFERENCES person(id),
  unit_id           text NOT NULL REFERENCES org_unit(id),
  served_on         date NOT NULL,
  place             text NOT NULL,
  provider          text NOT NULL,
  result            text NOT NULL CHECK (result IN ('normal','abnormal')),
  findings_sealed   text,
  recorded_by       uuid REFERENCES app_user(id),
  recorded_at       timestamptz NOT NULL,
  voided_at         timestamptz,
  voided_by         uuid REFERENCES app_user(id),
  void_reason       text
);
COMMENT ON TABLE health_service IS 'One free health service given to a person (premarital check, pre-pregnancy check of a couple, prenatal or newborn screening, gynecological screening, cervical or breast cancer screening): who, when, where, by whom, the result and the findings (sealed). unit_id is the village the person lived in on the day, so coverage counts against the registry''s target group there.';
COMMENT ON COLUMN health_service.partner_person_id IS 'The other person of a couple (pre-pregnancy, premarital), when the service is for two.';
COMMENT ON COLUMN health_service.result IS 'abnormal: a positive finding, which opens a follow-up.';
CREATE INDEX health_service_unit_idx ON health_service (county_code, unit_id, served_on);
CREATE INDEX health_service_person_idx ON health_service (person_id, kind, served_on);

CREATE TABLE health_followup (
  id            uuid PRIMARY KEY,
  county_code   text NOT NULL,
  service_id    uuid NOT NULL REFERENCES health_service(id),
  person_id     uuid NOT NULL REFERENCES person(id),
  unit_id       text NOT NULL REFERENCES org_unit(id),
  opened_on     date NOT NULL,
  due_on        date NOT NULL,
  status        text NOT NULL CHECK (status IN ('open','closed')),
  closed_on     date,
  outcome       text CHECK (outcome IN ('treated','referred','normal_on_recheck','under_care','declined','moved_away','died','other')),
  version       integer NOT NULL DEFAULT 1,
  CHECK ((status = 'closed') = (closed_on IS NOT NULL AND outcome IS NOT NULL))
);
COMMENT ON TABLE health_followup IS 'The follow-up a positive finding opens: due by due_on (moved by each contact''s next date), seen by the village and township, closed with an outcome.';
CREATE INDEX health_followup_due_idx ON health_followup (county_code, status, due_on);
CREATE INDEX health_followup_unit_idx ON health_followup (unit_id, status);

CREATE TABLE health_followup_event (
  id            uuid PRIMARY KEY,
  county_code   text NOT NULL,
  followup_id   uuid NOT NULL REFERENCES health_followup(id),
  contacted_on  date NOT NULL,
  method        text NOT NULL CHECK (method IN ('visit','phone','clinic','other')),
  note_sealed   text,
  next_due_on   date,
  closes        boolean NOT NULL DEFAULT false,
  recorded_by   uuid REFERENCES app_user(id),
  recorded_at   timestamptz NOT NULL
);
COMMENT ON TABLE health_followup_event IS 'One contact of a follow-up: when, how, what was found (sealed), the next due date, or that it closed the follow-up.';
CREATE INDEX health_followup_event_idx ON health_followup_event (followup_id, contacted_on);

CREATE TABLE care_family (
  id            uuid PRIMARY KEY,
  county_code   text NOT NULL,
  person_id     uuid NOT NULL REFERENCES person(id),
  household_id  uuid REFERENCES household(id),
  unit_id       text NOT NULL REFERENCES org_unit(id),
  category      text NOT NULL CHECK (category IN ('hardship','only_child_died','only_child_disabled')),
  source        text NOT NULL CHECK (source IN ('registry','staff')),
  reason        text NOT NULL,
  flagged_on    date NOT NULL,
  flagged_by    uuid REFERENCES app_user(id),
  ended_on      date,
  end_reason    text,
  version       integer NOT NULL DEFAULT 1
);
COMMENT ON TABLE care_family IS 'A family in the care register (生育关怀): in hardship, or a special family (特殊家庭) whose only child died or is disabled; flagged from the registry or by staff with a reason, until ended. person_id is the parent the family is registered under.';
CREATE UNIQUE INDEX care_family_open_uq ON care_family (person_id, category) WHERE ended_on IS NULL;
CREATE INDEX care_family_unit_idx ON care_family (county_code, unit_id);

CREATE TABLE care_visit (
  id            uuid PRIMARY KEY,
  county_code   text NOT NULL,
  family_id     uuid NOT NULL REFERENCES care_family(id),
  visited_on    date NOT NULL,
  visitors      text NOT NULL,
  needs         text NOT NULL,
  notes         text,
  recorded_by   uuid REFERENCES app_user(id),
  recorded_at   timestamptz NOT NULL
);
COMMENT ON TABLE care_visit IS 'A visit to a family in the care register: who visited, when, what the family needed.';
CREATE INDEX care_visit_family_idx ON care_visit (family_id, visited_on);

CREATE TABLE care_assistance (
  id            uuid PRIMARY KEY,
  county_code   text NOT NULL,
  family_id     uuid NOT NULL REFERENCES care_family(id),
  granted_on    date NOT NULL,
  kind          text NOT NULL CHECK (kind IN ('cash','goods','service')),
  amount_fen    bigint NOT NULL CHECK (amount_fen > 0),
  fund_source   text NOT NULL CHECK (fund_source IN ('county_finance','health_commission','family_planning_association','charity','township','other')),
  purpose       text NOT NULL,
  granted_by    uuid REFERENCES app_user(id),
  recorded_at   timestamptz NOT NULL
);
COMMENT ON TABLE care_assistance IS 'Assistance granted to a family: its value in integer fen (goods and services at their value) and its source of funds.';
CREATE INDEX care_assistance_family_idx ON care_assistance (family_id, granted_on);
CREATE INDEX care_assistance_county_idx ON care_assistance (county_code, granted_on);

CREATE TABLE petition (
  id                    uuid PRIMARY KEY,
  county_code           text NOT NULL,
  number                text NOT NULL,
  channel               text NOT NULL CHECK (channel IN ('letter','visit','phone','online','email','leader_mailbox','transferred')),
  received_on           date NOT NULL,
  subject               text NOT NULL,
  content               text NOT NULL,
  petitioner_name       text NOT NULL,
  petitioner_phone      text,
  petitioner_person_id  uuid REFERENCES person(id),
  people_involved       text,
  assigned_unit_id      text NOT NULL REFERENCES org_unit(id),
  status                text NOT NULL CHECK (status IN ('registered','accepted','not_accepted','replied','closed')),
  accept_due_on         date NOT NULL,
  decided_on            date,
  not_accepted_reason   text,
  conclude_due_on       date,
  extension_days        integer CHECK (extension_days BETWEEN 1 AND 30),
  extension_reason      text,
  replied_on            date,
  reply                 text,
  satisfaction          text CHECK (satisfaction IN ('satisfied','basically_satisfied','dissatisfied')),
  closed_on             date,
  escalation_level      smallint NOT NULL DEFAULT 0,
  escalated_at          timestamptz,
  registered_by         uuid REFERENCES app_user(id),
  registered_at         timestamptz NOT NULL,
  version               integer NOT NULL DEFAULT 1,
  UNIQUE (county_code, number)
);
COMMENT ON TABLE petition IS 'A petition (信访事项) with the deadlines of the Regulations on Letters and Visits Work: acceptance decided within 15 days of receipt (accept_due_on), concluded within 60 days of acceptance (conclude_due_on), extended once by at most 30 days; reply, satisfaction and closure; escalation_level rises when a deadline passes unmet.';
CREATE INDEX petition_unit_idx ON petition (county_code, assigned_unit_id, status);
CREATE INDEX petition_received_idx ON petition (county_code, received_on);

CREATE TABLE petition_event (
  id            uuid PRIMARY KEY,
  county_code   text NOT NULL,
  petition_id   uuid NOT NULL REFERENCES petition(id),
  action        text NOT NULL CHECK (action IN ('register','assign','accept','not_accept','extend','reply','close','escalate','note')),
  on_date       date NOT NULL,
  note          text,
  by_user       uuid REFERENCES app_user(id),
  at            timestamptz NOT NULL
);
COMMENT ON TABLE petition_event IS 'The history of a petition: registration, assignment, the acceptance decision, extension, reply, closure and escalations.';
CREATE INDEX petition_event_idx ON petition_event (petition_id, at);

CREATE TABLE sex_selection_case (
  id              uuid PRIMARY KEY,
  county_code     text NOT NULL,
  number          text NOT NULL,
  kind            text NOT NULL CHECK (kind IN ('fetal_sex_determination','sex_selective_abortion','both')),
  lead_source     text NOT NULL CHECK (lead_source IN ('hotline','inspection','hospital','police','market_regulation','other_department','other')),
  lead_received_on date NOT NULL,
  unit_id         text NOT NULL REFERENCES org_unit(id),
  summary         text NOT NULL,
  parties         text NOT NULL,
  status          text NOT NULL CHECK (status IN ('open','investigating','referred','closed')),
  outcome         text CHECK (outcome IN ('penalised','referred','unfounded','other')),
  outcome_note    text,
  referred_to     text CHECK (referred_to IN ('police','market_regulation','other')),
  referred_on     date,
  closed_on       date,
  opened_by       uuid REFERENCES app_user(id),
  opened_at       timestamptz NOT NULL,
  version         integer NOT NULL DEFAULT 1,
  UNIQUE (county_code, number)
);
COMMENT ON TABLE sex_selection_case IS 'A case of illegal non-medical fetal sex determination or sex-selective abortion (两非): the lead and its source, the parties, investigation steps (sex_selection_case_step), the outcome and any referral to the police or market regulation. Confidential to the case officers.';
CREATE INDEX sex_selection_case_idx ON sex_selection_case (county_code, status, lead_received_on);

CREATE TABLE sex_selection_case_step (
  id            uuid PRIMARY KEY,
  county_code   text NOT NULL,
  case_id       uuid NOT NULL REFERENCES sex_selection_case(id),
  step_on       date NOT NULL,
  kind          text NOT NULL CHECK (kind IN ('investigation','inspection','interview','evidence','referral','decision','note')),
  note          text NOT NULL,
  by_user       uuid REFERENCES app_user(id),
  at            timestamptz NOT NULL
);
CREATE INDEX sex_selection_case_step_idx ON sex_selection_case_step (case_id, step_on);

CREATE TABLE dispenser (
  id                 uuid PRIMARY KEY,
  county_code        text NOT NULL,
  code               text NOT NULL,
  unit_id            text NOT NULL REFERENCES org_unit(id),
  location           text NOT NULL,
  installed_on       date NOT NULL,
  capacity           integer NOT NULL CHECK (capacity > 0),
  stock              integer NOT NULL CHECK (stock >= 0),
  restock_threshold  integer NOT NULL CHECK (restock_threshold >= 0),
  retired_on         date,
  version            integer NOT NULL DEFAULT 1,
  UNIQUE (county_code, code),
  CHECK (stock <= capacity)
);
COMMENT ON TABLE dispenser IS 'A contraceptive dispensing machine (智能药具发放机): where it stands, its capacity and current stock; due for restocking when stock is at or below the threshold.';

CREATE TABLE dispenser_event (
  id            uuid PRIMARY KEY,
  county_code   text NOT NULL,
  dispenser_id  uuid NOT NULL REFERENCES dispenser(id),
  kind          text NOT NULL CHECK (kind IN ('restock','dispense','stocktake')),
  on_date       date NOT NULL,
  quantity      integer NOT NULL CHECK (quantity >= 0),
  stock_after   integer NOT NULL CHECK (stock_after >= 0),
  note          text,
  by_user       uuid REFERENCES app_user(id),
  at            timestamptz NOT NULL
);
COMMENT ON TABLE dispenser_event IS 'Restocking, dispensing counts (as the machine reports them) and stocktakes, with the stock after each.';
CREATE INDEX dispenser_event_idx ON dispenser_event (dispenser_id, on_date);
`,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
DROP TABLE dispenser_event; DROP TABLE dispenser;
DROP TABLE sex_selection_case_step; DROP TABLE sex_selection_case;
DROP TABLE petition_event; DROP TABLE petition;
DROP TABLE care_assistance; DROP TABLE care_visit; DROP TABLE care_family;
DROP TABLE health_followup_event; DROP TABLE health_followup; DROP TABLE health_service;
ALTER TABLE app_user DROP CONSTRAINT app_user_role_check;
ALTER TABLE app_user ADD CONSTRAINT app_user_role_check
  CHECK (role IN ('village_worker','township_officer','county_statistician','county_admin','security_admin','audit_admin','benefit_auditor'));
`,
  );
}
