/**
 * Applications entered by staff (docs/benefits-workflow.md): a family applies at the village with
 * its documents; the worker enters what was declared and the documents seen. The application is
 * judged by the rules on the registry's facts, like a generated candidate, and kept whatever the
 * verdict: an outcome 'no' is the village's to verify as not eligible, with the reason, so the
 * family's application is answered rather than lost.
 */
import { randomUUID } from 'node:crypto';
import type { CurrentUser } from '../accounts/session.service.js';
import { recordAudit, type Actor } from '../audit/audit.service.js';
import type { Db } from '../db/database.js';
import { clock } from '../lib/clock.js';
import { ConflictError, InvalidInputError, NotFoundError } from '../lib/errors.js';
import { cycleDb, findCycleById, insertCandidates, markCycleInProgress } from './benefit.cycle.repository.js';
import { judge } from './benefit.cycle.service.js';
import { loadFactsOf } from './benefit.facts.js';
import type { BenefitProgram } from './benefit.programs.js';
import type { ApplicationRequest } from './benefit.workflow.schemas.js';
import { STATUS_ZH } from './benefit.workflow.service.js';
import { insertEvents } from './benefit.workflow.repository.js';

/** A person of the county with their hukou unit's path, or undefined. */
export async function findPersonInCounty(db: Db, countyCode: string, personId: string) {
  return db
    .selectFrom('person as p')
    .innerJoin('orgUnit as u', 'u.id', 'p.hukouUnitId')
    .select([
      'p.id',
      'p.name',
      'p.birthDate',
      'p.spouseId',
      'p.motherId',
      'p.fatherId',
      'p.hukouUnitId',
      'u.path as unitPath',
    ])
    .where('p.countyCode', '=', countyCode)
    .where('p.id', '=', personId)
    .executeTakeFirst();
}

/**
 * Enters an application into a cycle for a person of the caller's area.
 * @throws NotFoundError for a cycle of another county, or a person outside the caller's area
 * @throws ConflictError (field personId) when the person (or, for a couple program, the spouse) is already in the cycle
 * @throws InvalidInputError (field receivedOn) for a date in the future
 */
export async function enterApplication(
  db: Db,
  user: CurrentUser,
  actor: Actor,
  cycleId: string,
  req: ApplicationRequest,
) {
  const cycle = await findCycleById(db, user.countyCode, cycleId);
  if (!cycle) throw new NotFoundError('该年度名单');
  const person = await findPersonInCounty(db, user.countyCode, req.personId);
  if (!person || !person.unitPath.startsWith(user.unitPath)) throw new NotFoundError('人员');
  const today = clock.today();
  const receivedOn = req.receivedOn ?? today;
  if (receivedOn > today) throw InvalidInputError.field('receivedOn', '受理日期不能晚于今天');
  const program = cycle.program as BenefitProgram;

  return db.transaction().execute(async (tx) => {
    const within = [person.id, ...(program.per === 'couple' && person.spouseId ? [person.spouseId] : [])];
    const already = await cycleDb(tx)
      .selectFrom('benefitCandidate as k')
      .innerJoin('person as p', 'p.id', 'k.personId')
      .select(['k.personId', 'k.status', 'p.name'])
      .where('k.cycleId', '=', cycleId)
      .where('k.personId', 'in', within)
      .executeTakeFirst();
    if (already)
      throw new ConflictError(
        already.personId === person.id
          ? `${person.name}已在${cycle.year}年「${program.name}」名单中（${STATUS_ZH[already.status]}），不能重复申请`
          : `${person.name}的配偶${already.name}已在${cycle.year}年「${program.name}」名单中（按户发放，每户一份）`,
      ).withField('personId');

    const [facts] = await loadFactsOf(tx, user.countyCode, program, cycle.year, [person.id]);
    const j = judge(program, facts!.facts, cycle.year);
    const id = randomUUID();
    const now = clock.now();
    await insertCandidates(tx, [
      {
        id,
        cycleId,
        countyCode: user.countyCode,
        personId: person.id,
        unitId: person.hukouUnitId,
        outcome: j.outcome,
        amountFen: j.amountFen,
        months: j.months,
        explanation: JSON.stringify(j.explanation),
        status: 'candidate',
        createdAt: now,
        source: 'application',
        enteredBy: user.id,
        application: JSON.stringify({
          declared: req.declared,
          documents: req.documents,
          note: req.note ?? null,
          receivedOn,
        }),
      },
    ]);
    await insertEvents(tx, [
      {
        candidateId: id,
        countyCode: user.countyCode,
        action: 'apply',
        fromStatus: null,
        toStatus: 'candidate',
        reason: req.declared,
        userId: user.id,
        at: now,
      },
    ]);
    await markCycleInProgress(tx, cycleId);
    await recordAudit(tx, actor, {
      action: 'benefit.application.create',
      objectType: 'benefit_candidate',
      objectId: id,
      detail: {
        cycleId,
        personId: person.id,
        outcome: j.outcome,
        amountFen: j.amountFen,
        documents: req.documents,
        receivedOn,
      },
    });
    return {
      id,
      personId: person.id,
      name: person.name,
      outcome: j.outcome,
      amountFen: j.amountFen,
      months: j.months,
      verdict: (j.explanation as { verdict: string }).verdict,
    };
  });
}
