import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { seedDemoCounty } from '../demo/demo.service.js';
import { createSealer } from '../lib/sealing.js';
import { freshDatabase } from '../testing/setup.js';
import { updatePerson } from '../registry/person.repository.js';
import { womenExposure } from './indicator.repository.js';
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
    const r = await computeIndicators(handle.db, county, {
      unitId: '430623',
      period: '2016',
      population: 'registered',
      boundaries: 'present',
      breakdown: 'none',
      codes: ['crudeBirthRate'],
    });
    expect(r.figures[0]!.parts.populationStart).toBe(await asOf('2015-12-31'));
    expect(r.figures[0]!.parts.populationEnd).toBe(await asOf('2016-12-31'));
    const births = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM vital_event WHERE type = 'birth' AND event_date BETWEEN '2016-01-01' AND '2016-12-31'`.execute(
      handle.db,
    );
    expect(r.figures[0]!.parts.births).toBe(births.rows[0]!.n);
  });

  it('2016 looks like a county of 湖南 in 2016', async () => {
    const r = await computeIndicators(handle.db, county, {
      unitId: '430623',
      period: '2016',
      population: 'registered',
      boundaries: 'present',
      breakdown: 'children',
    });
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
    const births = r.breakdown!.reduce(
      (s, b) => s + b.figures.find((x) => x.code === 'crudeBirthRate')!.parts.births!,
      0,
    );
    expect(births).toBe(f.crudeBirthRate!.parts.births);
    expect(r.breakdown).toHaveLength(14);
  });

  it('the derived tables equal a recomputation from the history', async () => {
    const read = async () =>
      (
        await sql`SELECT * FROM population_change WHERE change <> 0 ORDER BY county_code, basis, month, year, unit_id, sex`.execute(
          handle.db,
        )
      ).rows;
    const kept = await read();
    await sql`SELECT person_span_rebuild()`.execute(handle.db);
    expect(await read()).toEqual(kept);
  });

  it("women-years kept by trigger equal the exact computation from the women's states, every year and basis", async () => {
    const years = Array.from({ length: 17 }, (_, i) => 2010 + i).map((y) => ({
      start: `${y}-01-01`,
      end: `${y}-12-31`,
    }));
    // Days per period, unit and age 15–49, as the service places them (a woman turning 50 on
    // 1 January contributes days at 50 to the table's row and none to the states' query: neither counts).
    const sorted = (rows: Awaited<ReturnType<typeof womenExposure>>) => {
      const days = new Map<string, number>();
      const add = (r: (typeof rows)[number], age: number, n: number) => {
        if (n > 0 && age >= 15 && age <= 49)
          days.set(`${r.period}|${r.unitId}|${age}`, (days.get(`${r.period}|${r.unitId}|${age}`) ?? 0) + n);
      };
      for (const r of rows) {
        add(r, Number(r.ageAfter) - 1, Number(r.before));
        add(r, Number(r.ageAfter), Number(r.after));
      }
      return [...days].map(([k, n]) => `${k}|${n}`).sort();
    };
    for (const basis of ['registered', 'resident'] as const) {
      const q = { countyCode: '430623', periods: years, units: null, basis, minAge: 15, maxAge: 49 };
      const stored = sorted(await womenExposure(handle.db, q));
      expect(stored.length).toBeGreaterThan(1000);
      expect(stored).toEqual(sorted(await womenExposure(handle.db, { ...q, fromSpans: true })));
    }
    const compare = async () => {
      for (const basis of ['registered', 'resident'] as const) {
        const q = { countyCode: '430623', periods: years, units: null, basis, minAge: 15, maxAge: 49 };
        expect(sorted(await womenExposure(handle.db, q))).toEqual(
          sorted(await womenExposure(handle.db, { ...q, fromSpans: true })),
        );
      }
    };
    // Changes through the registry keep it exact: a back-dated move out (the persons' spans are
    // recomputed: delete and insert), a move of residence today (the current span closes: update).
    const women = (
      await sql<{
        id: string;
      }>`SELECT id FROM person WHERE sex = 2 AND status = 'active' AND birth_date BETWEEN '1980-01-01' AND '1995-12-31' ORDER BY id LIMIT 2`.execute(
        handle.db,
      )
    ).rows;
    await updatePerson(
      handle.db,
      women[0]!.id,
      { status: 'moved_out', leftDate: '2016-06-01' },
      { validFrom: '2016-06-01', change: 'move_out', eventId: null },
    );
    await updatePerson(
      handle.db,
      women[1]!.id,
      { residenceUnitId: '430623101213' },
      { validFrom: new Date().toISOString().slice(0, 10), change: 'correction', eventId: null },
    );
    await compare();
    // A new year: years past the horizon are computed from the states until the table is extended.
    const horizon = Number(
      (await sql<{ h: number }>`SELECT horizon AS h FROM women_years_horizon`.execute(handle.db)).rows[0]!.h,
    );
    await sql`DELETE FROM women_years WHERE year > 2020`.execute(handle.db);
    await sql`UPDATE women_years_horizon SET horizon = 2020`.execute(handle.db);
    await compare();
    await sql`SELECT women_years_extend(${horizon})`.execute(handle.db);
    expect(
      Number(
        (await sql<{ n: number }>`SELECT count(*) AS n FROM women_years WHERE year = 2024`.execute(handle.db)).rows[0]!
          .n,
      ),
    ).toBeGreaterThan(100);
    await compare();
    // And after a full rebuild (which recomputes the table in one pass instead of by trigger).
    const read = async () =>
      (await sql`SELECT * FROM women_years WHERE before <> 0 OR after <> 0 ORDER BY 1, 2, 3, 4, 5`.execute(handle.db))
        .rows;
    const kept = await read();
    await sql`SELECT person_span_rebuild()`.execute(handle.db);
    expect(await read()).toEqual(kept);
  });
});
