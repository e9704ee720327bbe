/**
 * Storage of the county's benefit program versions (migration 0014_benefit_programs). Queries
 * only: which version is current and whether a change may be written is the service's to decide.
 */
import type { ColumnType, Selectable } from 'kysely';
import type { DbOrTx } from '../db/database.js';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json = ColumnType<unknown, string, string>;

export interface BenefitProgramVersionTable {
  countyCode: string;
  code: string;
  version: number;
  definition: Json;
  createdBy: string | null;
  createdAt: Timestamp;
  note: string;
}

export type BenefitCatalogTables = { benefitProgramVersion: BenefitProgramVersionTable };

/** The database (or transaction) with the program versions known to Kysely. */
export const catalogDb = (db: DbOrTx) => db.withTables<BenefitCatalogTables>();

/** A stored version with the name of who wrote it. */
export type ProgramVersionRow = Selectable<BenefitProgramVersionTable> & { createdByName: string | null };

function versions(db: DbOrTx, countyCode: string) {
  return catalogDb(db)
    .selectFrom('benefitProgramVersion as v')
    .leftJoin('appUser as u', 'u.id', 'v.createdBy')
    .select([
      'v.countyCode',
      'v.code',
      'v.version',
      'v.definition',
      'v.createdBy',
      'v.createdAt',
      'v.note',
      'u.displayName as createdByName',
    ])
    .where('v.countyCode', '=', countyCode);
}

/** The latest stored version of each program code of a county. */
export async function latestVersions(db: DbOrTx, countyCode: string): Promise<ProgramVersionRow[]> {
  return versions(db, countyCode).distinctOn('v.code').orderBy('v.code').orderBy('v.version', 'desc').execute();
}

/** Every stored version of one program, newest first; empty when the county has stored none. */
export async function versionsOf(db: DbOrTx, countyCode: string, code: string): Promise<ProgramVersionRow[]> {
  return versions(db, countyCode).where('v.code', '=', code).orderBy('v.version', 'desc').execute();
}

/** The latest stored version number of one program, or 0 when none is stored. */
export async function latestVersionNumber(db: DbOrTx, countyCode: string, code: string): Promise<number> {
  const row = await catalogDb(db)
    .selectFrom('benefitProgramVersion')
    .select((eb) => eb.fn.max('version').as('latest'))
    .where('countyCode', '=', countyCode)
    .where('code', '=', code)
    .executeTakeFirst();
  return Number(row?.latest ?? 0);
}

export type NewProgramVersion = {
  countyCode: string;
  code: string;
  version: number;
  definition: unknown;
  createdBy: string | null;
  createdAt: Date;
  note: string;
};

/** Inserts versions; the primary key refuses a version number already written (a concurrent change). */
export async function insertVersions(db: DbOrTx, rows: NewProgramVersion[]): Promise<void> {
  if (rows.length === 0) return;
  await catalogDb(db)
    .insertInto('benefitProgramVersion')
    .values(rows.map((r) => ({ ...r, definition: JSON.stringify(r.definition) })))
    .execute();
}

/** The name of a county (org_unit), for the division name of a county top-up layer. */
export async function countyName(db: DbOrTx, countyCode: string): Promise<string | undefined> {
  const row = await db.selectFrom('orgUnit').select('name').where('id', '=', countyCode).executeTakeFirst();
  return row?.name;
}
