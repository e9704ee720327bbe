import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { seedDemoCounty } from '../demo/demo.service.js';
import { clock } from '../lib/clock.js';
import { createSealer, type Sealer } from '../lib/sealing.js';
import { freshDatabase } from '../testing/setup.js';
import { seedDemoHealth } from './health.demo.js';
import { firstBirthday, WOMEN_ONLY } from './health.rules.js';
import { healthDb } from './health.tables.js';

/**
 * The small demo county's health services: a few hundred over the last two years, a few percent
 * abnormal, their follow-ups mostly closed, and work due in 新铺村 and 复兴村 for the demo accounts.
 */
let handle: DatabaseHandle;
let sealer: Sealer;

beforeAll(async () => {
  handle = await freshDatabase();
  await migrateToLatest(handle.db);
  sealer = createSealer(randomBytes(32));
  await seedDemoCounty(handle, sealer, { size: 'small' });
});
afterAll(() => handle.close());

describe('the demo health services', () => {
  it('a few hundred services of every kind over two years, each one the rules would accept', async () => {
    const rows = await healthDb(handle.db)
      .selectFrom('healthService as s')
      .innerJoin('person as p', 'p.id', 's.personId')
      .innerJoin('orgUnit as u', 'u.id', 's.unitId')
      .select([
        's.kind',
        's.servedOn',
        's.result',
        's.findingsSealed',
        'p.sex',
        'p.birthDate',
        'p.deathDate',
        'u.level',
      ])
      .execute();
    expect(rows.length).toBeGreaterThan(150);
    expect(rows.length).toBeLessThan(1500);
    const kinds = new Set(rows.map((r) => r.kind));
    for (const k of ['cervical_cancer', 'breast_cancer', 'newborn_screening', 'prenatal_screening', 'prepregnancy'])
      expect(kinds.has(k as never), k).toBe(true);
    const today = clock.today();
    for (const r of rows) {
      expect(r.servedOn <= today).toBe(true);
      expect(r.level).toBe('village');
      if (WOMEN_ONLY.has(r.kind)) expect(r.sex).toBe(2);
      if (r.kind === 'newborn_screening') expect(r.servedOn < firstBirthday(r.birthDate)).toBe(true);
      expect(r.findingsSealed === null).toBe(r.result === 'normal');
    }
    const abnormal = rows.filter((r) => r.result === 'abnormal').length / rows.length;
    expect(abnormal).toBeGreaterThan(0.03);
    expect(abnormal).toBeLessThan(0.12);
    const sealed = rows.find((r) => r.findingsSealed)!.findingsSealed!;
    expect(sealer.open(sealed)).toMatch(/[\u4e00-\u9fa5]/);
  });

  it('follow-ups: most closed, some open, overdue ones in 新铺村 and 复兴村', async () => {
    const f = await healthDb(handle.db).selectFrom('healthFollowup').selectAll().execute();
    const closed = f.filter((x) => x.status === 'closed').length;
    expect(closed).toBeGreaterThan(f.length / 2);
    const today = clock.today();
    for (const v of ['430623101208', '430623101213']) {
      const open = f.filter((x) => x.unitId === v && x.status === 'open');
      expect(
        open.some((x) => x.dueOn < today),
        v,
      ).toBe(true);
      expect(
        open.some((x) => x.dueOn >= today),
        v,
      ).toBe(true);
    }
    for (const x of f) expect(x.dueOn >= x.openedOn).toBe(true);
    const events = await healthDb(handle.db).selectFrom('healthFollowupEvent').selectAll().execute();
    for (const x of f.filter((y) => y.status === 'closed'))
      expect(events.filter((e) => e.followupId === x.id && e.closes)).toHaveLength(1);
  });

  it('runs once: a second call adds nothing', async () => {
    const count = async () =>
      Number(
        (
          await healthDb(handle.db)
            .selectFrom('healthService')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    await seedDemoHealth(handle.db, sealer, '430623', 1);
    expect(await count()).toBe(before);
  });
});
