import type { ColumnType, Selectable } from 'kysely';
import type { DbOrTx } from '../db/database.js';

/**
 * Kysely's view of the care register's tables (migration 0018): families flagged for care
 * (生育关怀), the visits made to them and the assistance granted. Added to the shared schema with
 * `withTables` where used, so the care module owns its table types.
 */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** bigint: PGlite and pg both read it as a number here (db/database.ts parsers); written as a number. */
type Fen = ColumnType<number, number, number>;

export type CareCategory = 'hardship' | 'only_child_died' | 'only_child_disabled';
export type CareSource = 'registry' | 'staff';
export type AssistanceKind = 'cash' | 'goods' | 'service';
export type FundSource =
  'county_finance' | 'health_commission' | 'family_planning_association' | 'charity' | 'township' | 'other';

export const CARE_CATEGORIES = ['hardship', 'only_child_died', 'only_child_disabled'] as const;
export const ASSISTANCE_KINDS = ['cash', 'goods', 'service'] as const;
export const FUND_SOURCES = [
  'county_finance',
  'health_commission',
  'family_planning_association',
  'charity',
  'township',
  'other',
] as const;

export interface CareFamilyTable {
  id: string;
  countyCode: string;
  /** The parent the family is registered under (each parent of a special family has a flag). */
  personId: string;
  householdId: string | null;
  /** The person's hukou village when flagged: what scope and totals go by. */
  unitId: string;
  category: CareCategory;
  source: CareSource;
  reason: string;
  flaggedOn: string;
  flaggedBy: string | null;
  endedOn: string | null;
  endReason: string | null;
  version: ColumnType<number, number | undefined, number>;
}

export interface CareVisitTable {
  id: string;
  countyCode: string;
  familyId: string;
  visitedOn: string;
  visitors: string;
  needs: string;
  notes: string | null;
  recordedBy: string | null;
  recordedAt: Timestamp;
}

export interface CareAssistanceTable {
  id: string;
  countyCode: string;
  familyId: string;
  grantedOn: string;
  kind: AssistanceKind;
  amountFen: Fen;
  fundSource: FundSource;
  purpose: string;
  grantedBy: string | null;
  recordedAt: Timestamp;
}

export type CareTables = {
  careFamily: CareFamilyTable;
  careVisit: CareVisitTable;
  careAssistance: CareAssistanceTable;
};

export type CareFamilyRow = Selectable<CareFamilyTable>;
export type CareVisitRow = Selectable<CareVisitTable>;
export type CareAssistanceRow = Selectable<CareAssistanceTable>;

/** The database (or transaction) with the care tables known to Kysely. */
export const careDb = (db: DbOrTx) => db.withTables<CareTables>();
