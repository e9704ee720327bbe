import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { login } from './accounts/session.service.js';
import { loadConfig } from './config.js';
import { createDatabase } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { createSealer } from './lib/sealing.js';
import { readDivisionFile } from './org/divisions.js';
import { loadDivisionTree } from './org/org.service.js';
import { bootstrap } from './server.js';
import { freshDatabase } from './testing/setup.js';

describe('first start of a real installation (RENKOU_DEMO=off)', () => {
  it('loads the county and creates one administrator whose one-time password must be changed', async () => {
    const database = await createDatabase({ dataDir: 'memory' });
    try {
      await migrateToLatest(database.db);
      const lines: string[] = [];
      const log = pino({ level: 'info' }, { write: (s: string) => lines.push(s) });
      const config = loadConfig({ RENKOU_DEMO: 'off', RENKOU_COUNTY: '430621', RENKOU_DATA: '/nonexistent' });
      await bootstrap(database, createSealer(randomBytes(32)), config, log);
      const county = await database.db
        .selectFrom('orgUnit')
        .selectAll()
        .where('level', '=', 'county')
        .executeTakeFirstOrThrow();
      expect(county).toMatchObject({ id: '430621', name: '岳阳县' });
      const users = await database.db.selectFrom('appUser').selectAll().execute();
      expect(users).toHaveLength(1);
      expect(users[0]).toMatchObject({
        username: 'admin',
        role: 'security_admin',
        mustChangePassword: true,
        isDemo: false,
      });
      const password = /一次性密码：(\S+)/.exec(lines.join(''))![1]!;
      const session = await login(database.db, config, { username: 'admin', password, address: null });
      expect(session.user.mustChangePassword).toBe(true);
      const persons = await database.db.selectFrom('person').select('id').execute();
      expect(persons).toHaveLength(0);
    } finally {
      await database.close();
    }
  });
});

describe('first start after a county loaded its own subtree (renkou org load FILE)', () => {
  it('creates the first administrator because no account exists, though units do; once', async () => {
    // A small county in the format of server/src/org/data/README.md, not 华容县.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'renkou-bootstrap-'));
    const file = path.join(dir, '430624.json');
    writeFileSync(
      file,
      JSON.stringify({
        source: 'test',
        county: { code: '430624', name: '湘阴县', parentName: '湖南省岳阳市' },
        townships: [
          {
            code: '430624100',
            name: '文星镇',
            villages: [
              { code: '430624100001', name: '城西社区' },
              { code: '430624100201', name: '洞庭村' },
            ],
          },
        ],
      }),
    );
    const database = await freshDatabase();
    try {
      await migrateToLatest(database.db);
      // What `renkou org load FILE` does, before the server first starts.
      await loadDivisionTree(database.db, readDivisionFile(file));
      const lines: string[] = [];
      const log = pino({ level: 'info' }, { write: (s: string) => lines.push(s) });
      const config = loadConfig({ RENKOU_DEMO: 'off', RENKOU_COUNTY: '430624', RENKOU_DATA: '/nonexistent' });
      await bootstrap(database, createSealer(randomBytes(32)), config, log);

      const users = await database.db.selectFrom('appUser').selectAll().execute();
      expect(users).toHaveLength(1);
      expect(users[0]).toMatchObject({ username: 'admin', unitId: '430624', mustChangePassword: true, isDemo: false });
      const password = /一次性密码：(\S+)/.exec(lines.join(''))![1]!;
      const session = await login(database.db, config, { username: 'admin', password, address: null });
      expect(session.user.mustChangePassword).toBe(true);
      expect(session.user.unitPath).toBe('/430624/');
      // The loaded subtree is what the county has: nothing of 华容县 or of the shipped data was added.
      const units = await database.db.selectFrom('orgUnit').select('id').execute();
      expect(units.map((u) => u.id).sort()).toEqual(['430624', '430624100', '430624100001', '430624100201']);

      // The next start finds an account and neither creates another nor prints a password.
      lines.length = 0;
      await bootstrap(database, createSealer(randomBytes(32)), config, log);
      expect(await database.db.selectFrom('appUser').select('id').execute()).toHaveLength(1);
      expect(lines.join('')).not.toContain('一次性密码');
    } finally {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
