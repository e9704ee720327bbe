import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Option, type Command } from 'commander';
import type { Actor } from '../audit/audit.service.js';
import { withDataOptions, withDb, type DataOptions } from '../cli/shared.js';
import { openSealer } from '../server.js';
import { getFeedType, listFeeds, receiveFeed, type FeedUser } from './feed.service.js';
import { FEED_TYPE_CODES, FEED_TYPES } from './feed.types.js';

type SubmitOptions = DataOptions & { type: string; file: string; encoding: string; department?: string };
type ListOptions = DataOptions & { type?: string; limit: string };

const ENCODINGS = ['auto', 'utf-8', 'gbk', 'gb18030', 'utf-16le', 'utf-16be'] as const;

/** The operator at the server's console: county scope, named by the system account. */
function operator(countyCode: string): { user: FeedUser; actor: Actor } {
  const who = os.userInfo().username;
  return {
    user: { userId: null, username: `cli:${who}`, displayName: `服务器操作员 ${who}`, countyCode },
    actor: { userId: null, username: `cli:${who}`, unitId: countyCode, address: 'cli' },
  };
}

/** `renkou feed submit --type T --file F` and `renkou feed list` (docs/feeds.md). */
export function registerFeedCommands(program: Command): void {
  const feed = program.command('feed').description('部门数据：提交与查看 (department feeds; see docs/feeds.md)');

  withDataOptions(
    feed
      .command('submit')
      .description('提交一份部门数据文件（XLSX 或 CSV）：原样保存并解析')
      .addOption(new Option('--type <type>', '数据类型').choices([...FEED_TYPE_CODES]).makeOptionMandatory())
      .requiredOption('--file <file>', '文件路径')
      .addOption(new Option('--encoding <encoding>', 'CSV 编码').choices([...ENCODINGS]).default('auto'))
      .option('--department <name>', '发送部门名称（默认为该类数据的常见部门）'),
  ).action(async (opts: SubmitOptions) => {
    const type = getFeedType(opts.type);
    const stat = await fs.promises.stat(opts.file).catch(() => undefined);
    if (!stat?.isFile()) throw new Error(`文件 ${opts.file} 不存在`);
    await withDb(opts, async (db, config) => {
      if (stat.size > config.importMaxBytes)
        throw new Error(`文件超过上限 ${config.importMaxBytes / 1024 / 1024} MB（RENKOU_IMPORT_MAX_MB）`);
      const { user, actor } = operator(config.countyCode);
      const receipt = await receiveFeed(
        { db, sealer: openSealer(config), maxBytes: config.importMaxBytes },
        { kind: 'user', user },
        actor,
        type,
        {
          fileName: path.basename(opts.file),
          bytes: await fs.promises.readFile(opts.file),
          encoding: opts.encoding as (typeof ENCODINGS)[number],
          departmentName: opts.department,
        },
      );
      if (receipt.outcome === 'refused') {
        for (const p of receipt.batch.problems.slice(0, 30)) console.error(`  ${p.message}`);
        if (receipt.batch.problemCount > 30) console.error(`  …另有 ${receipt.batch.problemCount - 30} 处错误`);
        throw new Error(`${receipt.message.split('。')[0]}（批次 ${receipt.batch.id}）`);
      }
      console.log(`${receipt.message}（批次 ${receipt.batch.id}）`);
    });
  });

  withDataOptions(
    feed
      .command('list')
      .description('列出已接收的部门数据（最近的在前）')
      .addOption(new Option('--type <type>', '只列此类数据').choices([...FEED_TYPE_CODES]))
      .option('--limit <n>', '条数', '20'),
  ).action(async (opts: ListOptions) => {
    await withDb(opts, async (db, config) => {
      const { user } = operator(config.countyCode);
      const pageSize = Math.min(100, Math.max(1, Number(opts.limit) || 20));
      const page = await listFeeds(db, user, { feedType: opts.type, page: 1, pageSize });
      if (page.items.length === 0) {
        console.log('尚未接收任何部门数据');
        return;
      }
      const STATUS = { received: '已接收', parsed: '已解析', refused: '已拒绝' } as const;
      for (const b of page.items) {
        const when = new Date(b.receivedAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
        console.log(
          [
            b.id,
            when,
            FEED_TYPES[b.feedType].nameZh,
            b.departmentName,
            b.channel === 'api' ? '接口' : '上传',
            STATUS[b.status],
            `${b.recordCount}/${b.rowCount} 行`,
            b.fileName,
          ].join('\t'),
        );
      }
      console.log(`共 ${page.total} 批`);
    });
  });
}
