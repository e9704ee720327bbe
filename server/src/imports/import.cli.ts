import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Option, type Command } from 'commander';
import type { Actor } from '../audit/audit.service.js';
import { configFrom, withDataOptions, type DataOptions } from '../cli/shared.js';
import type { Db } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import type { Role } from '../db/schema.js';
import { openDatabase, openSealer } from '../server.js';
import { errorReportFile, templateFile, type FileFormat } from './import.files.js';
import type { ImportKind } from './import.fields.js';
import type { Progress } from './import.persons.js';
import type { ErrorReportData } from './import.problems.js';
import { ImportOptions } from './import.schemas.js';
import { importFile, type Importer } from './import.service.js';

type ImportCliOptions = DataOptions & {
  encoding: string;
  mapping?: string;
  errors?: string;
  unit?: string;
  user?: string;
  sheet?: string;
};

/** `renkou import persons|events FILE` and `renkou import template KIND OUT`. */
export function registerImportCommands(program: Command): void {
  const imp = program.command('import').description('批量导入人员、家庭户和历史事件 (bulk import; see docs/import.md)');
  for (const kind of ['persons', 'events'] as const) {
    withDataOptions(
      imp
        .command(`${kind} <file>`)
        .description(
          kind === 'persons' ? '导入人员与家庭户（XLSX 或 CSV）' : '导入历史事件：出生、死亡、结婚、离婚、迁入、迁出',
        )
        .addOption(
          new Option('--encoding <encoding>', 'CSV 编码')
            .choices(['auto', 'utf-8', 'gbk', 'gb18030', 'utf-16le', 'utf-16be'])
            .default('auto'),
        )
        .option('--mapping <file>', '列对应关系 JSON 文件：{"文件中的列名": "字段"}')
        .option('--errors <file>', '有错误时把错误报告写到此文件（.xlsx 或 .csv）')
        .option('--unit <code>', '导入范围：只接受此单位及其下级的行（默认本县）')
        .option('--user <username>', '以此账户的身份与权限导入（默认：服务器操作员，范围见 --unit）')
        .option('--sheet <name>', 'XLSX 工作表名称（默认第一个）'),
    ).action(async (file: string, opts: ImportCliOptions) => runImport(kind, file, opts));
  }
  imp
    .command('template <kind> <out>')
    .description('写出导入模板（kind: persons 或 events；out 以 .xlsx 或 .csv 结尾）')
    .action(async (kind: string, out: string) => {
      if (kind !== 'persons' && kind !== 'events') throw new Error('kind 应为 persons 或 events');
      const format = out.toLowerCase().endsWith('.csv') ? 'csv' : 'xlsx';
      await fs.promises.writeFile(out, (await templateFile(kind, format)).body);
      console.log(`模板已写出：${out}`);
    });
}

/**
 * Imports one file. A refused file prints its problems and then fails (exit code 1) with the
 * summary; an imported or already imported file succeeds.
 */
async function runImport(kind: ImportKind, file: string, opts: ImportCliOptions): Promise<void> {
  const stat = await fs.promises.stat(file).catch(() => undefined);
  if (!stat?.isFile()) throw new Error(`文件 ${file} 不存在`);
  const options = ImportOptions.parse({
    encoding: opts.encoding,
    sheet: opts.sheet,
    mapping: opts.mapping ? (JSON.parse(await fs.promises.readFile(opts.mapping, 'utf8')) as unknown) : undefined,
  });
  const config = configFrom(opts);
  const database = await openDatabase(config);
  try {
    await migrateToLatest(database.db);
    const sealer = openSealer(config);
    const importer = await importerFor(database.db, config.countyCode, opts);
    const actor: Actor = {
      userId: importer.userId,
      username: importer.username,
      unitId: importer.unitId,
      address: 'cli',
    };
    const sha256 = await fileSha256(file);
    const bar = progressBar();
    const result = await importFile(
      { database, sealer, limits: { maxBytes: config.importMaxBytes } },
      importer,
      actor,
      kind,
      { path: file, fileName: path.basename(file), bytes: stat.size, sha256 },
      options,
      bar.update,
    );
    bar.done();
    switch (result.status) {
      case 'imported':
        console.log(`已导入 ${path.basename(file)}：${describeCounts(result.counts)}（批次 ${result.batch.id}）`);
        for (const w of result.warnings.slice(0, 20)) console.log(`提示：${w.message}`);
        if (result.warnings.length > 20) console.log(`…另有 ${result.warnings.length - 20} 条提示`);
        return;
      case 'duplicate':
        console.error(result.message);
        return;
      case 'invalid': {
        for (const p of result.problems.slice(0, 30)) console.error(`  ${p.message}`);
        if (result.problemCount > 30) console.error(`  …另有 ${result.problemCount - 30} 处错误`);
        if (opts.errors) {
          const batch = await database.db
            .selectFrom('importBatch')
            .select('errorReportSealed')
            .where('id', '=', result.batchId)
            .executeTakeFirstOrThrow();
          const format: FileFormat = opts.errors.toLowerCase().endsWith('.csv') ? 'csv' : 'xlsx';
          const report = await errorReportFile(
            JSON.parse(sealer.open(batch.errorReportSealed!)) as ErrorReportData,
            format,
          );
          await fs.promises.writeFile(opts.errors, report.body, { mode: 0o600 });
          console.error(`错误报告已写出：${opts.errors}`);
        } else {
          console.error('加 --errors 错误报告.xlsx 可写出带“错误说明”列的错误报告');
        }
        throw new Error(result.message);
      }
    }
  } finally {
    await database.close();
  }
}

/** The account named by --user, or the operator at the server with the scope of --unit. */
async function importerFor(db: Db, countyCode: string, opts: ImportCliOptions): Promise<Importer> {
  if (opts.user) {
    const u = await db
      .selectFrom('appUser as u')
      .innerJoin('orgUnit as o', 'o.id', 'u.unitId')
      .select(['u.id', 'u.username', 'u.displayName', 'u.role', 'u.unitId', 'u.disabled', 'o.path', 'o.countyCode'])
      .where('u.username', '=', opts.user)
      .executeTakeFirst();
    if (!u || u.disabled) throw new Error(`用户 ${opts.user} 不存在或已停用`);
    return {
      userId: u.id,
      username: u.username,
      displayName: u.displayName,
      role: u.role as Role,
      unitId: u.unitId,
      unitPath: u.path,
      countyCode: u.countyCode,
    };
  }
  const unitId = opts.unit ?? countyCode;
  const unit = await db
    .selectFrom('orgUnit')
    .select(['id', 'path', 'countyCode', 'name'])
    .where('id', '=', unitId)
    .executeTakeFirst();
  if (!unit) throw new Error(`单位 ${unitId} 不存在`);
  const who = os.userInfo().username;
  return {
    userId: null,
    username: `cli:${who}`,
    displayName: `服务器操作员 ${who}`,
    role: 'operator',
    unitId: unit.id,
    unitPath: unit.path,
    countyCode: unit.countyCode,
  };
}

async function fileSha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function describeCounts(c: Record<string, unknown>): string {
  const names: Record<string, string> = {
    persons: '人员',
    households: '新立户',
    householdsJoined: '加入已有户',
    links: '亲属关联',
    events: '事件',
    personsChanged: '变更人员',
  };
  return Object.entries(c)
    .filter(([k, v]) => k in names && typeof v === 'number')
    .map(([k, v]) => `${names[k]} ${(v as number).toLocaleString('zh-CN')}`)
    .join('，');
}

const PHASES: Record<Progress['phase'], string> = { checking: '检查', writing: '写入', finishing: '收尾' };

/**
 * A progress bar on stderr, redrawn at most ten times a second (plain ANSI). Without a terminal
 * (a log file, a pipe) it writes one line when each phase begins.
 */
function progressBar(): { update: (p: Progress) => void; done: () => void } {
  const tty = process.stderr.isTTY;
  let last = 0;
  let drawn = false;
  let phase: Progress['phase'] | undefined;
  return {
    update(p) {
      if (!tty) {
        if (p.phase !== phase) process.stderr.write(`${PHASES[p.phase]}…${p.total ? `（共 ${p.total} 行）` : ''}\n`);
        phase = p.phase;
        return;
      }
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      const width = 30;
      let line: string;
      if (p.total) {
        const f = Math.min(1, p.rows / p.total);
        const filled = Math.round(f * width);
        line = `${PHASES[p.phase]} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.round(f * 100)).padStart(3)}% ${p.rows.toLocaleString('zh-CN')}/${p.total.toLocaleString('zh-CN')} 行`;
      } else {
        line = `${PHASES[p.phase]} ${p.rows.toLocaleString('zh-CN')} 行`;
      }
      process.stderr.write(`\r\x1b[2K${line}`);
      drawn = true;
    },
    done() {
      if (drawn) process.stderr.write('\r\x1b[2K');
    },
  };
}
