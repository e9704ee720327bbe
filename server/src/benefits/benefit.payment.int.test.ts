import { randomUUID } from 'node:crypto';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, FUXING, setupTestCase, XINPU, type Client, type TestCase } from '../testing/setup.js';
import {
  approvedCycle,
  cardNumber,
  download,
  login,
  registry,
  resultFileFor,
  upload,
} from './benefit.payment.fixtures.js';
import { payDb } from './benefit.payment.repository.js';
import { openRecoveries } from './benefit.recovery.service.js';

/**
 * The county pays the 2026 rural reward (1,100 yuan a year each) to an approved roster: a batch
 * made on 1 December re-decides everyone on that day, is approved by a second person, exported
 * to the bank, and reconciled from the bank's result file; a failed payment is paid again after
 * the account is corrected; a payment made to someone who then turns out dead opens a recovery.
 */
const ZHIHEDU = '430623102001';
let t: TestCase;
let county: Client;
let admin: Client;
let village: Client;
let reg: ReturnType<typeof registry>;
let cycleId: string;
let batchId: string;
let exported: Buffer;
let countyCookie: string;
const cards: Record<string, string> = {};

const audits = async (action: string) => t.db.selectFrom('auditLog').selectAll().where('action', '=', action).execute();

const register = async (c: Client, key: string, n: number, over: Record<string, unknown> = {}) => {
  cards[key] = cardNumber(n);
  return c.put(`/api/benefits/accounts/${reg.ids[key]}`, {
    bankName: '华容县农村商业银行',
    accountNumber: cards[key],
    holderName: reg.name(key),
    ...over,
  });
};

beforeAll(async () => {
  t = await setupTestCase();
  county = await t.as('county');
  admin = await t.as('admin');
  village = await t.as('village');
  countyCookie = await login(t, 'county', PASSWORD);
  reg = registry(t);
  // Forty couples in 新铺村 who are simply paid; the cases below beside them.
  for (let i = 0; i < 40; i++) await reg.ruralCouple(`N${i}`, XINPU);
  await reg.ruralCouple('DEAD', XINPU); // the husband dies on 1 November, before the batch day
  await reg.ruralCouple('MOVE', FUXING); // the husband's hukou moves out on 1 October
  await reg.ruralCouple('NOAC', FUXING); // the wife has no account yet
  await reg.ruralCouple('FAIL', ZHIHEDU); // the bank fails the husband's payment
  await reg.ruralCouple('LATE', ZHIHEDU); // the husband dies on 3 December, after being paid
  cycleId = await approvedCycle(t, county, 'rural_reward');
  // Deaths and moves registered after the cycle was approved: only the batch day sees them.
  await t.db
    .updateTable('person')
    .set({ deathDate: '2026-11-01', status: 'dead' })
    .where('id', '=', reg.ids.DEADH!)
    .execute();
  await t.db
    .updateTable('person')
    .set({ leftDate: '2026-10-01', status: 'moved_out' })
    .where('id', '=', reg.ids.MOVEH!)
    .execute();
});

afterAll(async () => {
  await t?.close();
});

describe('one-card accounts', () => {
  it('a village worker registers an account in her village; lists show it masked; revealing it is audited', async () => {
    const res = await register(village, 'N0H', 1);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ accountMasked: `**** **** **** ${cards.N0H!.slice(-4)}`, version: 1 });
    expect(JSON.stringify(res.body)).not.toContain(cards.N0H);
    const list = await village.get(`/api/benefits/accounts?q=${encodeURIComponent(reg.name('N0H'))}`);
    expect(list.status).toBe(200);
    expect(list.body[0].account.accountMasked).toMatch(/^\*{4} \*{4} \*{4} \d{4}$/);
    expect(JSON.stringify(list.body)).not.toContain(cards.N0H);
    const stored = await payDb(t.db)
      .selectFrom('benefitAccount')
      .selectAll()
      .where('personId', '=', reg.ids.N0H!)
      .executeTakeFirstOrThrow();
    expect(stored.accountSealed).not.toContain(cards.N0H);
    const before = (await audits('benefit.account.reveal')).length;
    const reveal = await village.post(`/api/benefits/accounts/${reg.ids.N0H}/reveal`);
    expect(reveal.body.accountNumber).toBe(cards.N0H);
    expect((await audits('benefit.account.reveal')).length).toBe(before + 1);
  });

  it('a number that fails its check digit, or a holder who is not the person, is refused naming the field', async () => {
    const bad = cardNumber(2).slice(0, -1) + ((Number(cardNumber(2).slice(-1)) + 1) % 10);
    const r1 = await village.put(`/api/benefits/accounts/${reg.ids.N1H}`, {
      bankName: '农商行',
      accountNumber: bad,
      holderName: reg.name('N1H'),
    });
    expect(r1.status).toBe(400);
    expect(r1.body.problems[0].field).toBe('accountNumber');
    const r2 = await register(village, 'N1H', 2, { holderName: reg.name('N1W') });
    expect(r2.status).toBe(400);
    expect(r2.body.problems.map((p: any) => p.field)).toEqual(['holderName']);
    expect(
      await payDb(t.db).selectFrom('benefitAccount').select('id').where('personId', '=', reg.ids.N1H!).execute(),
    ).toEqual([]);
  });

  it('replacing needs the version seen (optimistic locking)', async () => {
    expect((await register(village, 'N1H', 3)).status).toBe(200);
    const stale = await register(village, 'N1H', 4);
    expect(stale.status).toBe(409);
    const ok = await register(village, 'N1H', 4, { baseVersion: 1 });
    expect(ok.status).toBe(200);
    expect(ok.body.version).toBe(2);
  });

  it('scope: another village and another township see the person as missing', async () => {
    const other = await t.as('village2');
    expect((await other.post(`/api/benefits/accounts/${reg.ids.N0H}/reveal`)).status).toBe(404);
    expect((await register(other, 'N2H', 5)).status).toBe(404);
    const zhihedu = await t.as('zhihedu');
    expect((await zhihedu.get(`/api/benefits/accounts?q=${encodeURIComponent(reg.name('N0H'))}`)).body).toEqual([]);
  });

  it("the bank's account list is imported all or nothing, every bad row named", async () => {
    const idOf = async (key: string) =>
      t.sealer.open(
        (
          await t.db
            .selectFrom('person')
            .select('idNumberSealed')
            .where('id', '=', reg.ids[key]!)
            .executeTakeFirstOrThrow()
        ).idNumberSealed!,
      );
    const rows = ['姓名,身份证号,账号,开户行'];
    const keys: string[] = [];
    for (let i = 2; i < 40; i++)
      for (const s of ['H', 'W']) {
        const key = `N${i}${s}`;
        keys.push(key);
        cards[key] = cardNumber(1000 + i * 2 + (s === 'H' ? 0 : 1));
        rows.push(`${reg.name(key)},${await idOf(key)},${cards[key]},华容县农村商业银行`);
      }
    for (const key of ['N0W', 'N1W', 'DEADH', 'DEADW', 'MOVEH', 'MOVEW', 'NOACH', 'FAILH', 'FAILW', 'LATEH', 'LATEW']) {
      cards[key] = cardNumber(5000 + keys.length);
      keys.push(key);
      rows.push(`${reg.name(key)},${await idOf(key)},${cards[key]},华容县农村商业银行`);
    }
    const badRows = [...rows];
    badRows[3] = badRows[3]!.replace(/,\d{19},/, ',6217,'); // row 4: too short
    badRows[6] = badRows[6]!.replace(/^[^,]+/, '张三'); // row 7: another name
    const bad = await upload(
      t,
      countyCookie,
      '/api/benefits/accounts/import',
      '账户.csv',
      Buffer.from(badRows.join('\r\n')),
    );
    expect(bad.status).toBe(400);
    expect(bad.body.problems.map((p: any) => [p.row, p.field])).toEqual([
      [4, '账号'],
      [7, '姓名'],
    ]);
    expect(bad.body.problems[0].message).toContain('账户.csv 第4行「账号」');
    expect(await payDb(t.db).selectFrom('benefitAccount').select('id').execute()).toHaveLength(2);
    const good = await upload(
      t,
      countyCookie,
      '/api/benefits/accounts/import',
      '账户.csv',
      iconv.encode(rows.join('\r\n'), 'gbk'),
    );
    expect(good.status).toBe(200);
    expect(good.body).toMatchObject({ rows: keys.length, registered: keys.length, replaced: 0 });
  });
});

describe('a payment batch', () => {
  it('only someone with benefit.pay makes batches', async () => {
    expect((await village.post('/api/benefits/batches', { cycleId, period: '2026', dueOn: '2026-12-20' })).status).toBe(
      403,
    );
    expect((await village.get('/api/benefits/batches')).status).toBe(403);
  });

  it('re-decides everyone on the batch day: the dead, the moved and those without an account are stopped with reasons', async () => {
    const res = await county.post('/api/benefits/batches', {
      cycleId,
      period: '2026',
      madeOn: '2026-12-01',
      dueOn: '2026-12-20',
    });
    expect(res.status).toBe(201);
    batchId = res.body.id;
    // 45 couples and the grandmother of setupTestCase (no account) = 91 approved payees; 4 stopped.
    expect(res.body.payments).toBe(87);
    expect(res.body.totalFen).toBe(87 * 110_000);
    expect(res.body.status).toBe('draft');
    const stopped = Object.fromEntries(res.body.stopped.map((s: any) => [s.personId, s]));
    expect(stopped[reg.ids.DEADH!]).toMatchObject({ reason: 'dead' });
    expect(stopped[reg.ids.DEADH!].text).toContain('2026-11-01 死亡');
    expect(stopped[reg.ids.MOVEH!]).toMatchObject({ reason: 'moved' });
    expect(stopped[reg.ids.MOVEH!].text).toContain('由迁入地发放');
    expect(stopped[reg.ids.NOACW!]).toMatchObject({ reason: 'no_account', dueFen: 110_000 });
    expect(stopped[t.people.grandmother]).toMatchObject({ reason: 'no_account' });
    expect(Object.keys(stopped)).toHaveLength(4);
    expect(res.body.summary).toMatchObject({ pending: { count: 87, fen: 87 * 110_000 }, balanced: true });
    expect(res.body.items.find((i: any) => i.personId === reg.ids.N0H).accountMasked).toMatch(/\d{4}$/);
    expect(JSON.stringify(res.body)).not.toContain(cards.N0H);
  });

  it('one regular batch per period', async () => {
    const again = await county.post('/api/benefits/batches', {
      cycleId,
      period: '2026',
      madeOn: '2026-12-02',
      dueOn: '2026-12-20',
    });
    expect(again.status).toBe(409);
    const bad = await county.post('/api/benefits/batches', { cycleId, period: '2026Q1', dueOn: '2026-12-20' });
    expect(bad.status).toBe(400);
    expect(bad.body.problems[0].field).toBe('period');
  });

  it('a draft is not exported; its maker cannot approve it; another person can', async () => {
    expect((await download(t, countyCookie, `/api/benefits/batches/${batchId}/export`)).status).toBe(409);
    const own = await county.post(`/api/benefits/batches/${batchId}/approve`, { version: 1 });
    expect(own.status).toBe(403);
    const ok = await admin.post(`/api/benefits/batches/${batchId}/approve`, { version: 1 });
    expect(ok.status).toBe(200);
    expect(ok.body.status).toBe('approved');
  });

  it('the export refuses totals that do not add up', async () => {
    const p = await payDb(t.db)
      .selectFrom('benefitPayment')
      .selectAll()
      .where('batchId', '=', batchId)
      .where('lineNo', '=', 2)
      .executeTakeFirstOrThrow();
    await payDb(t.db)
      .updateTable('benefitPayment')
      .set({ amountFen: p.amountFen + 1 })
      .where('id', '=', p.id)
      .execute();
    const res = await download(t, countyCookie, `/api/benefits/batches/${batchId}/export`);
    expect(res.status).toBe(409);
    expect(JSON.parse(res.body).message).toContain('合计核对不符');
    await payDb(t.db).updateTable('benefitPayment').set({ amountFen: p.amountFen }).where('id', '=', p.id).execute();
  });

  it('exports a GBK | file: header with count and total, one line per payment with the full account; audited', async () => {
    const res = await download(t, countyCookie, `/api/benefits/batches/${batchId}/export?format=txt`);
    expect(res.status).toBe(200);
    exported = res.raw;
    const lines = iconv.decode(exported, 'gbk').split('\r\n').filter(Boolean);
    const [no, count, total] = lines[0]!.split('|');
    expect(no).toBe('430623-rural_reward-2026-0');
    expect([count, total]).toEqual(['87', '95700.00']);
    expect(lines).toHaveLength(88);
    // No drift: the lines add up to the header in fen.
    const fen = lines.slice(1).reduce((s, l) => s + Math.round(Number(l.split('|')[4]) * 100), 0);
    expect(fen).toBe(87 * 110_000);
    const n0 = lines.find((l) => l.includes(cards.N0H!))!.split('|');
    expect(n0[1]).toBe(reg.name('N0H'));
    expect(n0[2]).toMatch(/^430623\d{11}[\dX]$/);
    expect(n0[5]).toBe('2026 农村部分计划生育家庭奖励扶助');
    const xlsx = await download(t, countyCookie, `/api/benefits/batches/${batchId}/export?format=xlsx`);
    expect(xlsx.status).toBe(200);
    expect(xlsx.raw.subarray(0, 2).toString()).toBe('PK');
    const a = await audits('benefit.batch.export');
    expect(a).toHaveLength(2);
    expect((await county.get(`/api/benefits/batches/${batchId}`)).body.status).toBe('exported');
  });
});

describe("the bank's result file", () => {
  const lineOf = async (key: string) =>
    (
      await payDb(t.db)
        .selectFrom('benefitPayment')
        .select('lineNo')
        .where('batchId', '=', batchId)
        .where('personId', '=', reg.ids[key]!)
        .executeTakeFirstOrThrow()
    ).lineNo;

  it('a row that does not match its payment refuses the file, naming row and field; nothing is written', async () => {
    const file = resultFileFor(exported, () => ({ ok: true }));
    const text = iconv.decode(file, 'gbk').split('\r\n');
    const f = text[3]!.split('|');
    f[4] = '1000.00';
    text[3] = f.join('|');
    const res = await upload(
      t,
      countyCookie,
      `/api/benefits/batches/${batchId}/results`,
      '回盘.txt',
      iconv.encode(text.join('\r\n'), 'gbk'),
    );
    expect(res.status).toBe(400);
    expect(res.body.problems).toEqual([expect.objectContaining({ file: '回盘.txt', row: 4, field: '金额' })]);
    expect(res.body.message).toContain('回盘.txt 第4行「金额」');
    const decided = await payDb(t.db)
      .selectFrom('benefitPayment')
      .select('id')
      .where('batchId', '=', batchId)
      .where('status', '!=', 'pending')
      .execute();
    expect(decided).toEqual([]);
    expect(await payDb(t.db).selectFrom('benefitResultImport').select('id').execute()).toEqual([]);
  });

  it('is taken once: every payment ends paid or failed, the batch reconciles and balances', async () => {
    const failLine = await lineOf('FAILH');
    const file = resultFileFor(exported, (n) => (n === failLine ? { ok: false, reason: '账户已销户' } : { ok: true }));
    const res = await upload(t, countyCookie, `/api/benefits/batches/${batchId}/results`, '回盘.txt', file);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ paid: 86, failed: 1, repeated: 0, reconciled: true });
    expect(res.body.summary).toMatchObject({
      paid: { count: 86, fen: 86 * 110_000 },
      failed: { count: 1, fen: 110_000 },
      pending: { count: 0, fen: 0 },
      balanced: true,
    });
    const again = await upload(t, countyCookie, `/api/benefits/batches/${batchId}/results`, '回盘.txt', file);
    expect(again.status).toBe(409);
    // The same results in UTF-8: another file, the decided lines counted once.
    const utf8 = resultFileFor(
      exported,
      (n) => (n === failLine ? { ok: false, reason: '账户已销户' } : { ok: true }),
      'utf-8',
    );
    const repeat = await upload(t, countyCookie, `/api/benefits/batches/${batchId}/results`, '回盘2.txt', utf8);
    expect(repeat.status).toBe(200);
    expect(repeat.body).toMatchObject({ paid: 0, failed: 0, repeated: 87 });
    const paid = await payDb(t.db)
      .selectFrom('benefitPayment')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('batchId', '=', batchId)
      .where('status', '=', 'paid')
      .executeTakeFirstOrThrow();
    expect(Number(paid.n)).toBe(86);
    const batch = await county.get(`/api/benefits/batches/${batchId}`);
    expect(batch.body.status).toBe('reconciled');
  });

  it('a file contradicting a decided line is refused', async () => {
    const failLine = await lineOf('FAILH');
    const file = resultFileFor(
      exported,
      (n) => (n === 1 || n === failLine ? { ok: false, reason: '户名不符' } : { ok: true }),
      'utf-8',
    );
    const res = await upload(t, countyCookie, `/api/benefits/batches/${batchId}/results`, '回盘3.txt', file);
    expect(res.status).toBe(400);
    expect(res.body.problems).toEqual([expect.objectContaining({ row: 2, field: '结果' })]);
  });
});

describe('paying again', () => {
  let repayId: string;
  it('a failed payment and a payee who now has an account are paid by a repay batch; each failed payment once', async () => {
    const acc = await county.get(`/api/benefits/accounts?q=${encodeURIComponent(reg.name('FAILH'))}`);
    const version = acc.body[0].account.version;
    expect((await register(county, 'FAILH', 7777, { baseVersion: version })).status).toBe(200);
    expect((await register(county, 'NOACW', 7778)).status).toBe(200);
    const res = await county.post('/api/benefits/batches', {
      cycleId,
      period: '2026',
      kind: 'repay',
      madeOn: '2026-12-06',
      dueOn: '2026-12-20',
    });
    expect(res.status).toBe(201);
    repayId = res.body.id;
    expect(res.body).toMatchObject({ kind: 'repay', seq: 1, payments: 2, totalFen: 220_000 });
    const failed = await payDb(t.db)
      .selectFrom('benefitPayment')
      .select('id')
      .where('batchId', '=', batchId)
      .where('status', '=', 'failed')
      .executeTakeFirstOrThrow();
    const retry = res.body.items.find((i: any) => i.personId === reg.ids.FAILH);
    expect(retry.retryOf).toBe(failed.id);
    expect(retry.accountMasked).toContain(cards.FAILH!.slice(-4));
    // The dead, the moved and the grandmother still without an account are not collected again.
    expect(res.body.stopped).toEqual([]);
  });

  it('is approved, exported and reconciled like any batch; nothing is left to pay again', async () => {
    expect((await admin.post(`/api/benefits/batches/${repayId}/approve`, { version: 1 })).status).toBe(200);
    const file = await download(t, countyCookie, `/api/benefits/batches/${repayId}/export`);
    expect(iconv.decode(file.raw, 'gbk')).toContain(cards.FAILH);
    const res = await upload(
      t,
      countyCookie,
      `/api/benefits/batches/${repayId}/results`,
      '补发回盘.txt',
      resultFileFor(file.raw, () => ({ ok: true, date: '2026-12-07' })),
    );
    expect(res.body).toMatchObject({ paid: 2, reconciled: true });
    const more = await county.post('/api/benefits/batches', {
      cycleId,
      period: '2026',
      kind: 'repay',
      madeOn: '2026-12-07',
      dueOn: '2026-12-20',
    });
    expect(more.status).toBe(400);
  });
});

describe('a death after payment', () => {
  it('opens one recovery case for what was paid beyond the entitlement recomputed with the death', async () => {
    await t.db
      .updateTable('person')
      .set({ deathDate: '2026-12-03', status: 'dead' })
      .where('id', '=', reg.ids.LATEH!)
      .execute();
    const first = await openRecoveries(t.db, '430623', [reg.ids.LATEH!]);
    expect(first.opened).toBe(1);
    // The rural reward is decided once for the year on 31 December: dead by then, nothing of 2026 was due.
    expect(first.recoveries[0]!.amountFen).toBe(110_000);
    expect((await openRecoveries(t.db, '430623', [reg.ids.LATEH!])).opened).toBe(0);
    expect((await county.post('/api/benefits/recoveries/scan')).body.opened).toBe(0);
    const list = await county.get('/api/benefits/recoveries?status=open');
    expect(list.body).toHaveLength(1);
    expect(list.body[0].reason).toContain('2026-12-03 死亡');
    expect((await village.get('/api/benefits/recoveries')).status).toBe(403);
  });

  it('a months program recovers only the months after the death; the case is closed with a note', async () => {
    await reg.bereavedCouple('SA', XINPU);
    const saCycle = await approvedCycle(t, county, 'special_assistance');
    for (const [k, n] of [
      ['SAH', 8801],
      ['SAW', 8802],
    ] as const)
      expect((await register(county, k, n)).status).toBe(200);
    const b = await county.post('/api/benefits/batches', {
      cycleId: saCycle,
      period: '2026Q4',
      madeOn: '2026-10-05',
      dueOn: '2026-10-10',
    });
    expect(b.status).toBe(201);
    // Urban, only child died: 340 yuan a month each, three months.
    expect(b.body).toMatchObject({ payments: 2, totalFen: 2 * 3 * 34_000 });
    expect((await admin.post(`/api/benefits/batches/${b.body.id}/approve`, { version: 1 })).status).toBe(200);
    const file = await download(t, countyCookie, `/api/benefits/batches/${b.body.id}/export`);
    await t.db
      .updateTable('person')
      .set({ deathDate: '2026-11-10', status: 'dead' })
      .where('id', '=', reg.ids.SAW!)
      .execute();
    const res = await upload(
      t,
      countyCookie,
      `/api/benefits/batches/${b.body.id}/results`,
      'sa.txt',
      resultFileFor(file.raw, () => ({ ok: true, date: '2026-10-08' })),
    );
    expect(res.status).toBe(200);
    // Opened by the import itself: October was due (alive on its last day), November and December not.
    expect(res.body.recoveriesOpened).toBe(1);
    const open = (await county.get('/api/benefits/recoveries?status=open')).body;
    const sa = open.find((r: any) => r.personId === reg.ids.SAW);
    expect(sa.amountFen).toBe(68_000);
    const noNote = await county.post(`/api/benefits/recoveries/${sa.id}/close`, { status: 'waived', note: ' ' });
    expect(noNote.status).toBe(400);
    const closed = await county.post(`/api/benefits/recoveries/${sa.id}/close`, {
      status: 'recovered',
      note: '家属退回，收据 2026-118',
    });
    expect(closed.status).toBe(200);
    expect((await county.post(`/api/benefits/recoveries/${sa.id}/close`, { status: 'waived', note: 'x' })).status).toBe(
      409,
    );
    expect(await audits('benefit.recovery.close')).toHaveLength(1);
  });

  it('a disability assessment recorded after the roster and before the batch day changes the payment', async () => {
    // An urban couple whose only child was assessed grade 2 in January 2025: on the 2025 roster.
    await reg.disabledChildCouple('DA', FUXING);
    const assess = (grade: number, on: string) =>
      t.db
        .withTables<{
          disabilityAssessment: {
            id: string;
            countyCode: string;
            personId: string;
            grade: number;
            category: string;
            assessedOn: string;
            recordedAt: Date;
          };
        }>()
        .insertInto('disabilityAssessment')
        .values({
          id: randomUUID(),
          countyCode: '430623',
          personId: reg.ids.DAC!,
          grade,
          category: 'physical',
          assessedOn: on,
          recordedAt: new Date(),
        })
        .execute();
    await assess(2, '2025-01-10');
    const cycle2025 = await approvedCycle(t, county, 'special_assistance', 2025);
    const roster = await payDb(t.db)
      .selectFrom('benefitCandidate')
      .select(['personId', 'amountFen'])
      .where('cycleId', '=', cycle2025)
      .where('personId', 'in', [reg.ids.DAH!, reg.ids.DAW!])
      .execute();
    expect(roster.map((r) => r.amountFen)).toEqual([12 * 27_000, 12 * 27_000]);
    for (const [k, n] of [
      ['DAH', 8803],
      ['DAW', 8804],
    ] as const)
      expect((await register(county, k, n)).status).toBe(200);
    // Reassessed at grade 4 in September (milder than the grade 3 the program needs).
    await assess(4, '2025-09-15');
    const q3 = await county.post('/api/benefits/batches', {
      cycleId: cycle2025,
      period: '2025Q3',
      madeOn: '2025-10-05',
      dueOn: '2025-10-10',
    });
    expect(q3.status).toBe(201);
    const stopped = q3.body.stopped.filter((x: any) => [reg.ids.DAH, reg.ids.DAW].includes(x.personId));
    expect(stopped.map((x: any) => x.reason)).toEqual(['not_eligible', 'not_eligible']);
    expect(stopped[0].text).toContain('批次日已不符合');
    // The bereaved couple of the same roster is paid: three months at 340 yuan each.
    expect(q3.body.items.map((i: any) => i.amountFen)).toEqual([102_000, 102_000]);
  });

  it('two requests for the same period at once make one batch', async () => {
    const saCycle = (
      await payDb(t.db)
        .selectFrom('benefitCycle')
        .select('id')
        .where('programCode', '=', 'special_assistance')
        .executeTakeFirstOrThrow()
    ).id;
    const body = { cycleId: saCycle, period: '2026Q3', madeOn: '2026-07-05', dueOn: '2026-07-10' };
    const [a, b] = await Promise.all([
      county.post('/api/benefits/batches', body),
      admin.post('/api/benefits/batches', body),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    const n = await payDb(t.db)
      .selectFrom('benefitBatch')
      .select('id')
      .where('cycleId', '=', saCycle)
      .where('period', '=', '2026Q3')
      .execute();
    expect(n).toHaveLength(1);
  });
});
