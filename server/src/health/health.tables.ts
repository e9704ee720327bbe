import type { ColumnType, Selectable } from 'kysely';
import type { DbOrTx } from '../db/database.js';
import type { FollowupOutcome, HealthKind } from './health.schemas.js';

/**
 * Kysely's view of the health tables (migration 0018). They are added to the shared schema with
 * `withTables` where used, so the health module owns its table types.
 */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DateString = string;

export interface HealthServiceTable {
  id: string;
  countyCode: string;
  kind: HealthKind;
  personId: string;
  partnerPersonId: string | null;
  unitId: string;
  servedOn: DateString;
  place: string;
  provider: string;
  result: 'normal' | 'abnormal';
  findingsSealed: string | null;
  recordedBy: string | null;
  recordedAt: Timestamp;
  voidedAt: Timestamp | null;
  voidedBy: string | null;
  voidReason: string | null;
}

export interface HealthFollowupTable {
  id: string;
  countyCode: string;
  serviceId: string;
  personId: string;
  unitId: string;
  openedOn: DateString;
  dueOn: DateString;
  status: 'open' | 'closed';
  closedOn: DateString | null;
  outcome: FollowupOutcome | null;
  version: ColumnType<number, number | undefined, number>;
}

export interface HealthFollowupEventTable {
  id: string;
  countyCode: string;
  followupId: string;
  contactedOn: DateString;
  method: 'visit' | 'phone' | 'clinic' | 'other';
  noteSealed: string | null;
  nextDueOn: DateString | null;
  closes: ColumnType<boolean, boolean | undefined, boolean>;
  recordedBy: string | null;
  recordedAt: Timestamp;
}

export type HealthTables = {
  healthService: HealthServiceTable;
  healthFollowup: HealthFollowupTable;
  healthFollowupEvent: HealthFollowupEventTable;
};

export type HealthServiceRow = Selectable<HealthServiceTable>;
export type HealthFollowupRow = Selectable<HealthFollowupTable>;
export type HealthFollowupEventRow = Selectable<HealthFollowupEventTable>;

/** The database (or transaction) with the health tables known to Kysely. */
export const healthDb = (db: DbOrTx) => db.withTables<HealthTables>();
export type HealthDb = ReturnType<typeof healthDb>;
