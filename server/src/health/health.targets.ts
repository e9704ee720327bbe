/**
 * Target groups of the free health services, computed from the registry, so that coverage is
 * measured against the people who should have come and not against a typed number (issue 7;
 * docs/health.md, "Target groups and coverage"):
 *
 * | service                 | target group in a period and unit             | covered when                                            |
 * | cervical, breast cancer | women aged 35–64 living in the unit           | screened for it in the period (or the cycle, see below)  |
 * | gynecological           | women aged 20–64 living in the unit           | screened in the period                                    |
 * | prenatal_screening      | mothers of births in the period               | screened in the 280 days up to the birth                  |
 * | newborn_screening       | live births in the period                     | the child was screened (on or after the birth)            |
 * | premarital              | persons who married in the period             | checked, as person or partner, in the year up to it       |
 * | prepregnancy            | mothers of births in the period               | checked, as person or partner, in the 2 years before conception (birth − 280 days) |
 *
 * "Living in the unit" follows the registry figures: registered there (户籍), or living there
 * for the resident population (常住), read from person_span like the women of the fertility rate.
 * A woman counts when she was there in the period on an active state and was of the ages on some
 * day of it; once per period, for the unit of her last state in it. Births and marriages count
 * for the unit of the event (the village that registered it), as the birth figures do; a mother
 * with twins counts once; births whose mother is not in the registry cannot be checked and are
 * left out; both spouses of a marriage who are in the registry count. Voided services never
 * count. A service counts for the person whatever village recorded it.
 */
import { sql, type RawBuilder } from 'kysely';
import type { CurrentUser } from '../accounts/session.service.js';
import { recordAudit, type Actor } from '../audit/audit.service.js';
import type { Db, DbOrTx } from '../db/database.js';
import type { ScreeningKind } from '../indicators/indicator.catalog.services.js';
import type { Basis, UnitFilter } from '../indicators/indicator.repository.js';
import { unitContext } from '../indicators/indicator.service.js';
import { addDays, isoDate, parsePeriod, type Period } from '../indicators/periods.js';
import { clock } from '../lib/clock.js';
import { InvalidInputError } from '../lib/errors.js';

/** Days of a pregnancy counted back from the birth (40 weeks): the prenatal window and conception. */
export const PREGNANCY_DAYS = 280;

/** When a service counts, relative to the period or to the event (birth, marriage) that makes the target. */
export type ServiceWindow =
  /** Served in the period, or in the `cycleYears` years up to its end when a cycle is asked. */
  | { kind: 'period' }
  /** Served between `years`/`days` before the anchor and the anchor, the anchor being `anchorDays` before the event. */
  | { kind: 'before'; anchorDays: number; years?: number; days?: number }
  /** Served on or after the event (a newborn's screening, however late it is recorded). */
  | { kind: 'after' };

export type TargetRule = {
  population: 'women' | 'mothers' | 'births' | 'spouses';
  /** Ages of the women, inclusive (a woman of 64 is in, one of 65 is not). */
  minAge?: number;
  maxAge?: number;
  /** A service given to a couple counts for the partner too (partner_person_id). */
  asPartner: boolean;
  window: ServiceWindow;
};

export const TARGET_RULES: Record<ScreeningKind, TargetRule> = {
  cervical_cancer: { population: 'women', minAge: 35, maxAge: 64, asPartner: false, window: { kind: 'period' } },
  breast_cancer: { population: 'women', minAge: 35, maxAge: 64, asPartner: false, window: { kind: 'period' } },
  gynecological: { population: 'women', minAge: 20, maxAge: 64, asPartner: false, window: { kind: 'period' } },
  prenatal_screening: {
    population: 'mothers',
    asPartner: false,
    window: { kind: 'before', anchorDays: 0, days: PREGNANCY_DAYS },
  },
  newborn_screening: { population: 'births', asPartner: false, window: { kind: 'after' } },
  premarital: { population: 'spouses', asPartner: true, window: { kind: 'before', anchorDays: 0, years: 1 } },
  prepregnancy: {
    population: 'mothers',
    asPartner: true,
    window: { kind: 'before', anchorDays: PREGNANCY_DAYS, years: 2 },
  },
};

/** `date` moved by whole years; 29 February falls on 28 February (as PostgreSQL's intervals do). */
export function addYears(date: string, years: number): string {
  const y = Number(date.slice(0, 4)) + years;
  const m = Number(date.slice(5, 7));
  let d = Number(date.slice(8, 10));
  if (m === 2 && d === 29 && !(y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0))) d = 28;
  return isoDate(y, m, d);
}

/**
 * Birth dates of women who are of ages min..max on some day of the period: born after the
 * day (max + 1) years before its start (so still `max` on its first day) and at the latest
 * `min` years before its end (so `min` by its last day).
 */
export function womenBirthBounds(period: { start: string; end: string }, minAge: number, maxAge: number) {
  return { bornAfter: addYears(period.start, -(maxAge + 1)), bornBy: addYears(period.end, -minAge) };
}

/**
 * The days a screening of women counts in: the period; with a cycle of N years (a county
 * screening each woman once every 3 years, say), the N years up to the period's end, or the
 * period itself when that is longer.
 */
export function periodWindow(period: { start: string; end: string }, cycleYears?: number) {
  if (!cycleYears) return { from: period.start, to: period.end };
  const from = addDays(addYears(period.end, -cycleYears), 1);
  return { from: from < period.start ? from : period.start, to: period.end };
}

/** The days a service counts in for a target made by an event on `eventDate` (null: no limit). */
export function eventWindow(window: ServiceWindow, eventDate: string): { from: string; to: string | null } {
  if (window.kind === 'after') return { from: eventDate, to: null };
  if (window.kind === 'period') throw new Error('a period window has no event');
  const anchor = addDays(eventDate, -window.anchorDays);
  const from = window.years ? addYears(anchor, -window.years) : addDays(anchor, -(window.days ?? 0));
  return { from, to: anchor };
}

export type TargetQuery = {
  countyCode: string;
  kind: ScreeningKind;
  period: Pick<Period, 'start' | 'end'>;
  basis: Basis;
  units: UnitFilter;
  cycleYears?: number;
};

/** The unit a person or an event counts for, by the population basis. */
const spanUnit = (basis: Basis) => (basis === 'registered' ? sql`sp.hukou_unit_id` : sql`sp.residence_unit_id`);
const eventUnit = (basis: Basis) =>
  basis === 'registered' ? sql`e.unit_id` : sql`coalesce(es.residence_unit_id, e.unit_id)`;
const eventResidence = (basis: Basis) =>
  basis === 'resident' ? sql`LEFT JOIN person_span es ON es.event_id = e.id AND es.person_id = e.person_id` : sql``;
const unitIn = (units: UnitFilter) => (units ? sql`AND unit_id = ANY(${units}::text[])` : sql``);

/**
 * Women of ages min..max on some day of the period who were there (an active state overlapping
 * it): person_id, the unit of her last such state, her birth date.
 */
function women(q: Omit<TargetQuery, 'kind'>, minAge: number, maxAge: number): RawBuilder<unknown> {
  const b = womenBirthBounds(q.period, minAge, maxAge);
  return sql`
    SELECT person_id, unit_id, birth_date FROM (
      SELECT sp.person_id,
             (array_agg(${spanUnit(q.basis)} ORDER BY sp.valid_from DESC, sp.history_id DESC))[1] AS unit_id,
             (array_agg(sp.birth_date ORDER BY sp.valid_from DESC, sp.history_id DESC))[1] AS birth_date
        FROM person_span sp
       WHERE sp.county_code = ${q.countyCode} AND sp.sex = 2 AND sp.active
         AND sp.birth_date > ${b.bornAfter}::date AND sp.birth_date <= ${b.bornBy}::date
         AND sp.valid_from <= ${q.period.end}::date AND (sp.valid_to IS NULL OR sp.valid_to > ${q.period.start}::date)
       GROUP BY sp.person_id) w
     WHERE unit_id IS NOT NULL ${unitIn(q.units)}
       AND birth_date > ${b.bornAfter}::date AND birth_date <= ${b.bornBy}::date`;
}

/** The members of a target group: person_id, unit_id, event_date (null for women). */
function members(q: TargetQuery): RawBuilder<unknown> {
  const rule = TARGET_RULES[q.kind];
  const { start, end } = q.period;
  if (rule.population === 'women') {
    return sql`SELECT person_id, unit_id, NULL::date AS event_date
      FROM (${women(q, rule.minAge!, rule.maxAge!)}) w`;
  }
  const events = (type: string, who: RawBuilder<unknown>, extra: RawBuilder<unknown> = sql``) => sql`
    SELECT ${who} AS person_id, ${eventUnit(q.basis)} AS unit_id, e.event_date
      FROM vital_event e ${eventResidence(q.basis)}
     WHERE e.county_code = ${q.countyCode} AND e.type = ${type}
       AND e.event_date BETWEEN ${start}::date AND ${end}::date ${extra}`;
  const rows =
    rule.population === 'births'
      ? events('birth', sql`e.person_id`)
      : rule.population === 'mothers'
        ? events('birth', sql`e.other_person_id`, sql`AND e.other_person_id IS NOT NULL`)
        : sql`${events('marriage', sql`e.person_id`)} UNION ALL
              ${events('marriage', sql`e.other_person_id`, sql`AND e.other_person_id IS NOT NULL`)}`;
  // One row per person and event day: twins are one delivery for their mother.
  return sql`
    SELECT person_id, min(unit_id) AS unit_id, event_date FROM (${rows}) x
     WHERE true ${unitIn(q.units)}
     GROUP BY person_id, event_date`;
}

/** Services of the kind given to the target row t (as the partner too, where the rule says). */
function servicesOf(q: TargetQuery): RawBuilder<unknown> {
  const rule = TARGET_RULES[q.kind];
  const who = rule.asPartner
    ? sql`(hs.person_id = t.person_id OR hs.partner_person_id = t.person_id)`
    : sql`hs.person_id = t.person_id`;
  return sql`FROM health_service hs WHERE ${who} AND hs.kind = ${q.kind} AND hs.voided_at IS NULL`;
}

/** The condition on hs.served_on for the service to cover target row t. */
function inWindow(q: TargetQuery): RawBuilder<unknown> {
  const w = TARGET_RULES[q.kind].window;
  if (w.kind === 'period') {
    const { from, to } = periodWindow(q.period, q.cycleYears);
    return sql`hs.served_on BETWEEN ${from}::date AND ${to}::date`;
  }
  if (w.kind === 'after') return sql`hs.served_on >= t.event_date`;
  const anchor = sql`(t.event_date - ${w.anchorDays}::int)`;
  const from = w.years
    ? sql`(${anchor} - make_interval(years => ${w.years}::int))::date`
    : sql`(${anchor} - ${w.days ?? 0}::int)`;
  return sql`hs.served_on BETWEEN ${from} AND ${anchor}`;
}

/** The last day a service may have for "last served" to be shown: the window's end (none after a birth). */
function lastDay(q: TargetQuery): RawBuilder<unknown> {
  const w = TARGET_RULES[q.kind].window;
  if (w.kind === 'period') return sql`hs.served_on <= ${q.period.end}::date`;
  if (w.kind === 'after') return sql`true`;
  return sql`hs.served_on <= t.event_date - ${w.anchorDays}::int`;
}

/** Target rows with whether each is covered: person_id, unit_id, event_date, covered. */
export function targetRows(q: TargetQuery): RawBuilder<unknown> {
  return sql`
    SELECT t.person_id, t.unit_id, t.event_date,
           EXISTS (SELECT 1 ${servicesOf(q)} AND ${inWindow(q)}) AS covered
      FROM (${members(q)}) t`;
}

export type TargetCountRow = { period: number; kind: ScreeningKind; unitId: string; target: number; covered: number };

/** Target and covered counts per period (1-based), kind and unit, in one statement. */
export async function countTargets(
  db: DbOrTx,
  q: {
    countyCode: string;
    periods: Period[];
    units: UnitFilter;
    basis: Basis;
    kinds: Array<{ kind: ScreeningKind; cycleYears?: number }>;
  },
): Promise<TargetCountRow[]> {
  if (!q.kinds.length) return [];
  const isWomen = (k: { kind: ScreeningKind }) => TARGET_RULES[k.kind].population === 'women';
  const [womenKinds, eventKinds] = [q.kinds.filter(isWomen), q.kinds.filter((k) => !isWomen(k))];
  const branches = q.periods.flatMap((p, i) =>
    eventKinds.map(
      ({ kind, cycleYears }) => sql`
        SELECT ${i + 1}::int AS period, ${kind}::text AS kind, unit_id AS "unitId",
               count(*)::int AS target, count(*) FILTER (WHERE covered)::int AS covered
          FROM (${targetRows({ countyCode: q.countyCode, kind, period: p, basis: q.basis, units: q.units, cycleYears })}) r
         GROUP BY unit_id`,
    ),
  );
  const [events, ofWomen] = await Promise.all([
    branches.length ? sql<TargetCountRow>`${sql.join(branches, sql` UNION ALL `)}`.execute(db) : { rows: [] },
    countWomenTargets(db, { ...q, kinds: womenKinds }),
  ]);
  return [...events.rows, ...ofWomen];
}

/**
 * The screenings of women read the women of the widest ages once per period and count each
 * screening's ages and services from them: one pass over the women's states, not one per
 * screening (the county's women are the largest target group by far).
 */
async function countWomenTargets(
  db: DbOrTx,
  q: {
    countyCode: string;
    periods: Period[];
    units: UnitFilter;
    basis: Basis;
    kinds: Array<{ kind: ScreeningKind; cycleYears?: number }>;
  },
): Promise<TargetCountRow[]> {
  if (!q.kinds.length) return [];
  const minAge = Math.min(...q.kinds.map((k) => TARGET_RULES[k.kind].minAge!));
  const maxAge = Math.max(...q.kinds.map((k) => TARGET_RULES[k.kind].maxAge!));
  const out: TargetCountRow[] = [];
  const branches = q.periods.map((p, i) => {
    const columns = q.kinds.map(({ kind, cycleYears }, k) => {
      const rule = TARGET_RULES[kind];
      const b = womenBirthBounds(p, rule.minAge!, rule.maxAge!);
      const w = periodWindow(p, cycleYears);
      const aged = sql`t.birth_date > ${b.bornAfter}::date AND t.birth_date <= ${b.bornBy}::date`;
      const served = sql`EXISTS (SELECT 1 FROM health_service hs WHERE hs.person_id = t.person_id AND hs.kind = ${kind}
        AND hs.voided_at IS NULL AND hs.served_on BETWEEN ${w.from}::date AND ${w.to}::date)`;
      return sql`count(*) FILTER (WHERE ${aged})::int AS ${sql.ref(`t${k}`)},
                 count(*) FILTER (WHERE ${aged} AND ${served})::int AS ${sql.ref(`c${k}`)}`;
    });
    return sql`SELECT ${i + 1}::int AS period, t.unit_id, ${sql.join(columns)}
      FROM (${women({ ...q, period: p }, minAge, maxAge)}) t GROUP BY t.unit_id`;
  });
  const res = await sql<Record<string, number | string>>`${sql.join(branches, sql` UNION ALL `)}`.execute(db);
  for (const r of res.rows) {
    q.kinds.forEach(({ kind }, k) => {
      const target = Number(r[`t${k}`]);
      if (target > 0) {
        out.push({ period: Number(r.period), kind, unitId: String(r.unitId), target, covered: Number(r[`c${k}`]) });
      }
    });
  }
  return out;
}

export type TargetItem = {
  personId: string;
  name: string;
  idNumberMasked: string;
  sex: number;
  birthDate: string;
  unitId: string;
  unitName: string | null;
  /** The birth or marriage that put the person in the group (null for women of the screening ages). */
  eventDate: string | null;
  covered: boolean;
  /** The person's last service of the kind up to the window's end, covering or not (null: never). */
  lastServedOn: string | null;
};

/**
 * A page of a target group: all of it, those covered or those not (应检未检), with the counts;
 * `scope` limits the listed rows (a condition on the row's unit); target and covered count the
 * whole group, total the rows of the filter and visible those of them in scope.
 */
export async function targetPage(
  db: DbOrTx,
  q: TargetQuery & {
    covered: 'true' | 'false' | 'all';
    scope?: (unitId: RawBuilder<unknown>) => RawBuilder<unknown>;
    limit: number;
    offset: number;
  },
) {
  const rows = targetRows(q);
  const which = (r: string) =>
    q.covered === 'all'
      ? sql`true`
      : q.covered === 'true'
        ? sql.ref(`${r}.covered`)
        : sql`NOT ${sql.ref(`${r}.covered`)}`;
  const scope = (r: string) => (q.scope ? q.scope(sql.ref(`${r}.unit_id`)) : sql`true`);
  const counts = await sql<{ target: number; covered: number; total: number; visible: number }>`
    SELECT count(*)::int AS target, count(*) FILTER (WHERE r.covered)::int AS covered,
           count(*) FILTER (WHERE ${which('r')})::int AS total,
           count(*) FILTER (WHERE ${which('r')} AND ${scope('r')})::int AS visible
      FROM (${rows}) r`.execute(db);
  const items = await sql<TargetItem>`
    SELECT p.id AS "personId", p.name, p.id_number_masked AS "idNumberMasked", p.sex, p.birth_date AS "birthDate",
           t.unit_id AS "unitId", u.name AS "unitName", t.event_date AS "eventDate", t.covered,
           (SELECT max(hs.served_on) ${servicesOf(q)} AND ${lastDay(q)}) AS "lastServedOn"
      FROM (${rows}) t JOIN person p ON p.id = t.person_id LEFT JOIN org_unit u ON u.id = t.unit_id
     WHERE ${which('t')} AND ${scope('t')}
     ORDER BY u.path, t.event_date NULLS FIRST, p.name, p.id
     LIMIT ${q.limit} OFFSET ${q.offset}`.execute(db);
  return { ...counts.rows[0]!, items: items.rows };
}

export type TargetListQuery = {
  kind: ScreeningKind;
  unitId: string;
  year: number;
  covered: 'true' | 'false' | 'all';
  population: Basis;
  cycleYears?: number;
  page: number;
  pageSize: number;
};

/**
 * GET /api/health/targets: a unit's target group of one service in a year and, by default, who
 * of it has not come (应检未检), for the village to mobilise. Counted exactly as the coverage
 * figure of the same unit and year (present boundaries); listed only within the caller's area.
 * @throws NotFoundError for a unit outside the caller's scope, InvalidInputError for a bad year
 */
export async function listTargets(db: Db, user: CurrentUser, actor: Actor, q: TargetListQuery) {
  const today = clock.today();
  if (!Number.isInteger(q.year)) throw InvalidInputError.field('year', '请填写年份');
  const period = parsePeriod(String(q.year), today, 'year');
  const ctx = await unitContext(db, user, q.unitId, 'none', 'present', [period]);
  const page = await targetPage(db, {
    countyCode: ctx.countyCode,
    kind: q.kind,
    period,
    basis: q.population,
    units: ctx.sourceUnits,
    cycleYears: q.cycleYears,
    covered: q.covered,
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
  });
  await recordAudit(db, actor, {
    action: 'health.targets',
    objectType: 'org_unit',
    objectId: q.unitId,
    detail: { kind: q.kind, year: q.year, covered: q.covered, page: q.page, results: page.items.length },
  });
  return {
    kind: q.kind,
    unitId: q.unitId,
    unitName: ctx.targets[0]!.name,
    year: q.year,
    period: { start: period.start, end: period.end, running: period.running },
    population: q.population,
    cycleYears: q.cycleYears ?? null,
    target: page.target,
    covered: page.covered,
    total: page.total,
    page: q.page,
    pageSize: q.pageSize,
    items: page.items,
  };
}
