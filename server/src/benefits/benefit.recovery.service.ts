/**
 * Recovery cases (追回): money paid that was not due, above all a payment credited for a period in
 * which the payee died. A batch decides on its own day and pays in good faith a person who dies
 * later; when the death becomes known, the period's entitlement is recomputed with it (months
 * after the death do not count) and the difference is to be recovered. See
 * docs/benefits-payments.md.
 */
import { randomUUID } from 'node:crypto';
import { recordAudit, type Actor } from '../audit/audit.service.js';
import type { Db } from '../db/database.js';
import { clock } from '../lib/clock.js';
import { ConflictError, InvalidInputError, NotFoundError } from '../lib/errors.js';
import { escapeLike } from '../org/org.repository.js';
import type { Caller } from './benefit.account.service.js';
import { formatFen, lastDay, parseMonthRange } from './benefit.dates.js';
import { evaluate } from './benefit.eligibility.js';
import { loadFacts, type PersonWithFacts } from './benefit.facts.js';
import type { BenefitProgram } from './benefit.programs.js';
import { payDb } from './benefit.payment.repository.js';

const SYSTEM: Actor = { userId: null, username: 'system', unitId: null, address: null };

/**
 * Finds paid payments to persons the registry now holds dead on or before the payment's period
 * end or its paid date, recomputes the period's entitlement with the death known, and opens one
 * recovery case per payment for what was paid beyond it. Idempotent: a payment with a case is
 * skipped (and the database allows one case per payment). Call it when a death is confirmed, with
 * the person's id; without ids it scans the county.
 */
export async function openRecoveries(
  db: Db,
  countyCode: string,
  personIds?: readonly string[],
  actor: Actor = { ...SYSTEM, unitId: countyCode },
): Promise<{
  opened: number;
  recoveries: Array<{ id: string; paymentId: string; personId: string; amountFen: number }>;
}> {
  if (personIds && personIds.length === 0) return { opened: 0, recoveries: [] };
  return db.transaction().execute(async (tx) => {
    const t = payDb(tx);
    let q = t
      .selectFrom('benefitPayment as p')
      .innerJoin('benefitBatch as b', 'b.id', 'p.batchId')
      .innerJoin('benefitCycle as c', 'c.id', 'b.cycleId')
      .innerJoin('person as per', 'per.id', 'p.personId')
      .leftJoin('benefitRecovery as r', 'r.paymentId', 'p.id')
      .select([
        'p.id',
        'p.personId',
        'p.unitId',
        'p.amountFen',
        'p.paidOn',
        'b.period',
        'b.cycleId',
        'c.year',
        'c.program',
        'per.deathDate',
      ])
      .where('p.countyCode', '=', countyCode)
      .where('p.status', '=', 'paid')
      .where('per.deathDate', 'is not', null)
      .where('r.id', 'is', null);
    if (personIds) q = q.where('p.personId', 'in', [...personIds]);
    const rows = await q.execute();
    const factsByCycle = new Map<string, Map<string, PersonWithFacts>>();
    const opened: Array<{ id: string; paymentId: string; personId: string; amountFen: number }> = [];
    for (const r of rows) {
      const death = r.deathDate!;
      const end = lastDay(parseMonthRange(r.period)!.to);
      if (!(death <= end || (r.paidOn !== null && death <= r.paidOn))) continue;
      const program = r.program as BenefitProgram;
      // A yearly award (the rural reward) paid while the payee was alive stands for that year: it
      // stops from the next year, and only money credited on or after the death is recovered.
      // Month-counted programs (special assistance) recover the months after the death whenever
      // they were paid, since they are paid ahead for the quarter.
      if (program.entitlement === 'year' && !(r.paidOn !== null && death <= r.paidOn)) continue;
      let facts = factsByCycle.get(r.cycleId);
      if (!facts) {
        // The registry as it now stands, death included; read once per cycle.
        facts = new Map((await loadFacts(tx, countyCode, program, r.year)).map((f) => [f.personId, f]));
        factsByCycle.set(r.cycleId, facts);
      }
      const f = facts.get(r.personId);
      // Not among the plausible persons: died before the year began, nothing of it was due.
      const entitled = f ? evaluate(program, f.facts, { period: r.period }).amountFen : 0;
      const amountFen = r.amountFen - entitled;
      if (amountFen <= 0) continue;
      const id = randomUUID();
      const reason = `${death} 死亡；${r.period} 应发 ${formatFen(entitled)}，已发 ${formatFen(r.amountFen)}${r.paidOn ? `（${r.paidOn} 入账）` : ''}，多发 ${formatFen(amountFen)}`;
      const inserted = await t
        .insertInto('benefitRecovery')
        .values({
          id,
          countyCode,
          paymentId: r.id,
          personId: r.personId,
          unitId: r.unitId,
          amountFen,
          reason,
          status: 'open',
          openedAt: clock.now(),
        })
        .onConflict((oc) => oc.column('paymentId').doNothing())
        .returning('id')
        .executeTakeFirst();
      if (inserted) opened.push({ id, paymentId: r.id, personId: r.personId, amountFen });
    }
    if (opened.length)
      await recordAudit(tx, actor, {
        action: 'benefit.recovery.open',
        objectType: 'benefit_recovery',
        detail: {
          opened: opened.length,
          amountFen: opened.reduce((s, o) => s + o.amountFen, 0),
          payments: opened.map((o) => o.paymentId),
        },
      });
    return { opened: opened.length, recoveries: opened };
  });
}

/** The county's recovery cases under the caller's unit, open first. The read is audited. */
export async function listRecoveries(db: Db, caller: Caller, actor: Actor, status?: 'open' | 'recovered' | 'waived') {
  const items = await payDb(db)
    .selectFrom('benefitRecovery as r')
    .innerJoin('benefitPayment as p', 'p.id', 'r.paymentId')
    .innerJoin('benefitBatch as b', 'b.id', 'p.batchId')
    .innerJoin('person as per', 'per.id', 'r.personId')
    .innerJoin('orgUnit as u', 'u.id', 'r.unitId')
    .select([
      'r.id',
      'r.personId',
      'per.name',
      'per.idNumberMasked',
      'r.unitId',
      'u.name as unitName',
      'r.amountFen',
      'r.reason',
      'r.status',
      'r.openedAt',
      'r.closedAt',
      'r.note',
      'b.period',
      'b.id as batchId',
      'p.amountFen as paidFen',
      'p.paidOn',
    ])
    .where('r.countyCode', '=', caller.countyCode)
    .where('u.path', 'like', `${escapeLike(caller.unitPath)}%`)
    .$if(status !== undefined, (q) => q.where('r.status', '=', status!))
    .orderBy('r.status')
    .orderBy('r.openedAt', 'desc')
    .limit(500)
    .execute();
  await recordAudit(db, actor, {
    action: 'benefit.recovery.list',
    objectType: 'benefit_recovery',
    detail: { status: status ?? null, results: items.length },
  });
  return items;
}

/**
 * Closes an open case: recovered (the money came back) or waived (a decision not to recover),
 * with a note saying how or why.
 * @throws NotFoundError for a case outside the caller's county or area
 * @throws InvalidInputError (field note) without a note
 * @throws ConflictError when the case is already closed
 */
export async function closeRecovery(
  db: Db,
  caller: Caller,
  actor: Actor,
  id: string,
  body: { status: 'recovered' | 'waived'; note: string },
) {
  const note = body.note.trim();
  if (!note)
    throw InvalidInputError.field(
      'note',
      body.status === 'waived' ? '免于追回须写明理由' : '请写明追回方式（如退款凭证号）',
    );
  return db.transaction().execute(async (tx) => {
    const r = await payDb(tx)
      .selectFrom('benefitRecovery as r')
      .innerJoin('orgUnit as u', 'u.id', 'r.unitId')
      .select(['r.id', 'r.status', 'r.amountFen'])
      .where('r.id', '=', id)
      .where('r.countyCode', '=', caller.countyCode)
      .where('u.path', 'like', `${escapeLike(caller.unitPath)}%`)
      .forUpdate()
      .executeTakeFirst();
    if (!r) throw new NotFoundError('该追回案件');
    if (r.status !== 'open') throw new ConflictError('该追回案件已结案');
    await payDb(tx)
      .updateTable('benefitRecovery')
      .set({ status: body.status, note, closedBy: caller.id, closedAt: clock.now() })
      .where('id', '=', id)
      .execute();
    await recordAudit(tx, actor, {
      action: 'benefit.recovery.close',
      objectType: 'benefit_recovery',
      objectId: id,
      detail: { status: body.status, amountFen: r.amountFen, note },
    });
    return { id, status: body.status, note };
  });
}
