/**
 * Figures of record linkage (issue 5): per feed type and unit, the match rate (records linked to
 * a registry person) and the under-reporting rate (漏报率: records showing an event the registry
 * lacks or contradicts, among records about the county); and the completeness of birth registration estimated
 * from two sources, the registry and the hospitals' birth certificates, by capture–recapture.
 */
import { sql } from 'kysely';
import type { CurrentUser } from '../accounts/session.service.js';
import type { Db } from '../db/database.js';
import { chapman } from '../indicators/intervals.js';
import { addDays, parsePeriod } from '../indicators/periods.js';
import { clock } from '../lib/clock.js';
import { InvalidInputError } from '../lib/errors.js';
import { getUnitInScope } from '../org/org.service.js';
import { linkageDb } from './linkage.repository.js';

type Row = {
  unitId: string;
  unitName: string;
  feedType: string;
  total: number;
  linked: number;
  missing: number;
  contradicted: number;
  different: number;
  unmatched: number;
  pending: number;
};

/** The estimator lives with the indicators' other intervals; exported here for the linkage tests. */
export { chapman };

export type FeedFigures = Row & { matchRate: number | null; underReportingRate: number | null };

/**
 * The figures of a year, a quarter or a month (`period`: 2026, 2026Q3, 2026-08; `year` is the
 * older form of a year). Capture–recapture is only as good as the period is covered by the
 * hospital feeds, hence quarters and months.
 * @throws InvalidInputError for a bad period, NotFoundError for a unit out of scope
 */
export async function linkageFigures(
  db: Db,
  user: CurrentUser,
  q: { year?: number; period?: string; unitId?: string },
) {
  const unit = await getUnitInScope(db, user, q.unitId ?? user.unitId);
  if (!q.period && q.year === undefined) throw InvalidInputError.field('period', '请选择统计期（年、季度或月份）');
  const period = parsePeriod(q.period ?? String(q.year), clock.today());
  const from = period.start;
  const to = addDays(period.end, 1);
  const counts = (expr: ReturnType<typeof sql>) => sql<number>`count(*) FILTER (WHERE ${expr})::integer`;
  // Each finding counts for the child unit (township or village) its unit lies under.
  const rows = (await linkageDb(db)
    .selectFrom('linkageFinding as f')
    .innerJoin('linkageRun as run', 'run.id', 'f.runId')
    .innerJoin('orgUnit as u', 'u.id', 'f.unitId')
    .innerJoin('orgUnit as c', (j) => j.on(sql<boolean>`u.path LIKE c.path || '%'`).on('c.parentId', '=', unit.id))
    .where('f.countyCode', '=', user.countyCode)
    .where('run.current', '=', true)
    .where('f.eventDate', '>=', from)
    .where('f.eventDate', '<', to)
    .select([
      'c.id as unitId',
      'c.name as unitName',
      'f.feedType',
      sql<number>`count(*)::integer`.as('total'),
      counts(sql`f.person_id IS NOT NULL`).as('linked'),
      counts(sql`f.kind = 'missing'`).as('missing'),
      counts(sql`f.kind = 'contradicted'`).as('contradicted'),
      counts(sql`f.kind = 'different'`).as('different'),
      counts(sql`f.kind = 'unmatched'`).as('unmatched'),
      counts(sql`f.kind = 'pending'`).as('pending'),
    ])
    .groupBy(['c.id', 'c.name', 'f.feedType'])
    .orderBy('c.id')
    .execute()) as Row[];
  const withRates = (r: Row): FeedFigures => {
    const decided = r.total - r.pending;
    const about = decided - r.unmatched;
    // A person civil affairs records as dead whom the registry holds alive is an unreported death
    // as much as a police cancellation is: both count as under-reporting (as in the catalogue's
    // deathUnderReportingRate).
    return {
      ...r,
      matchRate: decided > 0 ? r.linked / decided : null,
      underReportingRate: about > 0 ? (r.missing + r.contradicted) / about : null,
    };
  };
  // Per feed type over the whole unit (a village has no child units to sum).
  const typeRows = (await linkageDb(db)
    .selectFrom('linkageFinding as f')
    .innerJoin('linkageRun as run', 'run.id', 'f.runId')
    .innerJoin('orgUnit as u', 'u.id', 'f.unitId')
    .where('f.countyCode', '=', user.countyCode)
    .where('run.current', '=', true)
    .where('f.eventDate', '>=', from)
    .where('f.eventDate', '<', to)
    .where('u.path', 'like', `${unit.path}%`)
    .select([
      sql<string>`${unit.id}`.as('unitId'),
      sql<string>`${unit.name}`.as('unitName'),
      'f.feedType',
      sql<number>`count(*)::integer`.as('total'),
      counts(sql`f.person_id IS NOT NULL`).as('linked'),
      counts(sql`f.kind = 'missing'`).as('missing'),
      counts(sql`f.kind = 'contradicted'`).as('contradicted'),
      counts(sql`f.kind = 'different'`).as('different'),
      counts(sql`f.kind = 'unmatched'`).as('unmatched'),
      counts(sql`f.kind = 'pending'`).as('pending'),
    ])
    .groupBy('f.feedType')
    .orderBy('f.feedType')
    .execute()) as Row[];

  // Capture–recapture of births: the registry's births of the period in the unit (n1), the
  // hospitals' certificates about the unit (n2), and those found in both (m: the child is in the registry).
  const path = `${unit.path}%`;
  const n1 = Number(
    (
      await db
        .selectFrom('vitalEvent as e')
        .innerJoin('orgUnit as u', 'u.id', 'e.unitId')
        .where('e.countyCode', '=', user.countyCode)
        .where('e.type', '=', 'birth')
        .where('e.eventDate', '>=', from)
        .where('e.eventDate', '<', to)
        .where('u.path', 'like', path)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
  const hospital = await linkageDb(db)
    .selectFrom('linkageFinding as f')
    .innerJoin('linkageRun as run', 'run.id', 'f.runId')
    .innerJoin('orgUnit as u', 'u.id', 'f.unitId')
    .where('f.countyCode', '=', user.countyCode)
    .where('run.current', '=', true)
    .where('f.feedType', '=', 'hospital_birth')
    .where('f.kind', 'in', ['consistent', 'different', 'missing'])
    .where('f.eventDate', '>=', from)
    .where('f.eventDate', '<', to)
    .where('u.path', 'like', path)
    .select([
      sql<number>`count(*)::integer`.as('n2'),
      sql<number>`count(*) FILTER (WHERE f.kind IN ('consistent', 'different'))::integer`.as('m'),
    ])
    .executeTakeFirstOrThrow();
  const births =
    hospital.n2 > 0
      ? { registry: n1, hospital: hospital.n2, both: hospital.m, ...chapman(n1, hospital.n2, hospital.m) }
      : null;
  return {
    unit: { id: unit.id, name: unit.name },
    year: Number(period.start.slice(0, 4)),
    period: { code: period.code, start: period.start, end: period.end, running: period.running },
    byFeedType: typeRows.map(withRates),
    byUnit: rows.map(withRates),
    births,
  };
}
