import type { Command } from 'commander';
import type { z } from 'zod';
import type { CurrentUser } from '../accounts/session.service.js';
import type { Actor } from '../audit/audit.service.js';
import { type DataOptions, withDataOptions, withDb } from '../cli/shared.js';
import type { DbOrTx } from '../db/database.js';
import { readDivisionFile } from './divisions.js';
import { addGroups, endGroup, renameGroup } from './org.groups.service.js';
import { findUnit } from './org.repository.js';
import { GroupEndInput, GroupRenameInput, GroupsAddInput, MergeInput, SplitInput } from './org.schemas.js';
import { loadDivisionTree, mergeUnits, splitUnit } from './org.service.js';

export function registerOrgCommands(program: Command): void {
  const org = program.command('org').description('行政区划 (org units)');
  withDataOptions(
    org.command('load <file>').description('导入本县区划树 JSON（格式见 server/src/org/data/README.md）'),
  ).action(async (file: string, opts) => {
    const tree = readDivisionFile(file);
    const n = await withDb(opts, (db) => loadDivisionTree(db, tree));
    console.log(`已导入 ${tree.county.name} 的 ${n} 个单位`);
  });

  withDataOptions(
    org
      .command('merge <from...>')
      .description('合并村（社区）：所列的村自生效日期起撤销，户与人口转入 --into 指定的村')
      .requiredOption('--into <code>', '存续村的代码；与 --new-name 同用时为新设村的代码')
      .option('--new-name <name>', '合并后新设村（社区）的名称（不填则并入已有的村）')
      .requiredOption('--date <YYYY-MM-DD>', '生效日期')
      .option('--note <text>', '说明（如批准文号）'),
  ).action(async (from: string[], opts) => {
    const input = parse(MergeInput, {
      fromIds: from,
      intoId: opts.into,
      newName: opts.newName,
      effectiveDate: opts.date,
      note: opts.note,
    });
    await withDb(opts, async (db) => {
      const { user, actor } = await cliOperator(db, input.intoId, from[0]!);
      const r = await mergeUnits(db, user, actor, input);
      const into = (await findUnit(db, r.intoId))!;
      console.log(
        `已将 ${from.join('、')} 自 ${input.effectiveDate} 起并入${r.created ? '新设的' : ''} ${into.id} ${into.name}：` +
          `转入 ${r.movedHouseholds} 户、${r.movedPersons} 人`,
      );
    });
  });

  withDataOptions(
    org
      .command('split <village>')
      .description('拆分村（社区）：新设的村带走所列的组；原村继续存在')
      .requiredOption('--date <YYYY-MM-DD>', '生效日期')
      .requiredOption(
        '--part <code:name[:groups]>',
        '新设的村：代码:名称[:组代码,组代码…]，可重复',
        (value: string, previous: string[] = []) => [...previous, value],
      ),
  ).action(async (village: string, opts: DataOptions & { date: string; part: string[] }) => {
    const input = parse(SplitInput, { unitId: village, effectiveDate: opts.date, parts: opts.part.map(parsePart) });
    await withDb(opts, async (db) => {
      const { user, actor } = await cliOperator(db, village);
      const r = await splitUnit(db, user, actor, input);
      for (const part of input.parts)
        console.log(
          `新设 ${part.id} ${part.name}（自 ${input.effectiveDate}），带走组：${part.groupIds?.join('、') || '无'}`,
        );
      console.log(`已拆分 ${village}：新设 ${r.created.length} 个村，转出 ${r.movedPersons} 人`);
    });
  });

  const groups = org.command('groups').description('村民小组（组）');
  withDataOptions(
    groups
      .command('add <village> <names...>')
      .description('为村新增组；组代码为村代码加两位序号，接在已用的最大序号之后')
      .option('--from <YYYY-MM-DD>', '成立日期（默认今天）'),
  ).action(async (village: string, names: string[], opts) => {
    const input = parse(GroupsAddInput, { names, validFrom: opts.from });
    await withDb(opts, async (db) => {
      const { user, actor } = await cliOperator(db, village);
      const r = await addGroups(db, user, actor, village, input);
      for (const g of r.groups) console.log(`${g.id}\t${g.name}`);
      console.log(`已为 ${r.village.name} 新增 ${r.groups.length} 个组`);
    });
  });

  withDataOptions(groups.command('list <village>').description('列出村的组：代码、名称、成立与撤销日期')).action(
    async (village: string, opts) => {
      await withDb(opts, async (db) => {
        const unit = await findUnit(db, village);
        if (!unit || unit.level !== 'village') throw new Error(`村（社区）${village} 不存在`);
        const rows = await db
          .selectFrom('orgUnit')
          .select(['id', 'name', 'validFrom', 'validTo'])
          .where('parentId', '=', village)
          .where('level', '=', 'group')
          .orderBy('id')
          .execute();
        for (const g of rows) console.log(`${g.id}\t${g.name}\t${g.validFrom}\t${g.validTo ?? '现行'}`);
        console.log(`${unit.name} 共 ${rows.length} 个组（含已撤销 ${rows.filter((g) => g.validTo).length} 个）`);
      });
    },
  );

  withDataOptions(groups.command('rename <group> <name>').description('组更名（代码不变）')).action(
    async (group: string, name: string, opts) => {
      const input = parse(GroupRenameInput, { name });
      await withDb(opts, async (db) => {
        const { user, actor } = await cliOperator(db, group);
        const r = await renameGroup(db, user, actor, group, input);
        console.log(`${r.id} 已更名为 ${r.name}`);
      });
    },
  );

  withDataOptions(
    groups
      .command('end <group>')
      .description('撤销组（组内仍有户、人或账户时拒绝）')
      .requiredOption('--date <YYYY-MM-DD>', '撤销日期：该组自这一天起不再存在'),
  ).action(async (group: string, opts) => {
    const input = parse(GroupEndInput, { effectiveDate: opts.date });
    await withDb(opts, async (db) => {
      const { user, actor } = await cliOperator(db, group);
      const r = await endGroup(db, user, actor, group, input);
      console.log(`${r.id} ${r.name} 自 ${r.validTo} 起撤销`);
    });
  });
}

/** `430623101299:复兴新村:43062310121302,43062310121303` → one part of a split. */
function parsePart(value: string) {
  const [id = '', name = '', groups] = value.split(/[:：]/);
  return { id: id.trim(), name, groupIds: groups ? groups.split(/[,，]/).map((g) => g.trim()) : undefined };
}

function parse<S extends z.ZodType>(schema: S, input: Record<string, unknown>): z.infer<S> {
  const r = schema.safeParse(Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)));
  if (!r.success)
    throw new Error(
      `参数有误：${r.error.issues.map((i) => `${i.path.join('.') || '(整体)'} ${i.message}`).join('；')}`,
    );
  return r.data;
}

/**
 * The operator at the server's console acts as the county's system administrator of the county
 * the named unit belongs to; the audit log records them as `cli`.
 */
async function cliOperator(db: DbOrTx, ...unitIds: string[]): Promise<{ user: CurrentUser; actor: Actor }> {
  let unit;
  for (const id of unitIds) unit ??= await findUnit(db, id);
  if (!unit) throw new Error(`单位 ${unitIds.join('、')} 不存在 (unknown unit)`);
  const county = await findUnit(db, unit.countyCode);
  if (!county) throw new Error(`单位 ${unit.id} 所属的县 ${unit.countyCode} 不存在`);
  return {
    user: {
      id: '00000000-0000-0000-0000-000000000000',
      username: 'cli',
      displayName: '命令行操作员',
      role: 'county_admin',
      unitId: county.id,
      unitName: county.name,
      unitLevel: 'county',
      unitPath: county.path,
      countyCode: county.countyCode,
      isDemo: false,
      mustChangePassword: false,
      permissions: ['org.manage'],
      sessionId: 'cli',
    },
    actor: { userId: null, username: 'cli', unitId: county.id, address: null },
  };
}
