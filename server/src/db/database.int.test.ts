import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
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

describe('a second process on the same data folder', () => {
  const root = fileURLToPath(new URL('../../..', import.meta.url));

  // The CLI as an operator would start it, in its own process, pointed at the same folder.
  const migrateIn = (dir: string) => {
    const { DATABASE_URL: _url, ...env } = process.env;
    return promisify(execFile)(process.execPath, ['--import', 'tsx', 'server/src/main.ts', 'migrate'], {
      cwd: root,
      env: { ...env, RENKOU_DATA: dir, LOG_LEVEL: 'silent' },
      timeout: 60_000,
    });
  };

  it('is refused with a clear message and a non-zero exit while the server holds the folder', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'renkou-lock2-'));
    dirs.push(dir);
    const held = await createDatabase({ dataDir: dir });
    try {
      await migrateToLatest(held.db);
      const second = await migrateIn(dir).then(
        () => ({ code: 0, stderr: '' }),
        (e: { code?: number; stderr?: string }) => ({ code: e.code, stderr: e.stderr ?? '' }),
      );
      expect(second.code).toBe(1);
      expect(second.stderr).toContain(`数据目录 ${dir} 正被另一个 renkou 进程使用`);
      expect(second.stderr).toContain('RENKOU_DATA');
      // The holder is unharmed: it still answers.
      expect(await migrateToLatest(held.db)).toEqual([]);
    } finally {
      await held.close();
    }
    // Once the holder has closed, the same command runs (exit 0, or execFile would throw).
    const after = await migrateIn(dir);
    expect(after.stderr).not.toContain('正被另一个 renkou 进程使用');
  }, 120_000);
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
