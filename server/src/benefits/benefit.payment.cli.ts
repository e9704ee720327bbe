import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import type { Actor } from '../audit/audit.service.js';
import { withDataOptions, withDb, type DataOptions } from '../cli/shared.js';
import type { Db } from '../db/database.js';
import { InvalidInputError } from '../lib/errors.js';
import { openSealer } from '../server.js';
import type { Caller } from './benefit.account.service.js';
import { importResults } from './benefit.batch.results.js';
import { exportBatch } from './benefit.batch.export.js';
import { formatFen } from './benefit.dates.js';
import { openRecoveries } from './benefit.recovery.service.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function batchId(raw: string): string {
  const id = raw.trim();
  if (!UUID.test(id)) throw new Error(`批次编号 ${id} 格式不对（应为网页“发放”中显示的批次编号）`);
  return id;
}

/** The console acts for the county as a whole, in the audit log as cli:<OS user>. */
async function consoleCaller(db: Db, countyCode: string): Promise<{ caller: Caller; actor: Actor }> {
  const unit = await db.selectFrom('orgUnit').select('path').where('id', '=', countyCode).executeTakeFirst();
  if (!unit) throw new Error(`数据库中没有县 ${countyCode}`);
  return {
    caller: { id: null, countyCode, unitPath: unit.path },
    actor: { userId: null, username: `cli:${os.userInfo().username}`, unitId: countyCode, address: 'cli' },
  };
}

/** An error's message with the rows it names, one per line. */
function explain(e: unknown): never {
  if (e instanceof InvalidInputError && e.problems.length > 1)
    throw new Error(`${e.message.split('：')[0]}\n${e.problems.map((p) => `  ${p.message}`).join('\n')}`);
  throw e;
}

/**
 * `renkou benefits export|results|recoveries` (docs/benefits-payments.md): the bank file of an
 * approved batch and the bank's result file, from the server's console, for counties whose bank
 * exchange runs on the server (a front-end processor, 前置机) rather than through a browser.
 */
export function registerBenefitPaymentCommands(program: Command): void {
  const benefits = program.command('benefits').description('惠民补贴发放：代发文件、回盘文件、追回 (benefit payments)');

  withDataOptions(
    benefits
      .command('export')
      .description('导出已批准批次的一卡通代发文件（先核对合计；记入审计）')
      .requiredOption('--batch <id>', '批次编号')
      .requiredOption('--out <file>', '输出文件（.txt 为 GBK 文本，.xlsx 为表格）'),
  ).action(async (opts: DataOptions & { batch: string; out: string }) => {
    const id = batchId(opts.batch);
    const format = opts.out.toLowerCase().endsWith('.xlsx') ? 'xlsx' : 'txt';
    await withDb(opts, async (db, config) => {
      const { caller, actor } = await consoleCaller(db, config.countyCode);
      const f = await exportBatch(db, openSealer(config), caller, actor, id, format);
      // Full account numbers: readable by the operator only.
      await fs.promises.writeFile(opts.out, f.body, { mode: 0o600 });
      console.log(`已导出 ${path.resolve(opts.out)}（${f.fileName}）`);
    });
  });

  withDataOptions(
    benefits
      .command('results')
      .description('导入银行回盘文件（文本/CSV/XLSX，GBK 或 UTF-8）：全部正确才写入')
      .requiredOption('--batch <id>', '批次编号')
      .argument('<file>', '回盘文件'),
  ).action(async (file: string, opts: DataOptions & { batch: string }) => {
    const id = batchId(opts.batch);
    const data = await fs.promises.readFile(file);
    const sha256 = createHash('sha256').update(data).digest('hex');
    await withDb(opts, async (db, config) => {
      const { caller, actor } = await consoleCaller(db, config.countyCode);
      const r = await importResults(db, openSealer(config), caller, actor, id, {
        path: file,
        fileName: path.basename(file),
        sha256,
      }).catch(explain);
      const s = r.summary;
      console.log(`回盘导入完成：${r.rows} 行，成功 ${r.paid}，失败 ${r.failed}，已处理过 ${r.repeated}`);
      console.log(
        `对账：已发 ${s.paid.count} 笔 ${formatFen(s.paid.fen)}，失败 ${s.failed.count} 笔 ${formatFen(s.failed.fen)}，待回盘 ${s.pending.count} 笔 ${formatFen(s.pending.fen)}；批次合计 ${formatFen(s.totalFen)}${r.reconciled ? '（已对平）' : ''}`,
      );
      if (r.recoveriesOpened) console.log(`新立追回案件 ${r.recoveriesOpened} 件`);
    });
  });

  withDataOptions(
    benefits.command('recoveries').description('检查已发放款项，收款人已死亡的立追回案件（不重复立案）'),
  ).action(async (opts: DataOptions) => {
    await withDb(opts, async (db, config) => {
      const { actor } = await consoleCaller(db, config.countyCode);
      const r = await openRecoveries(db, config.countyCode, undefined, actor);
      console.log(`新立追回案件 ${r.opened} 件，金额 ${formatFen(r.recoveries.reduce((s, x) => s + x.amountFen, 0))}`);
    });
  });
}
