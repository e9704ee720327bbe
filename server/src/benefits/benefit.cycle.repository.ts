/**
 * Storage of benefit cycles and their candidates (migrations 0015_benefit_cycles and, for the
 * workflow columns, 0016_benefit_workflow_payments). Queries only: no scope or policy here;
 * callers pass the county and the unit path.
 */
import type { ColumnType, Insertable, Selectable } from 'kysely';
import type { DbOrTx } from '../db/database.js';
import { escapeLike } from '../org/org.repository.js';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json = ColumnType<unknown, string, string>;

/** 'no' only for applications, which are kept whatever the rules say. */
export type CandidateOutcome = 'yes' | 'unknown' | 'no';
export type CandidateStatus = 'candidate' | 'verified' | 'reviewed' | 'approved' | 'returned' | 'excluded';
export type VillageVerdict = 'eligible' | 'not_eligible';

export interface BenefitCycleTable {
  id: string;
  countyCode: string;
  programCode: string;
  year: number;
  program: Json;
  status: 'generated' | 'in_progress';
  generatedAt: Timestamp;
  generatedBy: string | null;
  counts: Json;
}

export interface BenefitCandidateTable {
  id: string;
  cycleId: string;
  countyCode: string;
  personId: string;
  unitId: string;
  outcome: CandidateOutcome;
  amountFen: number;
  months: number;
  explanation: Json;
  status: CandidateStatus;
  createdAt: Timestamp;
  source: ColumnType<'registry' | 'application', 'registry' | 'application' | undefined, never>;
  villageVerdict: VillageVerdict | null;
  application: ColumnType<unknown, string | null | undefined, string | null>;
  enteredBy: string | null;
  verifiedBy: string | null;
  reviewedBy: string | null;
  approvedBy: string | null;
  statusReason: string | null;
  version: ColumnType<number, number | undefined, number>;
  updatedAt: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export type CycleTables = { benefitCycle: BenefitCycleTable; benefitCandidate: BenefitCandidateTable };
export type CycleRow = Selectable<BenefitCycleTable>;
export type NewCandidate = Insertable<BenefitCandidateTable>;

/** The database (or transaction) with the cycle tables known to Kysely. */
export const cycleDb = (db: DbOrTx) => db.withTables<CycleTables>();

export async function findCycle(db: DbOrTx, countyCode: string, programCode: string, year: number, lock = false) {
  return cycleDb(db)
    .selectFrom('benefitCycle')
    .selectAll()
    .where('countyCode', '=', countyCode)
    .where('programCode', '=', programCode)
    .where('year', '=', year)
    .$if(lock, (q) => q.forUpdate())
    .executeTakeFirst();
}

export async function findCycleById(db: DbOrTx, countyCode: string, id: string) {
  return cycleDb(db)
    .selectFrom('benefitCycle')
    .selectAll()
    .where('countyCode', '=', countyCode)
    .where('id', '=', id)
    .executeTakeFirst();
}

/**
 * Whether anyone has acted on the cycle: a candidate moved on from the generated state, an
 * application entered, or a notice published. The cycle's status says so from the first action
 * (in_progress); this also catches a cycle written before the status was kept.
 */
export async function cycleActedOn(db: DbOrTx, cycleId: string): Promise<boolean> {
  const row = await cycleDb(db)
    .selectFrom('benefitCandidate')
    .select('id')
    .where('cycleId', '=', cycleId)
    .where((eb) => eb.or([eb('status', '!=', 'candidate'), eb('source', '=', 'application')]))
    .limit(1)
    .executeTakeFirst();
  if (row) return true;
  const notice = await db
    .withTables<{ benefitNotice: { id: string; cycleId: string } }>()
    .selectFrom('benefitNotice')
    .select('id')
    .where('cycleId', '=', cycleId)
    .limit(1)
    .executeTakeFirst();
  return notice !== undefined;
}

/** The cycle is in progress from the first action on it; regenerating it is then refused. */
export async function markCycleInProgress(db: DbOrTx, cycleId: string): Promise<void> {
  await cycleDb(db)
    .updateTable('benefitCycle')
    .set({ status: 'in_progress' })
    .where('id', '=', cycleId)
    .where('status', '=', 'generated')
    .execute();
}

export async function deleteCycle(db: DbOrTx, id: string): Promise<void> {
  await cycleDb(db).deleteFrom('benefitCandidate').where('cycleId', '=', id).execute();
  await cycleDb(db).deleteFrom('benefitCycle').where('id', '=', id).execute();
}

export async function insertCycle(db: DbOrTx, row: Insertable<BenefitCycleTable>): Promise<void> {
  await cycleDb(db).insertInto('benefitCycle').values(row).execute();
}

/** In chunks: a county's cycle may hold tens of thousands of candidates (11 parameters each). */
export async function insertCandidates(db: DbOrTx, rows: readonly NewCandidate[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 2000) {
    await cycleDb(db)
      .insertInto('benefitCandidate')
      .values(rows.slice(i, i + 2000))
      .execute();
  }
}

const unitsUnder = (db: DbOrTx, unitPath: string) =>
  db
    .selectFrom('orgUnit')
    .select('orgUnit.id')
    .where('orgUnit.path', 'like', `${escapeLike(unitPath)}%`);

/** The county's cycles, newest year first, with the candidates under a unit path counted. */
export async function listCycles(db: DbOrTx, countyCode: string, unitPath: string) {
  const t = cycleDb(db);
  const cycles = await t
    .selectFrom('benefitCycle as c')
    .select(['c.id', 'c.programCode', 'c.year', 'c.status', 'c.generatedAt', 'c.counts', 'c.program'])
    .where('c.countyCode', '=', countyCode)
    .orderBy('c.year', 'desc')
    .orderBy('c.programCode')
    .execute();
  const inArea = await t
    .selectFrom('benefitCandidate as k')
    .innerJoin('benefitCycle as c', 'c.id', 'k.cycleId')
    .select((eb) => [
      'k.cycleId',
      'k.outcome',
      eb.fn.countAll<string>().as('n'),
      eb.fn.sum<string>('k.amountFen').as('fen'),
    ])
    .where('c.countyCode', '=', countyCode)
    .where('k.unitId', 'in', unitsUnder(db, unitPath))
    .groupBy(['k.cycleId', 'k.outcome'])
    .execute();
  return { cycles, inArea };
}

export type CandidateFilter = {
  cycleId: string;
  unitPath: string;
  outcome?: CandidateOutcome;
  status?: CandidateStatus[];
  /** 'none': not yet given (candidate, returned). */
  verdict?: VillageVerdict | 'none';
  page: number;
  pageSize: number;
};

/** A page of a cycle's candidates under a unit path, with the person and the village. */
export async function listCandidates(db: DbOrTx, f: CandidateFilter) {
  const t = cycleDb(db);
  let base = t
    .selectFrom('benefitCandidate as k')
    .innerJoin('person as p', 'p.id', 'k.personId')
    .innerJoin('orgUnit as u', 'u.id', 'k.unitId')
    .where('k.cycleId', '=', f.cycleId)
    .where('k.unitId', 'in', unitsUnder(db, f.unitPath));
  if (f.outcome) base = base.where('k.outcome', '=', f.outcome);
  if (f.status?.length) base = base.where('k.status', 'in', f.status);
  if (f.verdict === 'none') base = base.where('k.villageVerdict', 'is', null);
  else if (f.verdict) base = base.where('k.villageVerdict', '=', f.verdict);
  const { n } = await base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  const items = await base
    // Only the masked ID number: the full one is never read for a list.
    .select([
      'k.id',
      'k.personId',
      'p.name',
      'p.sex',
      'p.birthDate',
      'p.idNumberMasked',
      'k.unitId',
      'u.name as unitName',
      'k.outcome',
      'k.amountFen',
      'k.months',
      'k.status',
      'k.explanation',
      'k.source',
      'k.villageVerdict',
      'k.statusReason',
      'k.version',
      'k.enteredBy',
      'k.verifiedBy',
      'k.reviewedBy',
    ])
    .orderBy('u.path')
    .orderBy('k.outcome', 'desc')
    .orderBy('p.name')
    .orderBy('k.id')
    .limit(f.pageSize)
    .offset((f.page - 1) * f.pageSize)
    .execute();
  return { total: Number(n), items };
}

/** Per village under a unit path: how many candidates of each outcome and the amount (for the filter and the summary). */
export async function villageCounts(db: DbOrTx, cycleId: string, unitPath: string) {
  return cycleDb(db)
    .selectFrom('benefitCandidate as k')
    .innerJoin('orgUnit as u', 'u.id', 'k.unitId')
    .select((eb) => [
      'k.unitId',
      'u.name',
      'u.path',
      eb.fn.countAll<string>().filterWhere('k.outcome', '=', 'yes').as('eligible'),
      eb.fn.countAll<string>().filterWhere('k.outcome', '=', 'unknown').as('toVerify'),
      eb.fn.countAll<string>().filterWhere('k.status', 'in', ['candidate', 'returned']).as('pending'),
      eb.fn.countAll<string>().filterWhere('k.status', '=', 'verified').as('verified'),
      eb.fn.countAll<string>().filterWhere('k.status', '=', 'reviewed').as('reviewed'),
      eb.fn.countAll<string>().filterWhere('k.status', '=', 'approved').as('approved'),
      eb.fn.countAll<string>().filterWhere('k.status', '=', 'excluded').as('excluded'),
      eb.fn.coalesce(eb.fn.sum<string>('k.amountFen'), eb.lit(0)).as('fen'),
    ])
    .where('k.cycleId', '=', cycleId)
    .where('k.unitId', 'in', unitsUnder(db, unitPath))
    .groupBy(['k.unitId', 'u.name', 'u.path'])
    .orderBy('u.path')
    .execute();
}
