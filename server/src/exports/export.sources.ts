import type { CurrentUser } from '../accounts/session.service.js';
import type { Actor } from '../audit/audit.service.js';
import type { Db } from '../db/database.js';
import type { Sealer } from '../lib/sealing.js';
import { searchHouseholds } from '../registry/household.service.js';
import type { PersonSearchQuery } from '../registry/person.schemas.js';
import { searchPersons } from '../registry/person.service.js';
import type { ReportQuery } from '../reporting/report.schemas.js';
import { listReports } from '../reporting/report.service.js';
import type { HouseholdExportRow, PersonExportRow, ReportExportRow } from './export.columns.js';

/**
 * Where exported rows come from. Scope and filters are exactly those of the lists on screen,
 * because the rows come from the same service functions (`searchPersons`, `searchHouseholds`,
 * `listReports`) page by page; each page is then completed with the columns a file needs but
 * a list does not show, looked up by the ids the scoped search returned.
 *
 * Pages are fetched one at a time and written out before the next is read, so memory stays
 * flat for a county of 700,000 people. Each page is also a search, and the search functions
 * audit themselves: a large export leaves one `*.search` audit row per page of EXPORT_PAGE_SIZE
 * beside its one `*.export` row. (docs/export.md; a filter-only query builder in the registry
 * services would let this become one keyset cursor.)
 */
export const EXPORT_PAGE_SIZE = 5000;

export type ExportSource<R> = { total: number; pages: AsyncIterable<R[]> };

export type PersonExportFilter = Omit<PersonSearchQuery, 'page' | 'pageSize'>;
export type HouseholdExportFilter = { q?: string; unitId?: string };
export type ReportExportFilter = Omit<ReportQuery, 'page' | 'pageSize'>;

/**
 * Reads the first page at once, so a bad filter or a missing permission fails before the first
 * byte of the file is sent, and the total is known for the audit row.
 */
export async function paged<T, R>(
  fetchPage: (page: number) => Promise<{ items: T[]; total: number }>,
  complete: (items: T[]) => Promise<R[]>,
  pageSize = EXPORT_PAGE_SIZE,
): Promise<ExportSource<R>> {
  const first = await fetchPage(1);
  async function* pages(): AsyncGenerator<R[]> {
    let items = first.items;
    for (let page = 1; items.length > 0; ) {
      yield await complete(items);
      if (items.length < pageSize) return;
      items = (await fetchPage(++page)).items;
    }
  }
  return { total: first.total, pages: pages() };
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
      const ancestors = await db.selectFrom('orgUnit').select(['id', 'name', 'level']).where('id', 'in', ancestorIds).execute();
      const byId = new Map(ancestors.map((a) => [a.id, a]));
      for (const u of units) {
        const chain = u.path.split('/').filter(Boolean).map((id) => byId.get(id));
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

/**
 * Persons as `GET /api/persons` lists them for this caller and these filters.
 * @param unmasked the caller's right to see full ID numbers is checked by the caller of this function
 */
export async function personSource(
  db: Db,
  sealer: Sealer,
  user: CurrentUser,
  actor: Actor,
  filter: PersonExportFilter,
  unmasked: boolean,
): Promise<ExportSource<PersonExportRow>> {
  const places = placeLookup(db);
  return paged(
    (page) => searchPersons(db, sealer, user, actor, { ...filter, page, pageSize: EXPORT_PAGE_SIZE }),
    async (items) => {
      const details = await db
        .selectFrom('person as p')
        .leftJoin('household as h', 'h.id', 'p.householdId')
        .select(['p.id', 'p.ethnicity', 'p.relationship', 'p.maritalStatus', 'p.hukouType', 'p.deathDate', 'p.leftDate', 'p.idNumberSealed', 'h.householdNumber'])
        .where('p.id', 'in', items.map((i) => i.id))
        .execute();
      const byId = new Map(details.map((d) => [d.id, d]));
      const placeMap = await places(items.map((i) => i.hukouUnit.id));
      return items.flatMap((item): PersonExportRow[] => {
        const d = byId.get(item.id);
        if (!d) return []; // removed between the search and this lookup
        const full = unmasked && d.idNumberSealed ? sealer.open(d.idNumberSealed) : null;
        return [
          {
            name: item.name,
            idNumber: full ?? item.idNumberMasked,
            sex: item.sex,
            birthDate: item.birthDate,
            ethnicity: d.ethnicity,
            relationship: d.relationship,
            maritalStatus: d.maritalStatus,
            hukouType: d.hukouType,
            ...placeOf(placeMap, item.hukouUnit),
            householdNumber: d.householdNumber,
            status: item.status,
            deathDate: d.deathDate,
            leftDate: d.leftDate,
          },
        ];
      });
    },
  );
}

/** Households as `GET /api/households` lists them for this caller and these filters. */
export async function householdSource(db: Db, user: CurrentUser, actor: Actor, filter: HouseholdExportFilter): Promise<ExportSource<HouseholdExportRow>> {
  const places = placeLookup(db);
  return paged(
    (page) => searchHouseholds(db, user, actor, { ...filter, page, pageSize: EXPORT_PAGE_SIZE }),
    async (items) => {
      const details = await db
        .selectFrom('household as h')
        .select((eb) => [
          'h.id',
          'h.hukouType',
          eb
            .selectFrom('person')
            .select((e) => e.fn.countAll<number>().as('n'))
            .whereRef('person.householdId', '=', 'h.id')
            .where('person.status', '=', 'active')
            .as('activeMembers'),
        ])
        .where('h.id', 'in', items.map((i) => i.id))
        .execute();
      const byId = new Map(details.map((d) => [d.id, d]));
      const placeMap = await places(items.map((i) => i.unit.id));
      return items.flatMap((item): HouseholdExportRow[] => {
        const d = byId.get(item.id);
        if (!d) return [];
        return [
          {
            householdNumber: item.householdNumber,
            headName: item.headName,
            address: item.address,
            hukouType: d.hukouType,
            ...placeOf(placeMap, item.unit),
            activeMembers: Number(d.activeMembers ?? 0),
          },
        ];
      });
    },
  );
}

/** Reports as `GET /api/reports` lists them for this caller and these filters. */
export async function reportSource(db: Db, user: CurrentUser, actor: Actor, filter: ReportExportFilter): Promise<ExportSource<ReportExportRow>> {
  const places = placeLookup(db);
  return paged(
    (page) => listReports(db, user, actor, { ...filter, page, pageSize: EXPORT_PAGE_SIZE }),
    async (items) => {
      const placeMap = await places(items.map((i) => i.unit.id));
      return items.map((item) => ({
        type: item.type,
        status: item.status,
        ...placeOf(placeMap, item.unit),
        eventDate: item.eventDate,
        reportedOn: item.reportedOn,
        summary: item.summary,
        reporterName: item.reporter.displayName,
        updatedAt: item.updatedAt,
        lastReason: item.lastReason,
      }));
    },
  );
}
