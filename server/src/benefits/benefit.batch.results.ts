/**
 * The bank's result file (回盘文件) for an exported batch: each line says whether a payment was
 * credited (成功: bank reference and date) or not (失败: the bank's reason). See
 * docs/benefits-payments.md.
 *
 * All or nothing: a line that does not match its payment (line number, account, amount), a header
 * of another batch or a contradiction with a result already taken refuses the whole file, naming
 * the file, the row and the field. The same file twice is refused (its SHA-256 is unique per
 * batch); a second, different file that repeats a line already decided the same way counts it
 * once. The batch is reconciled when no payment is pending.
 */
import { randomUUID } from 'node:crypto';
import { recordAudit, type Actor } from '../audit/audit.service.js';
import type { Db } from '../db/database.js';
import { clock } from '../lib/clock.js';
import { ConflictError, InvalidInputError, NotFoundError, type FieldProblem } from '../lib/errors.js';
import type { Sealer } from '../lib/sealing.js';
import { SpreadsheetError } from '../lib/spreadsheet.js';
import type { Caller } from './benefit.account.service.js';
import { readResultFile } from './benefit.bankfile.js';
import { batchNumber, reconciliation } from './benefit.batch.service.js';
import { findCycleById } from './benefit.cycle.repository.js';
import { formatFen } from './benefit.dates.js';
import type { BenefitProgram } from './benefit.programs.js';
import { findBatch, paymentsOf, payDb } from './benefit.payment.repository.js';
import { openRecoveries } from './benefit.recovery.service.js';

export type ResultUpload = { path: string; fileName: string; sha256: string };

/**
 * Imports a result file for a batch; then opens recovery cases for payments credited to persons
 * the registry holds dead.
 * @throws InvalidInputError with every problem (file, row, field) when any line is wrong
 * @throws ConflictError when the file was imported before, or the batch was not exported
 */
export async function importResults(
  db: Db,
  sealer: Sealer,
  caller: Caller,
  actor: Actor,
  batchId: string,
  file: ResultUpload,
) {
  const f = file.fileName;
  let parsed;
  try {
    parsed = await readResultFile(file.path, f);
  } catch (e) {
    if (e instanceof SpreadsheetError)
      throw new InvalidInputError(`${f}：${e.message}`, [{ file: f, field: 'file', message: e.message }]);
    throw e;
  }
  const result = await db.transaction().execute(async (tx) => {
    const batch = await findBatch(tx, caller.countyCode, batchId, true);
    if (!batch) throw new NotFoundError('该发放批次');
    if (batch.status !== 'exported' && batch.status !== 'reconciled')
      throw new ConflictError('批次尚未导出代发文件，不能导入回盘');
    const dup = await payDb(tx)
      .selectFrom('benefitResultImport')
      .select(['fileName', 'importedAt'])
      .where('batchId', '=', batchId)
      .where('sha256', '=', file.sha256)
      .executeTakeFirst();
    if (dup)
      throw new ConflictError(
        `该回盘文件已于 ${dup.importedAt.toISOString().slice(0, 10)} 导入（${dup.fileName}），不再重复导入`,
      );
    const program = (await findCycleById(tx, caller.countyCode, batch.cycleId))!.program as BenefitProgram;
    const problems: FieldProblem[] = [...parsed.problems];
    const bad = (row: number, field: string, message: string) =>
      problems.push({ file: f, row, field, message: `${f} 第${row}行「${field}」：${message}` });
    const h = parsed.header;
    const no = batchNumber(batch, program.code);
    if (h.batchNo && h.batchNo !== no) bad(h.row, '批次号', `${h.batchNo} 不是本批次（${no}）`);
    if (Number.isInteger(h.count) && h.count !== batch.payments)
      bad(h.row, '笔数', `${h.count} 与本批次 ${batch.payments} 笔不符`);
    if (h.totalFen !== Number(batch.totalFen))
      bad(h.row, '总金额', `${formatFen(h.totalFen)} 与本批次 ${formatFen(Number(batch.totalFen))} 不符`);

    const payments = new Map((await paymentsOf(tx, batchId)).map((p) => [p.lineNo, p]));
    const seen = new Map<number, number>();
    const updates: Array<{
      id: string;
      status: 'paid' | 'failed';
      reason: string | null;
      ref: string | null;
      date: string | null;
    }> = [];
    let repeated = 0;
    for (const l of parsed.lines) {
      const p = payments.get(l.lineNo);
      if (!p) {
        bad(l.row, '序号', `本批次没有第${l.lineNo}笔`);
        continue;
      }
      if (seen.has(l.lineNo)) {
        bad(l.row, '序号', `第${l.lineNo}笔 与第${seen.get(l.lineNo)}行重复`);
        continue;
      }
      seen.set(l.lineNo, l.row);
      const before = problems.length;
      if (sealer.open(p.accountSealed) !== l.account)
        bad(l.row, '账号', `与代发文件第${l.lineNo}笔的账号（尾号${p.accountLast4}）不符`);
      if (l.amountFen !== p.amountFen)
        bad(l.row, '金额', `${formatFen(l.amountFen)} 与代发文件第${l.lineNo}笔的 ${formatFen(p.amountFen)} 不符`);
      if (problems.length > before) continue;
      if (p.status !== 'pending') {
        const same =
          p.status === l.result && (l.result === 'failed' || (p.bankRef === l.bankRef && p.paidOn === l.date));
        if (!same)
          bad(
            l.row,
            '结果',
            `第${l.lineNo}笔 已按此前的回盘记为${p.status === 'paid' ? `成功（流水号 ${p.bankRef}）` : `失败（${p.failureReason}）`}，本文件与之矛盾`,
          );
        else repeated++;
        continue;
      }
      updates.push({ id: p.id, status: l.result, reason: l.reason, ref: l.bankRef, date: l.date });
    }
    if (problems.length)
      throw new InvalidInputError(
        `${f} 有 ${problems.length} 处错误，未导入任何结果：${problems
          .slice(0, 5)
          .map((p) => p.message)
          .join('；')}${problems.length > 5 ? '……' : ''}`,
        problems,
      );
    const importId = randomUUID();
    const paid = updates.filter((u) => u.status === 'paid').length;
    const failed = updates.length - paid;
    await payDb(tx)
      .insertInto('benefitResultImport')
      .values({
        id: importId,
        batchId,
        countyCode: caller.countyCode,
        fileName: f,
        sha256: file.sha256,
        rows: parsed.lines.length,
        paid,
        failed,
        importedBy: caller.id,
        importedAt: clock.now(),
      })
      .execute();
    for (const u of updates)
      await payDb(tx)
        .updateTable('benefitPayment')
        .set(
          u.status === 'paid'
            ? { status: 'paid', bankRef: u.ref, paidOn: u.date, failureReason: null, resultImportId: importId }
            : { status: 'failed', failureReason: u.reason, bankRef: u.ref, paidOn: null, resultImportId: importId },
        )
        .where('id', '=', u.id)
        .where('status', '=', 'pending')
        .execute();
    const summary = await reconciliation(tx, batch);
    const reconciled = summary.pending.count === 0;
    if (reconciled && batch.status !== 'reconciled')
      await payDb(tx)
        .updateTable('benefitBatch')
        .set({ status: 'reconciled', version: batch.version + 1 })
        .where('id', '=', batchId)
        .execute();
    await recordAudit(tx, actor, {
      action: 'benefit.batch.results',
      objectType: 'benefit_batch',
      objectId: batchId,
      detail: { fileName: f, sha256: file.sha256, rows: parsed.lines.length, paid, failed, repeated, reconciled },
    });
    const paidPersons = [...payments.values()]
      .filter((p) => updates.some((u) => u.id === p.id && u.status === 'paid'))
      .map((p) => p.personId);
    return { importId, rows: parsed.lines.length, paid, failed, repeated, reconciled, summary, paidPersons };
  });
  const recoveries = result.paidPersons.length
    ? await openRecoveries(db, caller.countyCode, result.paidPersons, actor)
    : { opened: 0, recoveries: [] };
  const { paidPersons: _p, ...rest } = result;
  return { ...rest, recoveriesOpened: recoveries.opened };
}
