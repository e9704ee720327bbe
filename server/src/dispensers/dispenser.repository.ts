import { sql } from 'kysely';
import type { DbOrTx } from '../db/database.js';
import { dispenserDb, type DispenserEventRow, type DispenserRow } from './dispenser.tables.js';

/** SQL of the dispensing machine register; the stock rules live in dispenser.service.ts. */

export type DispenserListRow = DispenserRow & {
  unitName: string;
  unitPath: string;
  unitLevel: string;
  lastEventOn: string | null;
};

const withUnit = (db: DbOrTx) =>
  dispenserDb(db)
    .selectFrom('dispenser as d')
    .innerJoin('orgUnit as u', 'u.id', 'd.unitId')
    .selectAll('d')
    .select(['u.name as unitName', 'u.path as unitPath', 'u.level as unitLevel'])
    .select((eb) =>
      eb
        .selectFrom('dispenserEvent as e')
        .whereRef('e.dispenserId', '=', 'd.id')
        .select((e) => e.fn.max('e.onDate').as('m'))
        .as('lastEventOn'),
    );

/** The machines whose unit lies under `unitPath`; those due for restocking first, then by code. */
export const listDispenserRows = (
  db: DbOrTx,
  countyCode: string,
  unitPath: string,
  opts: { includeRetired?: boolean; dueOnly?: boolean } = {},
): Promise<DispenserListRow[]> => {
  let q = withUnit(db).where('d.countyCode', '=', countyCode).where('u.path', 'like', `${unitPath}%`);
  if (!opts.includeRetired) q = q.where('d.retiredOn', 'is', null);
  if (opts.dueOnly) q = q.whereRef('d.stock', '<=', 'd.restockThreshold');
  return q
    .orderBy(sql`(d.retired_on IS NULL AND d.stock <= d.restock_threshold)`, 'desc')
    .orderBy('d.code')
    .execute() as Promise<DispenserListRow[]>;
};

export const findDispenserRow = (db: DbOrTx, countyCode: string, id: string) =>
  withUnit(db).where('d.countyCode', '=', countyCode).where('d.id', '=', id).executeTakeFirst() as Promise<
    DispenserListRow | undefined
  >;

/** The machine row locked for the rest of the transaction. */
export const lockDispenserRow = (db: DbOrTx, countyCode: string, id: string) =>
  dispenserDb(db)
    .selectFrom('dispenser as d')
    .innerJoin('orgUnit as u', 'u.id', 'd.unitId')
    .selectAll('d')
    .select(['u.name as unitName', 'u.path as unitPath'])
    .where('d.countyCode', '=', countyCode)
    .where('d.id', '=', id)
    .forUpdate('d')
    .executeTakeFirst();

export const findDispenserByCode = (db: DbOrTx, countyCode: string, code: string) =>
  dispenserDb(db)
    .selectFrom('dispenser')
    .select(['id', 'code'])
    .where('countyCode', '=', countyCode)
    .where(sql`lower(code)`, '=', code.toLowerCase())
    .executeTakeFirst();

export async function insertDispenserRow(tx: DbOrTx, row: Omit<DispenserRow, 'version'>): Promise<void> {
  await dispenserDb(tx).insertInto('dispenser').values(row).execute();
}

export type DispenserChange = Partial<Pick<DispenserRow, 'location' | 'restockThreshold' | 'stock' | 'retiredOn'>>;

/** Applies a change if the row is still at `version`; returns whether it was. */
export async function updateDispenserRow(
  tx: DbOrTx,
  id: string,
  version: number,
  change: DispenserChange,
): Promise<boolean> {
  const r = await dispenserDb(tx)
    .updateTable('dispenser')
    .set({ ...change, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function insertDispenserEvents(tx: DbOrTx, rows: DispenserEventRow[]): Promise<void> {
  if (rows.length) await dispenserDb(tx).insertInto('dispenserEvent').values(rows).execute();
}

export type DispenserEventView = DispenserEventRow & { byName: string | null };

export const listDispenserEvents = (db: DbOrTx, dispenserId: string, limit = 500): Promise<DispenserEventView[]> =>
  dispenserDb(db)
    .selectFrom('dispenserEvent as e')
    .leftJoin('appUser as a', 'a.id', 'e.byUser')
    .selectAll('e')
    .select('a.displayName as byName')
    .where('e.dispenserId', '=', dispenserId)
    .orderBy('e.onDate', 'desc')
    .orderBy('e.at', 'desc')
    .limit(limit)
    .execute();

/** Boxes dispensed and restocked per calendar month of the event date. */
export async function monthlyTotals(db: DbOrTx, dispenserId: string) {
  const rows = await dispenserDb(db)
    .selectFrom('dispenserEvent')
    .select([
      sql<string>`to_char(on_date, 'YYYY-MM')`.as('month'),
      sql<number>`coalesce(sum(quantity) FILTER (WHERE kind = 'dispense'), 0)`.as('dispensed'),
      sql<number>`coalesce(sum(quantity) FILTER (WHERE kind = 'restock'), 0)`.as('restocked'),
      sql<number>`count(*) FILTER (WHERE kind = 'dispense')`.as('reports'),
    ])
    .where('dispenserId', '=', dispenserId)
    .groupBy(sql`to_char(on_date, 'YYYY-MM')`)
    .orderBy(sql`to_char(on_date, 'YYYY-MM')`)
    .execute();
  return rows.map((r) => ({
    month: r.month,
    dispensed: Number(r.dispensed),
    restocked: Number(r.restocked),
    reports: Number(r.reports),
  }));
}

/** The days among `dates` on which the machine's dispensing report is already recorded. */
export async function reportedDays(db: DbOrTx, dispenserId: string, dates: string[]): Promise<Set<string>> {
  if (!dates.length) return new Set();
  const rows = await dispenserDb(db)
    .selectFrom('dispenserEvent')
    .select('onDate')
    .where('dispenserId', '=', dispenserId)
    .where('kind', '=', 'dispense')
    .where('onDate', 'in', dates)
    .execute();
  return new Set(rows.map((r) => r.onDate));
}

export const unitNames = async (db: DbOrTx, ids: string[]): Promise<Map<string, string>> => {
  if (!ids.length) return new Map();
  const rows = await db.selectFrom('orgUnit').select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
};
