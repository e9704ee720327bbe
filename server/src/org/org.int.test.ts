import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUXING, setupTestCase, XINPU, type TestCase } from '../testing/setup.js';
import { presentUnitOf } from './org.service.js';

let t: TestCase;
beforeAll(async () => {
  t = await setupTestCase();
});
afterAll(() => t.close());

describe('org units: effective-dated, with lineage', () => {
  it('the county has its 14 townships and 225 villages with their statistical codes', async () => {
    const admin = await t.as('admin');
    const tree = await admin.get('/api/org/tree');
    expect(tree.body.root).toMatchObject({ id: '430623', name: '华容县', level: 'county' });
    expect(tree.body.root.children).toHaveLength(14);
    const villages = tree.body.root.children.flatMap((c: { children: unknown[] }) => c.children);
    expect(villages).toHaveLength(225);
    expect(villages.find((v: { id: string }) => v.id === XINPU).name).toBe('新铺村');
  });

  it('a split-off village takes its households and people; the old one continues; lineage kept', async () => {
    const admin = await t.as('admin');
    const r = await admin.post('/api/org/split', {
      unitId: FUXING,
      effectiveDate: '2026-07-01',
      parts: [{ id: '430623101299', name: '复兴新村', groupIds: [`${FUXING}02`], householdIds: [t.people.hFuxing] }],
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.movedPersons).toBe(2);
    const woman = await admin.get(`/api/persons/${t.people.fuxingWoman}`);
    expect(woman.body.person.hukouUnit).toEqual({ id: '430623101299', name: '复兴新村' });
    const before = await admin.get(`/api/persons/${t.people.fuxingWoman}/as-of?date=2026-06-30`);
    expect(before.body.state.hukouUnitId).toBe(FUXING);
    const unit = await admin.get(`/api/org/units/430623101299`);
    expect(unit.body.lineage[0]).toMatchObject({ fromUnitId: FUXING, changeType: 'split' });
    expect(unit.body.children.map((c: { id: string }) => c.id)).toEqual([`${FUXING}02`]);
  });

  it('a merged village closes, its people move with history, and past units map to present ones', async () => {
    const admin = await t.as('admin');
    const r = await admin.post('/api/org/merge', { fromIds: [XINPU], intoId: FUXING, effectiveDate: '2026-08-01' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.movedPersons).toBe(4);
    const closed = await admin.get(`/api/org/units/${XINPU}`);
    expect(closed.body.validTo).toBe('2026-08-01');
    expect(await presentUnitOf(t.db, XINPU)).toBe(FUXING);
    const wife = await admin.get(`/api/persons/${t.people.wife}/as-of?date=2026-07-31`);
    expect(wife.body.state.hukouUnitId).toBe(XINPU);
    // The village worker of the merged village now belongs to the surviving one.
    const v = await t.as('village');
    expect((await v.get('/api/auth/me')).body.unit.id).toBe(FUXING);
    const again = await admin.post('/api/org/merge', { fromIds: [XINPU], intoId: FUXING, effectiveDate: '2026-09-01' });
    expect(again.status).toBe(409);
  });

  it('only the system administrator changes units', async () => {
    const county = await t.as('county');
    expect(
      (await county.post('/api/org/merge', { fromIds: ['430623101001'], intoId: FUXING, effectiveDate: '2026-08-01' }))
        .status,
    ).toBe(403);
  });
});
