/**
 * One-card accounts (一卡通) of benefit payees: registered or replaced by the village, township or
 * county (benefit.account), sealed like ID numbers (AES-GCM, keyed hash for exact lookup, last
 * four digits for lists), revealed in full only on request and audited. See
 * docs/benefits-payments.md.
 *
 * The holder must be the person: benefits are paid into the beneficiary's own real-name account
 * (惠民惠农补贴资金一卡通 is a real-name, one-person account), so a different name is refused,
 * not warned about. A spouse's or child's card would make the payment somebody else's money and
 * hide a death from the bank's side. Names are compared after removing spaces (typing noise).
 */
import { randomUUID } from 'node:crypto';
import type { CurrentUser } from '../accounts/session.service.js';
import { recordAudit, type Actor } from '../audit/audit.service.js';
import type { Db, DbOrTx } from '../db/database.js';
import { clock } from '../lib/clock.js';
import { ConflictError, InvalidInputError, NotFoundError, type FieldProblem } from '../lib/errors.js';
import { cellText, parseIdNumberCell, type CellValue } from '../lib/messy.js';
import type { Sealer } from '../lib/sealing.js';
import { normalizeName } from '../lib/pinyin.js';
import { escapeLike } from '../org/org.repository.js';
import { maskAccount, parseAccountNumber } from './benefit.account.number.js';
import {
  accountsByPersons,
  accountsWithHash,
  findAccountByPerson,
  findPersonInScope,
  payDb,
  type AccountRow,
} from './benefit.payment.repository.js';

/** Who acts: a signed-in user, or the console (no user id). */
export type Caller = Pick<CurrentUser, 'countyCode' | 'unitPath'> & { id: string | null };

export type AccountInput = {
  bankName: string;
  accountNumber: string;
  holderName: string;
  /** The version the form showed; absent when registering a first account. */
  baseVersion?: number | undefined;
};

export type AccountView = {
  personId: string;
  bankName: string;
  accountMasked: string;
  last4: string;
  holderName: string;
  version: number;
  updatedAt: Date;
};

export const accountView = (a: AccountRow): AccountView => ({
  personId: a.personId,
  bankName: a.bankName,
  accountMasked: maskAccount(a.accountLast4),
  last4: a.accountLast4,
  holderName: a.holderName,
  version: a.version,
  updatedAt: a.updatedAt,
});

const sameName = (a: string, b: string) => normalizeName(a) === normalizeName(b);

/**
 * Registers or replaces a person's account, with optimistic locking (`baseVersion`).
 * @throws NotFoundError for a person outside the caller's county or area
 * @throws InvalidInputError (field accountNumber, holderName, bankName) for a bad number, a holder who is not the person
 * @throws ConflictError (field baseVersion) when the account changed meanwhile; (field accountNumber) when the number is another person's
 */
export async function saveAccount(
  db: Db,
  sealer: Sealer,
  caller: Caller,
  actor: Actor,
  personId: string,
  input: AccountInput,
): Promise<AccountView> {
  const problems: FieldProblem[] = [];
  const number = parseAccountNumber(input.accountNumber);
  if (!number.ok) problems.push({ field: 'accountNumber', message: number.message });
  const bankName = input.bankName.trim();
  if (!bankName) problems.push({ field: 'bankName', message: '开户行不能为空' });
  return db.transaction().execute(async (tx) => {
    const person = await findPersonInScope(tx, caller.countyCode, caller.unitPath, personId);
    if (!person) throw new NotFoundError('该人员');
    if (!sameName(input.holderName, person.name))
      problems.push({
        field: 'holderName',
        message: `户名“${input.holderName}”与登记姓名“${person.name}”不一致：补贴只能发到本人实名账户`,
      });
    if (problems.length) throw new InvalidInputError(problems.map((p) => p.message).join('；'), problems);
    const account = (number as { value: string }).value;
    const hash = sealer.lookupHash(account);
    const others = (await accountsWithHash(tx, caller.countyCode, [hash])).filter((o) => o.personId !== personId);
    if (others.length) throw new ConflictError('该账号已登记为另一人的账户').withField('accountNumber');
    const existing = await findAccountByPerson(tx, personId, true);
    const now = clock.now();
    const row = {
      bankName,
      accountSealed: sealer.seal(account),
      accountHash: hash,
      accountLast4: account.slice(-4),
      holderName: normalizeName(input.holderName),
      updatedBy: caller.id,
      updatedAt: now,
    };
    let saved: AccountRow;
    if (existing) {
      if (input.baseVersion !== existing.version)
        throw new ConflictError(
          `账户已被他人修改（当前第${existing.version}版，提交的是${input.baseVersion === undefined ? '新登记' : `第${input.baseVersion}版`}），请刷新后重试`,
        ).withField('baseVersion');
      saved = await payDb(tx)
        .updateTable('benefitAccount')
        .set({ ...row, version: existing.version + 1 })
        .where('id', '=', existing.id)
        .returningAll()
        .executeTakeFirstOrThrow();
    } else {
      if (input.baseVersion !== undefined)
        throw new ConflictError('该人员的账户已不存在，请刷新后重试').withField('baseVersion');
      saved = await payDb(tx)
        .insertInto('benefitAccount')
        .values({ id: randomUUID(), countyCode: caller.countyCode, personId, version: 1, ...row })
        .returningAll()
        .executeTakeFirstOrThrow();
    }
    await recordAudit(tx, actor, {
      action: existing ? 'benefit.account.replace' : 'benefit.account.register',
      objectType: 'person',
      objectId: personId,
      detail: { bankName, last4: row.accountLast4, version: saved.version },
    });
    return accountView(saved);
  });
}

/**
 * Persons under the caller's unit found by exact ID number (keyed hash) or by name, with their
 * account masked. The search is audited.
 */
export async function findAccounts(db: Db, sealer: Sealer, caller: Caller, actor: Actor, q: string) {
  const text = q.trim();
  if (!text) throw InvalidInputError.field('q', '请输入姓名或身份证号');
  const id = parseIdNumberCell(text);
  let query = db
    .selectFrom('person as p')
    .innerJoin('orgUnit as u', 'u.id', 'p.hukouUnitId')
    .select(['p.id', 'p.name', 'p.idNumberMasked', 'p.birthDate', 'p.status', 'u.name as unitName'])
    .where('p.countyCode', '=', caller.countyCode)
    .where('u.path', 'like', `${escapeLike(caller.unitPath)}%`);
  query = id.ok
    ? query.where('p.idNumberHash', '=', sealer.lookupHash(id.value.idNumber))
    : query.where('p.name', 'like', `%${escapeLike(text)}%`);
  const persons = await query.orderBy('p.name').orderBy('p.id').limit(50).execute();
  const accounts = new Map(
    (
      await accountsByPersons(
        db,
        persons.map((p) => p.id),
      )
    ).map((a) => [a.personId, a]),
  );
  await recordAudit(db, actor, {
    action: 'benefit.account.search',
    objectType: 'person',
    detail: { byIdNumber: id.ok, results: persons.length },
  });
  return persons.map((p) => {
    const a = accounts.get(p.id);
    return { ...p, account: a ? accountView(a) : null };
  });
}

/**
 * The full account number of a person in the caller's area; the reveal is audited.
 * @throws NotFoundError for a person outside the area, or without an account
 */
export async function revealAccount(db: Db, sealer: Sealer, caller: Caller, actor: Actor, personId: string) {
  return db.transaction().execute(async (tx) => {
    const person = await findPersonInScope(tx, caller.countyCode, caller.unitPath, personId);
    const account = person ? await findAccountByPerson(tx, personId) : undefined;
    if (!account) throw new NotFoundError('该人员的账户');
    await recordAudit(tx, actor, {
      action: 'benefit.account.reveal',
      objectType: 'person',
      objectId: personId,
      detail: { last4: account.accountLast4 },
    });
    return { personId, accountNumber: sealer.open(account.accountSealed), bankName: account.bankName };
  });
}

// ---- bulk import from the bank's list ---------------------------------------------------------

export const ACCOUNT_COLUMNS = ['姓名', '身份证号', '账号', '开户行'] as const;

/**
 * Registers or replaces the accounts of a bank's list (姓名, 身份证号, 账号, 开户行, a title row
 * first). All or nothing: every bad row is named by file, row and field, and nothing is written if
 * any is bad. A replaced account takes the next version (the bank's list is the newer fact).
 * @throws InvalidInputError with every problem
 */
export async function importAccounts(
  db: Db,
  sealer: Sealer,
  caller: Caller,
  actor: Actor,
  fileName: string,
  rows: ReadonlyArray<{ row: number; cells: CellValue[] }>,
) {
  const problems: FieldProblem[] = [];
  const bad = (row: number, field: string, message: string) =>
    problems.push({ file: fileName, row, field, message: `${fileName} 第${row}行「${field}」：${message}` });
  const nonBlank = rows.filter((r) => r.cells.some((c) => cellText(c) !== ''));
  const title = nonBlank[0];
  if (!title)
    throw new InvalidInputError(`${fileName}：文件中没有内容`, [
      { file: fileName, field: 'file', message: '文件中没有内容' },
    ]);
  const titles = title.cells.map(cellText);
  const col = Object.fromEntries(ACCOUNT_COLUMNS.map((c) => [c, titles.indexOf(c)])) as Record<string, number>;
  const missing = ACCOUNT_COLUMNS.filter((c) => col[c]! < 0);
  if (missing.length)
    throw new InvalidInputError(`${fileName} 第${title.row}行：缺少列 ${missing.join('、')}`, [
      { file: fileName, row: title.row, field: missing[0]!, message: `缺少列 ${missing.join('、')}` },
    ]);

  type Parsed = { row: number; name: string; idNumber: string; account: string; bankName: string };
  const parsed: Parsed[] = [];
  for (const r of nonBlank.slice(1)) {
    const cell = (c: string) => r.cells[col[c]!];
    const before = problems.length;
    const name = cellText(cell('姓名'));
    if (!name) bad(r.row, '姓名', '不能为空');
    const id = parseIdNumberCell(cell('身份证号'));
    if (!id.ok) bad(r.row, '身份证号', id.message);
    const acc = parseAccountNumber(cellText(cell('账号')));
    if (!acc.ok) bad(r.row, '账号', acc.message);
    const bankName = cellText(cell('开户行'));
    if (!bankName) bad(r.row, '开户行', '不能为空');
    if (problems.length === before)
      parsed.push({
        row: r.row,
        name,
        idNumber: (id as { value: { idNumber: string } }).value.idNumber,
        account: (acc as { value: string }).value,
        bankName,
      });
  }
  // Within the file: one row per person, one person per account.
  const seenId = new Map<string, number>();
  const seenAcc = new Map<string, number>();
  for (const p of parsed) {
    if (seenId.has(p.idNumber)) bad(p.row, '身份证号', `与第${seenId.get(p.idNumber)}行重复`);
    else seenId.set(p.idNumber, p.row);
    if (seenAcc.has(p.account)) bad(p.row, '账号', `与第${seenAcc.get(p.account)}行重复`);
    else seenAcc.set(p.account, p.row);
  }

  return db.transaction().execute(async (tx) => {
    const hashes = parsed.map((p) => sealer.lookupHash(p.idNumber));
    const persons = hashes.length
      ? await tx
          .selectFrom('person as p')
          .innerJoin('orgUnit as u', 'u.id', 'p.hukouUnitId')
          .select(['p.id', 'p.name', 'p.idNumberHash'])
          .where('p.countyCode', '=', caller.countyCode)
          .where('u.path', 'like', `${escapeLike(caller.unitPath)}%`)
          .where('p.idNumberHash', 'in', hashes)
          .execute()
      : [];
    const byHash = new Map(persons.map((p) => [p.idNumberHash!, p]));
    const accHashes = parsed.map((p) => sealer.lookupHash(p.account));
    const holders = new Map(
      (await accountsWithHash(tx, caller.countyCode, accHashes)).map((h) => [h.accountHash, h.personId]),
    );
    const existing = new Map(
      (
        await accountsByPersons(
          tx,
          persons.map((p) => p.id),
        )
      ).map((a) => [a.personId, a]),
    );
    const writes: Array<{ p: Parsed; personId: string; hash: string }> = [];
    parsed.forEach((p, i) => {
      const person = byHash.get(hashes[i]!);
      // A person outside the caller's area reads exactly like one not registered.
      if (!person) return bad(p.row, '身份证号', '登记库中（本辖区）没有此身份证号的人员');
      if (!sameName(p.name, person.name))
        return bad(p.row, '姓名', `与登记姓名“${person.name}”不一致：补贴只能发到本人实名账户`);
      const holder = holders.get(accHashes[i]!);
      if (holder && holder !== person.id) return bad(p.row, '账号', '该账号已登记为另一人的账户');
      writes.push({ p, personId: person.id, hash: accHashes[i]! });
    });
    if (problems.length)
      throw new InvalidInputError(
        `${fileName} 有 ${problems.length} 处错误，未导入任何账户：${problems
          .slice(0, 5)
          .map((x) => x.message)
          .join('；')}${problems.length > 5 ? '……' : ''}`,
        problems,
      );
    const now = clock.now();
    let registered = 0;
    let replaced = 0;
    for (const w of writes) {
      const row = {
        bankName: w.p.bankName,
        accountSealed: sealer.seal(w.p.account),
        accountHash: w.hash,
        accountLast4: w.p.account.slice(-4),
        holderName: normalizeName(w.p.name),
        updatedBy: caller.id,
        updatedAt: now,
      };
      const e = existing.get(w.personId);
      if (e) {
        replaced++;
        await payDb(tx)
          .updateTable('benefitAccount')
          .set({ ...row, version: e.version + 1 })
          .where('id', '=', e.id)
          .execute();
      } else {
        registered++;
        await payDb(tx)
          .insertInto('benefitAccount')
          .values({ id: randomUUID(), countyCode: caller.countyCode, personId: w.personId, version: 1, ...row })
          .execute();
      }
    }
    await recordAudit(tx, actor, {
      action: 'benefit.account.import',
      objectType: 'benefit_account',
      detail: { fileName, rows: writes.length, registered, replaced },
    });
    return { rows: writes.length, registered, replaced };
  });
}

export const accountOf = (db: DbOrTx, personId: string) => findAccountByPerson(db, personId);
