import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { cliRunner } from '../testing/cli.js';
import { makeIdNumber } from '../lib/idNumber.js';
import { gbkCsv, HOSPITAL_HEADER, HOUSING_HEADER } from './fixtures/feeds.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'renkou-feed-cli-'));
const data = path.join(dir, 'data');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

const renkou = cliRunner(data);

describe('renkou feed', () => {
  it('submits a hospital feed in GBK, keeps it once, refuses a bad one and lists them', async () => {
    expect((await renkou('org', 'load', 'server/src/org/data/430623.json')).code).toBe(0);
    const mother = makeIdNumber('430623', '1992-06-01', 42);
    const good = path.join(dir, '出生.csv');
    fs.writeFileSync(
      good,
      gbkCsv(null, HOSPITAL_HEADER, [
        ['Q1', '李小雨', '女', '2026-01-05', 3300, 39, '华容县人民医院', '王秀英', mother, '', '', '三封寺镇新铺村'],
      ]),
    );
    const first = await renkou('feed', 'submit', '--type', 'hospital_birth', '--file', good, '--encoding', 'gbk');
    expect(first.code, first.err).toBe(0);
    expect(first.out).toMatch(/出生\.csv：已接收并解析 1 条记录（批次 [0-9a-f-]{36}）/);
    const again = await renkou('feed', 'submit', '--type', 'hospital_birth', '--file', good);
    expect(again.out).toContain('不重复保存');

    const bad = path.join(dir, 'bad.csv');
    fs.writeFileSync(
      bad,
      gbkCsv(null, HOSPITAL_HEADER, [
        ['Q2', '', '男', '2026-01-05', '', '', '', '王秀英', makeIdNumber('430623', '1990-01-01', 31), '', '', ''],
      ]),
    );
    const refused = await renkou('feed', 'submit', '--type', 'hospital_birth', '--file', bad);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('bad.csv 第 2 行 I 列（母亲身份证号）：身份证号码为男性号码，应为女性');

    const list = await renkou('feed', 'list');
    expect(list.code, list.err).toBe(0);
    expect(list.out).toMatch(/出生医学证明\t助产医疗机构\t上传\t已解析\t1\/1 行\t出生\.csv/);
    expect(list.out).toMatch(/已拒绝.*bad\.csv/);
    expect(list.out).toContain('共 2 批');
    expect((await renkou('feed', 'submit', '--type', 'nonsense', '--file', good)).code).toBe(1);
  });

  it('submits a housing feed of residents', async () => {
    const file = path.join(dir, '租赁登记.csv');
    fs.writeFileSync(
      file,
      gbkCsv(null, HOUSING_HEADER, [
        [
          '王秀英',
          makeIdNumber('430623', '1992-06-01', 42),
          '华容县三封寺镇新铺村1组8号',
          '',
          '2026-03-01',
          '',
          '租赁',
          '',
        ],
      ]),
    );
    const res = await renkou('feed', 'submit', '--type', 'housing', '--file', file);
    expect(res.code, res.err).toBe(0);
    expect(res.out).toMatch(/租赁登记\.csv：已接收并解析 1 条记录/);
    expect((await renkou('feed', 'list', '--type', 'housing')).out).toMatch(
      /住建居住登记\t县住房和城乡建设局\t上传\t已解析/,
    );
  });
});
