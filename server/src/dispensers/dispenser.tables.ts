import type { ColumnType, Selectable } from 'kysely';
import type { DbOrTx } from '../db/database.js';

/**
 * Kysely's view of the dispensing machine tables (migration 0018). They are added to the shared
 * schema with `withTables` where used, so the dispensers module owns its table types.
 */
type Timestamp = ColumnType<Date, Date | string, Date | string>;

export type DispenserEventKind = 'restock' | 'dispense' | 'stocktake';

export interface DispenserTable {
  id: string;
  countyCode: string;
  code: string;
  unitId: string;
  location: string;
  installedOn: string;
  capacity: number;
  stock: number;
  restockThreshold: number;
  retiredOn: string | null;
  version: ColumnType<number, number | undefined, number>;
}

export interface DispenserEventTable {
  id: string;
  countyCode: string;
  dispenserId: string;
  kind: DispenserEventKind;
  onDate: string;
  quantity: number;
  stockAfter: number;
  note: string | null;
  byUser: string | null;
  at: Timestamp;
}

export type DispenserTables = { dispenser: DispenserTable; dispenserEvent: DispenserEventTable };

export type DispenserRow = Selectable<DispenserTable>;
export type DispenserEventRow = Selectable<DispenserEventTable>;

/** The database (or transaction) with the dispenser tables known to Kysely. */
export const dispenserDb = (db: DbOrTx) => db.withTables<DispenserTables>();
