/**
 * Storage of a cycle's workflow (migration 0016_benefit_workflow_payments): the candidates'
 * steps and trail, disability assessments, notices and objections. Queries only: scope and
 * policy are the services'.
 */
import type { ColumnType, Insertable } from 'kysely';
import type { DbOrTx } from '../db/database.js';
import { escapeLike } from '../org/org.repository.js';
import { cycleDb, type CandidateStatus, type CycleTables } from './benefit.cycle.repository.js';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json = ColumnType<unknown, string, string>;

export type CandidateAction =
  | 'generate'
  | 'apply'
  | 'verify'
  | 'review'
  | 'approve'
  | 'exclude'
  | 'return'
  | 'reevaluate'
  | 'objection'
  | 'objection_resolved';

export interface CandidateEventTable {
  id: ColumnType<number, never, never>;
  candidateId: string;
  countyCode: string;
  action: CandidateAction;
  fromStatus: CandidateStatus | null;
  toStatus: CandidateStatus;
  reason: string | null;
  userId: string | null;
  at: Timestamp;
}

export interface DisabilityAssessmentTable {
  id: string;
  countyCode: string;
  personId: string;
  grade: number;
  category: DisabilityCategory;
  assessedOn: string;
  certificateNo: string | null;
  recordedBy: string | null;
  recordedAt: Timestamp;
}
export type DisabilityCategory = 'visual' | 'hearing' | 'speech' | 'physical' | 'intellectual' | 'mental' | 'multiple';

export type NoticeEntry = {
  candidateId: string;
  personId: string;
  name: string;
  idNumberMasked: string | null;
  program: string;
  months: number;
  amountFen: number;
  /** As printed: yuan with two decimals. */
  amountYuan: string;
};

export interface NoticeTable {
  id: string;
  cycleId: string;
  countyCode: string;
  unitId: string;
  publishedOn: string;
  endsOn: string;
  publishedBy: string | null;
  publishedAt: Timestamp;
  entries: Json;
}

export type ObjectionStatus = 'open' | 'upheld' | 'dismissed';
export interface ObjectionTable {
  id: string;
  noticeId: string;
  countyCode: string;
  candidateId: string | null;
  raisedBy: string;
  contact: string | null;
  content: string;
  receivedOn: string;
  recordedBy: string | null;
  recordedAt: Timestamp;
  status: ColumnType<ObjectionStatus, ObjectionStatus | undefined, ObjectionStatus>;
  resolution: string | null;
  resolvedBy: string | null;
  resolvedAt: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export type WorkflowTables = CycleTables & {
  benefitCandidateEvent: CandidateEventTable;
  disabilityAssessment: DisabilityAssessmentTable;
  benefitNotice: NoticeTable;
  benefitObjection: ObjectionTable;
};

export const workflowDb = (db: DbOrTx) => db.withTables<WorkflowTables>();

const unitsUnder = (db: DbOrTx, unitPath: string) =>
  db
    .selectFrom('orgUnit')
    .select('orgUnit.id')
    .where('orgUnit.path', 'like', `${escapeLike(unitPath)}%`);

/** Candidates by id with the person, the village and its path, locked for the step (FOR UPDATE). */
export async function lockCandidates(db: DbOrTx, countyCode: string, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return workflowDb(db)
    .selectFrom('benefitCandidate as k')
    .innerJoin('person as p', 'p.id', 'k.personId')
    .innerJoin('orgUnit as u', 'u.id', 'k.unitId')
    .select([
      'k.id',
      'k.cycleId',
      'k.personId',
      'k.unitId',
      'k.outcome',
      'k.amountFen',
      'k.months',
      'k.status',
      'k.source',
      'k.villageVerdict',
      'k.enteredBy',
      'k.verifiedBy',
      'k.reviewedBy',
      'k.approvedBy',
      'k.version',
      'p.name',
      'u.name as unitName',
      'u.path as unitPath',
    ])
    .where('k.countyCode', '=', countyCode)
    .where('k.id', 'in', [...ids])
    .forUpdate('k')
    .execute();
}
export type LockedCandidate = Awaited<ReturnType<typeof lockCandidates>>[number];

export type CandidateChange = {
  status: CandidateStatus;
  villageVerdict?: 'eligible' | 'not_eligible' | null;
  verifiedBy?: string | null;
  reviewedBy?: string | null;
  approvedBy?: string | null;
  statusReason?: string | null;
};

/** One step: the new status and who, the version raised by one. Only if the version is still the one seen. */
export async function updateCandidate(
  db: DbOrTx,
  id: string,
  version: number,
  change: CandidateChange,
  at: Date,
): Promise<boolean> {
  const res = await workflowDb(db)
    .updateTable('benefitCandidate')
    .set((eb) => ({ ...change, version: eb('version', '+', 1), updatedAt: at }))
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function insertEvents(db: DbOrTx, rows: Insertable<CandidateEventTable>[]): Promise<void> {
  if (rows.length === 0) return;
  await workflowDb(db).insertInto('benefitCandidateEvent').values(rows).execute();
}

/** A candidate with everything its detail page shows (the masked ID number only). */
export async function findCandidateDetail(db: DbOrTx, countyCode: string, id: string) {
  return workflowDb(db)
    .selectFrom('benefitCandidate as k')
    .innerJoin('person as p', 'p.id', 'k.personId')
    .innerJoin('orgUnit as u', 'u.id', 'k.unitId')
    .innerJoin('benefitCycle as c', 'c.id', 'k.cycleId')
    .select([
      'k.id',
      'k.cycleId',
      'c.year',
      'c.programCode',
      'c.program',
      'c.generatedAt',
      'c.generatedBy',
      'k.personId',
      'p.name',
      'p.sex',
      'p.birthDate',
      'p.idNumberMasked',
      'k.unitId',
      'u.name as unitName',
      'u.path as unitPath',
      'k.outcome',
      'k.amountFen',
      'k.months',
      'k.status',
      'k.explanation',
      'k.source',
      'k.villageVerdict',
      'k.application',
      'k.enteredBy',
      'k.verifiedBy',
      'k.reviewedBy',
      'k.approvedBy',
      'k.statusReason',
      'k.version',
      'k.createdAt',
      'k.updatedAt',
    ])
    .where('k.countyCode', '=', countyCode)
    .where('k.id', '=', id)
    .executeTakeFirst();
}

/** A candidate's steps, oldest first, with who took them. */
export async function listEvents(db: DbOrTx, candidateId: string) {
  return workflowDb(db)
    .selectFrom('benefitCandidateEvent as e')
    .leftJoin('appUser as a', 'a.id', 'e.userId')
    .select([
      'e.id',
      'e.action',
      'e.fromStatus',
      'e.toStatus',
      'e.reason',
      'e.userId',
      'a.displayName as userName',
      'e.at',
    ])
    .where('e.candidateId', '=', candidateId)
    .orderBy('e.id')
    .execute();
}

/** The last time each candidate was verified (its current verification, for the notice check). */
export async function lastVerifiedAt(db: DbOrTx, candidateIds: readonly string[]): Promise<Map<string, Date>> {
  if (candidateIds.length === 0) return new Map();
  const rows = await workflowDb(db)
    .selectFrom('benefitCandidateEvent')
    .select((eb) => ['candidateId', eb.fn.max('at').as('at')])
    .where('candidateId', 'in', [...candidateIds])
    .where('action', '=', 'verify')
    .groupBy('candidateId')
    .execute();
  return new Map(rows.map((r) => [r.candidateId, new Date(r.at as Date)]));
}

/** The candidates of a cycle under a unit path (a village and its groups), with the person. */
export async function candidatesUnder(db: DbOrTx, cycleId: string, unitPath: string) {
  return workflowDb(db)
    .selectFrom('benefitCandidate as k')
    .innerJoin('person as p', 'p.id', 'k.personId')
    .select([
      'k.id',
      'k.personId',
      'p.name',
      'p.idNumberMasked',
      'k.status',
      'k.villageVerdict',
      'k.months',
      'k.amountFen',
    ])
    .where('k.cycleId', '=', cycleId)
    .where('k.unitId', 'in', unitsUnder(db, unitPath))
    .orderBy('p.name')
    .orderBy('k.id')
    .execute();
}

export async function findNotice(db: DbOrTx, cycleId: string, unitId: string, lock = false) {
  return workflowDb(db)
    .selectFrom('benefitNotice')
    .selectAll()
    .where('cycleId', '=', cycleId)
    .where('unitId', '=', unitId)
    .$if(lock, (q) => q.forUpdate())
    .executeTakeFirst();
}

export async function findNoticeById(db: DbOrTx, countyCode: string, id: string) {
  return workflowDb(db)
    .selectFrom('benefitNotice as n')
    .innerJoin('orgUnit as u', 'u.id', 'n.unitId')
    .selectAll('n')
    .select(['u.name as unitName', 'u.path as unitPath', 'u.parentId'])
    .where('n.countyCode', '=', countyCode)
    .where('n.id', '=', id)
    .executeTakeFirst();
}

/** The notices of a cycle under a unit path, with their open objections counted. */
export async function listNotices(db: DbOrTx, cycleId: string, unitPath: string) {
  return workflowDb(db)
    .selectFrom('benefitNotice as n')
    .innerJoin('orgUnit as u', 'u.id', 'n.unitId')
    .select((eb) => [
      'n.id',
      'n.unitId',
      'u.name as unitName',
      'n.publishedOn',
      'n.endsOn',
      'n.publishedAt',
      eb
        .selectFrom('benefitObjection as o')
        .select((e2) => e2.fn.countAll<string>().as('n'))
        .whereRef('o.noticeId', '=', 'n.id')
        .where('o.status', '=', 'open')
        .as('openObjections'),
    ])
    .where('n.cycleId', '=', cycleId)
    .where('n.unitId', 'in', unitsUnder(db, unitPath))
    .orderBy('u.path')
    .execute();
}

export async function listObjections(db: DbOrTx, noticeId: string) {
  return workflowDb(db)
    .selectFrom('benefitObjection as o')
    .leftJoin('benefitCandidate as k', 'k.id', 'o.candidateId')
    .leftJoin('person as p', 'p.id', 'k.personId')
    .leftJoin('appUser as r', 'r.id', 'o.recordedBy')
    .leftJoin('appUser as s', 's.id', 'o.resolvedBy')
    .select([
      'o.id',
      'o.noticeId',
      'o.candidateId',
      'p.name as candidateName',
      'o.raisedBy',
      'o.contact',
      'o.content',
      'o.receivedOn',
      'o.recordedAt',
      'r.displayName as recordedByName',
      'o.status',
      'o.resolution',
      's.displayName as resolvedByName',
      'o.resolvedAt',
    ])
    .where('o.noticeId', '=', noticeId)
    .orderBy('o.recordedAt')
    .execute();
}

/** Cycle ids for which the county decides nothing yet: any that exist (cycles have no closed state). */
export async function cyclesOfCounty(db: DbOrTx, countyCode: string) {
  return cycleDb(db)
    .selectFrom('benefitCycle')
    .select(['id', 'programCode', 'year', 'program', 'status'])
    .where('countyCode', '=', countyCode)
    .execute();
}
