/**
 * Disability assessments in the registry (disability_assessment; docs/benefits-workflow.md). The
 * village or township records a person's assessment from the certificate; the benefit rules read
 * the latest one on or before their date (benefit.facts.ts). Recording one re-judges, in the same
 * transaction, the open candidates it concerns: the assessed person's parents (and their spouses,
 * whose facts include the child) in every cycle of the county of the assessment's year or later.
 *
 * - A candidate not yet verified (candidate, returned) is judged again: outcome, months, amount and
 *   explanation change, the version goes up and the trail says why ('reevaluate').
 * - A candidate already verified or reviewed is left as the people who acted on it saw it; the
 *   answer lists it, for the township or county to return if the new fact changes it.
 * - A parent who was not a candidate and now qualifies (or is now to verify) because of this
 *   assessment is added to the cycle as a registry candidate, for the village to verify: the
 *   registry now shows what the family would otherwise bring as an application. "Because of this
 *   assessment" is checked by judging them without it: someone the rules accepted anyway (a
 *   cycle generated before they were registered) is not added by a disability record.
 */
import { randomUUID } from 'node:crypto';
import type { CurrentUser } from '../accounts/session.service.js';
import { recordAudit, type Actor } from '../audit/audit.service.js';
import type { Db, DbOrTx } from '../db/database.js';
import { clock } from '../lib/clock.js';
import { ConflictError, InvalidInputError, NotFoundError } from '../lib/errors.js';
import { findPersonInCounty } from './benefit.application.service.js';
import { cycleDb, insertCandidates, type CandidateStatus } from './benefit.cycle.repository.js';
import { judge } from './benefit.cycle.service.js';
import { loadFactsOf, usesChildren } from './benefit.facts.js';
import type { BenefitProgram } from './benefit.programs.js';
import type { AssessmentRequest } from './benefit.workflow.schemas.js';
import { cyclesOfCounty, insertEvents, workflowDb } from './benefit.workflow.repository.js';

const GRADE_ZH = ['', '一', '二', '三', '四'];
const OUTCOME_ZH = { yes: '符合', unknown: '待核实', no: '不符合' } as const;

export type Reevaluation = {
  cycleId: string;
  year: number;
  programName: string;
  candidateId: string;
  personId: string;
  name: string;
  from: { outcome: 'yes' | 'unknown' | 'no'; amountFen: number };
  to: { outcome: 'yes' | 'unknown' | 'no'; amountFen: number };
};

/**
 * Records an assessment and re-judges the candidates it concerns.
 * @throws NotFoundError for a person outside the caller's area
 * @throws InvalidInputError (assessedOn) for a date in the future or before the person's birth
 * @throws ConflictError (assessedOn) when the person already has an assessment of that date
 */
export async function recordAssessment(db: Db, user: CurrentUser, actor: Actor, req: AssessmentRequest) {
  const person = await findPersonInCounty(db, user.countyCode, req.personId);
  if (!person || !person.unitPath.startsWith(user.unitPath)) throw new NotFoundError('人员');
  if (req.assessedOn > clock.today()) throw InvalidInputError.field('assessedOn', '评定日期不能晚于今天');
  if (req.assessedOn < person.birthDate)
    throw InvalidInputError.field('assessedOn', `评定日期不能早于出生日期（${person.birthDate}）`);

  return db.transaction().execute(async (tx) => {
    const same = await workflowDb(tx)
      .selectFrom('disabilityAssessment')
      .select('id')
      .where('personId', '=', person.id)
      .where('assessedOn', '=', req.assessedOn)
      .executeTakeFirst();
    if (same)
      throw new ConflictError(`${person.name}已有${req.assessedOn}的残疾评定，请勿重复录入`).withField('assessedOn');
    const id = randomUUID();
    const now = clock.now();
    await workflowDb(tx)
      .insertInto('disabilityAssessment')
      .values({
        id,
        countyCode: user.countyCode,
        personId: person.id,
        grade: req.grade,
        category: req.category,
        assessedOn: req.assessedOn,
        certificateNo: req.certificateNo || null,
        recordedBy: user.id,
        recordedAt: now,
      })
      .execute();
    const why = `录入${person.name}的残疾评定（${GRADE_ZH[req.grade]}级，${req.assessedOn}）后重新判断`;
    const result = await reevaluateParents(tx, user, person, Number(req.assessedOn.slice(0, 4)), why, now);
    await recordAudit(tx, actor, {
      action: 'benefit.disability.record',
      objectType: 'person',
      objectId: person.id,
      detail: {
        assessmentId: id,
        grade: req.grade,
        category: req.category,
        assessedOn: req.assessedOn,
        reevaluated: result.reevaluated.map((r) => ({ candidateId: r.candidateId, from: r.from, to: r.to })),
        added: result.added.map((r) => ({ candidateId: r.candidateId, to: r.to })),
        waiting: result.waiting.map((w) => w.candidateId),
      },
    });
    return {
      assessment: { id, personId: person.id, grade: req.grade, category: req.category, assessedOn: req.assessedOn },
      ...result,
    };
  });
}

async function reevaluateParents(
  tx: DbOrTx,
  user: CurrentUser,
  child: { id: string; motherId: string | null; fatherId: string | null },
  fromYear: number,
  why: string,
  at: Date,
) {
  const reevaluated: Reevaluation[] = [];
  const added: Reevaluation[] = [];
  const waiting: Array<{ candidateId: string; name: string; status: CandidateStatus; programName: string }> = [];
  const direct = [child.motherId, child.fatherId].filter((v): v is string => v !== null);
  if (direct.length === 0) return { reevaluated, added, waiting };
  const spouses = await tx
    .selectFrom('person')
    .select('spouseId')
    .where('id', 'in', direct)
    .where('spouseId', 'is not', null)
    .execute();
  const parents = [...new Set([...direct, ...spouses.map((s) => s.spouseId!)])];

  for (const cycle of await cyclesOfCounty(tx, user.countyCode)) {
    const program = cycle.program as BenefitProgram;
    const looksAtChildren = usesChildren(program.rule) || program.amounts.some((t) => t.when && usesChildren(t.when));
    // An assessment is not known before its date: earlier years cannot change.
    if (!looksAtChildren || cycle.year < fromYear) continue;
    const facts = await loadFactsOf(tx, user.countyCode, program, cycle.year, parents);
    const current = await cycleDb(tx)
      .selectFrom('benefitCandidate as k')
      .innerJoin('person as p', 'p.id', 'k.personId')
      .select(['k.id', 'k.personId', 'k.status', 'k.outcome', 'k.amountFen', 'k.months', 'k.version', 'p.name'])
      .where('k.cycleId', '=', cycle.id)
      .where('k.personId', 'in', parents)
      .execute();
    const spouseOf = new Map(facts.map((f) => [f.personId, f.facts.spouse?.id ?? null]));
    const inCycle = new Set(current.map((c) => c.personId));
    for (const f of facts) {
      const j = judge(program, f.facts, cycle.year);
      const c = current.find((x) => x.personId === f.personId);
      const name = f.facts.person.name ?? '';
      if (c) {
        if (c.status === 'approved' || c.status === 'excluded') continue;
        const changed = c.outcome !== j.outcome || c.amountFen !== j.amountFen || c.months !== j.months;
        if (!changed) continue;
        if (c.status !== 'candidate' && c.status !== 'returned') {
          waiting.push({ candidateId: c.id, name, status: c.status, programName: program.name });
          continue;
        }
        await cycleDb(tx)
          .updateTable('benefitCandidate')
          .set((eb) => ({
            outcome: j.outcome,
            amountFen: j.amountFen,
            months: j.months,
            explanation: JSON.stringify(j.explanation),
            version: eb('version', '+', 1),
            updatedAt: at,
          }))
          .where('id', '=', c.id)
          .execute();
        await insertEvents(tx, [
          {
            candidateId: c.id,
            countyCode: user.countyCode,
            action: 'reevaluate',
            fromStatus: c.status,
            toStatus: c.status,
            reason: `${why}：${OUTCOME_ZH[c.outcome]}→${OUTCOME_ZH[j.outcome]}`,
            userId: user.id,
            at,
          },
        ]);
        reevaluated.push({
          cycleId: cycle.id,
          year: cycle.year,
          programName: program.name,
          candidateId: c.id,
          personId: f.personId,
          name,
          from: { outcome: c.outcome, amountFen: c.amountFen },
          to: { outcome: j.outcome, amountFen: j.amountFen },
        });
        continue;
      }
      if (j.outcome === 'no') continue;
      // Only what this assessment changed: judged without the child's disability, were they refused?
      const without = {
        ...f.facts,
        children: f.facts.children.map((k) => (k.id === child.id ? { ...k, disability: null } : k)),
      };
      if (judge(program, without, cycle.year).outcome !== 'no') continue;
      // A couple program keeps one spouse per couple.
      const spouse = spouseOf.get(f.personId);
      if (program.per === 'couple' && spouse && inCycle.has(spouse)) continue;
      const person = await tx
        .selectFrom('person')
        .select('hukouUnitId')
        .where('id', '=', f.personId)
        .executeTakeFirstOrThrow();
      const id = randomUUID();
      await insertCandidates(tx, [
        {
          id,
          cycleId: cycle.id,
          countyCode: user.countyCode,
          personId: f.personId,
          unitId: person.hukouUnitId,
          outcome: j.outcome,
          amountFen: j.amountFen,
          months: j.months,
          explanation: JSON.stringify(j.explanation),
          status: 'candidate',
          createdAt: at,
        },
      ]);
      inCycle.add(f.personId);
      await insertEvents(tx, [
        {
          candidateId: id,
          countyCode: user.countyCode,
          action: 'reevaluate',
          fromStatus: null,
          toStatus: 'candidate',
          reason: `${why}：${OUTCOME_ZH[j.outcome]}，列入名单待村核实`,
          userId: user.id,
          at,
        },
      ]);
      added.push({
        cycleId: cycle.id,
        year: cycle.year,
        programName: program.name,
        candidateId: id,
        personId: f.personId,
        name,
        from: { outcome: 'no', amountFen: 0 },
        to: { outcome: j.outcome, amountFen: j.amountFen },
      });
    }
  }
  return { reevaluated, added, waiting };
}

/**
 * A person's assessments, newest first. Audited (health information).
 * @throws NotFoundError for a person outside the caller's area
 */
export async function listAssessments(db: Db, user: CurrentUser, actor: Actor, personId: string) {
  const person = await findPersonInCounty(db, user.countyCode, personId);
  if (!person || !person.unitPath.startsWith(user.unitPath)) throw new NotFoundError('人员');
  const rows = await workflowDb(db)
    .selectFrom('disabilityAssessment as d')
    .leftJoin('appUser as a', 'a.id', 'd.recordedBy')
    .select([
      'd.id',
      'd.grade',
      'd.category',
      'd.assessedOn',
      'd.certificateNo',
      'd.recordedAt',
      'a.displayName as recordedByName',
    ])
    .where('d.personId', '=', personId)
    .orderBy('d.assessedOn', 'desc')
    .execute();
  await recordAudit(db, actor, {
    action: 'benefit.disability.list',
    objectType: 'person',
    objectId: personId,
    detail: { results: rows.length },
  });
  return { personId, name: person.name, items: rows };
}
