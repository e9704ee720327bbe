import type { Command } from 'commander';
import { withDataOptions, withDb } from '../cli/shared.js';
import { openSealer } from '../server.js';
import { runScan } from './quality.scan.js';

/** `renkou quality scan [--year 2016 ...]`: the same scan as the API's, run by an operator. */
export function registerQualityCommands(program: Command): void {
  const quality = program.command('quality').description('数据质量 (data quality)');
  withDataOptions(
    quality
      .command('scan')
      .description('扫描一致性规则、小区域异常和报告完整性，更新预警（默认今年和去年）')
      .option('--year <year...>', '扫描的年份，可多个 (years to scan)'),
  ).action(async (opts: { year?: string[]; data?: string; databaseUrl?: string }) => {
    const years = opts.year?.map((y) => {
      const n = Number(y);
      if (!Number.isInteger(n) || n < 2000 || n > 2100) throw new Error(`年份无效：${y}`);
      return n;
    });
    await withDb(opts, async (db, config) => {
      const r = await runScan(db, openSealer(config), {
        countyCode: config.countyCode,
        years,
        trigger: 'cli',
        actor: { userId: null, username: 'cli', unitId: null, address: null },
      });
      console.log(
        `数据质量扫描完成：${r.years.join('、')} 年及当前登记；发现 ${r.findings} 项（规则 ${r.rules}，异常 ${r.anomalies}，完整性 ${r.completeness}）；新增 ${r.created}，重新打开 ${r.reopened}，已消除 ${r.resolved}；用时 ${r.ms} 毫秒`,
      );
    });
  });
}
