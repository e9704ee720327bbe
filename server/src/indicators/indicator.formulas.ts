/**
 * Figures from counts: the pure arithmetic of each formula kind, with its 95% interval and a
 * status against the normal range that takes the interval into account (a value outside the
 * range whose interval still reaches into it is "uncertain", not an alarm).
 */
import type { CountKey, IndicatorDefinition } from './indicator.catalog.js';
import { SERVICE_COUNT_KEYS } from './indicator.catalog.services.js';
import {
  chapman,
  differenceRateInterval,
  rateInterval,
  sexRatioInterval,
  totalFertility,
  wilson,
  type Interval,
} from './intervals.js';

/** Single ages of the total fertility rate: 15..49. */
export const TFR_MIN_AGE = 15;
export const TFR_MAX_AGE = 49;
export const TFR_AGES = TFR_MAX_AGE - TFR_MIN_AGE + 1;

/** What the registry supplies per unit and period; units add up by summing. */
export type UnitCounts = Record<CountKey, number> & {
  /** Registered (or resident) population at the end of the month before the period. */
  populationStart: number;
  /** … and at the end of the period's last month (today's month while it runs). */
  populationEnd: number;
  /** Live births by the mother's age at the birth, ages 15..49 (younger at 15, older at 49). */
  birthsByAge: number[];
  /** Births whose mother's age is unknown: in every count but not in the fertility rate. */
  birthsAgeUnknown: number;
  /** Woman-years lived in the period at each age 15..49. */
  exposureByAge: number[];
};

const COUNT_KEYS: CountKey[] = [
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
  'feedRecordsDecided',
  'feedRecordsLinked',
  'hospitalBirths',
  'hospitalBirthsMissing',
  'hospitalBirthsRegistered',
  'feedDeaths',
  'feedDeathsUnreported',
  'paymentsPaid',
  'paymentsPaidExact',
  'paymentsPaidTimely',
  'fenPaid',
  'fenDue',
  ...SERVICE_COUNT_KEYS,
];

export function emptyCounts(): UnitCounts {
  const c = Object.fromEntries(COUNT_KEYS.map((k) => [k, 0])) as Record<CountKey, number>;
  return {
    ...c,
    populationStart: 0,
    populationEnd: 0,
    birthsByAge: new Array<number>(TFR_AGES).fill(0),
    birthsAgeUnknown: 0,
    exposureByAge: new Array<number>(TFR_AGES).fill(0),
  };
}

/** Adds `b` into `a` (rolling villages up into townships and the county). */
export function addCounts(a: UnitCounts, b: UnitCounts): void {
  for (const k of COUNT_KEYS) a[k] += b[k];
  a.populationStart += b.populationStart;
  a.populationEnd += b.populationEnd;
  a.birthsAgeUnknown += b.birthsAgeUnknown;
  for (let i = 0; i < TFR_AGES; i++) {
    a.birthsByAge[i]! += b.birthsByAge[i]!;
    a.exposureByAge[i]! += b.exposureByAge[i]!;
  }
}

export type FigureStatus = 'normal' | 'uncertain' | 'high' | 'low';

export type FigureValue = {
  value: number | null;
  lower: number | null;
  upper: number | null;
  numerator: number | null;
  denominator: number | null;
  /** The counts the figure rests on, by name (births, deaths, populationStart …). */
  parts: Record<string, number>;
  /** Against the normal range; null where the definition has none or there is no value. */
  status: FigureStatus | null;
};

const ratio = (n: number, d: number, per: number) => (d > 0 ? (n / d) * per : null);
const scaled = (i: Interval, per: number): Interval => ({
  lower: i.lower === null ? null : i.lower * per,
  upper: i.upper === null ? null : i.upper * per,
});

/** Computes one figure. `yearFraction` annualises rates of quarters and months. */
export function evaluate(def: IndicatorDefinition, c: UnitCounts, yearFraction: number): FigureValue {
  const f = def.formula;
  let out: Omit<FigureValue, 'status'>;
  switch (f.kind) {
    case 'sexRatio': {
      out = {
        value: ratio(c.birthsMale, c.birthsFemale, 100),
        ...sexRatioInterval(c.birthsMale, c.birthsFemale),
        numerator: c.birthsMale,
        denominator: c.birthsFemale,
        parts: { birthsMale: c.birthsMale, birthsFemale: c.birthsFemale, births: c.births },
      };
      break;
    }
    case 'rate':
    case 'growthRate': {
      const mean = (c.populationStart + c.populationEnd) / 2;
      const personYears = mean * yearFraction;
      const events = f.kind === 'growthRate' ? c.births - c.deaths : f.events === 'births' ? c.births : c.deaths;
      const interval =
        f.kind === 'growthRate'
          ? differenceRateInterval(c.births, c.deaths, personYears, f.per)
          : rateInterval(events, personYears, f.per);
      out = {
        value: ratio(events, personYears, f.per),
        ...interval,
        numerator: events,
        denominator: personYears,
        parts: {
          births: c.births,
          deaths: c.deaths,
          populationStart: c.populationStart,
          populationEnd: c.populationEnd,
          meanPopulation: mean,
          personYears,
        },
      };
      break;
    }
    case 'proportion':
    case 'timeliness': {
      const n = f.kind === 'timeliness' ? c.eventsTimely : c[f.numerator];
      const d = f.kind === 'timeliness' ? c.eventsReported : c[f.denominator];
      out = {
        value: ratio(n, d, f.per),
        ...scaled(wilson(n, d), f.per),
        numerator: n,
        denominator: d,
        parts: { numerator: n, denominator: d },
      };
      break;
    }
    case 'captureRecapture': {
      // A child found in the registry may be registered in a neighbouring period or village:
      // "on both" cannot exceed either list, or the estimate would fall below what was seen.
      const n1 = c.births;
      const n2 = c.hospitalBirths;
      const m = Math.min(c.hospitalBirthsRegistered, n1, n2);
      const parts = { births: n1, hospitalBirths: n2, hospitalBirthsRegistered: m };
      if (n2 === 0) {
        out = { value: null, lower: null, upper: null, numerator: n1, denominator: null, parts };
        break;
      }
      const e = chapman(n1, n2, m);
      out = {
        value: e.completeness === null ? null : e.completeness * f.per,
        lower: e.completenessLow === null ? null : e.completenessLow * f.per,
        upper: e.completenessHigh === null ? null : e.completenessHigh * f.per,
        numerator: n1,
        denominator: e.estimate,
        parts: { ...parts, estimatedBirths: e.estimate, estimatedLow: e.low, estimatedHigh: e.high },
      };
      break;
    }
    case 'amountRatio': {
      const n = c[f.numerator];
      const d = c[f.denominator];
      out = {
        value: ratio(n, d, f.per),
        lower: null,
        upper: null,
        numerator: n,
        denominator: d,
        parts: { numerator: n, denominator: d },
      };
      break;
    }
    case 'total': {
      // Fen are integers; the yuan value is divided once, for display, never summed as floats.
      const n = c[f.of];
      out = { value: n / f.divisor, lower: null, upper: null, numerator: n, denominator: null, parts: { [f.of]: n } };
      break;
    }
    case 'totalFertility': {
      const t = totalFertility(c.birthsByAge, c.exposureByAge);
      const womanYears = c.exposureByAge.reduce((s, x) => s + x, 0);
      const placed = c.birthsByAge.reduce((s, x) => s + x, 0);
      out = {
        value: t.value,
        lower: t.lower,
        upper: t.upper,
        numerator: placed,
        denominator: womanYears,
        parts: {
          births: c.births,
          birthsInRate: placed - t.unplacedBirths,
          birthsAgeUnknown: c.birthsAgeUnknown,
          birthsWithoutExposure: t.unplacedBirths,
          womanYears,
        },
      };
      break;
    }
  }
  return { ...out, status: statusOf(def, out) };
}

/** Where a figure stands against the normal range, given its interval. */
export function statusOf(
  def: IndicatorDefinition,
  v: Pick<FigureValue, 'value' | 'lower' | 'upper'>,
): FigureStatus | null {
  const r = def.normalRange;
  if (!r || v.value === null) return null;
  const low = r.low ?? -Infinity;
  const high = r.high ?? Infinity;
  if (v.value >= low && v.value <= high) return 'normal';
  const lower = v.lower ?? -Infinity;
  const upper = v.upper ?? Infinity;
  if (lower > high) return 'high';
  if (upper < low) return 'low';
  return 'uncertain';
}

/** Rounds a figure for display and storage of published values (the definition says how far). */
export function roundTo(x: number | null, decimals: number): number | null {
  if (x === null || !Number.isFinite(x)) return null;
  const f = 10 ** decimals;
  return Math.round(x * f) / f;
}
