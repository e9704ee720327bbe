import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber } from '../lib/idNumber.js';
import { birthReport, FUXING, setupTestCase, XINPU, type Client, type TestCase } from '../testing/setup.js';

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

const counts = async () => ({
  reports: Number(
    (
      await t.db
        .selectFrom('report')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  ),
  persons: Number(
    (
      await t.db
        .selectFrom('person')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  ),
  events: Number(
    (
      await t.db
        .selectFrom('vitalEvent')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  ),
});

describe('a birth travels village → township → county into the registry', () => {
  it('the village reports, the township returns, the village corrects, the township approves, the county confirms', async () => {
    const created = await village.post('/api/reports', birthReport(t.people, { weightGrams: 3300 }));
    expect(created.status).toBe(201);
    expect(created.body.status).toBe('submitted');
    expect(created.body.summary).toContain('李小雨');
    expect(created.body.reportedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    const queue = await township.get('/api/reports?queue=review');
    expect(queue.body.items.map((r: { id: string }) => r.id)).toContain(created.body.id);

    const returned = await township.post(`/api/reports/${created.body.id}/return`, {
      version: created.body.version,
      reason: '出生体重请核实',
    });
    expect(returned.status).toBe(200);
    expect(returned.body.status).toBe('returned');

    const todo = await village.get('/api/todo');
    const mine = todo.body.items.find((r: { id: string }) => r.id === created.body.id);
    expect(mine.lastReason).toBe('出生体重请核实');
    const detail = await village.get(`/api/reports/${created.body.id}`);
    expect(detail.body.allowedActions).toEqual(['resubmit', 'cancel']);
    expect(detail.body.people).toEqual({ [t.people.wife]: '王秀英', [t.people.husband]: '李建国' });

    const resubmitted = await village.put(`/api/reports/${created.body.id}`, {
      version: returned.body.version,
      eventDate: '2026-10-20',
      payload: { ...birthReport(t.people).payload, weightGrams: 3150 },
    });
    expect(resubmitted.status).toBe(200);
    expect(resubmitted.body.status).toBe('submitted');
    expect(resubmitted.body.reportedOn).toBe(created.body.reportedOn);

    const approved = await township.post(`/api/reports/${created.body.id}/approve`, {
      version: resubmitted.body.version,
    });
    expect(approved.body.status).toBe('township_approved');
    const before = await counts();
    const confirmed = await county.post(`/api/reports/${created.body.id}/confirm`, { version: approved.body.version });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.status).toBe('confirmed');
    expect(confirmed.body.actions.map((a: { action: string }) => a.action)).toEqual([
      'submit',
      'return',
      'resubmit',
      'approve',
      'confirm',
    ]);
    expect(confirmed.body.actions[1].reason).toBe('出生体重请核实');
    const after = await counts();
    expect(after.persons).toBe(before.persons + 1);
    expect(after.events).toBe(before.events + 1);

    const child = await village.get(`/api/persons/${confirmed.body.resultPersonId}`);
    expect(child.status).toBe(200);
    expect(child.body.person.name).toBe('李小雨');
    expect(child.body.person.birthOrder).toBe(2);
    expect(child.body.person.relationship).toBe('30');
    expect(child.body.household.id).toBe(t.people.hXinpu);
    expect(child.body.mother).toEqual({ id: t.people.wife, name: '王秀英' });
    expect(child.body.events[0]).toMatchObject({ type: 'birth', eventDate: '2026-10-20' });
    const event = await t.db
      .selectFrom('vitalEvent')
      .selectAll()
      .where('personId', '=', confirmed.body.resultPersonId)
      .executeTakeFirstOrThrow();
    expect(event).toMatchObject({
      childSex: 2,
      birthOrder: 2,
      birthWeightG: 3150,
      hasDefect: false,
      unitId: XINPU,
      otherPersonId: t.people.wife,
    });

    const found = await village.get(`/api/persons?q=lixiaoyu`);
    expect(found.body.items.map((p: { id: string }) => p.id)).toContain(confirmed.body.resultPersonId);
  });

  it('two reviewers act on one report: one wins, the other is told', async () => {
    const created = await village.post('/api/reports', birthReport(t.people, { child: { name: '李小雪', sex: 2 } }));
    const other = await t.as('township');
    const [a, b] = await Promise.all([
      township.post(`/api/reports/${created.body.id}/approve`, { version: created.body.version }),
      other.post(`/api/reports/${created.body.id}/return`, { version: created.body.version, reason: '请核实' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    expect(loser.body.message).toContain('已被他人处理');
    const again = await township.post(`/api/reports/${created.body.id}/approve`, { version: created.body.version });
    expect(again.status).toBe(409);
  });
});

describe('deaths, marriages, moves and corrections', () => {
  const runThrough = async (body: unknown) => {
    const r = await village.post('/api/reports', body);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const a = await township.post(`/api/reports/${r.body.id}/approve`, { version: r.body.version });
    const c = await county.post(`/api/reports/${r.body.id}/confirm`, { version: a.body.version });
    expect(c.status, JSON.stringify(c.body)).toBe(200);
    return c.body;
  };

  it('a death makes the person dead from that date; a second death is refused', async () => {
    await runThrough({
      type: 'death',
      unitId: XINPU,
      eventDate: '2026-09-01',
      payload: { personId: t.people.grandmother, cause: '疾病' },
    });
    const p = await village.get(`/api/persons/${t.people.grandmother}`);
    expect(p.body.person).toMatchObject({ status: 'dead', deathDate: '2026-09-01' });
    // Each step of the report's history carries the county, like every table of events.
    const steps = await t.db
      .selectFrom('reportAction as a')
      .innerJoin('report as r', 'r.id', 'a.reportId')
      .select(['a.action', 'a.countyCode'])
      .where('r.subjectPersonId', '=', t.people.grandmother)
      .orderBy('a.id')
      .execute();
    expect(steps).toEqual(['submit', 'approve', 'confirm'].map((action) => ({ action, countyCode: '430623' })));
    const asOf = await village.get(`/api/persons/${t.people.grandmother}/as-of?date=2026-08-31`);
    expect(asOf.body).toMatchObject({ exists: true, state: { status: 'active' } });
    const later = await village.get(`/api/persons/${t.people.grandmother}/as-of?date=2026-09-01`);
    expect(later.body.state.status).toBe('dead');
    const before = await counts();
    const again = await village.post('/api/reports', {
      type: 'death',
      unitId: XINPU,
      eventDate: '2026-09-02',
      payload: { personId: t.people.grandmother },
    });
    expect(again.status).toBe(400);
    expect(again.body.problems[0].field).toBe('payload.personId');
    expect(again.body.message).toContain('已于 2026-09-01 登记死亡');
    expect(again.body.message).toMatch(/^死者：/);
    expect(again.body.problems[0].message).not.toContain('死者：');
    expect(await counts()).toEqual(before);
  });

  it('a move in creates a new household and person; a move out ends residence', async () => {
    const idNumber = makeIdNumber('430681', '1990-03-03', 21);
    const c = await runThrough({
      type: 'move_in',
      unitId: XINPU,
      eventDate: '2026-08-01',
      payload: {
        person: { name: '孙 丽', idNumber: idNumber.toLowerCase(), ethnicity: '01', hukouType: 'rural' },
        newHousehold: { address: '新铺村3组5号', hukouType: 'rural' },
        relationship: '02',
        fromPlace: '湖南省汨罗市',
      },
    });
    const p = await village.get(`/api/persons/${c.resultPersonId}`);
    expect(p.body.person).toMatchObject({ name: '孙丽', sex: 1, birthDate: '1990-03-03', status: 'active' });
    expect(p.body.household.householdNumber).toBe(`${XINPU}0002`);
    await runThrough({
      type: 'move_out',
      unitId: XINPU,
      eventDate: '2026-09-15',
      payload: { personId: c.resultPersonId, destination: '广东省深圳市' },
    });
    const gone = await village.get(`/api/persons/${c.resultPersonId}`);
    expect(gone.body.person).toMatchObject({ status: 'moved_out', leftDate: '2026-09-15' });
  });

  it('a correction changes particulars and keeps the earlier ones in history', async () => {
    await runThrough({
      type: 'correction',
      unitId: XINPU,
      eventDate: '2026-10-01',
      payload: { personId: t.people.firstChild, changes: { name: '李明明' }, reason: '户口簿姓名为李明明' },
    });
    const p = await village.get(`/api/persons/${t.people.firstChild}`);
    expect(p.body.person.name).toBe('李明明');
    expect(p.body.history.map((h: { snapshot: { name: string } }) => h.snapshot.name)).toEqual(['李明', '李明明']);
    expect(p.body.history[1].recordedBy).toBe('县卫健局 统计员 王丽');
  });

  it('a marriage links the spouses; a divorce unlinks them', async () => {
    // 复兴村 is not the village worker's unit: the report is refused, naming the unit.
    const refused = await village.post('/api/reports', {
      type: 'marriage',
      unitId: FUXING,
      eventDate: '2026-05-20',
      payload: { personId: t.people.fuxingWoman, spouseId: t.people.fuxingMan },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.problems[0].field).toBe('unitId');
    const village2 = await t.as('village2');
    const r = await village2.post('/api/reports', {
      type: 'marriage',
      unitId: FUXING,
      eventDate: '2026-05-20',
      payload: { personId: t.people.fuxingWoman, spouseId: t.people.fuxingMan },
    });
    expect(r.status).toBe(201);
    const a = await township.post(`/api/reports/${r.body.id}/approve`, { version: r.body.version });
    await county.post(`/api/reports/${r.body.id}/confirm`, { version: a.body.version });
    const woman = await village2.get(`/api/persons/${t.people.fuxingWoman}`);
    expect(woman.body.person.maritalStatus).toBe('20');
    expect(woman.body.spouse.id).toBe(t.people.fuxingMan);
    const d = await village2.post('/api/reports', {
      type: 'divorce',
      unitId: FUXING,
      eventDate: '2026-11-01',
      payload: { personId: t.people.fuxingMan },
    });
    const da = await township.post(`/api/reports/${d.body.id}/approve`, { version: d.body.version });
    await county.post(`/api/reports/${d.body.id}/confirm`, { version: da.body.version });
    const after = await village2.get(`/api/persons/${t.people.fuxingWoman}`);
    expect(after.body.person.maritalStatus).toBe('40');
    expect(after.body.spouse).toBeNull();
  });
});

describe('bad input is refused with the field named, and nothing is written', () => {
  const refused = async (body: unknown, field: string, text: string) => {
    const before = await counts();
    const r = await village.post('/api/reports', body);
    expect(r.status, JSON.stringify(r.body)).toBeGreaterThanOrEqual(400);
    expect(r.body.problems?.map((p: { field: string }) => p.field)).toContain(field);
    expect(r.body.message).toContain(text);
    expect(await counts()).toEqual(before);
  };

  it('an invalid ID number', () =>
    refused(
      birthReport(t.people, { child: { name: '李一', sex: 2, idNumber: '430623202610200021' } }),
      'payload.child.idNumber',
      '婴儿身份证号码：',
    ));
  it('a birth before the mother was born', async () => {
    const r = birthReport(t.people);
    await refused({ ...r, eventDate: '1991-01-01' }, 'eventDate', '早于母亲本人的出生日期');
  });
  it('a death before birth', () =>
    refused(
      { type: 'death', unitId: XINPU, eventDate: '2010-01-01', payload: { personId: t.people.firstChild } },
      'eventDate',
      '死亡日期 2010-01-01 早于出生日期',
    ));
  it('an event in the future', () =>
    refused({ ...birthReport(t.people), eventDate: '2099-01-01' }, 'eventDate', '晚于今天'));
  it('a duplicate person (ID number already registered)', () =>
    refused(
      {
        type: 'move_in',
        unitId: XINPU,
        eventDate: '2026-01-01',
        payload: {
          person: { name: '王秀英', idNumber: t.people.ids.wife, ethnicity: '01', hukouType: 'rural' },
          householdId: t.people.hXinpu,
          relationship: '10',
          fromPlace: '岳阳',
        },
      },
      'payload.person.idNumber',
      '已在本县登记',
    ));
  it('a mother from another village', () =>
    refused(
      birthReport(t.people, { motherId: t.people.fuxingWoman }),
      'payload.motherId',
      '母亲：所选人员不存在或不在本辖区',
    ));
  it('a report for a unit outside the worker’s scope', () =>
    refused({ ...birthReport(t.people), unitId: FUXING }, 'unitId', '不在本人辖区'));
  it('a missing field named by the schema in Chinese', async () => {
    const r = await village.post('/api/reports', {
      type: 'birth',
      unitId: XINPU,
      eventDate: '2026-10-01',
      payload: { motherId: t.people.wife, child: { sex: 2 }, gestationalWeeks: 39, place: 'home', defect: false },
    });
    expect(r.status).toBe(400);
    expect(r.body.problems.map((p: { field: string }) => p.field)).toContain('payload.weightGrams');
    // The message names the field as the form labels it, not by its path.
    expect(r.body.message).toContain('出生体重（克）');
    expect(r.body.message).not.toContain('payload.');
  });
  it('a township officer cannot report and a village worker cannot approve', async () => {
    const r = await township.post('/api/reports', birthReport(t.people));
    expect(r.status).toBe(403);
    const created = await village.post('/api/reports', birthReport(t.people, { child: { name: '李小风', sex: 1 } }));
    const approve = await village.post(`/api/reports/${created.body.id}/approve`, { version: created.body.version });
    expect(approve.status).toBe(403);
  });
});
