import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { createDatabase } from '../db/database.js';
import { cliRunner } from '../testing/cli.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'renkou-org-cli-'));
const data = path.join(dir, 'data');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

const renkou = cliRunner(data);
const XINPU = '430623101208'; // 新铺村
const FUXING = '430623101213'; // 复兴村

/** What the commands left in the data folder (opened after them: the folder is locked while one runs). */
async function unitsAndAudit() {
  const database = await createDatabase({ dataDir: data });
  try {
    const units = await database.db
      .selectFrom('orgUnit')
      .selectAll()
      .where('path', 'like', '/430623/430623101/%')
      .execute();
    const audit = await database.db
      .selectFrom('auditLog')
      .select(['action', 'username'])
      .where('action', 'like', 'org.%')
      .orderBy('id')
      .execute();
    return { unit: (id: string) => units.find((u) => u.id === id), audit };
  } finally {
    await database.close();
  }
}

describe('renkou org: a county maintains its own subtree at the console', () => {
  it('loads the county, adds groups to a village (the division data has none), and refuses a duplicate', async () => {
    expect((await renkou('org', 'load', 'server/src/org/data/430623.json')).code).toBe(0);
    const add = await renkou('org', 'groups', 'add', XINPU, '第1组', '第2组', '第3组', '--from', '2020-01-01');
    expect(add.code, add.err).toBe(0);
    expect(add.out).toContain(`${XINPU}01\t第1组`);
    expect(add.out).toContain(`${XINPU}03\t第3组`);
    expect(add.out).toContain('已为 新铺村 新增 3 个组');

    const dup = await renkou('org', 'groups', 'add', XINPU, '第4组', '第2组');
    expect(dup.code).toBe(1);
    expect(dup.err).toContain('新铺村 已有名为“第2组”的组');
    const unknown = await renkou('org', 'groups', 'add', '430623101999', '第1组');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('单位 430623101999 不存在');
    const rename = await renkou('org', 'groups', 'rename', `${XINPU}03`, '河坪组');
    expect(rename.out).toContain(`${XINPU}03 已更名为 河坪组`);

    const list = await renkou('org', 'groups', 'list', XINPU);
    expect(list.out).toContain(`${XINPU}03\t河坪组\t2020-01-01\t现行`);
    expect(list.out).toContain('新铺村 共 3 个组（含已撤销 0 个）');
    const { unit, audit } = await unitsAndAudit();
    expect(unit(`${XINPU}04`)).toBeUndefined();
    expect(unit(`${XINPU}03`)).toMatchObject({ name: '河坪组', parentId: XINPU, validFrom: '2020-01-01' });
    expect(audit).toEqual([
      { action: 'org.group.add', username: 'cli' },
      { action: 'org.group.rename', username: 'cli' },
    ]);
  });

  it('splits a village, giving a group to the new one, then merges villages into an existing and a new one', async () => {
    const split = await renkou(
      'org',
      'split',
      XINPU,
      '--date',
      '2026-07-01',
      '--part',
      `430623101298:新铺新村:${XINPU}03`,
    );
    expect(split.code, split.err).toBe(0);
    expect(split.out).toContain('已拆分 430623101208：新设 1 个村');

    const merge = await renkou('org', 'merge', '430623101215', '--into', FUXING, '--date', '2026-08-01');
    expect(merge.code, merge.err).toBe(0);
    expect(merge.out).toContain('已将 430623101215 自 2026-08-01 起并入 430623101213 复兴村');

    const intoNew = await renkou(
      'org',
      'merge',
      '430623101220',
      '430623101221',
      '--into',
      '430623101297',
      '--new-name',
      '墨莲村',
      '--date',
      '2026-08-01',
    );
    expect(intoNew.code, intoNew.err).toBe(0);
    expect(intoNew.out).toContain('并入新设的 430623101297 墨莲村');

    const { unit, audit } = await unitsAndAudit();
    expect(unit(`${XINPU}03`)!.parentId).toBe('430623101298');
    expect(unit('430623101215')!.validTo).toBe('2026-08-01');
    expect(unit('430623101297')).toMatchObject({ name: '墨莲村', validFrom: '2026-08-01', validTo: null });
    expect(audit.slice(2).map((a) => a.action)).toEqual(['org.split', 'org.merge', 'org.merge']);
  });

  it('refuses bad input with the field named in Chinese, and writes nothing', async () => {
    const badDate = await renkou('org', 'merge', '430623101222', '--into', FUXING, '--date', '2026-8-1');
    expect(badDate.code).toBe(1);
    expect(badDate.err).toContain('effectiveDate 日期格式应为 YYYY-MM-DD');
    const badPart = await renkou('org', 'split', FUXING, '--date', '2026-09-01', '--part', '4306231012:复兴二村');
    expect(badPart.code).toBe(1);
    expect(badPart.err).toContain('新村（社区）代码应为 12 位统计用区划代码');
    const ended = await renkou('org', 'merge', '430623101215', '--into', FUXING, '--date', '2026-09-01');
    expect(ended.code).toBe(1);
    expect(ended.err).toContain('泰和村 已撤销');
    const { unit, audit } = await unitsAndAudit();
    expect(unit('430623101222')!.validTo).toBeNull();
    expect(unit('4306231012')).toBeUndefined();
    expect(audit).toHaveLength(5);
  });
});
