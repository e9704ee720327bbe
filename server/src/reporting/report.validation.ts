import { sql } from 'kysely';
import type { CurrentUser } from '../accounts/session.service.js';
import type { DbOrTx } from '../db/database.js';
import type { PersonRow, ReportType } from '../db/schema.js';
import { MARITAL_STATUS, RELATIONSHIP, SEX } from '../lib/codes.js';
import { ConflictError, InvalidInputError, NotFoundError } from '../lib/errors.js';
import { parseIdNumber, type IdNumberInfo } from '../lib/idNumber.js';
import { normalizeName } from '../lib/pinyin.js';
import type { Sealer } from '../lib/sealing.js';
import { findUnit } from '../org/org.repository.js';
import { findPersonByIdHash } from '../registry/person.repository.js';
import { getHouseholdInScope } from '../registry/household.service.js';
import { getPersonInScope } from '../registry/person.service.js';
import {
  PAYLOAD_SCHEMAS,
  type BirthPayload,
  type CorrectionPayload,
  type DeathPayload,
  type DivorcePayload,
  type MarriagePayload,
  type MoveInPayload,
  type MoveOutPayload,
} from './report.schemas.js';
import { RESIDENCE_FIELD, residenceChangeLabel, residenceProblem } from './report.residence.js';

export type CheckedReport = {
  subjectPersonId: string | null;
  summary: string;
  /** The payload as validated, with ID numbers in canonical (still plain) form. */
  payload: Record<string, unknown>;
};

type Ctx = {
  db: DbOrTx;
  sealer: Sealer;
  user: Pick<CurrentUser, 'unitPath' | 'countyCode'>;
  unitId: string;
  eventDate: string;
  /** When re-checking an existing report, it does not conflict with itself. */
  reportId: string | null;
};

const fail = (field: string, message: string): never => {
  throw InvalidInputError.field(field, message);
};

/** A person field must name someone the caller can see; otherwise the field is wrong. */
async function personField(ctx: Ctx, field: string, id: string): Promise<PersonRow> {
  try {
    return await getPersonInScope(ctx.db, ctx.user, id);
  } catch (e) {
    if (e instanceof NotFoundError) return fail(field, '所选人员不存在或不在本辖区');
    throw e;
  }
}

function idNumberField(field: string, raw: string): IdNumberInfo {
  const r = parseIdNumber(raw);
  if (!r.ok) return fail(field, r.message);
  return r.value;
}

async function ensureIdNumberFree(
  ctx: Ctx,
  field: string,
  id: string,
  exceptPersonId?: string,
): Promise<PersonRow | undefined> {
  const existing = await findPersonByIdHash(ctx.db, ctx.user.countyCode, ctx.sealer.lookupHash(id));
  if (existing && existing.id !== exceptPersonId && existing.status !== 'moved_out') {
    throw new ConflictError(`身份证号码 ${id.slice(0, 6)}********${id.slice(-4)} 已在本县登记，不能重复登记`).withField(
      field,
    );
  }
  return existing;
}

/** No two open reports of the same kind about one person: the second would undo the first. */
async function ensureNoPending(ctx: Ctx, type: ReportType, personId: string, field: string, label: string) {
  let q = ctx.db
    .selectFrom('report')
    .select('id')
    .where('type', '=', type)
    .where('subjectPersonId', '=', personId)
    .where('status', 'in', ['submitted', 'returned', 'township_approved']);
  if (ctx.reportId) q = q.where('id', '!=', ctx.reportId);
  if (await q.executeTakeFirst()) throw new ConflictError(`该人员已有尚未办结的${label}报告`).withField(field);
}

function ensureAlive(p: PersonRow, field: string, eventDate: string) {
  if (p.status === 'dead') fail(field, `${p.name} 已于 ${p.deathDate} 登记死亡`);
  if (p.status === 'moved_out') fail(field, `${p.name} 已于 ${p.leftDate} 迁出本县`);
  if (eventDate < p.birthDate) fail('eventDate', `事件日期 ${eventDate} 早于 ${p.name} 的出生日期 ${p.birthDate}`);
}

const ageOn = (birthDate: string, date: string) => {
  const years = Number(date.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return date.slice(5) >= birthDate.slice(5) ? years : years - 1;
};

async function checkBirth(ctx: Ctx, p: BirthPayload): Promise<CheckedReport> {
  const mother = await personField(ctx, 'payload.motherId', p.motherId);
  if (mother.sex !== 2) fail('payload.motherId', `${mother.name} 的性别为男，不能作为母亲`);
  if (ctx.eventDate <= mother.birthDate)
    fail('eventDate', `出生日期 ${ctx.eventDate} 早于母亲本人的出生日期 ${mother.birthDate}`);
  if (mother.status === 'dead' && mother.deathDate! < ctx.eventDate)
    fail('payload.motherId', `母亲已于 ${mother.deathDate} 死亡，早于出生日期`);
  if (mother.status === 'moved_out') fail('payload.motherId', `母亲 ${mother.name} 已迁出本县`);
  let fatherName: string | undefined;
  if (p.fatherId) {
    const father = await personField(ctx, 'payload.fatherId', p.fatherId);
    if (father.sex !== 1) fail('payload.fatherId', `${father.name} 的性别为女，不能作为父亲`);
    if (ctx.eventDate <= father.birthDate) fail('eventDate', `出生日期早于父亲本人的出生日期 ${father.birthDate}`);
    fatherName = father.name;
  }
  if (p.defect && !p.defectDescription) fail('payload.defectDescription', '有出生缺陷时请填写缺陷描述');
  if (p.place === 'hospital' && !p.hospitalName) fail('payload.hospitalName', '在医院出生时请填写接生医院');
  const child = { ...p.child, name: p.child.name ? normalizeName(p.child.name) : undefined };
  if (p.child.idNumber) {
    const id = idNumberField('payload.child.idNumber', p.child.idNumber);
    if (id.birthDate !== ctx.eventDate)
      fail('payload.child.idNumber', `身份证号码中的出生日期 ${id.birthDate} 与出生日期 ${ctx.eventDate} 不一致`);
    if (id.sex !== p.child.sex)
      fail('payload.child.idNumber', `身份证号码表示的性别（${SEX[id.sex]}）与所填性别不一致`);
    await ensureIdNumberFree(ctx, 'payload.child.idNumber', id.idNumber);
    child.idNumber = id.idNumber;
  }
  // The same child reported twice: same mother, date, sex and name (twins differ in name).
  if (child.name) {
    let q = ctx.db
      .selectFrom('report')
      .select('id')
      .where('type', '=', 'birth')
      .where('eventDate', '=', ctx.eventDate)
      .where('status', '!=', 'cancelled')
      .where('subjectPersonId', '=', mother.id)
      .where(sql<boolean>`payload->'child'->>'name' = ${child.name}`);
    if (ctx.reportId) q = q.where('id', '!=', ctx.reportId);
    if (await q.executeTakeFirst())
      throw new ConflictError(
        `${mother.name} 在 ${ctx.eventDate} 生育的 ${child.name} 已有出生报告，不能重复报告`,
      ).withField('payload.child.name');
  }
  const childLabel = child.name ?? `${mother.name}之${p.child.sex === 1 ? '子' : '女'}`;
  return {
    subjectPersonId: mother.id,
    summary: `出生：${childLabel}（${SEX[p.child.sex]}），母亲 ${mother.name}${fatherName ? `，父亲 ${fatherName}` : ''}`,
    payload: { ...p, child },
  };
}

async function checkDeath(ctx: Ctx, p: DeathPayload): Promise<CheckedReport> {
  const person = await personField(ctx, 'payload.personId', p.personId);
  if (person.status === 'dead')
    fail('payload.personId', `${person.name} 已于 ${person.deathDate} 登记死亡，不能重复报告死亡`);
  if (person.status === 'moved_out') fail('payload.personId', `${person.name} 已迁出本县`);
  if (ctx.eventDate < person.birthDate) fail('eventDate', `死亡日期 ${ctx.eventDate} 早于出生日期 ${person.birthDate}`);
  await ensureNoPending(ctx, 'death', person.id, 'payload.personId', '死亡');
  return {
    subjectPersonId: person.id,
    summary: `死亡：${person.name}（${SEX[person.sex]}，${person.birthDate} 生）`,
    payload: p,
  };
}

const LEGAL_AGE = { 1: 22, 2: 20 } as const;

async function checkMarriage(ctx: Ctx, p: MarriagePayload): Promise<CheckedReport> {
  const person = await personField(ctx, 'payload.personId', p.personId);
  ensureAlive(person, 'payload.personId', ctx.eventDate);
  if (person.maritalStatus === '20') fail('payload.personId', `${person.name} 当前婚姻状况为已婚`);
  if (ageOn(person.birthDate, ctx.eventDate) < LEGAL_AGE[person.sex])
    fail('payload.personId', `${person.name} 结婚时未达法定婚龄（${LEGAL_AGE[person.sex]}周岁）`);
  await ensureNoPending(ctx, 'marriage', person.id, 'payload.personId', '结婚');
  if (!p.spouseId === !p.spouse)
    fail('payload.spouseId', '请选择登记系统中的配偶，或填写辖区外配偶的姓名和身份证号（二选一）');
  let spouseName: string;
  let payload: Record<string, unknown> = { ...p };
  if (p.spouseId) {
    const spouse = await personField(ctx, 'payload.spouseId', p.spouseId);
    ensureAlive(spouse, 'payload.spouseId', ctx.eventDate);
    if (spouse.id === person.id) fail('payload.spouseId', '配偶不能是本人');
    if (spouse.sex === person.sex) fail('payload.spouseId', '配偶性别与本人相同');
    if (spouse.maritalStatus === '20') fail('payload.spouseId', `${spouse.name} 当前婚姻状况为已婚`);
    if (ageOn(spouse.birthDate, ctx.eventDate) < LEGAL_AGE[spouse.sex])
      fail('payload.spouseId', `${spouse.name} 结婚时未达法定婚龄（${LEGAL_AGE[spouse.sex]}周岁）`);
    spouseName = spouse.name;
  } else {
    const id = idNumberField('payload.spouse.idNumber', p.spouse!.idNumber);
    if (id.sex === person.sex) fail('payload.spouse.idNumber', '配偶性别与本人相同');
    if (ageOn(id.birthDate, ctx.eventDate) < LEGAL_AGE[id.sex])
      fail('payload.spouse.idNumber', `配偶结婚时未达法定婚龄（${LEGAL_AGE[id.sex]}周岁）`);
    spouseName = normalizeName(p.spouse!.name);
    payload = { ...p, spouse: { name: spouseName, idNumber: id.idNumber } };
  }
  return { subjectPersonId: person.id, summary: `结婚：${person.name} 与 ${spouseName}`, payload };
}

async function checkDivorce(ctx: Ctx, p: DivorcePayload): Promise<CheckedReport> {
  const person = await personField(ctx, 'payload.personId', p.personId);
  ensureAlive(person, 'payload.personId', ctx.eventDate);
  if (person.maritalStatus !== '20')
    fail(
      'payload.personId',
      `${person.name} 当前婚姻状况为${MARITAL_STATUS[person.maritalStatus] ?? '未说明'}，不能报告离婚`,
    );
  await ensureNoPending(ctx, 'divorce', person.id, 'payload.personId', '离婚');
  return { subjectPersonId: person.id, summary: `离婚：${person.name}`, payload: p };
}

async function checkMoveIn(ctx: Ctx, p: MoveInPayload): Promise<CheckedReport> {
  const id = idNumberField('payload.person.idNumber', p.person.idNumber);
  if (ctx.eventDate < id.birthDate) fail('eventDate', `迁入日期早于出生日期 ${id.birthDate}`);
  const returning = await ensureIdNumberFree(ctx, 'payload.person.idNumber', id.idNumber);
  if (!p.householdId === !p.newHousehold) fail('payload.householdId', '请选择迁入的家庭户，或填写新立户地址（二选一）');
  if (p.householdId) {
    const h = await getHouseholdInScope(ctx.db, ctx.user, p.householdId).catch(() =>
      fail('payload.householdId', '所选家庭户不存在或不在本辖区'),
    );
    if (h.unitId !== ctx.unitId && !h.unitId.startsWith(ctx.unitId))
      fail('payload.householdId', '所选家庭户不属于报告村（社区）');
  } else if (p.relationship !== '02') {
    fail('payload.relationship', '新立户时本人应为户主（02）');
  }
  const name = normalizeName(p.person.name);
  return {
    subjectPersonId: returning?.id ?? null,
    summary: `迁入：${name}（${SEX[id.sex]}，${id.birthDate} 生），来自 ${p.fromPlace}，${RELATIONSHIP[p.relationship]}`,
    payload: { ...p, person: { ...p.person, name, idNumber: id.idNumber } },
  };
}

async function checkMoveOut(ctx: Ctx, p: MoveOutPayload): Promise<CheckedReport> {
  const person = await personField(ctx, 'payload.personId', p.personId);
  ensureAlive(person, 'payload.personId', ctx.eventDate);
  await ensureNoPending(ctx, 'move_out', person.id, 'payload.personId', '迁出');
  return { subjectPersonId: person.id, summary: `迁出：${person.name}，迁往 ${p.destination}`, payload: p };
}

/** The residence is not in this list: its summary names the villages (checkResidence). */
const CORRECTION_LABELS: Record<string, string> = {
  name: '姓名',
  idNumber: '身份证号',
  sex: '性别',
  birthDate: '出生日期',
  ethnicity: '民族',
  relationship: '与户主关系',
};

/**
 * A new residence village (人户分离: registered here, living in another village of the county).
 * The target need not be in the reporter's scope (the person's hukou village reports, wherever
 * the person now lives), but it must be a village of the same county. Returns the summary text.
 */
async function checkResidence(ctx: Ctx, person: PersonRow, unitId: string): Promise<string> {
  ensureAlive(person, 'payload.personId', ctx.eventDate);
  const unit = await findUnit(ctx.db, unitId);
  const current = await findUnit(ctx.db, person.residenceUnitId);
  const problem = residenceProblem(unit, unitId, {
    countyCode: ctx.user.countyCode,
    eventDate: ctx.eventDate,
    currentResidence: current,
  });
  if (problem) fail(RESIDENCE_FIELD, problem);
  const townshipName = async (u: { path: string } | undefined) => {
    const id = u?.path.split('/').filter(Boolean)[1];
    return id ? (await findUnit(ctx.db, id))?.name : undefined;
  };
  // The current residence may be recorded at group level; the summary names its village.
  const currentVillage =
    current?.level === 'group' && current.parentId ? await findUnit(ctx.db, current.parentId) : current;
  return residenceChangeLabel(currentVillage, await townshipName(currentVillage), unit!, await townshipName(unit));
}

async function checkCorrection(ctx: Ctx, p: CorrectionPayload): Promise<CheckedReport> {
  const person = await personField(ctx, 'payload.personId', p.personId);
  await ensureNoPending(ctx, 'correction', person.id, 'payload.personId', '信息更正');
  const changes = { ...p.changes };
  if (changes.name) changes.name = normalizeName(changes.name);
  const sex = changes.sex ?? person.sex;
  const birthDate = changes.birthDate ?? person.birthDate;
  if (changes.birthDate && changes.birthDate > ctx.eventDate)
    fail('payload.changes.birthDate', '出生日期不能晚于更正日期');
  if (changes.idNumber) {
    const id = idNumberField('payload.changes.idNumber', changes.idNumber);
    await ensureIdNumberFree(ctx, 'payload.changes.idNumber', id.idNumber, person.id);
    changes.idNumber = id.idNumber;
    if (id.birthDate !== birthDate)
      fail(
        'payload.changes.idNumber',
        `身份证号码中的出生日期 ${id.birthDate} 与出生日期 ${birthDate} 不一致（如出生日期有误，请一并更正）`,
      );
    if (id.sex !== sex) fail('payload.changes.idNumber', `身份证号码表示的性别（${SEX[id.sex]}）与性别不一致`);
  } else if ((changes.sex || changes.birthDate) && person.idNumberSealed) {
    const id = parseIdNumber(ctx.sealer.open(person.idNumberSealed));
    if (id.ok && (id.value.birthDate !== birthDate || id.value.sex !== sex)) {
      fail(
        changes.birthDate ? 'payload.changes.birthDate' : 'payload.changes.sex',
        '更正后的出生日期或性别与身份证号码不一致，请同时更正身份证号码',
      );
    }
  }
  const residence = changes.residenceUnitId ? await checkResidence(ctx, person, changes.residenceUnitId) : undefined;
  const what = Object.keys(changes)
    .filter((k) => changes[k as keyof typeof changes] !== undefined)
    .map((k) => (k === 'residenceUnitId' ? residence : CORRECTION_LABELS[k]));
  return {
    subjectPersonId: person.id,
    summary: `更正：${person.name}（${what.join('、')}）`,
    payload: { ...p, changes },
  };
}

/** What users call the date of each kind of event. */
const EVENT_DATE_LABELS: Record<ReportType, string> = {
  birth: '出生日期',
  death: '死亡日期',
  marriage: '结婚日期',
  divorce: '离婚日期',
  move_in: '迁入日期',
  move_out: '迁出日期',
  correction: '更正日期',
};

/** The report form's fields by their Chinese labels, per event type (payload paths as the API names them). */
const FIELD_LABELS: Record<ReportType, Record<string, string>> = {
  birth: {
    motherId: '母亲',
    fatherId: '父亲',
    child: '婴儿',
    'child.name': '婴儿姓名',
    'child.sex': '婴儿性别',
    'child.idNumber': '婴儿身份证号码',
    weightGrams: '出生体重（克）',
    gestationalWeeks: '孕周',
    place: '出生地点',
    hospitalName: '接生医院',
    defect: '是否有出生缺陷',
    defectDescription: '出生缺陷描述',
  },
  death: { personId: '死者', cause: '死亡原因', place: '死亡地点' },
  marriage: {
    personId: '本人',
    spouseId: '配偶',
    spouse: '辖区外配偶',
    'spouse.name': '配偶姓名',
    'spouse.idNumber': '配偶身份证号码',
  },
  divorce: { personId: '本人' },
  move_in: {
    person: '迁入人员',
    'person.name': '姓名',
    'person.idNumber': '身份证号码',
    'person.ethnicity': '民族',
    'person.hukouType': '户口性质',
    householdId: '迁入家庭户',
    newHousehold: '新立户',
    'newHousehold.address': '新立户地址',
    'newHousehold.hukouType': '新立户户口性质',
    relationship: '与户主关系',
    fromPlace: '迁出地',
  },
  move_out: { personId: '迁出人员', destination: '迁往地' },
  correction: {
    personId: '被更正人员',
    changes: '更正内容',
    'changes.name': '姓名',
    'changes.idNumber': '身份证号码',
    'changes.sex': '性别',
    'changes.birthDate': '出生日期',
    'changes.ethnicity': '民族',
    'changes.relationship': '与户主关系',
    'changes.residenceUnitId': '居住地',
    reason: '更正原因',
  },
};

/**
 * The Chinese label of a report field ('payload.weightGrams' → 出生体重（克）). A path below a
 * labelled field takes that field's label; anything else is the report's content as a whole.
 */
export function reportFieldLabel(type: ReportType, field: string): string {
  if (field === 'eventDate') return EVENT_DATE_LABELS[type];
  if (field === 'unitId') return '报告村（社区）';
  const parts = field.replace(/^payload\.?/, '').split('.');
  for (let n = parts.length; n > 0; n--) {
    const label = FIELD_LABELS[type][parts.slice(0, n).join('.')];
    if (label) return label;
  }
  return '报告内容';
}

/** The message names the field in Chinese; the field's own problem keeps the bare text for the form. */
function withFieldLabel(type: ReportType, e: unknown): unknown {
  const problems = e instanceof InvalidInputError || e instanceof ConflictError ? e.problems : [];
  if (problems.length !== 1) return e;
  const label = reportFieldLabel(type, problems[0]!.field);
  if ((e as Error).message.startsWith(label)) return e;
  const message = `${label}：${(e as Error).message}`;
  if (e instanceof InvalidInputError) return new InvalidInputError(message, problems);
  const conflict = new ConflictError(message);
  conflict.problems = problems;
  return conflict;
}

/**
 * Checks a report against the registry as it is now: at submission, at resubmission and again
 * at confirmation (the registry may have changed in between). Messages name the field in Chinese
 * (出生体重（克）、死者 …); each problem's `field` keeps the payload path for the form.
 * @throws InvalidInputError (naming the field), ConflictError
 */
export async function checkReport(ctx: Ctx, type: ReportType, rawPayload: unknown): Promise<CheckedReport> {
  const parsed = PAYLOAD_SCHEMAS[type].safeParse(rawPayload);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => ({ field: ['payload', ...i.path].join('.'), message: i.message }));
    throw new InvalidInputError(
      `报告内容有误：${problems.map((x) => `${reportFieldLabel(type, x.field)}：${x.message}`).join('；')}`,
      problems,
    );
  }
  try {
    return await checkPayload(ctx, type, parsed.data);
  } catch (e) {
    throw withFieldLabel(type, e);
  }
}

function checkPayload(ctx: Ctx, type: ReportType, data: unknown): Promise<CheckedReport> {
  switch (type) {
    case 'birth':
      return checkBirth(ctx, data as BirthPayload);
    case 'death':
      return checkDeath(ctx, data as DeathPayload);
    case 'marriage':
      return checkMarriage(ctx, data as MarriagePayload);
    case 'divorce':
      return checkDivorce(ctx, data as DivorcePayload);
    case 'move_in':
      return checkMoveIn(ctx, data as MoveInPayload);
    case 'move_out':
      return checkMoveOut(ctx, data as MoveOutPayload);
    case 'correction':
      return checkCorrection(ctx, data as CorrectionPayload);
  }
}

export type { Ctx as CheckContext };
