import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotFoundError } from '../lib/errors.js';
import { setupTestCase, XINPU, type TestCase } from '../testing/setup.js';
import { addGroups } from './org.groups.service.js';

let t: TestCase;
beforeAll(async () => {
  t = await setupTestCase();
});
afterAll(() => t.close());

const MOON = '430623102202'; // 月亮湖村, 治河渡镇
const groupsOf = (village: string) =>
  t.db
    .selectFrom('orgUnit')
    .select(['id', 'name', 'path', 'validFrom', 'validTo'])
    .where('parentId', '=', village)
    .where('level', '=', 'group')
    .orderBy('id')
    .execute();
const auditCount = async (action: string) =>
  (await t.db.selectFrom('auditLog').select('id').where('action', '=', action).execute()).length;

describe('village groups (组) of a real installation', () => {
  it('the county administrator adds groups to a village, numbered after its codes, audited', async () => {
    const admin = await t.as('admin');
    // The test county has 第1组 and 第2组 (…01, …02) in every village.
    const r = await admin.post(`/api/org/villages/${XINPU}/groups`, {
      names: ['第3组', '新屋组'],
      validFrom: '2026-03-01',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.groups).toEqual([
      { id: `${XINPU}03`, name: '第3组' },
      { id: `${XINPU}04`, name: '新屋组' },
    ]);
    const groups = await groupsOf(XINPU);
    expect(groups.find((g) => g.id === `${XINPU}04`)).toMatchObject({
      path: `/430623/430623101/${XINPU}/${XINPU}04/`,
      validFrom: '2026-03-01',
      validTo: null,
    });
    expect(await auditCount('org.group.add')).toBe(1);
  });

  it('refuses a name the village already has and an impossible date, in Chinese, naming the field; adds none of the batch', async () => {
    const admin = await t.as('admin');
    const before = await groupsOf(XINPU);
    const dup = await admin.post(`/api/org/villages/${XINPU}/groups`, { names: ['第5组', '第1组'] });
    expect(dup.status).toBe(400);
    expect(dup.body.problems).toEqual([{ field: 'names.1', message: '新铺村 已有名为“第1组”的组' }]);
    const badDate = await admin.post(`/api/org/villages/${XINPU}/groups`, {
      names: ['第5组'],
      validFrom: '2026-13-01',
    });
    expect(badDate.status).toBe(400);
    expect(badDate.body.problems[0]).toMatchObject({ field: 'validFrom', message: '成立日期 2026-13-01 无效' });
    const empty = await admin.post(`/api/org/villages/${XINPU}/groups`, { names: [] });
    expect(empty.status).toBe(400);
    expect(empty.body.problems[0]).toMatchObject({ field: 'names', message: '请填写组名' });
    const onGroup = await admin.post(`/api/org/villages/${XINPU}01/groups`, { names: ['第5组'] });
    expect(onGroup.status).toBe(400);
    expect(onGroup.body.message).toContain('不是村（社区）');
    expect(await groupsOf(XINPU)).toEqual(before);
    expect(await auditCount('org.group.add')).toBe(1);
  });

  it('renames a group, keeping its code; refuses a name taken in the village', async () => {
    const admin = await t.as('admin');
    const r = await admin.patch(`/api/org/groups/${XINPU}03`, { name: '河坪组' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toEqual({ id: `${XINPU}03`, name: '河坪组' });
    const taken = await admin.patch(`/api/org/groups/${XINPU}03`, { name: '新屋组' });
    expect(taken.status).toBe(400);
    expect(taken.body.problems[0]).toMatchObject({ field: 'name', message: '本村已有名为“新屋组”的组' });
    expect((await groupsOf(XINPU)).find((g) => g.id === `${XINPU}03`)!.name).toBe('河坪组');
    expect(await auditCount('org.group.rename')).toBe(1);
  });

  it('ends an empty group from a date; refuses one that households still belong to, writing nothing', async () => {
    const admin = await t.as('admin');
    const ended = await admin.post(`/api/org/groups/${XINPU}04/end`, { effectiveDate: '2026-10-01' });
    expect(ended.status, JSON.stringify(ended.body)).toBe(200);
    expect((await groupsOf(XINPU)).find((g) => g.id === `${XINPU}04`)!.validTo).toBe('2026-10-01');
    expect((await admin.post(`/api/org/groups/${XINPU}04/end`, { effectiveDate: '2026-11-01' })).status).toBe(409);
    // An ended group's number is not handed out again.
    const next = await admin.post(`/api/org/villages/${XINPU}/groups`, { names: ['第5组'] });
    expect(next.body.groups).toEqual([{ id: `${XINPU}05`, name: '第5组' }]);

    await t.db
      .updateTable('household')
      .set({ unitId: `${XINPU}01` })
      .where('id', '=', t.people.hXinpu)
      .execute();
    const inUse = await admin.post(`/api/org/groups/${XINPU}01/end`, { effectiveDate: '2026-10-01' });
    expect(inUse.status).toBe(409);
    expect(inUse.body.message).toBe('第1组（43062310120801）下还有 1 户，请先迁到其他组或村后再撤销');
    expect(inUse.body.problems[0].field).toBe('effectiveDate');
    expect((await groupsOf(XINPU)).find((g) => g.id === `${XINPU}01`)!.validTo).toBeNull();
    await t.db.updateTable('household').set({ unitId: XINPU }).where('id', '=', t.people.hXinpu).execute();
    expect(await auditCount('org.group.end')).toBe(1);
  });

  it('a township officer touches no village groups (org.manage is the county administrator’s), nor does a village worker', async () => {
    const before = await groupsOf(MOON);
    const township = await t.as('township'); // 三封寺镇
    const other = await township.post(`/api/org/villages/${MOON}/groups`, { names: ['第9组'] });
    expect(other.status).toBe(403);
    expect((await township.post(`/api/org/villages/${XINPU}/groups`, { names: ['第9组'] })).status).toBe(403);
    expect((await township.patch(`/api/org/groups/${MOON}01`, { name: '改名' })).status).toBe(403);
    const village = await t.as('village');
    expect((await village.post(`/api/org/groups/${XINPU}02/end`, { effectiveDate: '2026-10-01' })).status).toBe(403);
    expect(await groupsOf(MOON)).toEqual(before);
  });

  it('scope holds below the county: a holder scoped to a township cannot reach another township’s village', async () => {
    const actor = { userId: null, username: 'test', unitId: '430623101', address: null };
    const sanfengsi = { unitPath: '/430623/430623101/' };
    await expect(addGroups(t.db, sanfengsi, actor, MOON, { names: ['第9组'] })).rejects.toBeInstanceOf(NotFoundError);
    expect((await groupsOf(MOON)).map((g) => g.name)).not.toContain('第9组');
    const own = await addGroups(t.db, sanfengsi, actor, XINPU, { names: ['第9组'] });
    expect(own.groups[0]!.id).toBe(`${XINPU}06`);
  });
});
