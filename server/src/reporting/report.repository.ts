import { sql } from 'kysely';
import type { DbOrTx } from '../db/database.js';
import type { ReportActionType, ReportRow, ReportStatus } from '../db/schema.js';
import { clock } from '../lib/clock.js';

export function reportListQuery(db: DbOrTx) {
  return db
    .selectFrom('report as r')
    .innerJoin('orgUnit as o', 'o.id', 'r.unitId')
    .innerJoin('appUser as u', 'u.id', 'r.reporterId');
}

export const REPORT_LIST_COLUMNS = [
  'r.id',
  'r.type',
  'r.status',
  'r.unitId',
  'o.name as unitName',
  'o.path as unitPath',
  'r.eventDate',
  'r.reportedOn',
  'r.summary',
  'r.reporterId',
  'u.displayName as reporterName',
  'r.updatedAt',
  'r.version',
  'r.subjectPersonId',
  'r.resultPersonId',
  'r.payload',
] as const;

/** List columns plus the reason of the latest return or cancellation, so lists need not open reports. */
export function selectReportList(_db: DbOrTx, q: ReturnType<typeof reportListQuery>) {
  return q
    .select(REPORT_LIST_COLUMNS)
    .select((eb) =>
      eb
        .selectFrom('reportAction as ra')
        .select('ra.reason')
        .whereRef('ra.reportId', '=', 'r.id')
        .where('ra.action', 'in', ['return', 'cancel'])
        .orderBy('ra.id', 'desc')
        .limit(1)
        .as('lastReason'),
    );
}

export async function findReportWithUnit(db: DbOrTx, id: string) {
  return selectReportList(db, reportListQuery(db)).where('r.id', '=', id).executeTakeFirst();
}

export async function listActions(db: DbOrTx, reportId: string) {
  return db
    .selectFrom('reportAction as a')
    .innerJoin('appUser as u', 'u.id', 'a.userId')
    .select(['a.at', 'a.userId', 'u.displayName', 'a.action', 'a.fromStatus', 'a.toStatus', 'a.reason'])
    .where('a.reportId', '=', reportId)
    .orderBy('a.id')
    .execute();
}

/**
 * The optimistic lock: moves a report from one of the expected states to the next only if
 * nobody changed it since the caller saw `version`. Returns undefined when someone did.
 */
export async function transitionReport(
  tx: DbOrTx,
  input: {
    id: string;
    version: number;
    from: ReportStatus[];
    to: ReportStatus;
    action: ReportActionType;
    userId: string;
    reason?: string | null;
    set?: Partial<Pick<ReportRow, 'eventDate' | 'summary' | 'subjectPersonId' | 'resultPersonId'>> & {
      payload?: string;
    };
  },
): Promise<ReportRow | undefined> {
  const now = clock.now();
  const before = await tx.selectFrom('report').select('status').where('id', '=', input.id).executeTakeFirst();
  const row = await tx
    .updateTable('report')
    .set({ ...input.set, status: input.to, version: sql`version + 1`, updatedAt: now })
    .where('id', '=', input.id)
    .where('version', '=', input.version)
    .where('status', 'in', input.from)
    .returningAll()
    .executeTakeFirst();
  if (!row) return undefined;
  await tx
    .insertInto('reportAction')
    .values({
      reportId: input.id,
      countyCode: row.countyCode,
      at: now,
      userId: input.userId,
      action: input.action,
      fromStatus: before?.status ?? null,
      toStatus: input.to,
      reason: input.reason ?? null,
    })
    .execute();
  return row;
}
