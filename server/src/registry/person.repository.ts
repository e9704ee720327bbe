import { sql } from 'kysely';
import type { DbOrTx } from '../db/database.js';
import type { NewPerson, PersonRow } from '../db/schema.js';

/** The fields of a person that history keeps; ID numbers appear only in masked form. */
export const SNAPSHOT_FIELDS = [
  'name',
  'sex',
  'birthDate',
  'ethnicity',
  'hukouType',
  'hukouUnitId',
  'residenceUnitId',
  'householdId',
  'relationship',
  'motherId',
  'fatherId',
  'spouseId',
  'maritalStatus',
  'birthOrder',
  'status',
  'deathDate',
  'leftDate',
  'idNumberMasked',
] as const;
export type PersonSnapshot = Pick<PersonRow, (typeof SNAPSHOT_FIELDS)[number]>;

export function snapshotOf(p: PersonSnapshot): PersonSnapshot {
  return Object.fromEntries(SNAPSHOT_FIELDS.map((k) => [k, p[k] ?? null])) as PersonSnapshot;
}

export type HistoryMark = { validFrom: string; change: string; eventId?: string | null };

/** Inserts persons and their first history row in one go (batched: the demo inserts thousands). */
export async function insertPersons(db: DbOrTx, rows: Array<NewPerson & { history: HistoryMark }>): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    await db
      .insertInto('person')
      .values(chunk.map(({ history: _h, ...p }) => p))
      .execute();
    await db
      .insertInto('personHistory')
      .values(
        chunk.map((p) => ({
          personId: p.id,
          countyCode: p.countyCode,
          validFrom: p.history.validFrom,
          eventId: p.history.eventId ?? null,
          change: p.history.change,
          snapshot: JSON.stringify(snapshotOf(p as unknown as PersonSnapshot)),
        })),
      )
      .execute();
  }
}

export async function findPerson(db: DbOrTx, id: string): Promise<PersonRow | undefined> {
  if (!isUuid(id)) return undefined;
  return db.selectFrom('person').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findPersonByIdHash(db: DbOrTx, countyCode: string, hash: string): Promise<PersonRow | undefined> {
  return db
    .selectFrom('person')
    .selectAll()
    .where('countyCode', '=', countyCode)
    .where('idNumberHash', '=', hash)
    .executeTakeFirst();
}

/**
 * Changes a person and records the new state in history, effective from `mark.validFrom`.
 * Locks the row first so that two confirmations touching one person apply one after the other.
 */
export async function updatePerson(
  db: DbOrTx,
  id: string,
  changes: Partial<NewPerson>,
  mark: HistoryMark,
): Promise<PersonRow> {
  const updated = await db
    .updateTable('person')
    .set({ ...changes, version: sql`version + 1`, updatedAt: new Date() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await db
    .insertInto('personHistory')
    .values({
      personId: id,
      countyCode: updated.countyCode,
      validFrom: mark.validFrom,
      eventId: mark.eventId ?? null,
      change: mark.change,
      snapshot: JSON.stringify(snapshotOf(updated)),
    })
    .execute();
  return updated;
}

export async function lockPerson(db: DbOrTx, id: string): Promise<PersonRow | undefined> {
  return db.selectFrom('person').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export function isUuid(s: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
}
