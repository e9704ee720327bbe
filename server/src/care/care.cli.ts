import os from 'node:os';
import type { Command } from 'commander';
import type { Actor } from '../audit/audit.service.js';
import { formatFen } from '../benefits/benefit.dates.js';
import { withDataOptions, withDb, type DataOptions } from '../cli/shared.js';
import type { Db } from '../db/database.js';
import { scanRegistry } from './care.scan.js';
import { FUND_SOURCE_ZH, getTotals, type Caller } from './care.service.js';

/** The console acts for the county as a whole, in the audit log as cli:<OS user>. */
async function consoleCaller(db: Db, countyCode: string): Promise<{ caller: Caller; actor: Actor }> {
  const unit = await db.selectFrom('orgUnit').select('path').where('id', '=', countyCode).executeTakeFirst();
  if (!unit) throw new Error(`数据库中没有县 ${countyCode}`);
  return {
    caller: { id: null, countyCode, unitPath: unit.path },
    actor: { userId: null, username: `cli:${os.userInfo().username}`, unitId: countyCode, address: 'cli' },
  };
}

function yearOf(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const y = Number(raw);
  if (!/^\d{4}$/.test(raw.trim()) || y < 2000 || y > 2100)
    throw new Error(`年度 ${raw} 不正确（应为2000至2100之间的四位年份）`);
  return y;
}

/**
 * `renkou care scan|totals` (docs/care.md): the registry scan of special families, for a county
 * that runs it on a schedule, and the assistance totals per year, township and fund source.
 */
export function registerCareCommands(program: Command): void {
  const care = program.command('care').description('生育关怀：登记库筛查特殊家庭、帮扶资金合计 (family care)');

  withDataOptions(
    care
      .command('scan')
      .description('按登记库筛查特殊家庭（独生子女死亡或三级及以上残疾）并列入关怀名册；不重复列入，记入审计'),
  ).action(async (opts: DataOptions) => {
    await withDb(opts, async (db, config) => {
      const { caller, actor } = await consoleCaller(db, config.countyCode);
      const r = await scanRegistry(db, caller, actor);
      console.log(
        `筛查完成：符合特殊家庭条件 ${r.found} 人，新列入 ${r.flagged} 人，已在册 ${r.alreadyOpen} 人，已由工作人员结束且无新情况 ${r.keptEnded} 人`,
      );
    });
  });

  withDataOptions(
    care
      .command('totals')
      .description('帮扶资金合计：按年度、乡镇、资金来源')
      .option('--year <year>', '年度（发放日期所在年）；不填为全部年度'),
  ).action(async (opts: DataOptions & { year?: string }) => {
    const year = yearOf(opts.year);
    await withDb(opts, async (db, config) => {
      const { caller } = await consoleCaller(db, config.countyCode);
      const t = await getTotals(db, caller, year);
      if (t.items.length === 0) {
        console.log(`${year ? `${year}年` : ''}没有帮扶发放记录`);
        return;
      }
      for (const r of t.items)
        console.log(
          `${r.year}\t${r.townshipName}\t${FUND_SOURCE_ZH[r.fundSource]}\t${r.grants} 笔\t${formatFen(r.amountFen)}`,
        );
      console.log(`合计 ${t.grants} 笔 ${formatFen(t.totalFen)}`);
    });
  });
}
