import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clock } from '../lib/clock.js';
import { InvalidInputError } from '../lib/errors.js';
import { importDispensingCounts } from './dispenser.import.js';
import { FUXING, setupTestCase, XINPU, type Client, type TestCase } from '../testing/setup.js';
import { stockAfter } from './dispenser.service.js';
import { dispenserDb } from './dispenser.tables.js';

/**
 * 新铺村's worker keeps the machine at the village clinic: registers it, restocks it, enters the
 * machine's daily counts and a stocktake; the township sees its villages' machines and which are
 * due for restocking; 复兴村 and 治河渡镇 see nothing of 新铺村's.
 */
let t: TestCase;
const c = {} as Record<'village' | 'village2' | 'township' | 'zhihedu' | 'county', Client>;
const today = clock.today();
const daysAgo = (n: number) => new Date(Date.parse(`${today}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);
let xinpu = '';

const machine = (over: Record<string, unknown> = {}) => ({
  code: 'HR-XP-01',
  unitId: XINPU,
  location: '新铺村卫生室门口',
  installedOn: daysAgo(90),
  capacity: 100,
  stock: 40,
  restockThreshold: 20,
  ...over,
});
const eventCount = async () =>
  Number(
    (
      await dispenserDb(t.db)
        .selectFrom('dispenserEvent')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

beforeAll(async () => {
  t = await setupTestCase();
  for (const u of Object.keys({ village: 1, village2: 1, township: 1, zhihedu: 1, county: 1 }) as Array<keyof typeof c>)
    c[u] = await t.as(u);
});
afterAll(() => t.close());

describe('stock arithmetic', () => {
  it('restock, dispense and stocktake move the stock within the capacity', () => {
    const m = { code: 'A', capacity: 100, stock: 40 };
    expect(stockAfter(m, { kind: 'restock', quantity: 60 })).toEqual({ stock: 100, quantity: 60 });
    expect(stockAfter(m, { kind: 'restock', quantity: 61 })).toMatchObject({ field: 'quantity' });
    expect(stockAfter(m, { kind: 'dispense', quantity: 40 })).toEqual({ stock: 0, quantity: 40 });
    expect(stockAfter(m, { kind: 'dispense', quantity: 41 })).toMatchObject({ field: 'quantity' });
    expect(stockAfter(m, { kind: 'stocktake', quantity: 37 })).toMatchObject({ stock: 37, quantity: 3 });
    expect(stockAfter(m, { kind: 'stocktake', quantity: 101 })).toMatchObject({ field: 'quantity' });
  });
});

describe('dispensing machines', () => {
  it('the village registers its machine; the code is unique in the county', async () => {
    const res = await c.village.post('/api/dispensers', machine());
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    xinpu = res.body.id;
    const dup = await c.township.post('/api/dispensers', machine({ code: 'hr-xp-01', unitId: '430623101' }));
    expect(dup.status).toBe(409);
    expect(dup.body.problems[0].field).toBe('code');
    // A village worker cannot place a machine in another village.
    const elsewhere = await c.village.post('/api/dispensers', machine({ code: 'HR-FX-01', unitId: FUXING }));
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body.problems[0].field).toBe('unitId');
    const over = await c.village.post('/api/dispensers', machine({ code: 'HR-XP-02', stock: 120 }));
    expect(over.status).toBe(400);
    expect(over.body.problems[0].field).toBe('stock');
    expect(over.body.message).toContain('超过容量');
  });

  it('restocking, daily counts and a stocktake each keep the stock after them', async () => {
    const post = (body: Record<string, unknown>) => c.village.post(`/api/dispensers/${xinpu}/events`, body);
    let r = await post({ kind: 'dispense', onDate: daysAgo(10), quantity: 12 });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.stock).toBe(28);
    r = await post({ kind: 'restock', onDate: daysAgo(9), quantity: 60 });
    expect(r.body.stock).toBe(88);

    const before = await eventCount();
    const overfill = await post({ kind: 'restock', onDate: daysAgo(8), quantity: 13 });
    expect(overfill.status).toBe(400);
    expect(overfill.body.problems[0].field).toBe('quantity');
    expect(overfill.body.message).toContain('最多还能补 12 盒');
    const tooMany = await post({ kind: 'dispense', onDate: daysAgo(8), quantity: 89 });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.message).toContain('超过');
    const sameDay = await post({ kind: 'dispense', onDate: daysAgo(10), quantity: 1 });
    expect(sameDay.status).toBe(400);
    expect(sameDay.body.problems[0].field).toBe('onDate');
    const beforeInstall = await post({ kind: 'dispense', onDate: daysAgo(91), quantity: 1 });
    expect(beforeInstall.status).toBe(400);
    const stale = await post({ version: 1, kind: 'dispense', onDate: daysAgo(7), quantity: 1 });
    expect(stale.status).toBe(409);
    expect(await eventCount()).toBe(before);

    r = await post({ kind: 'stocktake', onDate: daysAgo(5), quantity: 85, note: '三盒过期销毁' });
    expect(r.status).toBe(201);
    expect(r.body.stock).toBe(85);
    r = await post({ kind: 'dispense', onDate: daysAgo(1), quantity: 66 });
    expect(r.body.stock).toBe(19);

    const detail = await c.village.get(`/api/dispensers/${xinpu}`);
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({ stock: 19, due: true, code: 'HR-XP-01', townshipName: '三封寺镇' });
    expect(detail.body.events.map((e: { kind: string; stockAfter: number }) => [e.kind, e.stockAfter])).toEqual([
      ['dispense', 19],
      ['stocktake', 85],
      ['restock', 88],
      ['dispense', 28],
      ['stocktake', 40],
    ]);
    expect(detail.body.events[1].note).toContain('少 3 盒');
    const dispensed = detail.body.monthly.reduce((s: number, m: { dispensed: number }) => s + m.dispensed, 0);
    expect(dispensed).toBe(78);
    const audit = await t.db.selectFrom('auditLog').select('action').where('action', 'like', 'dispenser.%').execute();
    expect(audit.filter((a) => a.action === 'dispenser.events').length).toBe(4);
  });

  it('lists put machines due for restocking first; the due list groups them by township', async () => {
    const fx = await c.village2.post('/api/dispensers', machine({ code: 'HR-FX-01', unitId: FUXING, stock: 80 }));
    expect(fx.status).toBe(201);
    const zh = await c.zhihedu.post(
      '/api/dispensers',
      machine({ code: 'HR-ZH-01', unitId: '430623102', location: '治河渡镇卫生院', stock: 5 }),
    );
    expect(zh.status).toBe(201);

    const list = await c.township.get('/api/dispensers');
    expect(list.body.items.map((i: { code: string }) => i.code)).toEqual(['HR-XP-01', 'HR-FX-01']);
    expect(list.body.due).toBe(1);

    const due = await c.county.get('/api/dispensers/due');
    expect(due.status).toBe(200);
    expect(
      due.body.townships.map((g: { townshipName: string; machines: Array<{ code: string }> }) => [
        g.townshipName,
        g.machines.map((m) => m.code),
      ]),
    ).toEqual([
      ['三封寺镇', ['HR-XP-01']],
      ['治河渡镇', ['HR-ZH-01']],
    ]);
    expect((await c.township.get('/api/dispensers/due')).body.total).toBe(1);
  });

  it('each user sees and keeps only the machines of their own area', async () => {
    expect((await c.village2.get('/api/dispensers')).body.items.map((i: { code: string }) => i.code)).toEqual([
      'HR-FX-01',
    ]);
    expect((await c.village2.get(`/api/dispensers/${xinpu}`)).status).toBe(404);
    expect(
      (await c.zhihedu.post(`/api/dispensers/${xinpu}/events`, { kind: 'restock', onDate: today, quantity: 1 })).status,
    ).toBe(404);
    expect((await c.zhihedu.get(`/api/dispensers?unitId=${XINPU}`)).status).toBe(404);
    for (const who of ['health', 'cases', 'admin', 'fundaudit']) {
      const other = await t.as(who);
      expect((await other.get('/api/dispensers')).status, who).toBe(403);
    }
  });

  it('edits the location and threshold under the version, and retires the machine', async () => {
    const m = (await c.township.get(`/api/dispensers/${xinpu}`)).body;
    const tooHigh = await c.township.patch(`/api/dispensers/${xinpu}`, { version: m.version, restockThreshold: 100 });
    expect(tooHigh.status).toBe(400);
    expect(tooHigh.body.problems[0].field).toBe('restockThreshold');
    const ok = await c.township.patch(`/api/dispensers/${xinpu}`, {
      version: m.version,
      location: '新铺村党群服务中心',
      restockThreshold: 10,
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    const stale = await c.village.patch(`/api/dispensers/${xinpu}`, { version: m.version, location: 'x' });
    expect(stale.status).toBe(409);
    const after = (await c.village.get(`/api/dispensers/${xinpu}`)).body;
    expect(after).toMatchObject({ location: '新铺村党群服务中心', restockThreshold: 10, due: false });

    const retired = await c.village.post(`/api/dispensers/${xinpu}/retire`, {
      version: after.version,
      retiredOn: today,
    });
    expect(retired.status).toBe(200);
    expect((await c.village.get('/api/dispensers')).body.items).toEqual([]);
    expect((await c.village.get('/api/dispensers?includeRetired=true')).body.items).toHaveLength(1);
    const late = await c.village.post(`/api/dispensers/${xinpu}/events`, {
      kind: 'restock',
      onDate: today,
      quantity: 1,
    });
    expect(late.status).toBe(400);
    expect(late.body.message).toContain('撤除');
  });
});

describe('the demo machines', () => {
  it('a year of reports per machine, stock within capacity, a few due, one in 新铺村 the village sees', async () => {
    const { seedDemoDispensers } = await import('./dispenser.demo.js');
    await seedDemoDispensers(t.db, t.sealer, '430623', 7);
    const machines = await dispenserDb(t.db)
      .selectFrom('dispenser')
      .selectAll()
      .where('code', 'like', 'HR-%')
      .execute();
    const demo = machines.filter((m) => !['HR-XP-01', 'HR-FX-01', 'HR-ZH-01'].includes(m.code));
    expect(demo.length).toBeGreaterThanOrEqual(16);
    for (const m of demo) expect(m.stock).toBeLessThanOrEqual(m.capacity);
    const events = await dispenserDb(t.db).selectFrom('dispenserEvent').selectAll().execute();
    expect(events.every((e) => e.stockAfter >= 0 && e.onDate <= today)).toBe(true);
    const due = (await c.county.get('/api/dispensers/due')).body;
    expect(due.total).toBeGreaterThanOrEqual(3);
    const village = (await c.village.get('/api/dispensers')).body.items;
    expect(village.map((m: { code: string }) => m.code)).toContain('HR-101208');
    const detail = (
      await c.village.get(`/api/dispensers/${village.find((m: { code: string }) => m.code === 'HR-101208').id}`)
    ).body;
    expect(detail.monthly.length).toBeGreaterThanOrEqual(12);
    expect(detail.events[0].stockAfter).toBe(detail.stock);
  });
});

describe("the vendor's file of daily counts", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'renkou-dispenser-import-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const county = { id: null, countyCode: '430623', unitPath: '/430623/' };
  const actor = { userId: null, username: 'test', unitId: '430623', address: null };
  const write = (name: string, lines: string[]) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, iconv.encode(lines.join('\r\n'), 'gbk'));
    return { path: p, fileName: name };
  };

  it('a GBK CSV with a title row is read; a wrong row refuses the whole file, naming row and field', async () => {
    const fx = (await c.village2.get('/api/dispensers')).body.items.find(
      (m: { code: string }) => m.code === 'HR-FX-01',
    );
    const stock = fx.stock as number;
    const before = await eventCount();
    const bad = write('发放数-错.csv', [
      '华容县智能药具发放机 每日发放统计',
      '设备编号,日期,发放数量',
      `HR-FX-01,${daysAgo(3)},2`,
      `HR-NONE-9,${daysAgo(3)},1`,
      `HR-FX-01,${daysAgo(2)},abc`,
      `HR-FX-01,${daysAgo(1)},${stock + 1}`,
    ]);
    const refused = await importDispensingCounts(t.db, county, actor, bad).catch((e: InvalidInputError) => e);
    expect(refused).toBeInstanceOf(InvalidInputError);
    const problems = (refused as InvalidInputError).problems;
    expect(problems.map((p) => [p.row, p.field])).toEqual([[5, 'quantity']]);
    expect(problems[0]!.message).toContain('发放数-错.csv 第5行「发放数量」');
    // With the format fixed, the service's rules still see the unknown machine and the overdraw.
    const bad2 = write('发放数-错2.csv', [
      '设备编号,日期,发放数量',
      `HR-FX-01,${daysAgo(3)},2`,
      `HR-NONE-9,${daysAgo(3)},1`,
      `HR-FX-01,${daysAgo(1)},${stock}`,
    ]);
    const refused2 = (await importDispensingCounts(t.db, county, actor, bad2).catch((e) => e)) as InvalidInputError;
    expect(refused2.problems.map((p) => [p.row, p.field])).toEqual([
      [3, 'code'],
      [4, 'quantity'],
    ]);
    expect(await eventCount()).toBe(before);

    const good = write('发放数.csv', [
      '华容县智能药具发放机 每日发放统计',
      '设备编号,发放日期,数量',
      `HR-FX-01,${daysAgo(3).replace(/-/g, '/')},2`,
      `HR-FX-01,${daysAgo(2)},3`,
      '',
    ]);
    const r = await importDispensingCounts(t.db, county, actor, good);
    expect(r).toMatchObject({ events: 2, machines: 1 });
    expect((await c.village2.get(`/api/dispensers/${fx.id}`)).body.stock).toBe(stock - 5);
    // The same file again: each day's count is already in.
    const again = (await importDispensingCounts(t.db, county, actor, good).catch((e) => e)) as InvalidInputError;
    expect(again.problems.map((p) => p.field)).toEqual(['onDate', 'onDate']);
  });

  it('the village uploads the file through the API; a machine outside its area is refused', async () => {
    const send = (who: Client, lines: string[], name: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/dispensers/import',
        payload: Buffer.from(lines.join('\n')),
        headers: { cookie: who.cookie, 'content-type': 'text/csv', 'x-file-name': encodeURIComponent(name) },
      });
    const ok = await send(c.village2, ['设备编号,日期,发放数量', `HR-FX-01,${today},1`], '复兴村.csv');
    expect(ok.statusCode, ok.body).toBe(201);
    expect(JSON.parse(ok.body)).toMatchObject({ events: 1, machines: 1 });
    const other = await send(c.village2, ['设备编号,日期,发放数量', `HR-ZH-01,${today},1`], '治河渡.csv');
    expect(other.statusCode).toBe(400);
    expect(JSON.parse(other.body).message).toContain('治河渡.csv 第2行');
    const health = await send(await t.as('health'), ['设备编号,日期,发放数量'], 'x.csv');
    expect(health.statusCode).toBe(403);
  });
});
