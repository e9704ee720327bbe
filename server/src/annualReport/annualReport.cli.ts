import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { withDataOptions, withDb } from '../cli/shared.js';
import type { Db } from '../db/database.js';
import { cliOperator } from '../exports/export.cli.js';
import { AnnualReportQuery } from './annualReport.schemas.js';
import {
  annualReportFilenames,
  buildAnnualReport,
  exportAnnualReport,
  type AnnualReport,
} from './annualReport.service.js';

/**
 * `renkou annual-report --year 2016 [--unit …] --format pdf|xlsx|json --out file`: the same report
 * as the web page's buttons, made at the server on the data folder or DATABASE_URL. It acts as the
 * operator with the whole county in scope (as `renkou export` does) and is audited as user 'cli'.
 */
export type CliAnnualReportOptions = {
  year: string;
  unit?: string;
  format?: string;
  out?: string;
  population?: string;
  boundaries?: string;
};

function formatOf(opts: CliAnnualReportOptions): 'pdf' | 'xlsx' | 'json' {
  const f = (opts.format ?? (opts.out ? path.extname(opts.out).slice(1) : 'pdf')).toLowerCase();
  if (f === 'pdf' || f === 'xlsx' || f === 'json') return f;
  throw new Error('请用 --format pdf|xlsx|json 指定格式（或使用 .pdf/.xlsx/.json 文件名）');
}

/** Writes beside the target and renames when complete: an interrupted run leaves no half file. */
function writeAtomically(target: string, body: Buffer | string) {
  const partial = `${target}.${process.pid}-${randomBytes(4).toString('hex')}.part`;
  try {
    fs.writeFileSync(partial, body);
    fs.renameSync(partial, target);
  } catch (err) {
    fs.rmSync(partial, { force: true });
    throw err;
  }
}

/**
 * Makes one report into a file.
 * @returns the file written, its size, the report's title and publication status, and the time taken
 * @throws Error for bad options; the service's errors (unknown unit, a year not yet begun)
 */
export async function runAnnualReport(db: Db, opts: CliAnnualReportOptions) {
  const started = Date.now();
  const { user, actor } = await cliOperator(db, opts.unit);
  const format = formatOf(opts);
  const parsed = AnnualReportQuery.safeParse({
    year: opts.year,
    unitId: opts.unit,
    format,
    population: opts.population,
    boundaries: opts.boundaries,
  });
  if (!parsed.success)
    throw new Error(
      `参数有误：${parsed.error.issues.map((i) => `${i.path.join('.') || '(整体)'} ${i.message}`).join('；')}`,
    );
  const { format: _f, ...q } = parsed.data;
  const request = { ...q, unitId: q.unitId ?? user.unitId };
  let body: Buffer | string;
  let report: AnnualReport;
  if (format === 'json') {
    report = await buildAnnualReport(db, user, request);
    body = `${JSON.stringify(report, null, 2)}\n`;
  } else {
    ({ report, body } = await exportAnnualReport(db, user, actor, { ...request, format }));
  }
  const target = path.resolve(
    opts.out ??
      (format === 'json'
        ? `annual-report_${report.unit.id}_${q.year}.json`
        : annualReportFilenames(report.unit, q.year, format).filename),
  );
  writeAtomically(target, body);
  return {
    file: target,
    bytes: Buffer.byteLength(body),
    title: report.title,
    status: report.publication.status,
    ms: Date.now() - started,
  };
}

const STATUS_ZH: Record<string, string> = { published: '已发布', partial: '部分发布', provisional: '未发布，仅供参考' };

export function registerAnnualReportCommands(program: Command): void {
  withDataOptions(
    program
      .command('annual-report')
      .description('生成统计年报 PDF/XLSX/JSON (annual statistical report; audited as user cli)'),
  )
    .requiredOption('--year <year>', '统计年度，如 2016')
    .option('--unit <code>', '单位代码（县或乡镇，亦可为村）；缺省为全县')
    .addOption(
      new Option('--format <format>', '文件格式（缺省按 --out 的扩展名，再缺省为 pdf）').choices([
        'pdf',
        'xlsx',
        'json',
      ]),
    )
    .option('--out <file>', '输出文件（缺省为 统计年报_单位_年度.pdf）')
    .addOption(
      new Option('--population <basis>', '人口口径：registered 户籍，resident 常住').choices([
        'registered',
        'resident',
      ]),
    )
    .addOption(new Option('--boundaries <boundaries>', '区划：present 现行，past 当年').choices(['present', 'past']))
    .action(async (opts: CliAnnualReportOptions & { data?: string; databaseUrl?: string }) => {
      const r = await withDb(opts, (db) => runAnnualReport(db, opts));
      console.log(
        `已生成《${r.title}》（${STATUS_ZH[r.status] ?? r.status}）：${r.file}，${(r.bytes / 1024).toFixed(0)} KB，用时 ${(r.ms / 1000).toFixed(1)} 秒`,
      );
    });
}
