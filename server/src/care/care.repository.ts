import { sql, type ExpressionBuilder, type Insertable } from 'kysely';
import type { Database } from '../db/schema.js';
import type { DbOrTx } from '../db/database.js';
import { escapeLike } from '../org/org.repository.js';
import type { FamilyQuery, PeriodQuery } from './care.schemas.js';
import {
  careDb,
  type CareCategory,
  type CareFamilyTable,
  type CareAssistanceTable,
  type CareVisitTable,
} from './care.tables.js';

/**
 * SQL of the care register. Scope is by the family's unit (the parent's hukou village when
 * flagged): callers pass the unit path they may see, and rows outside it are never read.
 */

const inPath = (unitPath: string) => `${escapeLike(unitPath)}%`;

/** A family with its parent, village and household, for the register and the drawer. */
function familyBase(db: DbOrTx, countyCode: string, unitPath: string) {
  return careDb(db)
    .selectFrom('careFamily as f')
    .innerJoin('person as p', 'p.id', 'f.personId')
    .innerJoin('orgUnit as u', 'u.id', 'f.unitId')
    .leftJoin('household as h', 'h.id', 'f.householdId')
    .where('f.countyCode', '=', countyCode)
    .where('u.path', 'like', inPath(unitPath));
}

const FAMILY_COLUMNS = [
  'f.id',
  'f.personId',
  'p.name',
  'p.sex',
  'p.birthDate',
  'p.idNumberMasked',
  'p.deathDate',
  'p.spouseId',
  'f.householdId',
  'h.householdNumber',
  'h.address',
  'f.unitId',
  'u.name as unitName',
  'u.path as unitPath',
  'f.category',
  'f.source',
  'f.reason',
  'f.flaggedOn',
  'f.flaggedBy',
  'f.endedOn',
  'f.endReason',
  'f.version',
] as const;

export type FamilyRow = Awaited<ReturnType<typeof findFamily>> & object;

export async function listFamilies(db: DbOrTx, countyCode: string, unitPath: string, q: FamilyQuery) {
  let base = familyBase(db, countyCode, unitPath);
  if (q.category) base = base.where('f.category', '=', q.category);
  if (q.source) base = base.where('f.source', '=', q.source);
  if (q.status === 'open') base = base.where('f.endedOn', 'is', null);
  if (q.status === 'ended') base = base.where('f.endedOn', 'is not', null);
  if (q.q) {
    const like = `%${escapeLike(q.q)}%`;
    base = base.where((eb) => eb.or([eb('p.name', 'like', like), eb('p.namePinyin', 'like', like.toLowerCase())]));
  }
  const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await base
    .select(FAMILY_COLUMNS)
    .select((eb) => [
      eb
        .selectFrom('careVisit as v')
        .whereRef('v.familyId', '=', 'f.id')
        .select((e) => e.fn.max('v.visitedOn').as('d'))
        .as('lastVisitOn'),
      eb
        .selectFrom('careVisit as v')
        .whereRef('v.familyId', '=', 'f.id')
        .select((e) => e.fn.countAll<number>().as('n'))
        .as('visits'),
      eb
        .selectFrom('careAssistance as a')
        .whereRef('a.familyId', '=', 'f.id')
        .select((e) => e.fn.coalesce(e.fn.sum<number>('a.amountFen'), sql<number>`0`).as('s'))
        .as('assistanceFen'),
    ])
    // Grouped by household so both parents of a family stand together.
    .orderBy('u.path')
    .orderBy(sql`coalesce(h.household_number, f.person_id::text)`)
    .orderBy('p.name')
    .orderBy('f.id')
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute();
  return {
    total: Number(total.n),
    rows: rows.map((r) => ({
      ...r,
      visits: Number(r.visits ?? 0),
      assistanceFen: Number(r.assistanceFen ?? 0),
      lastVisitOn: (r.lastVisitOn as string | null) ?? null,
    })),
  };
}

export async function findFamily(db: DbOrTx, countyCode: string, unitPath: string, id: string) {
  return familyBase(db, countyCode, unitPath).select(FAMILY_COLUMNS).where('f.id', '=', id).executeTakeFirst();
}

/** The other flags of the same household or couple (both parents of a special family). */
export async function relatedFamilies(
  db: DbOrTx,
  countyCode: string,
  unitPath: string,
  f: { id: string; personId: string; householdId: string | null; spouseId: string | null },
) {
  const people = [f.personId, ...(f.spouseId ? [f.spouseId] : [])];
  return familyBase(db, countyCode, unitPath)
    .select(FAMILY_COLUMNS)
    .where('f.id', '!=', f.id)
    .where((eb) =>
      eb.or([eb('f.personId', 'in', people), ...(f.householdId ? [eb('f.householdId', '=', f.householdId)] : [])]),
    )
    .orderBy('f.flaggedOn')
    .execute();
}

export async function findOpenFlag(db: DbOrTx, personId: string, category: CareCategory) {
  return careDb(db)
    .selectFrom('careFamily')
    .select(['id', 'source', 'flaggedOn'])
    .where('personId', '=', personId)
    .where('category', '=', category)
    .where('endedOn', 'is', null)
    .executeTakeFirst();
}

/**
 * Inserts a flag unless an open one of the person and category exists (care_family_open_uq):
 * true when inserted. Two scans at once cannot duplicate a flag.
 */
export async function insertFamilyIfNone(db: DbOrTx, row: Insertable<CareFamilyTable>): Promise<boolean> {
  const r = await careDb(db)
    .insertInto('careFamily')
    .values(row)
    .onConflict((oc) => oc.columns(['personId', 'category']).where('endedOn', 'is', null).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Ends a flag if it is still open at the version read: true when it did. */
export async function endFamily(
  db: DbOrTx,
  id: string,
  version: number,
  endedOn: string,
  endReason: string,
): Promise<boolean> {
  const r = await careDb(db)
    .updateTable('careFamily')
    .set({ endedOn, endReason, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .where('endedOn', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function insertVisit(db: DbOrTx, row: Insertable<CareVisitTable>) {
  await careDb(db).insertInto('careVisit').values(row).execute();
}

export async function insertAssistance(db: DbOrTx, row: Insertable<CareAssistanceTable>) {
  await careDb(db).insertInto('careAssistance').values(row).execute();
}

const VISIT_COLUMNS = [
  'v.id',
  'v.familyId',
  'v.visitedOn',
  'v.visitors',
  'v.needs',
  'v.notes',
  'v.recordedAt',
  'p.name',
  'f.category',
  'f.unitId',
  'u.name as unitName',
  'ru.displayName as recordedByName',
] as const;

/** Visits in the caller's units (or one family's, one unit's), newest first. */
export async function listVisits(db: DbOrTx, countyCode: string, unitPath: string, q: PeriodQuery) {
  const scope = q.unitId ? await unitPathOf(db, q.unitId) : undefined;
  let query = careDb(db)
    .selectFrom('careVisit as v')
    .innerJoin('careFamily as f', 'f.id', 'v.familyId')
    .innerJoin('person as p', 'p.id', 'f.personId')
    .innerJoin('orgUnit as u', 'u.id', 'f.unitId')
    .leftJoin('appUser as ru', 'ru.id', 'v.recordedBy')
    .where('v.countyCode', '=', countyCode)
    .where('u.path', 'like', inPath(unitPath));
  if (scope) query = query.where('u.path', 'like', inPath(scope));
  if (q.familyId) query = query.where('v.familyId', '=', q.familyId);
  if (q.from) query = query.where('v.visitedOn', '>=', q.from);
  if (q.to) query = query.where('v.visitedOn', '<=', q.to);
  return query
    .select(VISIT_COLUMNS)
    .orderBy('v.visitedOn', 'desc')
    .orderBy('v.recordedAt', 'desc')
    .limit(q.limit)
    .execute();
}

/** Assistance in the caller's units (or one family's, one unit's), newest first. */
export async function listAssistance(db: DbOrTx, countyCode: string, unitPath: string, q: PeriodQuery) {
  const scope = q.unitId ? await unitPathOf(db, q.unitId) : undefined;
  let query = careDb(db)
    .selectFrom('careAssistance as a')
    .innerJoin('careFamily as f', 'f.id', 'a.familyId')
    .innerJoin('person as p', 'p.id', 'f.personId')
    .innerJoin('orgUnit as u', 'u.id', 'f.unitId')
    .leftJoin('appUser as gu', 'gu.id', 'a.grantedBy')
    .where('a.countyCode', '=', countyCode)
    .where('u.path', 'like', inPath(unitPath));
  if (scope) query = query.where('u.path', 'like', inPath(scope));
  if (q.familyId) query = query.where('a.familyId', '=', q.familyId);
  if (q.from) query = query.where('a.grantedOn', '>=', q.from);
  if (q.to) query = query.where('a.grantedOn', '<=', q.to);
  const rows = await query
    .select([
      'a.id',
      'a.familyId',
      'a.grantedOn',
      'a.kind',
      'a.amountFen',
      'a.fundSource',
      'a.purpose',
      'a.recordedAt',
      'p.name',
      'f.category',
      'f.unitId',
      'u.name as unitName',
      'gu.displayName as grantedByName',
    ])
    .orderBy('a.grantedOn', 'desc')
    .orderBy('a.recordedAt', 'desc')
    .limit(q.limit)
    .execute();
  return rows.map((r) => ({ ...r, amountFen: Number(r.amountFen) }));
}

async function unitPathOf(db: DbOrTx, unitId: string): Promise<string> {
  const u = await db.selectFrom('orgUnit').select('path').where('id', '=', unitId).executeTakeFirst();
  // An unknown unit matches nothing rather than everything.
  return u?.path ?? '/-/';
}

/**
 * Assistance summed per year, township and fund source in the caller's units. The township is
 * the second level of the family's unit path (/county/township/village/).
 */
export async function assistanceTotals(db: DbOrTx, countyCode: string, unitPath: string, year?: number) {
  let q = careDb(db)
    .selectFrom('careAssistance as a')
    .innerJoin('careFamily as f', 'f.id', 'a.familyId')
    .innerJoin('orgUnit as u', 'u.id', 'f.unitId')
    .where('a.countyCode', '=', countyCode)
    .where('u.path', 'like', inPath(unitPath));
  if (year !== undefined) q = q.where('a.grantedOn', '>=', `${year}-01-01`).where('a.grantedOn', '<=', `${year}-12-31`);
  const rows = await q
    .select((eb) => [
      sql<number>`extract(year from a.granted_on)::int`.as('year'),
      sql<string>`split_part(u.path, '/', 3)`.as('townshipId'),
      'a.fundSource',
      eb.fn.countAll<number>().as('grants'),
      eb.fn.count<number>('a.familyId').distinct().as('families'),
      eb.fn.sum<number>('a.amountFen').as('amountFen'),
    ])
    .groupBy([sql`extract(year from a.granted_on)::int`, sql`split_part(u.path, '/', 3)`, 'a.fundSource'])
    .orderBy('year', 'desc')
    .orderBy('townshipId')
    .orderBy('a.fundSource')
    .execute();
  return rows.map((r) => ({
    year: Number(r.year),
    townshipId: r.townshipId,
    fundSource: r.fundSource,
    grants: Number(r.grants),
    families: Number(r.families),
    amountFen: Number(r.amountFen),
  }));
}

// ---- the registry scan ----------------------------------------------------------------------

/**
 * Parents (living, in the county) of a child who died or was assessed disabled grade 1 to 3:
 * the only persons a special family's rule could accept, found from the small side (deaths and
 * assessments) rather than by reading every parent of the county.
 */
export async function specialFamilyCandidates(db: DbOrTx, countyCode: string): Promise<string[]> {
  const assessed = db
    .withTables<{ disabilityAssessment: { personId: string; countyCode: string; grade: number } }>()
    .selectFrom('disabilityAssessment')
    .select('personId')
    .where('countyCode', '=', countyCode)
    .where('grade', '<=', 3);
  const dead = (eb: ExpressionBuilder<Database & { c: Database['person'] }, 'c'>) =>
    eb.or([eb('c.deathDate', 'is not', null), eb('c.id', 'in', assessed)]);
  // Mothers and fathers as one UNION of ids, so each side is a plain join on the primary key.
  const parents = db
    .selectFrom('person as c')
    .select((eb) => eb.ref('c.motherId').$notNull().as('pid'))
    .where('c.countyCode', '=', countyCode)
    .where('c.motherId', 'is not', null)
    .where(dead)
    .union(
      db
        .selectFrom('person as c')
        .select((eb) => eb.ref('c.fatherId').$notNull().as('pid'))
        .where('c.countyCode', '=', countyCode)
        .where('c.fatherId', 'is not', null)
        .where(dead),
    );
  const rows = await db
    .selectFrom(parents.as('k'))
    .innerJoin('person as p', 'p.id', 'k.pid')
    .select(['p.id', 'p.spouseId'])
    .where('p.countyCode', '=', countyCode)
    .where('p.deathDate', 'is', null)
    .where('p.leftDate', 'is', null)
    .execute();
  // A spouse's facts include the child too (the rules count the children of either spouse).
  const ids = new Set<string>();
  for (const r of rows) {
    ids.add(r.id);
    if (r.spouseId) ids.add(r.spouseId);
  }
  return [...ids].sort();
}

/** Of these persons: the open flags and the latest end of an ended flag, per person and category. */
export async function flagStates(db: DbOrTx, personIds: readonly string[]) {
  const open = new Set<string>();
  const lastEnded = new Map<string, string>();
  if (personIds.length === 0) return { open, lastEnded };
  const rows = await careDb(db)
    .selectFrom('careFamily')
    .select(['personId', 'category', 'endedOn'])
    .where('personId', 'in', [...personIds])
    .where('category', '!=', 'hardship')
    .execute();
  for (const r of rows) {
    const key = `${r.personId}:${r.category}`;
    if (r.endedOn === null) open.add(key);
    else if ((lastEnded.get(key) ?? '') < r.endedOn) lastEnded.set(key, r.endedOn);
  }
  return { open, lastEnded };
}

/** The persons' household and hukou village with its path, for new flags and the scan's scope. */
export async function personPlaces(db: DbOrTx, personIds: readonly string[]) {
  if (personIds.length === 0)
    return new Map<string, { householdId: string | null; unitId: string; unitPath: string }>();
  const rows = await db
    .selectFrom('person as p')
    .innerJoin('orgUnit as u', 'u.id', 'p.hukouUnitId')
    .select(['p.id', 'p.householdId', 'p.hukouUnitId', 'u.path'])
    .where('p.id', 'in', [...personIds])
    .execute();
  return new Map(rows.map((r) => [r.id, { householdId: r.householdId, unitId: r.hukouUnitId, unitPath: r.path }]));
}
