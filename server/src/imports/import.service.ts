/**
 * Bulk import of persons, households and historical events from the files offices keep.
 *
 * Who: the county statistician and the county administrator for the whole county, a township
 * officer for the villages of the township (each row's unit must be in the importer's scope).
 * Village workers report through 村直报 instead. An operator with shell access may import with
 * `renkou import` (scope: the unit given, by default the county).
 *
 * A file is all-or-nothing: it is checked completely first (every bad row listed), then written
 * in one transaction with its `import_batch` row and its audit row. The batch row carries the
 * file's SHA-256, unique per county among successful imports, so the same file is imported once.
 */
import { hasPermission } from '../accounts/permissions.js';
import { randomUUID } from 'node:crypto';
import type { Actor } from '../audit/audit.service.js';
import { recordAudit } from '../audit/audit.service.js';
import type { DatabaseHandle, Db } from '../db/database.js';
import type { Role } from '../db/schema.js';
import { clock } from '../lib/clock.js';
import { ForbiddenError, NotFoundError } from '../lib/errors.js';
import { maskIdNumber } from '../lib/idNumber.js';
import type { Sealer } from '../lib/sealing.js';
import { SpreadsheetError, type SheetLimits } from '../lib/spreadsheet.js';
import { checkEvents, writeEvents } from './import.events.js';
import { FIELDS, KIND_NAMES, type ImportKind } from './import.fields.js';
import { errorReportFile, type FileFormat } from './import.files.js';
import { checkPersons, writePersons, type OnProgress } from './import.persons.js';
import { ProblemLog, type ErrorReportData, type ImportProblem } from './import.problems.js';
import {
  countPersons,
  findBatchWithUnit,
  findSucceededBatch,
  finishBatch,
  insertBatch,
  listBatches,
  loadCountyUnits,
  type ImportBatchRow,
} from './import.repository.js';
import { parseEventRow, parsePersonRow, type RowContext } from './import.rows.js';
import { openImportSource, type ImportOptions, type ImportSource } from './import.source.js';
import { BULK_MIN_ROWS, inImportTransaction } from './import.transaction.js';
import { UnitIndex } from './import.units.js';

/** Who imports: a signed-in user, or the operator running the CLI on the server. */
export type Importer = {
  userId: string | null;
  username: string;
  displayName: string;
  role: Role | 'operator';
  unitId: string;
  unitPath: string;
  countyCode: string;
};

export type ImportDeps = { database: DatabaseHandle; sealer: Sealer; limits?: Partial<SheetLimits> };

export type UploadedFile = { path: string; fileName: string; bytes: number; sha256: string };

export type BatchSummary = {
  id: string;
  kind: ImportKind;
  status: 'succeeded' | 'failed';
  fileName: string;
  fileBytes: number;
  format: string | null;
  encoding: string | null;
  unit: { id: string; name: string };
  importedBy: { username: string; displayName: string };
  startedAt: string;
  finishedAt: string;
  rowCount: number;
  counts: Record<string, unknown>;
  problemCount: number;
  errorReportUrl: string | null;
};

export type ImportResult =
  | { status: 'imported'; batch: BatchSummary; counts: Record<string, unknown>; warnings: ImportProblem[] }
  | { status: 'duplicate'; message: string; batch: BatchSummary }
  | {
      status: 'invalid';
      message: string;
      batchId: string;
      errorReportUrl: string;
      problemCount: number;
      badRowCount: number;
      problems: ImportProblem[];
      warnings: ImportProblem[];
    };

/** @throws ForbiddenError for roles that may not import */
export function assertMayImport(importer: Importer): void {
  // The CLI's operator (someone at the server's console) may; users need the permission.
  if (importer.role !== 'operator' && !hasPermission(importer.role, 'import.run')) {
    throw new ForbiddenError('只有县统计员、县系统管理员和乡镇审核员可以批量导入；村（社区）请通过事件报告登记');
  }
}

async function rowContextFor(db: Db, importer: Importer): Promise<RowContext> {
  const { units, countyName } = await loadCountyUnits(db, importer.countyCode);
  return {
    units: new UnitIndex(units, countyName),
    scopePath: importer.unitPath,
    countyPath: `/${importer.countyCode}/`,
    today: clock.today(),
  };
}

type Checked =
  | { kind: 'persons'; plan: Awaited<ReturnType<typeof checkPersons>> }
  | { kind: 'events'; plan: Awaited<ReturnType<typeof checkEvents>> };

/** Pass 1 of either kind; file-level read errors met on the way become problems. */
async function check(
  deps: ImportDeps,
  importer: Importer,
  kind: ImportKind,
  source: ImportSource,
  log: ProblemLog,
  rowContext: RowContext,
  onProgress?: OnProgress,
): Promise<Checked | undefined> {
  const db = deps.database.db;
  try {
    if (kind === 'persons') {
      const registryHasPersons = (await countPersons(db, importer.countyCode)) > 0;
      const plan = await checkPersons(
        { db, sealer: deps.sealer, countyCode: importer.countyCode, rowContext, registryHasPersons, log, onProgress },
        source,
      );
      if (plan.rowCount === 0) log.fileProblem('表头下面没有数据行');
      return { kind, plan };
    }
    const plan = await checkEvents(
      { db, sealer: deps.sealer, countyCode: importer.countyCode, rowContext, log, onProgress },
      source,
    );
    if (plan.rowCount === 0) log.fileProblem('表头下面没有数据行');
    return { kind, plan };
  } catch (err) {
    if (err instanceof SpreadsheetError) {
      log.fileProblem(err.row ? `第 ${err.row} 行：${err.message}` : err.message);
      return undefined;
    }
    throw err;
  }
}

/**
 * Checks a file and, when every row is right, imports it in one transaction.
 * Answers 'duplicate' for a file already imported (also when the same file arrives twice at
 * once), 'invalid' with every problem when anything is wrong (nothing is written then).
 * @throws ForbiddenError
 */
export async function importFile(
  deps: ImportDeps,
  importer: Importer,
  actor: Actor,
  kind: ImportKind,
  file: UploadedFile,
  options: ImportOptions,
  onProgress?: OnProgress,
  tuning: { bulkMinRows?: number } = {},
): Promise<ImportResult> {
  assertMayImport(importer);
  const db = deps.database.db;
  const startedAt = clock.now();
  const already = await findSucceededBatch(db, importer.countyCode, file.sha256);
  if (already) return duplicate(db, actor, already, file);

  const log = new ProblemLog(file.fileName);
  const rowContext = await rowContextFor(db, importer);
  const source = await openImportSource(file.path, file.fileName, kind, options, log, deps.limits);
  const checked = source && log.ok ? await check(deps, importer, kind, source, log, rowContext, onProgress) : undefined;
  if (!log.ok || !source || !checked) {
    // The same file may have been imported while this copy was checked (its rows now look taken).
    const meanwhile = await findSucceededBatch(db, importer.countyCode, file.sha256);
    if (meanwhile) return duplicate(db, actor, meanwhile, file);
    return refuse(deps, importer, actor, kind, file, options, source, log, startedAt, checked?.plan.rowCount ?? 0);
  }

  const batchId = randomUUID();
  const rowCount = checked.plan.rowCount;
  const base: ImportBatchRow = {
    id: batchId,
    countyCode: importer.countyCode,
    kind,
    status: 'succeeded',
    fileName: file.fileName,
    fileSha256: file.sha256,
    fileBytes: file.bytes,
    format: source.sheet.format,
    encoding: source.sheet.encoding,
    sheetName: source.sheet.sheetName,
    options: { mapping: options.mapping ?? {}, encoding: options.encoding ?? 'auto', sheet: options.sheet ?? null },
    unitId: importer.unitId,
    userId: importer.userId,
    username: importer.username,
    userDisplayName: importer.displayName,
    startedAt,
    finishedAt: startedAt,
    rowCount,
    counts: {},
    problemCount: 0,
    problems: [],
    warnings: log.warnings,
    errorReportSealed: null,
  };
  const bulk =
    kind === 'persons' &&
    rowCount >= (tuning.bulkMinRows ?? BULK_MIN_ROWS) &&
    rowCount > (await countPersons(db, importer.countyCode));
  try {
    const counts = await inImportTransaction(deps.database, { bulk }, async (t) => {
      // First: the batch row. A second upload of this file waits here until the first commits.
      await insertBatch(t.db, base);
      let counts: Record<string, unknown>;
      if (checked.kind === 'persons') {
        counts = await writePersons(
          {
            db: t.db,
            sealer: deps.sealer,
            countyCode: importer.countyCode,
            rowContext,
            registryHasPersons: true,
            log,
            onProgress,
          },
          t,
          source,
          checked.plan,
        );
      } else {
        counts = await writeEvents(
          { db: t.db, sealer: deps.sealer, countyCode: importer.countyCode, rowContext, log, onProgress },
          t.db,
          checked.plan,
          batchId,
        );
      }
      await finishBatch(t.db, batchId, { rowCount, counts, warnings: log.warnings, finishedAt: clock.now() });
      await t.audit(actor, {
        action: `import.${kind}`,
        objectType: 'import_batch',
        objectId: batchId,
        detail: { fileName: file.fileName, sha256: file.sha256, rows: rowCount, counts, bulk },
      });
      return counts;
    });
    const batch = await findBatchWithUnit(db, batchId);
    return { status: 'imported', batch: summarize(batch!), counts, warnings: log.warnings };
  } catch (err) {
    if (isUniqueViolation(err, 'import_batch_file_uq')) {
      const winner = await findSucceededBatch(db, importer.countyCode, file.sha256);
      if (winner) return duplicate(db, actor, winner, file);
    }
    if (isUniqueViolation(err)) {
      // The registry changed between the check and the write (a report confirmed meanwhile).
      log.fileProblem('导入期间登记系统发生了变化（身份证号码或户号已被登记），未导入任何数据；请重新上传以重新检查');
      return refuse(deps, importer, actor, kind, file, options, source, log, startedAt, rowCount);
    }
    throw err;
  }
}

function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const e = err as { code?: string; constraint?: string; message?: string };
  if (e?.code !== '23505') return false;
  return !constraint || e.constraint === constraint || (e.message ?? '').includes(constraint);
}

async function duplicate(db: Db, actor: Actor, batch: ImportBatchRow, file: UploadedFile): Promise<ImportResult> {
  const full = (await findBatchWithUnit(db, batch.id))!;
  await recordAudit(db, actor, {
    action: `import.${batch.kind}`,
    objectType: 'import_batch',
    objectId: batch.id,
    outcome: 'failure',
    detail: { fileName: file.fileName, sha256: file.sha256, reason: 'already_imported' },
  });
  return {
    status: 'duplicate',
    message: `该文件已于 ${formatTime(batch.finishedAt)} 由 ${batch.userDisplayName}（${batch.username}）导入（文件名 ${batch.fileName}，${batch.rowCount} 行），不再重复导入`,
    batch: summarize(full),
  };
}

/** Records the refused file (problems, sealed error report) and its audit row; writes nothing else. */
async function refuse(
  deps: ImportDeps,
  importer: Importer,
  actor: Actor,
  kind: ImportKind,
  file: UploadedFile,
  options: ImportOptions,
  source: ImportSource | undefined,
  log: ProblemLog,
  startedAt: Date,
  /** Data rows read (0 when the file could not be read at all): a refused file says how long it was. */
  rowCount: number,
): Promise<ImportResult> {
  const db = deps.database.db;
  // Rows found wrong only at the end of the check (spouse or household conflicts): fetch their cells.
  const missing = log.rowsMissingCells();
  if (source && missing.size > 0) {
    try {
      for await (const batch of source.dataRows())
        for (const r of batch) if (missing.has(r.row)) log.rowCells(r.row, r.cells);
    } catch {
      /* the problems themselves are already recorded */
    }
  }
  const batchId = randomUUID();
  const report = log.report();
  await db.transaction().execute(async (tx) => {
    await insertBatch(tx, {
      id: batchId,
      countyCode: importer.countyCode,
      kind,
      status: 'failed',
      fileName: file.fileName,
      fileSha256: file.sha256,
      fileBytes: file.bytes,
      format: source?.sheet.format ?? null,
      encoding: source?.sheet.encoding ?? null,
      sheetName: source?.sheet.sheetName ?? null,
      options: { mapping: options.mapping ?? {}, encoding: options.encoding ?? 'auto', sheet: options.sheet ?? null },
      unitId: importer.unitId,
      userId: importer.userId,
      username: importer.username,
      userDisplayName: importer.displayName,
      startedAt,
      finishedAt: clock.now(),
      rowCount,
      counts: {},
      problemCount: log.count,
      problems: log.listed,
      warnings: log.warnings,
      errorReportSealed: deps.sealer.seal(JSON.stringify(report)),
    });
    await recordAudit(tx, actor, {
      action: `import.${kind}`,
      objectType: 'import_batch',
      objectId: batchId,
      outcome: 'failure',
      detail: { fileName: file.fileName, sha256: file.sha256, problems: log.count, badRows: log.badRowCount },
    });
  });
  return {
    status: 'invalid',
    message: log.summary(),
    batchId,
    errorReportUrl: `/api/imports/${batchId}/errors.xlsx`,
    problemCount: log.count,
    badRowCount: log.badRowCount,
    problems: log.listed,
    warnings: log.warnings,
  };
}

export type Preview = {
  kind: ImportKind;
  fileName: string;
  format: string | null;
  encoding: string | null;
  delimiter: string | null;
  sheetName: string | null;
  sheetNames: string[];
  headerRow: number | null;
  headers: Array<{ column: string; header: string; labels: string[]; field: string | null }>;
  mapping: Record<string, string>;
  unmapped: string[];
  fields: Array<{ key: string; header: string; required: boolean; note: string }>;
  sample: Array<{ row: number; values: Record<string, string | number | null>; problems: string[] }>;
  rowCount: number;
  problemCount: number;
  badRowCount: number;
  problems: ImportProblem[];
  warnings: ImportProblem[];
  alreadyImported: BatchSummary | null;
};

const SAMPLE_ROWS = 10;

/**
 * What the import would do with this file, without writing: the header found, the suggested
 * mapping, the first rows as they would be read (ID numbers masked), and every problem.
 * @throws ForbiddenError
 */
export async function previewFile(
  deps: ImportDeps,
  importer: Importer,
  actor: Actor,
  kind: ImportKind,
  file: UploadedFile,
  options: ImportOptions,
): Promise<Preview> {
  assertMayImport(importer);
  const db = deps.database.db;
  const log = new ProblemLog(file.fileName);
  const rowContext = await rowContextFor(db, importer);
  const source = await openImportSource(file.path, file.fileName, kind, options, log, deps.limits);
  const already = await findSucceededBatch(db, importer.countyCode, file.sha256);
  const sample: Preview['sample'] = [];
  let rowCount = 0;
  if (source) {
    try {
      for await (const batch of source.dataRows()) {
        for (const r of batch) {
          if (sample.length >= SAMPLE_ROWS) break;
          const parsed =
            kind === 'persons'
              ? parsePersonRow(r.row, r.cells, source.byField, rowContext)
              : parseEventRow(r.row, r.cells, source.byField, rowContext);
          sample.push({
            row: r.row,
            values: sampleValues(parsed.record),
            problems: parsed.problems.map((p) =>
              p.column ? `${p.column.header}（${p.column.letter}列）：${p.message}` : p.message,
            ),
          });
        }
        if (sample.length >= SAMPLE_ROWS) break;
      }
    } catch (err) {
      if (!(err instanceof SpreadsheetError)) throw err;
    }
    if (log.ok) {
      const checked = await check(deps, importer, kind, source, log, rowContext);
      rowCount = checked?.plan.rowCount ?? 0;
    }
  }
  await recordAudit(db, actor, {
    action: `import.${kind}.preview`,
    objectType: 'import_file',
    objectId: file.sha256,
    detail: { fileName: file.fileName, rows: rowCount, problems: log.count },
  });
  const fieldOf = new Map(source?.columns.map((c) => [c.index, c.field]) ?? []);
  return {
    kind,
    fileName: file.fileName,
    format: source?.sheet.format ?? null,
    encoding: source?.sheet.encoding ?? null,
    delimiter: source?.sheet.delimiter ?? null,
    sheetName: source?.sheet.sheetName ?? null,
    sheetNames: source?.sheet.sheetNames ?? [],
    headerRow: source?.header.bottom ?? null,
    headers:
      source?.header.columns.map((c) => ({
        column: c.letter,
        header: c.display,
        labels: c.labels,
        field: fieldOf.get(c.index) ?? null,
      })) ?? [],
    mapping: source?.suggested ?? {},
    unmapped: source?.unmapped ?? [],
    fields: FIELDS[kind].map((f) => ({ key: f.key, header: f.header, required: f.required, note: f.note })),
    sample,
    rowCount,
    problemCount: log.count,
    badRowCount: log.badRowCount,
    problems: log.listed,
    warnings: log.warnings,
    alreadyImported: already ? summarize((await findBatchWithUnit(db, already.id))!) : null,
  };
}

function sampleValues(record: object | undefined): Record<string, string | number | null> {
  if (!record) return {};
  const out: Record<string, string | number | null> = {};
  for (const [k, v] of Object.entries(record)) {
    if (k === 'row') continue;
    if (typeof v === 'string' && /IdNumber$|^idNumber$/.test(k)) out[k] = maskIdNumber(v);
    else if (typeof v === 'boolean') out[k] = v ? '是' : '否';
    else out[k] = (v as string | number | null) ?? null;
  }
  return out;
}

type BatchWithUnit = NonNullable<Awaited<ReturnType<typeof findBatchWithUnit>>>;

function summarize(b: BatchWithUnit): BatchSummary {
  return {
    id: b.id,
    kind: b.kind,
    status: b.status,
    fileName: b.fileName,
    fileBytes: Number(b.fileBytes),
    format: b.format,
    encoding: b.encoding,
    unit: { id: b.unitId, name: b.unitName },
    importedBy: { username: b.username, displayName: b.userDisplayName },
    startedAt: new Date(b.startedAt).toISOString(),
    finishedAt: new Date(b.finishedAt).toISOString(),
    rowCount: b.rowCount,
    counts: (b.counts ?? {}) as Record<string, unknown>,
    problemCount: b.problemCount,
    errorReportUrl: b.status === 'failed' ? `/api/imports/${b.id}/errors.xlsx` : null,
  };
}

const formatTime = (d: Date | string) =>
  new Date(new Date(d).getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

/** Batches the caller may see: those of their unit and the units below it. */
export async function listImports(
  db: Db,
  importer: Pick<Importer, 'unitPath'>,
  q: { status?: 'succeeded' | 'failed'; kind?: ImportKind; page: number; pageSize: number },
) {
  const { items, total } = await listBatches(db, importer.unitPath, q);
  return {
    total,
    items: items.map((b) => ({
      id: b.id,
      kind: b.kind,
      kindName: KIND_NAMES[b.kind],
      status: b.status,
      fileName: b.fileName,
      fileBytes: Number(b.fileBytes),
      unit: { id: b.unitId, name: b.unitName },
      importedBy: { username: b.username, displayName: b.userDisplayName },
      startedAt: new Date(b.startedAt).toISOString(),
      finishedAt: new Date(b.finishedAt).toISOString(),
      rowCount: b.rowCount,
      counts: (b.counts ?? {}) as Record<string, unknown>,
      problemCount: b.problemCount,
      errorReportUrl: b.status === 'failed' ? `/api/imports/${b.id}/errors.xlsx` : null,
    })),
  };
}

/** @throws NotFoundError for a batch that does not exist or is outside the caller's scope */
async function getBatchInScope(db: Db, importer: Pick<Importer, 'unitPath'>, id: string): Promise<BatchWithUnit> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw new NotFoundError('导入批次');
  const b = await findBatchWithUnit(db, id);
  if (!b || !b.unitPath.startsWith(importer.unitPath)) throw new NotFoundError('导入批次');
  return b;
}

/** @throws NotFoundError */
export async function getImport(db: Db, importer: Pick<Importer, 'unitPath'>, id: string) {
  const b = await getBatchInScope(db, importer, id);
  return {
    ...summarize(b),
    problems: b.problems as ImportProblem[],
    warnings: b.warnings as ImportProblem[],
    options: b.options,
  };
}

/**
 * The error report of a refused file: its bad rows with their original cells (ID numbers
 * included, as the importer sent them) and 错误说明. Audited, like any export of personal data.
 * @throws NotFoundError (also for a successful batch: it has no error report)
 */
export async function getErrorReport(
  db: Db,
  sealer: Sealer,
  importer: Importer,
  actor: Actor,
  id: string,
  format: FileFormat,
) {
  assertMayImport(importer);
  const b = await getBatchInScope(db, importer, id);
  if (!b.errorReportSealed) throw new NotFoundError('错误报告');
  const data = JSON.parse(sealer.open(b.errorReportSealed)) as ErrorReportData;
  await recordAudit(db, actor, {
    action: 'import.errors.download',
    objectType: 'import_batch',
    objectId: id,
    detail: { format, rows: data.rows.length },
  });
  return errorReportFile(data, format);
}
