import { Option, type Command } from 'commander';
import { loadConfig, type Config } from '../config.js';
import type { Db } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { openDatabase } from '../server.js';

/** Options every command shares: where the data lives. They override the environment. */
export function withDataOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--data <dir>', '数据目录 (embedded database folder)').env('RENKOU_DATA'))
    .addOption(new Option('--database-url <url>', 'PostgreSQL 连接串').env('DATABASE_URL'));
}

export type DataOptions = { data?: string; databaseUrl?: string };

export function configFrom(opts: DataOptions): Config {
  return loadConfig({
    ...process.env,
    RENKOU_DATA: opts.data ?? process.env.RENKOU_DATA,
    DATABASE_URL: opts.databaseUrl ?? process.env.DATABASE_URL,
  });
}

/** Opens the database (migrated), runs the command, and always closes it (releasing the data-folder lock). */
export async function withDb<T>(opts: DataOptions, fn: (db: Db, config: Config) => Promise<T>): Promise<T> {
  const config = configFrom(opts);
  const database = await openDatabase(config);
  try {
    await migrateToLatest(database.db);
    return await fn(database.db, config);
  } finally {
    await database.close();
  }
}
