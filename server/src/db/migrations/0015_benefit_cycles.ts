import type { Kysely } from 'kysely';
import { runScript } from '../script.js';

/**
 * A benefit program's yearly cycle (issue 6, docs/benefits.md "The yearly cycle: candidates"):
 * one cycle per county, program and year, with the program definition it used, and the
 * candidates the registry gave, each with the village that verifies them and the explanation of
 * the verdict. Only candidates a village must act on are stored: the eligible and those to verify
 * (待核实); persons the rules clearly refuse are not stored (they are counted in the cycle).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
CREATE TABLE benefit_cycle (
  id            uuid PRIMARY KEY,
  county_code   text NOT NULL,
  program_code  text NOT NULL,
  year          integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  program       jsonb NOT NULL,
  status        text NOT NULL DEFAULT 'generated' CHECK (status IN ('generated')),
  generated_at  timestamptz NOT NULL,
  generated_by  uuid REFERENCES app_user(id),
  counts        jsonb NOT NULL,
  UNIQUE (county_code, program_code, year)
);
COMMENT ON TABLE benefit_cycle IS 'One yearly cycle of a benefit program in a county: candidates generated from the registry, then verified by villages, reviewed by townships, approved by the county (later slices). Regenerating replaces a cycle only while nobody has acted on it.';
COMMENT ON COLUMN benefit_cycle.program IS 'The program definition (rule and amounts) the candidates were generated with: a later change of the program does not change what this cycle says.';
COMMENT ON COLUMN benefit_cycle.status IS 'generated: candidates generated, nothing acted on yet. Later slices add verification, review and approval.';
COMMENT ON COLUMN benefit_cycle.counts IS 'Persons pre-selected and evaluated, eligible, to verify, total amount in fen of the eligible, seconds taken.';

CREATE TABLE benefit_candidate (
  id           uuid PRIMARY KEY,
  cycle_id     uuid NOT NULL REFERENCES benefit_cycle(id) ON DELETE CASCADE,
  county_code  text NOT NULL,
  person_id    uuid NOT NULL REFERENCES person(id),
  unit_id      text NOT NULL REFERENCES org_unit(id),
  outcome      text NOT NULL CHECK (outcome IN ('yes','unknown')),
  amount_fen   integer NOT NULL CHECK (amount_fen >= 0),
  months       integer NOT NULL CHECK (months BETWEEN 0 AND 12),
  explanation  jsonb NOT NULL,
  status       text NOT NULL DEFAULT 'candidate' CHECK (status IN ('candidate')),
  created_at   timestamptz NOT NULL,
  UNIQUE (cycle_id, person_id)
);
COMMENT ON TABLE benefit_candidate IS 'A person the registry proposes for a cycle: eligible (yes) or to verify (unknown, a fact the registry lacks). Persons clearly not eligible are not stored.';
COMMENT ON COLUMN benefit_candidate.unit_id IS 'The village responsible: the hukou unit of the person (for the childcare subsidy, the child).';
COMMENT ON COLUMN benefit_candidate.amount_fen IS 'Entitlement for the year in integer fen (0 while to verify).';
COMMENT ON COLUMN benefit_candidate.months IS 'Months of the year counted as eligible.';
COMMENT ON COLUMN benefit_candidate.explanation IS 'The verdict sentence, the rule tree with each condition, its outcome and the facts read, the month runs and the amount lines.';
COMMENT ON COLUMN benefit_candidate.status IS 'candidate: as generated. Verification by the village comes in a later slice.';
CREATE INDEX benefit_candidate_cycle_unit_idx ON benefit_candidate (cycle_id, unit_id, outcome);
CREATE INDEX benefit_candidate_person_idx ON benefit_candidate (person_id);
`,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(db, `DROP TABLE benefit_candidate; DROP TABLE benefit_cycle;`);
}
