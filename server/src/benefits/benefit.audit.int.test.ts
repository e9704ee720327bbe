import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUXING, setupTestCase, type Client, type TestCase } from '../testing/setup.js';
import { seedPayments, type PaymentFixture } from './benefit.figures.fixtures.js';

/**
 * The funds auditor (资金审计员, demo account fundaudit) reads every payment of the county with its
 * whole trail and every batch with its reconciliation, changes nothing, and every read of hers is
 * on the audit log. The payments are those of benefit.figures.fixtures.ts.
 */
let t: TestCase;
let f: PaymentFixture;
let auditor: Client;
const FULL_ACCOUNT = '6230901234567890123';

beforeAll(async () => {
  t = await setupTestCase();
  f = await seedPayments(t);
  auditor = await t.as('fundaudit');
});
afterAll(async () => t?.close());

const ids = (res: { body: { items: Array<{ id: string }> } }) => res.body.items.map((i) => i.id).sort();

describe('the funds auditor reads every payment', () => {
  it('lists the county’s payments with names, masked ID and account numbers', async () => {
    const res = await auditor.get('/api/benefits/audit/payments?pageSize=200');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.total).toBe(9);
    const p3 = res.body.items.find((i: any) => i.id === f.payments.P3);
    expect(p3).toMatchObject({
      name: '王秀英',
      programCode: 'rural_reward',
      batchPeriod: '2026',
      amountFen: 110_000,
      status: 'paid',
      accountMasked: '****0123',
      recoveryStatus: 'open',
      townshipName: '三封寺镇',
    });
    expect(p3.idNumberMasked).toMatch(/^430623\*+\d{3}[\dX]$/);
    const text = JSON.stringify(res.body);
    expect(text).not.toContain(FULL_ACCOUNT);
    expect(text).not.toContain(t.people.ids.wife);
    expect(res.body.items.find((i: any) => i.id === f.payments.P4).retriedBy).toBe(f.payments.P6);
  });

  it('filters by program, year, batch, township or village, status and recovery, page by page', async () => {
    const q = (s: string) => auditor.get(`/api/benefits/audit/payments?pageSize=200&${s}`);
    expect((await q('programCode=special_assistance')).body.total).toBe(3);
    expect((await q('year=2025')).body.total).toBe(0);
    expect((await q(`cycleId=${f.cycles.rural}`)).body.total).toBe(6);
    expect(ids(await q(`batchId=${f.batches.b2}`))).toEqual([f.payments.P6]);
    expect(ids(await q(`unitId=${FUXING}`))).toEqual([f.payments.P4, f.payments.P6, f.payments.P7].sort());
    expect((await q('unitId=430623102')).body.total).toBe(3);
    expect(ids(await q('status=failed'))).toEqual([f.payments.P4, f.payments.P7].sort());
    expect(ids(await q('withRecovery=true'))).toEqual([f.payments.P3]);
    expect((await q('withRecovery=false')).body.total).toBe(8);
    const page2 = await auditor.get('/api/benefits/audit/payments?pageSize=4&page=3');
    expect(page2.body).toMatchObject({ total: 9, page: 3, pageSize: 4 });
    expect(page2.body.items).toHaveLength(1);
    expect((await q('status=lost')).status).toBe(400);
  });

  it('opens one payment’s whole trail in one answer', async () => {
    const res = await auditor.get(`/api/benefits/audit/payments/${f.payments.P3}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const trail = res.body;
    expect(trail.payment).toMatchObject({
      id: f.payments.P3,
      name: '王秀英',
      paidOn: '2026-03-25',
      bankName: '华容农商银行',
    });
    expect(trail.candidate).toMatchObject({ outcome: 'yes', status: 'approved', villageVerdict: 'eligible' });
    expect(trail.candidate.explanation.verdict).toContain('符合');
    expect(trail.candidate.approvedBy).toMatchObject({ username: 'admin' });
    // Every step: who, what, when, why — the township's return with its reason among them.
    expect(trail.events.map((e: any) => e.action)).toEqual([
      'generate',
      'verify',
      'return',
      'verify',
      'review',
      'approve',
    ]);
    expect(trail.events[2]).toMatchObject({ reason: '请补充独生子女证复印件', actor: { username: 'township' } });
    expect(trail.notice).toMatchObject({ publishedOn: '2026-01-18', endsOn: '2026-01-24', entries: 1 });
    expect(trail.notice.entry).toMatchObject({ name: '王秀英' });
    expect(trail.objections).toEqual([
      expect.objectContaining({ status: 'dismissed', resolution: '核实户籍：唯一子女，异议不成立' }),
    ]);
    expect(trail.batch).toMatchObject({ id: f.batches.b1, status: 'reconciled', createdBy: { username: 'county' } });
    expect(trail.batch.approvedBy).toMatchObject({ username: 'admin' });
    expect(trail.batch.exportedBy).toMatchObject({ username: 'county' });
    expect(trail.batch.log.map((l: any) => [l.action, l.username])).toContainEqual(['benefit.batch.export', 'county']);
    expect(trail.resultImport).toMatchObject({ fileName: '回盘文件-2026-01.txt', paid: 4, failed: 1 });
    expect(trail.recovery).toMatchObject({ amountFen: 27_500, status: 'open' });
    expect(trail.accountLog).toEqual([
      expect.objectContaining({ action: 'benefit.account.reveal', username: 'village' }),
    ]);
    const text = JSON.stringify(trail);
    expect(text).not.toContain(FULL_ACCOUNT);
    expect(text).not.toContain(t.people.ids.wife);
    // A repay points at the payment it pays again.
    const repay = await auditor.get(`/api/benefits/audit/payments/${f.payments.P6}`);
    expect(repay.body.payment).toMatchObject({ retryOf: f.payments.P4, status: 'paid' });
    expect(repay.body.recovery).toBeNull();
    expect((await auditor.get(`/api/benefits/audit/payments/${randomUUID()}`)).status).toBe(404);
  });

  it('lists batches with their reconciliation', async () => {
    // A batch whose payments do not add up to its total shows as not balancing.
    await sql`UPDATE benefit_batch SET total_fen = 60000 WHERE id = ${f.batches.b4}`.execute(t.db);
    const res = await auditor.get('/api/benefits/audit/batches');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.total).toBe(4);
    const b = (id: string) => res.body.items.find((x: any) => x.id === id);
    expect(b(f.batches.b1)).toMatchObject({
      programCode: 'rural_reward',
      payments: 5,
      paid: 4,
      failed: 1,
      pending: 0,
      paidFen: 440_000,
      failedFen: 110_000,
      totalFen: 550_000,
      resultImports: 1,
      recoveries: 1,
      reconciliation: { countBalances: true, fenBalances: true, settled: true },
      createdBy: { username: 'county' },
      exportedBy: { username: 'county' },
    });
    expect(b(f.batches.b2).exportedBy).toBeNull();
    expect(b(f.batches.b3).reconciliation).toEqual({ countBalances: true, fenBalances: true, settled: false });
    expect(b(f.batches.b4).reconciliation.fenBalances).toBe(false);
    const special = await auditor.get('/api/benefits/audit/batches?programCode=special_assistance&status=exported');
    expect(special.body.items.map((x: any) => x.id)).toEqual([f.batches.b3]);
  });

  it('every read of hers is on the audit log', async () => {
    const rows = await t.db
      .selectFrom('auditLog')
      .select(['action', 'objectId'])
      .where('username', '=', 'fundaudit')
      .where('outcome', '=', 'success')
      .execute();
    const actions = rows.map((r) => r.action);
    expect(actions).toEqual(
      expect.arrayContaining(['benefit.audit.payments', 'benefit.audit.payment', 'benefit.audit.batches']),
    );
    expect(rows.filter((r) => r.action === 'benefit.audit.payment').map((r) => r.objectId)).toContain(f.payments.P3);
  });
});

describe('the funds auditor changes nothing', () => {
  /** Every change route under /api/benefits, from the OpenAPI description the app generates. */
  function writeRoutes(): Array<{ method: string; url: string }> {
    const spec = t.app.swagger() as { paths: Record<string, Record<string, unknown>> };
    return Object.entries(spec.paths)
      .filter(([path]) => path.startsWith('/api/benefits'))
      .flatMap(([path, ops]) =>
        Object.keys(ops)
          .filter((m) => ['post', 'put', 'patch', 'delete'].includes(m))
          .map((m) => ({
            method: m.toUpperCase(),
            // Any id will do: the refusal comes before the route looks anything up.
            url: path.replace(/\{code\}/g, 'rural_reward').replace(/\{[^}]+\}/g, f.payments.P3),
          })),
      );
  }

  it('is refused with 403 on every benefit write route, and nothing is written', async () => {
    const routes = writeRoutes();
    // The programs, the cycle, and whatever the workflow and payment slices add.
    expect(routes).toContainEqual({ method: 'POST', url: '/api/benefits/cycles' });
    expect(routes).toContainEqual({ method: 'PUT', url: '/api/benefits/programs/rural_reward' });
    expect(routes.length).toBeGreaterThanOrEqual(4);
    const before = await sql<{ n: string }>`
      SELECT (SELECT count(*) FROM benefit_payment) || '/' || (SELECT count(*) FROM benefit_batch) || '/' ||
             (SELECT count(*) FROM benefit_cycle) || '/' || (SELECT count(*) FROM benefit_candidate_event) AS n`.execute(
      t.db,
    );
    for (const r of routes) {
      const res = await t.app.inject({
        method: r.method as 'POST',
        url: r.url,
        payload: { programCode: 'rural_reward', year: 2026, note: '审计', reason: '审计' },
        headers: { cookie: auditor.cookie },
      });
      expect(res.statusCode, `${r.method} ${r.url}: ${res.body}`).toBe(403);
    }
    const after = await sql<{ n: string }>`
      SELECT (SELECT count(*) FROM benefit_payment) || '/' || (SELECT count(*) FROM benefit_batch) || '/' ||
             (SELECT count(*) FROM benefit_cycle) || '/' || (SELECT count(*) FROM benefit_candidate_event) AS n`.execute(
      t.db,
    );
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
    const denied = await t.db
      .selectFrom('auditLog')
      .select('objectId')
      .where('username', '=', 'fundaudit')
      .where('action', '=', 'benefit.audit.changeRefused')
      .where('outcome', '=', 'denied')
      .execute();
    expect(denied.length).toBe(routes.length);
  });

  it('may still sign out (the refusal covers benefit data only)', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: auditor.cookie } });
    expect(res.statusCode).toBeLessThan(300);
    auditor = await t.as('fundaudit');
  });
});

describe('others without benefit.audit', () => {
  it('are refused the auditor’s view', async () => {
    for (const user of ['county', 'township', 'village', 'auditor']) {
      const c = await t.as(user);
      expect((await c.get('/api/benefits/audit/payments')).status, user).toBe(403);
      expect((await c.get('/api/benefits/audit/batches')).status, user).toBe(403);
      expect((await c.get(`/api/benefits/audit/payments/${f.payments.P3}`)).status, user).toBe(403);
    }
  });
});
