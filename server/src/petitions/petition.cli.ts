import os from 'node:os';
import type { Command } from 'commander';
import type { Actor } from '../audit/audit.service.js';
import { withDataOptions, withDb, type DataOptions } from '../cli/shared.js';
import type { Db } from '../db/database.js';
import { clock } from '../lib/clock.js';
import { escalatePetitions } from './petition.escalation.js';
import { searchPetitions, type Caller } from './petition.service.js';

/** The console acts for the county (or the unit named), in the audit log as cli:<OS user>. */
async function consoleCaller(db: Db, countyCode: string, unitId?: string): Promise<{ caller: Caller; actor: Actor }> {
  const id = unitId?.trim() || countyCode;
  const unit = await db
    .selectFrom('orgUnit')
    .select(['path', 'name'])
    .where('id', '=', id)
    .where('countyCode', '=', countyCode)
    .executeTakeFirst();
  if (!unit) throw new Error(id === countyCode ? `数据库中没有县 ${countyCode}` : `本县没有单位 ${id}`);
  return {
    caller: { id: null, countyCode, unitPath: unit.path, permissions: ['petition.register'] },
    actor: { userId: null, username: `cli:${os.userInfo().username}`, unitId: countyCode, address: 'cli' },
  };
}

const STAGE_ZH = { accept: '受理', conclude: '办结' } as const;

/**
 * `renkou petitions escalate|overdue` (docs/petitions.md): the daily escalation for a cron job
 * (idempotent: run twice a day, it escalates once), and the list of overdue petitions.
 */
export function registerPetitionCommands(program: Command): void {
  const petitions = program.command('petitions').description('信访：超期升级、超期清单 (petitions)');

  withDataOptions(
    petitions
      .command('escalate')
      .description('超期信访事项升级（超期升为1级，超期逾15天升为2级；每级只记一次，可每日定时运行）'),
  ).action(async (opts: DataOptions) => {
    await withDb(opts, async (db, config) => {
      const { actor } = await consoleCaller(db, config.countyCode);
      const done = await escalatePetitions(db, actor, { countyCode: config.countyCode });
      for (const e of done)
        console.log(
          `${e.number} ${e.unitName} ${STAGE_ZH[e.stage]}超期${e.overdueDays}天：${e.fromLevel}级 → ${e.toLevel}级`,
        );
      console.log(`本次升级 ${done.length} 件（${clock.today()}）`);
    });
  });

  withDataOptions(
    petitions
      .command('overdue')
      .description('列出未办结且已超过期限的信访事项')
      .option('--unit <id>', '只看该单位及其下级承办的（单位编码）'),
  ).action(async (opts: DataOptions & { unit?: string }) => {
    await withDb(opts, async (db, config) => {
      const { caller } = await consoleCaller(db, config.countyCode, opts.unit);
      const items = [];
      for (let offset = 0; ; offset += 200) {
        const page = await searchPetitions(db, caller, { overdue: true, escalated: false, limit: 200, offset });
        items.push(...page.items);
        if (items.length >= page.total || page.items.length === 0) break;
      }
      for (const p of items) {
        const tag = p.timeliness.tag;
        const due = tag.kind === 'overdue' ? tag.dueOn : '';
        console.log(
          `${p.number}\t${p.statusText}\t${p.unitName}\t期限${due}\t超期${p.timeliness.overdueDays}天\t升级${p.escalationLevel}级\t${p.subject}`,
        );
      }
      console.log(`超期未办结 ${items.length} 件`);
    });
  });
}
