import os from 'node:os';
import type { Command } from 'commander';
import type { Actor } from '../audit/audit.service.js';
import { withDataOptions, withDb, type DataOptions } from '../cli/shared.js';
import { openSealer } from '../server.js';
import { runLinkage } from './linkage.service.js';

type RunOptions = DataOptions & { batch: string };

const KIND_ZH: Record<string, string> = {
  consistent: '一致',
  different: '不一致',
  missing: '疑似漏报',
  contradicted: '矛盾',
  unmatched: '未匹配',
  pending: '待确认',
};

/**
 * `renkou linkage run --batch ID` (docs/linkage.md): the same run as the web page's, from the
 * server's console. A county on PostgreSQL can link a large feed in a process of its own, so that
 * building the registry index (seconds of CPU for a million persons) does not hold up the server.
 */
export function registerLinkageCommands(program: Command): void {
  const linkage = program
    .command('linkage')
    .description('比对核查：部门数据与登记库比对 (record linkage; see docs/linkage.md)');

  withDataOptions(
    linkage
      .command('run')
      .description('将一批已解析的部门数据与登记库比对（替换该批上一次比对，关闭其未处理任务）')
      .requiredOption('--batch <id>', '部门数据批次号（renkou feed list 可查）'),
  ).action(async (opts: RunOptions) => {
    const batchId = opts.batch.trim();
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(batchId))
      throw new Error(`批次号 ${batchId} 格式不对（应为 renkou feed list 列出的批次号）`);
    await withDb(opts, async (db, config) => {
      const who = os.userInfo().username;
      const actor: Actor = { userId: null, username: `cli:${who}`, unitId: config.countyCode, address: 'cli' };
      const r = await runLinkage(db, openSealer(config), { id: null, countyCode: config.countyCode }, actor, batchId);
      const findings = Object.entries(r.findings)
        .map(([k, n]) => `${KIND_ZH[k] ?? k} ${n}`)
        .join('，');
      console.log(
        `比对完成（批次 ${r.batchId}，比对 ${r.runId}）：${r.records} 条记录，${r.persons} 人；匹配 ${r.match}，待人工确认 ${r.review}，未匹配 ${r.nonmatch}`,
      );
      console.log(`结果：${findings || '无'}；新建核查任务 ${r.tasks} 项；用时 ${r.seconds.toFixed(1)} 秒`);
    });
  });
}
