/**
 * Receiving departments' feeds: every feed is kept as it arrived (bytes, sender, time), parsed
 * into normalised records for record linkage, and can be parsed again. A feed with a bad row is
 * kept too, refused, with its problems; none of its records are written.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Permission } from '../accounts/permissions.js';
import { recordAudit, type Actor } from '../audit/audit.service.js';
import type { Db, DbOrTx } from '../db/database.js';
import { loadCountyUnits } from '../imports/import.repository.js';
import { UnitIndex } from '../imports/import.units.js';
import { clock } from '../lib/clock.js';
import { AppError, ForbiddenError, InvalidInputError, NotFoundError } from '../lib/errors.js';
import { maskIdNumber } from '../lib/idNumber.js';
import { namePinyin } from '../lib/pinyin.js';
import type { Sealer } from '../lib/sealing.js';
import type { EncodingChoice } from '../lib/spreadsheet.js';
import { parseFeed, type FeedContext, type FeedRecordDraft, type ParsedFeed } from './feed.parse.js';
import {
  deleteRecords,
  findBatch,
  findBatchByFile,
  findBatchBytes,
  insertBatchOnce,
  insertRecords,
  listBatches,
  listRecords,
  lockBatchWithBytes,
  recordTypeCounts,
  touchCredential,
  updateBatchResult,
  type BatchQuery,
  type FeedBatchSummaryRow,
  type NewFeedRecord,
  type RecordQuery,
} from './feed.repository.js';
import type { FeedBatch, FeedBatchDetail, FeedProblem, FeedReceipt, FeedRecord, FeedTypeInfo } from './feed.schemas.js';
import type { FeedCredentialRow } from './feed.tables.js';
import { removeLinkageRuns } from '../linkage/linkage.repository.js';
import { FEED_TYPE_CODES, FEED_TYPES, isFeedType, type FeedTypeCode } from './feed.types.js';

export type FeedDeps = { db: Db; sealer: Sealer; maxBytes: number };

/** A county user with feed.manage, or the operator at the server's console (CLI). */
export type FeedUser = {
  userId: string | null;
  username: string;
  displayName: string;
  countyCode: string;
  /** Undefined for the console operator, who may. */
  permissions?: readonly Permission[];
};

export type FeedSender = { kind: 'user'; user: FeedUser } | { kind: 'credential'; credential: FeedCredentialRow };

export class FileTooLargeError extends AppError {
  readonly status = 413;
  readonly code = 'FILE_TOO_LARGE';
  constructor(maxBytes: number) {
    super(`文件超过上限 ${Math.round(maxBytes / 1024 / 1024)} MB（RENKOU_IMPORT_MAX_MB），请拆分后分批发送`);
  }
}

/** @throws ForbiddenError without the permission feed.manage */
export function assertMayManageFeeds(user: FeedUser): void {
  if (user.permissions && !user.permissions.includes('feed.manage')) {
    throw new ForbiddenError('只有县统计员和县系统管理员可以管理部门数据');
  }
}

// ----------------------------------------------------------------------------------------- types

export function listFeedTypes(): FeedTypeInfo[] {
  return FEED_TYPE_CODES.map((code) => {
    const t = FEED_TYPES[code];
    return {
      code,
      nameZh: t.nameZh,
      nameEn: t.nameEn,
      department: t.department,
      recordTypes: [...t.recordTypes],
      businessTypes: Object.keys(t.businessTypes ?? {}),
      columns: t.columns.map((c) => ({
        key: c.key,
        header: c.header,
        synonyms: [...c.synonyms],
        required: c.required,
        note: c.note,
      })),
    };
  });
}

/** @throws InvalidInputError for an unknown type */
export function getFeedType(code: string): FeedTypeCode {
  if (!isFeedType(code))
    throw InvalidInputError.field('feedType', `没有“${code}”这种部门数据类型（可用：${FEED_TYPE_CODES.join('、')}）`);
  return code;
}

// --------------------------------------------------------------------------------------- receive

export type ReceivedFile = { fileName: string; bytes: Buffer; encoding: EncodingChoice; departmentName?: string };

const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

async function feedContext(db: DbOrTx, countyCode: string): Promise<FeedContext> {
  const { units, countyName } = await loadCountyUnits(db, countyCode);
  return { units: new UnitIndex(units, countyName), countyPath: `/${countyCode}/`, today: clock.today() };
}

/** Parses, and keeps a parser failure (a bug, not the file's fault) as a received, unparsed batch. */
async function tryParse(
  db: DbOrTx,
  countyCode: string,
  bytes: Buffer,
  fileName: string,
  type: FeedTypeCode,
  encoding: EncodingChoice,
  maxBytes: number,
): Promise<ParsedFeed | undefined> {
  try {
    return await parseFeed(bytes, fileName, type, await feedContext(db, countyCode), {
      encoding,
      limits: { maxBytes },
    });
  } catch {
    return undefined;
  }
}

function senderOf(sender: FeedSender, type: FeedTypeCode, departmentName?: string) {
  if (sender.kind === 'credential') {
    const c = sender.credential;
    return {
      countyCode: c.countyCode,
      channel: 'api' as const,
      senderUserId: null,
      senderCredentialId: c.id,
      senderName: c.departmentName,
      departmentCode: c.departmentCode,
      departmentName: c.departmentName,
    };
  }
  const u = sender.user;
  const dept = FEED_TYPES[type].department;
  return {
    countyCode: u.countyCode,
    channel: 'upload' as const,
    senderUserId: u.userId,
    senderCredentialId: null,
    senderName: u.displayName,
    departmentCode: dept.code,
    departmentName: departmentName || dept.nameZh,
  };
}

export async function receiveFeed(
  deps: FeedDeps,
  sender: FeedSender,
  actor: Actor,
  type: FeedTypeCode,
  file: ReceivedFile,
): Promise<FeedReceipt> {
  const { db } = deps;
  if (sender.kind === 'user') assertMayManageFeeds(sender.user);
  else if (!sender.credential.feedTypes.includes(type)) {
    await recordAudit(db, actor, {
      action: 'feed.receive',
      objectType: 'feed_credential',
      objectId: sender.credential.id,
      outcome: 'denied',
      detail: { feedType: type },
    });
    throw new ForbiddenError(
      `此接口凭据不能发送“${FEED_TYPES[type].nameZh}”数据（可发送：${sender.credential.feedTypes.map((t) => (isFeedType(t) ? FEED_TYPES[t].nameZh : t)).join('、')}）`,
      'FEED_TYPE_NOT_ALLOWED',
    );
  }
  if (file.bytes.length > deps.maxBytes) throw new FileTooLargeError(deps.maxBytes);
  if (file.bytes.length === 0) throw InvalidInputError.field('file', `${file.fileName}：文件是空的`);
  const who = senderOf(sender, type, file.departmentName);
  const hash = sha256(file.bytes);
  const now = clock.now();
  if (sender.kind === 'credential') await touchCredential(db, sender.credential.id, now);

  const existing = await findBatchByFile(db, who.countyCode, type, hash);
  if (existing) return duplicate(db, actor, existing, file.fileName);

  const parsed = await tryParse(db, who.countyCode, file.bytes, file.fileName, type, file.encoding, deps.maxBytes);
  const records = parsed ? sealRecords(deps.sealer, who.countyCode, type, parsed.records) : [];
  const status = !parsed ? 'received' : parsed.problemCount > 0 ? 'refused' : 'parsed';
  const id = randomUUID();
  const outcome = await db.transaction().execute(async (tx) => {
    const inserted = await insertBatchOnce(tx, {
      id,
      ...who,
      feedType: type,
      receivedAt: now,
      fileName: file.fileName,
      fileSha256: hash,
      fileSize: file.bytes.length,
      fileBytes: file.bytes,
      format: parsed?.format ?? null,
      encodingRequested: file.encoding,
      encodingDetected: parsed?.encoding ?? null,
      status,
      rowCount: parsed?.rowCount ?? 0,
      recordCount: status === 'parsed' ? records.length : 0,
      problemCount: parsed?.problemCount ?? 0,
      problems: JSON.stringify(parsed?.problems ?? []),
      parsedAt: parsed ? now : null,
      parseCount: parsed ? 1 : 0,
    });
    // Sent twice at the same moment: the other transaction kept it.
    if (!inserted) return 'raced' as const;
    if (status === 'parsed')
      await insertRecords(
        tx,
        records.map((r) => ({ ...r, batchId: id })),
      );
    await recordAudit(tx, actor, {
      action: 'feed.receive',
      objectType: 'feed_batch',
      objectId: id,
      outcome: status === 'refused' ? 'failure' : 'success',
      detail: {
        feedType: type,
        channel: who.channel,
        fileName: file.fileName,
        sha256: hash,
        bytes: file.bytes.length,
        status,
        rows: parsed?.rowCount ?? 0,
        records: status === 'parsed' ? records.length : 0,
        problems: parsed?.problemCount ?? 0,
      },
    });
    return 'kept' as const;
  });
  if (outcome === 'raced')
    return duplicate(db, actor, (await findBatchByFile(db, who.countyCode, type, hash))!, file.fileName);
  const batch = await detailOf(db, (await findBatch(db, who.countyCode, id))!);
  return { outcome: status, message: receiptMessage(batch), batch };
}

async function duplicate(db: Db, actor: Actor, existing: FeedBatchSummaryRow, fileName: string): Promise<FeedReceipt> {
  await recordAudit(db, actor, {
    action: 'feed.receive',
    objectType: 'feed_batch',
    objectId: existing.id,
    detail: { duplicate: true, fileName, sha256: existing.fileSha256 },
  });
  const batch = await detailOf(db, existing);
  const when = `同一文件已于 ${fmtTime(existing.receivedAt)} 接收（${batch.fileName}）`;
  const message =
    batch.status === 'refused'
      ? `${fileName}：${when}，当时因 ${batch.problemCount} 处错误被拒绝，不重复保存。${batch.problems[0]?.message ?? ''}`
      : `${fileName}：${when}，不重复保存`;
  return { outcome: 'duplicate', message, batch };
}

function receiptMessage(b: FeedBatchDetail): string {
  switch (b.status) {
    case 'parsed':
      return `${b.fileName}：已接收并解析 ${b.recordCount} 条记录`;
    case 'refused':
      return `${b.fileName} 有 ${b.problemCount} 处错误，已保存原文件但未写入任何记录。${b.problems[0]?.message ?? ''}`;
    case 'received':
      return `${b.fileName}：已接收，解析时发生内部错误，可稍后重新处理`;
  }
}

const fmtTime = (d: Date) => d.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });

/** ID numbers sealed, hashed and masked as the registry keeps person.id_number; names with pinyin. */
function sealRecords(
  sealer: Sealer,
  countyCode: string,
  feedType: FeedTypeCode,
  drafts: FeedRecordDraft[],
): Array<Omit<NewFeedRecord, 'batchId'>> {
  const seal = (id: string | null | undefined) =>
    id
      ? { sealed: sealer.seal(id), hash: sealer.lookupHash(id), masked: maskIdNumber(id) }
      : { sealed: null, hash: null, masked: null };
  // Names repeat (张伟, 王芳): their pinyin is computed once.
  const pinyin = new Map<string, string>();
  const pinyinOf = (name: string) => {
    let v = pinyin.get(name);
    if (v === undefined) pinyin.set(name, (v = namePinyin(name).full));
    return v;
  };
  return drafts.map((d) => {
    const s = seal(d.idNumber);
    const m = seal(d.mother?.idNumber);
    const f = seal(d.father?.idNumber);
    const sp = seal(d.spouse?.idNumber);
    return {
      rowNumber: d.row,
      countyCode,
      feedType,
      recordType: d.recordType,
      idNumberSealed: s.sealed,
      idNumberHash: s.hash,
      idNumberMasked: s.masked,
      name: d.name,
      namePinyin: d.name ? pinyinOf(d.name) : null,
      sex: d.sex,
      birthDate: d.birthDate,
      eventDate: d.eventDate,
      unitId: d.unitId,
      address: d.address,
      motherIdNumberSealed: m.sealed,
      motherIdNumberHash: m.hash,
      motherIdNumberMasked: m.masked,
      motherName: d.mother?.name ?? null,
      fatherIdNumberSealed: f.sealed,
      fatherIdNumberHash: f.hash,
      fatherIdNumberMasked: f.masked,
      fatherName: d.father?.name ?? null,
      spouseIdNumberSealed: sp.sealed,
      spouseIdNumberHash: sp.hash,
      spouseIdNumberMasked: sp.masked,
      spouseName: d.spouse?.name ?? null,
      details: JSON.stringify(d.details),
    };
  });
}

// ------------------------------------------------------------------------------------- reprocess

/**
 * Parses the kept bytes again (after a parser fix, or with another encoding) and replaces the
 * batch's records, in one transaction: a refused result leaves no records.
 * @throws NotFoundError, ForbiddenError
 */
export async function reprocessFeed(
  deps: FeedDeps,
  user: FeedUser,
  actor: Actor,
  id: string,
  opts: { encoding?: EncodingChoice } = {},
): Promise<FeedReceipt> {
  assertMayManageFeeds(user);
  const { db } = deps;
  await db.transaction().execute(async (tx) => {
    const batch = await lockBatchWithBytes(tx, user.countyCode, id);
    if (!batch) throw new NotFoundError('部门数据批次');
    const type = getFeedType(batch.feedType);
    const encoding = (opts.encoding ?? batch.encodingRequested) as EncodingChoice;
    const parsed = await parseFeed(batch.fileBytes, batch.fileName, type, await feedContext(tx, user.countyCode), {
      encoding,
      limits: { maxBytes: Math.max(deps.maxBytes, batch.fileBytes.length) },
    });
    const status = parsed.problemCount > 0 ? 'refused' : 'parsed';
    // Its linkage runs rest on the records about to be replaced: they go with them, unless someone
    // has already acted on one (a task answered, a pair decided), which must not vanish.
    const runsRemoved = await removeLinkageRuns(tx, batch.id);
    const removed = await deleteRecords(tx, batch.id);
    const records = status === 'parsed' ? sealRecords(deps.sealer, user.countyCode, type, parsed.records) : [];
    await insertRecords(
      tx,
      records.map((r) => ({ ...r, batchId: batch.id })),
    );
    await updateBatchResult(tx, batch.id, {
      status,
      format: parsed.format,
      encodingDetected: parsed.encoding,
      rowCount: parsed.rowCount,
      recordCount: records.length,
      problemCount: parsed.problemCount,
      problems: JSON.stringify(parsed.problems),
      parsedAt: clock.now(),
      encodingRequested: encoding,
    });
    await recordAudit(tx, actor, {
      action: 'feed.reprocess',
      objectType: 'feed_batch',
      objectId: batch.id,
      outcome: status === 'refused' ? 'failure' : 'success',
      detail: {
        feedType: type,
        before: batch.status,
        after: status,
        linkageRunsRemoved: runsRemoved,
        recordsRemoved: removed,
        records: records.length,
        problems: parsed.problemCount,
        encoding,
      },
    });
  });
  const batch = await detailOf(db, (await findBatch(db, user.countyCode, id))!);
  return { outcome: batch.status, message: receiptMessage(batch), batch };
}

// ----------------------------------------------------------------------------------------- reads

export async function listFeeds(db: Db, user: FeedUser, q: BatchQuery): Promise<{ items: FeedBatch[]; total: number }> {
  assertMayManageFeeds(user);
  const r = await listBatches(db, user.countyCode, q);
  return { items: r.items.map(batchOf), total: r.total };
}

/** @throws NotFoundError (also for another county's batch) */
export async function getFeed(db: Db, user: FeedUser, id: string): Promise<FeedBatchDetail> {
  assertMayManageFeeds(user);
  const b = await findBatch(db, user.countyCode, id);
  if (!b) throw new NotFoundError('部门数据批次');
  return detailOf(db, b);
}

/** Records of a batch, ID numbers masked. @throws NotFoundError */
export async function listFeedRecords(
  db: Db,
  user: FeedUser,
  id: string,
  q: RecordQuery,
): Promise<{ items: FeedRecord[]; total: number }> {
  assertMayManageFeeds(user);
  const b = await findBatch(db, user.countyCode, id);
  if (!b) throw new NotFoundError('部门数据批次');
  const r = await listRecords(db, b.id, q);
  return {
    total: r.total,
    items: r.items.map((x) => ({
      id: String(x.id),
      rowNumber: x.rowNumber,
      recordType: x.recordType as FeedRecord['recordType'],
      idNumberMasked: x.idNumberMasked,
      name: x.name,
      sex: x.sex,
      birthDate: x.birthDate,
      eventDate: x.eventDate,
      unitId: x.unitId,
      unitName: x.unitName,
      address: x.address,
      motherIdNumberMasked: x.motherIdNumberMasked,
      motherName: x.motherName,
      fatherIdNumberMasked: x.fatherIdNumberMasked,
      fatherName: x.fatherName,
      spouseIdNumberMasked: x.spouseIdNumberMasked,
      spouseName: x.spouseName,
      details: (x.details ?? {}) as Record<string, unknown>,
    })),
  };
}

/** The file exactly as received; the download is audited. @throws NotFoundError */
export async function getFeedFile(
  db: Db,
  user: FeedUser,
  actor: Actor,
  id: string,
): Promise<{ fileName: string; contentType: string; body: Buffer }> {
  assertMayManageFeeds(user);
  const b = await findBatchBytes(db, user.countyCode, id);
  if (!b) throw new NotFoundError('部门数据批次');
  await recordAudit(db, actor, {
    action: 'feed.file.download',
    objectType: 'feed_batch',
    objectId: b.id,
    detail: { fileName: b.fileName, sha256: b.fileSha256 },
  });
  const contentType =
    b.format === 'xlsx'
      ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
      : b.format === 'csv'
        ? 'text/csv'
        : 'application/octet-stream';
  return { fileName: b.fileName, contentType, body: b.fileBytes };
}

function batchOf(b: FeedBatchSummaryRow): FeedBatch {
  const type = b.feedType as FeedTypeCode;
  return {
    id: b.id,
    feedType: type,
    feedTypeName: FEED_TYPES[type]?.nameZh ?? b.feedType,
    departmentCode: b.departmentCode,
    departmentName: b.departmentName,
    channel: b.channel,
    senderName: b.senderName,
    senderUserId: b.senderUserId,
    senderCredentialId: b.senderCredentialId,
    receivedAt: b.receivedAt.toISOString(),
    fileName: b.fileName,
    fileSha256: b.fileSha256,
    fileSize: Number(b.fileSize),
    format: b.format,
    encodingRequested: b.encodingRequested,
    encodingDetected: b.encodingDetected,
    status: b.status,
    rowCount: b.rowCount,
    recordCount: b.recordCount,
    problemCount: b.problemCount,
    parsedAt: b.parsedAt?.toISOString() ?? null,
    parseCount: b.parseCount,
  };
}

async function detailOf(db: DbOrTx, b: FeedBatchSummaryRow): Promise<FeedBatchDetail> {
  return {
    ...batchOf(b),
    problems: (b.problems ?? []) as FeedProblem[],
    recordTypeCounts: await recordTypeCounts(db, b.id),
  };
}
