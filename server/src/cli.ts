import { Command } from 'commander';
import pino from 'pino';
import { registerUserCommands } from './accounts/account.cli.js';
import { registerAnnualReportCommands } from './annualReport/annualReport.cli.js';
import { registerAuditCommands } from './audit/audit.cli.js';
import { registerBenefitPaymentCommands } from './benefits/benefit.payment.cli.js';
import { configFrom, withDataOptions, withDb } from './cli/shared.js';
import { ConfigError } from './config.js';
import { DataFolderLockedError } from './db/database.js';
import { registerExportCommands } from './exports/export.cli.js';
import { registerFeedCommands } from './feeds/feed.cli.js';
import { registerHealthCommands } from './health/health.cli.js';
import { registerCareCommands } from './care/care.cli.js';
import { registerPetitionCommands } from './petitions/petition.cli.js';
import { registerCaseCommands } from './cases/case.cli.js';
import { registerDispenserCommands } from './dispensers/dispenser.cli.js';
import { registerQualityCommands } from './quality/quality.cli.js';
import { registerImportCommands } from './imports/import.cli.js';
import { registerLinkageCommands } from './linkage/linkage.cli.js';
import { registerOrgCommands } from './org/org.cli.js';
import { startServer, VERSION } from './server.js';

/** `npx renkou …`: one file per command group, each in its domain folder. */
export function buildProgram(configure?: (program: Command) => void): Command {
  const program = new Command('renkou').description('人口家庭服务信息系统 (renkou)').version(VERSION);
  // Settings such as exitOverride are inherited by subcommands created after them (tests use it).
  configure?.(program);

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

  registerUserCommands(program);
  registerAuditCommands(program);
  registerOrgCommands(program);
  registerImportCommands(program);
  registerExportCommands(program);
  registerAnnualReportCommands(program);
  registerQualityCommands(program);
  registerFeedCommands(program);
  registerLinkageCommands(program);
  registerBenefitPaymentCommands(program);
  registerDispenserCommands(program);
  registerCaseCommands(program);
  registerPetitionCommands(program);
  registerCareCommands(program);
  registerHealthCommands(program);
  return program;
}

/** Turns any failure into a one-line message in the user's language and exit code 1. */
export function reportCliError(err: unknown): void {
  const known = err instanceof ConfigError || err instanceof DataFolderLockedError;
  console.error(known ? (err as Error).message : `错误：${err instanceof Error ? err.message : String(err)}`);
  if (!known) pino({ level: process.env.LOG_LEVEL === 'debug' ? 'debug' : 'silent' }).debug({ err }, 'details');
}
