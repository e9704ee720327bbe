/**
 * Writes a simulated population into the database with COPY, table by table in the order the
 * foreign keys need (households, persons, their history, reports, report actions, vital
 * events). The caller owns the transaction (a BulkSession) and decides whether indexes and
 * foreign keys are rebuilt once at the end (db/copy.ts withDeferredIndexes).
 */
import type { BulkSession } from '../db/copy.js';
import type { Row } from './population.model.js';
import { COLUMNS, type CopyTable, type PopulationRows } from './population.rows.js';

/** The tables the synthetic population fills, in load order. */
export const POPULATION_TABLES: readonly CopyTable[] = [
  'household',
  'person',
  'person_history',
  'report',
  'report_action',
  'vital_event',
];

export type WriteProgress = (table: CopyTable, done: number, total: number) => void;
/** How long one table took (rows made, sealed and COPYed), for benchmarks. */
export type TableTiming = (table: CopyTable, ms: number, rows: number) => void;

function* counted(rows: Iterable<Row>, total: number, report: (done: number) => void): Generator<Row> {
  let n = 0;
  const step = Math.max(1000, Math.floor(total / 20));
  for (const r of rows) {
    yield r;
    if (++n % step === 0) report(n);
  }
  report(n);
}

/** COPYs one county's rows; returns the rows written per table. */
export async function writePopulation(
  session: BulkSession,
  rows: PopulationRows,
  onProgress?: WriteProgress,
  onTable?: TableTiming,
): Promise<Record<CopyTable, number>> {
  const c = rows.counts;
  const sources: Record<CopyTable, [() => Iterable<Row>, number]> = {
    household: [() => rows.households(), c.households],
    person: [() => rows.persons(), c.persons],
    person_history: [() => rows.history(), c.history],
    report: [() => rows.reports(), c.reports],
    report_action: [() => rows.actions(), c.actions],
    vital_event: [() => rows.vitals(), c.events],
  };
  const written = {} as Record<CopyTable, number>;
  for (const table of POPULATION_TABLES) {
    const [make, total] = sources[table];
    const t = performance.now();
    written[table] = await session.copy(
      table,
      COLUMNS[table],
      counted(make(), total, (done) => onProgress?.(table, done, total)),
    );
    onTable?.(table, performance.now() - t, written[table]);
  }
  return written;
}
