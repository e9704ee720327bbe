/**
 * Free health services as a source of the indicator catalogue (indicators/indicator.catalog.services.ts):
 * screening coverage against the registry's target groups (health.targets.ts), the follow-up of
 * positive findings and follow-ups closed on time, counted per period and unit exactly as the
 * drill-down lists them (docs/indicators.md, "Health services, care, petitions and cases").
 *
 * A positive finding is a service with an abnormal result, in the period of the service and for
 * the village that recorded it; it is followed up when its follow-up had a contact or was closed
 * (as the follow-up stands today). A follow-up counts in the period of the earlier of its closing
 * and its due date, for its unit: one closed by its due date counts when it closed (on time), one
 * that ran past its due date counts when it fell due (late), one still open and not yet due not
 * at all. Voided services count nowhere. Drill-downs list persons and services, never findings.
 */
import { sql, type RawBuilder } from 'kysely';
import type { DbOrTx } from '../db/database.js';
import {
  SCREENING_KEYS,
  type ScreeningKind,
  type ServiceCountKey,
  type ServiceRecordSet,
} from '../indicators/indicator.catalog.services.js';
import type { Basis, UnitFilter } from '../indicators/indicator.repository.js';
import type { Period } from '../indicators/periods.js';
import { countTargets, targetPage } from './health.targets.js';

/** Counts of one period (1-based) and unit, by count key. */
export type HealthCountRow = { period: number; unitId: string } & Partial<Record<ServiceCountKey, number>>;

type Span = Pick<Period, 'start' | 'end'>;
const unitIn = (column: RawBuilder<unknown>, units: UnitFilter) =>
  units ? sql`AND ${column} = ANY(${units}::text[])` : sql``;

/** Abnormal results of services not voided, in the period (a condition on hs). */
const positives = (countyCode: string, p: Span, units: UnitFilter) => sql`
  hs.county_code = ${countyCode} AND hs.result = 'abnormal' AND hs.voided_at IS NULL
  AND hs.served_on BETWEEN ${p.start}::date AND ${p.end}::date ${unitIn(sql`hs.unit_id`, units)}`;

const FOLLOWED_UP = sql`EXISTS (SELECT 1 FROM health_followup f WHERE f.service_id = hs.id
  AND (f.status = 'closed' OR EXISTS (SELECT 1 FROM health_followup_event fe WHERE fe.followup_id = f.id)))`;

/** Follow-ups of services not voided that closed or fell due (before today) in the period (a condition on f and hs). */
const followupsDue = (countyCode: string, p: Span, units: UnitFilter, today: string) => sql`
  f.county_code = ${countyCode} AND hs.voided_at IS NULL
  AND least(coalesce(f.closed_on, f.due_on), f.due_on) BETWEEN ${p.start}::date AND ${p.end}::date
  AND (f.closed_on IS NOT NULL OR f.due_on < ${today}::date) ${unitIn(sql`f.unit_id`, units)}`;
const FOLLOWUP_FROM = sql`FROM health_followup f JOIN health_service hs ON hs.id = f.service_id`;

const CLOSED_ON_TIME = sql`f.closed_on <= f.due_on`;

/**
 * Counts per period and unit: target and covered of the screenings asked (`kinds`), and with
 * `followups` the positive findings and follow-ups.
 */
export async function countHealth(
  db: DbOrTx,
  q: {
    countyCode: string;
    periods: Period[];
    units: UnitFilter;
    basis: Basis;
    today: string;
    kinds: Array<{ kind: ScreeningKind; cycleYears?: number }>;
    followups: boolean;
  },
): Promise<HealthCountRow[]> {
  const [targets, followups] = await Promise.all([
    countTargets(db, q),
    q.followups ? countFollowups(db, q) : Promise.resolve([]),
  ]);
  return [
    ...targets.map((r): HealthCountRow => {
      const key = SCREENING_KEYS[r.kind];
      return { period: r.period, unitId: r.unitId, [`${key}Target`]: r.target, [`${key}Covered`]: r.covered };
    }),
    ...followups,
  ];
}

/** Positive findings and follow-ups per period (1-based) and unit, in one statement. */
async function countFollowups(
  db: DbOrTx,
  q: { countyCode: string; periods: Period[]; units: UnitFilter; today: string },
): Promise<HealthCountRow[]> {
  const branches = q.periods.flatMap((p, i) => [
    sql`SELECT ${i + 1}::int AS period, hs.unit_id, count(*)::int AS positive_findings,
               count(*) FILTER (WHERE ${FOLLOWED_UP})::int AS positive_followed_up,
               0 AS followups_due, 0 AS followups_closed_on_time
          FROM health_service hs WHERE ${positives(q.countyCode, p, q.units)} GROUP BY hs.unit_id`,
    sql`SELECT ${i + 1}::int AS period, f.unit_id, 0, 0, count(*)::int,
               count(*) FILTER (WHERE ${CLOSED_ON_TIME})::int
          ${FOLLOWUP_FROM} WHERE ${followupsDue(q.countyCode, p, q.units, q.today)} GROUP BY f.unit_id`,
  ]);
  const res = await sql<HealthCountRow>`
    SELECT period, unit_id, sum(positive_findings)::int AS positive_findings, sum(positive_followed_up)::int AS positive_followed_up,
           sum(followups_due)::int AS followups_due, sum(followups_closed_on_time)::int AS followups_closed_on_time
      FROM (${sql.join(branches, sql` UNION ALL `)}) x GROUP BY period, unit_id`.execute(db);
  return res.rows;
}

type RecordsQuery = {
  countyCode: string;
  period: Period;
  units: UnitFilter;
  basis: Basis;
  today: string;
  scope: (unitColumn: RawBuilder<unknown>) => RawBuilder<unknown>;
  limit: number;
  offset: number;
};

/** A page of the records behind a health figure: persons of a target group, positive findings or follow-ups. */
export async function healthRecords(
  db: DbOrTx,
  set: Extract<ServiceRecordSet, { kind: 'screening' | 'positiveFindings' | 'followups' }>,
  q: RecordsQuery,
) {
  if (set.kind === 'screening') return screeningRecords(db, set.screening, set.filter, set.cycleYears, q);
  const from = set.kind === 'positiveFindings' ? sql`FROM health_service hs` : FOLLOWUP_FROM;
  const where =
    set.kind === 'positiveFindings'
      ? sql`${positives(q.countyCode, q.period, q.units)} ${set.filter === 'followedUp' ? sql`AND ${FOLLOWED_UP}` : sql``}`
      : sql`${followupsDue(q.countyCode, q.period, q.units, q.today)} ${set.filter === 'closedOnTime' ? sql`AND ${CLOSED_ON_TIME}` : sql``}`;
  const unit = set.kind === 'positiveFindings' ? sql`hs.unit_id` : sql`f.unit_id`;
  const counts = await sql<{ total: number; visible: number }>`
    SELECT count(*)::int AS total, count(*) FILTER (WHERE ${q.scope(unit)})::int AS visible ${from} WHERE ${where}`.execute(
    db,
  );
  // The follow-up's state and dates, and how many contacts it had: never the findings or notes.
  const followup =
    set.kind === 'positiveFindings'
      ? sql`LEFT JOIN LATERAL (SELECT * FROM health_followup f WHERE f.service_id = hs.id ORDER BY f.opened_on DESC LIMIT 1) fu ON true`
      : sql`CROSS JOIN LATERAL (SELECT f.*) fu`;
  const items = await sql<Record<string, unknown>>`
    SELECT hs.id AS service_id, hs.kind AS service_kind, hs.served_on, hs.place, hs.provider,
           p.id AS person_id, p.name, p.id_number_masked, p.sex, p.birth_date, ${unit} AS unit_id, u.name AS unit_name,
           fu.id AS followup_id, fu.status AS followup_status, fu.opened_on, fu.due_on, fu.closed_on,
           (SELECT count(*)::int FROM health_followup_event fe WHERE fe.followup_id = fu.id) AS contacts
      ${from}
      JOIN person p ON p.id = hs.person_id
      ${followup}
      LEFT JOIN org_unit u ON u.id = ${unit}
     WHERE ${where} AND ${q.scope(unit)}
     ORDER BY hs.served_on, u.path, p.name, hs.id LIMIT ${q.limit} OFFSET ${q.offset}`.execute(db);
  return { ...counts.rows[0]!, items: items.rows };
}

async function screeningRecords(
  db: DbOrTx,
  kind: ScreeningKind,
  filter: 'target' | 'covered',
  cycleYears: number | undefined,
  q: RecordsQuery,
) {
  const page = await targetPage(db, {
    countyCode: q.countyCode,
    kind,
    period: q.period,
    basis: q.basis,
    units: q.units,
    cycleYears,
    covered: filter === 'covered' ? 'true' : 'all',
    scope: q.scope,
    limit: q.limit,
    offset: q.offset,
  });
  return { total: page.total, visible: page.visible, items: page.items };
}
