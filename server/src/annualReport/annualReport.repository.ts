import type { DbOrTx } from '../db/database.js';

/**
 * The figures as they were published (the whole figure frozen by /api/indicators/publish, with
 * its parts), for the units of a report whose figures the indicator service says are published.
 * Keyed `unitId|code`.
 */
export async function findPublishedFigures(
  db: DbOrTx,
  q: { unitIds: string[]; period: string; population: 'registered' | 'resident'; boundaries: 'present' | 'past' },
): Promise<Map<string, unknown>> {
  if (q.unitIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('publishedIndicator')
    .select(['unitId', 'code', 'figure'])
    .where('unitId', 'in', q.unitIds)
    .where('period', '=', q.period)
    .where('population', '=', q.population)
    .where('boundaries', '=', q.boundaries)
    .execute();
  return new Map(
    rows.map((r) => [
      `${r.unitId}|${r.code}`,
      typeof r.figure === 'string' ? (JSON.parse(r.figure) as unknown) : r.figure,
    ]),
  );
}
