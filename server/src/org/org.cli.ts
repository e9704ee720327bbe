import type { Command } from 'commander';
import { withDataOptions, withDb } from '../cli/shared.js';
import { readDivisionFile } from './divisions.js';
import { loadDivisionTree } from './org.service.js';

export function registerOrgCommands(program: Command): void {
  const org = program.command('org').description('行政区划 (org units)');
  withDataOptions(
    org.command('load <file>').description('导入本县区划树 JSON（格式见 server/src/org/data/README.md）'),
  ).action(async (file: string, opts) => {
    const tree = readDivisionFile(file);
    const n = await withDb(opts, (db) => loadDivisionTree(db, tree));
    console.log(`已导入 ${tree.county.name} 的 ${n} 个单位`);
  });
}
