import type { Command } from 'commander';
import { withDataOptions, withDb, type DataOptions } from '../cli/shared.js';
import { dueByTownship } from './dispenser.service.js';

/**
 * `renkou dispensers due` (docs/dispensers.md): the machines due for restocking, per township, for
 * the county's supply officer who plans the restocking round from the server's console.
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
      const county = await db
        .selectFrom('orgUnit')
        .select('path')
        .where('id', '=', config.countyCode)
        .executeTakeFirst();
      if (!county) throw new Error(`数据库中没有县 ${config.countyCode}`);
      const unit = opts.unit?.trim();
      if (unit && !/^\d{9}(\d{3})?$/.test(unit)) throw new Error(`单位编码 ${unit} 格式不对（乡镇9位、村12位）`);
      const r = await dueByTownship(db, { id: null, countyCode: config.countyCode, unitPath: county.path }, unit);
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
}
