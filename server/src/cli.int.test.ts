import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { cliRunner } from './testing/cli.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'renkou-cli-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

const renkou = cliRunner(dir);

describe('the renkou CLI', () => {
  it('migrates, loads a county tree, adds a user with a one-time password and verifies the audit chain', async () => {
    expect((await renkou('migrate')).out).toContain('迁移完成');
    const load = await renkou('org', 'load', 'server/src/org/data/430623.json');
    expect(load.out).toContain('已导入 华容县 的 240 个单位');
    const add = await renkou(
      'user',
      'add',
      '--username',
      'wangfang',
      '--name',
      '王芳',
      '--unit',
      '430623101208',
      '--role',
      'village_worker',
    );
    expect(add.code).toBe(0);
    expect(add.out).toMatch(/已创建用户 wangfang（新铺村）。临时密码：\S{8,}/);
    const verify = await renkou('audit', 'verify');
    expect(verify.out).toContain('审计日志完整：已校验 1 条');
  }, 180_000);

  it('explains bad input instead of failing obscurely', async () => {
    const badUnit = await renkou(
      'user',
      'add',
      '--username',
      'x1',
      '--name',
      '某',
      '--unit',
      '999',
      '--role',
      'village_worker',
    );
    expect(badUnit.code).toBe(1);
    expect(badUnit.err).toContain('单位 999 不存在');
    const badRole = await renkou(
      'user',
      'add',
      '--username',
      'x1',
      '--name',
      '某',
      '--unit',
      '430623',
      '--role',
      'boss',
    );
    expect(badRole.code).toBe(1);
    expect(badRole.err).toContain('boss');
    const badFile = await renkou('org', 'load', '/nonexistent.json');
    expect(badFile.err).toContain('nonexistent.json');
  }, 120_000);
});
