import { sql, type Selectable } from 'kysely';
import type { DbOrTx } from '../db/database.js';
import type { ImportBatchTable, PersonRow } from '../db/schema.js';
import { SNAPSHOT_FIELDS } from '../registry/person.repository.js';
import { escapeLike } from '../org/org.repository.js';
import type { UnitInfo } from './import.units.js';

export type ImportBatchRow = Selectable<ImportBatchTable>;

/** Columns written by COPY, in order: the same values `insertPersons` writes. */
export const HOUSEHOLD_COLUMNS = ['id', 'county_code', 'household_number', 'unit_id', 'address', 'hukou_type'] as const;
export const PERSON_COLUMNS = [
  'id',
  'county_code',
  'id_number_sealed',
  'id_number_hash',
  'id_number_masked',
  'name',
  'name_pinyin',
  'name_initials',
  'sex',
  'birth_date',
  'ethnicity',
  'hukou_type',
  'hukou_unit_id',
  'residence_unit_id',
  'household_id',
  'relationship',
  'mother_id',
  'father_id',
  'spouse_id',
  'marital_status',
  'birth_order',
  'status',
  'death_date',
  'left_date',
] as const;

export async function loadCountyUnits(
  db: DbOrTx,
  countyCode: string,
): Promise<{ units: UnitInfo[]; countyName: string }> {
  const units = await db
    .selectFrom('orgUnit')
    .select(['id', 'name', 'level', 'path', 'parentId', 'validTo'])
    .where('countyCode', '=', countyCode)
    .execute();
  return { units, countyName: units.find((u) => u.level === 'county')?.name ?? '' };
}

export async function countPersons(db: DbOrTx, countyCode: string): Promise<number> {
  const r = await db
    .selectFrom('person')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('countyCode', '=', countyCode)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export type RegistryPerson = Pick<
  PersonRow,
  | 'id'
  | 'idNumberHash'
  | 'name'
  | 'sex'
  | 'birthDate'
  | 'status'
  | 'deathDate'
  | 'spouseId'
  | 'maritalStatus'
  | 'hukouUnitId'
>;

/** Persons of the county with these ID-number hashes. */
export async function findPersonsByHashes(db: DbOrTx, countyCode: string, hashes: string[]): Promise<RegistryPerson[]> {
  if (hashes.length === 0) return [];
  return db
    .selectFrom('person')
    .select([
      'id',
      'idNumberHash',
      'name',
      'sex',
      'birthDate',
      'status',
      'deathDate',
      'spouseId',
      'maritalStatus',
      'hukouUnitId',
    ])
    .where('countyCode', '=', countyCode)
    .where('idNumberHash', 'in', hashes)
    .execute();
}

export type RegistryHousehold = { id: string; householdNumber: string; unitId: string; hasHead: boolean };

export async function findHouseholdsByNumbers(
  db: DbOrTx,
  countyCode: string,
  numbers: string[],
): Promise<RegistryHousehold[]> {
  if (numbers.length === 0) return [];
  const rows = await db
    .selectFrom('household as h')
    .select((eb) => [
      'h.id',
      'h.householdNumber',
      'h.unitId',
      eb
        .exists(
          eb
            .selectFrom('person as p')
            .select('p.id')
            .whereRef('p.householdId', '=', 'h.id')
            .where('p.relationship', '=', '02')
            .where('p.status', '=', 'active'),
        )
        .as('hasHead'),
    ])
    .where('h.countyCode', '=', countyCode)
    .where('h.householdNumber', 'in', numbers)
    .execute();
  return rows.map((r) => ({ ...r, hasHead: Boolean(r.hasHead) }));
}

/** The committed successful import of this file, if any. */
export async function findSucceededBatch(
  db: DbOrTx,
  countyCode: string,
  sha256: string,
): Promise<ImportBatchRow | undefined> {
  return db
    .selectFrom('importBatch')
    .selectAll()
    .where('countyCode', '=', countyCode)
    .where('fileSha256', '=', sha256)
    .where('status', '=', 'succeeded')
    .executeTakeFirst();
}

export async function insertBatch(db: DbOrTx, row: ImportBatchRow): Promise<void> {
  await db
    .insertInto('importBatch')
    .values({
      ...row,
      options: JSON.stringify(row.options ?? {}),
      counts: JSON.stringify(row.counts ?? {}),
      problems: JSON.stringify(row.problems ?? []),
      warnings: JSON.stringify(row.warnings ?? []),
    })
    .execute();
}

export async function finishBatch(
  db: DbOrTx,
  id: string,
  changes: { rowCount: number; counts: unknown; warnings: unknown; finishedAt: Date },
): Promise<void> {
  await db
    .updateTable('importBatch')
    .set({
      rowCount: changes.rowCount,
      counts: JSON.stringify(changes.counts),
      warnings: JSON.stringify(changes.warnings),
      finishedAt: changes.finishedAt,
    })
    .where('id', '=', id)
    .execute();
}

const LIST_COLUMNS = [
  'b.id',
  'b.kind',
  'b.status',
  'b.fileName',
  'b.fileBytes',
  'b.format',
  'b.encoding',
  'b.unitId',
  'o.name as unitName',
  'b.username',
  'b.userDisplayName',
  'b.startedAt',
  'b.finishedAt',
  'b.rowCount',
  'b.counts',
  'b.problemCount',
] as const;

export async function listBatches(
  db: DbOrTx,
  unitPath: string,
  q: { status?: 'succeeded' | 'failed'; kind?: 'persons' | 'events'; page: number; pageSize: number },
) {
  let query = db
    .selectFrom('importBatch as b')
    .innerJoin('orgUnit as o', 'o.id', 'b.unitId')
    .where('o.path', 'like', `${escapeLike(unitPath)}%`);
  if (q.status) query = query.where('b.status', '=', q.status);
  if (q.kind) query = query.where('b.kind', '=', q.kind);
  const { total } = await query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  const items = await query
    .select(LIST_COLUMNS)
    .orderBy('b.startedAt', 'desc')
    .orderBy('b.id')
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute();
  return { items, total: Number(total) };
}

export async function findBatchWithUnit(db: DbOrTx, id: string) {
  return db
    .selectFrom('importBatch as b')
    .innerJoin('orgUnit as o', 'o.id', 'b.unitId')
    .selectAll('b')
    .select(['o.name as unitName', 'o.path as unitPath'])
    .where('b.id', '=', id)
    .executeTakeFirst();
}

/** Sets links that pointed forward in the file (written after the rows they point to). */
export async function setPersonLinks(
  db: DbOrTx,
  column: 'mother_id' | 'father_id' | 'spouse_id',
  pairs: Array<[string, string]>,
): Promise<void> {
  for (let i = 0; i < pairs.length; i += 5000) {
    const chunk = pairs.slice(i, i + 5000);
    await sql`UPDATE person p SET ${sql.ref(column)} = v.target
      FROM unnest(${chunk.map((c) => c[0])}::uuid[], ${chunk.map((c) => c[1])}::uuid[]) AS v(id, target)
      WHERE p.id = v.id`.execute(db);
  }
}

const snake = (camel: string) => camel.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * The snapshot `snapshotOf` makes, as SQL over a person row: the same fields (SNAPSHOT_FIELDS),
 * the same values (dates as 'YYYY-MM-DD', numbers as numbers, NULL as null). jsonb keeps no key
 * order, so the stored snapshot is the very one `insertPersons` stores.
 */
export const SNAPSHOT_SQL = `jsonb_build_object(${SNAPSHOT_FIELDS.map((f) => `'${f}', p.${snake(f)}`).join(', ')})`;

/**
 * The first history row of every person an import wrote (their ids share the batch's prefix):
 * valid from the birth date, change 'import', as the registry records imported persons.
 */
export async function insertImportHistory(db: DbOrTx, idPrefix: string): Promise<void> {
  await sql`INSERT INTO person_history (person_id, county_code, valid_from, event_id, change, snapshot)
    SELECT p.id, p.county_code, p.birth_date, NULL, 'import', ${sql.raw(SNAPSHOT_SQL)}
      FROM person p
     WHERE p.id BETWEEN ${`${idPrefix}000000000000`}::uuid AND ${`${idPrefix}ffffffffffff`}::uuid`.execute(db);
}
