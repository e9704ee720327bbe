import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../audit/audit.service.js';
import { configFrom } from '../cli/shared.js';
import { migrateToLatest } from '../db/migrate.js';
import { clock } from '../lib/clock.js';
import { insertPersons } from '../registry/person.repository.js';
import { openDatabase, openSealer } from '../server.js';
import { cliRunner } from '../testing/cli.js';
import { personRowBuilder } from '../testing/persons.js';
import { addDays } from './health.rules.js';
import { recordService } from './health.service.js';

/**
 * The township's weekly list from the server's console: `renkou health followups --due overdue
 * --unit 430623101` prints who is overdue for follow-up, with names and masked ID numbers, never
 * what was found.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'renkou-health-cli-'));
const data = path.join(dir, 'data');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const renkou = cliRunner(data);
const XINPU = '430623101208';
const FUXING = '430623101213';
const ZHIHEDU = '430623102202';

beforeAll(async () => {
  expect((await renkou('org', 'load', 'server/src/org/data/430623.json')).code).toBe(0);
  const config = configFrom({ data });
  const handle = await openDatabase(config);
  try {
    const db = handle.db;
    await migrateToLatest(db);
    const sealer = openSealer(config);
    const ids: Record<string, string> = {};
    let seq = 700;
    const row = personRowBuilder(() => sealer, { ids, nextSeq: () => seq++, surname: '随访' });
    await insertPersons(db, [
      row({ key: 'A', sex: 2, birth: '1980-01-01', unit: XINPU }),
      row({ key: 'B', sex: 2, birth: '1982-01-01', unit: FUXING }),
      row({ key: 'C', sex: 2, birth: '1984-01-01', unit: ZHIHEDU }),
      row({ key: 'D', sex: 2, birth: '1986-01-01', unit: XINPU }),
    ]);
    const unit = await db.selectFrom('orgUnit').select('path').where('id', '=', '430623').executeTakeFirstOrThrow();
    const caller = { id: null, countyCode: '430623', unitPath: unit.path, permissions: ['health.record' as const] };
    const actor: Actor = { userId: null, username: 'test', unitId: '430623', address: null };
    const today = clock.today();
    const abnormal = (key: string, daysAgo: number) =>
      recordService(db, sealer, caller, actor, {
        kind: 'breast_cancer',
        personId: ids[key]!,
        servedOn: addDays(today, -daysAgo),
        place: '县妇幼保健院',
        provider: '乳腺科',
        result: 'abnormal',
        findings: '乳腺结节 BI-RADS 4A',
      });
    await abnormal('A', 45); // due 15 days ago
    await abnormal('B', 35); // due 5 days ago
    await abnormal('C', 40); // another township
    await abnormal('D', 27); // due in 3 days
  } finally {
    await handle.close();
  }
});

describe('renkou health followups', () => {
  it('prints the township’s overdue follow-ups, the longest overdue first, without findings', async () => {
    const r = await renkou('health', 'followups', '--due', 'overdue', '--unit', '430623101');
    expect(r.code, r.err).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[0]).toMatch(/^三封寺镇 随访清单（已逾期，截至 \d{4}-\d{2}-\d{2}）：共 2 人$/);
    expect(lines[1]).toMatch(/逾期15天 {2}三封寺镇新铺村 {2}随访A {2}430623\*{8}\d{3}[\dX] {2}乳腺癌筛查/);
    expect(lines[2]).toMatch(/逾期5天 {2}三封寺镇复兴村 {2}随访B/);
    expect(r.out).not.toMatch(/随访C|随访D|结节|BI-RADS/);
  });

  it('narrows to a village, lists what is due soon, and defaults to the whole county', async () => {
    const v = await renkou('health', 'followups', '--unit', FUXING);
    expect(v.out).toMatch(/共 1 人/);
    expect(v.out).toMatch(/随访B/);
    const soon = await renkou('health', 'followups', '--due', 'soon');
    expect(soon.out).toMatch(/7天内到期.*共 1 人/);
    expect(soon.out).toMatch(/即将到期 {2}三封寺镇新铺村 {2}随访D/);
    const county = await renkou('health', 'followups');
    expect(county.out).toMatch(/^华容县 .*共 3 人/);
  });

  it('refuses a unit outside the county and a due value it does not know', async () => {
    const r = await renkou('health', 'followups', '--unit', '430624');
    expect(r.code).toBe(1);
    expect(r.err).toContain('430624');
    expect((await renkou('health', 'followups', '--due', 'later')).code).toBe(1);
  });
});
