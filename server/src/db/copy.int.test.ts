import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyRows, withBulkSession, withDeferredIndexes } from './copy.js';
import type { DatabaseHandle } from './database.js';
import { freshDatabase } from '../testing/setup.js';

describe('bulk loading with COPY', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await freshDatabase();
    await sql`CREATE TABLE parent (id int PRIMARY KEY, label text)`.execute(handle.db);
    await sql`CREATE TABLE child (id int PRIMARY KEY, parent_id int REFERENCES parent(id), note text, at timestamptz, ok boolean, doc jsonb)`.execute(
      handle.db,
    );
    await sql`CREATE INDEX child_note_idx ON child (note)`.execute(handle.db);
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('writes tabs, newlines, backslashes, NULLs, dates, booleans and JSON as they are', async () => {
    const at = new Date('2016-03-05T02:30:00Z');
    await copyRows(
      handle,
      'parent',
      ['id', 'label'],
      [
        [1, '华容县\t章华镇\n第1组 C:\\dir'],
        [2, null],
      ],
    );
    await copyRows(
      handle,
      'child',
      ['id', 'parent_id', 'note', 'at', 'ok', 'doc'],
      [[10, 1, '\\N is text here', at, true, { a: 'x\ty', b: [1, null] }]],
    );
    const parents = await sql<{ id: number; label: string | null }>`SELECT id, label FROM parent ORDER BY id`.execute(
      handle.db,
    );
    expect(parents.rows).toEqual([
      { id: 1, label: '华容县\t章华镇\n第1组 C:\\dir' },
      { id: 2, label: null },
    ]);
    const child = (
      await sql<{ note: string; at: Date; ok: boolean; doc: unknown }>`SELECT note, at, ok, doc FROM child`.execute(
        handle.db,
      )
    ).rows[0]!;
    expect(child).toEqual({ note: '\\N is text here', at, ok: true, doc: { a: 'x\ty', b: [1, null] } });
  });

  it('commits a session as one transaction and rolls it back when it fails', async () => {
    await expect(
      withBulkSession(handle, async (s) => {
        await s.copy('parent', ['id', 'label'], [[3, 'kept?']]);
        // Kysely on the session runs on the same connection, inside the same transaction.
        await sql`INSERT INTO parent (id, label) VALUES (5, 'via kysely')`.execute(s.db);
        const seen = await sql<{ n: number }>`SELECT count(*)::int AS n FROM parent WHERE id IN (3, 5)`.execute(s.db);
        expect(seen.rows[0]!.n).toBe(2);
        throw new Error('interrupted');
      }),
    ).rejects.toThrow('interrupted');
    const n = await sql<{ n: number }>`SELECT count(*)::int AS n FROM parent WHERE id IN (3, 5)`.execute(handle.db);
    expect(n.rows[0]!.n).toBe(0);
  });

  it('drops and restores indexes and foreign keys around a load, and a broken reference fails it', async () => {
    const shape = async () =>
      (
        await sql<{ name: string }>`SELECT conname AS name FROM pg_constraint WHERE conrelid = 'child'::regclass
        UNION ALL SELECT indexname FROM pg_indexes WHERE tablename = 'child' ORDER BY 1`.execute(handle.db)
      ).rows.map((r) => r.name);
    const before = await shape();
    await withBulkSession(handle, (s) =>
      withDeferredIndexes(s, ['child'], async () => {
        // Rows may come in any order while the keys are off.
        await s.copy(
          'child',
          ['id', 'parent_id', 'note'],
          [
            [11, 4, 'parent comes later'],
            [12, 1, null],
          ],
        );
        await s.copy('parent', ['id', 'label'], [[4, 'late']]);
      }),
    );
    expect(await shape()).toEqual(before);
    await expect(
      withBulkSession(handle, (s) =>
        withDeferredIndexes(s, ['child'], () => s.copy('child', ['id', 'parent_id'], [[13, 999]])),
      ),
    ).rejects.toThrow(/foreign key/);
    const ids = await sql<{ id: number }>`SELECT id FROM child ORDER BY id`.execute(handle.db);
    expect(ids.rows.map((r) => r.id)).toEqual([10, 11, 12]);
    expect(await shape()).toEqual(before);
  });
});
