import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import type { CurrentUser } from '../accounts/session.service.js';
import type { Actor } from '../audit/audit.service.js';
import { configFrom } from '../cli/shared.js';
import { migrateToLatest } from '../db/migrate.js';
import { makeIdNumber, maskIdNumber } from '../lib/idNumber.js';
import { insertPersons } from '../registry/person.repository.js';
import { openDatabase, openSealer } from '../server.js';
import { cliRunner } from '../testing/cli.js';
import { saveAccount } from './benefit.account.service.js';
import { approveBatch, makeBatch } from './benefit.batch.service.js';
import { generateCycle } from './benefit.cycle.service.js';
import { cardNumber, resultFileFor } from './benefit.payment.fixtures.js';
import { payDb } from './benefit.payment.repository.js';

/**
 * The county's payment officer works from the server's console: the bank file of an approved
 * batch is written with `renkou benefits export`, the bank's answer read with `renkou benefits
 * results`; a wrong file is refused with its row and field.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'renkou-pay-cli-'));
const data = path.join(dir, 'data');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const renkou = cliRunner(data);
const XINPU = '430623101208';

/** A rural couple with one son, an approved 2026 rural-reward roster, accounts, an approved batch. */
async function approvedBatch(): Promise<string> {
  const config = configFrom({ data });
  const handle = await openDatabase(config);
  try {
    const db = handle.db;
    await migrateToLatest(db);
    const sealer = openSealer(config);
    const ids = { h: randomUUID(), w: randomUUID(), c: randomUUID() };
    const person = (id: string, name: string, sex: 1 | 2, birth: string, n: number, over: object = {}) => {
      const idNumber = makeIdNumber('430623', birth, n);
      return {
        id,
        countyCode: '430623',
        idNumberSealed: sealer.seal(idNumber),
        idNumberHash: sealer.lookupHash(idNumber),
        idNumberMasked: maskIdNumber(idNumber),
        name,
        namePinyin: 'x',
        nameInitials: 'x',
        sex,
        birthDate: birth,
        ethnicity: '01',
        hukouType: 'rural' as const,
        hukouUnitId: XINPU,
        residenceUnitId: XINPU,
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
        ...over,
      };
    };
    await insertPersons(db, [
      person(ids.h, '刘建国', 1, '1960-03-01', 11, { spouseId: ids.w }),
      person(ids.w, '陈桂兰', 2, '1962-05-05', 22, { spouseId: ids.h }),
    ]);
    await insertPersons(db, [
      person(ids.c, '刘小军', 1, '1990-08-08', 33, { motherId: ids.w, fatherId: ids.h, maritalStatus: '10' }),
    ]);
    const actor: Actor = { userId: null, username: 'test', unitId: '430623', address: null };
    const unit = await db.selectFrom('orgUnit').select('path').where('id', '=', '430623').executeTakeFirstOrThrow();
    const caller = { id: null, countyCode: '430623', unitPath: unit.path };
    const cycle = await generateCycle(db, caller as unknown as CurrentUser, actor, {
      programCode: 'rural_reward',
      year: 2026,
    });
    await payDb(db)
      .updateTable('benefitCandidate')
      .set({ status: 'approved', villageVerdict: 'eligible' })
      .where('cycleId', '=', cycle.cycleId)
      .execute();
    await saveAccount(db, sealer, caller, actor, ids.h, {
      bankName: '农商行',
      accountNumber: cardNumber(1),
      holderName: '刘建国',
    });
    await saveAccount(db, sealer, caller, actor, ids.w, {
      bankName: '农商行',
      accountNumber: cardNumber(2),
      holderName: '陈桂兰',
    });
    const b = await makeBatch(db, caller, actor, {
      cycleId: cycle.cycleId,
      period: '2026',
      madeOn: '2026-12-01',
      dueOn: '2026-12-20',
    });
    await approveBatch(db, caller, actor, b.id, b.version);
    return b.id;
  } finally {
    await handle.close();
  }
}

describe('renkou benefits', () => {
  it('exports an approved batch and reads the bank result back; a wrong file is refused by row and field', async () => {
    expect((await renkou('org', 'load', 'server/src/org/data/430623.json')).code).toBe(0);
    const id = await approvedBatch();
    const out = path.join(dir, '代发.txt');
    const exported = await renkou('benefits', 'export', '--batch', id, '--out', out);
    expect(exported.code, exported.err).toBe(0);
    const file = fs.readFileSync(out);
    const text = iconv.decode(file, 'gbk');
    expect(text.split('\r\n')[0]).toBe('430623-rural_reward-2026-0|2|2200.00');
    expect(text).toContain(`|${cardNumber(1)}|1100.00|`);
    expect(fs.statSync(out).mode & 0o777).toBe(0o600);

    const wrong = path.join(dir, '回盘错.txt');
    const lines = iconv
      .decode(
        resultFileFor(file, () => ({ ok: true })),
        'gbk',
      )
      .split('\r\n');
    const f = lines[1]!.split('|');
    f[3] = cardNumber(9);
    lines[1] = f.join('|');
    fs.writeFileSync(wrong, iconv.encode(lines.join('\r\n'), 'gbk'));
    const refused = await renkou('benefits', 'results', '--batch', id, wrong);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('回盘错.txt 第2行「账号」');

    const answer = path.join(dir, '回盘.txt');
    fs.writeFileSync(
      answer,
      resultFileFor(file, (n) => (n === 2 ? { ok: false, reason: '账户冻结' } : { ok: true })),
    );
    const res = await renkou('benefits', 'results', '--batch', id, answer);
    expect(res.code, res.err).toBe(0);
    expect(res.out).toContain('成功 1，失败 1');
    expect(res.out).toContain(
      '已发 1 笔 1,100.00 元，失败 1 笔 1,100.00 元，待回盘 0 笔 0.00 元；批次合计 2,200.00 元（已对平）',
    );
    expect((await renkou('benefits', 'results', '--batch', 'nonsense', answer)).code).toBe(1);
  });
});
