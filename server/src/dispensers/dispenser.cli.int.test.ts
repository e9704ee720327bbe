import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { configFrom } from '../cli/shared.js';
import { migrateToLatest } from '../db/migrate.js';
import { clock } from '../lib/clock.js';
import { openDatabase } from '../server.js';
import { cliRunner } from '../testing/cli.js';
import { recordEvents, registerMachine } from './dispenser.service.js';

/**
 * The county's supply officer plans the restocking round from the server's console:
 * `renkou dispensers due` lists the machines at or below their threshold, per township.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'renkou-dispensers-cli-'));
const data = path.join(dir, 'data');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const renkou = cliRunner(data);

async function machines(): Promise<void> {
  const handle = await openDatabase(configFrom({ data }));
  try {
    const db = handle.db;
    await migrateToLatest(db);
    const county = { id: null, countyCode: '430623', unitPath: '/430623/' };
    const actor = { userId: null, username: 'test', unitId: '430623', address: null };
    const on = clock.today();
    const put = (code: string, unitId: string, location: string, stock: number) =>
      registerMachine(db, county, actor, {
        code,
        unitId,
        location,
        installedOn: on,
        capacity: 100,
        stock,
        restockThreshold: 20,
      });
    const a = await put('HR-XP-01', '430623101208', '新铺村卫生室', 60);
    await put('HR-FX-01', '430623101213', '复兴村卫生室', 80);
    await put('HR-ZH-01', '430623102', '治河渡镇卫生院', 10);
    await recordEvents(db, county, actor, [{ dispenserId: a.id, kind: 'dispense', onDate: on, quantity: 45 }], 'test');
  } finally {
    await handle.close();
  }
}

describe('renkou dispensers due', () => {
  // Each command opens the data folder's embedded database afresh: slow on a busy machine.
  it('lists the machines due for restocking per township, and only those', async () => {
    expect((await renkou('org', 'load', 'server/src/org/data/430623.json')).code).toBe(0);
    const none = await renkou('dispensers', 'due');
    expect(none.code, none.err).toBe(0);
    expect(none.out).toContain('没有待补货的发放机');

    await machines();
    const due = await renkou('dispensers', 'due');
    expect(due.code, due.err).toBe(0);
    expect(due.out).toMatch(
      /三封寺镇（1 台）\n\s+HR-XP-01\t新铺村\t新铺村卫生室\t库存 15\/100（提醒线 20）\t最多可补 85/,
    );
    expect(due.out).toContain('治河渡镇（1 台）');
    expect(due.out).not.toContain('HR-FX-01');
    expect(due.out).toContain('共 2 台待补货');

    const one = await renkou('dispensers', 'due', '--unit', '430623102');
    expect(one.out).not.toContain('HR-XP-01');
    expect(one.out).toContain('HR-ZH-01');
    const bad = await renkou('dispensers', 'due', '--unit', '12');
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('单位编码');

    // The vendor's file: a wrong row refuses it with file, row and field; a right one is read.
    const file = path.join(dir, '发放数.csv');
    fs.writeFileSync(file, `设备编号,日期,发放数量\r\nHR-FX-01,${clock.today()},70\r\nHR-ZH-01,${clock.today()},x\r\n`);
    const refused = await renkou('dispensers', 'import', file);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('发放数.csv 第3行「发放数量」');
    fs.writeFileSync(file, `设备编号,日期,发放数量\r\nHR-FX-01,${clock.today()},70\r\n`);
    const read = await renkou('dispensers', 'import', file);
    expect(read.code, read.err).toBe(0);
    expect(read.out).toContain('已导入 1 条发放数（1 台发放机）');
  }, 300_000);
});
