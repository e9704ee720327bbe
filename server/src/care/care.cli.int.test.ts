import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { configFrom } from '../cli/shared.js';
import { migrateToLatest } from '../db/migrate.js';
import { insertPersons } from '../registry/person.repository.js';
import { openDatabase, openSealer } from '../server.js';
import { cliRunner } from '../testing/cli.js';
import { personRowBuilder } from '../testing/persons.js';
import { careDb } from './care.tables.js';

/**
 * The county runs the registry scan from the server's console (a nightly job, say) and reads the
 * year's assistance totals there: the scan flags a couple whose only son died, once.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'renkou-care-cli-'));
const data = path.join(dir, 'data');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const renkou = cliRunner(data);
const XINPU = '430623101208';

async function withHandle<T>(
  fn: (db: Awaited<ReturnType<typeof openDatabase>>['db'], sealer: ReturnType<typeof openSealer>) => Promise<T>,
) {
  const config = configFrom({ data });
  const handle = await openDatabase(config);
  try {
    await migrateToLatest(handle.db);
    return await fn(handle.db, openSealer(config));
  } finally {
    await handle.close();
  }
}

describe('renkou care', () => {
  it('scans the registry once, and totals a year per township and fund source', async () => {
    expect((await renkou('org', 'load', 'server/src/org/data/430623.json')).code).toBe(0);
    await withHandle(async (db, sealer) => {
      const ids: Record<string, string> = {};
      let seq = 40;
      const row = personRowBuilder(() => sealer, { ids, nextSeq: () => seq++ });
      await insertPersons(db, [
        row({ key: 'H', sex: 1, birth: '1960-01-01', unit: XINPU, spouse: 'W' }),
        row({ key: 'W', sex: 2, birth: '1962-01-01', unit: XINPU, spouse: 'H' }),
      ]);
      await insertPersons(db, [
        row({ key: 'C', sex: 1, birth: '1986-01-01', unit: XINPU, mother: 'W', father: 'H', death: '2023-03-03' }),
      ]);
    });
    const first = await renkou('care', 'scan');
    expect(first.code, first.err).toBe(0);
    expect(first.out).toContain('符合特殊家庭条件 2 人，新列入 2 人');
    const again = await renkou('care', 'scan');
    expect(again.out).toContain('新列入 0 人，已在册 2 人');

    expect((await renkou('care', 'totals', '--year', '2026')).out).toContain('2026年没有帮扶发放记录');
    await withHandle(async (db) => {
      const f = await careDb(db).selectFrom('careFamily').select(['id']).orderBy('id').executeTakeFirstOrThrow();
      const grant = (grantedOn: string, amountFen: number, fundSource: 'county_finance' | 'charity') => ({
        id: randomUUID(),
        countyCode: '430623',
        familyId: f.id,
        grantedOn,
        kind: 'cash' as const,
        amountFen,
        fundSource,
        purpose: '慰问',
        grantedBy: null,
        recordedAt: new Date(),
      });
      await careDb(db)
        .insertInto('careAssistance')
        .values([
          grant('2026-01-10', 50_000, 'county_finance'),
          grant('2026-02-10', 12_345, 'charity'),
          grant('2025-05-05', 99, 'charity'),
        ])
        .execute();
    });
    const totals = await renkou('care', 'totals', '--year', '2026');
    expect(totals.code, totals.err).toBe(0);
    expect(totals.out).toContain('2026\t三封寺镇\t县级财政\t1 笔\t500.00 元');
    expect(totals.out).toContain('2026\t三封寺镇\t社会捐助\t1 笔\t123.45 元');
    expect(totals.out).toContain('合计 2 笔 623.45 元');
    expect((await renkou('care', 'totals')).out).toContain('合计 3 笔 624.44 元');
    const bad = await renkou('care', 'totals', '--year', '26');
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('年度');
    // Each command opens the data folder and checks its migrations: slow on a loaded machine.
  }, 300_000);
});
