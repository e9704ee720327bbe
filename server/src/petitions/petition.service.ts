/**
 * The petitions register (信访, docs/petitions.md): registration with a number per county and
 * year, the acceptance decision, one extension, the reply, the petitioner's satisfaction and
 * closure, reassignment. Deadlines come from petition.deadlines.ts and are stored on the row
 * (accept_due_on, conclude_due_on) so lists filter on them; every step names the version it saw,
 * is kept in petition_event and audited, all in one transaction.
 */
import { randomUUID } from 'node:crypto';
import type { Permission } from '../accounts/permissions.js';
import type { CurrentUser } from '../accounts/session.service.js';
import { recordAudit, type Actor } from '../audit/audit.service.js';
import type { Db, DbOrTx } from '../db/database.js';
import { clock } from '../lib/clock.js';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from '../lib/errors.js';
import { findUnit } from '../org/org.repository.js';
import { acceptDueOn, concludeDueOn, timeliness, type PetitionStatus } from './petition.deadlines.js';
import {
  countPetitions,
  findPetition,
  insertEvents,
  insertPetition,
  listEvents,
  listPetitions,
  nextNumber,
  updatePetition,
  type PetitionWithUnit,
  type Scope,
} from './petition.repository.js';
import type {
  AcceptRequest,
  AssignRequest,
  CloseRequest,
  ExtendRequest,
  ListQuery,
  NotAcceptRequest,
  RegisterRequest,
  ReplyRequest,
} from './petition.schemas.js';
import type { NewPetition, NewPetitionEvent, PetitionAction, PetitionChanges } from './petition.tables.js';

/** The caller as the service needs it: a signed-in user, or the county's console (id null). */
export type Caller = Pick<CurrentUser, 'countyCode' | 'unitPath'> & {
  id: string | null;
  permissions: readonly Permission[];
};

export const STATUS_ZH: Record<PetitionStatus, string> = {
  registered: '待受理',
  accepted: '办理中',
  not_accepted: '不予受理',
  replied: '已答复',
  closed: '已办结',
};

export type Step = 'accept' | 'not_accept' | 'extend' | 'reply' | 'close' | 'assign';
const STEP_ZH: Record<Step, string> = {
  accept: '受理',
  not_accept: '不予受理',
  extend: '延期',
  reply: '答复',
  close: '办结',
  assign: '改派',
};
/** The statuses each step starts from: the status machine. */
const FROM: Record<Step, readonly PetitionStatus[]> = {
  accept: ['registered'],
  not_accept: ['registered'],
  extend: ['accepted'],
  reply: ['accepted'],
  close: ['replied'],
  assign: ['registered', 'accepted'],
};

const ASSIGNABLE_LEVELS = new Set(['county', 'township', 'village']);

const under = (c: Pick<Caller, 'unitPath'>, unitPath: string) => unitPath.startsWith(c.unitPath);
const can = (c: Caller, p: Permission) => c.permissions.includes(p);
const scopeOf = (c: Caller): Scope => ({ countyCode: c.countyCode, unitPath: c.unitPath, userId: c.id });

/** Masks a phone number in lists: the first three and the last four digits stay. */
export function maskPhone(phone: string | null): string | null {
  if (!phone) return phone;
  const digits = phone.replace(/\D/g, '');
  return digits.length >= 7 ? `${digits.slice(0, 3)}****${digits.slice(-4)}` : '****';
}

/** Which steps the caller may take on the petition now (the page shows only these). */
function allowedSteps(c: Caller, p: PetitionWithUnit): Step[] {
  if (!under(c, p.unitPath)) return [];
  const today = clock.today();
  return (Object.keys(FROM) as Step[]).filter((s) => {
    if (!FROM[s].includes(p.status)) return false;
    if (s === 'reply') return can(c, 'petition.handle') || can(c, 'petition.register');
    if (!can(c, 'petition.register')) return false;
    if (s === 'extend') return p.extensionDays === null && p.concludeDueOn !== null && today <= p.concludeDueOn;
    return true;
  });
}

function view(c: Caller, p: PetitionWithUnit, full: boolean) {
  const { unitPath: _path, countyCode: _county, registeredBy: _by, ...rest } = p;
  return {
    ...rest,
    petitionerPhone: full ? p.petitionerPhone : maskPhone(p.petitionerPhone),
    content: full ? p.content : undefined,
    reply: full ? p.reply : undefined,
    statusText: STATUS_ZH[p.status],
    timeliness: timeliness(p, clock.today()),
    steps: allowedSteps(c, p),
  };
}

/**
 * Lists the petitions in the caller's scope with the page's counts.
 * @throws NotFoundError when the unit filter names a unit outside the caller's scope
 */
export async function searchPetitions(db: Db, c: Caller, q: ListQuery) {
  const today = clock.today();
  let unitPath: string | undefined;
  if (q.unitId) {
    const unit = await findUnit(db, q.unitId);
    if (!unit || unit.countyCode !== c.countyCode || !under(c, unit.path)) throw new NotFoundError('单位');
    unitPath = unit.path;
  }
  const status = q.status?.split(',') as PetitionStatus[] | undefined;
  const filter = { ...q, status, unitPath };
  const [{ rows, total }, counts] = await Promise.all([
    listPetitions(db, scopeOf(c), filter, today, { limit: q.limit, offset: q.offset }),
    countPetitions(db, scopeOf(c), today),
  ]);
  return { today, total, counts, items: rows.map((r) => view(c, r, false)) };
}

/**
 * One petition in full with its history; the reading is audited (the petitioner's contact and
 * content are personal information).
 * @throws NotFoundError when it does not exist or lies outside the caller's scope
 */
export async function getPetition(db: Db, c: Caller, actor: Actor, id: string) {
  const p = await visible(db, c, id);
  const history = await listEvents(db, id);
  await recordAudit(db, actor, {
    action: 'petition.read',
    objectType: 'petition',
    objectId: id,
    detail: { number: p.number },
  });
  return { ...view(c, p, true), history };
}

async function visible(db: DbOrTx, c: Caller, id: string, lock = false): Promise<PetitionWithUnit> {
  const p = await findPetition(db, c.countyCode, id, lock);
  if (!p || !(under(c, p.unitPath) || (c.id !== null && p.registeredBy === c.id))) throw new NotFoundError('信访事项');
  return p;
}

/** An assignable unit of the caller's scope. @throws InvalidInputError naming the field */
async function assignableUnit(db: DbOrTx, c: Caller, unitId: string, field: string) {
  const unit = await findUnit(db, unitId);
  if (!unit || unit.countyCode !== c.countyCode || !under(c, unit.path))
    throw InvalidInputError.field(field, `承办单位 ${unitId} 不存在或不在本辖区内`);
  if (unit.validTo !== null) throw InvalidInputError.field(field, `${unit.name}已撤销，不能承办`);
  if (!ASSIGNABLE_LEVELS.has(unit.level)) throw InvalidInputError.field(field, '承办单位应为县、乡镇或村（社区）');
  return unit;
}

/** A step's date: today by default, never in the future, never before `notBefore`. */
function stepDate(given: string | undefined, field: string, what: string, notBefore: string, beforeWhat: string) {
  const today = clock.today();
  const d = given ?? today;
  if (d > today) throw InvalidInputError.field(field, `${what}不能晚于今天（${today}）`);
  if (d < notBefore) throw InvalidInputError.field(field, `${what}不能早于${beforeWhat}（${notBefore}）`);
  return d;
}

const event = (
  p: { id: string; countyCode: string },
  c: Caller,
  action: PetitionAction,
  onDate: string,
  note: string | null,
): NewPetitionEvent => ({
  id: randomUUID(),
  countyCode: p.countyCode,
  petitionId: p.id,
  action,
  onDate,
  note,
  byUser: c.id,
  at: clock.now(),
});

/**
 * Registers a petition with its number (YYYY-NNNN per county and year of receipt) and its
 * acceptance deadline.
 * @throws InvalidInputError (receivedOn) for a date in the future; (assignedUnitId) for a unit
 *   outside the caller's scope; (petitionerPersonId) for a person not in the county's registry
 */
export async function registerPetition(db: Db, c: Caller, actor: Actor, req: RegisterRequest) {
  const today = clock.today();
  if (req.receivedOn > today) throw InvalidInputError.field('receivedOn', `收到日期不能晚于今天（${today}）`);
  return db.transaction().execute(async (tx) => {
    const unit = await assignableUnit(tx, c, req.assignedUnitId, 'assignedUnitId');
    if (req.petitionerPersonId) {
      const person = await tx
        .selectFrom('person')
        .select('id')
        .where('id', '=', req.petitionerPersonId)
        .where('countyCode', '=', c.countyCode)
        .executeTakeFirst();
      if (!person) throw InvalidInputError.field('petitionerPersonId', '人口库中没有这个信访人');
    }
    const number = await nextNumber(tx, c.countyCode, Number(req.receivedOn.slice(0, 4)));
    const row = {
      id: randomUUID(),
      countyCode: c.countyCode,
      number,
      channel: req.channel,
      receivedOn: req.receivedOn,
      subject: req.subject,
      content: req.content,
      petitionerName: req.petitionerName,
      petitionerPhone: req.petitionerPhone ?? null,
      petitionerPersonId: req.petitionerPersonId ?? null,
      peopleInvolved: req.peopleInvolved ?? null,
      assignedUnitId: unit.id,
      status: 'registered',
      acceptDueOn: acceptDueOn(req.receivedOn),
      decidedOn: null,
      notAcceptedReason: null,
      concludeDueOn: null,
      extensionDays: null,
      extensionReason: null,
      repliedOn: null,
      reply: null,
      satisfaction: null,
      closedOn: null,
      escalatedAt: null,
      registeredBy: c.id,
      registeredAt: clock.now(),
    } satisfies NewPetition;
    await insertPetition(tx, row);
    await insertEvents(tx, [event(row, c, 'register', req.receivedOn, `登记，交${unit.name}承办`)]);
    await recordAudit(tx, actor, {
      action: 'petition.register',
      objectType: 'petition',
      objectId: row.id,
      detail: { number, channel: row.channel, assignedUnitId: unit.id, acceptDueOn: row.acceptDueOn },
    });
    return { id: row.id, number, acceptDueOn: row.acceptDueOn, version: 1 };
  });
}

export type StepRequest =
  | { step: 'accept'; req: AcceptRequest }
  | { step: 'not_accept'; req: NotAcceptRequest }
  | { step: 'extend'; req: ExtendRequest }
  | { step: 'reply'; req: ReplyRequest }
  | { step: 'close'; req: CloseRequest }
  | { step: 'assign'; req: AssignRequest };

/**
 * Takes one step on a petition, all or nothing.
 * @throws NotFoundError when it does not exist or lies outside the caller's scope
 * @throws ForbiddenError without the step's permission, or on a petition the caller registered
 *   but that is now assigned outside their units
 * @throws ConflictError for a stale version, a step its status does not allow, a second
 *   extension or one after the conclusion deadline
 * @throws InvalidInputError naming the field for a date in the future or before the previous step
 */
export async function takeStep(db: Db, c: Caller, actor: Actor, id: string, s: StepRequest) {
  const permitted =
    s.step === 'reply' ? can(c, 'petition.handle') || can(c, 'petition.register') : can(c, 'petition.register');
  if (!permitted) throw new ForbiddenError(`没有${STEP_ZH[s.step]}信访事项的权限`);
  return db.transaction().execute(async (tx) => {
    const p = await visible(tx, c, id, true);
    if (!under(c, p.unitPath)) throw new ForbiddenError(`该信访事项已交${p.unitName}承办，由其办理`);
    if (p.version !== s.req.version)
      throw new ConflictError(
        `信访事项${p.number}已被他人处理：当前为第${p.version}版，您看到的是第${s.req.version}版，请刷新后重试`,
      ).withField('version');
    if (!FROM[s.step].includes(p.status))
      throw new ConflictError(`信访事项${p.number}当前状态为「${STATUS_ZH[p.status]}」，不能${STEP_ZH[s.step]}`);
    const today = clock.today();
    const { changes, onDate, note, audit } = await planStep(tx, c, p, s, today);
    const version = await updatePetition(tx, p.id, p.version, changes);
    if (version === undefined)
      throw new ConflictError(`信访事项${p.number}已被他人处理，请刷新后重试`).withField('version');
    await insertEvents(tx, [event(p, c, s.step, onDate, note)]);
    await recordAudit(tx, actor, {
      action: `petition.${s.step}`,
      objectType: 'petition',
      objectId: p.id,
      detail: { number: p.number, ...audit },
    });
    return { id: p.id, number: p.number, version, status: changes.status ?? p.status };
  });
}

type Plan = {
  changes: PetitionChanges;
  onDate: string;
  note: string | null;
  audit: Record<string, unknown>;
};

async function planStep(tx: DbOrTx, c: Caller, p: PetitionWithUnit, s: StepRequest, today: string): Promise<Plan> {
  switch (s.step) {
    case 'accept': {
      const decidedOn = stepDate(s.req.decidedOn, 'decidedOn', '受理日期', p.receivedOn, '收到日期');
      const due = concludeDueOn(decidedOn);
      return {
        changes: { status: 'accepted', decidedOn, concludeDueOn: due },
        onDate: decidedOn,
        note: `受理，应于${due}前办结${decidedOn > p.acceptDueOn ? `（受理超期，期限为${p.acceptDueOn}）` : ''}`,
        audit: { decidedOn, concludeDueOn: due },
      };
    }
    case 'not_accept': {
      const decidedOn = stepDate(s.req.decidedOn, 'decidedOn', '决定日期', p.receivedOn, '收到日期');
      // Not accepting concludes the petition: it closes with the reason on the day of the decision.
      return {
        changes: { status: 'not_accepted', decidedOn, notAcceptedReason: s.req.reason, closedOn: decidedOn },
        onDate: decidedOn,
        note: s.req.reason,
        audit: { decidedOn, reason: s.req.reason },
      };
    }
    case 'extend': {
      if (p.extensionDays !== null)
        throw new ConflictError(`信访事项${p.number}已延期${p.extensionDays}天，只能延期一次`).withField('days');
      if (!p.concludeDueOn || today > p.concludeDueOn)
        throw new ConflictError(`办结期限（${p.concludeDueOn}）已过，不能再延期`).withField('days');
      const due = concludeDueOn(p.decidedOn!, s.req.days);
      return {
        changes: { extensionDays: s.req.days, extensionReason: s.req.reason, concludeDueOn: due },
        onDate: today,
        note: `延期${s.req.days}天至${due}：${s.req.reason}`,
        audit: { days: s.req.days, reason: s.req.reason, from: p.concludeDueOn, to: due },
      };
    }
    case 'reply': {
      const repliedOn = stepDate(s.req.repliedOn, 'repliedOn', '答复日期', p.decidedOn!, '受理日期');
      const late = repliedOn > p.concludeDueOn!;
      return {
        changes: { status: 'replied', repliedOn, reply: s.req.reply },
        onDate: repliedOn,
        note: late ? `答复（超期，办结期限为${p.concludeDueOn}）` : '答复',
        audit: { repliedOn, late },
      };
    }
    case 'close': {
      const closedOn = stepDate(s.req.closedOn, 'closedOn', '办结日期', p.repliedOn!, '答复日期');
      return {
        changes: { status: 'closed', satisfaction: s.req.satisfaction, closedOn },
        onDate: closedOn,
        note: SATISFACTION_ZH[s.req.satisfaction],
        audit: { closedOn, satisfaction: s.req.satisfaction },
      };
    }
    case 'assign': {
      const unit = await assignableUnit(tx, c, s.req.unitId, 'unitId');
      if (unit.id === p.assignedUnitId) throw InvalidInputError.field('unitId', `已由${unit.name}承办`);
      return {
        changes: { assignedUnitId: unit.id },
        onDate: today,
        note: `由${p.unitName}改派${unit.name}${s.req.note ? `：${s.req.note}` : ''}`,
        audit: { from: p.assignedUnitId, to: unit.id },
      };
    }
  }
}

export const SATISFACTION_ZH = { satisfied: '满意', basically_satisfied: '基本满意', dissatisfied: '不满意' } as const;
