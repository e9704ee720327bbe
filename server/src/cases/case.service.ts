/**
 * The 两非 case register (docs/cases.md): cases of illegal non-medical fetal sex determination and
 * sex-selective abortion, opened from a lead, investigated step by step, referred to the police or
 * market regulation, closed with an outcome. It pursues the providers who perform them, never the
 * parents. Only case officers (case.handle) reach it; every read and every change is audited.
 * A closed case stays closed: new facts open a new case that names the old number in its summary.
 */
import { randomUUID } from 'node:crypto';
import type { CurrentUser } from '../accounts/session.service.js';
import { recordAudit, type Actor } from '../audit/audit.service.js';
import type { Db, DbOrTx } from '../db/database.js';
import { clock } from '../lib/clock.js';
import { ConflictError, InvalidInputError, NotFoundError } from '../lib/errors.js';
import { getUnitInScope } from '../org/org.service.js';
import {
  findCaseRow,
  insertCaseRow,
  insertCaseStep,
  listCaseRows,
  listCaseSteps,
  lockCaseRow,
  nextCaseSeq,
  updateCaseRow,
  type CaseChange,
  type CaseListRow,
} from './case.repository.js';
import type { CaseListQuery, CloseRequest, OpenCaseRequest, ReferRequest, StepRequest } from './case.schemas.js';
import type { CaseStatus, StepKind } from './case.tables.js';

export const STATUS_ZH: Record<CaseStatus, string> = {
  open: '已立案',
  investigating: '调查中',
  referred: '已移送',
  closed: '已结案',
};

/** A case number as the county writes it on documents: 两非〔2026〕3号. */
export const caseNumber = (year: number, seq: number) => `两非〔${year}〕${seq}号`;

type Caller = Pick<CurrentUser, 'id' | 'countyCode' | 'unitPath'>;

const inScope = (user: Caller, row: CaseListRow) => row.unitPath.startsWith(user.unitPath);

const view = (row: CaseListRow) => {
  const { unitPath: _path, openedAt, ...rest } = row;
  return { ...rest, openedAt: new Date(openedAt).toISOString(), statusText: STATUS_ZH[row.status] };
};
export type CaseView = ReturnType<typeof view>;

/** Lists the cases of the caller's area (newest first); the read is audited with its filters. */
export async function listCases(db: Db, user: Caller, actor: Actor, q: CaseListQuery) {
  let unitPath = user.unitPath;
  if (q.unitId) unitPath = (await getUnitInScope(db, user, q.unitId)).path;
  const { rows, total } = await listCaseRows(db, {
    countyCode: user.countyCode,
    unitPath,
    status: q.status,
    kind: q.kind,
    year: q.year,
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
  });
  await recordAudit(db, actor, {
    action: 'case.list',
    objectType: 'sex_selection_case',
    detail: {
      filters: { status: q.status, kind: q.kind, year: q.year, unitId: q.unitId, page: q.page },
      shown: rows.map((r) => r.number),
    },
  });
  return { items: rows.map(view), total, page: q.page, pageSize: q.pageSize, today: clock.today() };
}

async function getInScope(db: DbOrTx, user: Caller, id: string, lock = false): Promise<CaseListRow> {
  const row = lock ? await lockCaseRow(db, user.countyCode, id) : await findCaseRow(db, user.countyCode, id);
  if (!row || !inScope(user, row)) throw new NotFoundError('案件');
  return row;
}

/**
 * One case with its steps; the read is audited.
 * @throws NotFoundError for a case that does not exist or lies outside the caller's area
 */
export async function getCase(db: Db, user: Caller, actor: Actor, id: string) {
  const row = await getInScope(db, user, id);
  const steps = await listCaseSteps(db, id);
  await recordAudit(db, actor, {
    action: 'case.read',
    objectType: 'sex_selection_case',
    objectId: id,
    detail: { number: row.number },
  });
  return {
    ...view(row),
    steps: steps.map((s) => ({
      id: s.id,
      kind: s.kind,
      stepOn: s.stepOn,
      note: s.note,
      byName: s.byName,
      at: new Date(s.at).toISOString(),
    })),
    today: clock.today(),
  };
}

function notFuture(field: string, what: string, date: string) {
  if (date > clock.today()) throw InvalidInputError.field(field, `${what}（${date}）不能晚于今天（${clock.today()}）`);
}

function notBefore(field: string, what: string, date: string, bound: string, boundWhat: string) {
  if (date < bound) throw InvalidInputError.field(field, `${what}（${date}）不能早于${boundWhat}（${bound}）`);
}

/**
 * Opens a case with the next number of the county and year.
 * @throws InvalidInputError (leadReceivedOn) for a date in the future; (unitId) for a unit that is
 *   not a township or village of the caller's area
 */
export async function openCase(db: Db, user: Caller, actor: Actor, req: OpenCaseRequest) {
  notFuture('leadReceivedOn', '线索收到日期', req.leadReceivedOn);
  const unit = await getUnitInScope(db, user, req.unitId).catch(() => {
    throw InvalidInputError.field('unitId', `案发地 ${req.unitId} 不是本辖区的乡镇或村`);
  });
  if (unit.level !== 'township' && unit.level !== 'village')
    throw InvalidInputError.field('unitId', '案发地应为乡镇或村（社区）');
  const today = clock.today();
  const year = Number(today.slice(0, 4));
  const id = randomUUID();
  const number = await db.transaction().execute(async (tx) => {
    const seq = await nextCaseSeq(tx, user.countyCode, year);
    const number = caseNumber(year, seq);
    const now = clock.now();
    await insertCaseRow(tx, {
      id,
      countyCode: user.countyCode,
      number,
      kind: req.kind,
      leadSource: req.leadSource,
      leadReceivedOn: req.leadReceivedOn,
      unitId: unit.id,
      summary: req.summary,
      parties: req.parties,
      status: 'open',
      outcome: null,
      outcomeNote: null,
      referredTo: null,
      referredOn: null,
      closedOn: null,
      openedBy: user.id,
      openedAt: now,
    });
    await recordAudit(tx, actor, {
      action: 'case.open',
      objectType: 'sex_selection_case',
      objectId: id,
      detail: { number, kind: req.kind, leadSource: req.leadSource, unitId: unit.id },
    });
    return number;
  });
  return { id, number, status: 'open' as const, version: 1 };
}

/** The request field and its name that carry a step's date, so an error points at the right input. */
const DATE_FIELD: Partial<Record<StepKind, [string, string]>> = {
  referral: ['referredOn', '移送日期'],
  decision: ['closedOn', '结案日期'],
  note: ['stepOn', '日期'],
};

type Change = { stepKind: StepKind; stepOn: string; note: string; change: CaseChange; action: string };

/**
 * Takes one step on a case under its version: checks the status, writes the step, updates the
 * case and audits, in one transaction.
 */
async function change(
  db: Db,
  user: Caller,
  actor: Actor,
  id: string,
  version: number,
  decide: (row: CaseListRow) => Change,
) {
  return db.transaction().execute(async (tx) => {
    const row = await getInScope(tx, user, id, true);
    if (row.version !== version)
      throw new ConflictError(
        `案件 ${row.number} 已被他人修改：当前为第${row.version}版，您看到的是第${version}版，请刷新后再办理`,
      ).withField('version');
    if (row.status === 'closed')
      throw new ConflictError(
        `案件 ${row.number} 已于 ${row.closedOn} 结案，不能再办理；如有新线索，请新立一案并在案情摘要中写明原案号 ${row.number}`,
      );
    const c = decide(row);
    const [field, what] = DATE_FIELD[c.stepKind] ?? DATE_FIELD.note!;
    notFuture(field, what, c.stepOn);
    notBefore(field, what, c.stepOn, row.leadReceivedOn, '线索收到日期');
    const ok = await updateCaseRow(tx, id, version, c.change);
    if (!ok) throw new ConflictError(`案件 ${row.number} 已被他人修改，请刷新后再办理`).withField('version');
    const stepId = randomUUID();
    await insertCaseStep(tx, {
      id: stepId,
      countyCode: user.countyCode,
      caseId: id,
      stepOn: c.stepOn,
      kind: c.stepKind,
      note: c.note,
      byUser: user.id,
      at: clock.now(),
    });
    await recordAudit(tx, actor, {
      action: c.action,
      objectType: 'sex_selection_case',
      objectId: id,
      detail: { number: row.number, step: c.stepKind, stepOn: c.stepOn, from: row.status, ...c.change },
    });
    return { id, number: row.number, status: c.change.status ?? row.status, version: version + 1, stepId };
  });
}

/**
 * Records an investigation step (investigation, inspection, interview, evidence, note); the first
 * one moves an opened case to 调查中.
 * @throws NotFoundError, ConflictError (stale version, closed case), InvalidInputError (stepOn)
 */
export const addStep = (db: Db, user: Caller, actor: Actor, id: string, req: StepRequest) =>
  change(db, user, actor, id, req.version, (row) => ({
    stepKind: req.kind,
    stepOn: req.stepOn,
    note: req.note,
    change: row.status === 'open' ? { status: 'investigating' } : {},
    action: 'case.step',
  }));

const REFERRED_TO_ZH = { police: '公安机关', market_regulation: '市场监管部门', other: '其他部门' } as const;

/**
 * Refers the case to the police, market regulation or another department.
 * @throws ConflictError for a case already referred; otherwise as addStep (field referredOn)
 */
export const referCase = (db: Db, user: Caller, actor: Actor, id: string, req: ReferRequest) =>
  change(db, user, actor, id, req.version, (row) => {
    if (row.status === 'referred')
      throw new ConflictError(
        `案件 ${row.number} 已于 ${row.referredOn} 移送${REFERRED_TO_ZH[row.referredTo ?? 'other']}，不能重复移送`,
      );
    return {
      stepKind: 'referral',
      stepOn: req.referredOn,
      note: `移送${REFERRED_TO_ZH[req.referredTo]}：${req.note}`,
      change: { status: 'referred', referredTo: req.referredTo, referredOn: req.referredOn },
      action: 'case.refer',
    };
  });

/**
 * Closes the case with its outcome. Outcome 'referred' needs the referral recorded first; the
 * closing date is not before the referral.
 * @throws InvalidInputError (outcome, closedOn); otherwise as addStep
 */
export const closeCase = (db: Db, user: Caller, actor: Actor, id: string, req: CloseRequest) =>
  change(db, user, actor, id, req.version, (row) => {
    if (req.outcome === 'referred' && row.status !== 'referred')
      throw InvalidInputError.field('outcome', '结案结果为“已移送处理”的，须先登记移送（移送单位和日期）');
    if (row.referredOn) notBefore('closedOn', '结案日期', req.closedOn, row.referredOn, '移送日期');
    return {
      stepKind: 'decision',
      stepOn: req.closedOn,
      note: req.note,
      change: { status: 'closed', outcome: req.outcome, outcomeNote: req.note, closedOn: req.closedOn },
      action: 'case.close',
    };
  });
