import os from 'node:os';
import { Option, type Command } from 'commander';
import type { Actor } from '../audit/audit.service.js';
import { withDataOptions, withDb, type DataOptions } from '../cli/shared.js';
import type { Db } from '../db/database.js';
import { clock } from '../lib/clock.js';
import { searchFollowups } from './health.followup.service.js';
import { KIND_NAMES } from './health.rules.js';
import type { FollowupListItem } from './health.schemas.js';
import type { HealthCaller } from './health.service.js';

/** The console acts for the county as a whole, in the audit log as cli:<OS user>; it reads follow-ups only. */
async function consoleCaller(db: Db, countyCode: string): Promise<{ caller: HealthCaller; actor: Actor }> {
  const unit = await db.selectFrom('orgUnit').select('path').where('id', '=', countyCode).executeTakeFirst();
  if (!unit) throw new Error(`数据库中没有县 ${countyCode}`);
  return {
    caller: { id: null, countyCode, unitPath: unit.path, permissions: ['health.followup'] },
    actor: { userId: null, username: `cli:${os.userInfo().username}`, unitId: countyCode, address: 'cli' },
  };
}

const DUE_NAMES = { overdue: '已逾期', soon: '7天内到期', all: '全部未结' } as const;

function line(f: FollowupListItem): string {
  const state = f.dueState === 'overdue' ? `逾期${f.daysOverdue}天` : f.dueState === 'soon' ? '即将到期' : '未到期';
  return [
    f.dueOn,
    state,
    [f.townshipName, f.unitName].filter(Boolean).join(''),
    f.person.name,
    f.person.idNumberMasked,
    KIND_NAMES[f.kind],
    `发现于 ${f.openedOn}`,
    `最近随访 ${f.lastContactOn ?? '无'}`,
  ].join('  ');
}

/**
 * `renkou health followups --due overdue [--unit <code>]` (docs/health.md): the follow-ups due or
 * overdue in a unit, for a township's weekly list. Names, masked ID numbers and dates only: never
 * findings or notes. The read is audited like the web list.
 */
export function registerHealthCommands(program: Command): void {
  const health = program.command('health').description('健康服务：随访到期清单 (health services)');

  withDataOptions(
    health
      .command('followups')
      .description('列出到期、逾期的随访（不含检查所见），供乡镇每周安排')
      .addOption(
        new Option('--due <due>', 'overdue 已逾期；soon 7天内到期；all 全部未结')
          .choices(['overdue', 'soon', 'all'])
          .default('overdue'),
      )
      .option('--unit <code>', '乡镇或村代码（默认全县）'),
  ).action(async (opts: DataOptions & { due: 'overdue' | 'soon' | 'all'; unit?: string }) => {
    await withDb(opts, async (db, config) => {
      const { caller, actor } = await consoleCaller(db, config.countyCode);
      const unitId = opts.unit?.trim() || config.countyCode;
      const unit = await db.selectFrom('orgUnit').select(['name', 'path']).where('id', '=', unitId).executeTakeFirst();
      if (!unit || !unit.path.startsWith(caller.unitPath)) throw new Error(`单位代码 ${unitId} 不在本县`);
      const items: FollowupListItem[] = [];
      for (let page = 1; ; page++) {
        const r = await searchFollowups(db, caller, actor, {
          unitId,
          status: 'open',
          due: opts.due,
          page,
          pageSize: 200,
        });
        items.push(...r.items);
        if (items.length >= r.total || r.items.length === 0) break;
      }
      console.log(`${unit.name} 随访清单（${DUE_NAMES[opts.due]}，截至 ${clock.today()}）：共 ${items.length} 人`);
      for (const f of items) console.log(line(f));
    });
  });
}
