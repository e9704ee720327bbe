import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { CamelCasePlugin, Kysely, PostgresDialect, type Transaction } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import lockfile from 'proper-lockfile';
import type { Database as Schema } from './schema.js';

export type Db = Kysely<Schema>;
/** Repository functions take either the database or an open transaction. */
export type DbOrTx = Kysely<Schema> | Transaction<Schema>;
export type Engine = 'pglite' | 'postgresql';

export type DatabaseHandle = {
  db: Db;
  engine: Engine;
  /** The driver under Kysely, for bulk loading with COPY (db/copy.ts); nothing else should need it. */
  raw?: { kind: 'pglite'; client: PGlite } | { kind: 'pg'; pool: pg.Pool };
  close(): Promise<void>;
};

export type DatabaseOptions =
  /** A PostgreSQL server. */
  | { url: string }
  /** The embedded engine in a data folder, or in memory (tests). */
  | { dataDir: string | 'memory' };

export class DataFolderLockedError extends Error {}

const DATE_OID = 1082;
const INT8_OID = 20;
const NUMERIC_OID = 1700;
// Event dates stay 'YYYY-MM-DD' strings: turning them into JS Dates shifts them across zones.
// Counts (int8) become numbers; no table here comes near 2^53 rows.
const parsers = {
  [DATE_OID]: (v: string) => v,
  [INT8_OID]: (v: string) => Number(v),
  [NUMERIC_OID]: (v: string) => Number(v),
};

/** The one database factory: the rest of the code does not know which engine it runs on. */
export async function createDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  const plugins = [new CamelCasePlugin()];
  if ('url' in options) {
    const pool = new pg.Pool({
      connectionString: options.url,
      max: 10,
      types: {
        getTypeParser: ((oid: number, format?: string) =>
          parsers[oid as keyof typeof parsers] ??
          pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
      },
    });
    // An idle client whose server connection ends (a restart, a terminated backend) emits
    // 'error' on the pool; without a listener Node treats it as unhandled and the process dies.
    // The pool drops that client and the next query opens a new connection.
    pool.on('error', (err) => process.emitWarning(`PostgreSQL: an idle connection closed: ${err.message}`));
    const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }), plugins });
    return { db, engine: 'postgresql', raw: { kind: 'pg', pool }, close: () => db.destroy() };
  }

  let release: (() => Promise<void>) | undefined;
  let client: PGlite;
  if (options.dataDir === 'memory') {
    client = new PGlite({ parsers });
  } else {
    const pgdata = path.join(options.dataDir, 'pgdata');
    fs.mkdirSync(pgdata, { recursive: true });
    release = await lockDataFolder(options.dataDir);
    client = new PGlite(pgdata, { parsers });
  }
  await client.waitReady;
  const db = new Kysely<Schema>({ dialect: new PGliteDialect(client), plugins });
  return {
    db,
    engine: 'pglite',
    raw: { kind: 'pglite', client },
    async close() {
      await db.destroy();
      await release?.();
    },
  };
}

/**
 * PGlite is a single-process database: two processes writing one folder corrupt it. The lock
 * is a directory beside the data, refreshed while we run and considered stale after 30 s, so a
 * killed server does not block the next start for long.
 */
async function lockDataFolder(dataDir: string): Promise<() => Promise<void>> {
  try {
    return await lockfile.lock(dataDir, {
      lockfilePath: path.join(dataDir, 'renkou.lock'),
      stale: 30_000,
      update: 10_000,
      retries: 0,
      onCompromised: (err) => {
        console.error(`数据目录锁丢失 (data folder lock compromised): ${err.message}`);
        process.exit(1);
      },
    });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ELOCKED') {
      throw new DataFolderLockedError(
        `数据目录 ${dataDir} 正被另一个 renkou 进程使用 (the data folder is in use by another renkou process). ` +
          `请先停止那个进程，或用 RENKOU_DATA 指定另一个数据目录。`,
      );
    }
    throw err;
  }
}
