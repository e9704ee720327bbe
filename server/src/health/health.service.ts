import { randomUUID } from 'node:crypto';
import type { Permission } from '../accounts/permissions.js';
import type { CurrentUser } from '../accounts/session.service.js';
import { recordAudit, type Actor } from '../audit/audit.service.js';
import type { Db, DbOrTx } from '../db/database.js';
import { clock } from '../lib/clock.js';
import { ConflictError, InvalidInputError, NotFoundError, type FieldProblem } from '../lib/errors.js';
import type { Sealer } from '../lib/sealing.js';
import { findPerson } from '../registry/person.repository.js';
import {
  findPersonStateOn,
  findServiceUnder,
  findVillageOf,
  insertFollowup,
  insertFollowupEvent,
  insertService,
  listServices,
  markServiceVoided,
  findOpenFollowupOfService,
  updateFollowup,
  type ServiceDetailRow,
  type ServiceListRow,
} from './health.repository.js';
import { COUPLE_KINDS, KIND_NAMES, WOMEN_ONLY, firstBirthday, followupDueOn } from './health.rules.js';
import type {
  PersonRef,
  ServiceDetail,
  ServiceList,
  ServiceListItem,
  ServiceQuery,
  ServiceRequest,
  VoidRequest,
} from './health.schemas.js';

/**
 * The health services register (docs/health.md): record a free service, list and open records,
 * void a wrong one. Scope follows the record's unit (the village the person lived in on the day);
 * findings are sealed at rest and opened only for health.findings / health.record holders, each
 * opening audited.
 */

/** The caller as the register needs it; the console (CLI) acts with no user id. */
export type HealthCaller = Pick<CurrentUser, 'unitPath' | 'countyCode' | 'permissions'> & { id: string | null };

const can = (caller: HealthCaller, ...any: Permission[]) => any.some((p) => caller.permissions.includes(p));

/** Who may read findings in clear: the recorders and the holders of health.findings. */
export const mayOpenFindings = (caller: HealthCaller) => can(caller, 'health.findings', 'health.record');

export const personRef = (r: {
  id: string;
  name: string;
  idNumberMasked: string | null;
  sex: number;
  birthDate: string;
}): PersonRef => ({
  id: r.id,
  name: r.name,
  idNumberMasked: r.idNumberMasked ?? '',
  sex: r.sex === 2 ? 'female' : 'male',
  birthDate: r.birthDate,
});

function listItem(r: ServiceListRow): ServiceListItem {
  return {
    id: r.id,
    kind: r.kind,
    person: personRef({
      id: r.personId,
      name: r.personName,
      idNumberMasked: r.personIdMasked,
      sex: r.personSex,
      birthDate: r.personBirthDate,
    }),
    partner:
      r.partnerPersonId && r.partnerName
        ? personRef({
            id: r.partnerPersonId,
            name: r.partnerName,
            idNumberMasked: r.partnerIdMasked,
            sex: r.partnerSex ?? 1,
            birthDate: r.partnerBirthDate ?? '',
          })
        : null,
    unitId: r.unitId,
    unitName: r.unitName,
    servedOn: r.servedOn,
    place: r.place,
    provider: r.provider,
    result: r.result,
    followupId: r.followupId ?? null,
    followupStatus: r.followupStatus ?? null,
    voided: r.voidedAt !== null,
  };
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/**
 * A service as its detail shows it: findings opened only for those allowed, and each such opening
 * audited within `db` (a transaction or the database).
 */
export async function presentService(
  db: DbOrTx,
  sealer: Sealer,
  caller: HealthCaller,
  actor: Actor,
  r: ServiceDetailRow,
  opts: { audit: boolean },
): Promise<ServiceDetail> {
  const open = mayOpenFindings(caller);
  const findings = open && r.findingsSealed ? sealer.open(r.findingsSealed) : null;
  if (open && r.findingsSealed && opts.audit)
    await recordAudit(db, actor, {
      action: 'health.findings.view',
      objectType: 'health_service',
      objectId: r.id,
      detail: { personId: r.personId, kind: r.kind },
    });
  return {
    ...listItem(r),
    findings,
    findingsMasked: !!r.findingsSealed && !open,
    recordedBy: r.recordedByName ?? null,
    recordedAt: iso(r.recordedAt)!,
    voidedAt: iso(r.voidedAt),
    voidReason: r.voidReason,
  };
}

/**
 * Checks a new service against the registry on the day it was given and names each wrong field.
 * Returns the village the person lived in that day.
 */
async function checkService(tx: DbOrTx, caller: HealthCaller, input: ServiceRequest): Promise<string> {
  const problems: FieldProblem[] = [];
  const bad = (field: string, message: string) => problems.push({ field, message });
  const today = clock.today();
  const served = input.servedOn;
  if (served > today) bad('servedOn', `服务日期（servedOn）${served} 晚于今天`);
  if (input.result === 'abnormal' && !input.findings) bad('findings', '结果为异常时请填写检查所见（findings）');
  if (input.result === 'normal' && input.followUpDays !== undefined)
    bad('followUpDays', '结果未见异常时不生成随访，不填随访期限天数（followUpDays）');
  if (input.partnerPersonId && !COUPLE_KINDS.has(input.kind))
    bad(
      'partnerPersonId',
      `${KIND_NAMES[input.kind]}不填配偶（partnerPersonId）：只有婚前医学检查、孕前优生健康检查可夫妻同检`,
    );
  if (input.partnerPersonId && input.partnerPersonId === input.personId)
    bad('partnerPersonId', '配偶（partnerPersonId）不能是服务对象本人');

  const inScope = async (id: string) => {
    const p = await findPerson(tx, id);
    if (!p) return undefined;
    // The registry's scope: the household registration unit, as getPersonInScope has it.
    const home = await tx.selectFrom('orgUnit').select('path').where('id', '=', p.hukouUnitId).executeTakeFirst();
    return home?.path.startsWith(caller.unitPath) ? p : undefined;
  };
  /** The person's state on the service day, with the field named in each problem. */
  const registeredOn = async (id: string, field: string, who: string) => {
    const p = await inScope(id);
    if (!p) {
      bad(field, `${who}（${field}）不存在或不在本辖区`);
      return undefined;
    }
    if (served > today) return undefined;
    const state = await findPersonStateOn(tx, id, served);
    if (!state || p.birthDate > served) {
      bad(field, `${who}${p.name}在服务日期 ${served} 尚未在登记库登记`);
      return undefined;
    }
    if (p.deathDate && p.deathDate <= served) {
      bad(field, `${who}${p.name}已于 ${p.deathDate} 死亡，不能登记此后的服务`);
      return undefined;
    }
    if (state.status === 'moved_out' && (!p.leftDate || p.leftDate <= served)) {
      bad(field, `${who}${p.name}在服务日期 ${served} 已迁出本县`);
      return undefined;
    }
    return { person: p, state };
  };

  const subject = await registeredOn(input.personId, 'personId', '服务对象');
  if (subject) {
    const { person, state } = subject;
    if (WOMEN_ONLY.has(input.kind) && person.sex !== 2)
      bad('kind', `${KIND_NAMES[input.kind]}只为女性提供，${person.name}登记为男性`);
    if (input.kind === 'newborn_screening' && served >= firstBirthday(person.birthDate))
      bad('kind', `新生儿疾病筛查只为未满1周岁的婴儿登记，${person.name}生于 ${person.birthDate}`);
    if (input.partnerPersonId && COUPLE_KINDS.has(input.kind) && input.partnerPersonId !== input.personId)
      await registeredOn(input.partnerPersonId, 'partnerPersonId', '配偶');
    const village = await findVillageOf(tx, state.residenceUnitId);
    if (!village || !village.path.startsWith(caller.unitPath))
      bad('personId', `服务对象${person.name}在服务日期的居住地不在本辖区`);
    else if (!problems.length) return village.id;
  }
  throw new InvalidInputError(problems[0]?.message ?? '服务记录有误', problems);
}

/**
 * Records a service; an abnormal result opens its follow-up, due servedOn + followUpDays (or the
 * kind's default). All or nothing.
 * @throws InvalidInputError naming the field
 */
export async function recordService(
  db: Db,
  sealer: Sealer,
  caller: HealthCaller,
  actor: Actor,
  input: ServiceRequest,
): Promise<ServiceDetail> {
  return db.transaction().execute(async (tx) => {
    const unitId = await checkService(tx, caller, input);
    const id = randomUUID();
    await insertService(tx, {
      id,
      countyCode: caller.countyCode,
      kind: input.kind,
      personId: input.personId,
      partnerPersonId: input.partnerPersonId ?? null,
      unitId,
      servedOn: input.servedOn,
      place: input.place,
      provider: input.provider,
      result: input.result,
      findingsSealed: input.findings ? sealer.seal(input.findings) : null,
      recordedBy: caller.id,
      recordedAt: clock.now(),
    });
    let followupId: string | null = null;
    let dueOn: string | null = null;
    if (input.result === 'abnormal') {
      followupId = randomUUID();
      dueOn = followupDueOn(input.kind, input.servedOn, input.followUpDays);
      await insertFollowup(tx, {
        id: followupId,
        countyCode: caller.countyCode,
        serviceId: id,
        personId: input.personId,
        unitId,
        openedOn: input.servedOn,
        dueOn,
        status: 'open',
      });
    }
    await recordAudit(tx, actor, {
      action: 'health.service.record',
      objectType: 'health_service',
      objectId: id,
      detail: {
        kind: input.kind,
        personId: input.personId,
        unitId,
        servedOn: input.servedOn,
        result: input.result,
        followupId,
        dueOn,
      },
    });
    const row = await findServiceUnder(tx, id, caller.unitPath);
    // The recorder typed the findings: showing them back is not a new opening.
    return presentService(tx, sealer, caller, actor, row!, { audit: false });
  });
}

/** A page of services in the caller's scope, never with findings; the read is audited. */
export async function searchServices(
  db: Db,
  caller: HealthCaller,
  actor: Actor,
  q: ServiceQuery,
): Promise<ServiceList> {
  const unitPath = q.unitId ? await scopedPath(db, caller, q.unitId) : caller.unitPath;
  const { total, items } = await listServices(
    db,
    {
      unitPath,
      kind: q.kind,
      result: q.result,
      from: q.from,
      to: q.to,
      personId: q.personId,
      includeVoided: q.includeVoided === 'true',
    },
    q.page,
    q.pageSize,
  );
  await recordAudit(db, actor, {
    action: 'health.service.list',
    detail: { unitId: q.unitId, kind: q.kind, result: q.result, personId: q.personId, page: q.page, results: total },
  });
  return { total, page: q.page, pageSize: q.pageSize, items: items.map(listItem) };
}

/** The path of a unit the caller narrows a list to; one outside the scope matches nothing. */
export async function scopedPath(db: DbOrTx, caller: HealthCaller, unitId: string): Promise<string> {
  const u = await db.selectFrom('orgUnit').select('path').where('id', '=', unitId).executeTakeFirst();
  return u && u.path.startsWith(caller.unitPath) ? u.path : '/nowhere/';
}

/**
 * One service; findings in clear for those allowed (audited as health.findings.view), masked for
 * the others (the view itself audited as health.service.view).
 * @throws NotFoundError also for a record outside the scope
 */
export async function getService(
  db: Db,
  sealer: Sealer,
  caller: HealthCaller,
  actor: Actor,
  id: string,
): Promise<ServiceDetail> {
  return db.transaction().execute(async (tx) => {
    const row = await findServiceUnder(tx, id, caller.unitPath);
    if (!row) throw new NotFoundError('服务记录');
    const detail = await presentService(tx, sealer, caller, actor, row, { audit: true });
    if (detail.findings === null)
      await recordAudit(tx, actor, { action: 'health.service.view', objectType: 'health_service', objectId: id });
    return detail;
  });
}

/**
 * Voids a wrong record (kept, never deleted); its open follow-up closes with outcome 'other'.
 * @throws NotFoundError, ConflictError when already voided
 */
export async function voidService(
  db: Db,
  sealer: Sealer,
  caller: HealthCaller,
  actor: Actor,
  id: string,
  input: VoidRequest,
): Promise<ServiceDetail> {
  return db.transaction().execute(async (tx) => {
    const row = await findServiceUnder(tx, id, caller.unitPath);
    if (!row) throw new NotFoundError('服务记录');
    const now = clock.now();
    if (!(await markServiceVoided(tx, id, caller.id, now, input.reason)))
      throw new ConflictError('该服务记录已作废').withField('reason');
    const open = await findOpenFollowupOfService(tx, id);
    if (open) {
      const today = clock.today();
      // A contact cannot predate the follow-up: a service voided on the day it was dated closes that day.
      const closedOn = today < open.openedOn ? open.openedOn : today;
      await updateFollowup(tx, open.id, open.version, { status: 'closed', closedOn, outcome: 'other' });
      await insertFollowupEvent(tx, {
        id: randomUUID(),
        countyCode: open.countyCode,
        followupId: open.id,
        contactedOn: closedOn,
        method: 'other',
        noteSealed: sealer.seal(`服务记录作废：${input.reason}`),
        nextDueOn: null,
        closes: true,
        recordedBy: caller.id,
        recordedAt: now,
      });
    }
    await recordAudit(tx, actor, {
      action: 'health.service.void',
      objectType: 'health_service',
      objectId: id,
      detail: { reason: input.reason, followupClosed: open?.id ?? null },
    });
    const after = await findServiceUnder(tx, id, caller.unitPath);
    return presentService(tx, sealer, caller, actor, after!, { audit: true });
  });
}
