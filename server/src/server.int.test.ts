import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { login } from './accounts/session.service.js';
import { loadConfig } from './config.js';
import { createDatabase } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { createSealer } from './lib/sealing.js';
import { bootstrap } from './server.js';

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
