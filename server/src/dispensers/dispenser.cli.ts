import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { withDataOptions, withDb, type DataOptions } from '../cli/shared.js';
import type { Db } from '../db/database.js';
import { InvalidInputError } from '../lib/errors.js';
import { importDispensingCounts } from './dispenser.import.js';
import { dueByTownship, type Caller } from './dispenser.service.js';

/** The console acts for the county as a whole, in the audit log as cli:<OS user>. */
async function countyCaller(db: Db, countyCode: string): Promise<Caller> {
  const county = await db.selectFrom('orgUnit').select('path').where('id', '=', countyCode).executeTakeFirst();
  if (!county) throw new Error(`数据库中没有县 ${countyCode}`);
  return { id: null, countyCode, unitPath: county.path };
}

/**
 * `renkou dispensers due` and `renkou dispensers import` (docs/dispensers.md), from the server's
 * console: the machines due for restocking per township, for the county's supply officer who
 * plans the restocking round, and the vendor's file of daily dispensing counts.
 */
export function registerDispenserCommands(program: Command): void {
  const dispensers = program.command('dispensers').description('药具发放机 (contraceptive dispensing machines)');

  withDataOptions(
    dispensers
      .command('due')
      .description('列出待补货的发放机（库存不高于补货提醒线），按乡镇分组')
      .option('--unit <code>', '只看该乡镇或村（默认全县）'),
  ).action(async (opts: DataOptions & { unit?: string }) => {
    await withDb(opts, async (db, config) => {
      const county = await countyCaller(db, config.countyCode);
      const unit = opts.unit?.trim();
      if (unit && !/^\d{9}(\d{3})?$/.test(unit)) throw new Error(`单位编码 ${unit} 格式不对（乡镇9位、村12位）`);
      const r = await dueByTownship(db, county, unit);
      if (r.total === 0) {
        console.log('没有待补货的发放机');
        return;
      }
      for (const g of r.townships) {
        console.log(`${g.townshipName ?? '县直'}（${g.machines.length} 台）`);
        for (const m of g.machines)
          console.log(
            `  ${m.code}\t${m.unitName}\t${m.location}\t库存 ${m.stock}/${m.capacity}（提醒线 ${m.restockThreshold}）\t最多可补 ${m.capacity - m.stock}`,
          );
      }
      console.log(`共 ${r.total} 台待补货（${r.today}）`);
    });
  });

  withDataOptions(
    dispensers
      .command('import')
      .description('导入厂家发来的每日发放数（Excel/CSV，UTF-8 或 GBK；列：设备编号、日期、发放数量）：全部正确才写入')
      .argument('<file>', '发放数文件'),
  ).action(async (file: string, opts: DataOptions) => {
    await withDb(opts, async (db, config) => {
      const caller = await countyCaller(db, config.countyCode);
      const actor = {
        userId: null,
        username: `cli:${os.userInfo().username}`,
        unitId: config.countyCode,
        address: 'cli',
      };
      const r = await importDispensingCounts(db, caller, actor, { path: file, fileName: path.basename(file) }).catch(
        (e: unknown) => {
          if (e instanceof InvalidInputError && e.problems.length > 1)
            throw new Error(`${e.message.split('：')[0]}\n${e.problems.map((p) => `  ${p.message}`).join('\n')}`);
          throw e;
        },
      );
      console.log(`已导入 ${r.events} 条发放数（${r.machines} 台发放机）`);
    });
  });
}
