import type { Db, DbOrTx } from '../db/database.js';
import { clock } from '../lib/clock.js';
import { appendAudit, listAudit, verifyChain, type AuditQuery } from './audit.repository.js';

/** Who did it and from where: taken from the session, never from the request body. */
export type Actor = {
  userId: string | null;
  username: string | null;
  unitId: string | null;
  address: string | null;
};

export type AuditEntry = {
  action: string;
  objectType?: string;
  objectId?: string;
  outcome?: 'success' | 'failure' | 'denied';
  detail?: Record<string, unknown>;
};

/**
 * Writes one audit row. Inside a transaction it commits or rolls back with the action it
 * records; given the database it opens its own. Either way a failed write throws, so the
 * action it guards fails too (等保: no unaudited action).
 */
export async function recordAudit(db: DbOrTx, actor: Actor, entry: AuditEntry): Promise<void> {
  const record = {
    at: clock.now(),
    ...actor,
    action: entry.action,
    objectType: entry.objectType ?? null,
    objectId: entry.objectId ?? null,
    outcome: entry.outcome ?? 'success',
    detail: entry.detail ?? null,
  } as const;
  if (db.isTransaction) {
    await appendAudit(db, record);
  } else {
    await (db as Db).transaction().execute((tx) => appendAudit(tx, record));
  }
}

export const searchAudit = (db: Db, q: AuditQuery) => listAudit(db, q);
export const verifyAuditChain = (db: Db) => verifyChain(db);
