import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber } from '../lib/idNumber.js';
import { birthReport, setupTestCase, XINPU, type Client, type TestCase } from '../testing/setup.js';

/**
 * The household page tells who joined and left the household, when and by which confirmed
 * report: 李建国's household in 新铺村 gets a child, loses the grandmother, takes in a
 * relative who later moves away, and changes its head.
 */
let t: TestCase;
let village: Client;
let township: Client;
let county: Client;
const reports: Record<string, string> = {};
let child = '';
let relative = '';

type Entry = {
  date: string;
  kind: string;
  change: string;
  person: { id: string; name: string; inScope: boolean };
  relationship: string | null;
  previousRelationship: string | null;
  report: { id: string; type: string } | null;
  recordedBy: string | null;
};

beforeAll(async () => {
  t = await setupTestCase();
  village = await t.as('village');
  township = await t.as('township');
  county = await t.as('county');
});
afterAll(() => t.close());

const confirm = async (key: string, body: unknown) => {
  const r = await village.post('/api/reports', body);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  const a = await township.post(`/api/reports/${r.body.id}/approve`, { version: r.body.version });
  const c = await county.post(`/api/reports/${r.body.id}/confirm`, { version: a.body.version });
  expect(c.status, JSON.stringify(c.body)).toBe(200);
  reports[key] = r.body.id;
  return c.body.resultPersonId as string;
};

const household = async (client = village) => {
  const r = await client.get(`/api/households/${t.people.hXinpu}`);
  expect(r.status).toBe(200);
  return r.body as {
    members: Array<{ id: string; name: string }>;
    formerMembers: Array<{ id: string; name: string; leftOn: string; leftBy: string; relationship: string }>;
    history: Entry[];
  };
};

describe('a household’s history', () => {
  it('before any report: the four registered members joined with the registry’s first record', async () => {
    const h = await household();
    expect(h.members.map((m) => m.name).sort()).toEqual(['李建国', '李明', '李桂英', '王秀英'].sort());
    expect(h.formerMembers).toEqual([]);
    expect(h.history.map((e) => [e.date, e.kind, e.change, e.person.name])).toEqual([
      ['1950-01-20', 'joined', 'import', '李桂英'],
      ['1988-04-12', 'joined', 'import', '李建国'],
      ['1992-06-01', 'joined', 'import', '王秀英'],
      ['2016-05-05', 'joined', 'import', '李明'],
    ]);
    expect(h.history[0]!.report).toBeNull();
  });

  it('a birth, a death, a move in and a move out: each by its confirmed report, recorded by the county', async () => {
    child = await confirm('birth', birthReport(t.people, { child: { name: '李小雨', sex: 2 } }));
    await confirm('death', {
      type: 'death',
      unitId: XINPU,
      eventDate: '2026-09-01',
      payload: { personId: t.people.grandmother, cause: '疾病' },
    });
    relative = await confirm('moveIn', {
      type: 'move_in',
      unitId: XINPU,
      eventDate: '2026-08-01',
      payload: {
        person: {
          name: '王秀兰',
          idNumber: makeIdNumber('430681', '1996-03-03', 22),
          ethnicity: '01',
          hukouType: 'rural',
        },
        householdId: t.people.hXinpu,
        relationship: '99',
        fromPlace: '湖南省汨罗市',
      },
    });
    await confirm('moveOut', {
      type: 'move_out',
      unitId: XINPU,
      eventDate: '2026-11-15',
      payload: { personId: relative, destination: '广东省深圳市' },
    });

    const h = await household();
    const since2026 = h.history.filter((e) => e.date >= '2026-01-01');
    expect(since2026.map((e) => [e.date, e.kind, e.change, e.person.name, e.relationship, e.report?.type])).toEqual([
      ['2026-08-01', 'joined', 'move_in', '王秀兰', '99', 'move_in'],
      ['2026-09-01', 'left', 'death', '李桂英', '52', 'death'],
      ['2026-10-20', 'joined', 'birth', '李小雨', '30', 'birth'],
      ['2026-11-15', 'left', 'move_out', '王秀兰', '99', 'move_out'],
    ]);
    expect(since2026.map((e) => e.report?.id)).toEqual([reports.moveIn, reports.death, reports.birth, reports.moveOut]);
    expect(since2026.every((e) => e.recordedBy === '县卫健局 统计员 王丽')).toBe(true);

    // Past members are shown apart, with when and why they left; current members are the living ones.
    expect(h.formerMembers.map((m) => [m.name, m.leftOn, m.leftBy, m.relationship])).toEqual([
      ['李桂英', '2026-09-01', 'death', '52'],
      ['王秀兰', '2026-11-15', 'move_out', '99'],
    ]);
    expect(h.members.map((m) => m.id)).toContain(child);
    expect(h.members.map((m) => m.id)).not.toContain(t.people.grandmother);
    expect(h.members.map((m) => m.id)).not.toContain(relative);
  });

  it('a head change recorded by corrections, and a divorce of members', async () => {
    await confirm('wifeHead', {
      type: 'correction',
      unitId: XINPU,
      eventDate: '2026-11-20',
      payload: { personId: t.people.wife, changes: { relationship: '02' }, reason: '户主变更为王秀英' },
    });
    await confirm('husbandSpouse', {
      type: 'correction',
      unitId: XINPU,
      eventDate: '2026-11-20',
      payload: { personId: t.people.husband, changes: { relationship: '10' }, reason: '户主变更为王秀英' },
    });
    await confirm('divorce', {
      type: 'divorce',
      unitId: XINPU,
      eventDate: '2026-11-25',
      payload: { personId: t.people.husband },
    });
    const h = await household();
    const late = h.history.filter((e) => e.date >= '2026-11-20');
    expect(late.map((e) => [e.date, e.kind, e.person.name, e.previousRelationship, e.relationship])).toEqual([
      ['2026-11-20', 'became_head', '王秀英', '10', '02'],
      ['2026-11-20', 'ceased_head', '李建国', '02', '10'],
      ['2026-11-25', 'marital', '李建国', '10', '10'],
      ['2026-11-25', 'marital', '王秀英', '02', '02'],
    ]);
    expect(late[0]!.report).toEqual({ id: reports.wifeHead, type: 'correction' });
    expect(late[2]!.change).toBe('divorce');
    // Both are still members: a relationship change is not leaving.
    expect(h.members.map((m) => m.name)).toEqual(expect.arrayContaining(['王秀英', '李建国']));
  });

  it('a late birth renumbering a sibling is not a household change', async () => {
    await confirm('lateBirth', {
      ...birthReport(t.people, { child: { name: '李早', sex: 1 } }),
      eventDate: '2020-02-02',
    });
    const h = await household();
    expect(h.history.filter((e) => e.person.id === child).map((e) => e.kind)).toEqual(['joined']);
    expect(h.history.filter((e) => e.person.name === '李早').map((e) => [e.date, e.kind])).toEqual([
      ['2020-02-02', 'joined'],
    ]);
  });

  it('the township sees the same history; another village sees no household at all; the view is audited', async () => {
    expect((await household(township)).history).toEqual((await household()).history);
    const village2 = await t.as('village2');
    const r = await village2.get(`/api/households/${t.people.hXinpu}`);
    expect(r.status).toBe(404);
    expect(JSON.stringify(r.body)).not.toContain('王秀兰');
    const views = await t.db
      .selectFrom('auditLog')
      .select('username')
      .where('action', '=', 'household.view')
      .where('objectId', '=', t.people.hXinpu)
      .execute();
    expect(views.map((v) => v.username)).toEqual(expect.arrayContaining(['village', 'township']));
    expect(views.map((v) => v.username)).not.toContain('village2');
  });
});
