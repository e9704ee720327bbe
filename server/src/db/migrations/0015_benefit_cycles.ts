import type { Kysely } from 'kysely';

/** Benefit yearly cycles and candidates (issue 6): filled by the cycles slice. */
export async function up(_db: Kysely<unknown>): Promise<void> {}

export async function down(_db: Kysely<unknown>): Promise<void> {}
