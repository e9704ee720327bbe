/**
 * Payment batches (发放批次) of a cycle's approved roster, one pay period at a time: made, approved
 * by another person, exported to the bank, reconciled from the bank's result file; failed payments
 * paid again by repay batches. See docs/benefits-payments.md.
 *
 * Each payee's amount is decided again on the batch day from the registry as it stood that day
 * (`evaluate(program, factsAsOf(facts, madeOn), { period, batchDate: madeOn })`), so a death or a
 * move before the batch stops the payment and a new disability assessment changes it. Whoever is
 * not paid is listed in the batch's `stopped` with the reason: nobody silently disappears. The
 * totals check and the bank file are in benefit.batch.export.ts.
 */
import { randomUUID } from 'node:crypto';
import { recordAudit, type Actor } from '../audit/audit.service.js';
import type { Db, DbOrTx } from '../db/database.js';
import { clock } from '../lib/clock.js';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from '../lib/errors.js';
import { escapeLike } from '../org/org.repository.js';
import type { Caller } from './benefit.account.service.js';
import { maskAccount } from './benefit.account.number.js';
import { findCycleById } from './benefit.cycle.repository.js';
import { formatFen, isIsoDate } from './benefit.dates.js';
import { evaluate } from './benefit.eligibility.js';
import { loadFacts, type PersonWithFacts } from './benefit.facts.js';
import type { BenefitProgram } from './benefit.programs.js';
import { factsAsOf } from './benefit.rules.js';
import {
  accountsByPersons,
  batchesOfPeriod,
  findBatch,
  insertPayments,
  listBatches,
  paymentTotals,
  payDb,
  type BatchRow,
  type NewPayment,
} from './benefit.payment.repository.js';

export type StopReason = 'dead' | 'moved' | 'not_eligible' | 'no_account';

/** One payee the batch does not pay, and why. */
export type StoppedEntry = {
  candidateId: string;
  personId: string;
  name: string;
  unitId: string;
  reason: StopReason;
  text: string;
  /** The period's entitlement as decided on the batch day (owed, or withheld for a survivors' claim), fen. */
  dueFen: number;
  /** For a repay: the failed payment this would have paid again. */
  retryOf?: string;
};

export type BatchRequest = { cycleId: string; period: string; madeOn: string; dueOn: string };

/** The periods a program pays in a year: the year, its quarters, or its months. */
export function payPeriods(program: Pick<BenefitProgram, 'paid'>, year: number): string[] {
  switch (program.paid) {
    case 'yearly':
      return [String(year)];
    case 'quarterly':
      return [1, 2, 3, 4].map((q) => `${year}Q${q}`);
    case 'monthly':
      return Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
  }
}

/** The number the bank file and the result file carry: county, program, period and sequence. */
export const batchNumber = (b: Pick<BatchRow, 'countyCode' | 'period' | 'seq'>, programCode: string) =>
  `${b.countyCode}-${programCode}-${b.period}-${b.seq}`;

const pgUnique = (e: unknown) => (e as { code?: string }).code === '23505';

type Payee = {
  candidateId: string;
  personId: string;
  unitId: string;
  retryOf?: string;
  fixedFen?: number;
  fixedDue?: number;
};
type PersonInfo = {
  id: string;
  name: string;
  deathDate: string | null;
  leftDate: string | null;
  countyCode: string;
  motherId: string | null;
  fatherId: string | null;
};

/** The approved roster of a cycle: candidates the county approved as eligible. */
export const approvedRoster = (db: DbOrTx, cycleId: string) =>
  payDb(db)
    .selectFrom('benefitCandidate')
    .select(['id', 'personId', 'unitId'])
    .where('cycleId', '=', cycleId)
    .where('status', '=', 'approved')
    .where('villageVerdict', '=', 'eligible')
    // Line numbers follow the villages, so a village's payees are together in the bank file.
    .orderBy('unitId')
    .orderBy('personId');

/**
 * Whose one-card account a payee's money goes into: the person's own, except for a program paid
 * per child (the childcare subsidy), which pays the child's guardian: the mother if registered,
 * else the father. A baby holds no bank card.
 */
export function accountHolderOf(
  program: Pick<BenefitProgram, 'per'>,
  person: Pick<PersonInfo, 'id' | 'motherId' | 'fatherId'>,
): string {
  if (program.per !== 'child') return person.id;
  return person.motherId ?? person.fatherId ?? person.id;
}

async function personsOf(db: DbOrTx, ids: readonly string[]): Promise<Map<string, PersonInfo>> {
  const out = new Map<string, PersonInfo>();
  for (let i = 0; i < ids.length; i += 5000) {
    const rows = await db
      .selectFrom('person')
      .select(['id', 'name', 'deathDate', 'leftDate', 'countyCode', 'motherId', 'fatherId'])
      .where('id', 'in', ids.slice(i, i + 5000))
      .execute();
    for (const r of rows) out.set(r.id, r);
  }
  return out;
}

type Decision =
  | { pay: true; amountFen: number; dueFen: number; months: number }
  | { pay: false; reason: Exclude<StopReason, 'no_account'>; text: string; dueFen: number };

/**
 * What the batch of `madeOn` pays one payee for the period, from the registry as it stood that
 * day. A move out of the county before the day stops the payment: from the move, the county the
 * hukou moved to pays (流入地发放), and what this county owed before it is reported, not paid.
 */
export function decide(
  program: BenefitProgram,
  facts: PersonWithFacts | undefined,
  person: PersonInfo,
  period: string,
  madeOn: string,
): Decision {
  const e = facts ? evaluate(program, factsAsOf(facts.facts, madeOn), { period, batchDate: madeOn }) : undefined;
  if (person.deathDate && person.deathDate <= madeOn) {
    const withheld = e?.explanation.batch?.withheldFen ?? 0;
    return {
      pay: false,
      reason: 'dead',
      dueFen: withheld,
      text: `${person.deathDate} 死亡，本批次不予发放${withheld ? `；死亡前应发 ${formatFen(withheld)} 由继承人另行申领` : ''}`,
    };
  }
  if (person.leftDate && person.leftDate <= madeOn) {
    const owed = e?.amountFen ?? 0;
    return {
      pay: false,
      reason: 'moved',
      dueFen: owed,
      text: `户籍已于 ${person.leftDate} 迁出本县，由迁入地发放${owed ? `；迁出前应发 ${formatFen(owed)} 另行核定` : ''}`,
    };
  }
  if (!e || e.amountFen <= 0)
    return {
      pay: false,
      reason: 'not_eligible',
      dueFen: 0,
      text: e ? `批次日已不符合：${e.explanation.verdict}` : '批次日登记库中已不符合本项目条件',
    };
  const months = e.explanation.months?.filter((m) => m.outcome === 'yes').length ?? 0;
  return { pay: true, amountFen: e.amountFen, dueFen: e.amountFen, months };
}

function checkDates(req: Pick<BatchRequest, 'madeOn' | 'dueOn'>) {
  if (!isIsoDate(req.madeOn)) throw InvalidInputError.field('madeOn', `日期应为 YYYY-MM-DD：${req.madeOn}`);
  if (!isIsoDate(req.dueOn)) throw InvalidInputError.field('dueOn', `日期应为 YYYY-MM-DD：${req.dueOn}`);
  if (req.madeOn > clock.today()) throw InvalidInputError.field('madeOn', `批次日不能晚于今天：${req.madeOn}`);
  if (req.dueOn < req.madeOn) throw InvalidInputError.field('dueOn', `到账日不能早于批次日：${req.dueOn}`);
}

async function cycleFor(db: DbOrTx, caller: Caller, cycleId: string, period: string) {
  const cycle = await findCycleById(db, caller.countyCode, cycleId);
  if (!cycle) throw new NotFoundError('该年度名单');
  const program = cycle.program as BenefitProgram;
  const periods = payPeriods(program, cycle.year);
  if (!periods.includes(period))
    throw InvalidInputError.field(
      'period',
      `「${program.name}」${cycle.year}年的发放期为 ${periods.join('、')}：${period}`,
    );
  return { cycle, program };
}

/** Decides every payee on the batch day and writes the batch with its payments and stopped list. */
async function writeBatch(
  tx: DbOrTx,
  caller: Caller,
  actor: Actor,
  req: BatchRequest,
  program: BenefitProgram,
  year: number,
  kind: 'regular' | 'repay',
  seq: number,
  payees: Payee[],
) {
  const ids = [...new Set(payees.map((p) => p.personId))];
  const persons = await personsOf(tx, ids);
  const wanted = new Set(ids);
  const facts = new Map(
    (await loadFacts(tx, caller.countyCode, program, year))
      .filter((f) => wanted.has(f.personId))
      .map((f) => [f.personId, f]),
  );
  const holders = ids.map((id) => accountHolderOf(program, persons.get(id)!));
  const accounts = new Map((await accountsByPersons(tx, [...new Set(holders)])).map((a) => [a.personId, a]));
  const batchId = randomUUID();
  const stopped: StoppedEntry[] = [];
  const payments: NewPayment[] = [];
  for (const p of payees) {
    const person = persons.get(p.personId)!;
    const d = decide(program, facts.get(p.personId), person, req.period, req.madeOn);
    const base = { candidateId: p.candidateId, personId: p.personId, name: person.name, unitId: p.unitId };
    const retry = p.retryOf ? { retryOf: p.retryOf } : {};
    if (!d.pay) {
      stopped.push({ ...base, reason: d.reason, text: d.text, dueFen: d.dueFen, ...retry });
      continue;
    }
    // A failed payment paid again pays what its batch decided (the entitlement of that day).
    const amountFen = p.fixedFen ?? d.amountFen;
    const dueFen = p.fixedDue ?? d.dueFen;
    const holder = accountHolderOf(program, person);
    const account = accounts.get(holder);
    if (!account) {
      stopped.push({
        ...base,
        reason: 'no_account',
        text:
          holder === p.personId
            ? `未登记一卡通账户，应发 ${formatFen(amountFen)} 待登记账户后补发`
            : `监护人未登记一卡通账户，应发 ${formatFen(amountFen)} 待登记账户后补发`,
        dueFen,
        ...retry,
      });
      continue;
    }
    payments.push({
      id: randomUUID(),
      batchId,
      countyCode: caller.countyCode,
      candidateId: p.candidateId,
      personId: p.personId,
      unitId: p.unitId,
      lineNo: 0,
      accountId: account.id,
      accountSealed: account.accountSealed,
      accountLast4: account.accountLast4,
      holderName: account.holderName,
      amountFen,
      months: d.months,
      dueFen,
      status: 'pending',
      retryOf: p.retryOf ?? null,
    });
  }
  payments.forEach((p, i) => (p.lineNo = i + 1));
  const totalFen = payments.reduce((s, p) => s + p.amountFen, 0);
  const now = clock.now();
  await payDb(tx)
    .insertInto('benefitBatch')
    .values({
      id: batchId,
      countyCode: caller.countyCode,
      cycleId: req.cycleId,
      period: req.period,
      kind,
      seq,
      status: 'draft',
      madeOn: req.madeOn,
      dueOn: req.dueOn,
      payments: payments.length,
      totalFen,
      stopped: JSON.stringify(stopped),
      createdBy: caller.id,
      createdAt: now,
      version: 1,
    })
    .execute();
  await insertPayments(tx, payments);
  const stoppedCounts = stopped.reduce<Record<string, number>>(
    (m, s) => ({ ...m, [s.reason]: (m[s.reason] ?? 0) + 1 }),
    {},
  );
  await recordAudit(tx, actor, {
    action: kind === 'regular' ? 'benefit.batch.make' : 'benefit.batch.repay',
    objectType: 'benefit_batch',
    objectId: batchId,
    detail: {
      cycleId: req.cycleId,
      period: req.period,
      seq,
      payments: payments.length,
      totalFen,
      stopped: stoppedCounts,
    },
  });
  return batchId;
}

/**
 * Makes the regular batch of a cycle's period from its approved roster. One per cycle and period:
 * a second request, even one at the same moment, is refused (the database's unique key decides).
 * @throws NotFoundError for a cycle of another county
 * @throws InvalidInputError (period, madeOn, dueOn) for a period the program does not pay, bad dates, an empty roster
 * @throws ConflictError when the period's batch exists
 */
export async function makeBatch(db: Db, caller: Caller, actor: Actor, req: BatchRequest) {
  checkDates(req);
  const { cycle, program } = await cycleFor(db, caller, req.cycleId, req.period);
  const exists = () =>
    new ConflictError(`${req.period} 的发放批次已存在（每期一个常规批次；失败的款项用补发批次）`).withField('period');
  try {
    const id = await db.transaction().execute(async (tx) => {
      if ((await batchesOfPeriod(tx, cycle.id, req.period)).some((b) => b.seq === 0)) throw exists();
      const roster = await approvedRoster(tx, cycle.id).execute();
      if (roster.length === 0)
        throw InvalidInputError.field('cycleId', '该年度名单还没有县级批准的人员，不能生成发放批次');
      const payees = roster.map((r) => ({ candidateId: r.id, personId: r.personId, unitId: r.unitId }));
      return writeBatch(tx, caller, actor, req, program, cycle.year, 'regular', 0, payees);
    });
    return getBatch(db, caller, actor, id);
  } catch (e) {
    if (pgUnique(e)) throw exists();
    throw e;
  }
}

/**
 * Makes a repay batch (补发) for a cycle's period: the failed payments not yet paid again, the payees
 * stopped for want of an account, and approved payees no batch of the period has listed (approved
 * late). Each is decided again on the repay day; a failed payment is paid again at most once.
 * @throws InvalidInputError when the period has no regular batch or nothing to pay again
 * @throws ConflictError when another repay of the period is made at the same moment
 */
export async function makeRepayBatch(db: Db, caller: Caller, actor: Actor, req: BatchRequest) {
  checkDates(req);
  const { cycle, program } = await cycleFor(db, caller, req.cycleId, req.period);
  try {
    const id = await db.transaction().execute(async (tx) => {
      const batches = await batchesOfPeriod(tx, cycle.id, req.period);
      if (!batches.some((b) => b.seq === 0))
        throw InvalidInputError.field('period', `${req.period} 还没有常规发放批次`);
      const ids = batches.map((b) => b.id);
      const all = await payDb(tx).selectFrom('benefitPayment').selectAll().where('batchId', 'in', ids).execute();
      const retried = new Set(all.map((p) => p.retryOf).filter((x) => x !== null));
      // A failed payment a later repay stopped for a death, a move or the rules is settled by that
      // stop (the reason is on record); only a missing account is worth collecting again.
      for (const b of batches)
        for (const s of b.stopped as StoppedEntry[]) if (s.retryOf && s.reason !== 'no_account') retried.add(s.retryOf);
      const settled = new Set(all.filter((p) => p.status !== 'failed').map((p) => p.candidateId));
      const payees: Payee[] = [];
      const taken = new Set<string>();
      for (const p of all) {
        if (p.status !== 'failed' || retried.has(p.id) || settled.has(p.candidateId) || taken.has(p.candidateId))
          continue;
        taken.add(p.candidateId);
        payees.push({
          candidateId: p.candidateId,
          personId: p.personId,
          unitId: p.unitId,
          retryOf: p.id,
          fixedFen: p.amountFen,
          fixedDue: p.dueFen,
        });
      }
      const everPaidOrFailed = new Set(all.map((p) => p.candidateId));
      const roster = await approvedRoster(tx, cycle.id).execute();
      const listed = new Set(batches.flatMap((b) => (b.stopped as StoppedEntry[]).map((s) => s.candidateId)));
      const noAccount = new Set(
        batches.flatMap((b) =>
          (b.stopped as StoppedEntry[]).filter((s) => s.reason === 'no_account').map((s) => s.candidateId),
        ),
      );
      // Stopped for want of an account only once they have one: a repay that stops them again would say nothing new.
      const rosterPersons = await personsOf(
        tx,
        roster.map((r) => r.personId),
      );
      const holderOf = (personId: string) => accountHolderOf(program, rosterPersons.get(personId)!);
      const registered = new Set(
        (await accountsByPersons(tx, [...new Set(roster.map((r) => holderOf(r.personId)))])).map((a) => a.personId),
      );
      const withAccount = new Set(roster.filter((r) => registered.has(holderOf(r.personId))).map((r) => r.personId));
      for (const r of roster) {
        if (everPaidOrFailed.has(r.id) || taken.has(r.id)) continue;
        // Stopped for want of an account and now registered, or approved after every batch of the period was made.
        if ((noAccount.has(r.id) && withAccount.has(r.personId)) || !listed.has(r.id)) {
          taken.add(r.id);
          payees.push({ candidateId: r.id, personId: r.personId, unitId: r.unitId });
        }
      }
      if (payees.length === 0) throw InvalidInputError.field('period', `${req.period} 没有需要补发的款项`);
      const seq = Math.max(...batches.map((b) => b.seq)) + 1;
      return writeBatch(tx, caller, actor, req, program, cycle.year, 'repay', seq, payees);
    });
    return getBatch(db, caller, actor, id);
  } catch (e) {
    if (pgUnique(e)) throw new ConflictError('同时有另一个补发批次正在生成，请刷新后重试').withField('period');
    throw e;
  }
}

export const num = (v: string | number | bigint | null | undefined) => Number(v ?? 0);

/** Count and fen paid, failed and pending; they add up to the batch total exactly. */
export async function reconciliation(db: DbOrTx, batch: BatchRow) {
  const rows = await paymentTotals(db, batch.id);
  const of = (s: string) => {
    const r = rows.find((x) => x.status === s);
    return { count: num(r?.n), fen: num(r?.fen) };
  };
  const paid = of('paid');
  const failed = of('failed');
  const pending = of('pending');
  const totalFen = num(batch.totalFen);
  return {
    paid,
    failed,
    pending,
    totalFen,
    balanced:
      paid.fen + failed.fen + pending.fen === totalFen && paid.count + failed.count + pending.count === batch.payments,
  };
}

function batchView(b: BatchRow, program: BenefitProgram) {
  return {
    id: b.id,
    batchNo: batchNumber(b, program.code),
    cycleId: b.cycleId,
    programCode: program.code,
    programName: program.name,
    programNameEn: program.nameEn,
    period: b.period,
    kind: b.kind,
    seq: b.seq,
    status: b.status,
    madeOn: b.madeOn,
    dueOn: b.dueOn,
    payments: b.payments,
    totalFen: num(b.totalFen),
    stopped: b.stopped as StoppedEntry[],
    createdBy: b.createdBy,
    createdAt: b.createdAt,
    approvedBy: b.approvedBy,
    approvedAt: b.approvedAt,
    exportedAt: b.exportedAt,
    version: b.version,
  };
}

export async function batchOrThrow(db: DbOrTx, caller: Caller, id: string, lock = false) {
  const b = await findBatch(db, caller.countyCode, id, lock);
  if (!b) throw new NotFoundError('该发放批次');
  const cycle = await findCycleById(db, caller.countyCode, b.cycleId);
  return { batch: b, program: cycle!.program as BenefitProgram };
}

/** The county's batches (of one cycle), newest first, each with its reconciliation. */
export async function getBatches(db: Db, caller: Caller, cycleId?: string) {
  const batches = await listBatches(db, caller.countyCode, cycleId);
  const programs = new Map<string, BenefitProgram>();
  const out = [];
  for (const b of batches) {
    if (!programs.has(b.cycleId))
      programs.set(b.cycleId, (await findCycleById(db, caller.countyCode, b.cycleId))!.program as BenefitProgram);
    const { stopped, ...rest } = batchView(b, programs.get(b.cycleId)!);
    out.push({ ...rest, stoppedCount: stopped.length, summary: await reconciliation(db, b) });
  }
  return out;
}

/**
 * One batch with its payments (names, masked accounts, under the caller's unit), the stopped list
 * and the reconciliation. The read is audited: it lists persons and what they were paid.
 * @throws NotFoundError for a batch of another county
 */
export async function getBatch(db: Db, caller: Caller, actor: Actor, id: string) {
  const { batch, program } = await batchOrThrow(db, caller, id);
  const payments = await payDb(db)
    .selectFrom('benefitPayment as p')
    .innerJoin('person as per', 'per.id', 'p.personId')
    .innerJoin('orgUnit as u', 'u.id', 'p.unitId')
    .select([
      'p.id',
      'p.lineNo',
      'p.personId',
      'per.name',
      'per.idNumberMasked',
      'p.unitId',
      'u.name as unitName',
      'p.accountLast4',
      'p.holderName',
      'p.amountFen',
      'p.dueFen',
      'p.months',
      'p.status',
      'p.failureReason',
      'p.bankRef',
      'p.paidOn',
      'p.retryOf',
    ])
    .where('p.batchId', '=', id)
    .where('u.path', 'like', `${escapeLike(caller.unitPath)}%`)
    .orderBy('p.lineNo')
    .execute();
  const retries = payments.length
    ? await payDb(db)
        .selectFrom('benefitPayment')
        .select(['id', 'retryOf', 'batchId'])
        .where(
          'retryOf',
          'in',
          payments.map((p) => p.id),
        )
        .execute()
    : [];
  const retriedBy = new Map(retries.map((r) => [r.retryOf!, r.batchId]));
  await recordAudit(db, actor, {
    action: 'benefit.batch.read',
    objectType: 'benefit_batch',
    objectId: id,
    detail: { payments: payments.length },
  });
  return {
    ...batchView(batch, program),
    summary: await reconciliation(db, batch),
    items: payments.map((p) => ({
      ...p,
      accountMasked: maskAccount(p.accountLast4),
      retriedIn: retriedBy.get(p.id) ?? null,
    })),
  };
}

/**
 * Approves a draft batch. The approver is never its maker (four eyes on public money).
 * @throws ForbiddenError when the caller made the batch
 * @throws ConflictError when the batch is not a draft or changed since `version`
 */
export async function approveBatch(db: Db, caller: Caller, actor: Actor, id: string, version: number) {
  await db.transaction().execute(async (tx) => {
    const { batch } = await batchOrThrow(tx, caller, id, true);
    if (batch.status !== 'draft') throw new ConflictError(`该批次已${STATUS_ZH[batch.status]}，不能再批准`);
    if (batch.version !== version) throw new ConflictError('该批次已被他人修改，请刷新后重试').withField('version');
    if (batch.createdBy && batch.createdBy === caller.id)
      throw new ForbiddenError(
        '批次生成人不能批准自己生成的批次，请由另一名有发放权限的人员批准',
        'MAKER_CANNOT_APPROVE',
      );
    await payDb(tx)
      .updateTable('benefitBatch')
      .set({ status: 'approved', approvedBy: caller.id, approvedAt: clock.now(), version: batch.version + 1 })
      .where('id', '=', id)
      .execute();
    await recordAudit(tx, actor, {
      action: 'benefit.batch.approve',
      objectType: 'benefit_batch',
      objectId: id,
      detail: { period: batch.period, payments: batch.payments, totalFen: num(batch.totalFen) },
    });
  });
  return getBatch(db, caller, actor, id);
}

export const STATUS_ZH: Record<BatchRow['status'], string> = {
  draft: '待批准',
  approved: '批准',
  exported: '导出',
  reconciled: '对账完成',
};
