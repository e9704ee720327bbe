import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber } from '../lib/idNumber.js';
import { birthReport, setupTestCase, XINPU, type Client, type TestCase } from '../testing/setup.js';

/**
 * Checks of report.validation.ts that refuse a report against the registry: each is refused in
 * Chinese naming the field (and the machine path in `problems`), and nothing is written.
 */
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
afterAll(() => t.close());

const count = async (table: 'report' | 'reportAction' | 'person' | 'personHistory' | 'vitalEvent' | 'auditLog') =>
  Number(
    (
      await t.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
const counts = async () => ({
  reports: await count('report'),
  actions: await count('reportAction'),
  persons: await count('person'),
  history: await count('personHistory'),
  events: await count('vitalEvent'),
});

/** Submits and expects a refusal naming the field; the registry and the report tables stay as they were. */
const refused = async (body: unknown, status: number, field: string, texts: string[]) => {
  const before = await counts();
  const r = await village.post('/api/reports', body);
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  expect(r.body.problems.map((p: { field: string }) => p.field)).toEqual([field]);
  for (const text of texts) expect(r.body.message).toContain(text);
  expect(r.body.message).not.toContain('payload.');
  expect(await counts()).toEqual(before);
  return r;
};

const confirm = async (body: unknown) => {
  const r = await village.post('/api/reports', body);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  const a = await township.post(`/api/reports/${r.body.id}/approve`, { version: r.body.version });
  const c = await county.post(`/api/reports/${r.body.id}/confirm`, { version: a.body.version });
  expect(c.status, JSON.stringify(c.body)).toBe(200);
  return c.body.resultPersonId as string;
};

describe("a child's ID number must agree with the birth", () => {
  it('an ID number with another birth date is refused, naming 婴儿身份证号码', () =>
    refused(
      birthReport(t.people, { child: { name: '李一', sex: 2, idNumber: makeIdNumber('430623', '2026-10-21', 22) } }),
      400,
      'payload.child.idNumber',
      ['婴儿身份证号码', '2026-10-21', '不一致'],
    ));

  it('an ID number of the other sex is refused, naming 婴儿身份证号码', () =>
    refused(
      birthReport(t.people, { child: { name: '李一', sex: 2, idNumber: makeIdNumber('430623', '2026-10-20', 21) } }),
      400,
      'payload.child.idNumber',
      ['婴儿身份证号码', '性别（男）', '不一致'],
    ));
});

describe('one event, one open report', () => {
  it('the same birth reported twice: the second is refused, naming 婴儿姓名', async () => {
    const first = await village.post('/api/reports', birthReport(t.people, { child: { name: '李双', sex: 1 } }));
    expect(first.status).toBe(201);
    await refused(birthReport(t.people, { child: { name: '李双', sex: 1 } }), 409, 'payload.child.name', [
      '婴儿姓名',
      '已有出生报告',
    ]);
    // A twin (same mother and day, another name) is not a duplicate.
    const twin = await village.post('/api/reports', birthReport(t.people, { child: { name: '李对', sex: 1 } }));
    expect(twin.status, JSON.stringify(twin.body)).toBe(201);
  });

  it('a second open death report for one person is refused, naming 死者', async () => {
    const death = {
      type: 'death',
      unitId: XINPU,
      eventDate: '2026-09-01',
      payload: { personId: t.people.grandmother },
    };
    const first = await village.post('/api/reports', death);
    expect(first.status).toBe(201);
    await refused({ ...death, eventDate: '2026-09-02' }, 409, 'payload.personId', ['死者', '尚未办结的死亡报告']);
    // Once the first is cancelled, a new one may be made.
    const cancel = await village.post(`/api/reports/${first.body.id}/cancel`, {
      version: first.body.version,
      reason: '报错了人',
    });
    expect(cancel.status, JSON.stringify(cancel.body)).toBe(200);
    const again = await village.post('/api/reports', death);
    expect(again.status).toBe(201);
  });
});

describe('a correction keeps the ID number, the birth date and the sex in agreement', () => {
  // 李明, born 2016-05-05, male, ID number 430623 20160505 011x.
  const correction = (changes: Record<string, unknown>) => ({
    type: 'correction',
    unitId: XINPU,
    eventDate: '2026-10-01',
    payload: { personId: t.people.firstChild, changes, reason: '户口簿与登记不符' },
  });

  it('a new ID number with another birth date', () =>
    refused(correction({ idNumber: makeIdNumber('430623', '2016-05-06', 11) }), 400, 'payload.changes.idNumber', [
      '身份证号码',
      '2016-05-06',
      '请一并更正',
    ]));

  it('a new ID number of the other sex', () =>
    refused(correction({ idNumber: makeIdNumber('430623', '2016-05-05', 12) }), 400, 'payload.changes.idNumber', [
      '身份证号码',
      '性别（女）',
    ]));

  it('a new sex that the registered ID number contradicts', () =>
    refused(correction({ sex: 2 }), 400, 'payload.changes.sex', ['性别：', '请同时更正身份证号码']));

  it('a new birth date that the registered ID number contradicts', () =>
    refused(correction({ birthDate: '2016-06-05' }), 400, 'payload.changes.birthDate', [
      '出生日期：',
      '请同时更正身份证号码',
    ]));

  it('birth date and ID number corrected together are accepted', async () => {
    const r = await village.post(
      '/api/reports',
      correction({ birthDate: '2016-06-05', idNumber: makeIdNumber('430623', '2016-06-05', 11) }),
    );
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    await village.post(`/api/reports/${r.body.id}/cancel`, { version: r.body.version, reason: '改为另行核实' });
  });
});

describe('messages name the field in Chinese', () => {
  it('a resubmitted birth with a bad weight names 出生体重（克）, the path stays in problems', async () => {
    const created = await village.post('/api/reports', birthReport(t.people, { child: { name: '李重', sex: 2 } }));
    const returned = await township.post(`/api/reports/${created.body.id}/return`, {
      version: created.body.version,
      reason: '出生体重请核实',
    });
    const before = await counts();
    const r = await village.put(`/api/reports/${created.body.id}`, {
      version: returned.body.version,
      eventDate: '2026-10-20',
      payload: {
        ...birthReport(t.people).payload,
        child: { name: '李重', sex: 2 },
        weightGrams: 100,
        gestationalWeeks: 50,
      },
    });
    expect(r.status).toBe(400);
    expect(r.body.message).toContain('出生体重（克）：出生体重不少于300克');
    expect(r.body.message).toContain('孕周：孕周不超过45周');
    expect(r.body.message).not.toContain('weightGrams');
    expect(r.body.problems.map((p: { field: string }) => p.field).sort()).toEqual([
      'payload.gestationalWeeks',
      'payload.weightGrams',
    ]);
    expect(await counts()).toEqual(before);
    const still = await village.get(`/api/reports/${created.body.id}`);
    expect(still.body).toMatchObject({ status: 'returned', version: returned.body.version });
  });

  it('a resubmission missing the mother names 母亲', async () => {
    const created = await village.post('/api/reports', birthReport(t.people, { child: { name: '李缺', sex: 1 } }));
    const returned = await township.post(`/api/reports/${created.body.id}/return`, {
      version: created.body.version,
      reason: '请核实母亲',
    });
    const { motherId: _m, ...rest } = birthReport(t.people).payload;
    const r = await village.put(`/api/reports/${created.body.id}`, {
      version: returned.body.version,
      eventDate: '2026-10-20',
      payload: rest,
    });
    expect(r.status).toBe(400);
    expect(r.body.message).toMatch(/^报告内容有误：母亲：/);
    expect(r.body.problems[0].field).toBe('payload.motherId');
  });
});

describe('birth order when a birth is confirmed late', () => {
  // 王秀英 has 李明 (2016-05-05, 1st). Her other children are reported below, out of order.
  const birth = (eventDate: string, name: string, sex: 1 | 2) => ({
    ...birthReport(t.people, { child: { name, sex } }),
    eventDate,
  });
  const orderOf = async (id: string) =>
    (await t.db.selectFrom('person').select('birthOrder').where('id', '=', id).executeTakeFirstOrThrow()).birthOrder;
  const eventOrderOf = async (id: string) =>
    (
      await t.db
        .selectFrom('vitalEvent')
        .select('birthOrder')
        .where('type', '=', 'birth')
        .where('personId', '=', id)
        .executeTakeFirstOrThrow()
    ).birthOrder;

  it('an earlier birth confirmed after a later one moves the later child down, in person, event and history', async () => {
    const youngest = await confirm(birth('2026-03-01', '李晚', 2));
    expect(await orderOf(youngest)).toBe(2);

    const middle = await confirm(birth('2020-03-03', '李中', 1));
    expect(await orderOf(middle)).toBe(2);
    expect(await orderOf(youngest)).toBe(3);
    expect(await eventOrderOf(youngest)).toBe(3);
    expect(await orderOf(t.people.firstChild)).toBe(1);

    const page = await village.get(`/api/persons/${youngest}`);
    expect(page.body.person.birthOrder).toBe(3);
    const last = page.body.history.at(-1);
    expect(last).toMatchObject({ change: 'birth_order', snapshot: { birthOrder: 3 } });
    expect(last.recordedBy).toBe('县卫健局 统计员 王丽');
    expect(page.body.history[0]).toMatchObject({ change: 'birth', snapshot: { birthOrder: 2 } });
    const asOf = await village.get(`/api/persons/${youngest}/as-of?date=2026-12-01`);
    expect(asOf.body.state.birthOrder).toBe(3);
  });

  it('twins keep their places among themselves; a birth before them moves both', async () => {
    const middle = await t.db.selectFrom('person').select('id').where('name', '=', '李中').executeTakeFirstOrThrow();
    const youngest = await t.db.selectFrom('person').select('id').where('name', '=', '李晚').executeTakeFirstOrThrow();
    // 李中's twin, born the same day, reported after: it follows 李中, who keeps 2nd.
    const twin = await confirm(birth('2020-03-03', '李华', 2));
    expect(await orderOf(middle.id)).toBe(2);
    expect(await orderOf(twin)).toBe(3);
    expect(await orderOf(youngest.id)).toBe(4);

    const historyRows = async (id: string) =>
      Number(
        (
          await t.db
            .selectFrom('personHistory')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('personId', '=', id)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const twinHistory = await historyRows(middle.id);

    const elder = await confirm(birth('2018-08-08', '李早', 1));
    expect(await orderOf(t.people.firstChild)).toBe(1);
    expect(await orderOf(elder)).toBe(2);
    expect(await orderOf(middle.id)).toBe(3);
    expect(await orderOf(twin)).toBe(4);
    expect(await orderOf(youngest.id)).toBe(5);
    expect(await eventOrderOf(twin)).toBe(4);
    expect(await historyRows(middle.id)).toBe(twinHistory + 1);
    // The births as indicators see them: 1..5 without gaps or repeats.
    const orders = await t.db
      .selectFrom('person')
      .select('birthOrder')
      .where('motherId', '=', t.people.wife)
      .orderBy('birthOrder')
      .execute();
    expect(orders.map((o) => o.birthOrder)).toEqual([1, 2, 3, 4, 5]);
  });
});
