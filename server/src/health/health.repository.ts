import { sql } from 'kysely';
import type { DbOrTx } from '../db/database.js';
import type { OrgUnitRow } from '../db/schema.js';
import { escapeLike } from '../org/org.repository.js';
import type { PersonSnapshot } from '../registry/person.repository.js';
import type { HealthKind } from './health.schemas.js';
import {
  healthDb,
  type HealthFollowupEventTable,
  type HealthFollowupRow,
  type HealthFollowupTable,
  type HealthServiceTable,
} from './health.tables.js';
import type { Insertable } from 'kysely';

/** SQL of the health services register; scope arrives as a unit path, policy stays in the services. */

const under = (path: string) => `${escapeLike(path)}%`;

/** The registry's state of a person on a date (the history row in force), or undefined before they were registered. */
export async function findPersonStateOn(
  db: DbOrTx,
  personId: string,
  date: string,
): Promise<PersonSnapshot | undefined> {
  const row = await db
    .selectFrom('personHistory')
    .select('snapshot')
    .where('personId', '=', personId)
    .where('validFrom', '<=', date)
    .orderBy('validFrom', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.snapshot as PersonSnapshot | undefined;
}

/** The village a unit belongs to (a group's parent; a village itself). */
export async function findVillageOf(db: DbOrTx, unitId: string): Promise<OrgUnitRow | undefined> {
  const unit = await db.selectFrom('orgUnit').selectAll().where('id', '=', unitId).executeTakeFirst();
  if (unit?.level !== 'group' || !unit.parentId) return unit;
  return db.selectFrom('orgUnit').selectAll().where('id', '=', unit.parentId).executeTakeFirst();
}

export async function insertService(db: DbOrTx, row: Insertable<HealthServiceTable>): Promise<void> {
  await healthDb(db).insertInto('healthService').values(row).execute();
}

export async function insertFollowup(db: DbOrTx, row: Insertable<HealthFollowupTable>): Promise<void> {
  await healthDb(db).insertInto('healthFollowup').values(row).execute();
}

export async function insertFollowupEvent(db: DbOrTx, row: Insertable<HealthFollowupEventTable>): Promise<void> {
  await healthDb(db).insertInto('healthFollowupEvent').values(row).execute();
}

export type ServiceFilter = {
  unitPath: string;
  kind?: HealthKind;
  result?: 'normal' | 'abnormal';
  from?: string;
  to?: string;
  personId?: string;
  includeVoided?: boolean;
};

function serviceBase(db: DbOrTx) {
  return healthDb(db)
    .selectFrom('healthService as s')
    .innerJoin('person as p', 'p.id', 's.personId')
    .innerJoin('orgUnit as u', 'u.id', 's.unitId')
    .leftJoin('person as pp', 'pp.id', 's.partnerPersonId')
    .leftJoin('healthFollowup as f', 'f.serviceId', 's.id');
}

const SERVICE_COLUMNS = [
  's.id',
  's.kind',
  's.personId',
  'p.name as personName',
  'p.idNumberMasked as personIdMasked',
  'p.sex as personSex',
  'p.birthDate as personBirthDate',
  's.partnerPersonId',
  'pp.name as partnerName',
  'pp.idNumberMasked as partnerIdMasked',
  'pp.sex as partnerSex',
  'pp.birthDate as partnerBirthDate',
  's.unitId',
  'u.name as unitName',
  's.servedOn',
  's.place',
  's.provider',
  's.result',
  'f.id as followupId',
  'f.status as followupStatus',
  's.voidedAt',
] as const;

function filteredServices(db: DbOrTx, f: ServiceFilter) {
  let q = serviceBase(db).where('u.path', 'like', under(f.unitPath));
  if (!f.includeVoided) q = q.where('s.voidedAt', 'is', null);
  if (f.kind) q = q.where('s.kind', '=', f.kind);
  if (f.result) q = q.where('s.result', '=', f.result);
  if (f.from) q = q.where('s.servedOn', '>=', f.from);
  if (f.to) q = q.where('s.servedOn', '<=', f.to);
  if (f.personId)
    q = q.where((eb) => eb.or([eb('s.personId', '=', f.personId!), eb('s.partnerPersonId', '=', f.personId!)]));
  return q;
}

/** A page of services (never their findings), newest first. */
export async function listServices(db: DbOrTx, f: ServiceFilter, page: number, pageSize: number) {
  const q = filteredServices(db, f);
  const { total } = await q.select((eb) => eb.fn.countAll<number | string>().as('total')).executeTakeFirstOrThrow();
  const items = await q
    .select(SERVICE_COLUMNS)
    .orderBy('s.servedOn', 'desc')
    .orderBy('s.id')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  return { total: Number(total), items };
}
export type ServiceListRow = Awaited<ReturnType<typeof listServices>>['items'][number];

/** One service with its sealed findings and its trail columns, if its unit is under the path. */
export async function findServiceUnder(db: DbOrTx, id: string, unitPath: string) {
  return serviceBase(db)
    .leftJoin('appUser as ru', 'ru.id', 's.recordedBy')
    .select(SERVICE_COLUMNS)
    .select([
      's.findingsSealed',
      'ru.displayName as recordedByName',
      's.recordedAt',
      's.voidReason',
      's.countyCode',
      'f.version as followupVersion',
    ])
    .where('s.id', '=', id)
    .where('u.path', 'like', under(unitPath))
    .executeTakeFirst();
}
export type ServiceDetailRow = NonNullable<Awaited<ReturnType<typeof findServiceUnder>>>;

export async function markServiceVoided(
  db: DbOrTx,
  id: string,
  by: string | null,
  at: Date,
  reason: string,
): Promise<boolean> {
  const r = await healthDb(db)
    .updateTable('healthService')
    .set({ voidedAt: at, voidedBy: by, voidReason: reason })
    .where('id', '=', id)
    .where('voidedAt', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export type FollowupFilter = {
  unitPath: string;
  status: 'open' | 'closed';
  /** Only open ones due before this date (overdue) … */
  dueBefore?: string;
  /** … or due from … to (inclusive). */
  dueFrom?: string;
  dueTo?: string;
  kind?: HealthKind;
};

function followupBase(db: DbOrTx) {
  return healthDb(db)
    .selectFrom('healthFollowup as f')
    .innerJoin('healthService as s', 's.id', 'f.serviceId')
    .innerJoin('person as p', 'p.id', 'f.personId')
    .innerJoin('orgUnit as u', 'u.id', 'f.unitId')
    .leftJoin('orgUnit as t', 't.id', 'u.parentId');
}

const FOLLOWUP_COLUMNS = [
  'f.id',
  'f.serviceId',
  's.kind',
  'f.personId',
  'p.name as personName',
  'p.idNumberMasked as personIdMasked',
  'p.sex as personSex',
  'p.birthDate as personBirthDate',
  'f.unitId',
  'u.name as unitName',
  't.name as townshipName',
  'f.openedOn',
  'f.dueOn',
  'f.status',
  'f.closedOn',
  'f.outcome',
  'f.version',
] as const;

/** The last contact and the number of contacts, per follow-up row `f`. */
function contactColumns() {
  return [
    sql<string | null>`(select max(e.contacted_on) from health_followup_event e where e.followup_id = f.id)`.as(
      'lastContactOn',
    ),
    sql<number | string>`(select count(*) from health_followup_event e where e.followup_id = f.id)`.as('contactCount'),
  ] as const;
}

/** A page of follow-ups of valid services (voided ones are not work to do), the most pressing first. */
export async function listFollowups(db: DbOrTx, f: FollowupFilter, page: number, pageSize: number) {
  let q = followupBase(db)
    .where('u.path', 'like', under(f.unitPath))
    .where('s.voidedAt', 'is', null)
    .where('f.status', '=', f.status);
  if (f.kind) q = q.where('s.kind', '=', f.kind);
  if (f.dueBefore) q = q.where('f.dueOn', '<', f.dueBefore);
  if (f.dueFrom) q = q.where('f.dueOn', '>=', f.dueFrom);
  if (f.dueTo) q = q.where('f.dueOn', '<=', f.dueTo);
  const { total } = await q.select((eb) => eb.fn.countAll<number | string>().as('total')).executeTakeFirstOrThrow();
  const items = await q
    .select(FOLLOWUP_COLUMNS)
    .select(contactColumns())
    .orderBy(f.status === 'open' ? 'f.dueOn' : 'f.closedOn', f.status === 'open' ? 'asc' : 'desc')
    .orderBy('f.id')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  return { total: Number(total), items };
}
export type FollowupListRow = Awaited<ReturnType<typeof listFollowups>>['items'][number];

export async function findFollowupUnder(db: DbOrTx, id: string, unitPath: string) {
  return followupBase(db)
    .select(FOLLOWUP_COLUMNS)
    .select(contactColumns())
    .where('f.id', '=', id)
    .where('u.path', 'like', under(unitPath))
    .executeTakeFirst();
}

/** The follow-up row itself, locked for a change. */
export async function lockFollowup(db: DbOrTx, id: string): Promise<HealthFollowupRow | undefined> {
  return healthDb(db).selectFrom('healthFollowup').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function findOpenFollowupOfService(db: DbOrTx, serviceId: string) {
  return healthDb(db)
    .selectFrom('healthFollowup')
    .selectAll()
    .where('serviceId', '=', serviceId)
    .where('status', '=', 'open')
    .forUpdate()
    .executeTakeFirst();
}

/** Moves or closes a follow-up if it still has the version the caller read. */
export async function updateFollowup(
  db: DbOrTx,
  id: string,
  version: number,
  set: Partial<Pick<HealthFollowupRow, 'dueOn' | 'status' | 'closedOn' | 'outcome'>>,
): Promise<boolean> {
  const r = await healthDb(db)
    .updateTable('healthFollowup')
    .set({ ...set, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function listFollowupEvents(db: DbOrTx, followupId: string) {
  return healthDb(db)
    .selectFrom('healthFollowupEvent as e')
    .leftJoin('appUser as ru', 'ru.id', 'e.recordedBy')
    .select([
      'e.id',
      'e.contactedOn',
      'e.method',
      'e.noteSealed',
      'e.nextDueOn',
      'e.closes',
      'ru.displayName as recordedByName',
      'e.recordedAt',
    ])
    .where('e.followupId', '=', followupId)
    .orderBy('e.contactedOn')
    .orderBy('e.recordedAt')
    .execute();
}

/**
 * Follow-up counts per unit under a path (of valid services): open, open and overdue, open and
 * due within [today, soonTo], closed since yearStart. The caller rolls units up into its rows.
 */
export async function countFollowupsByUnit(
  db: DbOrTx,
  unitPath: string,
  today: string,
  soonTo: string,
  yearStart: string,
) {
  const rows = await followupBase(db)
    .where('u.path', 'like', under(unitPath))
    .where('s.voidedAt', 'is', null)
    .select([
      'u.path',
      sql<number | string>`count(*) filter (where f.status = 'open')`.as('open'),
      sql<number | string>`count(*) filter (where f.status = 'open' and f.due_on < ${today})`.as('overdue'),
      sql<
        number | string
      >`count(*) filter (where f.status = 'open' and f.due_on >= ${today} and f.due_on <= ${soonTo})`.as('dueSoon'),
      sql<number | string>`count(*) filter (where f.status = 'closed' and f.closed_on >= ${yearStart})`.as(
        'closedThisYear',
      ),
    ])
    .groupBy('u.path')
    .execute();
  return rows.map((r) => ({
    path: r.path,
    open: Number(r.open),
    overdue: Number(r.overdue),
    dueSoon: Number(r.dueSoon),
    closedThisYear: Number(r.closedThisYear),
  }));
}

export async function listChildUnits(db: DbOrTx, parentId: string) {
  return db
    .selectFrom('orgUnit')
    .select(['id', 'name', 'level', 'path'])
    .where('parentId', '=', parentId)
    .where('validTo', 'is', null)
    .orderBy('id')
    .execute();
}
