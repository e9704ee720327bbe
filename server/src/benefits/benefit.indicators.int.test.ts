import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUXING, setupTestCase, XINPU, type TestCase } from '../testing/setup.js';
import { seedPayments, type PaymentFixture } from './benefit.figures.fixtures.js';

/**
 * Benefit figures join the indicator catalogue as a third source: 兑现准确率, 资金到位率,
 * 及时发放率, payments and amounts paid, per village, township and county and per period, with
 * the payments behind each numerator and denominator. The payments are those of
 * benefit.figures.fixtures.ts (its table says who was paid what, when).
 */
let t: TestCase;
let f: PaymentFixture;
const SANFENGSI = '430623101';
const ZHIHEDU_TOWNSHIP = '430623102';
const CODES = 'benefitAccuracy,benefitFundsInPlace,benefitTimeliness,benefitPaymentsPaid,benefitAmountPaid';
const byCode = (fs: Array<{ code: string }>) => Object.fromEntries(fs.map((x) => [x.code, x])) as Record<string, any>;

beforeAll(async () => {
  t = await setupTestCase();
  f = await seedPayments(t);
});
afterAll(async () => t?.close());

describe('benefit figures in the indicator catalogue', () => {
  it('are in the catalogue with benefits as their source; the totals have no denominator', async () => {
    const res = await (await t.as('county')).get('/api/indicators/catalog');
    const defs = res.body.indicators.filter((d: any) => d.source === 'benefits');
    expect(defs.map((d: any) => d.code)).toEqual(CODES.split(','));
    const amount = defs.find((d: any) => d.code === 'benefitAmountPaid');
    expect(amount).toMatchObject({ unit: 'yuan', denominator: null, formula: { kind: 'total', of: 'fenPaid' } });
  });

  it('come out as counted by hand for the county in 2026', async () => {
    const res = await (
      await t.as('county')
    ).get(`/api/indicators?unitId=430623&period=2026&codes=${CODES}&breakdown=children`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const c = byCode(res.body.figures);
    // Paid: P1, P2, P3, P5 and the repay P6; P3 has a recovery case: 4 of 5 accurate.
    expect(c.benefitAccuracy).toMatchObject({ numerator: 4, denominator: 5, value: 80 });
    expect(c.benefitAccuracy.lower).toBeLessThan(80);
    // Due: P1, P2, P3, P5, P6 (the failed P4 counts once, on its repay), P7 failed, P8 pending;
    // the draft batch's P9 not at all: 5 × 1,100 + 2 × 510 yuan due, 5 × 1,100 paid.
    expect(c.benefitFundsInPlace).toMatchObject({ numerator: 550_000, denominator: 652_000, lower: null, upper: null });
    expect(c.benefitFundsInPlace.value).toBeCloseTo((550_000 / 652_000) * 100, 10);
    // P2 paid after B1's due date, P6 after B2's: 3 of 5 on time.
    expect(c.benefitTimeliness).toMatchObject({ numerator: 3, denominator: 5, value: 60 });
    expect(c.benefitPaymentsPaid).toMatchObject({ value: 5, numerator: 5, denominator: null, lower: null });
    expect(c.benefitAmountPaid).toMatchObject({ value: 5500, numerator: 550_000, denominator: null, status: null });
    // 三封寺镇 (新铺村 and 复兴村): P1, P2, P3, P6 paid; P3 not accurate; P1 and P3 on time.
    const township = byCode(res.body.breakdown.find((b: any) => b.unit.id === SANFENGSI).figures);
    expect(township.benefitAccuracy).toMatchObject({ numerator: 3, denominator: 4, value: 75 });
    expect(township.benefitTimeliness).toMatchObject({ numerator: 2, denominator: 4, value: 50 });
    expect(township.benefitFundsInPlace).toMatchObject({ numerator: 440_000, denominator: 491_000 });
    const zhihedu = byCode(res.body.breakdown.find((b: any) => b.unit.id === ZHIHEDU_TOWNSHIP).figures);
    expect(zhihedu.benefitFundsInPlace).toMatchObject({ numerator: 110_000, denominator: 161_000 });
    expect(zhihedu.benefitAmountPaid.value).toBe(1100);
  });

  it('split by village and by the quarter of the batch’s due date', async () => {
    const county = await t.as('county');
    const res = await county.get(`/api/indicators?unitId=${SANFENGSI}&period=2026&codes=${CODES}&breakdown=children`);
    const village = (id: string) => byCode(res.body.breakdown.find((b: any) => b.unit.id === id).figures);
    expect(village(XINPU).benefitAccuracy).toMatchObject({ numerator: 2, denominator: 3 });
    expect(village(XINPU).benefitFundsInPlace).toMatchObject({ numerator: 330_000, denominator: 330_000, value: 100 });
    expect(village(FUXING).benefitTimeliness).toMatchObject({ numerator: 0, denominator: 1, value: 0 });
    expect(village(FUXING).benefitFundsInPlace).toMatchObject({ numerator: 110_000, denominator: 161_000 });
    const quarter = async (q: string) =>
      byCode((await county.get(`/api/indicators?unitId=430623&period=${q}&codes=${CODES}`)).body.figures);
    // B1 falls in the first quarter (P4's due is on its repay, in the second).
    expect((await quarter('2026Q1')).benefitFundsInPlace).toMatchObject({ numerator: 440_000, denominator: 440_000 });
    expect((await quarter('2026Q2')).benefitPaymentsPaid.value).toBe(1);
    const q3 = await quarter('2026Q3');
    expect(q3.benefitFundsInPlace).toMatchObject({ numerator: 0, denominator: 102_000, value: 0 });
    expect(q3.benefitAccuracy.value).toBeNull();
    expect((await quarter('2026-03')).benefitPaymentsPaid.value).toBe(4);
  });

  it('list the payments behind a figure within the caller’s area, audited; a total has no denominator', async () => {
    const county = await t.as('county');
    const q = (code: string, part: string, unitId = '430623') =>
      `/api/indicators/${code}/records?unitId=${unitId}&period=2026&part=${part}`;
    const exact = await county.get(q('benefitAccuracy', 'numerator'));
    expect(exact.status, JSON.stringify(exact.body)).toBe(200);
    expect(exact.body.indicator.records).toBe('payments');
    expect(exact.body.total).toBe(4);
    expect(exact.body.items.map((i: any) => i.paymentId).sort()).toEqual(
      [f.payments.P1, f.payments.P2, f.payments.P5, f.payments.P6].sort(),
    );
    const due = await county.get(q('benefitFundsInPlace', 'denominator'));
    expect(due.body.total).toBe(7);
    const p7 = due.body.items.find((i: any) => i.paymentId === f.payments.P7);
    expect(p7).toMatchObject({
      name: '曾志强',
      programCode: 'special_assistance',
      batchPeriod: '2026Q3',
      batchKind: 'regular',
      amountFen: 51_000,
      status: 'failed',
      unitId: FUXING,
    });
    expect(p7.idNumberMasked).toMatch(/^430623\*+\d{3}[\dX]$/);
    expect(JSON.stringify(due.body)).not.toContain('6230901234567890123');
    const paid = await county.get(q('benefitTimeliness', 'denominator'));
    expect(paid.body.items.find((i: any) => i.paymentId === f.payments.P3)).toMatchObject({
      recoveryStatus: 'open',
      recoveryFen: 27_500,
    });
    const none = await county.get(q('benefitAmountPaid', 'denominator'));
    expect(none.status).toBe(400);
    expect(JSON.stringify(none.body)).toContain('没有分母');
    // 新铺村's worker: 新铺村's payments only, and 复兴村 is not hers to ask about.
    const village = await t.as('village');
    const own = await village.get(q('benefitTimeliness', 'denominator', XINPU));
    expect(own.body.total).toBe(3);
    expect(own.body.items.every((i: any) => i.unitId === XINPU)).toBe(true);
    expect((await village.get(q('benefitTimeliness', 'denominator', FUXING))).status).toBe(404);
    expect((await village.get(q('benefitTimeliness', 'denominator'))).status).toBe(404);
    const audit = await t.db
      .selectFrom('auditLog')
      .select(['objectId', 'username'])
      .where('action', '=', 'indicator.records')
      .where('objectId', 'in', ['benefitAccuracy', 'benefitFundsInPlace', 'benefitTimeliness'])
      .execute();
    expect(audit.length).toBeGreaterThanOrEqual(4);
    expect(audit.some((a) => a.username === 'village')).toBe(true);
  });

  it('stay out of the annual report, which keeps to the registry’s figures', async () => {
    const res = await (await t.as('county')).get('/api/annual-report?year=2025');
    expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(200);
    expect(JSON.stringify(res.body)).not.toContain('benefitAccuracy');
  });
});

describe('figures per township and program', () => {
  it('the county: its townships, its programs and the total', async () => {
    const res = await (await t.as('county')).get('/api/benefits/figures?year=2026');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.total).toMatchObject({
      payees: 7,
      payments: 8,
      paid: 5,
      failed: 2,
      pending: 1,
      fenDue: 652_000,
      fenPaid: 550_000,
      accuracy: 80,
      timeliness: 60,
    });
    expect(res.body.units).toHaveLength(14);
    const sanfengsi = res.body.units.find((u: any) => u.unit.id === SANFENGSI);
    expect(sanfengsi).toMatchObject({ payees: 5, paid: 4, failed: 2, pending: 0, accuracy: 75, timeliness: 50 });
    expect(sanfengsi.programs.map((p: any) => p.programCode)).toEqual(['rural_reward', 'special_assistance']);
    const empty = res.body.units.find((u: any) => u.payments === 0);
    expect(empty).toMatchObject({ accuracy: null, fundsInPlace: null });
    const rural = res.body.programs.find((p: any) => p.programCode === 'rural_reward');
    expect(rural).toMatchObject({ payees: 5, payments: 6, paid: 5, failed: 1, fenDue: 550_000, fundsInPlace: 100 });
    expect(rural.programName).toBe('农村部分计划生育家庭奖励扶助');
    const special = await (
      await t.as('county')
    ).get('/api/benefits/figures?period=2026Q3&programCode=special_assistance');
    expect(special.body.total).toMatchObject({ payments: 2, failed: 1, pending: 1, fenDue: 102_000, fundsInPlace: 0 });
  });

  it('a township sees itself; the funds auditor reads it; a village worker has no such permission', async () => {
    const township = await (await t.as('township')).get('/api/benefits/figures?year=2026');
    expect(township.status).toBe(200);
    expect(township.body.units.map((u: any) => u.unit.id)).toEqual([SANFENGSI]);
    expect(township.body.total).toMatchObject({ payees: 5, paid: 4, fenPaid: 440_000 });
    const auditor = await (await t.as('fundaudit')).get('/api/benefits/figures?year=2026');
    expect(auditor.status).toBe(200);
    expect(auditor.body.total.payments).toBe(8);
    expect((await (await t.as('village')).get('/api/benefits/figures?year=2026')).status).toBe(403);
    expect((await (await t.as('county')).get('/api/benefits/figures?year=2026&period=2026')).status).toBe(400);
    const audit = await t.db
      .selectFrom('auditLog')
      .select('username')
      .where('action', '=', 'benefit.figures')
      .execute();
    expect(audit.map((a) => a.username)).toEqual(expect.arrayContaining(['county', 'township', 'fundaudit']));
  });
});
