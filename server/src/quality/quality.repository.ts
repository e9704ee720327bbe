/**
 * The SQL of data quality: alerts (list, fetch, upsert by key, resolve), violations of the
 * consistency rules (a union of the rules' SELECTs, scoped and paged), violation counts per
 * village and period for the scan, and reporting completeness per village. Nothing here decides
 * scope or policy: callers pass the unit path and the filters.
 */
import { sql, type RawBuilder } from 'kysely';
import type { DbOrTx } from '../db/database.js';
import type { AlertKind, AlertSeverity, AlertStatus } from '../db/schema.js';
import { escapeLike } from '../org/org.repository.js';
import { ruleSelect, villageColumn, villageJoin, type RuleFilter, type ViolationRow } from './quality.rules.js';

export type AlertRow = {
  id: string;
  countyCode: string;
  alertKey: string;
  kind: AlertKind;
  code: string;
  severity: AlertSeverity;
  unitId: string;
  unitName: string;
  unitPath: string;
  period: string;
  title: string;
  message: string;
  detail: unknown;
  status: AlertStatus;
  firstDetectedAt: Date;
  detectedAt: Date;
  resolvedAt: Date | null;
  note: string | null;
  actedBy: string | null;
  actedByName: string | null;
  actedAt: Date | null;
  version: number;
};

export type AlertFilter = {
  unitPath: string;
  status?: AlertStatus;
  severity?: AlertSeverity;
  kind?: AlertKind;
  code?: string;
  period?: string;
};

function alertBase(db: DbOrTx, f: AlertFilter) {
  let q = db
    .selectFrom('qualityAlert as a')
    .innerJoin('orgUnit as u', 'u.id', 'a.unitId')
    .where('u.path', 'like', `${escapeLike(f.unitPath)}%`);
  if (f.status) q = q.where('a.status', '=', f.status);
  if (f.severity) q = q.where('a.severity', '=', f.severity);
  if (f.kind) q = q.where('a.kind', '=', f.kind);
  if (f.code) q = q.where('a.code', '=', f.code);
  if (f.period) q = q.where('a.period', '=', f.period);
  return q;
}

const ALERT_COLUMNS = [
  'a.id',
  'a.countyCode',
  'a.alertKey',
  'a.kind',
  'a.code',
  'a.severity',
  'a.unitId',
  'u.name as unitName',
  'u.path as unitPath',
  'a.period',
  'a.title',
  'a.message',
  'a.detail',
  'a.status',
  'a.firstDetectedAt',
  'a.detectedAt',
  'a.resolvedAt',
  'a.note',
  'a.actedBy',
  'au.displayName as actedByName',
  'a.actedAt',
  'a.version',
] as const;

/** A page of alerts at or below a unit: open first, then by severity, newest first. */
export async function listAlerts(db: DbOrTx, f: AlertFilter, page: number, pageSize: number) {
  const total = await alertBase(db, f)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const items = await alertBase(db, f)
    .leftJoin('appUser as au', 'au.id', 'a.actedBy')
    .select(ALERT_COLUMNS)
    .orderBy(sql`CASE a.status WHEN 'open' THEN 0 WHEN 'acknowledged' THEN 1 ELSE 2 END`)
    .orderBy(sql`CASE a.severity WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END`)
    .orderBy('a.period', 'desc')
    .orderBy('u.path')
    .orderBy('a.code')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  return { total: Number(total.n), items: items as AlertRow[] };
}

/** Counts of alerts at or below a unit by status and severity (the page's summary). */
export async function countAlerts(db: DbOrTx, unitPath: string) {
  return alertBase(db, { unitPath })
    .select(['a.status', 'a.severity', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy(['a.status', 'a.severity'])
    .execute();
}

export async function findAlert(db: DbOrTx, id: string, forUpdate = false): Promise<AlertRow | undefined> {
  let q = db
    .selectFrom('qualityAlert as a')
    .innerJoin('orgUnit as u', 'u.id', 'a.unitId')
    .leftJoin('appUser as au', 'au.id', 'a.actedBy')
    .select(ALERT_COLUMNS)
    .where('a.id', '=', id);
  if (forUpdate) q = q.forUpdate('a');
  return (await q.executeTakeFirst()) as AlertRow | undefined;
}

export async function setAlertStatus(
  db: DbOrTx,
  id: string,
  status: AlertStatus,
  note: string,
  userId: string,
  at: Date,
) {
  await db
    .updateTable('qualityAlert')
    .set({ status, note, actedBy: userId, actedAt: at, version: sql`version + 1` })
    .where('id', '=', id)
    .execute();
}

/** What a scan found: one alert's content, identified by its stable key. */
export type Finding = {
  key: string;
  kind: AlertKind;
  code: string;
  severity: AlertSeverity;
  unitId: string;
  period: string;
  title: string;
  message: string;
  detail: Record<string, unknown>;
};

/**
 * Writes a scan's findings: new keys become open alerts; known ones get the new figures and a
 * new detected_at, and a resolved one opens again (acknowledged and dismissed ones keep their
 * status and note). Then every open or acknowledged alert of the scanned periods that the scan did
 * not find is resolved. Returns how many were created, reopened and resolved.
 */
export async function upsertFindings(
  db: DbOrTx,
  countyCode: string,
  periods: string[],
  findings: Finding[],
  at: Date,
  newId: () => string,
) {
  const keys = findings.map((f) => f.key);
  const existing = new Map(
    (keys.length
      ? await db
          .selectFrom('qualityAlert')
          .select(['id', 'alertKey', 'status'])
          .where('countyCode', '=', countyCode)
          .where('alertKey', 'in', keys)
          .execute()
      : []
    ).map((r) => [r.alertKey, r]),
  );
  let created = 0;
  let reopened = 0;
  for (let i = 0; i < findings.length; i += 200) {
    const chunk = findings.slice(i, i + 200);
    await db
      .insertInto('qualityAlert')
      .values(
        chunk.map((f) => ({
          id: existing.get(f.key)?.id ?? newId(),
          countyCode,
          alertKey: f.key,
          kind: f.kind,
          code: f.code,
          severity: f.severity,
          unitId: f.unitId,
          period: f.period,
          title: f.title,
          message: f.message,
          detail: JSON.stringify(f.detail),
          status: 'open' as const,
          firstDetectedAt: at,
          detectedAt: at,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['countyCode', 'alertKey']).doUpdateSet({
          severity: (eb) => eb.ref('excluded.severity'),
          title: (eb) => eb.ref('excluded.title'),
          message: (eb) => eb.ref('excluded.message'),
          detail: (eb) => eb.ref('excluded.detail'),
          detectedAt: (eb) => eb.ref('excluded.detectedAt'),
          status: sql`CASE WHEN quality_alert.status = 'resolved' THEN 'open' ELSE quality_alert.status END`,
          resolvedAt: sql`CASE WHEN quality_alert.status = 'resolved' THEN NULL ELSE quality_alert.resolved_at END`,
        }),
      )
      .execute();
    for (const f of chunk) {
      const was = existing.get(f.key);
      if (!was) created++;
      else if (was.status === 'resolved') reopened++;
    }
  }
  let resolve = db
    .updateTable('qualityAlert')
    .set({ status: 'resolved', resolvedAt: at, version: sql`version + 1` })
    .where('countyCode', '=', countyCode)
    .where('status', 'in', ['open', 'acknowledged'])
    .where('period', 'in', periods);
  if (keys.length) resolve = resolve.where('alertKey', 'not in', keys);
  const resolved = await resolve.executeTakeFirst();
  return { created, reopened, resolved: Number(resolved.numUpdatedRows) };
}

export async function insertScan(
  db: DbOrTx,
  row: {
    id: string;
    countyCode: string;
    startedAt: Date;
    periods: string;
    trigger: 'manual' | 'schedule' | 'cli';
    userId: string | null;
  },
) {
  await db
    .insertInto('qualityScan')
    .values({ ...row, counts: '{}' })
    .execute();
}

export async function finishScan(db: DbOrTx, id: string, at: Date, counts: Record<string, unknown>) {
  await db
    .updateTable('qualityScan')
    .set({ finishedAt: at, counts: JSON.stringify(counts) })
    .where('id', '=', id)
    .execute();
}

export async function lastScan(db: DbOrTx, countyCode: string) {
  return db
    .selectFrom('qualityScan as s')
    .leftJoin('appUser as u', 'u.id', 's.userId')
    .select(['s.id', 's.startedAt', 's.finishedAt', 's.periods', 's.trigger', 's.counts', 'u.displayName as userName'])
    .where('s.countyCode', '=', countyCode)
    .where('s.finishedAt', 'is not', null)
    .orderBy('s.startedAt', 'desc')
    .limit(1)
    .executeTakeFirst();
}

// ---- violations ------------------------------------------------------------------------------

const unitsUnder = (path: string) => sql`(SELECT id FROM org_unit WHERE path LIKE ${`${escapeLike(path)}%`})`;

/** The union of the rules' SELECTs, each violation with its village. */
function violationUnion(codes: string[], f: RuleFilter): RawBuilder<ViolationRow & { villageId: string }> | null {
  const parts = codes.map((c) => ruleSelect(c, f)).filter((s): s is NonNullable<typeof s> => s !== null);
  if (!parts.length) return null;
  return sql`SELECT v.*, ${villageColumn('ou')} AS village_id FROM (${sql.join(parts, sql` UNION ALL `)}) v ${villageJoin('ou', sql`v.unit_id`)}`;
}

export type ViolationItem = ViolationRow & {
  villageId: string;
  unitName: string;
  personName: string | null;
  idNumberMasked: string | null;
  eventType: string | null;
};

/** A page of violations of the given SQL rules whose village lies under `unitPath`, with a period filter. */
export async function listViolations(
  db: DbOrTx,
  q: {
    codes: string[];
    filter: RuleFilter;
    unitPath: string;
    period?: string;
    page: number;
    pageSize: number;
    extra?: ViolationRow[];
  },
): Promise<{ total: number; items: ViolationItem[] }> {
  const union = violationUnion(q.codes, q.filter);
  const where = sql`WHERE x.village_id IN ${unitsUnder(q.unitPath)} ${q.period ? sql`AND x.period = ${q.period}` : sql``}`;
  const total = union
    ? Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM (${union}) x ${where}`.execute(db)).rows[0]!.n)
    : 0;
  const items = union
    ? (
        await sql<ViolationItem>`
      SELECT x.*, vu.name AS unit_name, p.name AS person_name, p.id_number_masked, e.type AS event_type
        FROM (${union}) x
        JOIN org_unit vu ON vu.id = x.village_id
        LEFT JOIN person p ON p.id = x.person_id
        LEFT JOIN vital_event e ON e.id = x.event_id
       ${where}
       ORDER BY x.period DESC, vu.path, x.rule, x.on_date, x.person_id
       LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`.execute(db)
      ).rows
    : [];
  return { total, items };
}

/** Names, masked ID numbers and villages of violations computed outside SQL (the ID-number rule). */
export async function describeViolations(db: DbOrTx, rows: ViolationRow[]): Promise<ViolationItem[]> {
  if (!rows.length) return [];
  const persons = await sql<{
    id: string;
    name: string;
    idNumberMasked: string | null;
    villageId: string;
    unitName: string;
  }>`
    SELECT p.id, p.name, p.id_number_masked, vu.id AS village_id, vu.name AS unit_name
      FROM person p ${villageJoin('pu', sql`p.hukou_unit_id`)} JOIN org_unit vu ON vu.id = ${villageColumn('pu')}
     WHERE p.id = ANY(${rows.map((r) => r.personId)}::uuid[])`.execute(db);
  const byId = new Map(persons.rows.map((p) => [p.id, p]));
  return rows.map((r) => {
    const p = byId.get(r.personId);
    return {
      ...r,
      villageId: p?.villageId ?? r.unitId,
      unitName: p?.unitName ?? '',
      personName: p?.name ?? null,
      idNumberMasked: p?.idNumberMasked ?? null,
      eventType: null,
    };
  });
}

export type ViolationCount = { rule: string; villageId: string; period: string; n: number };

/** Violations per rule, village and period: what the scan turns into alerts (one pass per rule). */
export async function countViolations(db: DbOrTx, codes: string[], f: RuleFilter): Promise<ViolationCount[]> {
  const out: ViolationCount[] = [];
  for (const code of codes) {
    const union = violationUnion([code], f);
    if (!union) continue;
    const res = await sql<ViolationCount>`
      SELECT x.rule, x.village_id, x.period, count(*)::int AS n FROM (${union}) x GROUP BY 1, 2, 3`.execute(db);
    out.push(...res.rows);
  }
  return out;
}

/** Village ids at or below a unit (for filtering violations computed in memory). */
export async function villageIdsUnder(db: DbOrTx, unitPath: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('orgUnit')
    .select('id')
    .where('path', 'like', `${escapeLike(unitPath)}%`)
    .where('level', '=', 'village')
    .execute();
  return new Set(rows.map((r) => r.id));
}

/** Unit ids (villages and their groups) at or below a unit: the SQL filter of the ID-number rule. */
export async function unitIdsAt(db: DbOrTx, unitPath: string): Promise<string[]> {
  const rows = await db
    .selectFrom('orgUnit')
    .select('id')
    .where('path', 'like', `${escapeLike(unitPath)}%`)
    .execute();
  return rows.map((r) => r.id);
}

// ---- completeness ----------------------------------------------------------------------------

export type ReportingRow = {
  villageId: string;
  submitted: number;
  confirmed: number;
  confirmedTimely: number;
  pending: number;
  pendingOldestDays: number | null;
  pendingOver30: number;
  returnedNow: number;
  everReturned: number;
  cancelled: number;
};

/**
 * Village reports of events in a year, per village: how many were confirmed and how many of
 * those reported within `timelyDays` of the event, how many still wait in the workflow (and the
 * longest wait since their last action), how many are back with the village, how many were ever
 * returned. Index-only on report_period_idx except the return history.
 */
export async function reportingByVillage(
  db: DbOrTx,
  q: { countyCode: string; year: number; today: string; timelyDays: number },
): Promise<ReportingRow[]> {
  const res = await sql<ReportingRow>`
    SELECT ${villageColumn('ru')} AS village_id,
           count(*)::int AS submitted,
           count(*) FILTER (WHERE r.status = 'confirmed')::int AS confirmed,
           count(*) FILTER (WHERE r.status = 'confirmed' AND r.reported_on - r.event_date <= ${q.timelyDays})::int AS confirmed_timely,
           count(*) FILTER (WHERE r.status IN ('submitted', 'township_approved'))::int AS pending,
           max(${q.today}::date - (r.updated_at AT TIME ZONE 'Asia/Shanghai')::date) FILTER (WHERE r.status IN ('submitted', 'township_approved'))::int AS pending_oldest_days,
           count(*) FILTER (WHERE r.status IN ('submitted', 'township_approved') AND ${q.today}::date - (r.updated_at AT TIME ZONE 'Asia/Shanghai')::date > 30)::int AS pending_over30,
           count(*) FILTER (WHERE r.status = 'returned')::int AS returned_now,
           count(*) FILTER (WHERE EXISTS (SELECT 1 FROM report_action a WHERE a.report_id = r.id AND a.action = 'return'))::int AS ever_returned,
           count(*) FILTER (WHERE r.status = 'cancelled')::int AS cancelled
      FROM report r ${villageJoin('ru', sql`r.unit_id`)}
     WHERE r.county_code = ${q.countyCode} AND r.event_date BETWEEN ${`${q.year}-01-01`}::date AND ${`${q.year}-12-31`}::date
     GROUP BY 1`.execute(db);
  return res.rows;
}

/** Reports waiting in the workflow more than `days` since their last action, per village (any event date). */
export async function stalledByVillage(db: DbOrTx, q: { countyCode: string; today: string; days: number }) {
  const res = await sql<{ villageId: string; n: number; oldestDays: number }>`
    SELECT ${villageColumn('ru')} AS village_id, count(*)::int AS n,
           max(${q.today}::date - (r.updated_at AT TIME ZONE 'Asia/Shanghai')::date)::int AS oldest_days
      FROM report r ${villageJoin('ru', sql`r.unit_id`)}
     WHERE r.county_code = ${q.countyCode} AND r.status IN ('submitted', 'township_approved', 'returned')
       AND ${q.today}::date - (r.updated_at AT TIME ZONE 'Asia/Shanghai')::date > ${q.days}
     GROUP BY 1`.execute(db);
  return res.rows;
}
