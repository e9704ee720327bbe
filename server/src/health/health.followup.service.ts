import { randomUUID } from 'node:crypto';
import { recordAudit, type Actor } from '../audit/audit.service.js';
import type { Db } from '../db/database.js';
import { clock } from '../lib/clock.js';
import { ConflictError, InvalidInputError, NotFoundError, type FieldProblem } from '../lib/errors.js';
import type { Sealer } from '../lib/sealing.js';
import { getUnitInScope } from '../org/org.service.js';
import {
  countFollowupsByUnit,
  findFollowupUnder,
  findServiceUnder,
  insertFollowupEvent,
  listChildUnits,
  listFollowupEvents,
  listFollowups,
  lockFollowup,
  updateFollowup,
  type FollowupFilter,
  type FollowupListRow,
} from './health.repository.js';
import { DUE_SOON_DAYS, addDays, daysOverdueOf, dueStateOf } from './health.rules.js';
import type {
  ContactRequest,
  FollowupContact,
  FollowupDetail,
  FollowupList,
  FollowupListItem,
  FollowupQuery,
  FollowupSummary,
  FollowupSummaryRow,
} from './health.schemas.js';
import { personRef, presentService, scopedPath, type HealthCaller } from './health.service.js';

/**
 * Follow-ups of positive findings (docs/health.md): what is due and overdue per unit, one
 * follow-up with its contacts, and recording a contact that moves the due date or closes it.
 * Due dates read against clock.today(), so "overdue" is always as of today.
 */

function listItem(r: FollowupListRow, today: string): FollowupListItem {
  return {
    id: r.id,
    serviceId: r.serviceId,
    kind: r.kind,
    person: personRef({
      id: r.personId,
      name: r.personName,
      idNumberMasked: r.personIdMasked,
      sex: r.personSex,
      birthDate: r.personBirthDate,
    }),
    unitId: r.unitId,
    unitName: r.unitName,
    townshipName: r.townshipName ?? null,
    openedOn: r.openedOn,
    dueOn: r.dueOn,
    daysOverdue: daysOverdueOf(r.status, r.dueOn, today),
    dueState: dueStateOf(r.status, r.dueOn, today),
    lastContactOn: r.lastContactOn ?? null,
    contactCount: Number(r.contactCount),
    status: r.status,
    closedOn: r.closedOn,
    outcome: r.outcome,
    version: r.version,
  };
}

/** The list's filter for a query as of today: overdue is before today, soon is today … today + 7. */
export function followupFilter(
  unitPath: string,
  q: Pick<FollowupQuery, 'status' | 'due' | 'kind'>,
  today: string,
): FollowupFilter {
  const due = q.due ?? 'all';
  // Due dates concern open follow-ups only: asking for overdue ones means open ones.
  const status = due === 'all' ? (q.status ?? 'open') : 'open';
  const f: FollowupFilter = { unitPath, status, kind: q.kind };
  if (status === 'open' && due === 'overdue') f.dueBefore = today;
  if (status === 'open' && due === 'soon') {
    f.dueFrom = today;
    f.dueTo = addDays(today, DUE_SOON_DAYS);
  }
  return f;
}

/** A page of follow-ups in the caller's scope (never findings or notes); the read is audited. */
export async function searchFollowups(
  db: Db,
  caller: HealthCaller,
  actor: Actor,
  q: FollowupQuery,
): Promise<FollowupList> {
  const today = clock.today();
  const unitPath = q.unitId ? await scopedPath(db, caller, q.unitId) : caller.unitPath;
  const { total, items } = await listFollowups(db, followupFilter(unitPath, q, today), q.page, q.pageSize);
  await recordAudit(db, actor, {
    action: 'health.followup.list',
    detail: { unitId: q.unitId, status: q.status, due: q.due, kind: q.kind, page: q.page, results: total },
  });
  return { total, page: q.page, pageSize: q.pageSize, items: items.map((r) => listItem(r, today)) };
}

/**
 * Per child unit of the unit (townships of the county, villages of a township, a village itself):
 * open, due within 7 days, overdue, and closed this year.
 * @throws NotFoundError for a unit outside the scope
 */
export async function followupSummary(db: Db, caller: HealthCaller, unitId?: string): Promise<FollowupSummary> {
  const unit = await getUnitInScope(db, caller, unitId ?? unitIdOfPath(caller.unitPath));
  const today = clock.today();
  const counts = await countFollowupsByUnit(
    db,
    unit.path,
    today,
    addDays(today, DUE_SOON_DAYS),
    `${today.slice(0, 4)}-01-01`,
  );
  const children = unit.level === 'village' ? [] : await listChildUnits(db, unit.id);
  const targets = children.length ? children : [{ id: unit.id, name: unit.name, level: unit.level, path: unit.path }];
  const zero = { open: 0, dueSoon: 0, overdue: 0, closedThisYear: 0 };
  const rows: FollowupSummaryRow[] = targets.map((t) => {
    const row = { unitId: t.id, unitName: t.name, level: t.level as FollowupSummaryRow['level'], ...zero };
    for (const c of counts) {
      if (!c.path.startsWith(t.path)) continue;
      row.open += c.open;
      row.dueSoon += c.dueSoon;
      row.overdue += c.overdue;
      row.closedThisYear += c.closedThisYear;
    }
    return row;
  });
  const total = { ...zero };
  for (const c of counts) {
    total.open += c.open;
    total.dueSoon += c.dueSoon;
    total.overdue += c.overdue;
    total.closedThisYear += c.closedThisYear;
  }
  return { unitId: unit.id, unitName: unit.name, today, rows, total };
}

/** A unit path ends with the unit's own id (/430623/430623101/). */
function unitIdOfPath(path: string): string {
  const parts = path.split('/').filter(Boolean);
  return parts[parts.length - 1] ?? '';
}

/**
 * One follow-up with its service and contacts. Findings as a service's detail shows them; notes
 * in clear for every caller who may open follow-ups (health.followup / health.findings), the
 * opening audited.
 * @throws NotFoundError also for a follow-up outside the scope
 */
export async function getFollowup(
  db: Db,
  sealer: Sealer,
  caller: HealthCaller,
  actor: Actor,
  id: string,
): Promise<FollowupDetail> {
  return db.transaction().execute(async (tx) => {
    const row = await findFollowupUnder(tx, id, caller.unitPath);
    if (!row) throw new NotFoundError('随访');
    const service = await findServiceUnder(tx, row.serviceId, caller.unitPath);
    if (!service) throw new NotFoundError('随访');
    const events = await listFollowupEvents(tx, id);
    const openNotes = caller.permissions.includes('health.followup') || caller.permissions.includes('health.findings');
    const contacts: FollowupContact[] = events.map((e) => ({
      id: e.id,
      contactedOn: e.contactedOn,
      method: e.method,
      note: openNotes && e.noteSealed ? sealer.open(e.noteSealed) : null,
      noteMasked: !openNotes && !!e.noteSealed,
      nextDueOn: e.nextDueOn,
      closes: e.closes,
      recordedBy: e.recordedByName ?? null,
      recordedAt: new Date(e.recordedAt).toISOString(),
    }));
    const notesOpened = contacts.filter((c) => c.note !== null).length;
    await recordAudit(tx, actor, {
      action: notesOpened ? 'health.followup.notes.view' : 'health.followup.view',
      objectType: 'health_followup',
      objectId: id,
      detail: { personId: row.personId, notesOpened },
    });
    const presented = await presentService(tx, sealer, caller, actor, service, { audit: true });
    return { ...listItem(row, clock.today()), service: presented, contacts };
  });
}

/**
 * Records a contact of an open follow-up: nextDueOn moves its due date, close ends it with an
 * outcome. Optimistic locking on the version the caller read.
 * @throws NotFoundError, InvalidInputError naming the field, ConflictError (closed, or changed meanwhile)
 */
export async function recordContact(
  db: Db,
  sealer: Sealer,
  caller: HealthCaller,
  actor: Actor,
  id: string,
  input: ContactRequest,
): Promise<FollowupDetail> {
  await db.transaction().execute(async (tx) => {
    const inScope = await findFollowupUnder(tx, id, caller.unitPath);
    if (!inScope) throw new NotFoundError('随访');
    const f = await lockFollowup(tx, id);
    if (!f) throw new NotFoundError('随访');
    if (f.status === 'closed') throw new ConflictError('该随访已结案，不能再登记随访').withField('version');
    if (f.version !== input.version)
      throw new ConflictError('该随访已被他人更新，请刷新后重新登记').withField('version');
    const today = clock.today();
    const problems: FieldProblem[] = [];
    const bad = (field: string, message: string) => problems.push({ field, message });
    if (input.contactedOn < f.openedOn) bad('contactedOn', `随访日期（contactedOn）不能早于随访开始日期 ${f.openedOn}`);
    if (input.contactedOn > today) bad('contactedOn', `随访日期（contactedOn）${input.contactedOn} 晚于今天`);
    if (input.nextDueOn && input.close) bad('nextDueOn', '结案时不填下次随访日期（nextDueOn）');
    else if (input.nextDueOn && input.nextDueOn < input.contactedOn)
      bad('nextDueOn', '下次随访日期（nextDueOn）不能早于本次随访日期');
    if (problems.length) throw new InvalidInputError(problems[0]!.message, problems);

    await insertFollowupEvent(tx, {
      id: randomUUID(),
      countyCode: f.countyCode,
      followupId: id,
      contactedOn: input.contactedOn,
      method: input.method,
      noteSealed: input.note ? sealer.seal(input.note) : null,
      nextDueOn: input.nextDueOn ?? null,
      closes: !!input.close,
      recordedBy: caller.id,
      recordedAt: clock.now(),
    });
    const set = input.close
      ? { status: 'closed' as const, closedOn: input.contactedOn, outcome: input.close.outcome }
      : input.nextDueOn
        ? { dueOn: input.nextDueOn }
        : {};
    if (!(await updateFollowup(tx, id, f.version, set)))
      throw new ConflictError('该随访已被他人更新，请刷新后重新登记').withField('version');
    await recordAudit(tx, actor, {
      action: input.close ? 'health.followup.close' : 'health.followup.contact',
      objectType: 'health_followup',
      objectId: id,
      detail: {
        contactedOn: input.contactedOn,
        method: input.method,
        nextDueOn: input.nextDueOn,
        outcome: input.close?.outcome,
        dueOnBefore: f.dueOn,
      },
    });
  });
  return getFollowup(db, sealer, caller, actor, id);
}
