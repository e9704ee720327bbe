import type { CurrentUser } from '../accounts/session.service.js';
import type { Actor } from '../audit/audit.service.js';
import { recordAudit } from '../audit/audit.service.js';
import { sql } from 'kysely';
import type { Db, DbOrTx } from '../db/database.js';
import type { PersonStatus } from '../db/schema.js';
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

/**
 * A household with its members now, its former members (dead, moved out of the county or into
 * another household) and its history. Viewing is audited.
 * @throws NotFoundError for a household that does not exist or is outside the caller's scope
 */
export async function getHouseholdDetail(db: Db, user: CurrentUser, actor: Actor, id: string) {
  const h = await getHouseholdInScope(db, user, id);
  const summary = await getHouseholdSummary(db, id);
  const { history, formerMembers } = await householdHistory(db, user, h);
  await recordAudit(db, actor, { action: 'household.view', objectType: 'household', objectId: id });
  const former = new Set(formerMembers.map((m) => m.id));
  return {
    household: {
      id: h.id,
      householdNumber: h.householdNumber,
      address: h.address,
      hukouType: h.hukouType,
      unit: { id: h.unitId, name: h.unitName },
    },
    members: (summary?.members ?? []).filter((m) => m.status === 'active' && !former.has(m.id)),
    formerMembers,
    history,
  };
}

/** Why someone is in or out of a household, or what changed about them while in it. */
export type HouseholdHistoryKind = 'joined' | 'left' | 'became_head' | 'ceased_head' | 'relationship' | 'marital';

export type HouseholdHistoryEntry = {
  date: string;
  kind: HouseholdHistoryKind;
  /** The person history's change: birth, move_in, move_out, death, marriage, divorce, correction, import … */
  change: string;
  person: { id: string; name: string; inScope: boolean };
  relationship: string | null;
  previousRelationship: string | null;
  /** The confirmed report behind the change, when the caller may see it. */
  report: { id: string; type: string } | null;
  recordedAt: string;
  recordedBy: string | null;
};

export type FormerMember = {
  id: string;
  name: string;
  sex: number;
  birthDate: string;
  relationship: string | null;
  status: PersonStatus;
  inScope: boolean;
  leftOn: string;
  leftBy: string;
};

type Snapshot = { householdId?: string | null; status?: string; relationship?: string | null };
const HEAD = '02';
const MARITAL_CHANGES = new Set(['marriage', 'divorce', 'spouse_death']);

/**
 * The household's history, derived from person history (the registry keeps no separate household
 * log): a person joins when a state puts them, active, into the household (birth, move in, import,
 * a returning move-in) and leaves when a later state takes them out (death, move out, moving into
 * another household). Changes of relationship while in the household — a new head among them —
 * and marriages and divorces of members are listed too. Oldest first.
 */
async function householdHistory(
  db: Db,
  user: Pick<CurrentUser, 'unitPath'>,
  household: { id: string; unitId: string },
): Promise<{ history: HouseholdHistoryEntry[]; formerMembers: FormerMember[] }> {
  const householdId = household.id;
  const rows = await db
    .selectFrom('personHistory as h')
    .innerJoin('person as p', 'p.id', 'h.personId')
    .innerJoin('orgUnit as pu', 'pu.id', 'p.hukouUnitId')
    .leftJoin('vitalEvent as e', 'e.id', 'h.eventId')
    .leftJoin('report as r', 'r.id', 'e.reportId')
    .leftJoin('orgUnit as ru', 'ru.id', 'r.unitId')
    .leftJoin('reportAction as a', (j) => j.onRef('a.reportId', '=', 'r.id').on('a.action', '=', 'confirm'))
    .leftJoin('appUser as u', 'u.id', 'a.userId')
    .select([
      'h.id',
      'h.personId',
      'h.validFrom',
      'h.recordedAt',
      'h.change',
      'h.snapshot',
      'p.name',
      'p.sex',
      'p.birthDate',
      'p.status',
      'p.householdId',
      'pu.path as personPath',
      'r.id as reportId',
      'r.type as reportType',
      'ru.path as reportPath',
      'u.displayName as recordedBy',
    ])
    // Through indexed columns: who is in it now, or registered in its village (those who left by
    // death or move-out keep both). Someone who later re-registered in another village's
    // household is not found; a scan of all history for every household view would cost more.
    .where(
      'h.personId',
      'in',
      db
        .selectFrom('person')
        .select('id')
        .where((eb) => eb.or([eb('householdId', '=', householdId), eb('hukouUnitId', '=', household.unitId)])),
    )
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('personHistory as x')
          .select('x.id')
          .whereRef('x.personId', '=', 'h.personId')
          .where(sql<boolean>`x.snapshot->>'householdId' = ${householdId}`),
      ),
    )
    .orderBy('h.personId')
    .orderBy('h.validFrom')
    .orderBy('h.id')
    .execute();

  const history: Array<HouseholdHistoryEntry & { seq: number }> = [];
  const formerMembers: FormerMember[] = [];
  let prev: Snapshot | null = null;
  let lastLeft: (HouseholdHistoryEntry & { seq: number }) | null = null;
  for (const [i, row] of rows.entries()) {
    if (i > 0 && rows[i - 1]!.personId !== row.personId) {
      prev = null;
      lastLeft = null;
    }
    const s = row.snapshot as Snapshot;
    const inNow = s.householdId === householdId && s.status === 'active';
    const inBefore = !!prev && prev.householdId === householdId && prev.status === 'active';
    const entry = (kind: HouseholdHistoryKind): HouseholdHistoryEntry & { seq: number } => ({
      seq: Number(row.id),
      date: row.validFrom,
      kind,
      change: row.change,
      person: { id: row.personId, name: row.name, inScope: row.personPath.startsWith(user.unitPath) },
      relationship: s.relationship ?? null,
      previousRelationship: prev?.relationship ?? null,
      report:
        row.reportId && row.reportPath?.startsWith(user.unitPath) ? { id: row.reportId, type: row.reportType! } : null,
      recordedAt: row.recordedAt.toISOString(),
      recordedBy: row.recordedBy,
    });
    if (!inBefore && inNow) {
      history.push(entry('joined'));
      lastLeft = null;
    } else if (inBefore && !inNow) {
      lastLeft = entry('left');
      // Leaving by death or move-out keeps the relationship held in the household.
      lastLeft.relationship = prev!.relationship ?? null;
      history.push(lastLeft);
    } else if (inBefore && inNow) {
      if ((prev!.relationship ?? null) !== (s.relationship ?? null)) {
        history.push(
          entry(s.relationship === HEAD ? 'became_head' : prev!.relationship === HEAD ? 'ceased_head' : 'relationship'),
        );
      } else if (MARITAL_CHANGES.has(row.change)) {
        history.push(entry('marital'));
      }
    }
    prev = s;
    const last = i === rows.length - 1 || rows[i + 1]!.personId !== row.personId;
    if (last && lastLeft && !(row.householdId === householdId && row.status === 'active')) {
      formerMembers.push({
        id: row.personId,
        name: row.name,
        sex: row.sex,
        birthDate: row.birthDate,
        relationship: lastLeft.relationship,
        status: row.status,
        inScope: lastLeft.person.inScope,
        leftOn: lastLeft.date,
        leftBy: lastLeft.change,
      });
    }
  }
  // By date, then in the order the registry recorded the changes.
  history.sort((a, b) => a.date.localeCompare(b.date) || a.seq - b.seq);
  formerMembers.sort((a, b) => a.leftOn.localeCompare(b.leftOn));
  return { history: history.map(({ seq: _seq, ...e }) => e), formerMembers };
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
