/**
 * The batch's way to the bank (docs/benefits-payments.md, "The bank file"): the totals checked
 * before money leaves, then the file in the bank's format. The export is the one place where
 * whole account and ID numbers leave renkou, so every export is audited.
 */
import { recordAudit, type Actor } from '../audit/audit.service.js';
import type { Db, DbOrTx } from '../db/database.js';
import { clock } from '../lib/clock.js';
import { ConflictError } from '../lib/errors.js';
import type { Sealer } from '../lib/sealing.js';
import type { Caller } from './benefit.account.service.js';
import { bankTextFile, bankXlsxFile, type BankFileLine } from './benefit.bankfile.js';
import { approvedRoster, batchNumber, batchOrThrow, num, type StoppedEntry } from './benefit.batch.service.js';
import { formatFen } from './benefit.dates.js';
import { paymentsOf, payDb, type BatchRow } from './benefit.payment.repository.js';

/**
 * The checks before money leaves: the payments add up to the batch's count and total; the total
 * is the roster's entitlement for the period (every payee and every stopped payee, as decided on
 * the batch day) minus the stopped; nobody is both paid and stopped or listed twice; no payment
 * is more than was due; every payee is still on the approved roster.
 * @throws ConflictError with the first difference found
 */
export async function checkTotals(db: DbOrTx, batch: BatchRow) {
  const payments = await paymentsOf(db, batch.id);
  const stopped = batch.stopped as StoppedEntry[];
  const sum = payments.reduce((s, p) => s + p.amountFen, 0);
  const total = num(batch.totalFen);
  const fail = (m: string) => {
    throw new ConflictError(`批次合计核对不符，不能导出：${m}`);
  };
  if (payments.length !== batch.payments) fail(`明细 ${payments.length} 笔，批次记录 ${batch.payments} 笔`);
  if (sum !== total) fail(`明细合计 ${formatFen(sum)}，批次总额 ${formatFen(total)}`);
  const roster = payments.reduce((s, p) => s + p.dueFen, 0) + stopped.reduce((s, x) => s + x.dueFen, 0);
  const stoppedFen = stopped.reduce((s, x) => s + x.dueFen, 0);
  const over = payments.find((p) => p.amountFen > p.dueFen);
  if (over) fail(`第${over.lineNo}笔 发放 ${formatFen(over.amountFen)} 超过应发 ${formatFen(over.dueFen)}`);
  if (batch.kind === 'regular' && roster - stoppedFen !== total)
    fail(
      `名单应发 ${formatFen(roster)} 减停发 ${formatFen(stoppedFen)} 为 ${formatFen(roster - stoppedFen)}，批次总额 ${formatFen(total)}`,
    );
  const seen = new Set<string>();
  for (const c of [...payments.map((p) => p.candidateId), ...stopped.map((s) => s.candidateId)]) {
    if (seen.has(c)) fail('同一人在批次中出现两次');
    seen.add(c);
  }
  const approved = new Set(
    payments.length
      ? (
          await approvedRoster(db, batch.cycleId)
            .where(
              'id',
              'in',
              payments.map((p) => p.candidateId),
            )
            .execute()
        ).map((r) => r.id)
      : [],
  );
  const gone = payments.find((p) => !approved.has(p.candidateId));
  if (gone) fail(`第${gone.lineNo}笔 的人员已不在批准名单中`);
  return { payments, sum };
}

/**
 * The bank file of an approved (or already exported) batch: the one place full account numbers
 * leave the system. Totals are checked first; the export is audited; the batch becomes exported.
 * @throws ConflictError for a draft batch, or totals that do not check
 */
export async function exportBatch(
  db: Db,
  sealer: Sealer,
  caller: Caller,
  actor: Actor,
  id: string,
  format: 'txt' | 'xlsx',
) {
  return db.transaction().execute(async (tx) => {
    const { batch, program } = await batchOrThrow(tx, caller, id, true);
    if (batch.status === 'draft') throw new ConflictError('批次尚未批准，不能导出');
    const { payments } = await checkTotals(tx, batch);
    // The bank checks the account holder's name and ID number: the payee's own, or for a program
    // paid per child the guardian's whose account it is (accountHolderOf).
    const accountIds = [...new Set(payments.map((p) => p.accountId).filter((x): x is string => x !== null))];
    const holderOf = new Map(
      (accountIds.length
        ? await payDb(tx)
            .selectFrom('benefitAccount')
            .select(['id', 'personId'])
            .where('id', 'in', accountIds)
            .execute()
        : []
      ).map((a) => [a.id, a.personId]),
    );
    const ids = [...new Set([...payments.map((p) => p.personId), ...holderOf.values()])];
    const persons = new Map(
      (ids.length
        ? await tx.selectFrom('person').select(['id', 'name', 'idNumberSealed']).where('id', 'in', ids).execute()
        : []
      ).map((p) => [p.id, p]),
    );
    const memo = `${batch.period} ${program.name}${batch.kind === 'repay' ? ' 补发' : ''}`;
    const lines: BankFileLine[] = payments.map((p) => {
      const holderId = (p.accountId && holderOf.get(p.accountId)) ?? p.personId;
      const holder = persons.get(holderId)!;
      return {
        lineNo: p.lineNo,
        name: p.holderName,
        idNumber: holder.idNumberSealed ? sealer.open(holder.idNumberSealed) : '',
        account: sealer.open(p.accountSealed),
        amountFen: p.amountFen,
        memo: holderId === p.personId ? memo : `${memo}（子女 ${persons.get(p.personId)!.name}）`,
      };
    });
    const batchNo = batchNumber(batch, program.code);
    const header = { batchNo, count: payments.length, totalFen: num(batch.totalFen) };
    const body = format === 'txt' ? bankTextFile(header, lines) : await bankXlsxFile(header, lines);
    if (batch.status === 'approved')
      await payDb(tx)
        .updateTable('benefitBatch')
        .set({ status: 'exported', exportedAt: clock.now(), version: batch.version + 1 })
        .where('id', '=', id)
        .execute();
    await recordAudit(tx, actor, {
      action: 'benefit.batch.export',
      objectType: 'benefit_batch',
      objectId: id,
      detail: {
        batchNo,
        format,
        payments: payments.length,
        totalFen: header.totalFen,
        again: batch.status !== 'approved',
      },
    });
    return {
      fileName: `一卡通代发-${batchNo}.${format}`,
      contentType:
        format === 'txt'
          ? 'text/plain; charset=GBK'
          : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      body,
    };
  });
}
