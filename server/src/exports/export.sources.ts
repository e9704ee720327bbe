import type { CurrentUser } from '../accounts/session.service.js';
import type { Db } from '../db/database.js';
import type { Sealer } from '../lib/sealing.js';
import { listUnitsUnder } from '../org/org.repository.js';
import { scopedUnitPath } from '../org/org.service.js';
import { householdListQuery, type HouseholdFilter } from '../registry/household.service.js';
import { personListQuery, type PersonFilter } from '../registry/person.service.js';
import { selectReportList } from '../reporting/report.repository.js';
import { reportListFilter, type ReportFilter } from '../reporting/report.service.js';
import type { HouseholdExportRow, PersonExportRow, ReportExportRow } from './export.columns.js';

/**
 * Where exported rows come from. Scope and filters are exactly those of the lists on screen:
 * the query is the list's own (`personListQuery`, `householdListQuery`, `reportListFilter`),
 * without its paging and audit. It is read unit by unit (in the order of the division tree) and
 * within a unit in keyset pages, so each page is one indexed query and memory stays flat for a
 * county of 700,000 people. The export's own audit row is the only one it writes.
 */
export const EXPORT_PAGE_SIZE = 5000;

export type ExportSource<R> = { total: number; pages: AsyncIterable<R[]>; auditedFilters: Record<string, unknown> };

export type PersonExportFilter = PersonFilter;
export type HouseholdExportFilter = HouseholdFilter;
export type ReportExportFilter = ReportFilter;

/** Units the caller's rows can belong to, in tree order; the list query decides which rows. */
async function unitsInScope(db: Db, user: CurrentUser, unitId: string | undefined): Promise<string[]> {
  const path = unitId ? await scopedUnitPath(db, user, unitId) : user.unitPath;
  return (await listUnitsUnder(db, path, true)).map((u) => u.id);
}

/** Keyset pages per unit: `page(unitId, after)` returns up to EXPORT_PAGE_SIZE rows past the cursor. */
async function* unitByUnit<C, T, R>(
  units: string[],
  page: (unitId: string, after: C | undefined) => Promise<T[]>,
  cursorOf: (row: T) => C,
  complete: (rows: T[]) => Promise<R[]>,
): AsyncGenerator<R[]> {
  for (const unitId of units) {
    let after: C | undefined;
    for (;;) {
      const rows = await page(unitId, after);
      if (rows.length) yield await complete(rows);
      if (rows.length < EXPORT_PAGE_SIZE) break;
      after = cursorOf(rows.at(-1)!);
    }
  }
}

type Place = { townshipName: string | null; villageName: string; villageCode: string };

/**
 * The township and village of an owning unit (a village, or a group 组 below it), from the
 * unit's path. Cached for the export: a county has a few hundred villages.
 */
function placeLookup(db: Db) {
  const cache = new Map<string, Place>();
  return async (unitIds: readonly string[]): Promise<Map<string, Place>> => {
    const missing = [...new Set(unitIds)].filter((id) => !cache.has(id));
    if (missing.length) {
      const units = await db.selectFrom('orgUnit').select(['id', 'name', 'path']).where('id', 'in', missing).execute();
      const ancestorIds = [...new Set(units.flatMap((u) => u.path.split('/').filter(Boolean)))];
      const ancestors = await db
        .selectFrom('orgUnit')
        .select(['id', 'name', 'level'])
        .where('id', 'in', ancestorIds)
        .execute();
      const byId = new Map(ancestors.map((a) => [a.id, a]));
      for (const u of units) {
        const chain = u.path
          .split('/')
          .filter(Boolean)
          .map((id) => byId.get(id));
        const township = chain.find((a) => a?.level === 'township');
        const village = chain.find((a) => a?.level === 'village');
        cache.set(u.id, {
          townshipName: township?.name ?? null,
          villageName: village?.name ?? u.name,
          villageCode: village?.id ?? u.id,
        });
      }
    }
    return cache;
  };
}

const placeOf = (places: Map<string, Place>, unit: { id: string; name: string }): Place =>
  places.get(unit.id) ?? { townshipName: null, villageName: unit.name, villageCode: unit.id };

/** Persons as `GET /api/persons` lists them for this caller and these filters, village by village. */
export async function personSource(
  db: Db,
  sealer: Sealer,
  user: CurrentUser,
  filter: PersonExportFilter,
  unmasked: boolean,
): Promise<ExportSource<PersonExportRow>> {
  const { query, auditedQ } = await personListQuery(db, sealer, user, filter);
  const places = placeLookup(db);
  const pages = unitByUnit(
    await unitsInScope(db, user, filter.unitId),
    (unitId, after: { name: string; id: string } | undefined) => {
      let q = query.leftJoin('household as h', 'h.id', 'p.householdId').where('p.hukouUnitId', '=', unitId);
      if (after) q = q.where((eb) => eb(eb.refTuple('p.name', 'p.id'), '>', eb.tuple(after.name, after.id)));
      return q
        .select([
          'p.id',
          'p.name',
          'p.idNumberMasked',
          'p.idNumberSealed',
          'p.sex',
          'p.birthDate',
          'p.ethnicity',
          'p.relationship',
          'p.maritalStatus',
          'p.hukouType',
          'p.hukouUnitId',
          'hu.name as hukouUnitName',
          'h.householdNumber',
          'p.status',
          'p.deathDate',
          'p.leftDate',
        ])
        .orderBy('p.name')
        .orderBy('p.id')
        .limit(EXPORT_PAGE_SIZE)
        .execute();
    },
    (r) => ({ name: r.name, id: r.id }),
    async (rows) => {
      const placeMap = await places(rows.map((r) => r.hukouUnitId));
      return rows.map((r) => ({
        name: r.name,
        idNumber: unmasked && r.idNumberSealed ? sealer.open(r.idNumberSealed) : r.idNumberMasked,
        sex: r.sex,
        birthDate: r.birthDate,
        ethnicity: r.ethnicity,
        relationship: r.relationship,
        maritalStatus: r.maritalStatus,
        hukouType: r.hukouType,
        ...placeOf(placeMap, { id: r.hukouUnitId, name: r.hukouUnitName }),
        householdNumber: r.householdNumber,
        status: r.status,
        deathDate: r.deathDate,
        leftDate: r.leftDate,
      }));
    },
  );
  return {
    total: Number((await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n),
    pages,
    auditedFilters: { ...filter, q: auditedQ || undefined },
  };
}

/** Households as `GET /api/households` lists them for this caller and these filters, village by village. */
export async function householdSource(
  db: Db,
  user: CurrentUser,
  filter: HouseholdExportFilter,
): Promise<ExportSource<HouseholdExportRow>> {
  const query = await householdListQuery(db, user, filter);
  const places = placeLookup(db);
  const pages = unitByUnit(
    await unitsInScope(db, user, filter.unitId),
    (unitId, after: { householdNumber: string } | undefined) => {
      let q = query.where('h.unitId', '=', unitId);
      if (after) q = q.where('h.householdNumber', '>', after.householdNumber);
      return q
        .select((eb) => [
          'h.householdNumber',
          'h.address',
          'h.hukouType',
          'h.unitId',
          'o.name as unitName',
          eb
            .selectFrom('person')
            .select('name')
            .whereRef('person.householdId', '=', 'h.id')
            .where('person.relationship', '=', '02')
            .limit(1)
            .as('headName'),
          eb
            .selectFrom('person')
            .select((e) => e.fn.countAll<number>().as('n'))
            .whereRef('person.householdId', '=', 'h.id')
            .where('person.status', '=', 'active')
            .as('activeMembers'),
        ])
        .orderBy('h.householdNumber')
        .limit(EXPORT_PAGE_SIZE)
        .execute();
    },
    (r) => ({ householdNumber: r.householdNumber }),
    async (rows) => {
      const placeMap = await places(rows.map((r) => r.unitId));
      return rows.map((r) => ({
        householdNumber: r.householdNumber,
        headName: r.headName ?? null,
        address: r.address,
        hukouType: r.hukouType,
        ...placeOf(placeMap, { id: r.unitId, name: r.unitName }),
        activeMembers: Number(r.activeMembers ?? 0),
      }));
    },
  );
  return {
    total: Number((await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n),
    pages,
    auditedFilters: { ...filter },
  };
}

/** Reports as `GET /api/reports` lists them for this caller and these filters, village by village, newest event first. */
export async function reportSource(
  db: Db,
  user: CurrentUser,
  filter: ReportExportFilter,
): Promise<ExportSource<ReportExportRow>> {
  const query = await reportListFilter(db, user, filter);
  const places = placeLookup(db);
  const pages = unitByUnit(
    await unitsInScope(db, user, filter.unitId),
    (unitId, after: { eventDate: string; id: string } | undefined) => {
      let q = query.where('r.unitId', '=', unitId);
      if (after) q = q.where((eb) => eb(eb.refTuple('r.eventDate', 'r.id'), '<', eb.tuple(after.eventDate, after.id)));
      return selectReportList(db, q)
        .orderBy('r.eventDate', 'desc')
        .orderBy('r.id', 'desc')
        .limit(EXPORT_PAGE_SIZE)
        .execute();
    },
    (r) => ({ eventDate: r.eventDate, id: r.id }),
    async (rows) => {
      const placeMap = await places(rows.map((r) => r.unitId));
      return rows.map((r) => ({
        type: r.type,
        status: r.status,
        ...placeOf(placeMap, { id: r.unitId, name: r.unitName }),
        eventDate: r.eventDate,
        reportedOn: r.reportedOn,
        summary: r.summary,
        reporterName: r.reporterName,
        updatedAt: r.updatedAt.toISOString(),
        lastReason: r.lastReason ?? null,
      }));
    },
  );
  return {
    total: Number((await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n),
    pages,
    auditedFilters: { ...filter },
  };
}
