import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { clock } from '../lib/clock.js';
import { FUXING, setupTestCase, XINPU, type Client, type TestCase } from '../testing/setup.js';
import { acceptDueOn, addDays, concludeDueOn } from './petition.deadlines.js';
import { escalatePetitions } from './petition.escalation.js';
import { petitionDb } from './petition.tables.js';

/**
 * The petitions register of 华容县: 三封寺镇 registers letters and visits and assigns them to its
 * villages, decides acceptance, extends once, the village replies, the township records the
 * petitioner's satisfaction and closes. A reply after the deadline counts late; petitions left
 * past their deadline escalate once per level; every user sees only their units' petitions.
 */
let t: TestCase;
const c: Record<'county' | 'admin' | 'township' | 'zhihedu' | 'village' | 'village2' | 'health', Client> = {} as never;
const today = () => clock.today();

const petition = (over: Record<string, unknown> = {}) => ({
  channel: 'visit',
  receivedOn: addDays(today(), -3),
  subject: '独生子女父母奖励未发放',
  content: '本人2024年起符合独生子女父母奖励条件，至今未收到奖励金，请求核实发放。',
  petitionerName: '李建国',
  petitionerPhone: '13812345678',
  peopleInvolved: '李建国、王秀英（夫妻）',
  assignedUnitId: XINPU,
  ...over,
});

async function register(who: Client, over: Record<string, unknown> = {}) {
  const res = await who.post('/api/petitions', petition(over));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; number: string; version: number; acceptDueOn: string };
}
async function detail(who: Client, id: string) {
  const res = await who.get(`/api/petitions/${id}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}
async function step(who: Client, id: string, path: string, body: Record<string, unknown>, status = 200) {
  const res = await who.post(`/api/petitions/${id}/${path}`, body);
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  return res.body;
}
const counts = async () => {
  const p = await petitionDb(t.db)
    .selectFrom('petition')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const e = await petitionDb(t.db)
    .selectFrom('petitionEvent')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const a = await t.db
    .selectFrom('auditLog')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('action', 'like', 'petition.%')
    .where('action', '!=', 'petition.read')
    .executeTakeFirstOrThrow();
  return { petitions: Number(p.n), events: Number(e.n), audits: Number(a.n) };
};

beforeAll(async () => {
  t = await setupTestCase();
  for (const u of ['county', 'admin', 'township', 'zhihedu', 'village', 'village2', 'health'] as const)
    c[u] = await t.as(u);
});
afterAll(async () => {
  clock.reset();
  await t?.close();
});

describe('the life of a petition', () => {
  it('registered by the township with a number and the acceptance deadline counted from the day after receipt', async () => {
    const received = addDays(today(), -3);
    const p = await register(c.township, { receivedOn: received, petitionerPersonId: t.people.husband });
    expect(p.number).toMatch(new RegExp(`^${received.slice(0, 4)}-\\d{4}$`));
    expect(p.acceptDueOn).toBe(acceptDueOn(received));
    const d = await detail(c.township, p.id);
    expect(d).toMatchObject({ status: 'registered', petitionerPhone: '13812345678', unitName: '新铺村' });
    expect(d.timeliness.tag.kind).toBe('days_left');
    expect(d.steps).toEqual(expect.arrayContaining(['accept', 'not_accept', 'assign']));
    expect(d.history.map((h: { action: string }) => h.action)).toEqual(['register']);

    // Accepted on the day after receipt: the conclusion deadline is 60 days on.
    const decidedOn = addDays(received, 1);
    const a = await step(c.township, p.id, 'accept', { version: 1, decidedOn });
    expect(a).toMatchObject({ status: 'accepted', version: 2 });
    let now = await detail(c.township, p.id);
    expect(now.concludeDueOn).toBe(concludeDueOn(decidedOn));
    expect(now.timeliness.acceptedOnTime).toBe(true);

    // One extension of at most 30 days, with a reason, moves the deadline.
    await step(c.township, p.id, 'extend', { version: 2, days: 31, reason: '情况复杂' }, 400);
    await step(c.township, p.id, 'extend', { version: 2, days: 20, reason: '需调取2024年发放档案' });
    now = await detail(c.township, p.id);
    expect(now.concludeDueOn).toBe(concludeDueOn(decidedOn, 20));
    expect(now.extensionDays).toBe(20);
    const again = await step(c.township, p.id, 'extend', { version: 3, days: 5, reason: '再延' }, 409);
    expect(again.message).toContain('只能延期一次');

    // The village it is assigned to replies; the village next door cannot even see it.
    await step(c.village2, p.id, 'reply', { version: 3, reply: 'x' }, 404);
    await step(c.village, p.id, 'reply', { version: 3, reply: '经核实，已补录并发放2024、2025年度奖励金。' });
    now = await detail(c.village, p.id);
    expect(now).toMatchObject({ status: 'replied', repliedOn: today() });
    expect(now.timeliness).toMatchObject({ concludedOnTime: true, tag: { kind: 'concluded_on_time' } });
    // Closing is the registering office's, not the village's.
    await step(c.village, p.id, 'close', { version: 4, satisfaction: 'satisfied' }, 403);
    await step(c.township, p.id, 'close', { version: 4, satisfaction: 'satisfied' });
    now = await detail(c.county, p.id);
    expect(now).toMatchObject({ status: 'closed', satisfaction: 'satisfied', closedOn: today(), steps: [] });
    expect(now.history.map((h: { action: string }) => h.action)).toEqual([
      'register',
      'accept',
      'extend',
      'reply',
      'close',
    ]);

    const audits = await t.db
      .selectFrom('auditLog')
      .select('action')
      .where('objectId', '=', p.id)
      .orderBy('id')
      .execute();
    expect(audits.map((a) => a.action)).toEqual(
      expect.arrayContaining([
        'petition.register',
        'petition.accept',
        'petition.extend',
        'petition.reply',
        'petition.close',
        'petition.read',
      ]),
    );
  });

  it('a reply after the conclusion deadline is late (超期办结), and no extension is possible once it has passed', async () => {
    const received = addDays(today(), -100);
    const p = await register(c.township, { receivedOn: received, subject: '社会抚养费退还' });
    const decidedOn = addDays(received, 2);
    await step(c.township, p.id, 'accept', { version: 1, decidedOn });
    const open = await detail(c.township, p.id);
    expect(open.timeliness.tag.kind).toBe('overdue');
    expect(open.steps).not.toContain('extend');
    const ext = await step(c.township, p.id, 'extend', { version: 2, days: 10, reason: '补救' }, 409);
    expect(ext.message).toContain('已过');

    await step(c.village, p.id, 'reply', { version: 2, reply: '已答复', repliedOn: addDays(decidedOn, -1) }, 400);
    await step(c.village, p.id, 'reply', { version: 2, reply: '已答复' });
    const late = await detail(c.township, p.id);
    expect(late.timeliness.concludedOnTime).toBe(false);
    expect(late.timeliness.tag.kind).toBe('concluded_late');
    expect(late.timeliness.tag.days).toBeGreaterThan(0);
  });

  it('not accepting closes the petition with the reason', async () => {
    const p = await register(c.township, { subject: '邻里宅基地纠纷', assignedUnitId: FUXING });
    await step(c.township, p.id, 'not-accept', { version: 1 }, 400);
    await step(c.township, p.id, 'not-accept', { version: 1, reason: '属于人民法院受理范围，已告知信访人向法院起诉' });
    const d = await detail(c.village2, p.id);
    expect(d).toMatchObject({ status: 'not_accepted', closedOn: today(), decidedOn: today() });
    expect(d.notAcceptedReason).toContain('人民法院');
    expect(d.timeliness.tag.kind).toBe('concluded_on_time');
    const r = await step(c.township, p.id, 'reply', { version: 2, reply: 'x' }, 409);
    expect(r.message).toContain('不予受理');
  });
});

describe('the status machine and optimistic locking', () => {
  it('refuses illegal steps in Chinese and stale versions, writing nothing', async () => {
    const p = await register(c.township);
    const before = await counts();
    const close = await step(c.township, p.id, 'close', { version: 1, satisfaction: 'satisfied' }, 409);
    expect(close.message).toBe(`信访事项${p.number}当前状态为「待受理」，不能办结`);
    const reply = await step(c.village, p.id, 'reply', { version: 1, reply: '答复' }, 409);
    expect(reply.message).toContain('不能答复');
    await step(c.township, p.id, 'accept', { version: 1 });
    const stale = await step(c.township, p.id, 'extend', { version: 1, days: 5, reason: '复杂' }, 409);
    expect(stale.message).toContain('已被他人处理');
    await step(c.township, p.id, 'accept', { version: 2, decidedOn: addDays(today(), 1) }, 409);
    const after = await counts();
    expect(after).toEqual({ ...before, events: before.events + 1, audits: before.audits + 1 });
  });

  it('reassigns within the scope and keeps the history', async () => {
    const p = await register(c.township, { assignedUnitId: '430623101' });
    const r = await step(c.township, p.id, 'assign', { version: 1, unitId: FUXING, note: '属复兴村事务' });
    expect(r.version).toBe(2);
    const d = await detail(c.village2, p.id);
    expect(d.unitName).toBe('复兴村');
    expect(d.history[1]).toMatchObject({ action: 'assign' });
    expect(d.history[1].note).toContain('复兴村');
    // A unit of another township is not the township's to assign to.
    const bad = await step(c.township, p.id, 'assign', { version: 2, unitId: '430623102' }, 400);
    expect(bad.problems[0].field).toBe('unitId');
  });
});

describe('scope and permissions', () => {
  it('each user sees the petitions of their units, and those they registered', async () => {
    const mine = await register(c.township, { subject: '范围测试', assignedUnitId: XINPU });
    const list = async (who: Client) =>
      (await who.get('/api/petitions?limit=200')).body.items as Array<{
        id: string;
        unitName: string;
        petitionerPhone: string;
      }>;
    expect((await list(c.village)).every((i) => i.unitName === '新铺村')).toBe(true);
    expect((await list(c.village)).some((i) => i.id === mine.id)).toBe(true);
    expect((await list(c.village2)).some((i) => i.id === mine.id)).toBe(false);
    expect(await list(c.zhihedu)).toEqual([]);
    expect((await c.zhihedu.get(`/api/petitions/${mine.id}`)).status).toBe(404);
    // Lists mask the phone; the detail (audited) shows it.
    expect((await list(c.county)).find((i) => i.id === mine.id)!.petitionerPhone).toBe('138****5678');

    // The county moves it to a village of 治河渡镇: the township still sees what it registered, but no longer handles it.
    const zhiheduVillage = await t.db
      .selectFrom('orgUnit')
      .select('id')
      .where('parentId', '=', '430623102')
      .where('level', '=', 'village')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    await step(c.county, mine.id, 'assign', { version: 1, unitId: zhiheduVillage.id });
    expect((await list(c.township)).some((i) => i.id === mine.id)).toBe(true);
    expect((await detail(c.township, mine.id)).steps).toEqual([]);
    const f = await step(c.township, mine.id, 'accept', { version: 2 }, 403);
    expect(f.message).toContain('承办');
    expect((await list(c.village)).some((i) => i.id === mine.id)).toBe(false);
    expect((await list(c.zhihedu)).some((i) => i.id === mine.id)).toBe(true);
  });

  it('villages handle but do not register or decide; other roles see nothing', async () => {
    expect((await c.village.post('/api/petitions', petition())).status).toBe(403);
    const p = await register(c.admin, { assignedUnitId: XINPU });
    await step(c.village, p.id, 'accept', { version: 1 }, 403);
    expect((await c.health.get('/api/petitions')).status).toBe(403);
    expect((await c.health.get(`/api/petitions/${p.id}`)).status).toBe(403);
    // The county administrator registers and decides; holding petition.register, it may also record the reply.
    await step(c.admin, p.id, 'accept', { version: 1 });
    await step(c.admin, p.id, 'reply', { version: 2, reply: '已答复' });
  });
});

describe('validation', () => {
  it('refuses bad registrations naming the field, writing nothing', async () => {
    const before = await counts();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ receivedOn: addDays(today(), 1) }, 'receivedOn'],
      [{ receivedOn: '2026-02-30' }, 'receivedOn'],
      [{ subject: '  ' }, 'subject'],
      [{ channel: 'fax' }, 'channel'],
      [{ assignedUnitId: '430623102' }, 'assignedUnitId'],
      [{ petitionerPhone: 'abc' }, 'petitionerPhone'],
      [{ petitionerPersonId: '00000000-0000-4000-8000-000000000000' }, 'petitionerPersonId'],
    ];
    for (const [over, field] of cases) {
      const res = await c.township.post('/api/petitions', petition(over));
      expect(res.status, `${field}: ${JSON.stringify(res.body)}`).toBe(400);
      expect(res.body.problems.map((p: { field: string }) => p.field)).toContain(field);
      expect(res.body.message).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(await counts()).toEqual(before);
  });
});

describe('numbering', () => {
  it('numbers per county and year of receipt, unique under registrations at the same time', async () => {
    const year = Number(today().slice(0, 4)) - 1;
    const made = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        c.township.post('/api/petitions', petition({ receivedOn: `${year}-03-0${i + 1}` })),
      ),
    );
    expect(made.map((r) => r.status)).toEqual([201, 201, 201, 201, 201, 201]);
    const numbers = made.map((r) => r.body.number as string).sort();
    expect(numbers).toEqual([1, 2, 3, 4, 5, 6].map((n) => `${year}-000${n}`));
  });
});

describe('escalation', () => {
  it('raises overdue petitions once per level, and the county sees them', async () => {
    const slow = await register(c.township, { receivedOn: addDays(today(), -45), subject: '长期未受理' });
    const recent = await register(c.township, { receivedOn: addDays(today(), -1), subject: '新近来信' });
    const first = await escalatePetitions(t.db, undefined, { today: today() });
    const mine = first.filter((e) => e.id === slow.id);
    expect(mine).toEqual([expect.objectContaining({ stage: 'accept', fromLevel: 0, toLevel: 2 })]);
    expect(first.some((e) => e.id === recent.id)).toBe(false);
    // Run again the same day: nothing more.
    expect(await escalatePetitions(t.db, undefined, { today: today() })).toEqual([]);
    const d = await detail(c.county, slow.id);
    expect(d.escalationLevel).toBe(2);
    expect(d.escalatedAt).toBeTruthy();
    expect(
      d.history
        .filter((h: { action: string }) => h.action === 'escalate')
        .map((h: { note: string }) => h.note.slice(0, 6)),
    ).toEqual(['升级至第1级', '升级至第2级']);
    const audits = await t.db
      .selectFrom('auditLog')
      .select('detail')
      .where('objectId', '=', slow.id)
      .where('action', '=', 'petition.escalate')
      .execute();
    expect(audits).toHaveLength(1);

    // The recent one: level 1 once its acceptance deadline has passed, level 2 beyond 15 days, each once.
    const due = recent.acceptDueOn;
    expect(await escalatePetitions(t.db, undefined, { today: due })).toEqual([]);
    const l1 = (await escalatePetitions(t.db, undefined, { today: addDays(due, 1) })).filter((e) => e.id === recent.id);
    expect(l1).toEqual([expect.objectContaining({ fromLevel: 0, toLevel: 1, overdueDays: 1 })]);
    expect(
      (await escalatePetitions(t.db, undefined, { today: addDays(due, 15) })).filter((e) => e.id === recent.id),
    ).toEqual([]);
    const l2 = (await escalatePetitions(t.db, undefined, { today: addDays(due, 16) })).filter(
      (e) => e.id === recent.id,
    );
    expect(l2).toEqual([expect.objectContaining({ fromLevel: 1, toLevel: 2 })]);
    const events = await petitionDb(t.db)
      .selectFrom('petitionEvent')
      .select('note')
      .where('petitionId', '=', recent.id)
      .where('action', '=', 'escalate')
      .execute();
    expect(events).toHaveLength(2);

    const list = await c.county.get('/api/petitions?escalated=true&limit=200');
    expect(list.status).toBe(200);
    expect(list.body.items.map((i: { id: string }) => i.id)).toEqual(expect.arrayContaining([slow.id, recent.id]));
    expect(list.body.items.every((i: { escalationLevel: number }) => i.escalationLevel > 0)).toBe(true);
    expect(list.body.counts.escalatedOpen).toBeGreaterThanOrEqual(2);
    const overdue = await c.county.get('/api/petitions?overdue=true&limit=200');
    expect(overdue.body.items.map((i: { id: string }) => i.id)).toContain(slow.id);
    expect(overdue.body.items.map((i: { id: string }) => i.id)).not.toContain(recent.id);
  });

  it('the server escalates when it starts', async () => {
    const p = await register(c.township, { receivedOn: addDays(today(), -45), subject: '服务启动时升级' });
    // Another server process on the same database: it runs the escalation when ready.
    const app = await buildApp({
      database: { db: t.db, engine: 'pglite', close: async () => {} },
      config: loadConfig({ RENKOU_DATA: '/nonexistent' }),
      sealer: t.sealer,
      version: 'test',
    });
    await app.ready();
    await app.close();
    const row = await petitionDb(t.db)
      .selectFrom('petition')
      .select(['escalationLevel', 'escalatedAt'])
      .where('id', '=', p.id)
      .executeTakeFirstOrThrow();
    expect(row.escalationLevel).toBe(2);
    expect(row.escalatedAt).not.toBeNull();
  });

  it('filters by status, channel, dates and search', async () => {
    const p = await register(c.township, {
      channel: 'letter',
      subject: '二孩生育登记咨询',
      receivedOn: addDays(today(), -2),
    });
    const q = async (s: string) =>
      ((await c.township.get(`/api/petitions?${s}`)).body.items as Array<{ id: string }>).map((i) => i.id);
    expect(await q('search=生育登记')).toEqual([p.id]);
    expect(await q(`channel=letter&receivedFrom=${addDays(today(), -2)}&receivedTo=${addDays(today(), -2)}`)).toEqual([
      p.id,
    ]);
    expect(await q('status=closed,replied')).not.toContain(p.id);
    expect(await q(`status=registered&unitId=${XINPU}`)).toContain(p.id);
    expect((await c.village2.get(`/api/petitions?unitId=${XINPU}`)).status).toBe(404);
    expect((await c.township.get('/api/petitions?status=open')).status).toBe(400);
  });
});
