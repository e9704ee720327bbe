import { sql } from 'kysely';
import type { DbOrTx } from '../db/database.js';
import { caseDb, type CaseKind, type CaseRow, type CaseStatus, type CaseStepRow } from './case.tables.js';

/** SQL of the 两非 case register; policy (who, which status) lives in case.service.ts. */

export type CaseListRow = CaseRow & { unitName: string; unitPath: string };
export type CaseStepView = CaseStepRow & { byName: string | null };

export type CaseFilter = {
  countyCode: string;
  unitPath: string;
  status?: CaseStatus;
  kind?: CaseKind;
  year?: number;
  limit: number;
  offset: number;
};

const withUnit = (db: DbOrTx) =>
  caseDb(db)
    .selectFrom('sexSelectionCase as c')
    .innerJoin('orgUnit as u', 'u.id', 'c.unitId')
    .selectAll('c')
    .select(['u.name as unitName', 'u.path as unitPath']);

export async function listCaseRows(db: DbOrTx, f: CaseFilter): Promise<{ rows: CaseListRow[]; total: number }> {
  let q = caseDb(db)
    .selectFrom('sexSelectionCase as c')
    .innerJoin('orgUnit as u', 'u.id', 'c.unitId')
    .where('c.countyCode', '=', f.countyCode)
    .where('u.path', 'like', `${f.unitPath}%`);
  if (f.status) q = q.where('c.status', '=', f.status);
  if (f.kind) q = q.where('c.kind', '=', f.kind);
  // The year in the number is the year the case was opened.
  if (f.year) q = q.where('c.number', 'like', `两非〔${f.year}〕%`);
  const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await q
    .selectAll('c')
    .select(['u.name as unitName', 'u.path as unitPath'])
    .orderBy('c.openedAt', 'desc')
    .orderBy('c.number', 'desc')
    .limit(f.limit)
    .offset(f.offset)
    .execute();
  return { rows, total: Number(total.n) };
}

export const findCaseRow = (db: DbOrTx, countyCode: string, id: string): Promise<CaseListRow | undefined> =>
  withUnit(db).where('c.countyCode', '=', countyCode).where('c.id', '=', id).executeTakeFirst();

/** The case row locked for the rest of the transaction. */
export const lockCaseRow = (db: DbOrTx, countyCode: string, id: string): Promise<CaseListRow | undefined> =>
  withUnit(db).where('c.countyCode', '=', countyCode).where('c.id', '=', id).forUpdate('c').executeTakeFirst();

export const listCaseSteps = (db: DbOrTx, caseId: string): Promise<CaseStepView[]> =>
  caseDb(db)
    .selectFrom('sexSelectionCaseStep as s')
    .leftJoin('appUser as a', 'a.id', 's.byUser')
    .selectAll('s')
    .select('a.displayName as byName')
    .where('s.caseId', '=', caseId)
    .orderBy('s.stepOn')
    .orderBy('s.at')
    .execute();

/**
 * The next sequence number of a county's cases of a year. The advisory lock serialises openings
 * of the same county and year until commit, so two officers opening at once get 3 and 4, not 3
 * twice (the unique index would refuse the second, but the officer should not see that).
 */
export async function nextCaseSeq(tx: DbOrTx, countyCode: string, year: number): Promise<number> {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`sex_selection_case:${countyCode}:${year}`}))`.execute(tx);
  const rows = await caseDb(tx)
    .selectFrom('sexSelectionCase')
    .select('number')
    .where('countyCode', '=', countyCode)
    .where('number', 'like', `两非〔${year}〕%`)
    .execute();
  let max = 0;
  for (const r of rows) {
    const m = /〕(\d+)号$/.exec(r.number);
    if (m) max = Math.max(max, Number(m[1]));
  }
  return max + 1;
}

export async function insertCaseRow(tx: DbOrTx, row: Omit<CaseRow, 'version'>): Promise<void> {
  await caseDb(tx).insertInto('sexSelectionCase').values(row).execute();
}

export async function insertCaseStep(tx: DbOrTx, row: CaseStepRow): Promise<void> {
  await caseDb(tx).insertInto('sexSelectionCaseStep').values(row).execute();
}

export type CaseChange = Partial<
  Pick<CaseRow, 'status' | 'outcome' | 'outcomeNote' | 'referredTo' | 'referredOn' | 'closedOn'>
>;

/** Applies a change if the row is still at `version`; returns whether it was. */
export async function updateCaseRow(tx: DbOrTx, id: string, version: number, change: CaseChange): Promise<boolean> {
  const r = await caseDb(tx)
    .updateTable('sexSelectionCase')
    .set({ ...change, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
