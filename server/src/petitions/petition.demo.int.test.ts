import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupTestCase, type TestCase } from '../testing/setup.js';
import { seedDemoPetitions } from './petition.demo.js';
import { petitionDb } from './petition.tables.js';

/** The demo county's petitions: alive on first start, for the county and the two demo villages. */
let t: TestCase;
beforeAll(async () => {
  t = await setupTestCase();
});
afterAll(async () => t?.close());

describe('demo petitions', () => {
  it('spans a year, mostly on time, some late, one escalated, seen by the demo villages', async () => {
    await seedDemoPetitions(t.db, t.sealer, '430623', 1);
    await seedDemoPetitions(t.db, t.sealer, '430623', 1); // a second run adds nothing
    const county = await t.as('county');
    const all = (await county.get('/api/petitions?limit=200')).body;
    expect(all.total).toBe(40);
    type Item = { timeliness: { tag: { kind: string } }; status: string; escalationLevel: number; channel: string };
    const kinds = (all.items as Item[]).map((i) => i.timeliness.tag.kind);
    const onTime = kinds.filter((k) => k === 'concluded_on_time').length;
    const late = kinds.filter((k) => k === 'concluded_late').length;
    expect(onTime).toBeGreaterThan(25);
    expect(late).toBeGreaterThanOrEqual(3);
    expect(
      (all.items as Item[]).filter((i) => i.status === 'registered' || i.status === 'accepted').length,
    ).toBeGreaterThanOrEqual(3);
    expect(new Set((all.items as Item[]).map((i) => i.channel)).size).toBeGreaterThan(3);
    expect(all.counts.escalatedOpen).toBe(1);
    expect(all.counts.overdue).toBe(1);

    for (const v of ['village', 'village2']) {
      const mine = (await (await t.as(v)).get('/api/petitions?limit=200')).body;
      expect(mine.total, v).toBeGreaterThan(5);
    }
    const linked = await petitionDb(t.db)
      .selectFrom('petition')
      .select('id')
      .where('petitionerPersonId', 'is not', null)
      .execute();
    expect(linked.length).toBeGreaterThan(0);
  });
});
