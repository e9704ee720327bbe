/**
 * Payments written straight into the tables (as migration 0016 describes them) for the figures
 * and audit tests, so they do not depend on the batch and result-import code: two cycles of
 * 2026, four batches, nine payments, one recovery case, with the workflow trail of one
 * candidate, its notice and an objection, the bank's result file and an account reveal.
 *
 * 2026, by the batch's due date:
 * | payment | payee (village)        | batch                       | amount | status, paid on            |
 * | P1      | 李桂英 (新铺村)        | B1 rural 2026, due 03-31    | 1,100  | paid 03-20                 |
 * | P2      | 李建国 (新铺村)        | B1                          | 1,100  | paid 04-05 (late)          |
 * | P3      | 王秀英 (新铺村)        | B1                          | 1,100  | paid 03-25, recovery case  |
 * | P4      | 张小红 (复兴村)        | B1                          | 1,100  | failed                     |
 * | P5      | 测试甲 (治河渡社区)    | B1                          | 1,100  | paid 03-30                 |
 * | P6      | 张小红 (复兴村)        | B2 rural repay, due 05-31   | 1,100  | paid 06-02 (late), P4 again |
 * | P7      | 曾志强 (复兴村)        | B3 special 2026Q3, due 09-30 | 510   | failed                     |
 * | P8      | 测试乙 (治河渡社区)    | B3                          | 510    | pending                    |
 * | P9      | 测试乙 (治河渡社区)    | B4 special 2026Q4 draft     | 510    | pending (draft: not counted) |
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { recordAudit } from '../audit/audit.service.js';
import { makeIdNumber, maskIdNumber } from '../lib/idNumber.js';
import { insertPersons } from '../registry/person.repository.js';
import { XINPU, FUXING, type TestCase } from '../testing/setup.js';

export const ZHIHEDU = '430623102001'; // 治河渡社区, 治河渡镇

export type PaymentFixture = Awaited<ReturnType<typeof seedPayments>>;

export async function seedPayments(t: TestCase) {
  const db = t.db;
  const persons = { zA: randomUUID(), zB: randomUUID() };
  await insertPersons(
    db,
    (
      [
        ['zA', '测试甲', '1958-03-03', 1],
        ['zB', '测试乙', '1968-04-04', 2],
      ] as const
    ).map(([key, name, birth, sex], i) => {
      const idNumber = makeIdNumber('430623', birth, 201 + i);
      return {
        id: persons[key],
        countyCode: '430623',
        idNumberSealed: t.sealer.seal(idNumber),
        idNumberHash: t.sealer.lookupHash(idNumber),
        idNumberMasked: maskIdNumber(idNumber),
        name,
        namePinyin: `ceshi${key}`,
        nameInitials: 'cs',
        sex,
        birthDate: birth,
        ethnicity: '01',
        hukouType: 'rural' as const,
        hukouUnitId: ZHIHEDU,
        residenceUnitId: ZHIHEDU,
        householdId: null,
        relationship: null,
        motherId: null,
        fatherId: null,
        spouseId: null,
        maritalStatus: '20',
        birthOrder: null,
        status: 'active' as const,
        deathDate: null,
        leftDate: null,
        history: { validFrom: birth, change: 'test' },
      };
    }),
  );
  const p = t.people;
  const county = t.users.county!;
  const admin = t.users.admin!;
  const village = t.users.village!;
  const township = t.users.township!;
  const at = (d: string) => `${d}T09:00:00+08:00`;

  const cycles = { rural: randomUUID(), special: randomUUID() };
  for (const [id, program] of [
    [cycles.rural, 'rural_reward'],
    [cycles.special, 'special_assistance'],
  ] as const) {
    await sql`INSERT INTO benefit_cycle (id, county_code, program_code, year, program, status, generated_at, generated_by, counts)
      VALUES (${id}, '430623', ${program}, 2026, '{}'::jsonb, 'in_progress', ${at('2026-01-05')}, ${county}, '{}'::jsonb)`.execute(
      db,
    );
  }

  const payees = {
    grandmother: { person: p.grandmother, unit: XINPU, cycle: cycles.rural, fen: 110_000 },
    husband: { person: p.husband, unit: XINPU, cycle: cycles.rural, fen: 110_000 },
    wife: { person: p.wife, unit: XINPU, cycle: cycles.rural, fen: 110_000 },
    fuxingWoman: { person: p.fuxingWoman, unit: FUXING, cycle: cycles.rural, fen: 110_000 },
    zA: { person: persons.zA, unit: ZHIHEDU, cycle: cycles.rural, fen: 110_000 },
    fuxingMan: { person: p.fuxingMan, unit: FUXING, cycle: cycles.special, fen: 51_000 },
    zB: { person: persons.zB, unit: ZHIHEDU, cycle: cycles.special, fen: 51_000 },
  };
  const candidates = {} as Record<keyof typeof payees, string>;
  for (const [key, c] of Object.entries(payees) as Array<[keyof typeof payees, (typeof payees)['zA']]>) {
    candidates[key] = randomUUID();
    await sql`INSERT INTO benefit_candidate (id, cycle_id, county_code, person_id, unit_id, outcome, amount_fen, months, explanation,
        status, created_at, village_verdict, verified_by, reviewed_by, approved_by, version)
      VALUES (${candidates[key]}, ${c.cycle}, '430623', ${c.person}, ${c.unit}, 'yes', ${c.fen}, 12,
        ${JSON.stringify({ verdict: '符合：年满60周岁，农业户口，独生子女家庭', referenceDate: '2026-12-31' })}::jsonb,
        'approved', ${at('2026-01-05')}, 'eligible', ${village}, ${township}, ${admin}, 4)`.execute(db);
  }
  // 王秀英's trail: generated, verified by the village, returned once by the township, verified
  // again, reviewed, approved by the county.
  const events: Array<[string, string | null, string, string | null, string, string]> = [
    ['generate', null, 'candidate', '登记库生成', county, '2026-01-05'],
    ['verify', 'candidate', 'verified', '入户核实：符合', village, '2026-01-10'],
    ['return', 'verified', 'returned', '请补充独生子女证复印件', township, '2026-01-12'],
    ['verify', 'returned', 'verified', '已补充独生子女证', village, '2026-01-14'],
    ['review', 'verified', 'reviewed', null, township, '2026-01-16'],
    ['approve', 'reviewed', 'approved', null, admin, '2026-02-01'],
  ];
  for (const [action, from, to, reason, user, day] of events) {
    await sql`INSERT INTO benefit_candidate_event (candidate_id, county_code, action, from_status, to_status, reason, user_id, at)
      VALUES (${candidates.wife}, '430623', ${action}, ${from}, ${to}, ${reason}, ${user}, ${at(day)})`.execute(db);
  }
  const notice = randomUUID();
  await sql`INSERT INTO benefit_notice (id, cycle_id, county_code, unit_id, published_on, ends_on, published_by, published_at, entries)
    VALUES (${notice}, ${cycles.rural}, '430623', ${XINPU}, '2026-01-18', '2026-01-24', ${village}, ${at('2026-01-18')},
      ${JSON.stringify([{ candidateId: candidates.wife, name: '王秀英', idNumberMasked: p.ids.wife.slice(0, 6) + '********' + p.ids.wife.slice(-4), amountFen: 110_000 }])}::jsonb)`.execute(
    db,
  );
  const objection = randomUUID();
  await sql`INSERT INTO benefit_objection (id, notice_id, county_code, candidate_id, raised_by, contact, content, received_on,
      recorded_by, recorded_at, status, resolution, resolved_by, resolved_at)
    VALUES (${objection}, ${notice}, '430623', ${candidates.wife}, '村民甲', '138****0000', '其子曾在外地落户，是否仍为独生子女？', '2026-01-20',
      ${village}, ${at('2026-01-20')}, 'dismissed', '核实户籍：唯一子女，异议不成立', ${township}, ${at('2026-01-22')})`.execute(
    db,
  );
  const account = randomUUID();
  await sql`INSERT INTO benefit_account (id, county_code, person_id, bank_name, account_sealed, account_hash, account_last4, holder_name, updated_by, updated_at)
    VALUES (${account}, '430623', ${p.wife}, '华容农商银行', ${t.sealer.seal('6230901234567890123')}, 'h', '0123', '王秀英', ${village}, ${at('2026-01-08')})`.execute(
    db,
  );

  const batches = { b1: randomUUID(), b2: randomUUID(), b3: randomUUID(), b4: randomUUID() };
  const batch = async (
    id: string,
    cycle: string,
    period: string,
    kind: 'regular' | 'repay',
    seq: number,
    status: string,
    dueOn: string,
    payments: number,
    totalFen: number,
  ) =>
    sql`INSERT INTO benefit_batch (id, county_code, cycle_id, period, kind, seq, status, made_on, due_on, payments, total_fen, stopped,
        created_by, created_at, approved_by, approved_at, exported_at)
      VALUES (${id}, '430623', ${cycle}, ${period}, ${kind}, ${seq}, ${status}, ${dueOn.slice(0, 8) + '01'}, ${dueOn}, ${payments}, ${totalFen}, '[]'::jsonb,
        ${county}, ${at(dueOn.slice(0, 8) + '01')}, ${status === 'draft' ? null : admin}, ${status === 'draft' ? null : at(dueOn.slice(0, 8) + '02')},
        ${status === 'draft' || status === 'approved' ? null : at(dueOn.slice(0, 8) + '03')})`.execute(db);
  await batch(batches.b1, cycles.rural, '2026', 'regular', 0, 'reconciled', '2026-03-31', 5, 550_000);
  await batch(batches.b2, cycles.rural, '2026', 'repay', 1, 'exported', '2026-05-31', 1, 110_000);
  await batch(batches.b3, cycles.special, '2026Q3', 'regular', 0, 'exported', '2026-09-30', 2, 102_000);
  await batch(batches.b4, cycles.special, '2026Q4', 'regular', 0, 'draft', '2026-12-31', 1, 51_000);

  const imports = { b1: randomUUID() };
  await sql`INSERT INTO benefit_result_import (id, batch_id, county_code, file_name, sha256, rows, paid, failed, imported_by, imported_at)
    VALUES (${imports.b1}, ${batches.b1}, '430623', '回盘文件-2026-01.txt', 'abc', 5, 4, 1, ${county}, ${at('2026-04-06')})`.execute(
    db,
  );

  const payments = {} as Record<'P1' | 'P2' | 'P3' | 'P4' | 'P5' | 'P6' | 'P7' | 'P8' | 'P9', string>;
  const pay = async (
    key: keyof typeof payments,
    batchId: string,
    line: number,
    who: keyof typeof payees,
    status: 'paid' | 'failed' | 'pending',
    paidOn: string | null,
    extra: { retryOf?: string; resultImport?: string; failure?: string } = {},
  ) => {
    payments[key] = randomUUID();
    const c = payees[who];
    await sql`INSERT INTO benefit_payment (id, batch_id, county_code, candidate_id, person_id, unit_id, line_no, account_id, account_sealed,
        account_last4, holder_name, amount_fen, months, due_fen, status, failure_reason, bank_ref, paid_on, result_import_id, retry_of)
      VALUES (${payments[key]}, ${batchId}, '430623', ${candidates[who]}, ${c.person}, ${c.unit}, ${line}, ${who === 'wife' ? account : null},
        ${t.sealer.seal('6230901234567890123')}, '0123', (SELECT name FROM person WHERE id = ${c.person}), ${c.fen}, 12, ${c.fen}, ${status}, ${extra.failure ?? null},
        ${status === 'paid' ? `BANK-${key}` : null}, ${paidOn}, ${extra.resultImport ?? null}, ${extra.retryOf ?? null})`.execute(
      db,
    );
  };
  await pay('P1', batches.b1, 1, 'grandmother', 'paid', '2026-03-20', { resultImport: imports.b1 });
  await pay('P2', batches.b1, 2, 'husband', 'paid', '2026-04-05', { resultImport: imports.b1 });
  await pay('P3', batches.b1, 3, 'wife', 'paid', '2026-03-25', { resultImport: imports.b1 });
  await pay('P4', batches.b1, 4, 'fuxingWoman', 'failed', null, { resultImport: imports.b1, failure: '账户已销户' });
  await pay('P5', batches.b1, 5, 'zA', 'paid', '2026-03-30', { resultImport: imports.b1 });
  await pay('P6', batches.b2, 1, 'fuxingWoman', 'paid', '2026-06-02', { retryOf: payments.P4 });
  await pay('P7', batches.b3, 1, 'fuxingMan', 'failed', null, { failure: '户名不符' });
  await pay('P8', batches.b3, 2, 'zB', 'pending', null);
  await pay('P9', batches.b4, 1, 'zB', 'pending', null);

  const recovery = randomUUID();
  await sql`INSERT INTO benefit_recovery (id, county_code, payment_id, person_id, unit_id, amount_fen, reason, status, opened_at)
    VALUES (${recovery}, '430623', ${payments.P3}, ${p.wife}, ${XINPU}, 27500, '2026-09-30 死亡后仍发放全年', 'open', ${at('2026-10-10')})`.execute(
    db,
  );
  // The village worker looked at 王秀英's account number once; the batch was exported by the county.
  const actor = (userId: string, username: string, unitId: string) => ({
    userId,
    username,
    unitId,
    address: '127.0.0.1',
  });
  await recordAudit(db, actor(village, 'village', XINPU), {
    action: 'benefit.account.reveal',
    objectType: 'person',
    objectId: p.wife,
    detail: { last4: '0123' },
  });
  await recordAudit(db, actor(county, 'county', '430623'), {
    action: 'benefit.batch.export',
    objectType: 'benefit_batch',
    objectId: batches.b1,
    detail: { payments: 5, totalFen: 550_000 },
  });
  return { persons, cycles, candidates, notice, objection, account, batches, imports, payments, recovery };
}
