import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Option, type Command } from 'commander';
import type { z } from 'zod';
import type { CurrentUser } from '../accounts/session.service.js';
import type { Actor } from '../audit/audit.service.js';
import { withDataOptions, withDb } from '../cli/shared.js';
import type { Db } from '../db/database.js';
import type { Sealer } from '../lib/sealing.js';
import { openSealer } from '../server.js';
import type { ExportKind } from './export.files.js';
import {
  csvEncodingOf,
  ExportFormat,
  HouseholdExportQuery,
  PersonExportQuery,
  ReportExportQuery,
} from './export.schemas.js';
import {
  prepareHouseholdExport,
  preparePersonExport,
  prepareReportExport,
  type PreparedExport,
} from './export.service.js';

/**
 * `renkou export persons|households|reports`: the same files as the web app's download
 * buttons, for the operator at the server. The CLI has no login: it acts as the operator with
 * the whole county in scope and the right to full ID numbers, and is audited as user 'cli'.
 */
export type CliExportOptions = {
  unit?: string;
  q?: string;
  status?: string;
  sex?: string;
  household?: string;
  type?: string;
  queue?: string;
  format?: string;
  encoding?: string;
  out: string;
  unmasked?: boolean;
};

/**
 * The operator as a user: the county that holds `--unit` (or the only county), every
 * registry-reading right. Its audit rows carry username 'cli' and no user id.
 * @throws Error when the unit is unknown or the county is ambiguous
 */
export async function cliOperator(db: Db, unitCode?: string): Promise<{ user: CurrentUser; actor: Actor }> {
  const counties = await db
    .selectFrom('orgUnit')
    .select(['id', 'name', 'path', 'countyCode'])
    .where('level', '=', 'county')
    .orderBy('id')
    .execute();
  let county = counties.length === 1 ? counties[0] : undefined;
  if (unitCode) {
    const unit = await db.selectFrom('orgUnit').select('path').where('id', '=', unitCode).executeTakeFirst();
    if (!unit) throw new Error(`单位 ${unitCode} 不存在 (unknown unit)`);
    county = counties.find((c) => unit.path.startsWith(c.path));
  }
  if (!county)
    throw new Error(counties.length ? '有多个县，请用 --unit 指定单位' : '尚未导入县的行政区划 (no county loaded)');
  return {
    user: {
      id: '00000000-0000-0000-0000-000000000000',
      username: 'cli',
      displayName: '命令行操作员',
      role: 'county_statistician',
      unitId: county.id,
      unitName: county.name,
      unitLevel: 'county',
      unitPath: county.path,
      countyCode: county.countyCode,
      isDemo: false,
      mustChangePassword: false,
      permissions: ['person.read', 'person.revealId'],
      sessionId: 'cli',
    },
    actor: { userId: null, username: 'cli', unitId: county.id, address: null },
  };
}

function parseOptions<S extends z.ZodType>(schema: S, input: Record<string, unknown>): z.infer<S> {
  const r = schema.safeParse(Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)));
  if (!r.success)
    throw new Error(
      `参数有误：${r.error.issues.map((i) => `${i.path.join('.') || '(整体)'} ${i.message}`).join('；')}`,
    );
  return r.data;
}

function formatOf(opts: CliExportOptions) {
  const f = opts.format ?? path.extname(opts.out).slice(1).toLowerCase();
  const r = ExportFormat.safeParse(f);
  if (!r.success) throw new Error('请用 --format xlsx|csv 指定格式（或使用 .xlsx/.csv 文件名）');
  return r.data;
}

/**
 * Runs one export into a file. The file is written beside its target under a name of its own and
 * renamed when complete (an interrupted export leaves no half file, two at once do not mix),
 * readable by its owner only: it holds personal data.
 * @returns the rows written and the file name
 */
export async function runExport(
  db: Db,
  sealer: Sealer,
  kind: ExportKind,
  opts: CliExportOptions,
  onProgress?: (rows: number) => void,
) {
  const { user, actor } = await cliOperator(db, opts.unit);
  const format = formatOf(opts);
  let file: PreparedExport;
  if (kind === 'persons') {
    const { unmasked, encoding, ...filter } = parseOptions(PersonExportQuery, {
      q: opts.q,
      unitId: opts.unit,
      status: opts.status,
      sex: opts.sex,
      householdId: opts.household,
      unmasked: opts.unmasked ? 'true' : 'false',
      encoding: opts.encoding,
    });
    file = await preparePersonExport(db, sealer, user, actor, filter, {
      format,
      encoding: csvEncodingOf(encoding),
      unmasked,
    });
  } else if (kind === 'households') {
    const { encoding, ...filter } = parseOptions(HouseholdExportQuery, {
      q: opts.q,
      unitId: opts.unit,
      encoding: opts.encoding,
    });
    file = await prepareHouseholdExport(db, user, actor, filter, { format, encoding: csvEncodingOf(encoding) });
  } else {
    const { encoding, ...filter } = parseOptions(ReportExportQuery, {
      queue: opts.queue,
      status: opts.status,
      type: opts.type,
      unitId: opts.unit,
      encoding: opts.encoding,
    });
    file = await prepareReportExport(db, user, actor, filter, { format, encoding: csvEncodingOf(encoding) });
  }
  const target = path.resolve(opts.out);
  const partial = `${target}.${process.pid}-${randomBytes(4).toString('hex')}.part`;
  const out = fs.createWriteStream(partial, { mode: 0o600 });
  try {
    const rows = await file.writeTo(out, onProgress);
    if (!out.writableFinished)
      await new Promise<void>((resolve, reject) => out.once('finish', () => resolve()).once('error', reject));
    fs.renameSync(partial, target);
    return { rows, file: target };
  } catch (err) {
    out.destroy();
    fs.rmSync(partial, { force: true });
    throw err;
  }
}

const common = (cmd: Command) =>
  withDataOptions(cmd)
    .option('--unit <code>', '单位代码（含下级）；缺省为全县')
    .addOption(new Option('--format <format>', '文件格式（缺省按 --out 的扩展名）').choices(['xlsx', 'csv']))
    .addOption(
      new Option('--encoding <encoding>', 'CSV 编码：utf8（带 BOM）或 gbk').choices([
        'utf8',
        'utf-8',
        'gbk',
        'gb18030',
      ]),
    )
    .requiredOption('--out <file>', '输出文件');

export function registerExportCommands(program: Command): void {
  const exp = program.command('export').description('导出名单为 XLSX/CSV (export registry lists; audited as user cli)');
  const action = (kind: ExportKind) => async (opts: CliExportOptions & { data?: string; databaseUrl?: string }) => {
    const progress = process.stderr.isTTY ? (n: number) => process.stderr.write(`\r已写入 ${n} 行…`) : undefined;
    const result = await withDb(opts, (db, config) => runExport(db, openSealer(config), kind, opts, progress));
    if (progress) process.stderr.write('\n');
    console.log(`已导出 ${result.rows} 行到 ${result.file}`);
  };

  common(exp.command('persons').description('人员名单'))
    .option('--q <text>', '身份证号、姓名、拼音或首字母')
    .addOption(new Option('--status <status>', '人员状态').choices(['active', 'dead', 'moved_out']))
    .addOption(new Option('--sex <sex>', '性别：1 男，2 女').choices(['1', '2']))
    .option('--household <id>', '家庭户 ID')
    .option('--unmasked', '导出完整身份证号码（记入审计）')
    .action(action('persons'));

  common(exp.command('households').description('家庭户名单'))
    .option('--q <text>', '户号、地址或户主姓名')
    .action(action('households'));

  common(exp.command('reports').description('事件报告'))
    .addOption(new Option('--queue <queue>', '队列').choices(['review', 'confirm', 'all']))
    .addOption(
      new Option('--status <status>', '报告状态').choices([
        'submitted',
        'returned',
        'township_approved',
        'confirmed',
        'cancelled',
      ]),
    )
    .addOption(
      new Option('--type <type>', '报告类型').choices([
        'birth',
        'death',
        'marriage',
        'divorce',
        'move_in',
        'move_out',
        'correction',
      ]),
    )
    .action(action('reports'));
}
