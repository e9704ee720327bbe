import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'renkou-cli-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The CLI as an operator runs it, on its own data folder. */
const renkou = async (...args: string[]) => {
  try {
    const r = await run('npx', ['tsx', 'server/src/cli.ts', ...args], {
      env: { ...process.env, RENKOU_DATA: dir, LOG_LEVEL: 'silent' },
      cwd: path.resolve(import.meta.dirname, '../..'),
    });
    return { code: 0, out: r.stdout, err: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, out: err.stdout, err: err.stderr };
  }
};

describe('the renkou CLI', () => {
  it('migrates, loads a county tree, adds a user with a one-time password and verifies the audit chain', async () => {
    expect((await renkou('migrate')).out).toContain('迁移完成');
    const load = await renkou('org', 'load', 'server/src/org/data/430623.json');
    expect(load.out).toContain('已导入 华容县 的 240 个单位');
    const add = await renkou('user', 'add', '--username', 'wangfang', '--name', '王芳', '--unit', '430623101208', '--role', 'village_worker');
    expect(add.code).toBe(0);
    expect(add.out).toMatch(/已创建用户 wangfang（新铺村）。临时密码：\S{8,}/);
    const verify = await renkou('audit', 'verify');
    expect(verify.out).toContain('审计日志完整：已校验 1 条');
  });

  it('explains bad input instead of failing obscurely', async () => {
    const badUnit = await renkou('user', 'add', '--username', 'x1', '--name', '某', '--unit', '999', '--role', 'village_worker');
    expect(badUnit.code).toBe(1);
    expect(badUnit.err).toContain('单位 999 不存在');
    const badRole = await renkou('user', 'add', '--username', 'x1', '--name', '某', '--unit', '430623', '--role', 'boss');
    expect(badRole.code).not.toBe(0);
    const badPort = await run('npx', ['tsx', 'server/src/cli.ts', 'migrate'], { env: { ...process.env, RENKOU_DATA: dir, PORT: 'abc' }, cwd: path.resolve(import.meta.dirname, '../..') }).catch((e: { stderr: string }) => e);
    expect((badPort as { stderr: string }).stderr).toContain('PORT');
  });
});
