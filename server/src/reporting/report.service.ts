import { randomUUID } from 'node:crypto';
import type { CurrentUser } from '../accounts/session.service.js';
import type { Actor } from '../audit/audit.service.js';
import { recordAudit } from '../audit/audit.service.js';
import type { Db, DbOrTx } from '../db/database.js';
import type { ReportStatus, ReportType } from '../db/schema.js';
import { clock } from '../lib/clock.js';
import { REPORT_STATUS_NAMES } from '../lib/codes.js';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from '../lib/errors.js';
import { isValidDate } from '../lib/idNumber.js';
import type { Sealer } from '../lib/sealing.js';
import { getUnitInScope, scopedUnitPath } from '../org/org.service.js';
import { unitIdsUnder } from '../org/org.repository.js';
import { isUuid } from '../registry/person.repository.js';
import { openRecoveries } from '../benefits/benefit.recovery.service.js';
import { applyReport } from './report.apply.js';
import { carryIdNumbers, maskedPayload, openPayload, sealPayload } from './report.payload.js';
import {
  findReportWithUnit,
  listActions,
  reportListQuery,
  selectReportList,
  transitionReport,
} from './report.repository.js';
import type { CreateReportRequest, ReportQuery } from './report.schemas.js';
import { checkReport } from './report.validation.js';

export type ReportAction = 'approve' | 'return' | 'confirm' | 'resubmit' | 'cancel';

const STALE = '该报告已被他人处理或已修改（版本已变化），请刷新后查看最新状态';

function checkEventDate(eventDate: string): void {
  if (!isValidDate(eventDate)) throw InvalidInputError.field('eventDate', `日期 ${eventDate} 无效`);
  if (eventDate > clock.today())
    throw InvalidInputError.field('eventDate', `事件日期 ${eventDate} 晚于今天，不能报告未来的事件`);
  if (eventDate < '1900-01-01') throw InvalidInputError.field('eventDate', '事件日期过早');
}

/** The village a report comes from must be the caller's own unit or below, and a village. */
async function reportingVillage(db: DbOrTx, user: CurrentUser, unitId: string) {
  const unit = await getUnitInScope(db, user, unitId).catch(() => {
    throw InvalidInputError.field('unitId', `单位 ${unitId} 不存在或不在本人辖区，不能代为报告`);
  });
  if (unit.level !== 'village') throw InvalidInputError.field('unitId', '报告单位应为村（社区）');
  if (unit.validTo) throw InvalidInputError.field('unitId', `${unit.name} 已撤销`);
  return unit;
}

/**
 * A village worker reports a vital event. It is checked against the registry at once; nothing is
 * written unless every check passes.
 * @throws InvalidInputError (naming the field), ConflictError, ForbiddenError
 */
export async function createReport(
  db: Db,
  sealer: Sealer,
  user: CurrentUser,
  actor: Actor,
  input: CreateReportRequest,
) {
  if (!user.permissions.includes('report.create')) throw new ForbiddenError('只有村（社区）计生专干可以报告事件');
  checkEventDate(input.eventDate);
  const id = randomUUID();
  await db.transaction().execute(async (tx) => {
    const unit = await reportingVillage(tx, user, input.unitId);
    const checked = await checkReport(
      { db: tx, sealer, user, unitId: unit.id, eventDate: input.eventDate, reportId: null },
      input.type,
      input.payload,
    );
    const now = clock.now();
    await tx
      .insertInto('report')
      .values({
        id,
        countyCode: user.countyCode,
        type: input.type,
        status: 'submitted',
        unitId: unit.id,
        subjectPersonId: checked.subjectPersonId,
        eventDate: input.eventDate,
        reportedAt: now,
        reportedOn: clock.today(),
        payload: JSON.stringify(sealPayload(sealer, checked.payload)),
        summary: checked.summary,
        reporterId: user.id,
        resultPersonId: null,
        updatedAt: now,
      })
      .execute();
    await tx
      .insertInto('reportAction')
      .values({
        reportId: id,
        countyCode: user.countyCode,
        at: now,
        userId: user.id,
        action: 'submit',
        fromStatus: null,
        toStatus: 'submitted',
        reason: null,
      })
      .execute();
    await recordAudit(tx, actor, {
      action: 'report.submit',
      objectType: 'report',
      objectId: id,
      detail: { type: input.type, unitId: unit.id },
    });
  });
  return getReport(db, user, id);
}

/**
 * Every village of the caller's county, closed ones included (with their dates), township by
 * township. A correction may move a person's residence to any village of the county, not only
 * those in the reporter's scope, and a report names villages the reader may not see in her tree.
 */
export async function listCountyVillages(db: Db, user: CurrentUser) {
  const rows = await db
    .selectFrom('orgUnit as v')
    .innerJoin('orgUnit as t', 't.id', 'v.parentId')
    .select(['v.id', 'v.name', 'v.validFrom', 'v.validTo', 't.id as townshipId', 't.name as townshipName'])
    .where('v.countyCode', '=', user.countyCode)
    .where('v.level', '=', 'village')
    .orderBy('v.path')
    .execute();
  return {
    items: rows.map((r) => ({
      id: r.id,
      name: r.name,
      validFrom: r.validFrom,
      validTo: r.validTo,
      township: { id: r.townshipId, name: r.townshipName },
    })),
  };
}

async function getReportInScope(db: DbOrTx, user: CurrentUser, id: string) {
  const r = isUuid(id) ? await findReportWithUnit(db, id) : undefined;
  if (!r || !r.unitPath.startsWith(user.unitPath)) throw new NotFoundError('报告');
  return r;
}

export function allowedActions(user: CurrentUser, status: ReportStatus): ReportAction[] {
  const can = (p: 'report.create' | 'report.review' | 'report.confirm') => user.permissions.includes(p);
  switch (status) {
    case 'submitted':
      return [
        ...(can('report.review') ? (['approve', 'return'] as const) : []),
        ...(can('report.create') ? (['cancel'] as const) : []),
      ];
    case 'returned':
      return can('report.create') ? ['resubmit', 'cancel'] : [];
    case 'township_approved':
      return can('report.confirm') ? ['confirm', 'return'] : [];
    case 'confirmed':
    case 'cancelled':
      return [];
  }
}

type ListRow = Awaited<ReturnType<typeof findReportWithUnit>> & object;
const toListItem = (r: ListRow) => ({
  id: r.id,
  type: r.type,
  status: r.status,
  unit: { id: r.unitId, name: r.unitName },
  eventDate: r.eventDate,
  reportedOn: r.reportedOn,
  summary: r.summary,
  reporter: { id: r.reporterId, displayName: r.reporterName },
  updatedAt: r.updatedAt.toISOString(),
  version: r.version,
  lastReason: r.lastReason ?? null,
});

export async function getReport(db: Db, user: CurrentUser, id: string) {
  const r = await getReportInScope(db, user, id);
  const actions = await listActions(db, id);
  const payload = maskedPayload(r.payload as Record<string, unknown>);
  return {
    ...toListItem(r),
    payload,
    people: await namesOf(db, payload),
    subjectPersonId: r.subjectPersonId,
    resultPersonId: r.resultPersonId,
    actions: actions.map((a) => ({
      at: a.at.toISOString(),
      user: { id: a.userId, displayName: a.displayName },
      action: a.action,
      fromStatus: a.fromStatus,
      toStatus: a.toStatus,
      reason: a.reason,
    })),
    allowedActions: allowedActions(user, r.status),
  };
}

/**
 * Names of the persons a payload refers to (mother, father, person, spouse), so the report page
 * reads as a sentence. They were in the reporting village's scope when the report was checked.
 */
async function namesOf(db: Db, payload: Record<string, unknown>): Promise<Record<string, string>> {
  const ids = ['motherId', 'fatherId', 'personId', 'spouseId']
    .map((k) => payload[k])
    .filter((v): v is string => typeof v === 'string' && isUuid(v));
  if (ids.length === 0) return {};
  const rows = await db.selectFrom('person').select(['id', 'name']).where('id', 'in', ids).execute();
  return Object.fromEntries(rows.map((p) => [p.id, p.name]));
}

export async function viewReport(db: Db, user: CurrentUser, actor: Actor, id: string) {
  const report = await getReport(db, user, id);
  await recordAudit(db, actor, { action: 'report.view', objectType: 'report', objectId: id });
  return report;
}

const QUEUE_STATUS: Record<ReportQuery['queue'], ReportStatus[] | null> = {
  mine: null,
  review: ['submitted'],
  confirm: ['township_approved'],
  all: null,
};

/** The filters of the reports list, without paging. */
export type ReportFilter = Omit<ReportQuery, 'page' | 'pageSize'>;

/** The reports list's scope, queue and filters, without selection, order, paging or audit. */
export async function reportListFilter(db: DbOrTx, user: CurrentUser, filter: ReportFilter) {
  const scopePath = filter.unitId ? await scopedUnitPath(db, user, filter.unitId) : user.unitPath;
  let q = reportListQuery(db).where('r.unitId', 'in', unitIdsUnder(db, scopePath));
  const statuses = QUEUE_STATUS[filter.queue];
  if (statuses) q = q.where('r.status', 'in', statuses);
  if (filter.queue === 'mine') q = q.where('r.reporterId', '=', user.id);
  if (filter.status) q = q.where('r.status', '=', filter.status);
  if (filter.type) q = q.where('r.type', '=', filter.type);
  return q;
}

export async function listReports(db: Db, user: CurrentUser, actor: Actor, query: ReportQuery) {
  const q = await reportListFilter(db, user, query);
  const { total } = await q.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  const rows = await selectReportList(db, q)
    .orderBy(
      query.queue === 'review' || query.queue === 'confirm' ? 'r.reportedAt' : 'r.updatedAt',
      query.queue === 'review' || query.queue === 'confirm' ? 'asc' : 'desc',
    )
    .orderBy('r.id')
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
  await recordAudit(db, actor, { action: 'report.search', detail: { ...query, results: Number(total) } });
  return { items: rows.map(toListItem), total: Number(total) };
}

/** The home page: what waits for this user, by role. */
export async function getTodo(db: Db, user: CurrentUser) {
  const inScope = reportListQuery(db).where('r.unitId', 'in', unitIdsUnder(db, user.unitPath));
  const count = async (statuses: ReportStatus[]) =>
    Number(
      (
        await inScope
          .where('r.status', 'in', statuses)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const monthStart = `${clock.today().slice(0, 8)}01`;
  const submittedThisMonth = Number(
    (
      await inScope
        .where('r.reportedOn', '>=', monthStart)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
  const counts = {
    returned: await count(['returned']),
    awaitingReview: await count(['submitted']),
    awaitingConfirmation: await count(['township_approved']),
    submittedThisMonth,
  };
  const waiting: ReportStatus[] = user.permissions.includes('report.confirm')
    ? ['township_approved']
    : user.permissions.includes('report.review')
      ? ['submitted']
      : user.permissions.includes('report.create')
        ? ['returned']
        : [];
  const items = waiting.length
    ? await selectReportList(db, inScope).where('r.status', 'in', waiting).orderBy('r.reportedAt').limit(50).execute()
    : [];
  return { counts, items: items.map(toListItem) };
}

async function act(
  db: Db,
  user: CurrentUser,
  actor: Actor,
  id: string,
  action: ReportAction,
  version: number,
  body: (tx: DbOrTx, r: ListRow) => Promise<Parameters<typeof transitionReport>[1]>,
) {
  await db.transaction().execute(async (tx) => {
    const r = await getReportInScope(tx, user, id);
    if (!ACTION_PERMISSIONS[action].some((p) => user.permissions.includes(p))) throw new ForbiddenError();
    if (!allowedActions(user, r.status).includes(action)) {
      if (r.version !== version) throw new ConflictError(STALE);
      throw new ConflictError(`报告当前状态为「${REPORT_STATUS_NAMES[r.status]}」，不能执行此操作`);
    }
    const t = await body(tx, r);
    const row = await transitionReport(tx, t);
    if (!row) throw new ConflictError(STALE);
    await recordAudit(tx, actor, {
      action: `report.${action}`,
      objectType: 'report',
      objectId: id,
      detail: t.reason ? { reason: t.reason } : undefined,
    });
  });
  return getReport(db, user, id);
}

const ACTION_PERMISSIONS: Record<ReportAction, Array<'report.create' | 'report.review' | 'report.confirm'>> = {
  approve: ['report.review'],
  return: ['report.review', 'report.confirm'],
  confirm: ['report.confirm'],
  resubmit: ['report.create'],
  cancel: ['report.create'],
};

/** Township approves a village's report. @throws ConflictError when stale */
export const approveReport = (db: Db, user: CurrentUser, actor: Actor, id: string, version: number) =>
  act(db, user, actor, id, 'approve', version, async () => ({
    id,
    version,
    from: ['submitted'],
    to: 'township_approved',
    action: 'approve',
    userId: user.id,
  }));

/** Township or county returns a report to the village with a reason. */
export const returnReport = (db: Db, user: CurrentUser, actor: Actor, id: string, version: number, reason: string) =>
  act(db, user, actor, id, 'return', version, async (_tx, r) => ({
    id,
    version,
    from: [r.status === 'township_approved' ? 'township_approved' : 'submitted'],
    to: 'returned',
    action: 'return',
    userId: user.id,
    reason,
  }));

export const cancelReport = (db: Db, user: CurrentUser, actor: Actor, id: string, version: number, reason: string) =>
  act(db, user, actor, id, 'cancel', version, async () => ({
    id,
    version,
    from: ['submitted', 'returned'],
    to: 'cancelled',
    action: 'cancel',
    userId: user.id,
    reason,
  }));

/**
 * The county confirms: the report is checked once more against the registry as it is now and
 * applied to it in the same transaction. From this moment the event counts.
 * @throws ConflictError (stale version, or the registry changed so the report no longer fits)
 */
export async function confirmReport(
  db: Db,
  sealer: Sealer,
  user: CurrentUser,
  actor: Actor,
  id: string,
  version: number,
) {
  const report = await confirmInRegistry(db, sealer, user, actor, id, version);
  if (report.type === 'death') {
    // A benefit paid for a period the person did not live through is to be recovered: the death,
    // now in the registry, opens those cases at once (benefits/benefit.recovery.service.ts). After
    // the commit, so a failure here never undoes the confirmation; the batch and result-import
    // scans open any case this misses.
    const personId = report.subjectPersonId;
    if (personId) {
      await openRecoveries(db, user.countyCode, [personId]).catch((e: unknown) => {
        process.emitWarning(`死亡确认后检查待追回的奖扶资金失败 (recovery check after a death failed): ${String(e)}`);
      });
    }
  }
  return report;
}

const confirmInRegistry = (db: Db, sealer: Sealer, user: CurrentUser, actor: Actor, id: string, version: number) =>
  act(db, user, actor, id, 'confirm', version, async (tx, r) => {
    const payload = openPayload(sealer, r.payload as Record<string, unknown>);
    const scope = { unitPath: `/${r.unitPath.split('/')[1]}/`, countyCode: user.countyCode };
    try {
      await checkReport(
        { db: tx, sealer, user: scope, unitId: r.unitId, eventDate: r.eventDate, reportId: r.id },
        r.type as ReportType,
        payload,
      );
    } catch (e) {
      if (e instanceof InvalidInputError || e instanceof ConflictError) {
        throw new ConflictError(`登记信息已变化，此报告不能确认：${e.message}。请退回村（社区）核实`);
      }
      throw e;
    }
    const locked = await tx
      .selectFrom('report')
      .selectAll()
      .where('id', '=', id)
      .where('version', '=', version)
      .forUpdate()
      .executeTakeFirst();
    if (!locked) throw new ConflictError(STALE);
    const resultPersonId = await applyReport(tx, sealer, locked, payload);
    return {
      id,
      version,
      from: ['township_approved'],
      to: 'confirmed',
      action: 'confirm',
      userId: user.id,
      set: { resultPersonId },
    };
  });

/**
 * The village corrects a returned report and sends it again; it is checked as a new one.
 * @throws InvalidInputError, ConflictError
 */
export async function resubmitReport(
  db: Db,
  sealer: Sealer,
  user: CurrentUser,
  actor: Actor,
  id: string,
  input: { version: number; eventDate: string; payload: Record<string, unknown> },
) {
  checkEventDate(input.eventDate);
  return act(db, user, actor, id, 'resubmit', input.version, async (tx, r) => {
    const previous = openPayload(sealer, r.payload as Record<string, unknown>);
    const payload = carryIdNumbers(previous, input.payload);
    const checked = await checkReport(
      { db: tx, sealer, user, unitId: r.unitId, eventDate: input.eventDate, reportId: r.id },
      r.type as ReportType,
      payload,
    );
    return {
      id,
      version: input.version,
      from: ['returned'],
      to: 'submitted',
      action: 'resubmit',
      userId: user.id,
      set: {
        eventDate: input.eventDate,
        summary: checked.summary,
        subjectPersonId: checked.subjectPersonId,
        payload: JSON.stringify(sealPayload(sealer, checked.payload)),
      },
    };
  });
}
