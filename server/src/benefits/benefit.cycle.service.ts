import { randomUUID } from 'node:crypto';
import type { CurrentUser } from '../accounts/session.service.js';
import { recordAudit, type Actor } from '../audit/audit.service.js';
import type { Db, DbOrTx } from '../db/database.js';
import { clock } from '../lib/clock.js';
import { ConflictError, InvalidInputError, NotFoundError } from '../lib/errors.js';
import { findUnit } from '../org/org.repository.js';
import {
  cycleActedOn,
  deleteCycle,
  findCycle,
  findCycleById,
  insertCandidates,
  insertCycle,
  listCandidates,
  listCycles,
  villageCounts,
  type CandidateOutcome,
  type NewCandidate,
} from './benefit.cycle.repository.js';
import type { CandidateQuery, GenerateRequest } from './benefit.cycle.schemas.js';
import { evaluate } from './benefit.eligibility.js';
import { loadFacts, type PersonWithFacts } from './benefit.facts.js';
import { programInEffect } from './benefit.catalog.service.js';
import type { BenefitProgram } from './benefit.programs.js';
import type { BenefitFacts } from './benefit.rules.js';

/**
 * The program in effect for a county: the one place the cycle gets a program from, the county's
 * stored catalogue (its latest version, else the built-in; benefit.catalog.service.ts).
 * @throws NotFoundError for an unknown program code
 */
export async function programFor(db: DbOrTx, countyCode: string, code: string): Promise<BenefitProgram> {
  return programInEffect(db, countyCode, code);
}

export type CycleCounts = {
  /** Persons the SQL pre-filter kept and the rules evaluated. */
  evaluated: number;
  eligible: number;
  toVerify: number;
  /** Evaluated and clearly not eligible: counted, not stored. */
  refused: number;
  /** Total entitlement of the eligible, integer fen. */
  amountFen: number;
  seconds: number;
};

export type CycleSummary = {
  cycleId: string;
  programCode: string;
  year: number;
  replaced: boolean;
  counts: CycleCounts;
};

/** A couple's key: both spouses give the same one. */
const coupleKey = (f: PersonWithFacts) => {
  const other = f.facts.spouse?.id;
  return other && other < f.personId ? `${other}|${f.personId}` : `${f.personId}|${other ?? ''}`;
};
export type Judgement = { outcome: CandidateOutcome; amountFen: number; months: number; explanation: unknown };

/**
 * A person's verdict for a cycle's year as a candidate keeps it: the outcome, the months counted
 * and the amount in fen (both 0 unless 'yes'), and the explanation a village reads (the verdict,
 * the rule tree, the month runs and the amount lines; the month-by-month list is summed up by
 * the runs). Generation, applications and re-evaluation all use it, so a candidate reads the same
 * whichever way it came.
 */
export function judge(program: BenefitProgram, facts: BenefitFacts, year: number): Judgement {
  const e = evaluate(program, facts, { period: String(year) });
  const months = e.explanation.months?.filter((m) => m.outcome === 'yes').length ?? 0;
  const { verdict, referenceDate, rule, monthRuns, amount } = e.explanation;
  return {
    outcome: e.outcome,
    amountFen: e.outcome === 'yes' ? e.amountFen : 0,
    months: e.outcome === 'yes' ? months : 0,
    explanation: { verdict, referenceDate, rule, monthRuns, amount },
  };
}

const rank = (o: 'yes' | 'no' | 'unknown') => (o === 'yes' ? 2 : o === 'unknown' ? 1 : 0);

/**
 * Generates a program's candidates for a year in the caller's county, in one transaction: the
 * plausible persons are read from the registry, each is evaluated for the year, and those
 * eligible or to verify are stored with their village and explanation. A cycle already generated
 * for the year is replaced while nobody has acted on it.
 * @throws InvalidInputError (field programCode) for an unknown program; (field year) for a year after next year
 * @throws ConflictError when the year's cycle has been acted on
 */
export async function generateCycle(
  db: Db,
  user: CurrentUser,
  actor: Actor,
  req: GenerateRequest,
): Promise<CycleSummary> {
  const started = performance.now();
  const thisYear = Number(clock.today().slice(0, 4));
  if (req.year > thisYear + 1) throw InvalidInputError.field('year', `年度不能晚于${thisYear + 1}年：${req.year}`);
  let program: BenefitProgram;
  try {
    program = await programFor(db, user.countyCode, req.programCode);
  } catch (e) {
    if (e instanceof NotFoundError) throw InvalidInputError.field('programCode', `没有此项目：${req.programCode}`);
    throw e;
  }

  return db.transaction().execute(async (tx) => {
    const existing = await findCycle(tx, user.countyCode, program.code, req.year, true);
    if (existing) {
      // From the first verification, application, notice or approval the cycle is the villages'
      // work in progress: regenerating would throw that work away.
      if (existing.status !== 'generated' || (await cycleActedOn(tx, existing.id)))
        throw new ConflictError(
          `${req.year}年「${program.name}」名单已开始办理（核实、申请录入或公示），不能重新生成`,
        ).withField('year');
      await deleteCycle(tx, existing.id);
    }

    const persons = await loadFacts(tx, user.countyCode, program, req.year);
    const cycleId = randomUUID();
    const now = clock.now();
    type Kept = Judgement & { p: PersonWithFacts; isWoman: boolean };
    const kept: Kept[] = [];
    let refused = 0;
    for (const p of persons) {
      const j = judge(program, p.facts, req.year);
      if (j.outcome === 'no') {
        refused++;
        continue;
      }
      kept.push({ p, ...j, isWoman: p.facts.person.sex === 2 });
    }

    // A couple program pays one amount per couple: keep one spouse, the better outcome, else the woman.
    let stored = kept;
    if (program.per === 'couple') {
      const best = new Map<string, Kept>();
      for (const k of kept) {
        const key = coupleKey(k.p);
        const b = best.get(key);
        if (!b || rank(k.outcome) > rank(b.outcome) || (rank(k.outcome) === rank(b.outcome) && k.isWoman && !b.isWoman))
          best.set(key, k);
      }
      refused += kept.length - best.size;
      stored = [...best.values()];
    }

    const rows: NewCandidate[] = stored.map((k) => ({
      id: randomUUID(),
      cycleId,
      countyCode: user.countyCode,
      personId: k.p.personId,
      unitId: k.p.unitId,
      outcome: k.outcome,
      amountFen: k.amountFen,
      months: k.months,
      explanation: JSON.stringify(k.explanation),
      status: 'candidate',
      createdAt: now,
    }));
    const eligible = stored.filter((k) => k.outcome === 'yes');
    const counts: CycleCounts = {
      evaluated: persons.length,
      eligible: eligible.length,
      toVerify: stored.length - eligible.length,
      refused,
      amountFen: eligible.reduce((s, k) => s + k.amountFen, 0),
      seconds: 0,
    };
    counts.seconds = Math.round(performance.now() - started) / 1000;
    await insertCycle(tx, {
      id: cycleId,
      countyCode: user.countyCode,
      programCode: program.code,
      year: req.year,
      program: JSON.stringify(program),
      status: 'generated',
      generatedAt: now,
      generatedBy: user.id,
      counts: JSON.stringify(counts),
    });
    await insertCandidates(tx, rows);
    await recordAudit(tx, actor, {
      action: 'benefit.cycle.generate',
      objectType: 'benefit_cycle',
      objectId: cycleId,
      detail: { programCode: program.code, year: req.year, replaced: existing?.id ?? null, ...counts },
    });
    return { cycleId, programCode: program.code, year: req.year, replaced: existing !== undefined, counts };
  });
}

const num = (v: string | number | bigint | null | undefined) => Number(v ?? 0);

/** The county's cycles, each with its county-wide counts and the counts in the caller's area. */
export async function getCycles(db: Db, user: CurrentUser) {
  const { cycles, inArea } = await listCycles(db, user.countyCode, user.unitPath);
  return cycles.map((c) => {
    const mine = inArea.filter((a) => a.cycleId === c.id);
    const program = c.program as BenefitProgram;
    const yes = mine.find((a) => a.outcome === 'yes');
    const unknown = mine.find((a) => a.outcome === 'unknown');
    return {
      id: c.id,
      programCode: c.programCode,
      programName: program.name,
      programNameEn: program.nameEn,
      year: c.year,
      status: c.status,
      generatedAt: c.generatedAt,
      counts: c.counts as CycleCounts,
      inArea: { eligible: num(yes?.n), toVerify: num(unknown?.n), amountFen: num(yes?.fen) },
    };
  });
}

/**
 * A page of a cycle's candidates in the caller's area (a village sees its own, a township its
 * villages), with the villages' counts. Every read is audited.
 * @throws NotFoundError for a cycle of another county, or a unit outside the caller's area (as if it did not exist)
 */
export async function getCandidates(db: Db, user: CurrentUser, actor: Actor, cycleId: string, q: CandidateQuery) {
  const cycle = await findCycleById(db, user.countyCode, cycleId);
  if (!cycle) throw new NotFoundError('该年度名单');
  let unitPath = user.unitPath;
  if (q.unitId) {
    const unit = await findUnit(db, q.unitId);
    if (!unit || !unit.path.startsWith(user.unitPath)) throw new NotFoundError('该单位');
    unitPath = unit.path;
  }
  const { total, items } = await listCandidates(db, {
    cycleId,
    unitPath,
    ...(q.outcome ? { outcome: q.outcome } : {}),
    ...(q.status ? { status: q.status } : {}),
    ...(q.verdict ? { verdict: q.verdict } : {}),
    page: q.page,
    pageSize: q.pageSize,
  });
  const villages = await villageCounts(db, cycleId, user.unitPath);
  await recordAudit(db, actor, {
    action: 'benefit.candidate.list',
    objectType: 'benefit_cycle',
    objectId: cycleId,
    detail: {
      unitId: q.unitId ?? null,
      outcome: q.outcome ?? null,
      status: q.status ?? null,
      verdict: q.verdict ?? null,
      page: q.page,
      results: total,
    },
  });
  const program = cycle.program as BenefitProgram;
  return {
    cycle: {
      id: cycle.id,
      programCode: cycle.programCode,
      programName: program.name,
      programNameEn: program.nameEn,
      year: cycle.year,
      status: cycle.status,
      generatedAt: cycle.generatedAt,
    },
    villages: villages.map((v) => ({
      unitId: v.unitId,
      name: v.name,
      eligible: num(v.eligible),
      toVerify: num(v.toVerify),
      amountFen: num(v.fen),
      pending: num(v.pending),
      verified: num(v.verified),
      reviewed: num(v.reviewed),
      approved: num(v.approved),
      excluded: num(v.excluded),
    })),
    total,
    items,
  };
}
