import type { CurrentUser } from '../accounts/session.service.js';
import type { Actor } from '../audit/audit.service.js';
import { recordAudit } from '../audit/audit.service.js';
import type { Db, DbOrTx } from '../db/database.js';
import type { PersonRow } from '../db/schema.js';
import { ForbiddenError, NotFoundError } from '../lib/errors.js';
import { normalizeIdNumber, parseIdNumber } from '../lib/idNumber.js';
import type { Sealer } from '../lib/sealing.js';
import { escapeLike, unitIdsUnder } from '../org/org.repository.js';
import { scopedUnitPath } from '../org/org.service.js';
import { findPerson } from './person.repository.js';
import type { PersonListItem, PersonSearchQuery } from './person.schemas.js';

/**
 * A person the caller may see. Scope follows the owning unit (the household registration unit):
 * anything outside answers exactly like a person that does not exist.
 * @throws NotFoundError
 */
export async function getPersonInScope(
  db: DbOrTx,
  user: Pick<CurrentUser, 'unitPath'>,
  id: string,
): Promise<PersonRow> {
  const person = await findPerson(db, id);
  if (!person) throw new NotFoundError('人员');
  const unit = await db.selectFrom('orgUnit').select('path').where('id', '=', person.hukouUnitId).executeTakeFirst();
  if (!unit || !unit.path.startsWith(user.unitPath)) throw new NotFoundError('人员');
  return person;
}

function listQuery(db: DbOrTx, user: CurrentUser) {
  return db
    .selectFrom('person as p')
    .innerJoin('orgUnit as hu', 'hu.id', 'p.hukouUnitId')
    .where('p.hukouUnitId', 'in', unitIdsUnder(db, user.unitPath));
}

const LIST_COLUMNS = [
  'p.id',
  'p.name',
  'p.idNumberMasked',
  'p.sex',
  'p.birthDate',
  'p.hukouUnitId',
  'hu.name as hukouUnitName',
  'p.householdId',
  'p.status',
] as const;

type ListRow = {
  id: string;
  name: string;
  idNumberMasked: string | null;
  sex: number;
  birthDate: string;
  hukouUnitId: string;
  hukouUnitName: string;
  householdId: string | null;
  status: PersonRow['status'];
};
const toListItem = (r: ListRow): PersonListItem => ({
  id: r.id,
  name: r.name,
  idNumberMasked: r.idNumberMasked,
  sex: r.sex,
  birthDate: r.birthDate,
  hukouUnit: { id: r.hukouUnitId, name: r.hukouUnitName },
  householdId: r.householdId,
  status: r.status,
});

/** The filters of the persons list, without paging. */
export type PersonFilter = Omit<PersonSearchQuery, 'page' | 'pageSize'>;

/**
 * The persons list's scope and filters, without selection, order, paging or audit: what
 * `searchPersons` pages through and what an export streams. One search box: a full ID number
 * matches exactly (through its keyed hash), Latin letters match pinyin or initials, anything
 * else matches the name. `auditedQ` is the search text as the audit may keep it (ID numbers
 * masked).
 */
export async function personListQuery(db: DbOrTx, sealer: Sealer, user: CurrentUser, filter: PersonFilter) {
  let q = listQuery(db, user);
  const text = filter.q?.trim() ?? '';
  let auditedQ = text;
  if (text) {
    const id = parseIdNumber(text);
    if (id.ok) {
      q = q.where('p.idNumberHash', '=', sealer.lookupHash(id.value.idNumber));
      auditedQ = `${id.value.idNumber.slice(0, 6)}********${id.value.idNumber.slice(-4)}`;
    } else if (/^[A-Za-z]+$/.test(text)) {
      const t = escapeLike(text.toLowerCase());
      q = q.where((eb) => eb.or([eb('p.namePinyin', 'like', `${t}%`), eb('p.nameInitials', 'like', `${t}%`)]));
    } else if (/^[\d\sXx０-９]+$/.test(text) && normalizeIdNumber(text).length >= 4) {
      // Part of an ID number: the masked form keeps the address code and the last four.
      const t = escapeLike(normalizeIdNumber(text));
      q = q.where((eb) => eb.or([eb('p.idNumberMasked', 'like', `${t}%`), eb('p.idNumberMasked', 'like', `%${t}`)]));
      auditedQ = t.length > 6 ? `${t.slice(0, 6)}…` : t;
    } else {
      q = q.where('p.name', 'like', `%${escapeLike(text.replace(/\s+/g, ''))}%`);
    }
  }
  if (filter.unitId) {
    q = q.where('p.hukouUnitId', 'in', unitIdsUnder(db, await scopedUnitPath(db, user, filter.unitId)));
  }
  if (filter.status) q = q.where('p.status', '=', filter.status);
  if (filter.sex) q = q.where('p.sex', '=', filter.sex as 1 | 2);
  if (filter.householdId) q = q.where('p.householdId', '=', filter.householdId);
  return { query: q, auditedQ };
}

/** A page of the persons list. Every search is audited; the audit keeps an ID number only masked. */
export async function searchPersons(
  db: Db,
  sealer: Sealer,
  user: CurrentUser,
  actor: Actor,
  query: PersonSearchQuery,
): Promise<{ items: PersonListItem[]; total: number }> {
  const { query: q, auditedQ } = await personListQuery(db, sealer, user, query);
  const { total } = await q.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  const rows = await q
    .select(LIST_COLUMNS)
    .orderBy('p.name')
    .orderBy('p.id')
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
  await recordAudit(db, actor, {
    action: 'person.search',
    detail: { q: auditedQ, unitId: query.unitId, status: query.status, page: query.page, results: Number(total) },
  });
  return { items: rows.map(toListItem), total: Number(total) };
}

const ref = async (db: Db, id: string | null) =>
  id ? ((await db.selectFrom('person').select(['id', 'name']).where('id', '=', id).executeTakeFirst()) ?? null) : null;

/** Everything the person page shows. Viewing a person is audited. */
export async function getPersonDetail(db: Db, user: CurrentUser, actor: Actor, id: string) {
  const p = await getPersonInScope(db, user, id);
  const units = await db
    .selectFrom('orgUnit')
    .select(['id', 'name'])
    .where('id', 'in', [p.hukouUnitId, p.residenceUnitId])
    .execute();
  const unitName = (uid: string) => units.find((u) => u.id === uid)?.name ?? uid;
  const household = p.householdId ? await getHouseholdSummary(db, p.householdId) : null;
  const children = await db
    .selectFrom('person')
    .select(['id', 'name', 'sex', 'birthDate', 'birthOrder'])
    .where((eb) => eb.or([eb('motherId', '=', p.id), eb('fatherId', '=', p.id)]))
    .orderBy('birthDate')
    .execute();
  // Who recorded each change: the county user who confirmed the report behind the event.
  const history = await db
    .selectFrom('personHistory as h')
    .leftJoin('vitalEvent as e', 'e.id', 'h.eventId')
    .leftJoin('reportAction as a', (j) => j.onRef('a.reportId', '=', 'e.reportId').on('a.action', '=', 'confirm'))
    .leftJoin('appUser as u', 'u.id', 'a.userId')
    .select([
      'h.validFrom',
      'h.recordedAt',
      'h.change',
      'h.snapshot',
      'h.eventId',
      'e.reportId',
      'u.displayName as recordedBy',
    ])
    .where('h.personId', '=', p.id)
    .orderBy('h.validFrom')
    .orderBy('h.id')
    .execute();
  const events = await db
    .selectFrom('vitalEvent')
    .select(['id', 'type', 'eventDate', 'details', 'reportId', 'personId', 'otherPersonId'])
    .where((eb) => eb.or([eb('personId', '=', p.id), eb('otherPersonId', '=', p.id)]))
    .orderBy('eventDate')
    .execute();
  const reports = await db
    .selectFrom('report')
    .select(['id', 'type', 'status', 'eventDate', 'summary'])
    .where((eb) => eb.or([eb('subjectPersonId', '=', p.id), eb('resultPersonId', '=', p.id)]))
    .orderBy('reportedAt', 'desc')
    .execute();
  await recordAudit(db, actor, { action: 'person.view', objectType: 'person', objectId: p.id });
  return {
    person: {
      id: p.id,
      name: p.name,
      idNumberMasked: p.idNumberMasked,
      sex: p.sex,
      birthDate: p.birthDate,
      hukouUnit: { id: p.hukouUnitId, name: unitName(p.hukouUnitId) },
      residenceUnit: { id: p.residenceUnitId, name: unitName(p.residenceUnitId) },
      householdId: p.householdId,
      status: p.status,
      ethnicity: p.ethnicity,
      hukouType: p.hukouType,
      relationship: p.relationship,
      maritalStatus: p.maritalStatus,
      birthOrder: p.birthOrder,
      deathDate: p.deathDate,
      leftDate: p.leftDate,
      version: p.version,
    },
    household,
    mother: await ref(db, p.motherId),
    father: await ref(db, p.fatherId),
    spouse: await ref(db, p.spouseId),
    children,
    history: history.map((h) => ({ ...h, recordedAt: h.recordedAt.toISOString() })),
    events,
    reports,
  };
}

export async function getHouseholdSummary(db: DbOrTx, householdId: string) {
  const h = await db.selectFrom('household').selectAll().where('id', '=', householdId).executeTakeFirst();
  if (!h) return null;
  const members = await db
    .selectFrom('person')
    .select(['id', 'name', 'relationship', 'sex', 'birthDate', 'status', 'idNumberMasked'])
    .where('householdId', '=', householdId)
    .orderBy('relationship')
    .orderBy('birthDate')
    .execute();
  return {
    id: h.id,
    householdNumber: h.householdNumber,
    address: h.address,
    hukouType: h.hukouType,
    unitId: h.unitId,
    members,
  };
}

/**
 * The person as they were on a date: the last history state that took effect on or before it.
 * Someone born after the date did not exist yet.
 */
export async function getPersonAsOf(db: Db, user: CurrentUser, actor: Actor, id: string, date: string) {
  const p = await getPersonInScope(db, user, id);
  const row = await db
    .selectFrom('personHistory')
    .select(['validFrom', 'snapshot', 'change'])
    .where('personId', '=', p.id)
    .where('validFrom', '<=', date)
    .orderBy('validFrom', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  await recordAudit(db, actor, { action: 'person.view', objectType: 'person', objectId: p.id, detail: { asOf: date } });
  const exists = p.birthDate <= date && !!row;
  return {
    date,
    exists,
    state: exists ? (row!.snapshot as Record<string, unknown>) : null,
    since: exists ? row!.validFrom : null,
  };
}

/**
 * The full ID number, for users whose role allows it; each reveal is audited.
 * @throws ForbiddenError, NotFoundError
 */
export async function revealIdNumber(db: Db, sealer: Sealer, user: CurrentUser, actor: Actor, id: string) {
  if (!user.permissions.includes('person.revealId')) throw new ForbiddenError('没有查看完整身份证号码的权限');
  const p = await getPersonInScope(db, user, id);
  await recordAudit(db, actor, { action: 'person.reveal_id', objectType: 'person', objectId: p.id });
  return { idNumber: p.idNumberSealed ? sealer.open(p.idNumberSealed) : null };
}

export { toListItem, LIST_COLUMNS };
