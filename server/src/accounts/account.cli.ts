import { Option, type Command } from 'commander';
import { withDataOptions, withDb } from '../cli/shared.js';
import type { Role } from '../db/schema.js';
import { createUserUnchecked } from './account.service.js';
import { checkPasswordPolicy } from './password.js';

export function registerUserCommands(program: Command): void {
  const user = program.command('user').description('用户管理 (accounts)');
  withDataOptions(
    user
      .command('add')
      .description('新增用户；不指定密码时生成一次性临时密码，首次登录须修改')
      .requiredOption('--username <name>')
      .requiredOption('--name <displayName>', '姓名')
      .requiredOption('--unit <code>', '所属单位代码')
      .addOption(
        new Option('--role <role>')
          .choices([
            'village_worker',
            'township_officer',
            'county_statistician',
            'county_admin',
            'security_admin',
            'audit_admin',
            'benefit_auditor',
            'health_worker',
            'case_officer',
          ])
          .makeOptionMandatory(),
      )
      .option('--password <password>', '初始密码（仍须首次登录时修改）'),
  ).action(async (opts) => {
    if (opts.password) checkPasswordPolicy(opts.password, 'password');
    await withDb(opts, async (db) => {
      const unit = await db.selectFrom('orgUnit').select(['id', 'name']).where('id', '=', opts.unit).executeTakeFirst();
      if (!unit) throw new Error(`单位 ${opts.unit} 不存在 (unknown unit)`);
      const { password } = await createUserUnchecked(db, {
        username: opts.username,
        displayName: opts.name,
        unitId: unit.id,
        role: opts.role as Role,
        password: opts.password,
      });
      console.log(`已创建用户 ${opts.username}（${unit.name}）。临时密码：${password}（首次登录须修改）`);
    });
  });
}
