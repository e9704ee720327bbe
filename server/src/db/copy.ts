import type { PGlite } from '@electric-sql/pglite';
import { CamelCasePlugin, Kysely, PostgresDialect } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { DatabaseHandle, Db, Engine } from './database.js';
import type { Database as Schema } from './schema.js';

/**
 * Bulk loading with PostgreSQL's COPY on both engines: the `pg` driver streams COPY ... FROM
 * STDIN through pg-copy-streams; PGlite reads COPY ... FROM '/dev/blob' from a Blob handed to
 * the query. Rows are arrays in the order of `columns`; values are written in COPY's text
 * format (NULL as \N, dates as ISO strings, objects as JSON). Used by the synthetic county and
 * by benchmarks; ordinary writes go through Kysely.
 */
export type CopyValue = string | number | bigint | boolean | Date | object | null | undefined;
export type CopyRow = readonly CopyValue[];

/** One connection inside one transaction, with a Kysely bound to that same connection. */
export type BulkSession = {
  engine: Engine;
  /** Kysely on this session's connection: its statements run inside the session's transaction. */
  db: Db;
  /** Runs SQL (several statements allowed when there are no parameters). */
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
  copy(table: string, columns: readonly string[], rows: Iterable<CopyRow>): Promise<number>;
  /** COPYs text already in COPY's text format (benchmarks' baseline). */
  copyText(table: string, columns: readonly string[], text: string | Buffer): Promise<void>;
};

const plugins = () => [new CamelCasePlugin()];

function escapeText(s: string): string {
  // Only backslash and the row/column separators need escaping in COPY's text format.
  return /[\\\t\n\r]/.test(s)
    ? s.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'))
    : s;
}

/** One value in COPY text format. */
export function copyField(v: CopyValue): string {
  if (v === null || v === undefined) return '\\N';
  switch (typeof v) {
    case 'string':
      return escapeText(v);
    case 'number':
    case 'bigint':
      return String(v);
    case 'boolean':
      return v ? 't' : 'f';
    case 'object':
      return v instanceof Date ? v.toISOString() : escapeText(JSON.stringify(v));
    case 'undefined':
      return '\\N';
    case 'function':
    case 'symbol':
      throw new Error(`cannot COPY a ${typeof v}`);
  }
}

// Small chunks: rows die young (cheap to collect) and each PGlite COPY stays small.
const CHUNK_CHARS = 1024 * 1024;

/** COPY text in chunks of about `CHUNK_CHARS` characters, whole rows only. */
export function* textChunks(rows: Iterable<CopyRow>, counter: { n: number } = { n: 0 }): Generator<string> {
  let parts: string[] = [];
  let size = 0;
  for (const row of rows) {
    let line = '';
    for (let i = 0; i < row.length; i++) line += (i ? '\t' : '') + copyField(row[i]);
    line += '\n';
    parts.push(line);
    size += line.length;
    counter.n++;
    if (size >= CHUNK_CHARS) {
      yield parts.join('');
      parts = [];
      size = 0;
    }
  }
  if (parts.length) yield parts.join('');
}

const copySql = (table: string, columns: readonly string[], source: string) =>
  `COPY ${table} (${columns.join(', ')}) FROM ${source}`;

async function copyPglite(
  client: PGlite,
  table: string,
  columns: readonly string[],
  rows: Iterable<CopyRow>,
): Promise<number> {
  const counter = { n: 0 };
  // One COPY per chunk: the blob is copied into the WASM heap, so it is kept to a few megabytes.
  for (const chunk of textChunks(rows, counter)) {
    await client.query(copySql(table, columns, `'/dev/blob'`), [], { blob: new Blob([chunk]) });
    // PGlite runs on this thread: let the event loop flush logs and timers between chunks.
    await new Promise((resolve) => setImmediate(resolve));
  }
  return counter.n;
}

async function copyPg(
  client: pg.PoolClient | pg.Client,
  table: string,
  columns: readonly string[],
  rows: Iterable<CopyRow>,
): Promise<number> {
  const counter = { n: 0 };
  const stream = client.query(copyFrom(copySql(table, columns, 'STDIN')));
  const done = new Promise<void>((resolve, reject) => {
    stream.on('finish', resolve);
    stream.on('error', reject);
  });
  for (const chunk of textChunks(rows, counter)) {
    if (!stream.write(chunk)) await new Promise<void>((resolve) => stream.once('drain', resolve));
  }
  stream.end();
  await done;
  return counter.n;
}

/**
 * Runs `fn` in one transaction on one connection with COPY available; commits when it returns,
 * rolls back when it throws, so a killed or failed load leaves the database as it was.
 * @throws Error when the handle has no raw driver (a handle not made by createDatabase)
 */
export async function withBulkSession<T>(handle: DatabaseHandle, fn: (s: BulkSession) => Promise<T>): Promise<T> {
  const raw = handle.raw;
  if (!raw) throw new Error('bulk loading needs a database handle from createDatabase');
  if (raw.kind === 'pglite') {
    const client = raw.client;
    const session: BulkSession = {
      engine: 'pglite',
      db: new Kysely<Schema>({ dialect: new PGliteDialect(client), plugins: plugins() }),
      query: async <R>(sql: string, params?: unknown[]) =>
        params ? (await client.query<R>(sql, params)).rows : (((await client.exec(sql)).at(-1)?.rows ?? []) as R[]),
      copy: (table, columns, rows) => copyPglite(client, table, columns, rows),
      copyText: async (table, columns, text) => {
        await client.query(copySql(table, columns, `'/dev/blob'`), [], {
          blob: new Blob([typeof text === 'string' ? text : new Uint8Array(text)]),
        });
      },
    };
    await client.exec('BEGIN');
    try {
      const out = await fn(session);
      await client.exec('COMMIT');
      return out;
    } catch (err) {
      await client.exec('ROLLBACK');
      throw err;
    }
  }
  const client = await raw.pool.connect();
  // A one-connection pool lets Kysely run on the connection that holds the transaction.
  const pinned = {
    connect: async () => ({ query: client.query.bind(client), release: () => undefined }) as unknown as pg.PoolClient,
    end: async () => undefined,
  };
  const session: BulkSession = {
    engine: 'postgresql',
    db: new Kysely<Schema>({ dialect: new PostgresDialect({ pool: pinned }), plugins: plugins() }),
    query: async <R>(sql: string, params?: unknown[]) => (await client.query(sql, params)).rows as R[],
    copy: (table, columns, rows) => copyPg(client, table, columns, rows),
    copyText: async (table, columns, text) => {
      const stream = client.query(copyFrom(copySql(table, columns, 'STDIN')));
      await new Promise<void>((resolve, reject) => {
        stream.on('finish', resolve);
        stream.on('error', reject);
        stream.end(text);
      });
    },
  };
  try {
    await client.query('BEGIN');
    const out = await fn(session);
    await client.query('COMMIT');
    return out;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/** COPYs rows into a table, in the session's transaction or (given a handle) on its own. */
export async function copyRows(
  target: DatabaseHandle | BulkSession,
  table: string,
  columns: readonly string[],
  rows: Iterable<CopyRow>,
): Promise<number> {
  if ('copy' in target) return target.copy(table, columns, rows);
  return withBulkSession(target, (s) => s.copy(table, columns, rows));
}

type Deferred = { indexes: string[]; constraints: Array<{ table: string; name: string; def: string }> };

/**
 * Drops the secondary indexes of `tables` and every foreign key from or to them, and disables
 * their user triggers, runs `fn`, and puts them back: PostgreSQL builds an index in one sort and
 * checks a foreign key with one join, far faster than row by row (what pg_restore does). Primary
 * keys and unique constraints stay, so duplicates still fail at once; a broken reference fails
 * when the key is added back, and the whole transaction with it. Whatever the triggers maintain
 * (derived tables) is the caller's to rebuild inside `fn`.
 */
export async function withDeferredIndexes<T>(
  session: BulkSession,
  tables: readonly string[],
  fn: () => Promise<T>,
): Promise<T> {
  const list = tables.map((t) => `'${t.replace(/'/g, "''")}'`).join(', ');
  const deferred: Deferred = {
    constraints: await session.query<{ table: string; name: string; def: string }>(
      `SELECT c.conrelid::regclass::text AS table, c.conname AS name, pg_get_constraintdef(c.oid) AS def
         FROM pg_constraint c
        WHERE c.contype = 'f' AND (c.conrelid::regclass::text IN (${list}) OR c.confrelid::regclass::text IN (${list}))
        ORDER BY c.conname`,
      [],
    ),
    indexes: (
      await session.query<{ def: string; name: string }>(
        `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def
           FROM pg_index i
          WHERE i.indrelid::regclass::text IN (${list})
            AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
          ORDER BY 1`,
        [],
      )
    ).map((r) => r.def),
  };
  const names = await session.query<{ name: string }>(
    `SELECT i.indexrelid::regclass::text AS name FROM pg_index i
      WHERE i.indrelid::regclass::text IN (${list}) AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)`,
    [],
  );
  for (const c of deferred.constraints) await session.query(`ALTER TABLE ${c.table} DROP CONSTRAINT ${c.name}`);
  for (const n of names) await session.query(`DROP INDEX ${n.name}`);
  for (const t of tables) await session.query(`ALTER TABLE ${t} DISABLE TRIGGER USER`);
  const out = await fn();
  for (const t of tables) await session.query(`ALTER TABLE ${t} ENABLE TRIGGER USER`);
  for (const def of deferred.indexes) await session.query(def);
  for (const c of deferred.constraints) await session.query(`ALTER TABLE ${c.table} ADD CONSTRAINT ${c.name} ${c.def}`);
  return out;
}
