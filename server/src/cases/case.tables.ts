import type { ColumnType, Selectable } from 'kysely';
import type { DbOrTx } from '../db/database.js';

/**
 * Kysely's view of the 两非 case tables (migration 0018). They are added to the shared schema with
 * `withTables` where used, so the cases module owns its table types.
 */
type Timestamp = ColumnType<Date, Date | string, Date | string>;

export type CaseKind = 'fetal_sex_determination' | 'sex_selective_abortion' | 'both';
export type LeadSource =
  'hotline' | 'inspection' | 'hospital' | 'police' | 'market_regulation' | 'other_department' | 'other';
export type CaseStatus = 'open' | 'investigating' | 'referred' | 'closed';
export type CaseOutcome = 'penalised' | 'referred' | 'unfounded' | 'other';
export type ReferredTo = 'police' | 'market_regulation' | 'other';
export type StepKind = 'investigation' | 'inspection' | 'interview' | 'evidence' | 'referral' | 'decision' | 'note';

export interface SexSelectionCaseTable {
  id: string;
  countyCode: string;
  number: string;
  kind: CaseKind;
  leadSource: LeadSource;
  leadReceivedOn: string;
  unitId: string;
  summary: string;
  parties: string;
  status: CaseStatus;
  outcome: CaseOutcome | null;
  outcomeNote: string | null;
  referredTo: ReferredTo | null;
  referredOn: string | null;
  closedOn: string | null;
  openedBy: string | null;
  openedAt: Timestamp;
  version: ColumnType<number, number | undefined, number>;
}

export interface SexSelectionCaseStepTable {
  id: string;
  countyCode: string;
  caseId: string;
  stepOn: string;
  kind: StepKind;
  note: string;
  byUser: string | null;
  at: Timestamp;
}

export type CaseTables = {
  sexSelectionCase: SexSelectionCaseTable;
  sexSelectionCaseStep: SexSelectionCaseStepTable;
};

export type CaseRow = Selectable<SexSelectionCaseTable>;
export type CaseStepRow = Selectable<SexSelectionCaseStepTable>;

/** The database (or transaction) with the case tables known to Kysely. */
export const caseDb = (db: DbOrTx) => db.withTables<CaseTables>();
