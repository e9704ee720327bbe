/**
 * The demographic parameters of the synthetic population: one typed object with defaults, and
 * the schedules (life table, fertility by age and parity, marriage, divorce, migration) the
 * simulation draws from. Sources of the shapes are in docs/synthetic-county.md.
 */
import type { Sex } from './population.model.js';

export type PopulationParams = {
  /** Everything random derives from it: one seed, one population. */
  seed: number;
  /**
   * Registered residents on 2015-01-01 for a county, before scaling; default: the county's known
   * size (华容县 730,000), else 2,470 a village (湖南省's registered population over its villages).
   */
  persons?: number;
  /** Multiplies `persons`: 1 is full size, 0.01 a hundredth (villages keep their share). */
  scale: number;
  /** Boys per 100 girls at birth (出生性别比). */
  sexRatioAtBirth: number;
  /**
   * 'balanced' spreads boys and girls evenly over each year's births (systematic sampling with a
   * random phase), so a county's yearly ratio stays within a point of the target; 'independent'
   * draws each birth on its own, with the full binomial spread.
   */
  sexRatioSampling: 'balanced' | 'independent';
  /** Share of births with a recorded birth defect (出生缺陷发生率): 0.0008 is 0.8‰. */
  birthDefectRate: number;
  /** Multiplies the crude birth rates below (aligned yearly). */
  fertilityScale: number;
  /** Crude birth rate (‰) by year the births are aligned to: 湖南's trend, halving 2016 → 2023. */
  birthRates: Record<number, number>;
  /** Multiplies the life table's probabilities of dying. */
  mortalityScale: number;
  /** Multiplies first-marriage hazards. */
  marriageScale: number;
  /** Multiplies divorce hazards. */
  divorceScale: number;
  /** Multiplies hukou moves out of the county (students, work, marriage elsewhere). */
  outMigrationScale: number;
  /** Multiplies families moving their hukou into the county. */
  inMigrationScale: number;
  /** First day simulated and last day with events. */
  start: string;
  end: string;
  /** Villages that get at least ~120 people with young couples whatever the scale (demos report there). */
  demoVillages: readonly string[];
  /**
   * The children women of the base population bore before the start, by the mother's birth
   * cohort and her household's hukou type (calibrated so that the 2016 benefit cycles match the
   * speech's counts: see docs/synthetic-county.md).
   */
  cohortFertility: readonly CohortFertility[];
  /** Multiplies the chance that a child born before the start died before it (under five, and later by the life table). */
  childMortalityScale: number;
  /**
   * Share of village (农业) households whose hukou is nevertheless 非农业 (teachers, cadres,
   * workers of state farms and enterprises who live in a village), so urban hukou is not only
   * the county seat's 社区.
   */
  urbanHouseholdsInVillages: number;
};

/**
 * Parity progression of one cohort: `next[k]` is the chance that a woman with k children has
 * another (k = 0: a first child at all); `afterGirl` replaces next[1] when the first child is a
 * girl, `afterTwoGirls` replaces next[2] when both are girls (son preference shapes sibships).
 */
export type ParityProgression = { next: readonly number[]; afterGirl?: number; afterTwoGirls?: number };
export type CohortFertility = { bornBefore: number; rural: ParityProgression; urban: ParityProgression };

/**
 * Completed fertility of the base population's mothers by cohort: four or five children before
 * 1945, fewer through the 1960s cohorts (the later-longer-fewer campaign of the 1970s, then the
 * one-child policy from 1980, strict in towns, in rural 湖南 a second child after a first girl).
 * Few rural families of the 1930s–50s cohorts stopped at one child or two daughters (4,228 rural
 * reward recipients in 2016 of ~120,000 rural people aged 60 or more); most urban parents born in
 * the 1950s had one child (7,028 urban only-child parents rewarded).
 */
export const COHORT_FERTILITY: readonly CohortFertility[] = [
  {
    bornBefore: 1945,
    rural: { next: [0.97, 0.975, 0.92, 0.75, 0.5, 0.3, 0.15], afterTwoGirls: 0.97 },
    urban: { next: [0.97, 0.97, 0.85, 0.7, 0.5, 0.3, 0.15] },
  },
  {
    bornBefore: 1955,
    rural: { next: [0.97, 0.975, 0.75, 0.4, 0.15, 0.05, 0], afterTwoGirls: 0.97 },
    urban: { next: [0.97, 0.955, 0.7, 0.4, 0.15, 0.05, 0] },
  },
  {
    bornBefore: 1960,
    rural: { next: [0.96, 0.93, 0.3, 0.08, 0.02, 0, 0], afterGirl: 0.97, afterTwoGirls: 0.85 },
    urban: { next: [0.95, 0.59, 0.12, 0.02, 0, 0, 0] },
  },
  {
    bornBefore: 1965,
    rural: { next: [0.96, 0.9, 0.3, 0.08, 0.02, 0, 0], afterGirl: 0.97, afterTwoGirls: 0.75 },
    urban: { next: [0.95, 0.2, 0.02, 0, 0, 0, 0] },
  },
  {
    bornBefore: 9999,
    rural: { next: [0.95, 0.28, 0.06, 0.01, 0, 0, 0], afterGirl: 0.72 },
    urban: { next: [0.93, 0.1, 0.01, 0, 0, 0, 0] },
  },
];

/** 湖南's crude birth rates (13.57‰ in 2016, 13.27‰ 2017, 12.19‰ 2018, 10.39‰ 2019), then births halving by 2023; 2024 was a dragon year. */
export const BIRTH_RATES: Record<number, number> = {
  2015: 13.2,
  2016: 13.6,
  2017: 13.25,
  2018: 12.1,
  2019: 10.4,
  2020: 8.6,
  2021: 7.4,
  2022: 6.9,
  2023: 6.7,
  2024: 6.9,
  2025: 6.2,
  2026: 5.9,
};

export const DEFAULT_PARAMS: PopulationParams = {
  seed: 20260214,
  scale: 1,
  sexRatioAtBirth: 106,
  sexRatioSampling: 'balanced',
  birthDefectRate: 0.0008,
  fertilityScale: 1,
  birthRates: BIRTH_RATES,
  mortalityScale: 1,
  marriageScale: 1,
  divorceScale: 1,
  outMigrationScale: 1,
  inMigrationScale: 1,
  start: '2015-01-01',
  end: '2026-10-31',
  demoVillages: [],
  cohortFertility: COHORT_FERTILITY,
  childMortalityScale: 0.39,
  urbanHouseholdsInVillages: 0,
};

/** Registered population on 2015-01-01 of counties we know; others get PERSONS_PER_VILLAGE a village. */
export const KNOWN_COUNTY_SIZE: Record<string, number> = { '430623': 730_000 };
export const PERSONS_PER_VILLAGE = 2_470;

// ---------------------------------------------------------------------------------------------
// Mortality

/**
 * Yearly probability of dying: a Gompertz–Makeham curve fitted to China's 2015 life table
 * (rural, both sexes: about 0.9% at 60, 2.3% at 70, 6% at 80, 17% at 90), men above women,
 * improving 1.5% a year; infants 4‰ falling to 2.5‰. 2023 carries the winter wave's excess.
 */
export function deathProbability(age: number, sex: Sex, year: number, scale: number): number {
  const a = Math.min(120, Math.max(0, age));
  const key = ((year - 1850) * 121 + a) * 2 + sex - 1;
  let q = qCache[key];
  if (q === undefined) qCache[key] = q = lifeTableQ(a, sex, year);
  return Math.min(0.5, q * scale);
}

const qCache: number[] = [];

function lifeTableQ(age: number, sex: Sex, year: number): number {
  const scale = 1;
  const improvement = Math.pow(0.985, year - 2015);
  const period = year === 2023 ? 1.07 : year === 2022 ? 1.02 : 1;
  if (age < 1) return 0.004 * Math.pow(0.96, year - 2015) * scale;
  const base = age < 5 ? 0.0006 : 0.00035 + 3.1e-5 * Math.exp(0.0946 * age);
  return Math.min(0.5, base * (sex === 1 ? 1.18 : 0.73) * improvement * (age >= 65 ? period : 1) * scale);
}

/**
 * Probability that a child born in `year` died before age five: China's under-five mortality
 * (about 20% in the famine years 1959–61, 12% in the 1950s and 1960s, 6% in the 1970s, 4.5% in
 * the 1980s, 4% in the 1990s, 2.5% in the 2000s, 1.2% since 2010), a quarter higher in villages
 * and a third lower in towns.
 */
export function underFiveMortality(year: number, urban: boolean): number {
  const q =
    year < 1959
      ? 0.12
      : year < 1962
        ? 0.2
        : year < 1970
          ? 0.1
          : year < 1980
            ? 0.06
            : year < 1990
              ? 0.045
              : year < 2000
                ? 0.04
                : year < 2010
                  ? 0.025
                  : 0.012;
  return q * (urban ? 0.67 : 1.25);
}

// ---------------------------------------------------------------------------------------------
// Fertility: relative weights of married women; the yearly level is aligned to `birthRates`.

/** China's age pattern of fertility in the 2010s (single years, relative). */
export function fertilityByAge(age: number): number {
  if (age < 18 || age > 49) return 0;
  if (age < 20) return 0.12;
  if (age < 23) return 0.6;
  if (age < 27) return 1;
  if (age < 30) return 0.9;
  if (age < 33) return 0.62;
  if (age < 36) return 0.36;
  if (age < 40) return 0.15;
  if (age < 45) return 0.035;
  return 0.005;
}

/**
 * Relative chance of a next birth by the children a woman has: the two-child policy (2016)
 * released second births; third births rise a little after 2021; after a first girl a second
 * child is more likely (son preference, weaker than it was).
 */
export function parityWeight(parity: number, firstIsGirl: boolean, year: number, monthsSinceLast: number): number {
  if (parity === 0) return 1.35;
  if (monthsSinceLast < 15) return 0;
  const spacing = monthsSinceLast < 30 ? 0.7 : monthsSinceLast < 96 ? 1 : 0.6;
  if (parity === 1) {
    const wave = year === 2016 ? 0.62 : year === 2017 ? 0.6 : year === 2018 ? 0.5 : 0.42;
    return wave * (firstIsGirl ? 1.35 : 0.8) * spacing;
  }
  if (parity === 2) return (year >= 2021 ? 0.085 : 0.06) * spacing;
  return 0.02 * spacing;
}

// ---------------------------------------------------------------------------------------------
// Marriage and divorce

/** Yearly hazard of a first marriage by age and sex (rural 湖南, mid-2010s). */
export function firstMarriageHazard(age: number, sex: Sex): number {
  if (sex === 2) {
    if (age < 20) return 0;
    if (age < 22) return 0.07;
    if (age < 24) return 0.16;
    if (age < 27) return 0.22;
    if (age < 30) return 0.18;
    if (age < 35) return 0.1;
    if (age < 45) return 0.03;
    return 0;
  }
  if (age < 22) return 0;
  if (age < 24) return 0.08;
  if (age < 27) return 0.16;
  if (age < 30) return 0.17;
  if (age < 35) return 0.1;
  if (age < 45) return 0.035;
  return 0;
}

/** Marriages in China fell by half from 2015 to 2024; later marriage and fewer of it. */
export function marriagePeriod(year: number): number {
  const f: Record<number, number> = {
    2015: 1,
    2016: 0.94,
    2017: 0.89,
    2018: 0.84,
    2019: 0.79,
    2020: 0.7,
    2021: 0.72,
    2022: 0.63,
    2023: 0.7,
    2024: 0.56,
    2025: 0.58,
    2026: 0.55,
  };
  return f[year] ?? 0.55;
}

/** Yearly divorce hazard of a couple by years married; the 2021 cooling-off period cut divorces. */
export function divorceHazard(yearsMarried: number, year: number): number {
  const base = yearsMarried < 3 ? 0.006 : yearsMarried < 10 ? 0.007 : yearsMarried < 20 ? 0.004 : 0.0015;
  return base * (year >= 2021 ? 0.72 : 1);
}

// ---------------------------------------------------------------------------------------------
// Migration (hukou moves; migrant workers mostly keep their hukou at home)

/** Yearly hazard of an individual hukou move out of the county (university, work, settling in a city). */
export function moveOutHazard(age: number): number {
  if (age < 18) return 0;
  if (age < 20) return 0.06;
  if (age < 23) return 0.03;
  if (age < 35) return 0.015;
  if (age < 50) return 0.006;
  return 0.0015;
}

/** Yearly hazard that a young family (couple with their children) moves out together. */
export const FAMILY_MOVE_OUT = 0.006;
/** Families moving in per 1000 residents a year (mostly flats in the county seat). */
export const FAMILY_MOVE_IN_PER_1000 = 0.6;

export const DESTINATIONS: ReadonlyArray<readonly [string, number]> = [
  ['湖南省长沙市', 30],
  ['湖南省岳阳市岳阳楼区', 22],
  ['广东省深圳市', 12],
  ['广东省广州市', 8],
  ['广东省东莞市', 6],
  ['湖北省武汉市', 5],
  ['湖北省荆州市', 4],
  ['浙江省杭州市', 4],
  ['上海市', 3],
  ['湖南省常德市', 3],
  ['北京市', 2],
  ['湖南省益阳市', 3],
];
