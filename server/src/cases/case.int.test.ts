import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clock } from '../lib/clock.js';
import { setupTestCase, XINPU, type Client, type TestCase } from '../testing/setup.js';
import { caseDb } from './case.tables.js';

/**
 * The county's law-enforcement officer works a 两非 case: a hotline lead about a clinic doing
 * ultrasound sex determination in 新铺村 is opened, investigated, referred to market regulation
 * and closed. Nobody else may see any of it; every read is in the audit log.
 */
let t: TestCase;
let cases: Client;
const today = clock.today();
const year = Number(today.slice(0, 4));
const daysAgo = (n: number) => new Date(Date.parse(`${today}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);
const tomorrow = new Date(Date.parse(`${today}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

const lead = (over: Record<string, unknown> = {}) => ({
  kind: 'fetal_sex_determination',
  leadSource: 'hotline',
  leadReceivedOn: daysAgo(30),
  unitId: XINPU,
  summary: '群众举报新铺村某诊所使用便携B超为孕妇做胎儿性别鉴定',
  parties: '某诊所负责人（男，约50岁）；便携B超一台',
  ...over,
});

const count = async (table: 'sexSelectionCase' | 'sexSelectionCaseStep') =>
  Number(
    (
      await caseDb(t.db)
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
const audits = (action: string) =>
  t.db.selectFrom('auditLog').selectAll().where('action', '=', action).orderBy('id').execute();

beforeAll(async () => {
  t = await setupTestCase();
  cases = await t.as('cases');
});
afterAll(() => t.close());

describe('两非 cases', () => {
  it('a case goes from the lead to investigation, referral and closure; every step is kept and audited', async () => {
    const opened = await cases.post('/api/cases', lead());
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    expect(opened.body.number).toBe(`两非〔${year}〕1号`);
    const id = opened.body.id as string;

    const s1 = await cases.post(`/api/cases/${id}/steps`, {
      version: 1,
      kind: 'inspection',
      stepOn: daysAgo(20),
      note: '现场检查，查获便携B超一台',
    });
    expect(s1.status, JSON.stringify(s1.body)).toBe(201);
    expect(s1.body).toMatchObject({ status: 'investigating', version: 2 });

    // The same version twice: the second is stale.
    const stale = await cases.post(`/api/cases/${id}/steps`, {
      version: 1,
      kind: 'note',
      stepOn: daysAgo(19),
      note: '重复提交',
    });
    expect(stale.status).toBe(409);
    expect(stale.body.message).toContain('已被他人修改');

    // Closing as 'referred' before a referral is refused.
    const early = await cases.post(`/api/cases/${id}/close`, {
      version: 2,
      outcome: 'referred',
      closedOn: daysAgo(5),
      note: '移送处理',
    });
    expect(early.status).toBe(400);
    expect(early.body.problems[0].field).toBe('outcome');

    const referred = await cases.post(`/api/cases/${id}/refer`, {
      version: 2,
      referredTo: 'market_regulation',
      referredOn: daysAgo(10),
      note: '移送县市场监管局处理（华卫监移〔2026〕2号）',
    });
    expect(referred.status, JSON.stringify(referred.body)).toBe(200);
    expect(referred.body).toMatchObject({ status: 'referred', version: 3 });
    const again = await cases.post(`/api/cases/${id}/refer`, {
      version: 3,
      referredTo: 'police',
      referredOn: daysAgo(9),
      note: '再次移送',
    });
    expect(again.status).toBe(409);

    const beforeReferral = await cases.post(`/api/cases/${id}/close`, {
      version: 3,
      outcome: 'referred',
      closedOn: daysAgo(11),
      note: '市场监管局已立案',
    });
    expect(beforeReferral.status).toBe(400);
    expect(beforeReferral.body.problems[0].field).toBe('closedOn');

    const closed = await cases.post(`/api/cases/${id}/close`, {
      version: 3,
      outcome: 'referred',
      closedOn: daysAgo(2),
      note: '市场监管局已立案查处，没收设备',
    });
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', version: 4 });

    // Closed stays closed: no step, no reopening.
    const after = await cases.post(`/api/cases/${id}/steps`, {
      version: 4,
      kind: 'note',
      stepOn: today,
      note: '补充',
    });
    expect(after.status).toBe(409);
    expect(after.body.message).toContain('新立一案');

    const detail = await cases.get(`/api/cases/${id}`);
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({
      status: 'closed',
      outcome: 'referred',
      referredTo: 'market_regulation',
      referredOn: daysAgo(10),
      closedOn: daysAgo(2),
      unitName: '新铺村',
      version: 4,
    });
    expect(detail.body.steps.map((s: { kind: string }) => s.kind)).toEqual(['inspection', 'referral', 'decision']);
    expect((await audits('case.open')).length).toBe(1);
    expect((await audits('case.step')).length).toBe(1);
    expect((await audits('case.refer')).length).toBe(1);
    expect((await audits('case.close')).length).toBe(1);
  });

  it('every read, of the list or of a case, is audited with who read it', async () => {
    const before = (await audits('case.read')).length;
    const list = await cases.get(`/api/cases?year=${year}`);
    expect(list.status).toBe(200);
    expect(list.body.total).toBeGreaterThan(0);
    const reads = await audits('case.list');
    expect(reads.at(-1)).toMatchObject({ username: 'cases', outcome: 'success' });
    expect((reads.at(-1)!.detail as { shown: string[] }).shown).toContain(`两非〔${year}〕1号`);
    await cases.get(`/api/cases/${list.body.items[0].id}`);
    const after = await audits('case.read');
    expect(after.length).toBe(before + 1);
    expect(after.at(-1)).toMatchObject({ username: 'cases', objectId: list.body.items[0].id });
  });

  it('every other role gets 403 on every case route, and the refusal is audited', async () => {
    const some = (await cases.get('/api/cases')).body.items[0].id as string;
    for (const who of ['admin', 'county', 'township', 'village', 'health', 'fundaudit', 'auditor', 'security']) {
      const c = await t.as(who);
      const calls = [
        c.get('/api/cases'),
        c.get(`/api/cases?status=open`),
        c.get(`/api/cases/${some}`),
        c.post('/api/cases', lead()),
        c.post('/api/cases', {}),
        c.post(`/api/cases/${some}/steps`, { version: 1, kind: 'note', stepOn: today, note: 'x' }),
        c.post(`/api/cases/${some}/refer`, {}),
        c.post(`/api/cases/${some}/close`, {}),
      ];
      for (const res of await Promise.all(calls)) expect(res.status, `${who}: ${JSON.stringify(res.body)}`).toBe(403);
    }
    expect((await t.anonymous.get('/api/cases')).status).toBe(401);
    const refused = await audits('case.accessRefused');
    expect(refused.length).toBe(8 * 8);
    expect(refused.every((r) => r.outcome === 'denied')).toBe(true);
    // Nothing was opened by anyone else.
    expect(await count('sexSelectionCase')).toBe(1);
    // Eight sign-ins and 64 requests: slow on a busy PostgreSQL server.
  }, 180_000);

  it('numbers run per county and year, without gaps or repeats when officers open at once', async () => {
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => cases.post('/api/cases', lead({ summary: `并发立案${i}` }))),
    );
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201, 201, 201]);
    const numbers = results.map((r) => r.body.number as string).sort();
    expect(new Set(numbers).size).toBe(6);
    expect(numbers).toEqual([2, 3, 4, 5, 6, 7].map((n) => `两非〔${year}〕${n}号`).sort());
  });

  it('bad input is refused with the field named in Chinese, and nothing is written', async () => {
    const cases0 = await count('sexSelectionCase');
    const steps0 = await count('sexSelectionCaseStep');
    const future = await cases.post('/api/cases', lead({ leadReceivedOn: tomorrow }));
    expect(future.status).toBe(400);
    expect(future.body.problems[0]).toMatchObject({ field: 'leadReceivedOn' });
    expect(future.body.message).toContain('不能晚于今天');

    const noParties = await cases.post('/api/cases', lead({ parties: '  ' }));
    expect(noParties.status).toBe(400);
    expect(noParties.body.message).toContain('当事人');

    const county = await cases.post('/api/cases', lead({ unitId: '430623' }));
    expect(county.status).toBe(400);

    const badKind = await cases.post('/api/cases', lead({ kind: 'birth' }));
    expect(badKind.status).toBe(400);
    expect(badKind.body.message).toContain('案件类型');

    const open = (await cases.get('/api/cases?status=open')).body.items[0];
    const early = await cases.post(`/api/cases/${open.id}/steps`, {
      version: open.version,
      kind: 'interview',
      stepOn: daysAgo(60),
      note: '询问',
    });
    expect(early.status).toBe(400);
    expect(early.body.problems[0].field).toBe('stepOn');
    expect(early.body.message).toContain('不能早于线索收到日期');
    const decisionByHand = await cases.post(`/api/cases/${open.id}/steps`, {
      version: open.version,
      kind: 'decision',
      stepOn: today,
      note: '结案',
    });
    expect(decisionByHand.status).toBe(400);

    const missing = await cases.get('/api/cases/00000000-0000-4000-8000-000000000000');
    expect(missing.status).toBe(404);

    expect(await count('sexSelectionCase')).toBe(cases0);
    expect(await count('sexSelectionCaseStep')).toBe(steps0);
    const still = (await cases.get(`/api/cases/${open.id}`)).body;
    expect(still).toMatchObject({ status: 'open', version: open.version });
  });

  it('filters by status, kind, year and unit', async () => {
    const other = await cases.post('/api/cases', lead({ unitId: '430623102', kind: 'sex_selective_abortion' }));
    expect(other.status).toBe(201);
    const byUnit = await cases.get(`/api/cases?unitId=430623102`);
    expect(byUnit.body.items.map((i: { id: string }) => i.id)).toEqual([other.body.id]);
    const byKind = await cases.get(`/api/cases?kind=sex_selective_abortion`);
    expect(byKind.body.total).toBe(1);
    expect((await cases.get(`/api/cases?status=closed`)).body.total).toBe(1);
    expect((await cases.get(`/api/cases?year=${year - 1}`)).body.total).toBe(0);
  });
});

describe('the demo cases', () => {
  it('six cases over two years in every state, numbered by year, seen by the case officer', async () => {
    const { seedDemoCases } = await import('./case.demo.js');
    const before = (await cases.get('/api/cases?pageSize=200')).body.total as number;
    await seedDemoCases(t.db, t.sealer, '430623', 7);
    const all = (await cases.get('/api/cases?pageSize=200')).body;
    expect(all.total).toBe(before + 6);
    const demo = all.items.filter(
      (i: { summary: string }) => !i.summary.includes('便携B超为孕妇') && !i.summary.startsWith('并发'),
    );
    expect(new Set(demo.map((i: { status: string }) => i.status))).toEqual(
      new Set(['open', 'investigating', 'referred', 'closed']),
    );
    const closed = demo.filter((i: { status: string }) => i.status === 'closed');
    expect(closed.map((i: { outcome: string }) => i.outcome).sort()).toEqual(['penalised', 'referred', 'unfounded']);
    expect(demo.some((i: { number: string }) => i.number.startsWith(`两非〔${year - 1}〕`))).toBe(true);
  });
});
