/**
 * Small-area anomalies and completeness, from the indicators' counts: one pass of
 * `collectCounts` over the county's villages for the years asked, rolled up into townships and
 * the county with `rollUp` (present boundaries, registered population). Everything is judged
 * against the county's own figure with exact tail probabilities (quality.statistics.ts), so small
 * villages are not flagged for being small.
 */
import type { DbOrTx } from '../db/database.js';
import type { UnitCounts } from '../indicators/indicator.formulas.js';
import {
  listCountyLineage,
  listCountyUnits,
  refreshDerivedStatistics,
  type UnitRow,
} from '../indicators/indicator.repository.js';
import { collectCounts, rollUp, selectDefinitions } from '../indicators/indicator.service.js';
import { buildUnitModel, rollupMap, targetUnits } from '../indicators/indicator.units.js';
import { FIRST_YEAR, parsePeriod, type Period } from '../indicators/periods.js';
import {
  ALERT_P,
  binomialLimits,
  binomialTwoSidedP,
  NONE_P,
  OUTSIDE95_P,
  poissonLimits,
  poissonTwoSidedP,
  poissonZ,
  probabilityOfNone,
  proportionZ,
  robustScores,
  ROBUST_LIMIT,
  yearOnYear,
} from './quality.statistics.js';

export type CountyCounts = {
  units: UnitRow[];
  county: UnitRow;
  periods: Map<number, Period>;
  /** Per year: counts of every present unit (county, townships, villages). */
  byYear: Map<number, Map<string, UnitCounts>>;
};

/** Years that can be computed (from 2000, begun by today). */
export const usableYears = (years: number[], today: string) =>
  [...new Set(years)].filter((y) => y >= FIRST_YEAR && `${y}-01-01` <= today).sort((a, b) => a - b);

/** Births, births by sex and the population of every present unit of the county for some years, in one pass. */
export async function countyCounts(
  db: DbOrTx,
  countyCode: string,
  years: number[],
  today: string,
): Promise<CountyCounts> {
  await refreshDerivedStatistics(db);
  const [rows, lineage] = await Promise.all([listCountyUnits(db, countyCode), listCountyLineage(db, countyCode)]);
  const model = buildUnitModel(rows, lineage);
  const county = rows.find((r) => r.level === 'county' && r.validTo === null);
  if (!county) throw new Error(`county ${countyCode} has no units`);
  const ys = usableYears(years, today);
  const periods = ys.map((y) => parsePeriod(String(y), today));
  const targets = targetUnits(model, county, 'all', 'present', periods);
  const { into, sourceUnits } = rollupMap(model, targets, 'present');
  const definitions = selectDefinitions(['sexRatioAtBirth', 'crudeBirthRate'], today);
  const counts = periods.length
    ? await collectCounts(db, { countyCode, periods, units: sourceUnits, basis: 'registered', definitions })
    : [];
  const byYear = new Map<number, Map<string, UnitCounts>>();
  periods.forEach((p, i) => byYear.set(Number(p.code), rollUp(counts[i]!, into, targets)));
  return { units: targets, county, periods: new Map(periods.map((p) => [Number(p.code), p])), byYear };
}

/** Person-years of a unit in a period: mean population × the period's share of its year. */
export const personYears = (c: UnitCounts, p: Period) => ((c.populationStart + c.populationEnd) / 2) * p.yearFraction;

export type FunnelMeasure = 'sexRatio' | 'birthRate';
export type FunnelPoint = {
  unitId: string;
  unitName: string;
  level: string;
  parentId: string | null;
  /** Births with a recorded sex (sexRatio) or mean population (birthRate): the x axis. */
  x: number;
  /** Share of boys (0..1) or births per 1000 person-years. */
  value: number | null;
  /** The count judged: boys, or births. */
  observed: number;
  /** Under the county's figure: n·p0 boys, or r0·PY births. */
  expected: number;
  z: number | null;
  p: number;
  limits95: { lower: number; upper: number };
  limits998: { lower: number; upper: number };
  /** 'inside', 'outside95' (beyond 95%, within 99.8%), 'outside998' (beyond 99.8%: an alert). */
  position: 'inside' | 'outside95' | 'outside998';
  sexRatio?: number | null;
};

export type Funnel = {
  measure: FunnelMeasure;
  year: number;
  running: boolean;
  /** The county's figure: the centre line (share of boys, or births per 1000 person-years). */
  centre: number | null;
  county: { unitId: string; unitName: string; observed: number; x: number; sexRatio?: number | null };
  points: FunnelPoint[];
  /** The four limit lines at ~80 values of x from the smallest to the largest unit. */
  curve: Array<{ x: number; lower95: number; upper95: number; lower998: number; upper998: number }>;
};

const per1000 = (v: number) => v * 1000;

/** The funnel plot of one measure for the villages (or townships) at or below `path`. */
export function funnel(
  cc: CountyCounts,
  year: number,
  measure: FunnelMeasure,
  level: 'village' | 'township',
  path: string,
): Funnel {
  const period = cc.periods.get(year)!;
  const totals = cc.byYear.get(year)!;
  const c0 = totals.get(cc.county.id)!;
  const units = cc.units.filter((u) => u.level === level && u.path.startsWith(path));
  const points: FunnelPoint[] = [];
  let centre: number | null;
  let limitAt: (x: number, alpha: number) => { lower: number; upper: number };
  if (measure === 'sexRatio') {
    const n0 = c0.birthsMale + c0.birthsFemale;
    const p0 = n0 > 0 ? c0.birthsMale / n0 : null;
    centre = p0;
    limitAt = (x, alpha) => {
      const l = binomialLimits(x, p0 ?? 0.5, alpha);
      return { lower: l.lower / x, upper: l.upper / x };
    };
    for (const u of units) {
      const c = totals.get(u.id)!;
      const n = c.birthsMale + c.birthsFemale;
      if (n === 0 || p0 === null) continue;
      const p = binomialTwoSidedP(c.birthsMale, n, p0);
      points.push({
        ...pointBase(u),
        x: n,
        value: c.birthsMale / n,
        observed: c.birthsMale,
        expected: n * p0,
        z: proportionZ(c.birthsMale, n, p0),
        p,
        limits95: limitAt(n, OUTSIDE95_P),
        limits998: limitAt(n, ALERT_P),
        position: positionOf(p),
        sexRatio: c.birthsFemale > 0 ? (c.birthsMale / c.birthsFemale) * 100 : null,
      });
    }
  } else {
    const py0 = personYears(c0, period);
    const r0 = py0 > 0 ? c0.births / py0 : null;
    centre = r0 === null ? null : per1000(r0);
    limitAt = (x, alpha) => {
      const py = x * period.yearFraction;
      const l = poissonLimits((r0 ?? 0) * py, alpha);
      return { lower: per1000(l.lower / py), upper: per1000(l.upper / py) };
    };
    for (const u of units) {
      const c = totals.get(u.id)!;
      const py = personYears(c, period);
      if (py <= 0 || r0 === null) continue;
      const expected = r0 * py;
      const p = poissonTwoSidedP(c.births, expected);
      const x = (c.populationStart + c.populationEnd) / 2;
      const value = per1000(c.births / py);
      points.push({
        ...pointBase(u),
        x,
        value,
        observed: c.births,
        expected,
        z: poissonZ(c.births, expected),
        p,
        limits95: limitAt(x, OUTSIDE95_P),
        limits998: limitAt(x, ALERT_P),
        position: positionOf(p),
      });
    }
  }
  const xs = points.map((p) => p.x).filter((x) => x > 0);
  // From and to powers of ten around the points: the log axis of the plot spans the same.
  const lo = 10 ** Math.floor(Math.log10(Math.max(1, Math.min(...xs, Infinity))));
  const hi = Math.max(lo * 10, 10 ** Math.ceil(Math.log10(Math.max(...xs, 1) * 1.05)));
  const curve =
    xs.length === 0
      ? []
      : Array.from({ length: 80 }, (_, i) => {
          const x = lo * (hi / lo) ** (i / 79);
          const a = limitAt(x, OUTSIDE95_P);
          const b = limitAt(x, ALERT_P);
          return { x, lower95: a.lower, upper95: a.upper, lower998: b.lower, upper998: b.upper };
        });
  return {
    measure,
    year,
    running: period.running,
    centre,
    county: {
      unitId: cc.county.id,
      unitName: cc.county.name,
      observed: measure === 'sexRatio' ? c0.birthsMale : c0.births,
      x: measure === 'sexRatio' ? c0.birthsMale + c0.birthsFemale : (c0.populationStart + c0.populationEnd) / 2,
      ...(measure === 'sexRatio'
        ? { sexRatio: c0.birthsFemale > 0 ? (c0.birthsMale / c0.birthsFemale) * 100 : null }
        : {}),
    },
    points,
    curve,
  };
}

const pointBase = (u: UnitRow) => ({ unitId: u.id, unitName: u.name, level: u.level, parentId: u.parentId });

/** Where a point lies, by its exact two-sided p: the drawn limits are the same exact tails. */
function positionOf(p: number): FunnelPoint['position'] {
  return p < ALERT_P ? 'outside998' : p < OUTSIDE95_P ? 'outside95' : 'inside';
}

/** Robust scores of the villages' birth-rate z (overdispersion-proof): |score| > 3.5 stands out. */
export function robustOutliers(f: Funnel) {
  const pts = f.points.filter((p) => p.z !== null && p.expected >= 1);
  const scores = robustScores(pts.map((p) => p.z!));
  return pts
    .map((p, i) => ({ point: p, score: scores[i] ?? null }))
    .filter((r) => r.score !== null && Math.abs(r.score) > ROBUST_LIMIT);
}

/** Births this year against the three years before, per unit (exact conditional test). */
export function yearOnYearBreaks(cc: CountyCounts, year: number, level: 'village' | 'township') {
  const period = cc.periods.get(year)!;
  // A year in which the whole county recorded no birth is a year before the records began, not a year without births.
  const before = [year - 3, year - 2, year - 1].filter((y) => (cc.byYear.get(y)?.get(cc.county.id)?.births ?? 0) > 0);
  if (!before.length) return [];
  const out = [];
  for (const u of cc.units.filter((x) => x.level === level)) {
    const c1 = cc.byYear.get(year)!.get(u.id)!;
    let o0 = 0;
    let py0 = 0;
    for (const y of before) {
      const c = cc.byYear.get(y)!.get(u.id)!;
      o0 += c.births;
      py0 += personYears(c, cc.periods.get(y)!);
    }
    const py1 = personYears(c1, period);
    const t = yearOnYear(c1.births, py1, o0, py0);
    if (t.p < ALERT_P && t.expected !== null) {
      out.push({
        unit: u,
        observed: c1.births,
        expected: t.expected,
        ratio: t.ratio,
        p: t.p,
        before: o0,
        beforeYears: before,
        rate: py1 > 0 ? per1000(c1.births / py1) : null,
        rateBefore: py0 > 0 ? per1000(o0 / py0) : null,
      });
    }
  }
  return out;
}

/** Villages with no births in the year where the county's rate makes some expected: P(0) = e^−E. */
export function silentVillages(cc: CountyCounts, year: number) {
  const period = cc.periods.get(year)!;
  const totals = cc.byYear.get(year)!;
  const c0 = totals.get(cc.county.id)!;
  const py0 = personYears(c0, period);
  if (py0 <= 0) return [];
  const r0 = c0.births / py0;
  return cc.units
    .filter((u) => u.level === 'village')
    .map((u) => {
      const c = totals.get(u.id)!;
      const expected = r0 * personYears(c, period);
      return { unit: u, births: c.births, population: c.populationEnd, expected, pNone: probabilityOfNone(expected) };
    })
    .filter((v) => v.births === 0 && v.pNone < NONE_P);
}

/** Expected births and P(0) of every unit (for the completeness table). */
export function expectedBirths(cc: CountyCounts, year: number) {
  const period = cc.periods.get(year)!;
  const totals = cc.byYear.get(year)!;
  const c0 = totals.get(cc.county.id)!;
  const py0 = personYears(c0, period);
  const r0 = py0 > 0 ? c0.births / py0 : 0;
  return new Map(
    cc.units.map((u) => {
      const c = totals.get(u.id)!;
      const expected = r0 * personYears(c, period);
      return [u.id, { births: c.births, population: c.populationEnd, expected, pNone: probabilityOfNone(expected) }];
    }),
  );
}
