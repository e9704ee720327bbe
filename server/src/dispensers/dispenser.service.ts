/**
 * The contraceptive dispensing machines (智能药具发放机, docs/dispensers.md): where each stands, its
 * capacity and stock, restocking, the machine's own daily dispensing counts and stocktakes, each
 * kept as a dispenser_event with the stock after it. A machine is due for restocking when its
 * stock is at or below its threshold. Users see and keep the machines of their unit and the units
 * below it; every change is audited.
 */
import { randomUUID } from 'node:crypto';
import type { CurrentUser } from '../accounts/session.service.js';
import { recordAudit, type Actor } from '../audit/audit.service.js';
import type { Db, DbOrTx } from '../db/database.js';
import { clock } from '../lib/clock.js';
import { ConflictError, InvalidInputError, NotFoundError, type FieldProblem } from '../lib/errors.js';
import { getUnitInScope } from '../org/org.service.js';
import {
  findDispenserByCode,
  findDispenserRow,
  insertDispenserEvents,
  insertDispenserRow,
  listDispenserEvents,
  listDispenserRows,
  lockDispenserRow,
  monthlyTotals,
  reportedDays,
  unitNames,
  updateDispenserRow,
  type DispenserChange,
  type DispenserListRow,
} from './dispenser.repository.js';
import type {
  DispenserListQuery,
  EditRequest,
  EventRequest,
  RegisterRequest,
  RetireRequest,
} from './dispenser.schemas.js';
import type { DispenserEventKind, DispenserEventRow } from './dispenser.tables.js';

export type Caller = Pick<CurrentUser, 'countyCode' | 'unitPath'> & { id: string | null };

const KIND_ZH: Record<DispenserEventKind, string> = { restock: '补货', dispense: '发放', stocktake: '盘点' };

/** The township a unit belongs to, from its path /county/township/village/. */
const townshipOf = (path: string): string | null => path.split('/')[2] || null;

const isDue = (r: { stock: number; restockThreshold: number; retiredOn: string | null }) =>
  r.retiredOn === null && r.stock <= r.restockThreshold;

const view = (r: DispenserListRow, townships: Map<string, string>) => {
  const township = townshipOf(r.unitPath);
  return {
    id: r.id,
    code: r.code,
    unitId: r.unitId,
    unitName: r.unitName,
    townshipId: township,
    townshipName: township ? (townships.get(township) ?? null) : null,
    location: r.location,
    installedOn: r.installedOn,
    capacity: r.capacity,
    stock: r.stock,
    restockThreshold: r.restockThreshold,
    retiredOn: r.retiredOn,
    version: r.version,
    lastEventOn: r.lastEventOn,
    due: isDue(r),
    /** Percent of capacity, for the stock bar. */
    level: Math.round((r.stock / r.capacity) * 100),
  };
};
export type DispenserView = ReturnType<typeof view>;

async function views(db: DbOrTx, rows: DispenserListRow[]): Promise<DispenserView[]> {
  const ids = [...new Set(rows.map((r) => townshipOf(r.unitPath)).filter((x): x is string => !!x))];
  const names = await unitNames(db, ids);
  return rows.map((r) => view(r, names));
}

async function scopePath(db: Db, user: Caller, unitId: string | undefined): Promise<string> {
  return unitId ? (await getUnitInScope(db, user, unitId)).path : user.unitPath;
}

/** The machines of the caller's area (or of one unit in it): those due for restocking first. */
export async function listMachines(db: Db, user: Caller, q: DispenserListQuery) {
  const rows = await listDispenserRows(db, user.countyCode, await scopePath(db, user, q.unitId), {
    includeRetired: q.includeRetired,
  });
  const items = await views(db, rows);
  return { items, due: items.filter((i) => i.due).length, today: clock.today() };
}

/** The machines due for restocking (stock at or below the threshold), grouped by township. */
export async function dueByTownship(db: Db, user: Caller, unitId?: string) {
  const rows = await listDispenserRows(db, user.countyCode, await scopePath(db, user, unitId), { dueOnly: true });
  const items = await views(db, rows);
  const groups = new Map<
    string,
    { townshipId: string | null; townshipName: string | null; machines: DispenserView[] }
  >();
  for (const i of items) {
    const key = i.townshipId ?? '';
    if (!groups.has(key)) groups.set(key, { townshipId: i.townshipId, townshipName: i.townshipName, machines: [] });
    groups.get(key)!.machines.push(i);
  }
  const townships = [...groups.values()].sort((a, b) => (a.townshipId ?? '').localeCompare(b.townshipId ?? ''));
  return { townships, total: items.length, today: clock.today() };
}

async function getInScope(db: DbOrTx, user: Caller, id: string) {
  const row = await findDispenserRow(db, user.countyCode, id);
  if (!row || !row.unitPath.startsWith(user.unitPath)) throw new NotFoundError('发放机');
  return row;
}

/**
 * One machine with its event history (newest first) and monthly totals.
 * @throws NotFoundError for a machine that does not exist or lies outside the caller's area
 */
export async function getMachine(db: Db, user: Caller, id: string) {
  const row = await getInScope(db, user, id);
  const [machine] = await views(db, [row]);
  const events = await listDispenserEvents(db, id);
  return {
    ...machine!,
    events: events.map((e) => ({
      id: e.id,
      kind: e.kind,
      onDate: e.onDate,
      quantity: e.quantity,
      stockAfter: e.stockAfter,
      note: e.note,
      byName: e.byName,
      at: new Date(e.at).toISOString(),
    })),
    monthly: await monthlyTotals(db, id),
    today: clock.today(),
  };
}

function notFuture(field: string, what: string, date: string) {
  if (date > clock.today()) throw InvalidInputError.field(field, `${what}（${date}）不能晚于今天（${clock.today()}）`);
}

/**
 * Registers a machine; its stock on installation is kept as a first stocktake.
 * @throws InvalidInputError (unitId, installedOn, stock, restockThreshold); ConflictError (code)
 *   for a code the county already has
 */
export async function registerMachine(db: Db, user: Caller, actor: Actor, req: RegisterRequest) {
  notFuture('installedOn', '安装日期', req.installedOn);
  const unit = await getUnitInScope(db, user, req.unitId).catch(() => {
    throw InvalidInputError.field('unitId', `所在单位 ${req.unitId} 不在本辖区`);
  });
  if (unit.level === 'group')
    throw InvalidInputError.field('unitId', '所在单位应为村（社区）、乡镇或县，不能是村民小组');
  if (req.stock > req.capacity)
    throw InvalidInputError.field('stock', `现有库存（stock）${req.stock} 超过容量（capacity）${req.capacity}`);
  if (req.restockThreshold >= req.capacity)
    throw InvalidInputError.field(
      'restockThreshold',
      `补货提醒线（restockThreshold）${req.restockThreshold} 应小于容量（capacity）${req.capacity}`,
    );
  const id = randomUUID();
  await db.transaction().execute(async (tx) => {
    if (await findDispenserByCode(tx, user.countyCode, req.code))
      throw new ConflictError(`设备编号（code）${req.code} 已登记过，全县不能重复`).withField('code');
    await insertDispenserRow(tx, {
      id,
      countyCode: user.countyCode,
      code: req.code,
      unitId: unit.id,
      location: req.location,
      installedOn: req.installedOn,
      capacity: req.capacity,
      stock: req.stock,
      restockThreshold: req.restockThreshold,
      retiredOn: null,
    });
    await insertDispenserEvents(tx, [
      {
        id: randomUUID(),
        countyCode: user.countyCode,
        dispenserId: id,
        kind: 'stocktake',
        onDate: req.installedOn,
        quantity: req.stock,
        stockAfter: req.stock,
        note: '安装时库存',
        byUser: user.id,
        at: clock.now(),
      },
    ]);
    await recordAudit(tx, actor, {
      action: 'dispenser.register',
      objectType: 'dispenser',
      objectId: id,
      detail: { ...req },
    });
  });
  return { id, version: 1 };
}

async function lockInScope(tx: DbOrTx, user: Caller, id: string, version: number | undefined) {
  const row = await lockDispenserRow(tx, user.countyCode, id);
  if (!row || !row.unitPath.startsWith(user.unitPath)) throw new NotFoundError('发放机');
  if (version !== undefined && row.version !== version)
    throw new ConflictError(
      `发放机 ${row.code} 已被他人修改：当前为第${row.version}版，您看到的是第${version}版，请刷新`,
    ).withField('version');
  return row;
}

async function update(tx: DbOrTx, row: { id: string; code: string; version: number }, change: DispenserChange) {
  if (!(await updateDispenserRow(tx, row.id, row.version, change)))
    throw new ConflictError(`发放机 ${row.code} 已被他人修改，请刷新`).withField('version');
}

/**
 * Moves a machine or changes its restocking threshold.
 * @throws NotFoundError, ConflictError (version; a retired machine), InvalidInputError (restockThreshold)
 */
export async function editMachine(db: Db, user: Caller, actor: Actor, id: string, req: EditRequest) {
  return db.transaction().execute(async (tx) => {
    const row = await lockInScope(tx, user, id, req.version);
    if (row.retiredOn) throw new ConflictError(`发放机 ${row.code} 已于 ${row.retiredOn} 撤除，不能修改`);
    if (req.restockThreshold !== undefined && req.restockThreshold >= row.capacity)
      throw InvalidInputError.field(
        'restockThreshold',
        `补货提醒线（restockThreshold）${req.restockThreshold} 应小于容量（capacity）${row.capacity}`,
      );
    const change: DispenserChange = {};
    if (req.location !== undefined) change.location = req.location;
    if (req.restockThreshold !== undefined) change.restockThreshold = req.restockThreshold;
    await update(tx, row, change);
    await recordAudit(tx, actor, {
      action: 'dispenser.edit',
      objectType: 'dispenser',
      objectId: id,
      detail: { code: row.code, before: { location: row.location, restockThreshold: row.restockThreshold }, ...change },
    });
    return { id, version: row.version + 1 };
  });
}

/**
 * Retires a machine: it leaves the lists (its history stays) and takes no more events.
 * @throws NotFoundError, ConflictError (version; already retired), InvalidInputError (retiredOn)
 */
export async function retireMachine(db: Db, user: Caller, actor: Actor, id: string, req: RetireRequest) {
  notFuture('retiredOn', '撤除日期', req.retiredOn);
  return db.transaction().execute(async (tx) => {
    const row = await lockInScope(tx, user, id, req.version);
    if (row.retiredOn) throw new ConflictError(`发放机 ${row.code} 已于 ${row.retiredOn} 撤除`);
    if (req.retiredOn < row.installedOn)
      throw InvalidInputError.field('retiredOn', `撤除日期（${req.retiredOn}）不能早于安装日期（${row.installedOn}）`);
    await update(tx, row, { retiredOn: req.retiredOn });
    await recordAudit(tx, actor, {
      action: 'dispenser.retire',
      objectType: 'dispenser',
      objectId: id,
      detail: { code: row.code, retiredOn: req.retiredOn, note: req.note },
    });
    return { id, version: row.version + 1 };
  });
}

/** One event as the service takes it: for a machine by id (the page) or by code (a vendor's file). */
export type EventInput = EventRequest & { dispenserId?: string; code?: string; row?: number };

type Machine = NonNullable<Awaited<ReturnType<typeof lockDispenserRow>>>;

/**
 * The stock after one event, or the problem that refuses it: a restock may not overfill the
 * machine, a dispensing count may not exceed the stock, a stocktake may not exceed the capacity.
 * Pure, so the rules read in one place.
 */
export function stockAfter(
  m: { code: string; capacity: number; stock: number },
  e: { kind: DispenserEventKind; quantity: number },
): { stock: number; quantity: number; note?: string } | { field: string; message: string } {
  switch (e.kind) {
    case 'restock':
      if (e.quantity === 0) return { field: 'quantity', message: '补货数量（quantity）应大于0' };
      if (m.stock + e.quantity > m.capacity)
        return {
          field: 'quantity',
          message: `补货数量（quantity）${e.quantity} 过多：${m.code} 现有 ${m.stock} 盒，容量 ${m.capacity} 盒，最多还能补 ${m.capacity - m.stock} 盒`,
        };
      return { stock: m.stock + e.quantity, quantity: e.quantity };
    case 'dispense':
      if (e.quantity > m.stock)
        return {
          field: 'quantity',
          message: `发放数量（quantity）${e.quantity} 超过 ${m.code} 的库存 ${m.stock} 盒：请先录入补货或盘点`,
        };
      return { stock: m.stock - e.quantity, quantity: e.quantity };
    case 'stocktake': {
      if (e.quantity > m.capacity)
        return {
          field: 'quantity',
          message: `盘点数量（quantity）${e.quantity} 超过 ${m.code} 的容量 ${m.capacity} 盒`,
        };
      const diff = e.quantity - m.stock;
      return {
        stock: e.quantity,
        quantity: Math.abs(diff),
        note: `账面 ${m.stock} 盒，实点 ${e.quantity} 盒，${diff === 0 ? '相符' : diff > 0 ? `多 ${diff} 盒` : `少 ${-diff} 盒`}`,
      };
    }
  }
}

/**
 * Records events (one from the page, or all rows of a vendor's file), all or nothing: every
 * problem of every row is reported, and none is written unless all pass. Events apply in the
 * order given; each machine's dispensing report counts once per day.
 * @throws NotFoundError for a machine (by id) outside the caller's area; InvalidInputError with
 *   every row's problems; ConflictError for a stale version
 */
export async function recordEvents(db: Db, user: Caller, actor: Actor, events: EventInput[], source: string) {
  return db.transaction().execute(async (tx) => {
    const machines = new Map<string, Machine & { start: number; startVersion: number }>();
    const problems: FieldProblem[] = [];
    const rows: DispenserEventRow[] = [];
    const seenDays = new Set<string>();
    const at = clock.now();
    const today = clock.today();
    const where = (e: EventInput) => (e.row !== undefined ? `第${e.row}行` : '');
    const problem = (e: EventInput, field: string, message: string) =>
      problems.push({ field, message: `${where(e)}${message}`, ...(e.row !== undefined ? { row: e.row } : {}) });
    // Lock each machine once, in a fixed order, so two files touching the same machines cannot deadlock.
    const byId = new Map<string, string>();
    for (const e of events) {
      if (e.dispenserId || !e.code) continue;
      const found = await findDispenserByCode(tx, user.countyCode, e.code);
      if (found) byId.set(e.code.toLowerCase(), found.id);
    }
    const idOf = (e: EventInput) => e.dispenserId ?? byId.get((e.code ?? '').toLowerCase());
    const ids = [...new Set(events.map(idOf).filter((x): x is string => !!x))].sort();
    for (const id of ids) {
      const single = events.length === 1 ? events[0]!.version : undefined;
      const m = await lockDispenserRow(tx, user.countyCode, id);
      if (!m || !m.unitPath.startsWith(user.unitPath)) {
        if (events.length === 1 && events[0]!.dispenserId) throw new NotFoundError('发放机');
        continue;
      }
      if (single !== undefined && m.version !== single)
        throw new ConflictError(
          `发放机 ${m.code} 已被他人修改：当前为第${m.version}版，您看到的是第${single}版，请刷新`,
        ).withField('version');
      machines.set(id, { ...m, start: m.stock, startVersion: m.version });
    }
    for (const e of events) {
      const id = idOf(e);
      const m = id ? machines.get(id) : undefined;
      if (!m) {
        problem(e, 'code', `设备编号（code）${e.code ?? e.dispenserId} 不是本辖区登记的发放机`);
        continue;
      }
      if (m.retiredOn) {
        problem(e, 'onDate', `${m.code} 已于 ${m.retiredOn} 撤除，不能再录入${KIND_ZH[e.kind]}`);
        continue;
      }
      if (e.onDate > today) {
        problem(e, 'onDate', `日期（onDate）${e.onDate} 不能晚于今天（${today}）`);
        continue;
      }
      if (e.onDate < m.installedOn) {
        problem(e, 'onDate', `日期（onDate）${e.onDate} 早于 ${m.code} 的安装日期（${m.installedOn}）`);
        continue;
      }
      if (e.kind === 'dispense') {
        const key = `${m.id}|${e.onDate}`;
        if (seenDays.has(key) || (await reportedDays(tx, m.id, [e.onDate])).size) {
          problem(e, 'onDate', `${m.code} ${e.onDate} 的发放数已录入过（每台每天一条）`);
          continue;
        }
        seenDays.add(key);
      }
      const r = stockAfter(m, e);
      if ('field' in r) {
        problem(e, r.field, r.message);
        continue;
      }
      m.stock = r.stock;
      const note = [r.note, e.note].filter(Boolean).join('；') || null;
      rows.push({
        id: randomUUID(),
        countyCode: user.countyCode,
        dispenserId: m.id,
        kind: e.kind,
        onDate: e.onDate,
        quantity: r.quantity,
        stockAfter: r.stock,
        note,
        byUser: user.id,
        at,
      });
    }
    if (problems.length) {
      const e = new InvalidInputError(
        problems.length === 1
          ? problems[0]!.message
          : `${problems.length}处错误，未保存任何一条：${problems
              .slice(0, 5)
              .map((p) => p.message)
              .join('；')}${problems.length > 5 ? '……' : ''}`,
        problems,
      );
      throw e;
    }
    for (const m of machines.values())
      await update(tx, { id: m.id, code: m.code, version: m.startVersion }, { stock: m.stock });
    await insertDispenserEvents(tx, rows);
    await recordAudit(tx, actor, {
      action: 'dispenser.events',
      objectType: 'dispenser',
      objectId: ids.length === 1 ? ids[0] : undefined,
      detail: { source, events: rows.length, machines: ids.length },
    });
    const [first] = machines.values();
    return {
      events: rows.length,
      machines: machines.size,
      ...(events.length === 1 && first ? { stock: first.stock, version: first.startVersion + 1 } : {}),
    };
  });
}

/** Records one event on a machine from the page. Errors as recordEvents. */
export const recordEvent = (db: Db, user: Caller, actor: Actor, id: string, req: EventRequest) =>
  recordEvents(db, user, actor, [{ ...req, dispenserId: id }], 'web');
