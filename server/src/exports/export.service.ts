import type { Writable } from 'node:stream';
import type { CurrentUser } from '../accounts/session.service.js';
import type { Actor } from '../audit/audit.service.js';
import { recordAudit } from '../audit/audit.service.js';
import type { Db } from '../db/database.js';
import { clock } from '../lib/clock.js';
import { ForbiddenError } from '../lib/errors.js';
import { maskIdNumber, normalizeIdNumber, parseIdNumber } from '../lib/idNumber.js';
import type { Sealer } from '../lib/sealing.js';
import { getUnitInScope } from '../org/org.service.js';
import { HOUSEHOLD_COLUMNS, PERSON_COLUMNS, REPORT_COLUMNS, type Column } from './export.columns.js';
import { contentType, exportFilenames, type ExportKind } from './export.files.js';
import type { ExportFormat } from './export.schemas.js';
import {
  householdSource,
  personSource,
  reportSource,
  type ExportSource,
  type HouseholdExportFilter,
  type PersonExportFilter,
  type ReportExportFilter,
} from './export.sources.js';
import { writeCsv, writeXlsx, type CsvEncoding, type Progress } from './export.writers.js';

/**
 * An export is prepared (permission, scope, first page, audit row) before any byte is sent, so
 * every failure up to the audit write — including the audit write itself — is an ordinary
 * error answer and no file leaves the server unaudited. Then the file is streamed.
 */
export type ExportOptions = { format: ExportFormat; encoding: CsvEncoding; unmasked?: boolean };

export type PreparedExport = {
  /** Rows the filters matched when the export started (what the audit row records). */
  rows: number;
  filename: string;
  asciiFilename: string;
  contentType: string;
  /** Streams the file into `out` and ends it; resolves with the number of data rows written. */
  writeTo: (out: Writable, onProgress?: Progress) => Promise<number>;
};

const SHEETS: Record<ExportKind, { sheet: string; action: string }> = {
  persons: { sheet: '人员', action: 'person.export' },
  households: { sheet: '家庭户', action: 'household.export' },
  reports: { sheet: '事件报告', action: 'report.export' },
};

/** Registry data leaves the system only for roles that may read it (not the security or audit administrators). */
function requireReadRight(user: CurrentUser): void {
  if (!user.permissions.includes('person.read')) throw new ForbiddenError('没有导出登记数据的权限');
}

/** The audit row never holds a full ID number, not even one typed into the search box. */
function auditableText(q: string | undefined): string | undefined {
  const text = q?.trim();
  if (!text) return undefined;
  const id = parseIdNumber(text);
  if (id.ok) return maskIdNumber(id.value.idNumber);
  if (/^[\d\sXx０-９]+$/.test(text)) {
    const digits = normalizeIdNumber(text);
    return digits.length > 6 ? `${digits.slice(0, 6)}…` : digits;
  }
  return text;
}

async function prepare<R>(
  db: Db,
  user: CurrentUser,
  actor: Actor,
  kind: ExportKind,
  source: ExportSource<R>,
  columns: ReadonlyArray<Column<R>>,
  filters: Record<string, unknown>,
  opts: ExportOptions,
): Promise<PreparedExport> {
  const unitId = typeof filters.unitId === 'string' ? filters.unitId : undefined;
  // A unit outside the scope names nothing, not even in the file name: the caller's own unit does.
  const unit = unitId ? await getUnitInScope(db, user, unitId).catch(() => null) : null;
  const names = exportFilenames(kind, unit ?? { id: user.unitId, name: user.unitName }, clock.today(), opts.format);
  await recordAudit(db, actor, {
    action: SHEETS[kind].action,
    detail: {
      filters: Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined)),
      format: opts.format,
      ...(opts.format === 'csv' ? { encoding: opts.encoding } : {}),
      unmasked: opts.unmasked ?? false,
      rows: source.total,
    },
  });
  return {
    rows: source.total,
    ...names,
    contentType: contentType(opts.format, opts.encoding),
    writeTo: (out, onProgress) =>
      opts.format === 'xlsx'
        ? writeXlsx(out, SHEETS[kind].sheet, columns, source.pages, { onProgress })
        : writeCsv(out, columns, source.pages, opts.encoding, onProgress),
  };
}

/**
 * Persons the caller can see, filtered as `GET /api/persons`. ID numbers are masked unless the
 * caller holds `person.revealId` and asks for them in full; asking without the right is refused
 * and audited as denied.
 * @throws ForbiddenError; audit write failures propagate (no export without its audit row)
 */
export async function preparePersonExport(
  db: Db,
  sealer: Sealer,
  user: CurrentUser,
  actor: Actor,
  filter: PersonExportFilter,
  opts: ExportOptions,
): Promise<PreparedExport> {
  requireReadRight(user);
  const filters = { ...filter, q: auditableText(filter.q) };
  if (opts.unmasked && !user.permissions.includes('person.revealId')) {
    await recordAudit(db, actor, {
      action: 'person.export',
      outcome: 'denied',
      detail: { filters, format: opts.format, unmasked: true },
    });
    throw new ForbiddenError('没有导出完整身份证号码的权限');
  }
  const source = await personSource(db, sealer, user, filter, opts.unmasked ?? false);
  return prepare(db, user, actor, 'persons', source, PERSON_COLUMNS, source.auditedFilters, opts);
}

/**
 * Households the caller can see, filtered as `GET /api/households`.
 * @throws ForbiddenError
 */
export async function prepareHouseholdExport(
  db: Db,
  user: CurrentUser,
  actor: Actor,
  filter: HouseholdExportFilter,
  opts: ExportOptions,
): Promise<PreparedExport> {
  requireReadRight(user);
  const source = await householdSource(db, user, filter);
  return prepare(db, user, actor, 'households', source, HOUSEHOLD_COLUMNS, source.auditedFilters, {
    ...opts,
    unmasked: false,
  });
}

/**
 * Reports the caller can see, filtered as `GET /api/reports`.
 * @throws ForbiddenError
 */
export async function prepareReportExport(
  db: Db,
  user: CurrentUser,
  actor: Actor,
  filter: ReportExportFilter,
  opts: ExportOptions,
): Promise<PreparedExport> {
  requireReadRight(user);
  const source = await reportSource(db, user, filter);
  return prepare(db, user, actor, 'reports', source, REPORT_COLUMNS, source.auditedFilters, {
    ...opts,
    unmasked: false,
  });
}
