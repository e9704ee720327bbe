import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { createUserUnchecked } from './accounts/account.service.js';
import { buildApp } from './app.js';
import type { Config } from './config.js';
import { createDatabase, type DatabaseHandle } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { DEMO_PASSWORD, seedDemoCounty } from './demo/demo.service.js';
import { createSealer, loadMasterKey, type Sealer } from './lib/sealing.js';
import { shippedCountyTree } from './org/divisions.js';
import { loadDivisionTree } from './org/org.service.js';
import { startQualitySchedule } from './quality/quality.scheduler.js';

export const VERSION: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

export async function openDatabase(config: Config): Promise<DatabaseHandle> {
  return createDatabase(config.databaseUrl ? { url: config.databaseUrl } : { dataDir: config.dataDir });
}

export function openSealer(config: Config): Sealer {
  return createSealer(loadMasterKey(config.secretKeyHex, config.dataDir));
}

/**
 * First start: an empty database gets the demo county, or for a real installation the county's
 * division tree. Whenever no account exists yet — also after `renkou org load FILE` brought a
 * county's own subtree in before the first start — one administrator is created whose one-time
 * password is printed once and must be changed at first login. It depends on accounts, not on
 * units: otherwise a loaded county would start with nobody able to log in.
 */
export async function bootstrap(
  database: DatabaseHandle,
  sealer: Sealer,
  config: Config,
  log: pino.Logger,
): Promise<void> {
  const { db } = database;
  const anyUnit = await db.selectFrom('orgUnit').select('id').limit(1).executeTakeFirst();
  if (!anyUnit) {
    if (config.demo !== 'off') {
      log.info('首次启动：正在生成演示县（华容县）数据… (first start: seeding the demo county)');
      const counts = await seedDemoCounty(database, sealer, {
        size: config.demo,
        onProgress: (p) => log.info(`生成演示数据 ${p.stage}：${Math.round(p.fraction * 100)}%`),
      });
      log.info(counts, `演示县已就绪。演示账户密码均为 ${DEMO_PASSWORD} (demo county ready)`);
      return;
    }
    const tree = shippedCountyTree(config.countyCode);
    if (!tree)
      throw new Error(
        `找不到县级区划 ${config.countyCode} 的数据；请用 \`renkou org load FILE\` 导入 (no division data for this county)`,
      );
    await loadDivisionTree(db, tree);
  }
  const anyUser = await db.selectFrom('appUser').select('id').limit(1).executeTakeFirst();
  if (anyUser) return;
  const county = await firstAdminCounty(database, config);
  const { password } = await createUserUnchecked(db, {
    username: 'admin',
    displayName: '系统管理员',
    unitId: county.id,
    role: 'security_admin',
  });
  log.warn(
    `已创建初始安全管理员 admin（${county.name}），一次性密码：${password} —— 首次登录后必须修改 (initial security administrator created; change the one-time password at first login)`,
  );
}

/**
 * The county the first administrator belongs to: RENKOU_COUNTY when it is loaded, else the only
 * county in the database. Two loaded counties and neither configured is refused rather than guessed.
 */
async function firstAdminCounty(database: DatabaseHandle, config: Config): Promise<{ id: string; name: string }> {
  const counties = await database.db
    .selectFrom('orgUnit')
    .select(['id', 'name'])
    .where('level', '=', 'county')
    .where('validTo', 'is', null)
    .orderBy('id')
    .execute();
  const county = counties.find((c) => c.id === config.countyCode) ?? (counties.length === 1 ? counties[0] : undefined);
  if (!county)
    throw new Error(
      counties.length
        ? `已导入的县 ${counties.map((c) => `${c.id} ${c.name}`).join('、')} 中没有 RENKOU_COUNTY=${config.countyCode}；请设置 RENKOU_COUNTY (which county is this installation for?)`
        : '区划数据中没有县级单位；请用 `renkou org load FILE` 导入本县区划 (no county unit loaded)',
    );
  return county;
}

export async function startServer(config: Config): Promise<{ app: FastifyInstance; database: DatabaseHandle }> {
  const log = pino({ level: config.logLevel });
  const database = await openDatabase(config);
  try {
    const applied = await migrateToLatest(database.db);
    if (applied.length) log.info({ applied }, '数据库迁移完成 (migrations applied)');
    const sealer = openSealer(config);
    await bootstrap(database, sealer, config, log);
    const app = await buildApp({ database, config, sealer, version: VERSION }, { loggerInstance: log });
    app.addHook('onClose', async () => database.close());
    // Data-quality scans: shortly after start-up, then every RENKOU_QUALITY_SCAN_HOURS (0: off).
    const stopScans = startQualitySchedule(database.db, sealer, config.countyCode, log);
    app.addHook('onClose', async () => stopScans());
    await app.listen({ port: config.port, host: config.host });
    log.info(
      `renkou ${VERSION} 已启动：http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}/ （数据库：${database.engine}）`,
    );
    return { app, database };
  } catch (err) {
    await database.close();
    throw err;
  }
}
