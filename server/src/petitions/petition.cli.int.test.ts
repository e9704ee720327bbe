import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { configFrom } from '../cli/shared.js';
import { migrateToLatest } from '../db/migrate.js';
import { clock } from '../lib/clock.js';
import { openDatabase } from '../server.js';
import { cliRunner } from '../testing/cli.js';
import { addDays } from './petition.deadlines.js';
import { registerPetition, type Caller } from './petition.service.js';

/**
 * The county's petitions office runs the escalation from cron (`renkou petitions escalate`, once
 * a day; a second run the same day escalates nothing) and prints what is overdue, for the county
 * or one unit.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'renkou-petition-cli-'));
const data = path.join(dir, 'data');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const renkou = cliRunner(data);

async function seed() {
  const config = configFrom({ data });
  const handle = await openDatabase(config);
  try {
    await migrateToLatest(handle.db);
    const county: Caller = { id: null, countyCode: '430623', unitPath: '', permissions: ['petition.register'] };
    const unit = await handle.db
      .selectFrom('orgUnit')
      .select('path')
      .where('id', '=', '430623')
      .executeTakeFirstOrThrow();
    county.unitPath = unit.path;
    const actor = { userId: null, username: 'test', unitId: '430623', address: null };
    const base = {
      channel: 'letter' as const,
      content: '请求核实',
      petitionerName: '张三',
    };
    await registerPetition(handle.db, county, actor, {
      ...base,
      receivedOn: addDays(clock.today(), -40),
      subject: '奖励扶助资格认定',
      assignedUnitId: '430623101208',
    });
    await registerPetition(handle.db, county, actor, {
      ...base,
      receivedOn: addDays(clock.today(), -25),
      subject: '特别扶助金停发',
      assignedUnitId: '430623101213',
    });
    await registerPetition(handle.db, county, actor, {
      ...base,
      receivedOn: clock.today(),
      subject: '生育登记咨询',
      assignedUnitId: '430623101208',
    });
  } finally {
    await handle.close();
  }
}

describe('renkou petitions', () => {
  // Each command opens the data folder afresh (migrations checked, PGlite started): slow on a busy machine.
  it('lists overdue petitions and escalates them once a day', { timeout: 300_000 }, async () => {
    expect((await renkou('org', 'load', 'server/src/org/data/430623.json')).code).toBe(0);
    await seed();

    const overdue = await renkou('petitions', 'overdue');
    expect(overdue.code, overdue.err).toBe(0);
    expect(overdue.out).toContain('超期未办结 2 件');
    expect(overdue.out).toMatch(/奖励扶助资格认定/);
    expect(overdue.out).not.toMatch(/生育登记咨询/);

    const village = await renkou('petitions', 'overdue', '--unit', '430623101213');
    expect(village.out).toContain('超期未办结 1 件');
    expect(village.out).toMatch(/复兴村.*特别扶助金停发/);

    const first = await renkou('petitions', 'escalate');
    expect(first.code, first.err).toBe(0);
    expect(first.out).toMatch(/新铺村 受理超期\d+天：0级 → 2级/);
    expect(first.out).toMatch(/复兴村 受理超期\d+天：0级 → 1级/);
    expect(first.out).toContain('本次升级 2 件');
    const again = await renkou('petitions', 'escalate');
    expect(again.out).toContain('本次升级 0 件');
    expect((await renkou('petitions', 'overdue')).out).toMatch(/升级2级/);

    const bad = await renkou('petitions', 'overdue', '--unit', '999999');
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('本县没有单位 999999');
  });
});
