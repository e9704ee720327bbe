import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { cliRunner } from '../testing/cli.js';
import { gbkCsv, HOSPITAL_HEADER } from '../feeds/fixtures/feeds.js';
import { makeIdNumber } from '../lib/idNumber.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'renkou-linkage-cli-'));
const data = path.join(dir, 'data');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

const renkou = cliRunner(data);

describe('renkou linkage run', () => {
  it('links a received feed from the console and says what it found', async () => {
    expect((await renkou('org', 'load', 'server/src/org/data/430623.json')).code).toBe(0);
    const file = path.join(dir, '出生.csv');
    // A mother of 新铺村 the (empty) registry does not know: a birth the village has not reported.
    fs.writeFileSync(
      file,
      gbkCsv(null, HOSPITAL_HEADER, [
        [
          'Q1',
          '',
          '女',
          '2026-01-05',
          3300,
          39,
          '华容县人民医院',
          '王秀英',
          makeIdNumber('430623', '1992-06-01', 42),
          '',
          '',
          '华容县三封寺镇新铺村1组8号',
        ],
      ]),
    );
    const submitted = await renkou('feed', 'submit', '--type', 'hospital_birth', '--file', file);
    expect(submitted.code, submitted.err).toBe(0);
    const batchId = /批次 ([0-9a-f-]{36})/.exec(submitted.out)![1]!;

    const run = await renkou('linkage', 'run', '--batch', batchId);
    expect(run.code, run.err).toBe(0);
    expect(run.out).toContain(`比对完成（批次 ${batchId}`);
    expect(run.out).toMatch(/1 条记录/);
    expect(run.out).toMatch(/结果：疑似漏报 1；新建核查任务 1 项/);
  });

  it('refuses a batch number it cannot use, in Chinese', async () => {
    const bad = await renkou('linkage', 'run', '--batch', 'abc');
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('批次号 abc 格式不对');
    const unknown = await renkou('linkage', 'run', '--batch', '00000000-0000-4000-8000-000000000000');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/错误：.*不存在|未找到/);
  });
});
