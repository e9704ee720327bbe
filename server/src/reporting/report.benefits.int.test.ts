import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  approvedCycle,
  cardNumber,
  download,
  login,
  registry,
  resultFileFor,
  upload,
} from '../benefits/benefit.payment.fixtures.js';
import { payDb } from '../benefits/benefit.payment.repository.js';
import { PASSWORD, setupTestCase, XINPU, type TestCase } from '../testing/setup.js';

/**
 * A death reported by the village after the benefit was paid: the county's confirmation of the
 * death opens the recovery case at once (issue 6: "a payment made after death opens a recovery
 * case"), without waiting for the next batch or a manual scan.
 */
let t: TestCase;
let reg: ReturnType<typeof registry>;

beforeAll(async () => {
  t = await setupTestCase();
  reg = registry(t);
  await reg.ruralCouple('WANG', XINPU);
});
afterAll(() => t?.close());

describe('a death confirmed after the rural reward was paid', () => {
  it('recovers a yearly reward credited after the death, not one credited before it', async () => {
    const county = await t.as('county');
    const admin = await t.as('admin');
    const village = await t.as('village');
    const township = await t.as('township');
    const cycleId = await approvedCycle(t, county, 'rural_reward');
    for (const [i, key] of ['WANGH', 'WANGW'].entries()) {
      const res = await village.put(`/api/benefits/accounts/${reg.ids[key]}`, {
        bankName: '华容县农村商业银行',
        accountNumber: cardNumber(9100 + i),
        holderName: reg.name(key),
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }
    const batch = await county.post('/api/benefits/batches', {
      cycleId,
      period: '2026',
      madeOn: '2026-12-01',
      dueOn: '2026-12-20',
    });
    expect(batch.status, JSON.stringify(batch.body)).toBe(201);
    expect((await admin.post(`/api/benefits/batches/${batch.body.id}/approve`, { version: 1 })).status).toBe(200);
    const cookie = await login(t, 'county', PASSWORD);
    const exported = await download(t, cookie, `/api/benefits/batches/${batch.body.id}/export?format=txt`);
    expect(exported.status).toBe(200);
    const result = await upload(
      t,
      cookie,
      `/api/benefits/batches/${batch.body.id}/results`,
      '回盘.txt',
      resultFileFor(exported.raw, () => ({ ok: true, date: '2026-12-05' })),
    );
    expect(result.status, JSON.stringify(result.body)).toBe(200);
    const recoveries = () =>
      payDb(t.db)
        .selectFrom('benefitRecovery')
        .select(['personId', 'amountFen'])
        .where('countyCode', '=', '430623')
        .execute();
    expect(await recoveries()).toEqual([]);

    // The husband died on 3 December, reported by the village afterwards.
    const r = await village.post('/api/reports', {
      type: 'death',
      unitId: XINPU,
      eventDate: '2026-12-03',
      payload: { personId: reg.ids.WANGH, cause: '疾病' },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const a = await township.post(`/api/reports/${r.body.id}/approve`, { version: r.body.version });
    const c = await county.post(`/api/reports/${r.body.id}/confirm`, { version: a.body.version });
    expect(c.status, JSON.stringify(c.body)).toBe(200);

    // Decided once for the year on 31 December: dead by then, nothing of 2026 was due to him.
    const payee = payDb(t.db).selectFrom('benefitPayment').select(['personId', 'amountFen']);
    const paid = await payee.where('personId', '=', reg.ids.WANGH!).executeTakeFirstOrThrow();
    expect(await recoveries()).toEqual([{ personId: reg.ids.WANGH, amountFen: paid.amountFen }]);
    // His wife's payment stands.
    expect((await recoveries()).some((x) => x.personId === reg.ids.WANGW)).toBe(false);

    // She dies on 6 December, the day after her year's reward was credited: it stands, nothing to recover.
    const w = await village.post('/api/reports', {
      type: 'death',
      unitId: XINPU,
      eventDate: '2026-12-06',
      payload: { personId: reg.ids.WANGW, cause: '疾病' },
    });
    expect(w.status, JSON.stringify(w.body)).toBe(201);
    const wa = await township.post(`/api/reports/${w.body.id}/approve`, { version: w.body.version });
    expect((await county.post(`/api/reports/${w.body.id}/confirm`, { version: wa.body.version })).status).toBe(200);
    expect((await recoveries()).map((x) => x.personId)).toEqual([reg.ids.WANGH]);
  });
});
