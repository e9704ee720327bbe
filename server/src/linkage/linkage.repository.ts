/**
 * Storage of linkage runs, match results and findings (migration 0012_linkage). Queries only: no
 * scope or policy here; callers pass the county and the unit path.
 */
import { sql, type ColumnType, type Generated, type Selectable } from 'kysely';
import type { DbOrTx } from '../db/database.js';
import type { FeedTables } from '../feeds/feed.tables.js';
import { ConflictError } from '../lib/errors.js';
import { escapeLike } from '../org/org.repository.js';
import type { LinkedPerson } from './linkage.classify.js';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json = ColumnType<unknown, string, string>;

export interface LinkageRunTable {
  id: string;
  countyCode: string;
  batchId: string;
  startedAt: Timestamp;
  finishedAt: Timestamp;
  startedBy: string | null;
  current: boolean;
  model: Json;
  stats: Json;
}

export interface LinkageResultTable {
  id: Generated<string>;
  runId: string;
  countyCode: string;
  feedRecordId: string;
  role: 'subject' | 'mother' | 'spouse';
  status: 'match' | 'review' | 'nonmatch';
  reason: string;
  personId: string | null;
  weight: number | null;
  probability: number | null;
  verdict: string;
  candidates: Json;
  unitId: string | null;
  decision: 'match' | 'nonmatch' | null;
  decidedPersonId: string | null;
  decidedBy: string | null;
  decidedAt: Timestamp | null;
  decisionNote: string | null;
}

export interface LinkageFindingTable {
  id: string;
  countyCode: string;
  runId: string;
  feedRecordId: string;
  feedType: string;
  recordType: string;
  kind: 'consistent' | 'different' | 'missing' | 'contradicted' | 'unmatched' | 'pending';
  personId: string | null;
  unitId: string | null;
  eventDate: string;
  summary: string;
  differences: Json;
  taskStatus: 'open' | 'reported' | 'disputed' | 'closed' | null;
  dueOn: string | null;
  resolvedBy: string | null;
  resolvedAt: Timestamp | null;
  resolutionNote: string | null;
  reportId: string | null;
  createdAt: Timestamp;
}

export type LinkageTables = FeedTables & {
  linkageRun: LinkageRunTable;
  linkageResult: LinkageResultTable;
  linkageFinding: LinkageFindingTable;
};

export type LinkageResultRow = Selectable<LinkageResultTable>;
export type LinkageFindingRow = Selectable<LinkageFindingTable>;

/** The database (or transaction) with the feed and linkage tables known to Kysely. */
export const linkageDb = (db: DbOrTx) => db.withTables<LinkageTables>();

/** Units under a path, for scoping by unit_id. */
const unitsUnder = (unitPath: string) =>
  sql<string>`(SELECT id FROM org_unit WHERE path LIKE ${`${escapeLike(unitPath)}%`})`;

/**
 * A row is in scope when its unit lies under the caller's unit; rows without a unit (a record
 * naming nobody in the county) only for the county level.
 */
export const inScope = (column: string, unitPath: string, countyLevel: boolean) =>
  countyLevel
    ? sql<boolean>`(${sql.ref(column)} IS NULL OR ${sql.ref(column)} IN ${unitsUnder(unitPath)})`
    : sql<boolean>`${sql.ref(column)} IN ${unitsUnder(unitPath)}`;

export type RegistryRow = LinkedPerson & {
  idNumberHash: string | null;
  idNumberMasked: string | null;
  namePinyin: string;
};

/** Every person of the county as linkage reads them (the alive, the dead and those who left). */
export async function registryOf(db: DbOrTx, countyCode: string): Promise<RegistryRow[]> {
  return db
    .selectFrom('person')
    .select([
      'id',
      'idNumberHash',
      'idNumberMasked',
      'name',
      'namePinyin',
      'sex',
      'birthDate',
      'status',
      'deathDate',
      'hukouUnitId',
      'spouseId',
    ])
    .where('countyCode', '=', countyCode)
    .execute();
}

export async function personsByIds(db: DbOrTx, ids: readonly string[]): Promise<LinkedPerson[]> {
  const out: LinkedPerson[] = [];
  for (let i = 0; i < ids.length; i += 5000) {
    const chunk = ids.slice(i, i + 5000);
    if (!chunk.length) continue;
    out.push(
      ...(await db
        .selectFrom('person')
        .select(['id', 'name', 'sex', 'birthDate', 'status', 'deathDate', 'hukouUnitId', 'spouseId'])
        .where('id', 'in', chunk)
        .execute()),
    );
  }
  return out;
}

/** The registry children of each mother. */
export async function childrenOf(db: DbOrTx, motherIds: readonly string[]): Promise<Map<string, LinkedPerson[]>> {
  const byMother = new Map<string, LinkedPerson[]>();
  for (let i = 0; i < motherIds.length; i += 5000) {
    const chunk = motherIds.slice(i, i + 5000);
    if (!chunk.length) continue;
    const rows = await db
      .selectFrom('person')
      .select(['id', 'motherId', 'name', 'sex', 'birthDate', 'status', 'deathDate', 'hukouUnitId', 'spouseId'])
      .where('motherId', 'in', chunk)
      .execute();
    for (const { motherId, ...c } of rows) {
      const list = byMother.get(motherId!) ?? [];
      list.push(c);
      byMother.set(motherId!, list);
    }
  }
  return byMother;
}

/** Display fields of the candidates a reviewer compares: never the full ID number. */
export async function candidateCards(db: DbOrTx, ids: readonly string[]) {
  if (!ids.length) return [];
  return db
    .selectFrom('person as p')
    .innerJoin('orgUnit as u', 'u.id', 'p.hukouUnitId')
    .select([
      'p.id',
      'p.name',
      'p.sex',
      'p.birthDate',
      'p.idNumberMasked',
      'p.status',
      'p.hukouUnitId',
      'u.name as unitName',
    ])
    .where('p.id', 'in', [...ids])
    .execute();
}

/**
 * Removes the linkage runs of a batch whose records are about to be parsed again, with their
 * results and findings; returns how many. Refuses when a task was answered or a pair decided.
 * @throws ConflictError when someone has acted on a result of these runs
 */
export async function removeLinkageRuns(db: DbOrTx, batchId: string): Promise<number> {
  const t = linkageDb(db);
  const runs = t.selectFrom('linkageRun').select('id').where('batchId', '=', batchId);
  const acted = await t
    .selectFrom('linkageFinding')
    .select(sql<string>`id::text`.as('id'))
    .where('runId', 'in', runs)
    .where('taskStatus', 'in', ['reported', 'disputed'])
    .union(
      t
        .selectFrom('linkageResult')
        .select(sql<string>`id::text`.as('id'))
        .where('runId', 'in', runs)
        .where('decision', 'is not', null),
    )
    .limit(1)
    .execute();
  if (acted.length) {
    throw new ConflictError(
      '该批数据的比对结果已有人处理（任务已补报或已说明、或已人工确认），不能重新解析；如文件有误，请重新报送更正后的文件',
    );
  }
  await t.deleteFrom('linkageFinding').where('runId', 'in', runs).execute();
  await t.deleteFrom('linkageResult').where('runId', 'in', runs).execute();
  return Number((await t.deleteFrom('linkageRun').where('batchId', '=', batchId).executeTakeFirst()).numDeletedRows);
}
