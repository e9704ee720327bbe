/**
 * The care register (生育关怀; docs/care.md): families flagged by staff or by the registry scan
 * (care.scan.ts), visits to them and assistance granted, with totals per year, township and fund
 * source. Every record belongs to the family's unit (the parent's hukou village when flagged):
 * a caller sees and changes only those of their own units; anything else answers as missing.
 * Every change, and every opening of a family's file, goes to the audit log in the same
 * transaction as the change.
 */
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import type { CurrentUser } from '../accounts/session.service.js';
import { recordAudit, type Actor } from '../audit/audit.service.js';
import type { Db } from '../db/database.js';
import { safeCell } from '../lib/cells.js';
import { clock } from '../lib/clock.js';
import { ConflictError, InvalidInputError, NotFoundError } from '../lib/errors.js';
import { listUnitsUnder } from '../org/org.repository.js';
import {
  assistanceTotals,
  endFamily,
  findFamily,
  findOpenFlag,
  insertAssistance,
  insertFamilyIfNone,
  insertVisit,
  listAssistance,
  listFamilies,
  listVisits,
  relatedFamilies,
} from './care.repository.js';
import type {
  AssistanceRequest,
  EndRequest,
  FamilyQuery,
  FlagRequest,
  PeriodQuery,
  VisitRequest,
} from './care.schemas.js';
import type { CareCategory, FundSource } from './care.tables.js';

/** The caller as the service needs it: the console acts as the county with no user id. */
export type Caller = Pick<CurrentUser, 'countyCode' | 'unitPath'> & { id: string | null };

export const CATEGORY_ZH: Record<CareCategory, string> = {
  hardship: '困难家庭',
  only_child_died: '独生子女死亡家庭',
  only_child_disabled: '独生子女伤残家庭',
};
export const FUND_SOURCE_ZH: Record<FundSource, string> = {
  county_finance: '县级财政',
  health_commission: '卫健部门',
  family_planning_association: '计生协会',
  charity: '社会捐助',
  township: '乡镇',
  other: '其他',
};

function notFuture(field: string, what: string, date: string) {
  if (date > clock.today()) throw InvalidInputError.field(field, `${what}不能晚于今天`);
}

async function getFamily(db: Db, caller: Caller, id: string) {
  const f = await findFamily(db, caller.countyCode, caller.unitPath, id);
  if (!f) throw new NotFoundError('关怀对象');
  return f;
}

/** The register, filtered and paged (audited like a registry search: who looked for which families). */
export async function searchFamilies(db: Db, caller: Caller, actor: Actor, q: FamilyQuery) {
  const { total, rows } = await listFamilies(db, caller.countyCode, caller.unitPath, q);
  await recordAudit(db, actor, {
    action: 'care.family.search',
    objectType: 'care_family',
    detail: { ...q, results: total },
  });
  return { total, page: q.page, pageSize: q.pageSize, items: rows.map(({ unitPath: _p, ...r }) => r) };
}

/**
 * A family's file: the flag, the other flags of the household or couple, visits and assistance
 * (audited: who opened which family).
 * @throws NotFoundError for a family outside the caller's units
 */
export async function getFamilyDetail(db: Db, caller: Caller, actor: Actor, id: string) {
  const f = await getFamily(db, caller, id);
  const [related, visits, assistance] = await Promise.all([
    relatedFamilies(db, caller.countyCode, caller.unitPath, f),
    listVisits(db, caller.countyCode, caller.unitPath, { familyId: id, limit: 2000 }),
    listAssistance(db, caller.countyCode, caller.unitPath, { familyId: id, limit: 2000 }),
  ]);
  await recordAudit(db, actor, { action: 'care.family.view', objectType: 'care_family', objectId: id });
  const { unitPath: _p, ...family } = f;
  return {
    family,
    related: related.map(({ unitPath: _q, ...r }) => r),
    visits,
    assistance,
    assistanceFen: assistance.reduce((s, a) => s + a.amountFen, 0),
  };
}

/**
 * Flags a family by staff: the parent must be a living person of the caller's units.
 * @throws NotFoundError (personId) for a person outside the caller's units
 * @throws InvalidInputError (personId, flaggedOn) for a deceased or moved-out person, a future date
 * @throws ConflictError (category) when the person already has an open flag of the category
 */
export async function flagFamily(db: Db, caller: Caller, actor: Actor, req: FlagRequest) {
  const flaggedOn = req.flaggedOn ?? clock.today();
  notFuture('flaggedOn', '列入日期', flaggedOn);
  const person = await db
    .selectFrom('person as p')
    .innerJoin('orgUnit as u', 'u.id', 'p.hukouUnitId')
    .select(['p.id', 'p.name', 'p.householdId', 'p.hukouUnitId', 'p.deathDate', 'p.leftDate', 'u.path'])
    .where('p.countyCode', '=', caller.countyCode)
    .where('p.id', '=', req.personId)
    .executeTakeFirst();
  if (!person || !person.path.startsWith(caller.unitPath)) throw new NotFoundError('人员');
  if (person.deathDate)
    throw InvalidInputError.field('personId', `${person.name}已于${person.deathDate}死亡，不能列入`);
  if (person.leftDate)
    throw InvalidInputError.field('personId', `${person.name}已于${person.leftDate}迁出本县，不能列入`);

  return db.transaction().execute(async (tx) => {
    const open = await findOpenFlag(tx, person.id, req.category);
    const conflict = () =>
      new ConflictError(`${person.name}已在册（${CATEGORY_ZH[req.category]}），请勿重复列入`).withField('category');
    if (open) throw conflict();
    const id = randomUUID();
    const inserted = await insertFamilyIfNone(tx, {
      id,
      countyCode: caller.countyCode,
      personId: person.id,
      householdId: person.householdId,
      unitId: person.hukouUnitId,
      category: req.category,
      source: 'staff',
      reason: req.reason,
      flaggedOn,
      flaggedBy: caller.id,
    });
    if (!inserted) throw conflict();
    await recordAudit(tx, actor, {
      action: 'care.family.flag',
      objectType: 'care_family',
      objectId: id,
      detail: { personId: person.id, category: req.category, reason: req.reason, flaggedOn },
    });
    return { id, version: 1 };
  });
}

/**
 * Ends a family's flag with a reason.
 * @throws NotFoundError for a family outside the caller's units
 * @throws InvalidInputError (endedOn) for a future date or one before the flag
 * @throws ConflictError (version) when ended already or changed since it was read
 */
export async function endFamilyFlag(db: Db, caller: Caller, actor: Actor, id: string, req: EndRequest) {
  const f = await getFamily(db, caller, id);
  const endedOn = req.endedOn ?? clock.today();
  notFuture('endedOn', '结束日期', endedOn);
  if (endedOn < f.flaggedOn) throw InvalidInputError.field('endedOn', `结束日期不能早于列入日期（${f.flaggedOn}）`);
  if (f.endedOn) throw new ConflictError(`该家庭的关怀已于${f.endedOn}结束`).withField('version');
  return db.transaction().execute(async (tx) => {
    if (!(await endFamily(tx, id, req.version, endedOn, req.reason)))
      throw new ConflictError('该记录已被他人修改，请刷新后重试').withField('version');
    await recordAudit(tx, actor, {
      action: 'care.family.end',
      objectType: 'care_family',
      objectId: id,
      detail: { endedOn, reason: req.reason, category: f.category, source: f.source },
    });
    return { id, version: req.version + 1, endedOn };
  });
}

/**
 * Records a visit to a family in the register.
 * @throws NotFoundError for a family outside the caller's units
 * @throws InvalidInputError (visitedOn) for a future date
 * @throws ConflictError when the family's care has ended
 */
export async function recordVisit(db: Db, caller: Caller, actor: Actor, familyId: string, req: VisitRequest) {
  const f = await getFamily(db, caller, familyId);
  notFuture('visitedOn', '走访日期', req.visitedOn);
  if (f.endedOn && req.visitedOn > f.endedOn)
    throw new ConflictError(`该家庭的关怀已于${f.endedOn}结束，不能登记之后的走访`).withField('visitedOn');
  const id = randomUUID();
  return db.transaction().execute(async (tx) => {
    await insertVisit(tx, {
      id,
      countyCode: caller.countyCode,
      familyId,
      visitedOn: req.visitedOn,
      visitors: req.visitors,
      needs: req.needs,
      notes: req.notes || null,
      recordedBy: caller.id,
      recordedAt: clock.now(),
    });
    await recordAudit(tx, actor, {
      action: 'care.visit.record',
      objectType: 'care_family',
      objectId: familyId,
      detail: { visitId: id, visitedOn: req.visitedOn, visitors: req.visitors },
    });
    return { id };
  });
}

/**
 * Grants assistance to a family whose care is open.
 * @throws NotFoundError for a family outside the caller's units
 * @throws InvalidInputError (grantedOn) for a future date
 * @throws ConflictError (familyId) when the family's care has ended
 */
export async function grantAssistance(db: Db, caller: Caller, actor: Actor, familyId: string, req: AssistanceRequest) {
  const f = await getFamily(db, caller, familyId);
  notFuture('grantedOn', '发放日期', req.grantedOn);
  if (f.endedOn) throw new ConflictError(`该家庭的关怀已于${f.endedOn}结束，不能再发放帮扶`).withField('familyId');
  const id = randomUUID();
  return db.transaction().execute(async (tx) => {
    await insertAssistance(tx, {
      id,
      countyCode: caller.countyCode,
      familyId,
      grantedOn: req.grantedOn,
      kind: req.kind,
      amountFen: req.amountFen,
      fundSource: req.fundSource,
      purpose: req.purpose,
      grantedBy: caller.id,
      recordedAt: clock.now(),
    });
    await recordAudit(tx, actor, {
      action: 'care.assistance.grant',
      objectType: 'care_family',
      objectId: familyId,
      detail: {
        assistanceId: id,
        grantedOn: req.grantedOn,
        kind: req.kind,
        amountFen: req.amountFen,
        fundSource: req.fundSource,
      },
    });
    return { id };
  });
}

/** Visits of the caller's units (audited: they say what a family needs). */
export async function searchVisits(db: Db, caller: Caller, actor: Actor, q: PeriodQuery) {
  const rows = await listVisits(db, caller.countyCode, caller.unitPath, q);
  await recordAudit(db, actor, {
    action: 'care.visit.search',
    objectType: 'care_visit',
    detail: { ...q, results: rows.length },
  });
  return rows;
}

/** Grants of the caller's units (audited). */
export async function searchAssistance(db: Db, caller: Caller, actor: Actor, q: PeriodQuery) {
  const rows = await listAssistance(db, caller.countyCode, caller.unitPath, q);
  await recordAudit(db, actor, {
    action: 'care.assistance.search',
    objectType: 'care_assistance',
    detail: { ...q, results: rows.length },
  });
  return rows;
}

export type TotalsRow = {
  year: number;
  townshipId: string;
  townshipName: string;
  fundSource: FundSource;
  grants: number;
  families: number;
  amountFen: number;
};

/** Assistance per year, township and fund source in the caller's units, with the grand total. */
export async function getTotals(db: Db, caller: Caller, year?: number) {
  const rows = await assistanceTotals(db, caller.countyCode, caller.unitPath, year);
  const county = caller.countyCode;
  const names = new Map(
    (await listUnitsUnder(db, `/${county}/`, true)).filter((u) => u.level === 'township').map((u) => [u.id, u.name]),
  );
  const items: TotalsRow[] = rows.map((r) => ({ ...r, townshipName: names.get(r.townshipId) ?? r.townshipId }));
  return {
    year: year ?? null,
    items,
    totalFen: items.reduce((s, r) => s + r.amountFen, 0),
    grants: items.reduce((s, r) => s + r.grants, 0),
  };
}

const yuan = (fen: number) => `${Math.trunc(fen / 100)}.${String(Math.abs(fen % 100)).padStart(2, '0')}`;

/** The totals as a workbook: one row per year and township, a column per fund source (amounts in yuan). */
export async function totalsWorkbook(db: Db, caller: Caller, actor: Actor, year?: number) {
  const t = await getTotals(db, caller, year);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('帮扶资金');
  const sources = Object.keys(FUND_SOURCE_ZH) as FundSource[];
  ws.addRow([safeCell(`生育关怀帮扶资金统计${year ? `（${year}年）` : ''}（单位：元）`)]).font = {
    bold: true,
    size: 14,
  };
  ws.addRow(['年度', '乡镇', ...sources.map((s) => FUND_SOURCE_ZH[s]), '合计', '发放笔数']).font = {
    bold: true,
  };
  const groups = new Map<string, TotalsRow[]>();
  for (const r of t.items) {
    const k = `${r.year}|${r.townshipId}`;
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  for (const rs of groups.values()) {
    const fen = (s: FundSource) => rs.filter((r) => r.fundSource === s).reduce((a, r) => a + r.amountFen, 0);
    const total = rs.reduce((a, r) => a + r.amountFen, 0);
    ws.addRow([
      rs[0]!.year,
      safeCell(rs[0]!.townshipName),
      ...sources.map((s) => Number(yuan(fen(s)))),
      Number(yuan(total)),
      rs.reduce((a, r) => a + r.grants, 0),
    ]);
  }
  const bySource = (s: FundSource) => t.items.filter((r) => r.fundSource === s).reduce((a, r) => a + r.amountFen, 0);
  ws.addRow(['合计', '', ...sources.map((s) => Number(yuan(bySource(s)))), Number(yuan(t.totalFen)), t.grants]).font = {
    bold: true,
  };
  for (let c = 3; c <= sources.length + 3; c++) ws.getColumn(c).numFmt = '#,##0.00';
  ws.getColumn(2).width = 16;
  const buffer = Buffer.from(await wb.xlsx.writeBuffer());
  await recordAudit(db, actor, {
    action: 'care.totals.export',
    objectType: 'care_assistance',
    detail: { year: year ?? null, rows: groups.size, format: 'xlsx' },
  });
  const name = `生育关怀帮扶资金_${year ?? '全部年度'}.xlsx`;
  return { buffer, filename: name, asciiFilename: `care-assistance-${year ?? 'all'}.xlsx` };
}
