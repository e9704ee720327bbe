/**
 * Drill-down: the persons, events, department records and benefit payments behind a figure's
 * numerator or denominator. The records are
 * selected exactly as the figure counted them (same period, units, boundaries and population);
 * the caller then sees those within the registry's scope — a person belongs to the unit of their
 * current household registration — and a count of the rest (people who have since moved out of
 * the caller's area), never their names. Every page is audited like a search.
 */
import { sql, type RawBuilder } from 'kysely';
import type { CurrentUser } from '../accounts/session.service.js';
import type { Actor } from '../audit/audit.service.js';
import { recordAudit } from '../audit/audit.service.js';
import type { Db, DbOrTx } from '../db/database.js';
import { clock } from '../lib/clock.js';
import { paymentRecords } from '../benefits/benefit.indicators.js';
import type { Permission } from '../accounts/permissions.js';
import { careRecords } from '../care/care.indicators.js';
import { caseRecords } from '../cases/case.indicators.js';
import { healthRecords } from '../health/health.indicators.js';
import { ForbiddenError, InvalidInputError } from '../lib/errors.js';
import { findingRecords } from '../linkage/linkage.indicators.js';
import { petitionRecords } from '../petitions/petition.indicators.js';
import { unitIdsUnder } from '../org/org.repository.js';
import type { EventFilter, RecordSet } from './indicator.catalog.js';
import type { ServiceRecordSet } from './indicator.catalog.services.js';
import { TFR_MAX_AGE, TFR_MIN_AGE } from './indicator.formulas.js';
import { birthdayIn, type Basis, type UnitFilter } from './indicator.repository.js';
import { selectDefinitions, unitContext } from './indicator.service.js';
import type { Boundaries } from './indicator.units.js';
import { addDays, daysInMonth, isoDate, parsePeriod, type Period } from './periods.js';

export type RecordsQuery = {
  code: string;
  unitId: string;
  period: string;
  population: Basis;
  boundaries: Boundaries;
  part: 'numerator' | 'denominator';
  page: number;
  pageSize: number;
};

type Selection = {
  countyCode: string;
  period: Period;
  units: UnitFilter;
  basis: Basis;
  scopePath: string;
  db: DbOrTx;
  page: number;
  pageSize: number;
};

const FILTERS: Record<EventFilter, (days: number) => RawBuilder<unknown>> = {
  male: () => sql`e.child_sex = 1`,
  female: () => sql`e.child_sex = 2`,
  order1: () => sql`e.birth_order = 1`,
  order2: () => sql`e.birth_order = 2`,
  order3plus: () => sql`e.birth_order >= 3`,
  orderKnown: () => sql`e.birth_order IS NOT NULL`,
  defect: () => sql`e.has_defect`,
  reported: () => sql`e.reported_on IS NOT NULL`,
  timely: (days) => sql`e.reported_on - e.event_date <= ${days}`,
};

const page = (s: Selection) => sql`LIMIT ${s.pageSize} OFFSET ${(s.page - 1) * s.pageSize}`;
const inScope = (s: Selection, column: RawBuilder<unknown>) => sql`${column} IN (${unitIdsUnder(s.db, s.scopePath)})`;

async function eventRecords(s: Selection, set: Extract<RecordSet, { kind: 'events' }>, timelyDays: number) {
  const unit = s.basis === 'registered' ? sql`e.unit_id` : sql`coalesce(es.residence_unit_id, e.unit_id)`;
  const residence =
    s.basis === 'resident' ? sql`LEFT JOIN person_span es ON es.event_id = e.id AND es.person_id = e.person_id` : sql``;
  const where = sql`e.county_code = ${s.countyCode} AND e.event_date BETWEEN ${s.period.start}::date AND ${s.period.end}::date
    AND e.type = ANY(${set.types}::text[])
    ${s.units ? sql`AND ${unit} = ANY(${s.units}::text[])` : sql``}
    ${set.filter ? sql`AND ${FILTERS[set.filter](timelyDays)}` : sql``}`;
  const counts = await sql<{ total: number; visible: number }>`
    SELECT count(*)::int AS total, count(*) FILTER (WHERE ${inScope(s, sql`p.hukou_unit_id`)})::int AS visible
      FROM vital_event e ${residence} JOIN person p ON p.id = e.person_id WHERE ${where}`.execute(s.db);
  const items = await sql<Record<string, unknown>>`
    SELECT e.id AS event_id, e.type, e.event_date, e.reported_on, e.reported_on - e.event_date AS delay_days, e.report_id,
           ${unit} AS unit_id, u.name AS unit_name,
           p.id AS person_id, p.name, p.id_number_masked, p.sex, p.birth_date,
           e.birth_order, e.mother_age, e.has_defect, e.birth_weight_g, m.id AS mother_id, m.name AS mother_name
      FROM vital_event e ${residence}
      JOIN person p ON p.id = e.person_id
      LEFT JOIN person m ON m.id = e.other_person_id AND e.type = 'birth'
      LEFT JOIN org_unit u ON u.id = ${unit}
     WHERE ${where} AND ${inScope(s, sql`p.hukou_unit_id`)}
     ORDER BY e.event_date, e.id ${page(s)}`.execute(s.db);
  return { ...counts.rows[0]!, items: items.rows };
}

/** Persons registered (or resident) at the start or at the end of the period: the mean population's records. */
async function populationRecords(s: Selection) {
  const unit = s.basis === 'registered' ? sql`sp.hukou_unit_id` : sql`sp.residence_unit_id`;
  const b0 = s.period.startBoundary;
  const b1 = s.period.endBoundary;
  const d0 = isoDate(b0.year, b0.month, daysInMonth(b0.year, b0.month));
  const d1 = isoDate(b1.year, b1.month, daysInMonth(b1.year, b1.month));
  const covers = (d: string) =>
    sql`(sp.valid_from <= ${d}::date AND (sp.valid_to IS NULL OR sp.valid_to > ${d}::date))`;
  const members = sql`
    SELECT sp.person_id, bool_or(${covers(d0)}) AS at_start, bool_or(${covers(d1)}) AS at_end,
           (array_agg(${unit} ORDER BY sp.valid_from DESC))[1] AS unit_id
      FROM person_span sp
     WHERE sp.county_code = ${s.countyCode} AND sp.active AND (${covers(d0)} OR ${covers(d1)})
       ${s.units ? sql`AND ${unit} = ANY(${s.units}::text[])` : sql``}
     GROUP BY sp.person_id`;
  const counts = await sql<{ total: number; visible: number }>`
    SELECT count(*)::int AS total, count(*) FILTER (WHERE ${inScope(s, sql`p.hukou_unit_id`)})::int AS visible
      FROM (${members}) x JOIN person p ON p.id = x.person_id`.execute(s.db);
  const items = await sql<Record<string, unknown>>`
    SELECT p.id AS person_id, p.name, p.id_number_masked, p.sex, p.birth_date, x.unit_id, u.name AS unit_name, x.at_start, x.at_end
      FROM (${members}) x JOIN person p ON p.id = x.person_id LEFT JOIN org_unit u ON u.id = x.unit_id
     WHERE ${inScope(s, sql`p.hukou_unit_id`)}
     ORDER BY x.unit_id, p.name, p.id ${page(s)}`.execute(s.db);
  return { ...counts.rows[0]!, items: items.rows, startDate: d0, endDate: d1 };
}

/** Women who lived registered (or resident) at ages 15–49 in the period, with their days at those ages. */
async function womenRecords(s: Selection) {
  const unit = s.basis === 'registered' ? sql`sp.hukou_unit_id` : sql`sp.residence_unit_id`;
  const year = Number(s.period.start.slice(0, 4));
  const yearStart = isoDate(year, 1, 1);
  const women = sql`
    SELECT person_id, (array_agg(unit_id ORDER BY f DESC))[1] AS unit_id,
           sum(CASE WHEN age_after - 1 BETWEEN ${TFR_MIN_AGE} AND ${TFR_MAX_AGE} AND bday > f THEN least(t, bday) - f ELSE 0 END
             + CASE WHEN age_after BETWEEN ${TFR_MIN_AGE} AND ${TFR_MAX_AGE} AND t > bday THEN t - greatest(f, bday) ELSE 0 END)::int AS days
      FROM (SELECT sp.person_id, ${unit} AS unit_id,
                   greatest(sp.valid_from, ${s.period.start}::date) - ${yearStart}::date AS f,
                   least(coalesce(sp.valid_to, ${addDays(s.period.end, 1)}::date), ${addDays(s.period.end, 1)}::date) - ${yearStart}::date AS t,
                   ${year} - sp.birth_year AS age_after, ${birthdayIn(year)} AS bday
              FROM person_span sp
             WHERE sp.county_code = ${s.countyCode} AND sp.sex = 2 AND sp.active
               AND sp.birth_date > (${s.period.start}::date - make_interval(years => ${TFR_MAX_AGE + 1}))::date
               AND sp.birth_date <= (${s.period.end}::date - make_interval(years => ${TFR_MIN_AGE}))::date
               AND sp.valid_from <= ${s.period.end}::date AND (sp.valid_to IS NULL OR sp.valid_to > ${s.period.start}::date)
               ${s.units ? sql`AND ${unit} = ANY(${s.units}::text[])` : sql``}) w
     WHERE t > f
     GROUP BY person_id HAVING sum(CASE WHEN age_after - 1 BETWEEN ${TFR_MIN_AGE} AND ${TFR_MAX_AGE} AND bday > f THEN least(t, bday) - f ELSE 0 END
             + CASE WHEN age_after BETWEEN ${TFR_MIN_AGE} AND ${TFR_MAX_AGE} AND t > bday THEN t - greatest(f, bday) ELSE 0 END) > 0`;
  const counts = await sql<{ total: number; visible: number }>`
    SELECT count(*)::int AS total, count(*) FILTER (WHERE ${inScope(s, sql`p.hukou_unit_id`)})::int AS visible
      FROM (${women}) x JOIN person p ON p.id = x.person_id`.execute(s.db);
  const items = await sql<Record<string, unknown>>`
    SELECT p.id AS person_id, p.name, p.id_number_masked, p.sex, p.birth_date, x.unit_id, u.name AS unit_name, x.days
      FROM (${women}) x JOIN person p ON p.id = x.person_id LEFT JOIN org_unit u ON u.id = x.unit_id
     WHERE ${inScope(s, sql`p.hukou_unit_id`)}
     ORDER BY x.unit_id, p.name, p.id ${page(s)}`.execute(s.db);
  return { ...counts.rows[0]!, items: items.rows };
}

/** Department records (linkage findings) behind a linkage figure; in scope by the village they are about. */
async function findingsPage(s: Selection, set: Extract<RecordSet, { kind: 'findings' }>) {
  return findingRecords(s.db, {
    countyCode: s.countyCode,
    period: s.period,
    units: s.units,
    filter: set.filter,
    scope: inScope(s, sql`f.unit_id`),
    limit: s.pageSize,
    offset: (s.page - 1) * s.pageSize,
  });
}

/** Benefit payments behind a benefit figure; in scope by the payee's village at the payment. */
async function paymentsPage(s: Selection, set: Extract<RecordSet, { kind: 'payments' }>) {
  return paymentRecords(s.db, {
    countyCode: s.countyCode,
    period: s.period,
    units: s.units,
    filter: set.filter,
    scope: inScope(s, sql`p.unit_id`),
    limit: s.pageSize,
    offset: (s.page - 1) * s.pageSize,
  });
}

/**
 * Who may list the records of issue 7's sources (the figures themselves are for every reader of
 * indicators): health records (persons and services, never findings) for the health roles, care
 * families for the care staff, petitions for those who register or handle them, and 两非 cases
 * only for the case officers who handle them.
 */
const RECORD_PERMISSIONS: Record<ServiceRecordSet['kind'], Permission[]> = {
  screening: ['health.read', 'health.record', 'health.findings'],
  positiveFindings: ['health.read', 'health.record', 'health.findings'],
  followups: ['health.read', 'health.record', 'health.findings'],
  care: ['care.manage', 'care.grant'],
  petitions: ['petition.register', 'petition.handle'],
  cases: ['case.handle'],
};

/** Records of health, care, petitions and cases; in scope by the unit each counted for. */
async function servicePage(s: Selection, set: ServiceRecordSet) {
  const q = {
    countyCode: s.countyCode,
    period: s.period,
    units: s.units,
    basis: s.basis,
    today: clock.today(),
    scope: (column: RawBuilder<unknown>) => inScope(s, column),
    limit: s.pageSize,
    offset: (s.page - 1) * s.pageSize,
  };
  switch (set.kind) {
    case 'screening':
    case 'positiveFindings':
    case 'followups':
      return healthRecords(s.db, set, q);
    case 'care':
      return careRecords(s.db, set.filter, q);
    case 'petitions':
      return petitionRecords(s.db, set.filter, q);
    case 'cases':
      return caseRecords(s.db, set.filter, q);
  }
}

/**
 * A page of the records behind an indicator's numerator or denominator, within the caller's scope.
 * @throws NotFoundError for a unit outside the scope, InvalidInputError for a bad period or code, or
 *   the denominator of a total (a count or an amount has none), ForbiddenError for records of a
 *   source the caller's role may not list (RECORD_PERMISSIONS)
 */
export async function indicatorRecords(db: Db, user: CurrentUser, actor: Actor, q: RecordsQuery) {
  const today = clock.today();
  const period = parsePeriod(q.period, today);
  const [definition] = selectDefinitions([q.code], today, 'code');
  const part = definition![q.part];
  if (!part) throw InvalidInputError.field('part', `${definition!.nameZh}是合计数，没有分母`);
  const needs = RECORD_PERMISSIONS[part.records.kind as ServiceRecordSet['kind']] as Permission[] | undefined;
  if (needs && !needs.some((p) => user.permissions.includes(p))) {
    throw new ForbiddenError(`没有查看${definition!.nameZh}明细的权限`);
  }
  const ctx = await unitContext(db, user, q.unitId, 'none', q.boundaries, [period]);
  const s: Selection = {
    db,
    countyCode: ctx.countyCode,
    period,
    units: ctx.sourceUnits,
    basis: q.population,
    scopePath: user.unitPath,
    page: q.page,
    pageSize: q.pageSize,
  };
  const f = definition!.formula;
  const set = part.records;
  const result =
    set.kind === 'events'
      ? await eventRecords(s, set, f.kind === 'timeliness' ? f.days : 30)
      : set.kind === 'population'
        ? await populationRecords(s)
        : set.kind === 'findings'
          ? await findingsPage(s, set)
          : set.kind === 'payments'
            ? await paymentsPage(s, set)
            : set.kind === 'women'
              ? await womenRecords(s)
              : await servicePage(s, set);
  await recordAudit(db, actor, {
    action: 'indicator.records',
    objectType: 'indicator',
    objectId: definition!.code,
    detail: {
      unitId: q.unitId,
      period: q.period,
      part: q.part,
      population: q.population,
      boundaries: q.boundaries,
      page: q.page,
      results: result.visible,
      hidden: result.total - result.visible,
    },
  });
  return {
    indicator: {
      code: definition!.code,
      version: definition!.version,
      nameZh: definition!.nameZh,
      part: q.part,
      partNameZh: part.nameZh,
      records: set.kind,
    },
    unit: { id: ctx.targets[0]!.id, name: ctx.targets[0]!.name, level: ctx.targets[0]!.level },
    period: { code: period.code, start: period.start, end: period.end, running: period.running },
    population: q.population,
    boundaries: q.boundaries,
    total: result.total,
    /** Records counted in the figure but registered outside the caller's area today: counted, not listed. */
    hidden: result.total - result.visible,
    page: q.page,
    pageSize: q.pageSize,
    items: result.items,
  };
}
