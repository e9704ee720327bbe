import type { Kysely } from 'kysely';

/** Benefit programs stored as data (issue 6): filled by the programs slice. */
export async function up(_db: Kysely<unknown>): Promise<void> {}

export async function down(_db: Kysely<unknown>): Promise<void> {}
