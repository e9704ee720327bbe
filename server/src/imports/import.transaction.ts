/**
 * The one transaction an import writes in, with COPY available (db/copy.ts). Killing the process
 * mid-way leaves the database as it was: nothing is committed before the last statement.
 *
 * On the embedded engine there is one connection for the whole server: the import holds it
 * (other requests wait) so that no other request's statements run inside the import's
 * transaction. A large first load (more rows than the registry holds, at least `BULK_MIN_ROWS`)
 * builds the secondary indexes and checks the foreign keys once at the end instead of row by
 * row; unique keys stay, and a failed check fails the whole transaction.
 */
import type { Actor, AuditEntry } from '../audit/audit.service.js';
import { appendAudit } from '../audit/audit.repository.js';
import { withBulkSession, withDeferredIndexes, type CopyRow } from '../db/copy.js';
import type { DatabaseHandle, DbOrTx } from '../db/database.js';
import { clock } from '../lib/clock.js';

export const BULK_MIN_ROWS = 50_000;

export type ImportTransaction = {
  db: DbOrTx;
  copy(table: string, columns: readonly string[], rows: CopyRow[]): Promise<number>;
  /** Foreign keys are checked when the transaction ends its bulk load, not per COPY. */
  deferredChecks: boolean;
  /** The audit row, in this transaction (its failure fails the import). */
  audit(actor: Actor, entry: AuditEntry): Promise<void>;
};

export async function inImportTransaction<T>(
  database: DatabaseHandle,
  opts: { bulk: boolean },
  fn: (t: ImportTransaction) => Promise<T>,
): Promise<T> {
  const run = () =>
    withBulkSession(database, async (session) => {
      const t: ImportTransaction = {
        db: session.db,
        copy: (table, columns, rows) => session.copy(table, columns, rows),
        deferredChecks: opts.bulk,
        // recordAudit opens its own transaction unless handed a Kysely Transaction; the bulk
        // session is a transaction begun on its connection, so the row is appended on it, the
        // same way recordAudit does inside a transaction.
        audit: (actor, entry) =>
          appendAudit(session.db, {
            at: clock.now(),
            ...actor,
            action: entry.action,
            objectType: entry.objectType ?? null,
            objectId: entry.objectId ?? null,
            outcome: entry.outcome ?? 'success',
            detail: entry.detail ?? null,
          }),
      };
      if (!opts.bulk) return fn(t);
      // The indexes are built by sorting a million rows: in memory rather than on disk, for
      // this transaction only.
      await session.query(`SET LOCAL maintenance_work_mem = '256MB'`, []);
      const result = await withDeferredIndexes(session, ['person', 'person_history', 'household'], () => fn(t));
      // Triggers are off during the bulk load, so the indicators' derived population tables
      // (migration 0004) are brought up to date here, in the same transaction, for every person
      // whose history this import wrote (history rows default recorded_at to the transaction's now()).
      const [hook] = await session.query<{ present: boolean }>(
        `SELECT to_regprocedure('person_span_refresh(uuid[])') IS NOT NULL AS present`,
        [],
      );
      if (hook?.present) {
        await session.query(
          `SELECT person_span_refresh(ARRAY(SELECT DISTINCT person_id FROM person_history WHERE recorded_at = now()))`,
          [],
        );
      }
      return result;
    });
  if (database.engine === 'pglite') return database.db.connection().execute(run);
  return run();
}
