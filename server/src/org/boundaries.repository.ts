import type { DbOrTx } from '../db/database.js';
import { escapeLike, unitIdsUnder } from './org.repository.js';

export type BoundaryRow = {
  unitId: string;
  name: string;
  level: string;
  parentId: string | null;
  geometry: unknown;
  schematic: boolean;
  sourceName: string | null;
  uploadedAt: Date;
};

/** Boundaries of the open units at or below a path, optionally of one level. */
export async function listBoundaries(
  db: DbOrTx,
  unitPath: string,
  level?: 'township' | 'village',
): Promise<BoundaryRow[]> {
  let q = db
    .selectFrom('unitBoundary as b')
    .innerJoin('orgUnit as u', 'u.id', 'b.unitId')
    .select([
      'b.unitId',
      'u.name',
      'u.level',
      'u.parentId',
      'b.geometry',
      'b.schematic',
      'b.sourceName',
      'b.uploadedAt',
    ])
    .where('u.path', 'like', `${escapeLike(unitPath)}%`)
    .where('u.validTo', 'is', null);
  if (level) q = q.where('u.level', '=', level);
  return (await q.orderBy('u.path').execute()) as BoundaryRow[];
}

/** Replaces every boundary of the units at or below a path. Call inside a transaction. */
export async function replaceBoundaries(
  db: DbOrTx,
  unitPath: string,
  rows: Array<{
    unitId: string;
    countyCode: string;
    geometry: unknown;
    schematic: boolean;
    sourceName: string | null;
    uploadedAt: Date;
    uploadedBy: string | null;
  }>,
): Promise<number> {
  const removed = await db
    .deleteFrom('unitBoundary')
    .where('unitId', 'in', unitIdsUnder(db, unitPath))
    .executeTakeFirst();
  for (let i = 0; i < rows.length; i += 200) {
    await db
      .insertInto('unitBoundary')
      .values(rows.slice(i, i + 200).map((r) => ({ ...r, geometry: JSON.stringify(r.geometry) })))
      .execute();
  }
  return Number(removed.numDeletedRows);
}
