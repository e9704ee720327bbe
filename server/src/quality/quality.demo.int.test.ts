import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { seedDemoCounty } from '../demo/demo.service.js';
import { createSealer, type Sealer } from '../lib/sealing.js';
import { freshDatabase } from '../testing/setup.js';
import { countyCounts, funnel } from './quality.anomalies.js';
import { runScan } from './quality.scan.js';

/**
 * The scan on the small demo county (a plausible registry, loaded as the first start loads it):
 * it completes, finds what the demo holds, and a village given 30 extra boys in 2016 stands out
 * in the funnel while the demo's own small villages do not.
 */
let handle: DatabaseHandle;
let sealer: Sealer;
const system = { userId: null, username: 'system', unitId: null, address: null };
const XINPU = '430623101208';

beforeAll(async () => {
  handle = await freshDatabase();
  await migrateToLatest(handle.db);
  sealer = createSealer(randomBytes(32));
  await seedDemoCounty(handle, sealer, { size: 'small' });
});
afterAll(() => handle.close());

describe('data quality on the demo county', () => {
  it('the demo registry scans without alarms about its small villages', async () => {
    const result = await runScan(handle.db, sealer, {
      countyCode: '430623',
      years: [2015, 2016],
      trigger: 'cli',
      actor: system,
    });
    const alerts = await handle.db
      .selectFrom('qualityAlert')
      .select(['code', 'unitId', 'period', 'severity'])
      .execute();
    expect(result.findings).toBe(alerts.length);
    // Small numbers: no village of the demo (a few births each) is outside the sex-ratio funnel.
    expect(alerts.filter((a) => a.code === 'sexRatioFunnel')).toEqual([]);
    const f = funnel(
      await countyCounts(handle.db, '430623', [2016], '2026-01-01'),
      2016,
      'sexRatio',
      'village',
      '/430623/',
    );
    expect(f.points.length).toBeGreaterThan(5);
    expect(f.points.every((p) => p.position !== 'outside998')).toBe(true);
  });

  it('30 extra boys in one village in 2016 are flagged, with z, p and the limits', async () => {
    const mothers = await sql<{
      id: string;
    }>`SELECT id FROM person WHERE hukou_unit_id LIKE ${`${XINPU}%`} LIMIT 1`.execute(handle.db);
    const rows = Array.from({ length: 30 }, (_, i) => ({
      id: randomUUID(),
      countyCode: '430623',
      type: 'birth' as const,
      eventDate: `2016-0${1 + (i % 9)}-1${i % 10}`,
      unitId: XINPU,
      personId: mothers.rows[0]!.id,
      otherPersonId: null,
      reportId: null,
      reportedOn: null,
      confirmedAt: new Date(),
      childSex: 1,
      birthOrder: null,
      birthWeightG: 3200,
      gestationalWeeks: 39,
      hasDefect: false,
      motherAge: 28,
      details: '{}',
    }));
    await handle.db.insertInto('vitalEvent').values(rows).execute();
    await runScan(handle.db, sealer, { countyCode: '430623', years: [2016], trigger: 'cli', actor: system });
    const a = await handle.db
      .selectFrom('qualityAlert')
      .selectAll()
      .where('code', '=', 'sexRatioFunnel')
      .where('unitId', '=', XINPU)
      .executeTakeFirstOrThrow();
    expect(a).toMatchObject({ kind: 'anomaly', period: '2016', status: 'open' });
    expect(a.title).toBe('新铺村2016年出生性别比异常偏高');
    expect(a.message).toMatch(/99\.8%控制限/);
    const detail = a.detail as {
      stats: { z: number; p: number; limits998: { upper: number }; value: number };
      links: Array<{ href: string }>;
    };
    expect(detail.stats.p).toBeLessThan(0.002);
    expect(detail.stats.value).toBeGreaterThan(detail.stats.limits998.upper);
    expect(detail.links[0]!.href).toBe(
      `/api/indicators/sexRatioAtBirth/records?unitId=${XINPU}&period=2016&part=numerator`,
    );
    // The birth rate is off the funnel as well.
    expect(
      await handle.db
        .selectFrom('qualityAlert')
        .select('id')
        .where('code', '=', 'birthRateFunnel')
        .where('unitId', '=', XINPU)
        .executeTakeFirst(),
    ).toBeDefined();
  });
});
