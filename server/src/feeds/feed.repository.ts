import { sql } from 'kysely';
import type { DbOrTx } from '../db/database.js';
import { feedDb, type FeedBatchRow, type FeedCredentialRow, type FeedRecordRow } from './feed.tables.js';

/** A batch without its bytes: what lists and details read. */
export type FeedBatchSummaryRow = Omit<FeedBatchRow, 'fileBytes'>;

const BATCH_COLUMNS = [
  'id',
  'countyCode',
  'feedType',
  'departmentCode',
  'departmentName',
  'channel',
  'senderUserId',
  'senderCredentialId',
  'senderName',
  'receivedAt',
  'fileName',
  'fileSha256',
  'fileSize',
  'format',
  'encodingRequested',
  'encodingDetected',
  'status',
  'rowCount',
  'recordCount',
  'problemCount',
  'problems',
  'parsedAt',
  'parseCount',
] as const;

export type NewFeedBatch = Omit<FeedBatchRow, 'problems' | 'fileSize'> & { problems: string; fileSize: number };

/**
 * Inserts a batch unless the county already has this file for this feed type.
 * @returns the new batch's id, or undefined when it was there already
 */
export async function insertBatchOnce(db: DbOrTx, batch: NewFeedBatch): Promise<string | undefined> {
  const r = await feedDb(db)
    .insertInto('feedBatch')
    .values(batch)
    .onConflict((oc) => oc.columns(['countyCode', 'feedType', 'fileSha256']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return r?.id;
}

export async function findBatchByFile(
  db: DbOrTx,
  countyCode: string,
  feedType: string,
  sha256: string,
): Promise<FeedBatchSummaryRow | undefined> {
  return feedDb(db)
    .selectFrom('feedBatch')
    .select(BATCH_COLUMNS)
    .where('countyCode', '=', countyCode)
    .where('feedType', '=', feedType)
    .where('fileSha256', '=', sha256)
    .executeTakeFirst();
}

export async function findBatch(db: DbOrTx, countyCode: string, id: string): Promise<FeedBatchSummaryRow | undefined> {
  if (!isUuid(id)) return undefined;
  return feedDb(db)
    .selectFrom('feedBatch')
    .select(BATCH_COLUMNS)
    .where('countyCode', '=', countyCode)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The batch with its bytes, locked for the rest of the transaction (reprocessing). */
export async function lockBatchWithBytes(
  db: DbOrTx,
  countyCode: string,
  id: string,
): Promise<FeedBatchRow | undefined> {
  if (!isUuid(id)) return undefined;
  return feedDb(db)
    .selectFrom('feedBatch')
    .selectAll()
    .where('countyCode', '=', countyCode)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export async function findBatchBytes(
  db: DbOrTx,
  countyCode: string,
  id: string,
): Promise<Pick<FeedBatchRow, 'id' | 'fileName' | 'fileBytes' | 'format' | 'fileSha256'> | undefined> {
  if (!isUuid(id)) return undefined;
  return feedDb(db)
    .selectFrom('feedBatch')
    .select(['id', 'fileName', 'fileBytes', 'format', 'fileSha256'])
    .where('countyCode', '=', countyCode)
    .where('id', '=', id)
    .executeTakeFirst();
}

export type BatchQuery = { feedType?: string; status?: string; channel?: string; page: number; pageSize: number };

export async function listBatches(
  db: DbOrTx,
  countyCode: string,
  q: BatchQuery,
): Promise<{ items: FeedBatchSummaryRow[]; total: number }> {
  let base = feedDb(db).selectFrom('feedBatch').where('countyCode', '=', countyCode);
  if (q.feedType) base = base.where('feedType', '=', q.feedType);
  if (q.status) base = base.where('status', '=', q.status as FeedBatchRow['status']);
  if (q.channel) base = base.where('channel', '=', q.channel as FeedBatchRow['channel']);
  const [items, count] = await Promise.all([
    base
      .select(BATCH_COLUMNS)
      .orderBy('receivedAt', 'desc')
      .orderBy('id')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(count.n) };
}

export type BatchResult = Pick<
  FeedBatchRow,
  'status' | 'format' | 'encodingDetected' | 'rowCount' | 'recordCount' | 'problemCount' | 'parsedAt'
> & { problems: string; encodingRequested?: string };

export async function updateBatchResult(db: DbOrTx, id: string, r: BatchResult): Promise<void> {
  await feedDb(db)
    .updateTable('feedBatch')
    .set({ ...r, parseCount: sql`parse_count + 1` })
    .where('id', '=', id)
    .execute();
}

export type NewFeedRecord = Omit<FeedRecordRow, 'id' | 'details'> & { details: string };

export async function insertRecords(db: DbOrTx, records: NewFeedRecord[]): Promise<void> {
  // 29 columns a row: 1000 rows stay well below PostgreSQL's 65,535 parameters.
  for (let i = 0; i < records.length; i += 1000) {
    await feedDb(db)
      .insertInto('feedRecord')
      .values(records.slice(i, i + 1000))
      .execute();
  }
}

export async function deleteRecords(db: DbOrTx, batchId: string): Promise<number> {
  const r = await feedDb(db).deleteFrom('feedRecord').where('batchId', '=', batchId).executeTakeFirst();
  return Number(r.numDeletedRows);
}

export type RecordQuery = { recordType?: string; page: number; pageSize: number };

export async function listRecords(
  db: DbOrTx,
  batchId: string,
  q: RecordQuery,
): Promise<{
  items: Array<
    Omit<
      FeedRecordRow,
      | 'idNumberSealed'
      | 'motherIdNumberSealed'
      | 'fatherIdNumberSealed'
      | 'spouseIdNumberSealed'
      | 'idNumberHash'
      | 'motherIdNumberHash'
      | 'fatherIdNumberHash'
      | 'spouseIdNumberHash'
    > & { unitName: string | null }
  >;
  total: number;
}> {
  let base = feedDb(db).selectFrom('feedRecord as r').where('r.batchId', '=', batchId);
  if (q.recordType) base = base.where('r.recordType', '=', q.recordType);
  const [items, count] = await Promise.all([
    base
      .leftJoin('orgUnit as u', 'u.id', 'r.unitId')
      .select([
        'r.id',
        'r.batchId',
        'r.rowNumber',
        'r.countyCode',
        'r.feedType',
        'r.recordType',
        'r.idNumberMasked',
        'r.name',
        'r.namePinyin',
        'r.sex',
        'r.birthDate',
        'r.eventDate',
        'r.unitId',
        'r.address',
        'r.motherIdNumberMasked',
        'r.motherName',
        'r.fatherIdNumberMasked',
        'r.fatherName',
        'r.spouseIdNumberMasked',
        'r.spouseName',
        'r.details',
        'u.name as unitName',
      ])
      .orderBy('r.rowNumber')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(count.n) };
}

export async function recordTypeCounts(db: DbOrTx, batchId: string): Promise<Record<string, number>> {
  const rows = await feedDb(db)
    .selectFrom('feedRecord')
    .select(['recordType', (eb) => eb.fn.countAll<string>().as('n')])
    .where('batchId', '=', batchId)
    .groupBy('recordType')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.recordType, Number(r.n)]));
}

// ---------------------------------------------------------------------------------- credentials

export async function insertCredential(
  db: DbOrTx,
  c: Omit<FeedCredentialRow, 'lastUsedAt' | 'revokedAt' | 'revokedBy'>,
): Promise<void> {
  await feedDb(db).insertInto('feedCredential').values(c).execute();
}

export async function listCredentials(
  db: DbOrTx,
  countyCode: string,
): Promise<Array<Omit<FeedCredentialRow, 'secretHash'> & { createdByName: string | null }>> {
  return feedDb(db)
    .selectFrom('feedCredential as c')
    .leftJoin('appUser as u', 'u.id', 'c.createdBy')
    .select([
      'c.id',
      'c.countyCode',
      'c.departmentCode',
      'c.departmentName',
      'c.feedTypes',
      'c.secretPrefix',
      'c.note',
      'c.createdBy',
      'c.createdAt',
      'c.revokedAt',
      'c.revokedBy',
      'c.lastUsedAt',
      'u.displayName as createdByName',
    ])
    .where('c.countyCode', '=', countyCode)
    .orderBy('c.revokedAt', (ob) => ob.desc().nullsFirst())
    .orderBy('c.createdAt', 'desc')
    .execute();
}

export async function findCredential(
  db: DbOrTx,
  countyCode: string,
  id: string,
): Promise<FeedCredentialRow | undefined> {
  if (!isUuid(id)) return undefined;
  return feedDb(db)
    .selectFrom('feedCredential')
    .selectAll()
    .where('countyCode', '=', countyCode)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function findCredentialBySecretHash(db: DbOrTx, hash: string): Promise<FeedCredentialRow | undefined> {
  return feedDb(db).selectFrom('feedCredential').selectAll().where('secretHash', '=', hash).executeTakeFirst();
}

export async function revokeCredential(db: DbOrTx, id: string, by: string | null, at: Date): Promise<boolean> {
  const r = await feedDb(db)
    .updateTable('feedCredential')
    .set({ revokedAt: at, revokedBy: by })
    .where('id', '=', id)
    .where('revokedAt', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function touchCredential(db: DbOrTx, id: string, at: Date): Promise<void> {
  await feedDb(db).updateTable('feedCredential').set({ lastUsedAt: at }).where('id', '=', id).execute();
}

function isUuid(s: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
}
