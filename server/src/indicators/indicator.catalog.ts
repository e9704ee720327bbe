/**
 * The catalogue of indicator definitions. A definition is data: its formula kind, parameters,
 * names, unit, normal range and what its numerator and denominator count (and so which records
 * a drill-down lists). Definitions are versioned: changing one means adding a new version with a
 * later `effectiveFrom`, never editing a published one, so every version stays computable and a
 * figure states the version it was computed by (published figures keep theirs).
 *
 * Each definition names its `source`: the registry now; the benefit, screening and petition
 * modules add theirs (a source supplies counts per unit and period, see indicator.service.ts)
 * together with their definitions (兑现准确率, 普查率, 办结率 …).
 */
import type { ReportType } from '../db/schema.js';

export type IndicatorSource = 'registry';

/** Which records a numerator or denominator counts: what its drill-down lists. */
export type RecordSet =
  | { kind: 'events'; types: ReportType[]; filter?: EventFilter }
  /** Persons registered (or living, for the resident population) at the start or the end of the period. */
  | { kind: 'population' }
  /** Women aged 15–49 at some time in the period, with their days of exposure. */
  | { kind: 'women' };

export type EventFilter = 'male' | 'female' | 'order1' | 'order2' | 'order3plus' | 'orderKnown' | 'defect' | 'reported' | 'timely';

/** How a figure is computed from the counts (indicator.formulas.ts). */
export type Formula =
  | { kind: 'sexRatio' }
  | { kind: 'rate'; events: 'births' | 'deaths'; per: number }
  | { kind: 'growthRate'; per: number }
  | { kind: 'proportion'; numerator: CountKey; denominator: CountKey; per: number }
  | { kind: 'totalFertility'; minAge: number; maxAge: number }
  | { kind: 'timeliness'; days: number; per: number };

export type CountKey =
  | 'births'
  | 'birthsMale'
  | 'birthsFemale'
  | 'birthsOrder1'
  | 'birthsOrder2'
  | 'birthsOrder3Plus'
  | 'birthsOrderKnown'
  | 'birthsWithDefect'
  | 'deaths'
  | 'eventsReported'
  | 'eventsTimely';

export type IndicatorUnit = '‰' | '%' | 'ratio' | 'perWoman';

export type Part = { nameZh: string; nameEn: string; records: RecordSet };

export type IndicatorDefinition = {
  code: string;
  version: number;
  /** First day this version is used for new computations. */
  effectiveFrom: string;
  source: IndicatorSource;
  nameZh: string;
  nameEn: string;
  formulaZh: string;
  formulaEn: string;
  unit: IndicatorUnit;
  decimals: number;
  /** Where the figure should lie; null where no range is set (the county sets targets in assessment). */
  normalRange: { low: number | null; high: number | null; noteZh: string } | null;
  numerator: Part;
  denominator: Part;
  formula: Formula;
  /** What changed from the previous version (empty for version 1). */
  changeNoteZh?: string;
};

/** Vital events whose reporting is timed (corrections are not events in time). */
export const TIMED_EVENTS: ReportType[] = ['birth', 'death', 'marriage', 'divorce', 'move_in', 'move_out'];

const births: Part = { nameZh: '活产数', nameEn: 'live births', records: { kind: 'events', types: ['birth'] } };
const meanPopulation: Part = {
  nameZh: '年平均人口（期初与期末人口的平均数）×年数',
  nameEn: 'mean population ((start + end) / 2) × years',
  records: { kind: 'population' },
};
const V1 = '2016-01-01';

export const DEFINITIONS: readonly IndicatorDefinition[] = [
  {
    code: 'sexRatioAtBirth',
    version: 1,
    effectiveFrom: V1,
    source: 'registry',
    nameZh: '出生性别比',
    nameEn: 'sex ratio at birth',
    formulaZh: '男婴活产数 ÷ 女婴活产数 × 100',
    formulaEn: 'male live births / female live births × 100',
    unit: 'ratio',
    decimals: 2,
    normalRange: { low: 103, high: 107, noteZh: '正常值域 103–107' },
    numerator: { nameZh: '男婴活产数', nameEn: 'male live births', records: { kind: 'events', types: ['birth'], filter: 'male' } },
    denominator: { nameZh: '女婴活产数', nameEn: 'female live births', records: { kind: 'events', types: ['birth'], filter: 'female' } },
    formula: { kind: 'sexRatio' },
  },
  {
    code: 'naturalGrowthRate',
    version: 1,
    effectiveFrom: V1,
    source: 'registry',
    nameZh: '人口自然增长率',
    nameEn: 'natural growth rate',
    formulaZh: '（出生人数 − 死亡人数）÷ 年平均人口 × 1000‰；年平均人口 =（期初人口 + 期末人口）÷ 2',
    formulaEn: '(live births − deaths) / mean population × 1000; mean population = (start + end) / 2',
    unit: '‰',
    decimals: 2,
    normalRange: null,
    numerator: { nameZh: '出生人数 − 死亡人数', nameEn: 'live births − deaths', records: { kind: 'events', types: ['birth', 'death'] } },
    denominator: meanPopulation,
    formula: { kind: 'growthRate', per: 1000 },
  },
  {
    code: 'crudeBirthRate',
    version: 1,
    effectiveFrom: V1,
    source: 'registry',
    nameZh: '出生率',
    nameEn: 'crude birth rate',
    formulaZh: '出生人数 ÷ 年平均人口 × 1000‰',
    formulaEn: 'live births / mean population × 1000',
    unit: '‰',
    decimals: 2,
    normalRange: null,
    numerator: births,
    denominator: meanPopulation,
    formula: { kind: 'rate', events: 'births', per: 1000 },
  },
  {
    code: 'crudeDeathRate',
    version: 1,
    effectiveFrom: V1,
    source: 'registry',
    nameZh: '死亡率',
    nameEn: 'crude death rate',
    formulaZh: '死亡人数 ÷ 年平均人口 × 1000‰',
    formulaEn: 'deaths / mean population × 1000',
    unit: '‰',
    decimals: 2,
    normalRange: null,
    numerator: { nameZh: '死亡人数', nameEn: 'deaths', records: { kind: 'events', types: ['death'] } },
    denominator: meanPopulation,
    formula: { kind: 'rate', events: 'deaths', per: 1000 },
  },
  {
    code: 'birthDefectIncidence',
    version: 1,
    effectiveFrom: V1,
    source: 'registry',
    nameZh: '出生缺陷发生率',
    nameEn: 'birth-defect incidence',
    formulaZh: '有出生缺陷记录的活产数 ÷ 活产数 × 1000‰',
    formulaEn: 'live births with a recorded defect / live births × 1000',
    unit: '‰',
    decimals: 2,
    normalRange: null,
    numerator: { nameZh: '有出生缺陷的活产数', nameEn: 'births with a recorded defect', records: { kind: 'events', types: ['birth'], filter: 'defect' } },
    denominator: births,
    formula: { kind: 'proportion', numerator: 'birthsWithDefect', denominator: 'births', per: 1000 },
  },
  ...([
    ['birthOrder1Share', '一孩占比', 'share of first births', 'order1', 'birthsOrder1', '一孩'],
    ['birthOrder2Share', '二孩占比', 'share of second births', 'order2', 'birthsOrder2', '二孩'],
    ['birthOrder3PlusShare', '三孩及以上占比', 'share of third and higher-order births', 'order3plus', 'birthsOrder3Plus', '三孩及以上'],
  ] as const).map(
    ([code, nameZh, nameEn, filter, key, orderZh]): IndicatorDefinition => ({
      code,
      version: 1,
      effectiveFrom: V1,
      source: 'registry',
      nameZh,
      nameEn,
      formulaZh: `${orderZh}活产数 ÷ 孩次已知的活产数 × 100%`,
      formulaEn: `${nameEn.replace('share of ', '')} / live births of known order × 100`,
      unit: '%',
      decimals: 2,
      normalRange: null,
      numerator: { nameZh: `${orderZh}活产数`, nameEn: nameEn.replace('share of ', ''), records: { kind: 'events', types: ['birth'], filter } },
      denominator: { nameZh: '孩次已知的活产数', nameEn: 'live births of known order', records: { kind: 'events', types: ['birth'], filter: 'orderKnown' } },
      formula: { kind: 'proportion', numerator: key, denominator: 'birthsOrderKnown', per: 100 },
    }),
  ),
  {
    code: 'totalFertilityRate',
    version: 1,
    effectiveFrom: V1,
    source: 'registry',
    nameZh: '总和生育率',
    nameEn: 'total fertility rate',
    formulaZh: '15–49 岁各单岁组育龄妇女生育率之和；分岁生育率 = 该岁母亲的活产数 ÷ 该岁妇女的人年数（母亲年龄取生育时的周岁，不足15岁计入15岁，50岁及以上计入49岁）',
    formulaEn:
      'sum over single ages 15–49 of live births to mothers of that age (at the birth) / woman-years lived at that age in the period (births below 15 counted at 15, above 49 at 49)',
    unit: 'perWoman',
    decimals: 2,
    normalRange: null,
    numerator: births,
    denominator: { nameZh: '15–49 岁妇女人年数', nameEn: 'woman-years at ages 15–49', records: { kind: 'women' } },
    formula: { kind: 'totalFertility', minAge: 15, maxAge: 49 },
  },
  {
    code: 'reportTimeliness',
    version: 1,
    effectiveFrom: V1,
    source: 'registry',
    nameZh: '报告及时率',
    nameEn: 'report timeliness',
    formulaZh: '事件发生后 30 日内上报的事件数 ÷ 已上报的事件数 × 100%（出生、死亡、结婚、离婚、迁入、迁出；按县级确认的报告计）',
    formulaEn: 'events reported within 30 days of the event / events reported × 100 (births, deaths, marriages, divorces, moves; confirmed reports)',
    unit: '%',
    decimals: 2,
    normalRange: null,
    numerator: { nameZh: '30日内上报的事件数', nameEn: 'events reported within 30 days', records: { kind: 'events', types: TIMED_EVENTS, filter: 'timely' } },
    denominator: { nameZh: '已上报的事件数', nameEn: 'events reported', records: { kind: 'events', types: TIMED_EVENTS, filter: 'reported' } },
    formula: { kind: 'timeliness', days: 30, per: 100 },
  },
];

export const INDICATOR_CODES = [...new Set(DEFINITIONS.map((d) => d.code))];

/**
 * The version of each code in effect on `date`: the latest whose effectiveFrom is not after it
 * (a code none of whose versions is in effect yet answers with its first).
 */
export function definitionsInEffect(date: string, all: readonly IndicatorDefinition[] = DEFINITIONS): IndicatorDefinition[] {
  const byCode = new Map<string, IndicatorDefinition>();
  for (const d of [...all].sort((a, b) => a.version - b.version)) {
    if (!byCode.has(d.code) || d.effectiveFrom <= date) byCode.set(d.code, d);
  }
  return [...byCode.values()];
}

/** One exact version (published figures name theirs). */
export function findDefinition(code: string, version: number, all: readonly IndicatorDefinition[] = DEFINITIONS): IndicatorDefinition | undefined {
  return all.find((d) => d.code === code && d.version === version);
}
