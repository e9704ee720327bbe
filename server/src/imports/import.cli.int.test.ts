import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { cliRunner } from '../testing/cli.js';
import { createDatabase } from '../db/database.js';
import { makeIdNumber } from '../lib/idNumber.js';
import { utf8Csv } from './fixtures/files.js';
import { writePersonsCsv } from './fixtures/generate.js';

const root = path.resolve(import.meta.dirname, '../../..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'renkou-import-cli-'));
const data = path.join(dir, 'data');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

const renkou = cliRunner(data);

const HEADER = ['身份证号码', '姓名', '性别', '户口性质', '户籍村（社区）代码', '户号', '与户主关系'];
const XINPU = '430623101208';

describe('renkou import', () => {
  it('imports a file once, and explains a refused one with a per-row report', async () => {
    expect((await renkou('org', 'load', 'server/src/org/data/430623.json')).code).toBe(0);
    const good = path.join(dir, '新铺村.csv');
    fs.writeFileSync(
      good,
      utf8Csv([
        HEADER,
        [makeIdNumber('430623', '1960-01-01', 11), '陈老大', '男', '农业', XINPU, 'A001', '户主'],
        [makeIdNumber('430623', '1962-02-02', 22), '陈大嫂', '女', '农业', XINPU, 'A001', '妻'],
      ]),
    );
    const first = await renkou('import', 'persons', good);
    expect(first.code, first.err).toBe(0);
    expect(first.out).toMatch(/已导入 新铺村\.csv：人员 2，新立户 1/);
    const again = await renkou('import', 'persons', good);
    expect(again.code).toBe(0);
    expect(again.err).toMatch(/该文件已于 .* 由 服务器操作员 \S+（cli:\S+）导入/);

    const bad = path.join(dir, 'bad.csv');
    fs.writeFileSync(
      bad,
      utf8Csv([
        HEADER,
        [makeIdNumber('430623', '1970-01-01', 31), '张三', '女', '农业', XINPU, '', ''],
        [makeIdNumber('430623', '1971-01-01', 41), '李四', '女', '农业', '430623999999', '', ''],
      ]),
    );
    const report = path.join(dir, 'errors.xlsx');
    const refused = await renkou('import', 'persons', bad, '--errors', report);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('有 2 行错误');
    expect(refused.err).toMatch(/bad\.csv 第 2 行 C 列（性别）：性别“女”与身份证号码不符/);
    expect(refused.err).toMatch(/bad\.csv 第 3 行 E 列（户籍村（社区）代码）：.*不存在/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(report);
    const ws = wb.worksheets[0]!;
    expect((ws.getRow(1).values as string[]).at(-1)).toBe('错误说明');
    expect(ws.rowCount).toBe(3);
  });

  it('leaves the database as it was when the import is killed while writing', async () => {
    const big = path.join(dir, 'big.csv');
    const rows = await writePersonsCsv(big, 30_000, { seed: 7 });
    const child = spawn('npx', ['tsx', 'server/src/main.ts', 'import', 'persons', big], {
      env: { ...process.env, RENKOU_DATA: data, LOG_LEVEL: 'silent' },
      cwd: root,
      detached: true,
    });
    let stderr = '';
    await new Promise<void>((resolve, reject) => {
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        // The first chunk is in; the next is on its way: kill the whole process group.
        if (stderr.includes('写入')) {
          process.kill(-child.pid!, 'SIGKILL');
          resolve();
        }
      });
      child.on('exit', () => reject(new Error(`the import ended before it was killed: ${stderr}`)));
    });
    await new Promise((r) => child.once('exit', r));
    // The killed process cannot release its lock: remove it as an operator would after checking.
    fs.rmSync(path.join(data, 'renkou.lock'), { recursive: true, force: true });
    const database = await createDatabase({ dataDir: data });
    try {
      const persons = await database.db
        .selectFrom('person')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(persons.n)).toBe(2); // the two of the first test, none of the killed import's
      const batches = await database.db.selectFrom('importBatch').select(['fileName', 'status']).execute();
      expect(batches.filter((b) => b.fileName === 'big.csv')).toEqual([]);
      const history = await database.db
        .selectFrom('personHistory')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(history.n)).toBe(2);
    } finally {
      await database.close();
    }
    expect(rows).toBeGreaterThanOrEqual(30_000);
  });
});
