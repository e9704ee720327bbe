import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { birthReport, setupTestCase, XINPU, type Client, type TestCase } from '../testing/setup.js';

/**
 * A village worker of 复兴村 probes 新铺村's people by every endpoint. Each answer must be the
 * one a record that does not exist gets: same status, same message, nothing leaked.
 */
let t: TestCase;
let intruder: Client;
let village: Client;
let otherTownship: Client;
let reportId: string;

beforeAll(async () => {
  t = await setupTestCase();
  intruder = await t.as('village2');
  village = await t.as('village');
  otherTownship = await t.as('zhihedu');
  const r = await village.post('/api/reports', birthReport(t.people));
  reportId = r.body.id;
});
afterAll(() => t.close());

const MISSING = '00000000-0000-4000-8000-000000000000';

describe('org-unit scope: a record out of scope answers like one that does not exist', () => {
  it('person page, as-of, reveal, household and report', async () => {
    const pairs: Array<[string, string, 'get' | 'post']> = [
      [`/api/persons/${t.people.wife}`, `/api/persons/${MISSING}`, 'get'],
      [`/api/persons/${t.people.wife}/as-of?date=2020-01-01`, `/api/persons/${MISSING}/as-of?date=2020-01-01`, 'get'],
      [`/api/persons/${t.people.wife}/reveal-id`, `/api/persons/${MISSING}/reveal-id`, 'post'],
      [`/api/households/${t.people.hXinpu}`, `/api/households/${MISSING}`, 'get'],
      [`/api/reports/${reportId}`, `/api/reports/${MISSING}`, 'get'],
      [`/api/org/units/${XINPU}`, `/api/org/units/999999999999`, 'get'],
    ];
    for (const [hidden, missing, method] of pairs) {
      const a = await intruder[method](hidden);
      const b = await intruder[method](missing);
      expect(a.status, hidden).toBe(404);
      expect(a.body, hidden).toEqual(b.body);
    }
  });

  it('searches by ID number, name, pinyin, household and unit find nothing', async () => {
    for (const q of [t.people.ids.wife, '王秀英', 'wangxiuying', 'wxy', '秀英']) {
      const r = await intruder.get(`/api/persons?q=${encodeURIComponent(q)}`);
      expect(r.status).toBe(200);
      expect(r.body, q).toEqual({ items: [], total: 0 });
    }
    expect((await intruder.get(`/api/persons?unitId=${XINPU}`)).body).toEqual({ items: [], total: 0 });
    expect((await intruder.get(`/api/persons?householdId=${t.people.hXinpu}`)).body).toEqual({ items: [], total: 0 });
    expect((await intruder.get(`/api/households?unitId=${XINPU}`)).body.total).toBe(0);
    expect((await intruder.get(`/api/households?q=新铺村`)).body.total).toBe(0);
    expect((await intruder.get(`/api/reports?unitId=${XINPU}`)).body.total).toBe(0);
    expect((await intruder.get(`/api/reports`)).body.total).toBe(0);
  });

  it('actions on an out-of-scope report answer as missing', async () => {
    const r = await otherTownship.post(`/api/reports/${reportId}/approve`, { version: 1 });
    expect(r.status).toBe(404);
    expect((await otherTownship.get('/api/todo')).body.items).toEqual([]);
  });

  it('the org tree stops at the caller’s unit', async () => {
    const tree = await intruder.get('/api/org/tree');
    expect(tree.body.root.id).toBe('430623101213');
    const township = await (await t.as('township')).get('/api/org/tree');
    expect(township.body.root.children.map((c: { id: string }) => c.id)).toContain(XINPU);
    expect(JSON.stringify(township.body)).not.toContain('430623102');
  });

  it('the own village sees its people, ID numbers masked in lists', async () => {
    const r = await village.get(`/api/persons?q=${t.people.ids.wife}`);
    expect(r.body.total).toBe(1);
    expect(r.body.items[0].idNumberMasked).toBe(
      `${t.people.ids.wife.slice(0, 6)}********${t.people.ids.wife.slice(-4)}`,
    );
    expect(JSON.stringify(r.body)).not.toContain(t.people.ids.wife);
    const revealed = await village.post(`/api/persons/${t.people.wife}/reveal-id`);
    expect(revealed.body.idNumber).toBe(t.people.ids.wife);
    const audit = await t.db.selectFrom('auditLog').selectAll().where('action', '=', 'person.reveal_id').execute();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(await t.db.selectFrom('auditLog').selectAll().execute())).not.toContain(t.people.ids.wife);
  });

  it('security and audit administrators see no registry data', async () => {
    for (const u of ['security', 'auditor']) {
      const c = await t.as(u);
      expect((await c.get(`/api/persons?q=王`)).status).toBe(403);
      expect((await c.get(`/api/persons/${t.people.wife}`)).status).toBe(403);
      expect((await c.get('/api/reports')).status).toBe(403);
      expect((await c.get(`/api/reports/${reportId}`)).status).toBe(403);
    }
  });

  it('without a session nothing answers but login and health', async () => {
    expect((await t.anonymous.get(`/api/persons/${t.people.wife}`)).status).toBe(401);
    expect((await t.anonymous.get('/api/reports')).status).toBe(401);
    expect((await t.anonymous.get('/api/health')).status).toBe(200);
  });
});
