import { Command, Option } from 'commander';
import pino from 'pino';
import { createUserUnchecked } from './accounts/account.service.js';
import { checkPasswordPolicy } from './accounts/password.js';
import { verifyAuditChain } from './audit/audit.service.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { DataFolderLockedError } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import type { Role } from './db/schema.js';
import { readDivisionFile } from './org/divisions.js';
import { loadDivisionTree } from './org/org.service.js';
import { openDatabase, startServer, VERSION } from './server.js';

/** Options every command shares: where the data lives. They override the environment. */
function withDataOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--data <dir>', '数据目录 (embedded database folder)').env('RENKOU_DATA'))
    .addOption(new Option('--database-url <url>', 'PostgreSQL 连接串').env('DATABASE_URL'));
}

function configFrom(opts: { data?: string; databaseUrl?: string }): Config {
  return loadConfig({ ...process.env, RENKOU_DATA: opts.data ?? process.env.RENKOU_DATA, DATABASE_URL: opts.databaseUrl ?? process.env.DATABASE_URL });
}

async function withDb<T>(opts: { data?: string; databaseUrl?: string }, fn: (db: Awaited<ReturnType<typeof openDatabase>>['db']) => Promise<T>): Promise<T> {
  const config = configFrom(opts);
  const database = await openDatabase(config);
  try {
    await migrateToLatest(database.db);
    return await fn(database.db);
  } finally {
    await database.close();
  }
}

const program = new Command('renkou').description('人口家庭服务信息系统 (renkou)').version(VERSION);

withDataOptions(program.command('serve').description('启动服务 (start the server)')).action(async (opts) => {
  const { app } = await startServer(configFrom(opts));
  const stop = async () => {
    await app.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
});

withDataOptions(program.command('migrate').description('执行数据库迁移 (run migrations)')).action(async (opts) => {
  await withDb(opts, async () => undefined);
  console.log('数据库迁移完成 (migrations applied)');
});

const user = program.command('user').description('用户管理 (accounts)');
withDataOptions(
  user
    .command('add')
    .description('新增用户；不指定密码时生成一次性临时密码，首次登录须修改')
    .requiredOption('--username <name>')
    .requiredOption('--name <displayName>', '姓名')
    .requiredOption('--unit <code>', '所属单位代码')
    .addOption(new Option('--role <role>').choices(['village_worker', 'township_officer', 'county_statistician', 'county_admin', 'security_admin', 'audit_admin']).makeOptionMandatory())
    .option('--password <password>', '初始密码（仍须首次登录时修改）'),
).action(async (opts) => {
  if (opts.password) checkPasswordPolicy(opts.password, 'password');
  await withDb(opts, async (db) => {
    const unit = await db.selectFrom('orgUnit').select(['id', 'name']).where('id', '=', opts.unit).executeTakeFirst();
    if (!unit) throw new Error(`单位 ${opts.unit} 不存在 (unknown unit)`);
    const { password } = await createUserUnchecked(db, { username: opts.username, displayName: opts.name, unitId: unit.id, role: opts.role as Role, password: opts.password });
    console.log(`已创建用户 ${opts.username}（${unit.name}）。临时密码：${password}（首次登录须修改）`);
  });
});

const audit = program.command('audit').description('审计日志 (audit log)');
withDataOptions(audit.command('verify').description('校验审计日志哈希链')).action(async (opts) => {
  const result = await withDb(opts, (db) => verifyAuditChain(db));
  if (result.ok) console.log(`审计日志完整：已校验 ${result.checked} 条 (audit chain intact)`);
  else {
    console.error(`审计日志在第 ${result.brokenAt} 条处被篡改或损坏 (audit chain broken at id ${result.brokenAt}); 此前 ${result.checked} 条完好`);
    process.exitCode = 2;
  }
});

const org = program.command('org').description('行政区划 (org units)');
withDataOptions(org.command('load <file>').description('导入本县区划树 JSON（格式见 server/src/org/data/README.md）')).action(async (file: string, opts) => {
  const tree = readDivisionFile(file);
  const n = await withDb(opts, (db) => loadDivisionTree(db, tree));
  console.log(`已导入 ${tree.county.name} 的 ${n} 个单位`);
});

program.parseAsync().catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof DataFolderLockedError) console.error(err.message);
  else if (err instanceof Error) console.error(`错误：${err.message}`);
  const logger = pino({ level: 'debug' });
  if (!(err instanceof ConfigError || err instanceof DataFolderLockedError)) logger.debug({ err }, 'details');
  process.exit(1);
});
