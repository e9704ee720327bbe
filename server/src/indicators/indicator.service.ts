/**
 * Indicators for a unit and its subtree: the counts come from plain aggregates (vital events,
 * population_change, women's spans, linkage findings, benefit payments, health services and
 * their target groups, care, petitions, cases) grouped by the unit records belonged to, then roll
 * up in memory to the requested unit and, on request, its children or every unit below. There
 * is no cache and no nightly job: a report confirmed a moment ago is in the next answer.
 */
import type { CurrentUser } from '../accounts/session.service.js';
import type { DbOrTx } from '../db/database.js';
import { clock } from '../lib/clock.js';
import { countPayments } from '../benefits/benefit.indicators.js';
import { countCare } from '../care/care.indicators.js';
import { countCases } from '../cases/case.indicators.js';
import { countHealth } from '../health/health.indicators.js';
import { countPetitions } from '../petitions/petition.indicators.js';
import { countFindings } from '../linkage/linkage.indicators.js';
import { InvalidInputError } from '../lib/errors.js';
import { getUnitInScope } from '../org/org.service.js';
import {
  definitionsInEffect,
  INDICATOR_CODES,
  TIMED_EVENTS,
  type CountKey,
  type IndicatorDefinition,
} from './indicator.catalog.js';
import {
  addCounts,
  emptyCounts,
  evaluate,
  TFR_MAX_AGE,
  TFR_MIN_AGE,
  type FigureValue,
  type UnitCounts,
} from './indicator.formulas.js';
import {
  countEvents,
  findPublished,
  listCountyLineage,
  listCountyUnits,
  populationAt,
  pyramid,
  refreshDerivedStatistics,
  womenExposure,
  type Basis,
  type PublishedFigure,
  type UnitFilter,
  type UnitRow,
} from './indicator.repository.js';
import {
  buildUnitModel,
  rollupMap,
  targetUnits,
  type Boundaries,
  type Breakdown,
  type Span,
  type UnitModel,
} from './indicator.units.js';
import { daysBetween, isoDate, parsePeriod, seriesPeriods, type Period } from './periods.js';

export type Figure = FigureValue & {
  code: string;
  version: number;
  nameZh: string;
  nameEn: string;
  unit: IndicatorDefinition['unit'];
  decimals: number;
  normalRange: IndicatorDefinition['normalRange'];
  published: (PublishedFigure & { differs: boolean }) | null;
};

export type UnitRef = { id: string; name: string; level: string; validTo: string | null };
const unitRef = (u: UnitRow): UnitRef => ({ id: u.id, name: u.name, level: u.level, validTo: u.validTo });
const periodRef = (p: Period) => ({ code: p.code, start: p.start, end: p.end, running: p.running });

export type IndicatorQuery = {
  unitId: string;
  period: string;
  population: Basis;
  boundaries: Boundaries;
  codes?: string[];
  breakdown: Breakdown;
};

/** The definitions asked for (all in effect when none are named). @throws InvalidInputError for an unknown code */
export function selectDefinitions(codes: string[] | undefined, today: string, field = 'codes'): IndicatorDefinition[] {
  const all = definitionsInEffect(today);
  if (!codes?.length) return all;
  const unknown = codes.filter((c) => !INDICATOR_CODES.includes(c));
  if (unknown.length) throw InvalidInputError.field(field, `未知指标：${unknown.join('、')}`);
  return all.filter((d) => codes.includes(d.code));
}

/** Everything a computation needs to know about units: the model, the targets and how sources roll up. */
export async function unitContext(
  db: DbOrTx,
  user: Pick<CurrentUser, 'unitPath'>,
  unitId: string,
  breakdown: Breakdown,
  boundaries: Boundaries,
  periods: Span[],
) {
  const unit = await getUnitInScope(db, user, unitId);
  await refreshDerivedStatistics(db);
  const [rows, lineage] = await Promise.all([
    listCountyUnits(db, unit.countyCode),
    listCountyLineage(db, unit.countyCode),
  ]);
  const model: UnitModel = buildUnitModel(rows, lineage);
  const targets = targetUnits(model, model.units.get(unit.id)!, breakdown, boundaries, periods);
  return { countyCode: unit.countyCode, model, targets, ...rollupMap(model, targets, boundaries) };
}

/**
 * The counts per period (index into `periods`) and source unit, reading only what the
 * definitions need: events always, population for rates, women's exposure for the TFR, linkage
 * findings for the linkage definitions, payments for the benefit definitions, and each source
 * of issue 7 (health, care, petitions, cases) for its own.
 */
export async function collectCounts(
  db: DbOrTx,
  q: { countyCode: string; periods: Period[]; units: UnitFilter; basis: Basis; definitions: IndicatorDefinition[] },
): Promise<Array<Map<string, UnitCounts>>> {
  const kinds = new Set(q.definitions.map((d) => d.formula.kind));
  const timeliness = q.definitions.find((d) => d.formula.kind === 'timeliness')?.formula;
  const timelyDays = timeliness?.kind === 'timeliness' ? timeliness.days : 30;
  const needPopulation = kinds.has('rate') || kinds.has('growthRate');
  const needExposure = kinds.has('totalFertility');
  const boundaries = q.periods.flatMap((p) => [p.startBoundary, p.endBoundary]);
  const needFindings = q.definitions.some((d) => d.source === 'linkage');
  const needPayments = q.definitions.some((d) => d.source === 'benefits');
  const [events, population, exposure, findings, payments, services] = await Promise.all([
    countEvents(db, {
      countyCode: q.countyCode,
      periods: q.periods,
      units: q.units,
      basis: q.basis,
      timedTypes: TIMED_EVENTS,
      timelyDays,
      byMotherAge: needExposure,
    }),
    needPopulation
      ? populationAt(db, { countyCode: q.countyCode, basis: q.basis, boundaries, units: q.units })
      : Promise.resolve([]),
    needExposure
      ? womenExposure(db, {
          countyCode: q.countyCode,
          periods: q.periods,
          units: q.units,
          basis: q.basis,
          minAge: TFR_MIN_AGE,
          maxAge: TFR_MAX_AGE,
        })
      : Promise.resolve([]),
    needFindings
      ? countFindings(db, { countyCode: q.countyCode, periods: q.periods, units: q.units })
      : Promise.resolve([]),
    needPayments
      ? countPayments(db, { countyCode: q.countyCode, periods: q.periods, units: q.units })
      : Promise.resolve([]),
    countServices(db, q),
  ]);
  const out = q.periods.map(() => new Map<string, UnitCounts>());
  const countsOf = (period: number, unitId: string) => {
    const m = out[period]!;
    let c = m.get(unitId);
    if (!c) m.set(unitId, (c = emptyCounts()));
    return c;
  };
  for (const r of events) {
    const c = countsOf(r.period - 1, r.unitId);
    if (Number(r.allAges) === 1) {
      for (const k of [
        'births',
        'birthsMale',
        'birthsFemale',
        'birthsOrder1',
        'birthsOrder2',
        'birthsOrder3Plus',
        'birthsOrderKnown',
        'birthsWithDefect',
        'deaths',
        'eventsReported',
        'eventsTimely',
      ] as const) {
        c[k] += Number(r[k]);
      }
    } else if (r.motherAge === null) {
      c.birthsAgeUnknown += Number(r.births);
    } else {
      const age = Math.min(TFR_MAX_AGE, Math.max(TFR_MIN_AGE, r.motherAge));
      c.birthsByAge[age - TFR_MIN_AGE]! += Number(r.births);
    }
  }
  for (const { period, unitId, ...n } of findings) {
    const c = countsOf(period - 1, unitId);
    for (const [k, v] of Object.entries(n) as Array<[keyof typeof n, number]>) c[k] += Number(v);
  }
  for (const { period, unitId, ...n } of [...payments, ...services]) {
    const c = countsOf(period - 1, unitId);
    for (const [k, v] of Object.entries(n) as Array<[CountKey, number]>) c[k] += Number(v);
  }
  // Population at each period's two month-ends, in the order of `boundaries`.
  for (const { unitId, n } of population) {
    q.periods.forEach((_, i) => {
      if (n[2 * i] === 0 && n[2 * i + 1] === 0 && !out[i]!.has(unitId)) return;
      const c = countsOf(i, unitId);
      c.populationStart = n[2 * i]!;
      c.populationEnd = n[2 * i + 1]!;
    });
  }
  for (const r of exposure) {
    const p = q.periods[r.period - 1]!;
    const year = Number(p.start.slice(0, 4));
    const yearDays = daysBetween(isoDate(year, 1, 1), isoDate(year + 1, 1, 1));
    const byAge = countsOf(r.period - 1, r.unitId).exposureByAge;
    const at = (age: number, days: number) => {
      if (days > 0 && age >= TFR_MIN_AGE && age <= TFR_MAX_AGE) byAge[age - TFR_MIN_AGE]! += days / yearDays;
    };
    at(r.ageAfter - 1, Number(r.before));
    at(r.ageAfter, Number(r.after));
  }
  return out;
}

type CountRow = { period: number; unitId: string } & Partial<Record<CountKey, number>>;

/** The counts of issue 7's sources (health, care, petitions, cases) the definitions need. */
async function countServices(
  db: DbOrTx,
  q: { countyCode: string; periods: Period[]; units: UnitFilter; basis: Basis; definitions: IndicatorDefinition[] },
): Promise<CountRow[]> {
  const sources = new Set(q.definitions.map((d) => d.source));
  const today = clock.today();
  const kinds = q.definitions.flatMap((d) => {
    const r = d.numerator.records;
    return r.kind === 'screening' ? [{ kind: r.screening, cycleYears: r.cycleYears }] : [];
  });
  const followups = q.definitions.some((d) => ['positiveFindings', 'followups'].includes(d.numerator.records.kind));
  const base = { countyCode: q.countyCode, periods: q.periods, units: q.units };
  const rows = await Promise.all([
    sources.has('health') ? countHealth(db, { ...base, basis: q.basis, today, kinds, followups }) : [],
    sources.has('care') ? countCare(db, base) : [],
    sources.has('petitions') ? countPetitions(db, { ...base, today }) : [],
    sources.has('cases') ? countCases(db, base) : [],
  ]);
  return rows.flat();
}

/** Sums source units' counts into each target unit. */
export function rollUp(
  counts: Map<string, UnitCounts>,
  into: Map<string, string[]>,
  targets: UnitRow[],
): Map<string, UnitCounts> {
  const out = new Map(targets.map((t) => [t.id, emptyCounts()]));
  for (const [unitId, c] of counts) {
    for (const t of into.get(unitId) ?? []) addCounts(out.get(t)!, c);
  }
  return out;
}

const figureOf = (def: IndicatorDefinition, v: FigureValue, published: PublishedFigure | undefined): Figure => ({
  code: def.code,
  version: def.version,
  nameZh: def.nameZh,
  nameEn: def.nameEn,
  unit: def.unit,
  decimals: def.decimals,
  normalRange: def.normalRange,
  ...v,
  published: published ? { ...published, differs: differsFrom(published, v, def.decimals) } : null,
});

const differsFrom = (p: PublishedFigure, v: FigureValue, decimals: number) => {
  if (p.value === null || v.value === null) return p.value !== v.value;
  return Math.abs(p.value - v.value) >= 0.5 * 10 ** -decimals;
};

/**
 * Figures for a unit (and its children or every unit below) for one period.
 * @throws NotFoundError for a unit outside the caller's scope, InvalidInputError for a bad period or code
 */
export async function computeIndicators(db: DbOrTx, user: Pick<CurrentUser, 'unitPath'>, q: IndicatorQuery) {
  const today = clock.today();
  const period = parsePeriod(q.period, today);
  const definitions = selectDefinitions(q.codes, today);
  const ctx = await unitContext(db, user, q.unitId, q.breakdown, q.boundaries, [period]);
  const [counts] = await collectCounts(db, {
    countyCode: ctx.countyCode,
    periods: [period],
    units: ctx.sourceUnits,
    basis: q.population,
    definitions,
  });
  const totals = rollUp(counts!, ctx.into, ctx.targets);
  const published = await findPublished(db, {
    unitIds: ctx.targets.map((t) => t.id),
    period: period.code,
    population: q.population,
    boundaries: q.boundaries,
  });
  const figuresFor = (t: UnitRow) =>
    definitions.map((d) =>
      figureOf(d, evaluate(d, totals.get(t.id)!, period.yearFraction), published.get(`${t.id}|${d.code}`)),
    );
  const [self, ...below] = ctx.targets;
  return {
    unit: unitRef(self!),
    period: periodRef(period),
    population: q.population,
    boundaries: q.boundaries,
    computedAt: clock.now().toISOString(),
    figures: figuresFor(self!),
    ...(q.breakdown === 'none' ? {} : { breakdown: below.map((t) => ({ unit: unitRef(t), figures: figuresFor(t) })) }),
  };
}

export type SeriesQuery = {
  code: string;
  unitId: string;
  from: number;
  to: number;
  interval: 'year' | 'month';
  population: Basis;
  boundaries: Boundaries;
};

/** One indicator for each year (or month) of a span, for trend charts. @throws NotFoundError, InvalidInputError */
export async function indicatorSeries(db: DbOrTx, user: Pick<CurrentUser, 'unitPath'>, q: SeriesQuery) {
  const today = clock.today();
  const [definition] = selectDefinitions([q.code], today, 'code');
  const periods = seriesPeriods(q.from, q.to, q.interval, today);
  if (periods.length === 0) throw InvalidInputError.field('from', '所选年份没有可计算的统计期');
  const ctx = await unitContext(db, user, q.unitId, 'none', q.boundaries, periods);
  const counts = await collectCounts(db, {
    countyCode: ctx.countyCode,
    periods,
    units: ctx.sourceUnits,
    basis: q.population,
    definitions: [definition!],
  });
  return {
    unit: unitRef(ctx.targets[0]!),
    code: definition!.code,
    version: definition!.version,
    nameZh: definition!.nameZh,
    unitOfMeasure: definition!.unit,
    normalRange: definition!.normalRange,
    population: q.population,
    boundaries: q.boundaries,
    points: periods.map((p, i) => {
      const total = rollUp(counts[i]!, ctx.into, ctx.targets).get(ctx.targets[0]!.id)!;
      return { period: periodRef(p), ...evaluate(definition!, total, p.yearFraction) };
    }),
  };
}

const AGE_GROUPS = Array.from({ length: 21 }, (_, i) => (i === 20 ? '100+' : `${i * 5}-${i * 5 + 4}`));

/** Population on a date by sex and 5-year age group (exact ages), for the pyramid. @throws NotFoundError, InvalidInputError */
export async function populationPyramid(
  db: DbOrTx,
  user: Pick<CurrentUser, 'unitPath'>,
  q: { unitId: string; date?: string; population: Basis; boundaries: Boundaries },
) {
  const date = q.date ?? clock.today();
  const ctx = await unitContext(db, user, q.unitId, 'none', q.boundaries, [{ start: date, end: date }]);
  const rows = await pyramid(db, { countyCode: ctx.countyCode, date, units: ctx.sourceUnits, basis: q.population });
  const groups = AGE_GROUPS.map((label) => ({ ageGroup: label, male: 0, female: 0, unknown: 0 }));
  for (const r of rows) {
    const g = groups[r.ageGroup]!;
    if (r.sex === 1) g.male += r.n;
    else if (r.sex === 2) g.female += r.n;
    else g.unknown += r.n;
  }
  return {
    unit: unitRef(ctx.targets[0]!),
    date,
    population: q.population,
    boundaries: q.boundaries,
    total: groups.reduce((s, g) => s + g.male + g.female + g.unknown, 0),
    groups,
  };
}
