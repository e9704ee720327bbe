/**
 * Data quality for the caller's area: alerts (list, detail, acknowledge, dismiss), the violations
 * of the consistency rules, the completeness and timeliness of village reporting, funnel plots.
 * Every read is limited to the caller's unit subtree; an alert or unit outside it answers like
 * one that does not exist. Acknowledging and dismissing write an audit row in the same
 * transaction; listing violations is audited like a search (it names persons).
 */
import type { CurrentUser } from '../accounts/session.service.js';
import type { Actor } from '../audit/audit.service.js';
import { recordAudit } from '../audit/audit.service.js';
import type { Db, DbOrTx } from '../db/database.js';
import type { AlertStatus } from '../db/schema.js';
import { clock } from '../lib/clock.js';
import { ConflictError, InvalidInputError, NotFoundError } from '../lib/errors.js';
import type { Sealer } from '../lib/sealing.js';
import { getUnitInScope } from '../org/org.service.js';
import { countyCounts, expectedBirths, funnel, usableYears } from './quality.anomalies.js';
import { idNumberViolations } from './quality.idcheck.js';
import {
  countAlerts,
  describeViolations,
  findAlert,
  lastScan,
  listAlerts,
  listViolations,
  reportingByVillage,
  setAlertStatus,
  unitIdsAt,
  type AlertRow,
  type ViolationItem,
} from './quality.repository.js';
import { CURRENT, RULES, ruleByCode } from './quality.rules.js';
import type { AlertQuery, CompletenessQuery, FunnelQuery, ViolationQuery } from './quality.schemas.js';
import { CHECKS, periodLabel, runScan, TIMELY_DAYS } from './quality.scan.js';
import { NONE_P } from './quality.statistics.js';

type User = Pick<CurrentUser, 'unitPath' | 'unitId' | 'countyCode'>;

/** The unit a request is about: the one asked (within scope) or the caller's own. @throws NotFoundError */
async function unitOf(db: DbOrTx, user: User, unitId: string | undefined) {
  return getUnitInScope(db, user, unitId ?? user.unitId);
}

/** An alert as lists show it (the dashboard's contract: id, kind, code, severity, unit, period, title, message, status, detectedAt, link). */
function alertItem(a: AlertRow) {
  return {
    id: a.id,
    kind: a.kind,
    code: a.code,
    severity: a.severity,
    unitId: a.unitId,
    unitName: a.unitName,
    period: a.period,
    title: a.title,
    message: a.message,
    status: a.status,
    detectedAt: a.detectedAt.toISOString(),
    firstDetectedAt: a.firstDetectedAt.toISOString(),
    resolvedAt: a.resolvedAt?.toISOString() ?? null,
    link: `/quality/alerts/${a.id}`,
  };
}

/** Alerts at or below a unit of the caller's area, filtered and paged. @throws NotFoundError */
export async function listAlertsFor(db: Db, user: User, q: AlertQuery) {
  const unit = await unitOf(db, user, q.unitId);
  const { total, items } = await listAlerts(
    db,
    { unitPath: unit.path, status: q.status, severity: q.severity, kind: q.kind, code: q.code, period: q.period },
    q.page,
    q.pageSize,
  );
  return { total, page: q.page, pageSize: q.pageSize, items: items.map(alertItem) };
}

/** Counts by status and severity, and the last scan, for the page's header. @throws NotFoundError */
export async function alertSummary(db: Db, user: User, unitId?: string) {
  const unit = await unitOf(db, user, unitId);
  const rows = await countAlerts(db, unit.path);
  const scan = await lastScan(db, unit.countyCode);
  return {
    unit: { id: unit.id, name: unit.name, level: unit.level },
    counts: rows.map((r) => ({ status: r.status, severity: r.severity, n: Number(r.n) })),
    lastScan: scan
      ? {
          startedAt: scan.startedAt.toISOString(),
          finishedAt: scan.finishedAt?.toISOString() ?? null,
          periods: scan.periods.split(','),
          trigger: scan.trigger,
          userName: scan.userName,
          counts: scan.counts,
        }
      : null,
  };
}

async function alertInScope(db: DbOrTx, user: User, id: string, forUpdate = false) {
  const a = await findAlert(db, id, forUpdate);
  if (!a || !a.unitPath.startsWith(user.unitPath)) throw new NotFoundError('预警');
  return a;
}

const describeCode = (kind: string, code: string) => {
  if (kind === 'rule') {
    const r = ruleByCode.get(code);
    return r ? { nameZh: r.nameZh, nameEn: r.nameEn, descriptionZh: r.descriptionZh } : null;
  }
  const c = CHECKS[code as keyof typeof CHECKS];
  return c ? { nameZh: c.nameZh, nameEn: c.nameEn } : null;
};

/** One alert with what it rests on. @throws NotFoundError outside the caller's area */
export async function getAlert(db: Db, user: User, id: string) {
  const a = await alertInScope(db, user, id);
  return {
    ...alertItem(a),
    periodLabel: periodLabel(a.period),
    check: describeCode(a.kind, a.code),
    detail: a.detail,
    note: a.note,
    actedBy: a.actedByName,
    actedAt: a.actedAt?.toISOString() ?? null,
    version: a.version,
  };
}

const NEXT: Record<'acknowledge' | 'dismiss' | 'reopen', { from: AlertStatus[]; to: AlertStatus }> = {
  acknowledge: { from: ['open'], to: 'acknowledged' },
  dismiss: { from: ['open', 'acknowledged'], to: 'dismissed' },
  reopen: { from: ['acknowledged', 'dismissed'], to: 'open' },
};
const STATUS_ZH: Record<AlertStatus, string> = {
  open: '待处理',
  acknowledged: '已知悉',
  dismissed: '已排除',
  resolved: '已消除',
};

/**
 * Acknowledges ("seen, being fixed"), dismisses ("not an error": the note says why) or reopens an
 * alert, with a note, audited in the same transaction.
 * @throws NotFoundError outside the caller's area, ConflictError when the alert is not in a state that allows it
 */
export async function actOnAlert(
  db: Db,
  user: User & { id: string },
  actor: Actor,
  id: string,
  action: keyof typeof NEXT,
  note: string,
) {
  await db.transaction().execute(async (tx) => {
    const a = await alertInScope(tx, user, id, true);
    const step = NEXT[action];
    if (!step.from.includes(a.status))
      throw new ConflictError(
        `该预警当前为“${STATUS_ZH[a.status]}”，不能${action === 'acknowledge' ? '标记为已知悉' : action === 'dismiss' ? '排除' : '重新打开'}`,
      ).withField('status');
    await setAlertStatus(tx, id, step.to, note, user.id, clock.now());
    await recordAudit(tx, actor, {
      action: `quality.alert.${action}`,
      objectType: 'quality_alert',
      objectId: id,
      detail: { from: a.status, to: step.to, note, code: a.code, unitId: a.unitId, period: a.period },
    });
  });
  return getAlert(db, user, id);
}

/** Runs a scan of the caller's county. */
export async function scanNow(db: Db, sealer: Sealer, user: User, actor: Actor, years?: number[]) {
  const today = clock.today();
  if (years && usableYears(years, today).length === 0)
    throw InvalidInputError.field('years', '所选年份无法扫描（应在2000年至今年之间）');
  return runScan(db, sealer, { countyCode: user.countyCode, years, trigger: 'manual', actor });
}

/** The rules and checks, for the page and the docs. */
export function catalog() {
  return {
    rules: RULES.map((r) => ({
      code: r.code,
      nameZh: r.nameZh,
      nameEn: r.nameEn,
      descriptionZh: r.descriptionZh,
      severity: r.severity,
      scope: r.scope,
    })),
    checks: Object.entries(CHECKS).map(([code, c]) => ({ code, ...c })),
  };
}

function violationItem(v: ViolationItem) {
  const rule = ruleByCode.get(v.rule)!;
  return {
    rule: v.rule,
    ruleName: rule.nameZh,
    severity: rule.severity,
    unitId: v.villageId,
    unitName: v.unitName,
    period: v.period,
    personId: v.personId,
    personName: v.personName,
    idNumberMasked: v.idNumberMasked,
    eventId: v.eventId,
    eventType: v.eventType,
    eventDate: v.onDate,
    reportId: v.reportId,
    value: v.value,
    message: rule.explain(v.value),
    link: v.reportId ? `/reports/${v.reportId}` : `/persons/${v.personId}`,
    personLink: `/persons/${v.personId}`,
  };
}

/**
 * Violations of one rule (or all) at or below a unit, paged, masked ID numbers only; audited.
 * @throws NotFoundError for a unit outside the caller's area
 */
export async function violationsFor(db: Db, sealer: Sealer, user: User, actor: Actor, q: ViolationQuery) {
  const unit = await unitOf(db, user, q.unitId);
  const today = clock.today();
  // Below the county, each rule reads only the unit's own records (index on the unit), not the county's.
  const units = unit.level === 'county' ? null : await unitIdsAt(db, unit.path);
  const filter = {
    countyCode: unit.countyCode,
    today,
    years: q.period && q.period !== CURRENT ? [Number(q.period)] : null,
    units,
  };
  const codes = q.rule ? [q.rule] : RULES.map((r) => r.code);
  const sqlCodes = codes.filter((c) => c !== 'idNumberMismatch');
  let result: { total: number; items: ViolationItem[] };
  const wantsId = codes.includes('idNumberMismatch') && (!q.period || q.period === CURRENT);
  if (!wantsId) {
    result = await listViolations(db, {
      codes: sqlCodes,
      filter,
      unitPath: unit.path,
      period: q.period,
      page: q.page,
      pageSize: q.pageSize,
    });
  } else {
    // The ID-number rule is computed in memory: its rows come after the SQL rules' rows.
    const idRows = await describeViolations(db, await idNumberViolations(db, sealer, unit.countyCode, units));
    const head = sqlCodes.length
      ? await listViolations(db, {
          codes: sqlCodes,
          filter,
          unitPath: unit.path,
          period: q.period,
          page: q.page,
          pageSize: q.pageSize,
        })
      : { total: 0, items: [] };
    const offset = (q.page - 1) * q.pageSize;
    const fromId = Math.max(0, offset - head.total);
    const room = q.pageSize - head.items.length;
    result = {
      total: head.total + idRows.length,
      items: [...head.items, ...(room > 0 ? idRows.slice(fromId, fromId + room) : [])],
    };
  }
  await recordAudit(db, actor, {
    action: 'quality.violations',
    objectType: 'org_unit',
    objectId: unit.id,
    detail: {
      rule: q.rule ?? null,
      period: q.period ?? null,
      page: q.page,
      results: result.items.length,
      total: result.total,
    },
  });
  return {
    unit: { id: unit.id, name: unit.name, level: unit.level },
    total: result.total,
    page: q.page,
    pageSize: q.pageSize,
    items: result.items.map(violationItem),
  };
}

/**
 * Completeness and timeliness of reporting per village and township for a year: reports
 * confirmed and how many within 30 days, still waiting (and how long), returned, and births
 * against those expected from the county's rate (P(0) when none came).
 * @throws NotFoundError, InvalidInputError for a year that cannot be computed
 */
export async function completenessFor(db: Db, user: User, q: CompletenessQuery) {
  const unit = await unitOf(db, user, q.unitId);
  const today = clock.today();
  if (!usableYears([q.year], today).length) throw InvalidInputError.field('year', '年份应在2000年至今年之间');
  const cc = await countyCounts(db, unit.countyCode, [q.year], today);
  const expected = expectedBirths(cc, q.year);
  const reporting = new Map(
    (await reportingByVillage(db, { countyCode: unit.countyCode, year: q.year, today, timelyDays: TIMELY_DAYS })).map(
      (r) => [r.villageId, r],
    ),
  );
  const empty = {
    submitted: 0,
    confirmed: 0,
    confirmedTimely: 0,
    pending: 0,
    pendingOldestDays: null as number | null,
    pendingOver30: 0,
    returnedNow: 0,
    everReturned: 0,
    cancelled: 0,
  };
  const rowOf = (u: (typeof cc.units)[number]) => {
    const villages =
      u.level === 'village' ? [u] : cc.units.filter((v) => v.level === 'village' && v.path.startsWith(u.path));
    const r = { ...empty };
    for (const v of villages) {
      const x = reporting.get(v.id);
      if (!x) continue;
      for (const k of [
        'submitted',
        'confirmed',
        'confirmedTimely',
        'pending',
        'pendingOver30',
        'returnedNow',
        'everReturned',
        'cancelled',
      ] as const)
        r[k] += x[k];
      if (x.pendingOldestDays !== null) r.pendingOldestDays = Math.max(r.pendingOldestDays ?? 0, x.pendingOldestDays);
    }
    const e = expected.get(u.id)!;
    return {
      unitId: u.id,
      unitName: u.name,
      level: u.level,
      parentId: u.parentId,
      ...r,
      timelyShare: r.confirmed > 0 ? r.confirmedTimely / r.confirmed : null,
      births: e.births,
      population: e.population,
      expectedBirths: e.expected,
      pNone: e.births === 0 ? e.pNone : null,
      silent: e.births === 0 && e.pNone < NONE_P && cc.periods.get(q.year)!.yearFraction >= 0.25,
    };
  };
  const rows = cc.units.filter(
    (u) => u.path.startsWith(unit.path) && (u.level === 'village' || u.level === 'township' || u.id === unit.id),
  );
  return {
    unit: { id: unit.id, name: unit.name, level: unit.level },
    year: q.year,
    running: cc.periods.get(q.year)!.running,
    timelyDays: TIMELY_DAYS,
    county: rowOf(cc.county),
    rows: rows.map(rowOf),
  };
}

/** The funnel plot of villages or townships at or below a unit, against the county. @throws NotFoundError, InvalidInputError */
export async function funnelFor(db: Db, user: User, q: FunnelQuery) {
  const unit = await unitOf(db, user, q.unitId);
  const today = clock.today();
  if (!usableYears([q.year], today).length) throw InvalidInputError.field('year', '年份应在2000年至今年之间');
  const cc = await countyCounts(db, unit.countyCode, [q.year], today);
  return {
    unit: { id: unit.id, name: unit.name, level: unit.level },
    ...funnel(cc, q.year, q.measure, q.level, unit.path),
  };
}
