import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { DbOrTx } from '../db/database.js';

export const GENESIS_HASH = '0'.repeat(64);
/** Any fixed number: the advisory lock that serialises appends to the hash chain. */
const CHAIN_LOCK = 740_623;

export type AuditRecord = {
  at: Date;
  userId: string | null;
  username: string | null;
  unitId: string | null;
  action: string;
  objectType: string | null;
  objectId: string | null;
  outcome: 'success' | 'failure' | 'denied';
  address: string | null;
  detail: Record<string, unknown> | null;
};

/** JSON with sorted keys: jsonb does not keep key order, and the hash must survive a round trip. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function chainHash(prevHash: string, r: AuditRecord): string {
  const body = canonicalJson({ ...r, at: r.at.toISOString() });
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}

/** Must run inside a transaction: the lock is held until it commits. */
export async function appendAudit(tx: DbOrTx, r: AuditRecord): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(${CHAIN_LOCK})`.execute(tx);
  const last = await tx.selectFrom('auditLog').select('hash').orderBy('id', 'desc').limit(1).executeTakeFirst();
  const prevHash = last?.hash ?? GENESIS_HASH;
  // Round to milliseconds: timestamptz keeps microseconds, JS Dates keep milliseconds.
  const rec = { ...r, at: new Date(Math.floor(r.at.getTime())) };
  await tx
    .insertInto('auditLog')
    .values({
      ...rec,
      detail: rec.detail === null ? null : JSON.stringify(rec.detail),
      prevHash,
      hash: chainHash(prevHash, rec),
    })
    .execute();
}

export type AuditQuery = {
  from?: string;
  to?: string;
  username?: string;
  action?: string;
  page: number;
  pageSize: number;
};

export async function listAudit(db: DbOrTx, q: AuditQuery) {
  let query = db.selectFrom('auditLog');
  if (q.from) query = query.where('at', '>=', new Date(`${q.from}T00:00:00+08:00`));
  if (q.to) query = query.where('at', '<', new Date(new Date(`${q.to}T00:00:00+08:00`).getTime() + 86_400_000));
  if (q.username) query = query.where('username', '=', q.username);
  if (q.action) query = query.where('action', 'like', `${q.action}%`);
  const { total } = await query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  const items = await query
    .selectAll()
    .orderBy('id', 'desc')
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute();
  return { items, total: Number(total) };
}

/**
 * Walks the chain in order, recomputing every hash. Reads in pages so a chain of millions of
 * rows does not sit in memory at once.
 */
export async function verifyChain(db: DbOrTx): Promise<{ ok: boolean; checked: number; brokenAt?: string }> {
  let prev = GENESIS_HASH;
  let lastId = '0';
  let checked = 0;
  for (;;) {
    const rows = await db
      .selectFrom('auditLog')
      .selectAll()
      .where('id', '>', lastId)
      .orderBy('id')
      .limit(5000)
      .execute();
    if (rows.length === 0) return { ok: true, checked };
    for (const row of rows) {
      const rec: AuditRecord = {
        at: row.at,
        userId: row.userId,
        username: row.username,
        unitId: row.unitId,
        action: row.action,
        objectType: row.objectType,
        objectId: row.objectId,
        outcome: row.outcome,
        address: row.address,
        detail: (row.detail as Record<string, unknown> | null) ?? null,
      };
      if (row.prevHash !== prev || chainHash(prev, rec) !== row.hash) {
        return { ok: false, checked, brokenAt: String(row.id) };
      }
      prev = row.hash;
      lastId = String(row.id);
      checked++;
    }
  }
}
