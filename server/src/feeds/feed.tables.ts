import type { ColumnType, Generated, Selectable } from 'kysely';
import type { DbOrTx } from '../db/database.js';

/**
 * Kysely's view of the feed tables (migration 0010_feeds). They are added to the shared schema
 * with `withTables` where used, so the feeds module owns its table types.
 */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json = ColumnType<unknown, string, string>;

export interface FeedCredentialTable {
  id: string;
  countyCode: string;
  departmentCode: string;
  departmentName: string;
  feedTypes: string[];
  secretHash: string;
  secretPrefix: string;
  note: string | null;
  createdBy: string | null;
  createdAt: Timestamp;
  revokedAt: Timestamp | null;
  revokedBy: string | null;
  lastUsedAt: Timestamp | null;
}

export interface FeedBatchTable {
  id: string;
  countyCode: string;
  feedType: string;
  departmentCode: string;
  departmentName: string;
  channel: 'upload' | 'api';
  senderUserId: string | null;
  senderCredentialId: string | null;
  senderName: string;
  receivedAt: Timestamp;
  fileName: string;
  fileSha256: string;
  fileSize: ColumnType<number | string, number, number>;
  fileBytes: Buffer;
  format: 'xlsx' | 'csv' | null;
  encodingRequested: string;
  encodingDetected: string | null;
  status: 'received' | 'parsed' | 'refused';
  rowCount: number;
  recordCount: number;
  problemCount: number;
  problems: Json;
  parsedAt: Timestamp | null;
  parseCount: number;
}

export interface FeedRecordTable {
  id: Generated<string>;
  batchId: string;
  rowNumber: number;
  countyCode: string;
  feedType: string;
  recordType: string;
  idNumberSealed: string | null;
  idNumberHash: string | null;
  idNumberMasked: string | null;
  name: string | null;
  namePinyin: string | null;
  sex: number | null;
  birthDate: string | null;
  eventDate: string;
  unitId: string | null;
  address: string | null;
  motherIdNumberSealed: string | null;
  motherIdNumberHash: string | null;
  motherIdNumberMasked: string | null;
  motherName: string | null;
  fatherIdNumberSealed: string | null;
  fatherIdNumberHash: string | null;
  fatherIdNumberMasked: string | null;
  fatherName: string | null;
  spouseIdNumberSealed: string | null;
  spouseIdNumberHash: string | null;
  spouseIdNumberMasked: string | null;
  spouseName: string | null;
  details: Json;
}

export type FeedTables = {
  feedCredential: FeedCredentialTable;
  feedBatch: FeedBatchTable;
  feedRecord: FeedRecordTable;
};

export type FeedCredentialRow = Selectable<FeedCredentialTable>;
export type FeedBatchRow = Selectable<FeedBatchTable>;
export type FeedRecordRow = Selectable<FeedRecordTable>;

/** The database (or transaction) with the feed tables known to Kysely. */
export const feedDb = (db: DbOrTx) => db.withTables<FeedTables>();
