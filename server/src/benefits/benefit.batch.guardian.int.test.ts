import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, setupTestCase, XINPU, type TestCase } from '../testing/setup.js';
import { approvedCycle, cardNumber, download, login, registry } from './benefit.payment.fixtures.js';

/**
 * The childcare subsidy is a program per child: the child is the beneficiary, and the money goes
 * into the guardian's one-card account (the mother's if she is registered, else the father's),
 * since a baby holds no bank card. The bank file names the holder and her ID number.
 */
let t: TestCase;
let reg: ReturnType<typeof registry>;

beforeAll(async () => {
  t = await setupTestCase();
  reg = registry(t);
  await reg.add(
    { key: 'MUM', sex: 2, birth: '1996-04-02', unit: XINPU, spouse: 'DAD' },
    { key: 'DAD', sex: 1, birth: '1994-01-09', unit: XINPU, spouse: 'MUM' },
    { key: 'SOLO', sex: 1, birth: '1990-02-02', unit: XINPU },
  );
  await reg.add(
    { key: 'BABY', sex: 1, birth: '2025-06-15', unit: XINPU, mother: 'MUM', father: 'DAD' },
    { key: 'KID', sex: 2, birth: '2024-12-01', unit: XINPU, father: 'SOLO' },
  );
});
afterAll(() => t?.close());

describe('a program paid per child', () => {
  it("pays into the mother's account, else the father's, and the bank file names the holder", async () => {
    const county = await t.as('county');
    const admin = await t.as('admin');
    const cycleId = await approvedCycle(t, county, 'childcare_subsidy');
    const put = (key: string, n: number) =>
      county.put(`/api/benefits/accounts/${reg.ids[key]}`, {
        bankName: '华容县农村商业银行',
        accountNumber: cardNumber(n),
        holderName: reg.name(key),
      });
    expect((await put('MUM', 4401)).status).toBe(200);
    const made = await county.post('/api/benefits/batches', {
      cycleId,
      period: '2026',
      madeOn: '2026-12-01',
      dueOn: '2026-12-20',
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const stopped = Object.fromEntries(made.body.stopped.map((s: any) => [s.personId, s]));
    // The father raising KID alone has no account yet: the child's money waits for it.
    expect(stopped[reg.ids.KID!]).toMatchObject({ reason: 'no_account' });
    expect(stopped[reg.ids.KID!].text).toContain('监护人');
    expect(stopped[reg.ids.BABY!]).toBeUndefined();

    const batch = (await county.get(`/api/benefits/batches/${made.body.id}`)).body;
    const baby = batch.items.find((p: any) => p.personId === reg.ids.BABY);
    expect(baby).toMatchObject({ name: reg.name('BABY'), holderName: reg.name('MUM') });
    expect((await admin.post(`/api/benefits/batches/${made.body.id}/approve`, { version: 1 })).status).toBe(200);
    const cookie = await login(t, 'county', PASSWORD);
    const file = await download(t, cookie, `/api/benefits/batches/${made.body.id}/export?format=txt`);
    const line = iconv
      .decode(file.raw, 'gb18030')
      .split('\r\n')
      .find((l) => l.includes(reg.name('MUM')))!;
    const mumId = await t.db
      .selectFrom('person')
      .select('idNumberSealed')
      .where('id', '=', reg.ids.MUM!)
      .executeTakeFirstOrThrow();
    expect(line.split('|')[2]).toBe(t.sealer.open(mumId.idNumberSealed!));
    expect(line).toContain(`子女 ${reg.name('BABY')}`);
    expect(line).toContain(cardNumber(4401));
  });
});
