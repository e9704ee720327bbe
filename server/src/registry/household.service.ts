import type { CurrentUser } from '../accounts/session.service.js';
import type { Actor } from '../audit/audit.service.js';
import { recordAudit } from '../audit/audit.service.js';
import type { Db, DbOrTx } from '../db/database.js';
import { NotFoundError } from '../lib/errors.js';
import { escapeLike, unitIdsUnder } from '../org/org.repository.js';
import { scopedUnitPath } from '../org/org.service.js';
import { isUuid } from './person.repository.js';
import { getHouseholdSummary } from './person.service.js';

/** @throws NotFoundError for a household that does not exist or is outside the caller's scope */
export async function getHouseholdInScope(db: DbOrTx, user: Pick<CurrentUser, 'unitPath'>, id: string) {
  if (!isUuid(id)) throw new NotFoundError('家庭户');
  const h = await db
    .selectFrom('household as h')
    .innerJoin('orgUnit as o', 'o.id', 'h.unitId')
    .select([
      'h.id',
      'h.householdNumber',
      'h.address',
      'h.hukouType',
      'h.unitId',
      'h.countyCode',
      'o.name as unitName',
      'o.path',
    ])
    .where('h.id', '=', id)
    .executeTakeFirst();
  if (!h || !h.path.startsWith(user.unitPath)) throw new NotFoundError('家庭户');
  return h;
}

export async function getHouseholdDetail(db: Db, user: CurrentUser, actor: Actor, id: string) {
  const h = await getHouseholdInScope(db, user, id);
  const summary = await getHouseholdSummary(db, id);
  await recordAudit(db, actor, { action: 'household.view', objectType: 'household', objectId: id });
  return {
    household: {
      id: h.id,
      householdNumber: h.householdNumber,
      address: h.address,
      hukouType: h.hukouType,
      unit: { id: h.unitId, name: h.unitName },
    },
    members: summary?.members ?? [],
  };
}

/** The filters of the households list, without paging. */
export type HouseholdFilter = { q?: string; unitId?: string };

/** The households list's scope and filters, without selection, order, paging or audit. */
export async function householdListQuery(db: DbOrTx, user: CurrentUser, filter: HouseholdFilter) {
  let q = db
    .selectFrom('household as h')
    .innerJoin('orgUnit as o', 'o.id', 'h.unitId')
    .where('h.unitId', 'in', unitIdsUnder(db, user.unitPath));
  if (filter.unitId) q = q.where('h.unitId', 'in', unitIdsUnder(db, await scopedUnitPath(db, user, filter.unitId)));
  const text = filter.q?.trim();
  if (text) {
    const t = `%${escapeLike(text)}%`;
    q = q.where((eb) =>
      eb.or([
        eb('h.householdNumber', 'like', t),
        eb('h.address', 'like', t),
        eb(
          'h.id',
          'in',
          eb
            .selectFrom('person')
            .select('householdId')
            .where('relationship', '=', '02')
            .where('name', 'like', t)
            .where('householdId', 'is not', null)
            .$narrowType<{ householdId: string }>(),
        ),
      ]),
    );
  }
  return q;
}

export async function searchHouseholds(
  db: Db,
  user: CurrentUser,
  actor: Actor,
  query: HouseholdFilter & { page: number; pageSize: number },
) {
  const q = await householdListQuery(db, user, query);
  const text = query.q?.trim();
  const { total } = await q.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  const rows = await q
    .select((eb) => [
      'h.id',
      'h.householdNumber',
      'h.address',
      'h.unitId',
      'o.name as unitName',
      eb
        .selectFrom('person')
        .select('name')
        .whereRef('person.householdId', '=', 'h.id')
        .where('person.relationship', '=', '02')
        .limit(1)
        .as('headName'),
    ])
    .orderBy('h.householdNumber')
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
  await recordAudit(db, actor, { action: 'household.search', detail: { q: text, unitId: query.unitId } });
  return {
    total: Number(total),
    items: rows.map((r) => ({
      id: r.id,
      householdNumber: r.householdNumber,
      address: r.address,
      unit: { id: r.unitId, name: r.unitName },
      headName: r.headName ?? null,
    })),
  };
}
