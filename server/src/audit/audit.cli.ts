import type { Command } from 'commander';
import { withDataOptions, withDb } from '../cli/shared.js';
import { verifyAuditChain } from './audit.service.js';

export function registerAuditCommands(program: Command): void {
  const audit = program.command('audit').description('审计日志 (audit log)');
  withDataOptions(audit.command('verify').description('校验审计日志哈希链')).action(async (opts) => {
    const result = await withDb(opts, (db) => verifyAuditChain(db));
    if (result.ok) console.log(`审计日志完整：已校验 ${result.checked} 条 (audit chain intact)`);
    else {
      console.error(
        `审计日志在第 ${result.brokenAt} 条处被篡改或损坏 (audit chain broken at id ${result.brokenAt}); 此前 ${result.checked} 条完好`,
      );
      process.exitCode = 2;
    }
  });
}
