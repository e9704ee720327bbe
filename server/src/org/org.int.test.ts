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

describe('merging into a new village, refusals, and the structure the org page draws', () => {
  // 治河渡镇: untouched by the tests above.
  const MOON = '430623102202'; // 月亮湖村
  const DENGYING = '430623102204'; // 登瀛村
  const HUANGPENG = '430623102208'; // 黄蓬村

  it('the county merges two villages into a village the merge creates; both close, lineage points at the new one', async () => {
    const admin = await t.as('admin');
    const r = await admin.post('/api/org/merge', {
      fromIds: [MOON, DENGYING],
      intoId: '430623102299',
      newName: '月登村',
      effectiveDate: '2026-09-01',
      note: '县政府批复',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ intoId: '430623102299', created: true });
    const s = await admin.get('/api/org/structure');
    expect(s.status).toBe(200);
    const unit = (id: string) => s.body.units.find((u: { id: string }) => u.id === id);
    expect(unit('430623102299')).toMatchObject({
      name: '月登村',
      level: 'village',
      parentId: '430623102',
      validFrom: '2026-09-01',
      validTo: null,
    });
    expect(unit(MOON).validTo).toBe('2026-09-01');
    expect(unit(DENGYING).validTo).toBe('2026-09-01');
    // The merged villages' groups now belong to the new village.
    expect(unit(`${MOON}01`).parentId).toBe('430623102299');
    expect(s.body.lineage).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          fromUnitId: MOON,
          toUnitId: '430623102299',
          changeType: 'merge',
          note: '县政府批复',
        }),
        expect.objectContaining({ fromUnitId: DENGYING, toUnitId: '430623102299', changeType: 'merge' }),
      ]),
    );
    const audit = await t.db
      .selectFrom('auditLog')
      .select(['action', 'objectId'])
      .where('action', '=', 'org.merge')
      .where('objectId', '=', '430623102299')
      .execute();
    expect(audit).toHaveLength(1);
  });

  it('refuses a merge across townships, a code outside the township and an impossible date, naming the field; nothing is written', async () => {
    const admin = await t.as('admin');
    const across = await admin.post('/api/org/merge', {
      fromIds: [HUANGPENG],
      intoId: '430623103201',
      effectiveDate: '2026-09-01',
    });
    expect(across.status).toBe(400);
    expect(across.body.problems[0]).toMatchObject({ field: 'intoId' });
    expect(across.body.message).toContain('不在同一乡镇');
    const badCode = await admin.post('/api/org/merge', {
      fromIds: [HUANGPENG],
      intoId: '430623103299',
      newName: '新村',
      effectiveDate: '2026-09-01',
    });
    expect(badCode.status).toBe(400);
    expect(badCode.body.problems[0]).toMatchObject({ field: 'intoId' });
    expect(badCode.body.message).toContain('430623102');
    const badDate = await admin.post('/api/org/merge', {
      fromIds: [HUANGPENG],
      intoId: '430623102001',
      effectiveDate: '2026-02-30',
    });
    expect(badDate.status).toBe(400);
    expect(badDate.body.problems[0]).toMatchObject({ field: 'effectiveDate', message: '生效日期无效' });
    // 月登村 exists from 2026-09-01 (the test above): nobody moves into it before.
    const beforeItExists = await admin.post('/api/org/merge', {
      fromIds: [HUANGPENG],
      intoId: '430623102299',
      effectiveDate: '2026-08-15',
    });
    expect(beforeItExists.status).toBe(400);
    expect(beforeItExists.body.problems[0]).toMatchObject({
      field: 'effectiveDate',
      message: '生效日期不能早于 月登村 的设立日期 2026-09-01',
    });
    const huangpeng = await admin.get(`/api/org/units/${HUANGPENG}`);
    expect(huangpeng.body.validTo).toBeNull();
    expect((await admin.get('/api/org/units/430623103299')).status).toBe(404);
  });

  it('refuses a split that gives one group to two new villages, or has no name, and writes nothing of it', async () => {
    const admin = await t.as('admin');
    const twice = await admin.post('/api/org/split', {
      unitId: HUANGPENG,
      effectiveDate: '2026-09-01',
      parts: [
        { id: '430623102298', name: '黄蓬一村', groupIds: [`${HUANGPENG}01`] },
        { id: '430623102297', name: '黄蓬二村', groupIds: [`${HUANGPENG}01`] },
      ],
    });
    expect(twice.status).toBe(400);
    expect(twice.body.problems[0].field).toBe('parts.1.groupIds');
    expect(twice.body.message).toContain(`组 ${HUANGPENG}01 不是 黄蓬村 现有的组`);
    expect((await admin.get('/api/org/units/430623102298')).status).toBe(404);
    expect((await admin.get(`/api/org/units/${HUANGPENG}01`)).body.parentId).toBe(HUANGPENG);
    const lineage = await t.db.selectFrom('orgUnitLineage').select('id').where('fromUnitId', '=', HUANGPENG).execute();
    expect(lineage).toHaveLength(0);

    const noName = await admin.post('/api/org/split', {
      unitId: HUANGPENG,
      effectiveDate: '2026-09-01',
      parts: [{ id: '430623102298', name: ' ' }],
    });
    expect(noName.status).toBe(400);
    expect(noName.body.problems[0]).toMatchObject({ field: 'parts.0.name', message: '名称不能为空' });
  });
});

describe('the org API in the generated OpenAPI document', () => {
  it('lists the merge, split, structure and group routes with their bodies', async () => {
    const spec = await t.anonymous.get('/api/openapi.json');
    expect(spec.status).toBe(200);
    expect(Object.keys(spec.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/org/structure',
        '/api/org/merge',
        '/api/org/split',
        '/api/org/villages/{id}/groups',
        '/api/org/groups/{id}',
        '/api/org/groups/{id}/end',
      ]),
    );
    const merge = spec.body.paths['/api/org/merge'].post.requestBody.content['application/json'].schema;
    expect(Object.keys(merge.properties)).toEqual(
      expect.arrayContaining(['fromIds', 'intoId', 'newName', 'effectiveDate']),
    );
  });
});
