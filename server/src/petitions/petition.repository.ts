import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Database } from '../db/schema.js';
import type { DbOrTx } from '../db/database.js';
import { escapeLike } from '../org/org.repository.js';
import type { PetitionStatus } from './petition.deadlines.js';
import {
  petitionDb,
  type Channel,
  type NewPetition,
  type NewPetitionEvent,
  type PetitionChanges,
  type PetitionRow,
  type PetitionTables,
} from './petition.tables.js';

/** A petition with its assigned unit's name and path (for scope checks) and its registerer's name. */
export type PetitionWithUnit = PetitionRow & { unitName: string; unitPath: string; registeredByName: string | null };

/** Whose petitions a query may return: those assigned under unitPath, plus those userId registered. */
export type Scope = { countyCode: string; unitPath: string; userId: string | null };

export type PetitionFilter = {
  status?: PetitionStatus[];
  /** Only petitions assigned at or below this unit (its path). */
  unitPath?: string;
  channel?: Channel;
  /** Open and past the current deadline on `today`. */
  overdue?: boolean;
  /** Escalated at least once (escalation_level > 0). */
  escalated?: boolean;
  receivedFrom?: string;
  receivedTo?: string;
  search?: string;
};

function base(db: DbOrTx) {
  return petitionDb(db)
    .selectFrom('petition as p')
    .innerJoin('orgUnit as u', 'u.id', 'p.assignedUnitId')
    .leftJoin('appUser as r', 'r.id', 'p.registeredBy');
}
type Tables = Database & PetitionTables & { p: PetitionTables['petition']; u: Database['orgUnit'] };

const inScope = (s: Scope) => (eb: ExpressionBuilder<Tables, 'p' | 'u'>) =>
  eb.or([
    eb('u.path', 'like', `${escapeLike(s.unitPath)}%`),
    ...(s.userId ? [eb('p.registeredBy', '=', s.userId)] : []),
  ]);

/** Open and past the deadline that applies to its status. */
const overdueOn = (today: string): Expression<SqlBool> =>
  sql<SqlBool>`((p.status = 'registered' AND p.accept_due_on < ${today}::date) OR (p.status = 'accepted' AND p.conclude_due_on < ${today}::date))`;

/** Selects the petitions in scope matching the filter, newest received first. */
export async function listPetitions(
  db: DbOrTx,
  scope: Scope,
  f: PetitionFilter,
  today: string,
  page: { limit: number; offset: number },
) {
  let q = base(db).where('p.countyCode', '=', scope.countyCode).where(inScope(scope));
  if (f.status?.length) q = q.where('p.status', 'in', f.status);
  if (f.unitPath) q = q.where('u.path', 'like', `${escapeLike(f.unitPath)}%`);
  if (f.channel) q = q.where('p.channel', '=', f.channel);
  if (f.overdue) q = q.where(overdueOn(today));
  if (f.escalated) q = q.where('p.escalationLevel', '>', 0);
  if (f.receivedFrom) q = q.where('p.receivedOn', '>=', f.receivedFrom);
  if (f.receivedTo) q = q.where('p.receivedOn', '<=', f.receivedTo);
  if (f.search) {
    const like = `%${escapeLike(f.search)}%`;
    q = q.where((eb) =>
      eb.or([
        eb('p.number', 'like', like),
        eb('p.subject', 'ilike', like),
        eb('p.content', 'ilike', like),
        eb('p.petitionerName', 'ilike', like),
      ]),
    );
  }
  const [rows, total] = await Promise.all([
    q
      .selectAll('p')
      .select(['u.name as unitName', 'u.path as unitPath', 'r.displayName as registeredByName'])
      .orderBy('p.receivedOn', 'desc')
      .orderBy('p.number', 'desc')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows: rows as PetitionWithUnit[], total: Number(total.n) };
}

/** Counts over everything in scope: what the page's header shows. */
export async function countPetitions(db: DbOrTx, scope: Scope, today: string) {
  const r = await base(db)
    .where('p.countyCode', '=', scope.countyCode)
    .where(inScope(scope))
    .select([
      sql<number>`count(*)`.as('total'),
      sql<number>`count(*) FILTER (WHERE p.status IN ('registered','accepted'))`.as('open'),
      sql<number>`count(*) FILTER (WHERE ${overdueOn(today)})`.as('overdue'),
      sql<number>`count(*) FILTER (WHERE p.escalation_level > 0 AND p.status IN ('registered','accepted'))`.as(
        'escalatedOpen',
      ),
      sql<number>`count(*) FILTER (WHERE p.escalation_level > 0)`.as('escalated'),
    ])
    .executeTakeFirstOrThrow();
  return {
    total: Number(r.total),
    open: Number(r.open),
    overdue: Number(r.overdue),
    escalatedOpen: Number(r.escalatedOpen),
    escalated: Number(r.escalated),
  };
}

/** One petition of the county with its unit, or undefined; locked for a step when asked. */
export async function findPetition(
  db: DbOrTx,
  countyCode: string,
  id: string,
  lock = false,
): Promise<PetitionWithUnit | undefined> {
  const row = await base(db)
    .selectAll('p')
    .select(['u.name as unitName', 'u.path as unitPath', 'r.displayName as registeredByName'])
    .where('p.countyCode', '=', countyCode)
    .where('p.id', '=', id)
    .$if(lock, (q) => q.forUpdate('p'))
    .executeTakeFirst();
  return row as PetitionWithUnit | undefined;
}

/**
 * The next number of the county's year, 'YYYY-NNNN'. A transaction-scoped advisory lock per
 * county and year serialises two registrations at once (the UNIQUE constraint is the backstop).
 */
export async function nextNumber(tx: DbOrTx, countyCode: string, year: number): Promise<string> {
  await sql`SELECT pg_advisory_xact_lock(hashtext('petition_number'), hashtext(${`${countyCode}:${year}`}))`.execute(
    tx,
  );
  const r = await petitionDb(tx)
    .selectFrom('petition')
    // Numerically: '2026-10000' sorts before '2026-9999' as text.
    .select(sql<number | null>`max(split_part(number, '-', 2)::int)`.as('last'))
    .where('countyCode', '=', countyCode)
    .where('number', 'like', `${year}-%`)
    .executeTakeFirstOrThrow();
  const last = r.last === null ? 0 : Number(r.last);
  return `${year}-${String(last + 1).padStart(4, '0')}`;
}

export async function insertPetition(tx: DbOrTx, row: NewPetition) {
  await petitionDb(tx).insertInto('petition').values(row).execute();
}

export async function insertEvents(tx: DbOrTx, events: NewPetitionEvent[]): Promise<void> {
  if (events.length) await petitionDb(tx).insertInto('petitionEvent').values(events).execute();
}

/**
 * Applies a step's changes if the petition is still at the version the caller saw.
 * @returns the new version, or undefined when someone else changed it first
 */
export async function updatePetition(
  tx: DbOrTx,
  id: string,
  version: number,
  changes: PetitionChanges,
): Promise<number | undefined> {
  const r = await petitionDb(tx)
    .updateTable('petition')
    .set({ ...changes, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .returning('version')
    .executeTakeFirst();
  return r?.version;
}

/** A petition's history, oldest first, with the acting user's name. */
export async function listEvents(db: DbOrTx, petitionId: string) {
  return petitionDb(db)
    .selectFrom('petitionEvent as e')
    .leftJoin('appUser as a', 'a.id', 'e.byUser')
    .select(['e.id', 'e.action', 'e.onDate', 'e.note', 'e.at', 'a.displayName as userName'])
    .where('e.petitionId', '=', petitionId)
    .orderBy('e.at')
    .orderBy('e.id')
    .execute();
}

/**
 * Open petitions whose escalation level must rise on `today` (the level the overdue days call
 * for is above the stored one), locked: a second runner at the same time waits, then finds them
 * already raised (the condition is re-checked on the locked row).
 */
export async function lockEscalationDue(tx: DbOrTx, today: string, countyCode?: string) {
  const overdueDays = sql<number>`(${today}::date - CASE WHEN p.status = 'registered' THEN p.accept_due_on ELSE p.conclude_due_on END)`;
  const level = sql<number>`CASE WHEN ${overdueDays} > 15 THEN 2 WHEN ${overdueDays} > 0 THEN 1 ELSE 0 END`;
  return petitionDb(tx)
    .selectFrom('petition as p')
    .innerJoin('orgUnit as u', 'u.id', 'p.assignedUnitId')
    .select([
      'p.id',
      'p.countyCode',
      'p.number',
      'p.status',
      'p.escalationLevel',
      'p.assignedUnitId',
      'u.name as unitName',
      overdueDays.as('overdueDays'),
      level.as('level'),
    ])
    .where((eb) =>
      eb.or([
        eb.and([eb('p.status', '=', 'registered'), eb('p.acceptDueOn', '<', today)]),
        eb.and([eb('p.status', '=', 'accepted'), eb('p.concludeDueOn', '<', today)]),
      ]),
    )
    .where(sql<SqlBool>`${level} > p.escalation_level`)
    .$if(countyCode !== undefined, (q) => q.where('p.countyCode', '=', countyCode!))
    .orderBy('p.number')
    .forUpdate('p')
    .execute();
}

export async function raiseEscalation(tx: DbOrTx, id: string, level: number, at: Date): Promise<void> {
  await petitionDb(tx)
    .updateTable('petition')
    .set({ escalationLevel: level, escalatedAt: at })
    .where('id', '=', id)
    .execute();
}
