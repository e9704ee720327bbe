/**
 * The catalogue of indicator definitions. A definition is data: its formula kind, parameters,
 * names, unit, normal range and what its numerator and denominator count (and so which records
 * a drill-down lists). Definitions are versioned: changing one means adding a new version with a
 * later `effectiveFrom`, never editing a published one, so every version stays computable and a
 * figure states the version it was computed by (published figures keep theirs).
 *
 * Each definition names its `source`: the registry, record linkage (the findings of the
 * current linkage runs of department feeds: match and under-reporting rates, and the
 * completeness of birth registration by capture–recapture), or benefit payments (兑现准确率,
 * 资金到位率, 及时发放率, payments and amounts paid; benefits/benefit.indicators.ts). The
 * health services, the care register, petitions and 两非 cases add theirs (筛查率, 随访率, 按期办结率,
 * 走访次数, 立案数 …; indicator.catalog.services.ts): a source supplies counts per unit and period
 * (indicator.service.ts) and the records behind them (indicator.records.ts).
 */
import type { ReportType } from '../db/schema.js';
import { serviceDefinitions, type ServiceCountKey, type ServiceRecordSet } from './indicator.catalog.services.js';

export type IndicatorSource = 'registry' | 'linkage' | 'benefits' | 'health' | 'care' | 'petitions' | 'cases';

/** Which records a numerator or denominator counts: what its drill-down lists. */
export type RecordSet =
  | { kind: 'events'; types: ReportType[]; filter?: EventFilter }
  /** Persons registered (or living, for the resident population) at the start or the end of the period. */
  | { kind: 'population' }
  /** Women aged 15–49 at some time in the period, with their days of exposure. */
  | { kind: 'women' }
  /** Findings of the current linkage runs of department feeds, by the date of the event the feed reports. */
  | { kind: 'findings'; filter: FindingFilter }
  /** Benefit payments of approved batches, by the batch's due date (benefits/benefit.indicators.ts). */
  | { kind: 'payments'; filter: PaymentFilter }
  /** Health services, care, petitions and cases (indicator.catalog.services.ts). */
  | ServiceRecordSet;

/**
 * Which benefit payments: paid; paid exactly what was due with no recovery case; paid on or
 * before the batch's due date; due (every payment not itself paid again by a repay, so a failed
 * payment and its repay count one amount due).
 */
export type PaymentFilter = 'paid' | 'paidExact' | 'paidTimely' | 'due';

/**
 * Which linkage findings: all decided (not waiting for a reviewer), those linked to a registry
 * person, hospital birth certificates about the county (and those missing from or found in the
 * registry), departments' deaths and cremations about the county (and those the registry lacks
 * or contradicts; one person reported by several departments counts once).
 */
export type FindingFilter =
  | 'decided'
  | 'linked'
  | 'hospitalBirths'
  | 'hospitalBirthsMissing'
  | 'hospitalBirthsRegistered'
  | 'deaths'
  | 'deathsUnreported';

export type EventFilter =
  'male' | 'female' | 'order1' | 'order2' | 'order3plus' | 'orderKnown' | 'defect' | 'reported' | 'timely';

/** How a figure is computed from the counts (indicator.formulas.ts). */
export type Formula =
  | { kind: 'sexRatio' }
  | { kind: 'rate'; events: 'births' | 'deaths'; per: number }
  | { kind: 'growthRate'; per: number }
  | { kind: 'proportion'; numerator: CountKey; denominator: CountKey; per: number }
  | { kind: 'totalFertility'; minAge: number; maxAge: number }
  | { kind: 'timeliness'; days: number; per: number }
  /** Registry births ÷ births estimated from the registry and hospital certificates (Chapman). */
  | { kind: 'captureRecapture'; per: number }
  /**
   * A ratio of two amounts of money (fen ÷ fen): no interval, since fen are not independent
   * trials and the figure counts every payment of the period rather than a sample.
   */
  | { kind: 'amountRatio'; numerator: CountKey; denominator: CountKey; per: number }
  /** A plain total: a count of records, or an amount kept in fen and shown in yuan (÷ 100). No interval, no denominator. */
  | { kind: 'total'; of: CountKey; divisor: 1 | 100 };

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
  | 'eventsTimely'
  | 'feedRecordsDecided'
  | 'feedRecordsLinked'
  | 'hospitalBirths'
  | 'hospitalBirthsMissing'
  | 'hospitalBirthsRegistered'
  | 'feedDeaths'
  | 'feedDeathsUnreported'
  | 'paymentsPaid'
  | 'paymentsPaidExact'
  | 'paymentsPaidTimely'
  | 'fenPaid'
  | 'fenDue'
  | ServiceCountKey;

/** Rates and ratios, and plain totals: `count` (records) and `yuan` (money, computed from integer fen). */
export type IndicatorUnit = '‰' | '%' | 'ratio' | 'perWoman' | 'count' | 'yuan';

export type Part = {
  nameZh: string;
  nameEn: string;
  records: RecordSet;
  /** `fen`: the part is an amount of money in integer fen (pages show it in yuan), not a count of records. */
  measure?: 'fen';
};

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
  /** Null for a total (a count or an amount), which divides by nothing. */
  denominator: Part | null;
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
    numerator: {
      nameZh: '男婴活产数',
      nameEn: 'male live births',
      records: { kind: 'events', types: ['birth'], filter: 'male' },
    },
    denominator: {
      nameZh: '女婴活产数',
      nameEn: 'female live births',
      records: { kind: 'events', types: ['birth'], filter: 'female' },
    },
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
    numerator: {
      nameZh: '出生人数 − 死亡人数',
      nameEn: 'live births − deaths',
      records: { kind: 'events', types: ['birth', 'death'] },
    },
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
    numerator: {
      nameZh: '有出生缺陷的活产数',
      nameEn: 'births with a recorded defect',
      records: { kind: 'events', types: ['birth'], filter: 'defect' },
    },
    denominator: births,
    formula: { kind: 'proportion', numerator: 'birthsWithDefect', denominator: 'births', per: 1000 },
  },
  ...(
    [
      ['birthOrder1Share', '一孩占比', 'share of first births', 'order1', 'birthsOrder1', '一孩'],
      ['birthOrder2Share', '二孩占比', 'share of second births', 'order2', 'birthsOrder2', '二孩'],
      [
        'birthOrder3PlusShare',
        '三孩及以上占比',
        'share of third and higher-order births',
        'order3plus',
        'birthsOrder3Plus',
        '三孩及以上',
      ],
    ] as const
  ).map(([code, nameZh, nameEn, filter, key, orderZh]): IndicatorDefinition => ({
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
    numerator: {
      nameZh: `${orderZh}活产数`,
      nameEn: nameEn.replace('share of ', ''),
      records: { kind: 'events', types: ['birth'], filter },
    },
    denominator: {
      nameZh: '孩次已知的活产数',
      nameEn: 'live births of known order',
      records: { kind: 'events', types: ['birth'], filter: 'orderKnown' },
    },
    formula: { kind: 'proportion', numerator: key, denominator: 'birthsOrderKnown', per: 100 },
  })),
  {
    code: 'totalFertilityRate',
    version: 1,
    effectiveFrom: V1,
    source: 'registry',
    nameZh: '总和生育率',
    nameEn: 'total fertility rate',
    formulaZh:
      '15–49 岁各单岁组育龄妇女生育率之和；分岁生育率 = 该岁母亲的活产数 ÷ 该岁妇女的人年数（母亲年龄取生育时的周岁，不足15岁计入15岁，50岁及以上计入49岁）',
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
    formulaZh:
      '事件发生后 30 日内上报的事件数 ÷ 已上报的事件数 × 100%（出生、死亡、结婚、离婚、迁入、迁出；按县级确认的报告计）',
    formulaEn:
      'events reported within 30 days of the event / events reported × 100 (births, deaths, marriages, divorces, moves; confirmed reports)',
    unit: '%',
    decimals: 2,
    normalRange: null,
    numerator: {
      nameZh: '30日内上报的事件数',
      nameEn: 'events reported within 30 days',
      records: { kind: 'events', types: TIMED_EVENTS, filter: 'timely' },
    },
    denominator: {
      nameZh: '已上报的事件数',
      nameEn: 'events reported',
      records: { kind: 'events', types: TIMED_EVENTS, filter: 'reported' },
    },
    formula: { kind: 'timeliness', days: 30, per: 100 },
  },
  {
    code: 'linkageMatchRate',
    version: 1,
    effectiveFrom: V1,
    source: 'linkage',
    nameZh: '部门数据比对匹配率',
    nameEn: 'department data match rate',
    formulaZh:
      '与登记人员比对成功的部门记录数 ÷ 已判定的部门记录数 × 100%（公安、医院出生医学证明、民政、教育等部门数据的当前比对结果；待人工确认的不计；按部门记录的事件日期归期，按责任村归属）',
    formulaEn:
      'department records linked to a registry person / department records decided × 100 (current linkage runs of police, hospital, civil-affairs, education and other feeds; pairs waiting for a reviewer not counted; by the date of the event and the responsible village)',
    unit: '%',
    decimals: 2,
    normalRange: null,
    numerator: {
      nameZh: '比对成功的部门记录数',
      nameEn: 'department records linked',
      records: { kind: 'findings', filter: 'linked' },
    },
    denominator: {
      nameZh: '已判定的部门记录数',
      nameEn: 'department records decided',
      records: { kind: 'findings', filter: 'decided' },
    },
    formula: { kind: 'proportion', numerator: 'feedRecordsLinked', denominator: 'feedRecordsDecided', per: 100 },
  },
  {
    code: 'birthUnderReportingRate',
    version: 1,
    effectiveFrom: V1,
    source: 'linkage',
    nameZh: '出生漏报率',
    nameEn: 'birth under-reporting rate',
    formulaZh:
      '登记中没有的医院出生医学证明数 ÷ 本单位的医院出生医学证明数 × 100%（按出生日期归期，按母亲户籍村归属；母亲不在本县的证明不计）',
    formulaEn:
      "hospital birth certificates the registry lacks / hospital birth certificates about the unit × 100 (by date of birth and the mother's village; certificates of mothers from outside the county not counted)",
    unit: '%',
    decimals: 2,
    normalRange: null,
    numerator: {
      nameZh: '登记中没有的出生',
      nameEn: 'certified births the registry lacks',
      records: { kind: 'findings', filter: 'hospitalBirthsMissing' },
    },
    denominator: {
      nameZh: '医院出生医学证明数',
      nameEn: 'hospital birth certificates',
      records: { kind: 'findings', filter: 'hospitalBirths' },
    },
    formula: { kind: 'proportion', numerator: 'hospitalBirthsMissing', denominator: 'hospitalBirths', per: 100 },
  },
  {
    code: 'deathUnderReportingRate',
    version: 1,
    effectiveFrom: V1,
    source: 'linkage',
    nameZh: '死亡漏报率',
    nameEn: 'death under-reporting rate',
    formulaZh:
      '部门记录死亡而登记中仍健在或未登记死亡的人数 ÷ 部门记录死亡的本单位人数 × 100%（公安死亡注销、民政死亡和火化等；一人由多个部门报告只计一次；按死亡日期归期）',
    formulaEn:
      'persons departments record as dead whom the registry holds alive or lacks / persons of the unit departments record as dead × 100 (police cancellations, civil-affairs deaths and cremations …; a person reported by several departments counts once; by date of death)',
    unit: '%',
    decimals: 2,
    normalRange: null,
    numerator: {
      nameZh: '登记中未报的死亡人数',
      nameEn: 'deaths the registry lacks or contradicts',
      records: { kind: 'findings', filter: 'deathsUnreported' },
    },
    denominator: {
      nameZh: '部门记录的死亡人数',
      nameEn: 'deaths recorded by departments',
      records: { kind: 'findings', filter: 'deaths' },
    },
    formula: { kind: 'proportion', numerator: 'feedDeathsUnreported', denominator: 'feedDeaths', per: 100 },
  },
  {
    code: 'birthRegistrationCompleteness',
    version: 1,
    effectiveFrom: V1,
    source: 'linkage',
    nameZh: '出生登记完整率（捕获—再捕获估计）',
    nameEn: 'completeness of birth registration (capture–recapture)',
    formulaZh:
      '登记出生数 ÷ 估计出生总数 × 100%；估计出生总数按登记和医院出生医学证明两个来源的 Chapman 估计：(登记出生数 + 1)(证明数 + 1) ÷ (两者都有的出生数 + 1) − 1，区间按 Seber 方差；统计期应在医院出生医学证明完整报送的期间之内，否则完整率偏低',
    formulaEn:
      'registered births / estimated births × 100, births estimated from the registry and hospital birth certificates by Chapman: (registered + 1)(certificates + 1) / (on both + 1) − 1, interval by Seber’s variance; choose a period the hospital feeds cover in full, or the completeness comes out too low',
    unit: '%',
    decimals: 2,
    normalRange: null,
    numerator: births,
    denominator: {
      nameZh: '估计出生总数（医院出生医学证明及其在登记中找到的部分）',
      nameEn: 'estimated births (hospital certificates and those found in the registry)',
      records: { kind: 'findings', filter: 'hospitalBirths' },
    },
    formula: { kind: 'captureRecapture', per: 100 },
  },
  ...benefitDefinitions(),
  ...serviceDefinitions(),
];

/**
 * Benefit payments (docs/benefits-figures.md): every payment of an approved (or exported or
 * reconciled) batch counts in the period of its batch's due date (due_on) and for the payee's
 * village (benefit_payment.unit_id), over all programs.
 */
function benefitDefinitions(): IndicatorDefinition[] {
  const paid: Part = {
    nameZh: '已发放笔数',
    nameEn: 'payments paid',
    records: { kind: 'payments', filter: 'paid' },
  };
  const base = { version: 1, effectiveFrom: V1, source: 'benefits' as const, normalRange: null };
  return [
    {
      ...base,
      code: 'benefitAccuracy',
      nameZh: '兑现准确率',
      nameEn: 'benefit accuracy',
      formulaZh:
        '足额且无追回的已发放笔数 ÷ 已发放笔数 × 100%（实发金额等于应发金额，且未因不应发放（如死亡后发放）立追回案件；按批次应到账日期归期，按领取人所在村归属）',
      formulaEn:
        'payments paid exactly what was due with no recovery case / payments paid × 100 (by the batch’s due date and the payee’s village)',
      unit: '%',
      decimals: 2,
      numerator: {
        nameZh: '足额且无追回的已发放笔数',
        nameEn: 'payments paid as due, no recovery',
        records: { kind: 'payments', filter: 'paidExact' },
      },
      denominator: paid,
      formula: { kind: 'proportion', numerator: 'paymentsPaidExact', denominator: 'paymentsPaid', per: 100 },
    },
    {
      ...base,
      code: 'benefitFundsInPlace',
      nameZh: '资金到位率',
      nameEn: 'funds in place',
      formulaZh:
        '实发金额 ÷ 应发金额 × 100%（应发金额按本期各笔的应发数计，失败后补发的只计补发那一笔，不重复计；待银行回盘的计入应发、不计实发；金额比值不给置信区间）',
      formulaEn:
        'amount paid / amount due × 100 (a failed payment paid again counts its due once, on the repay; payments awaiting the bank’s result are due and not paid; no interval for a ratio of amounts)',
      unit: '%',
      decimals: 2,
      numerator: {
        nameZh: '实发金额（元）',
        nameEn: 'amount paid (yuan)',
        records: { kind: 'payments', filter: 'paid' },
        measure: 'fen',
      },
      denominator: {
        nameZh: '应发金额（元）',
        nameEn: 'amount due (yuan)',
        records: { kind: 'payments', filter: 'due' },
        measure: 'fen',
      },
      formula: { kind: 'amountRatio', numerator: 'fenPaid', denominator: 'fenDue', per: 100 },
    },
    {
      ...base,
      code: 'benefitTimeliness',
      nameZh: '及时发放率',
      nameEn: 'timely payment',
      formulaZh: '在批次应到账日期当日或之前到账的笔数 ÷ 已发放笔数 × 100%',
      formulaEn: 'payments paid on or before their batch’s due date / payments paid × 100',
      unit: '%',
      decimals: 2,
      numerator: {
        nameZh: '按期到账的笔数',
        nameEn: 'payments paid by the due date',
        records: { kind: 'payments', filter: 'paidTimely' },
      },
      denominator: paid,
      formula: { kind: 'proportion', numerator: 'paymentsPaidTimely', denominator: 'paymentsPaid', per: 100 },
    },
    {
      ...base,
      code: 'benefitPaymentsPaid',
      nameZh: '发放笔数',
      nameEn: 'payments paid',
      formulaZh: '已发放（银行回盘成功）的笔数',
      formulaEn: 'payments the bank reported paid',
      unit: 'count',
      decimals: 0,
      numerator: paid,
      denominator: null,
      formula: { kind: 'total', of: 'paymentsPaid', divisor: 1 },
    },
    {
      ...base,
      code: 'benefitAmountPaid',
      nameZh: '发放金额',
      nameEn: 'amount paid',
      formulaZh: '已发放各笔的实发金额之和（元；以分计算，不用浮点）',
      formulaEn: 'sum of the amounts paid (yuan; computed in integer fen)',
      unit: 'yuan',
      decimals: 2,
      numerator: {
        nameZh: '已发放金额（元）',
        nameEn: 'amount paid (yuan)',
        records: { kind: 'payments', filter: 'paid' },
        measure: 'fen',
      },
      denominator: null,
      formula: { kind: 'total', of: 'fenPaid', divisor: 100 },
    },
  ];
}

export const INDICATOR_CODES = [...new Set(DEFINITIONS.map((d) => d.code))];

/**
 * The version of each code in effect on `date`: the latest whose effectiveFrom is not after it
 * (a code none of whose versions is in effect yet answers with its first).
 */
export function definitionsInEffect(
  date: string,
  all: readonly IndicatorDefinition[] = DEFINITIONS,
): IndicatorDefinition[] {
  const byCode = new Map<string, IndicatorDefinition>();
  for (const d of [...all].sort((a, b) => a.version - b.version)) {
    if (!byCode.has(d.code) || d.effectiveFrom <= date) byCode.set(d.code, d);
  }
  return [...byCode.values()];
}

/** One exact version (published figures name theirs). */
export function findDefinition(
  code: string,
  version: number,
  all: readonly IndicatorDefinition[] = DEFINITIONS,
): IndicatorDefinition | undefined {
  return all.find((d) => d.code === code && d.version === version);
}
