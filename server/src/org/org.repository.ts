import type { DbOrTx } from '../db/database.js';
import type { OrgUnitRow } from '../db/schema.js';

/** Ids of the units at or below a path: the subquery every scoped query filters on. */
export function unitIdsUnder(db: DbOrTx, unitPath: string) {
  return db
    .selectFrom('orgUnit')
    .select('orgUnit.id')
    .where('orgUnit.path', 'like', `${escapeLike(unitPath)}%`);
}

export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export async function findUnit(db: DbOrTx, id: string): Promise<OrgUnitRow | undefined> {
  return db.selectFrom('orgUnit').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listUnitsUnder(db: DbOrTx, unitPath: string, includeClosed = false) {
  let q = db
    .selectFrom('orgUnit')
    .selectAll()
    .where('path', 'like', `${escapeLike(unitPath)}%`);
  if (!includeClosed) q = q.where('validTo', 'is', null);
  return q.orderBy('path').execute();
}

export async function insertUnits(
  db: DbOrTx,
  units: Array<Omit<OrgUnitRow, 'createdAt' | 'validFrom'> & { validFrom?: string }>,
) {
  for (let i = 0; i < units.length; i += 500) {
    await db
      .insertInto('orgUnit')
      .values(units.slice(i, i + 500))
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  }
}
