import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { seedDemoCounty } from '../demo/demo.service.js';
import { createSealer } from '../lib/sealing.js';
import { freshDatabase } from '../testing/setup.js';
import { computeIndicators } from './indicator.service.js';

/**
 * The small demo county (~4,000 people, loaded with COPY as the first start does, the derived
 * tables rebuilt once at the end): they agree with the history, and the 2016 figures are those of
 * a plausible county (the full-size ones are in docs/indicators.md).
 */
let handle: DatabaseHandle;
const county = { unitPath: '/430623/' };

beforeAll(async () => {
  handle = await freshDatabase();
  await migrateToLatest(handle.db);
  await seedDemoCounty(handle, createSealer(randomBytes(32)), { size: 'small' });
});
afterAll(() => handle.close());

describe('indicators of the demo county', () => {
  it('the population after the bulk load is the registry as of each date', async () => {
    const asOf = async (date: string) =>
      Number(
        (
          await sql<{ n: number }>`SELECT count(*) AS n FROM (
             SELECT DISTINCT ON (person_id) snapshot->>'status' AS status FROM person_history
              WHERE valid_from <= ${date}::date ORDER BY person_id, valid_from DESC, id DESC) x
            WHERE status = 'active'`.execute(handle.db)
        ).rows[0]!.n,
      );
    const r = await computeIndicators(handle.db, county, { unitId: '430623', period: '2016', population: 'registered', boundaries: 'present', breakdown: 'none', codes: ['crudeBirthRate'] });
    expect(r.figures[0]!.parts.populationStart).toBe(await asOf('2015-12-31'));
    expect(r.figures[0]!.parts.populationEnd).toBe(await asOf('2016-12-31'));
    const births = await sql<{ n: number }>`SELECT count(*)::int AS n FROM vital_event WHERE type = 'birth' AND event_date BETWEEN '2016-01-01' AND '2016-12-31'`.execute(handle.db);
    expect(r.figures[0]!.parts.births).toBe(births.rows[0]!.n);
  });

  it('2016 looks like a county of 湖南 in 2016', async () => {
    const r = await computeIndicators(handle.db, county, { unitId: '430623', period: '2016', population: 'registered', boundaries: 'present', breakdown: 'children' });
    const f = Object.fromEntries(r.figures.map((x) => [x.code, x]));
    expect(f.crudeBirthRate!.value).toBeGreaterThan(8);
    expect(f.crudeBirthRate!.value).toBeLessThan(20);
    expect(f.crudeDeathRate!.value).toBeGreaterThan(3);
    expect(f.crudeDeathRate!.value).toBeLessThan(12);
    expect(f.sexRatioAtBirth!.lower).toBeLessThan(107);
    expect(f.sexRatioAtBirth!.upper).toBeGreaterThan(103);
    expect(f.totalFertilityRate!.value).toBeGreaterThan(1.2);
    expect(f.totalFertilityRate!.value).toBeLessThan(3.5);
    expect(f.birthOrder3PlusShare!.value).toBeLessThan(10);
    expect(f.reportTimeliness!.value).toBeGreaterThan(50);
    // The townships add up to the county.
    const births = r.breakdown!.reduce((s, b) => s + b.figures.find((x) => x.code === 'crudeBirthRate')!.parts.births!, 0);
    expect(births).toBe(f.crudeBirthRate!.parts.births);
    expect(r.breakdown).toHaveLength(14);
  });

  it('the derived tables equal a recomputation from the history', async () => {
    const read = async () =>
      (await sql`SELECT * FROM population_change WHERE change <> 0 ORDER BY county_code, basis, month, year, unit_id, sex`.execute(handle.db)).rows;
    const kept = await read();
    await sql`SELECT person_span_rebuild()`.execute(handle.db);
    expect(await read()).toEqual(kept);
  });
});
