import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedClient } from '../feeds/fixtures/feedClient.js';
import { gbkCsv, HOUSING_HEADER } from '../feeds/fixtures/feeds.js';
import { FUXING, setupTestCase, XINPU, type Client, type TestCase } from '../testing/setup.js';

/**
 * 人户分离: a correction report moves a registered person's residence to another village of the
 * county from the event date. The hukou stays; the resident population of both villages follows.
 */
const TOWNSHIP = '430623101'; // 三封寺镇
const OTHER_TOWNSHIP_VILLAGE = '430623102001'; // 治河渡社区, 治河渡镇
const FIELD = 'payload.changes.residenceUnitId';

let t: TestCase;
let village: Client;
let township: Client;
let county: Client;

beforeAll(async () => {
  t = await setupTestCase();
  village = await t.as('village');
  township = await t.as('township');
  county = await t.as('county');
});
afterAll(() => t?.close());

const residence = (personId: string, residenceUnitId: string, eventDate = '2026-09-01') => ({
  type: 'correction',
  unitId: XINPU,
  eventDate,
  payload: { personId, changes: { residenceUnitId }, reason: '本人已在外村长期居住' },
});

const counts = async () => {
  const n = async (table: 'report' | 'person' | 'vitalEvent' | 'personHistory' | 'reportAction') =>
    Number(
      (
        await t.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    reports: await n('report'),
    actions: await n('reportAction'),
    persons: await n('person'),
    events: await n('vitalEvent'),
    history: await n('personHistory'),
  };
};

/** End-of-period population per village of 三封寺镇, on one basis. */
const populationEnd = async (population: 'registered' | 'resident', period: string) => {
  const r = await county.get(
    `/api/indicators?unitId=${TOWNSHIP}&period=${period}&population=${population}&breakdown=children&codes=crudeBirthRate`,
  );
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return Object.fromEntries(r.body.breakdown.map((b: any) => [b.unit.id, b.figures[0].parts.populationEnd as number]));
};

const runThrough = async (body: unknown) => {
  const r = await village.post('/api/reports', body);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  const a = await township.post(`/api/reports/${r.body.id}/approve`, { version: r.body.version });
  expect(a.status, JSON.stringify(a.body)).toBe(200);
  const c = await county.post(`/api/reports/${r.body.id}/confirm`, { version: a.body.version });
  expect(c.status, JSON.stringify(c.body)).toBe(200);
  return { created: r.body, confirmed: c.body };
};

describe('a correction of the residence village', () => {
  it('goes village → township → county; the person lives in 复兴村 from the event date, registered in 新铺村 as before', async () => {
    const registered = await populationEnd('registered', '2026');
    const resident = await populationEnd('resident', '2026');
    const residentQ2 = await populationEnd('resident', '2026Q2');

    const { created, confirmed } = await runThrough(residence(t.people.grandmother, FUXING));
    expect(created.summary).toBe('更正：李桂英（居住地 新铺村 → 复兴村）');
    expect(confirmed.payload.changes).toEqual({ residenceUnitId: FUXING });

    const p = await village.get(`/api/persons/${t.people.grandmother}`);
    expect(p.body.person.residenceUnit).toEqual({ id: FUXING, name: '复兴村' });
    expect(p.body.person.hukouUnit.id).toBe(XINPU);
    const before = await village.get(`/api/persons/${t.people.grandmother}/as-of?date=2026-08-31`);
    expect(before.body.state).toMatchObject({ residenceUnitId: XINPU, hukouUnitId: XINPU });
    const after = await village.get(`/api/persons/${t.people.grandmother}/as-of?date=2026-09-01`);
    expect(after.body).toMatchObject({ since: '2026-09-01', state: { residenceUnitId: FUXING, hukouUnitId: XINPU } });

    const event = await t.db
      .selectFrom('vitalEvent')
      .selectAll()
      .where('reportId', '=', created.id)
      .executeTakeFirstOrThrow();
    expect(event).toMatchObject({
      type: 'correction',
      personId: t.people.grandmother,
      unitId: XINPU,
      eventDate: '2026-09-01',
    });
    expect(event.details).toMatchObject({ fields: ['residenceUnitId'], before: { residenceUnitId: XINPU } });

    // Resident basis: one less in 新铺村, one more in 复兴村; the registered basis does not move,
    // nor does a period that ended before the event date.
    expect(await populationEnd('registered', '2026')).toEqual(registered);
    expect(await populationEnd('resident', '2026')).toEqual({
      ...resident,
      [XINPU]: resident[XINPU]! - 1,
      [FUXING]: resident[FUXING]! + 1,
    });
    expect(await populationEnd('resident', '2026Q2')).toEqual(residentQ2);
  });

  it('names the townships when the village is in another township, and may be combined with other changes', async () => {
    const r = await village.post('/api/reports', {
      ...residence(t.people.husband, OTHER_TOWNSHIP_VILLAGE),
      payload: {
        personId: t.people.husband,
        changes: { residenceUnitId: OTHER_TOWNSHIP_VILLAGE, relationship: '02' },
        reason: '在镇上居住',
      },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.summary).toBe('更正：李建国（与户主关系、居住地 三封寺镇新铺村 → 治河渡镇治河渡社区）');
    const cancelled = await village.post(`/api/reports/${r.body.id}/cancel`, {
      version: r.body.version,
      reason: '误报',
    });
    expect(cancelled.status).toBe(200);
  });

  it('lists the county’s villages for the picker, beyond the reporter’s scope', async () => {
    const r = await village.get('/api/reports/villages');
    expect(r.status).toBe(200);
    expect(r.body.items.length).toBeGreaterThan(200);
    expect(r.body.items).toContainEqual({
      id: FUXING,
      name: '复兴村',
      validFrom: '1900-01-01',
      validTo: null,
      township: { id: TOWNSHIP, name: '三封寺镇' },
    });
    expect(r.body.items.every((v: { id: string }) => v.id.length === 12)).toBe(true);
  });
});

describe('a residence the registry cannot take is refused, naming the field, and nothing is written', () => {
  beforeAll(async () => {
    // A village merged away this year, one set up later, and a village of a neighbouring county.
    await t.db.updateTable('orgUnit').set({ validTo: '2026-01-01' }).where('id', '=', '430623102002').execute();
    await t.db
      .insertInto('orgUnit')
      .values([
        {
          id: '430623101299',
          countyCode: '430623',
          parentId: TOWNSHIP,
          level: 'village',
          name: '新设村',
          path: `/430623/${TOWNSHIP}/430623101299/`,
          validFrom: '2026-11-01',
          validTo: null,
        },
        {
          id: '430681',
          countyCode: '430681',
          parentId: null,
          level: 'county',
          name: '汨罗市',
          path: '/430681/',
          validTo: null,
        },
        {
          id: '430681100201',
          countyCode: '430681',
          parentId: '430681',
          level: 'village',
          name: '长乐村',
          path: '/430681/430681100201/',
          validTo: null,
        },
      ])
      .execute();
  });

  const refused = async (body: unknown, field: string, text: string) => {
    const before = await counts();
    const r = await village.post('/api/reports', body);
    expect(r.status, JSON.stringify(r.body)).toBe(400);
    expect(r.body.problems?.map((p: { field: string }) => p.field)).toContain(field);
    expect(r.body.message).toContain(text);
    expect(await counts()).toEqual(before);
  };

  it('an unknown unit', () => refused(residence(t.people.wife, '430623999999'), FIELD, '不存在'));
  it('a township', () =>
    refused(residence(t.people.wife, TOWNSHIP), FIELD, '三封寺镇 是乡镇（街道），居住地应为村（社区）'));
  it('the county', () => refused(residence(t.people.wife, '430623'), FIELD, '居住地应为村（社区）'));
  it('a group of a village', () => refused(residence(t.people.wife, `${FUXING}01`), FIELD, '居住地应为村（社区）'));
  it('a closed village', () => refused(residence(t.people.wife, '430623102002'), FIELD, '已于 2026-01-01 撤销'));
  it('a village not yet set up on the event date', () =>
    refused(residence(t.people.wife, '430623101299'), FIELD, '尚不存在'));
  it('a village of another county', () => refused(residence(t.people.wife, '430681100201'), FIELD, '不是本县'));
  it('the village the person already lives in', () =>
    refused(residence(t.people.wife, XINPU), FIELD, '现居住地已是 新铺村'));
  it('an empty choice', () => refused(residence(t.people.wife, ''), FIELD, '请选择居住地'));
  it('a person of another village', () =>
    refused(residence(t.people.fuxingWoman, OTHER_TOWNSHIP_VILLAGE), 'payload.personId', '不在本辖区'));

  it('a village closed between submission and confirmation stops the confirmation, and the registry is unchanged', async () => {
    const target = '430623101215'; // 泰和村
    const r = await village.post('/api/reports', residence(t.people.wife, target));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const a = await township.post(`/api/reports/${r.body.id}/approve`, { version: r.body.version });
    await t.db.updateTable('orgUnit').set({ validTo: '2026-12-01' }).where('id', '=', target).execute();
    try {
      const before = await counts();
      const c = await county.post(`/api/reports/${r.body.id}/confirm`, { version: a.body.version });
      expect(c.status).toBe(409);
      expect(c.body.message).toContain('已于 2026-12-01 撤销');
      expect(await counts()).toEqual(before);
      const p = await village.get(`/api/persons/${t.people.wife}`);
      expect(p.body.person.residenceUnit.id).toBe(XINPU);
      const back = await county.post(`/api/reports/${r.body.id}/return`, {
        version: a.body.version,
        reason: '该村已撤销',
      });
      expect(back.status).toBe(200);
      expect(
        (await village.post(`/api/reports/${r.body.id}/cancel`, { version: back.body.version, reason: '该村已撤销' }))
          .status,
      ).toBe(200);
    } finally {
      await t.db.updateTable('orgUnit').set({ validTo: null }).where('id', '=', target).execute();
    }
  });
});

describe('a 居住地 task from the housing feed is answered with a correction report', () => {
  const feeds = feedClient(() => t);

  it('the village reports the new residence, links the report to the task, and the next run agrees', async () => {
    const upload = await feeds.upload(
      'county',
      {
        name: '租赁登记.csv',
        data: gbkCsv('华容县房屋租赁登记备案人员', HOUSING_HEADER, [
          ['王秀英', t.people.ids.wife, '华容县三封寺镇复兴村2组5号', '', '2026-03-01', '2026-03-05', '租赁', ''],
        ]),
      },
      { feedType: 'housing', encoding: 'auto' },
    );
    expect(upload.status, JSON.stringify(upload.body)).toBe(201);
    const batchId = upload.body.batch.id as string;
    const run = await county.post('/api/linkage/runs', { batchId });
    expect(run.status, JSON.stringify(run.body)).toBe(201);
    const [task] = (await village.get(`/api/linkage/findings?batchId=${batchId}&task=open`)).body.items;
    expect(task).toMatchObject({
      kind: 'different',
      recordType: 'residence',
      personId: t.people.wife,
      taskStatus: 'open',
    });

    const report = await village.post('/api/reports', residence(t.people.wife, FUXING, '2026-03-01'));
    expect(report.status, JSON.stringify(report.body)).toBe(201);
    const resolved = await village.post(`/api/linkage/findings/${task.id}/resolve`, {
      resolution: 'reported',
      reportId: report.body.id,
    });
    expect(resolved.status, JSON.stringify(resolved.body)).toBe(204);
    const a = await township.post(`/api/reports/${report.body.id}/approve`, { version: report.body.version });
    const c = await county.post(`/api/reports/${report.body.id}/confirm`, { version: a.body.version });
    expect(c.status, JSON.stringify(c.body)).toBe(200);

    const again = await county.post('/api/linkage/runs', { batchId });
    expect(again.status, JSON.stringify(again.body)).toBe(201);
    expect(again.body.findings).toEqual({ consistent: 1 });
  });
});
