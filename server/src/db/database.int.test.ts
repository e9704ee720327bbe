import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { setupTestCase } from '../testing/setup.js';
import { createDatabase, DataFolderLockedError } from './database.js';
import { migrateToLatest } from './migrate.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe('the embedded database in a data folder', () => {
  it('refuses a second opener of the same folder with a clear message, and frees it on close', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'renkou-lock-'));
    dirs.push(dir);
    const first = await createDatabase({ dataDir: dir });
    await migrateToLatest(first.db);
    const second = createDatabase({ dataDir: dir });
    await expect(second).rejects.toBeInstanceOf(DataFolderLockedError);
    await expect(createDatabase({ dataDir: dir })).rejects.toThrow(/正被另一个 renkou 进程使用/);
    await first.close();
    const again = await createDatabase({ dataDir: dir });
    expect(await migrateToLatest(again.db)).toEqual([]);
    await again.close();
  });
});

describe('the API on either engine', () => {
  it('says which engine it runs on and publishes its OpenAPI description', async () => {
    const t = await setupTestCase();
    try {
      const health = await t.anonymous.get('/api/health');
      expect(health.body.engine).toBe(process.env.RENKOU_TEST_PG ? 'postgresql' : 'pglite');
      const spec = await t.anonymous.get('/api/openapi.json');
      expect(spec.status).toBe(200);
      expect(Object.keys(spec.body.paths)).toEqual(
        expect.arrayContaining(['/api/reports', '/api/persons/{id}', '/api/auth/login']),
      );
      const docs = await t.anonymous.get('/api/docs/');
      expect(docs.status).toBe(200);
    } finally {
      await t.close();
    }
  });
});
