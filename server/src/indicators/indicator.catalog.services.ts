/**
 * The figures of the free health services, the care register, petitions and 两非 cases (issue 7)
 * as definitions of the indicator catalogue (indicator.catalog.ts): screening coverage against
 * the target groups the registry gives (health/health.targets.ts), the follow-up of positive
 * findings, petitions concluded and accepted on time and their satisfaction, care visits,
 * families and assistance, cases opened and closed. Each source counts per period and unit in
 * its own module (health/health.indicators.ts, care/care.indicators.ts,
 * petitions/petition.indicators.ts, cases/case.indicators.ts); docs/indicators.md says how.
 */
import type { IndicatorDefinition, Part } from './indicator.catalog.js';

/** The services whose coverage is measured against a target group from the registry. */
export type ScreeningKind =
  | 'premarital'
  | 'prepregnancy'
  | 'prenatal_screening'
  | 'newborn_screening'
  | 'gynecological'
  | 'cervical_cancer'
  | 'breast_cancer';

/**
 * Records of the new sources, by what a drill-down lists:
 * - screening: the persons of a target group (target) or those of it who were served (covered);
 *   persons and the date of their service, never findings.
 * - positiveFindings: services with an abnormal result (all), or those whose follow-up had a
 *   contact or was closed (followedUp); persons and services, never findings.
 * - followups: follow-ups that fell due (due), or were closed by their due date (closedOnTime).
 * - petitions: by their deadlines (concludeDue, concludedOnTime, acceptDue, acceptedOnTime) or
 *   their satisfaction (rated, satisfied).
 * - care: visits, families in the register at the period's end, assistance granted.
 * - cases: 两非 cases opened or closed (only for holders of case.handle).
 */
export type ServiceRecordSet =
  | { kind: 'screening'; screening: ScreeningKind; filter: 'target' | 'covered'; cycleYears?: number }
  | { kind: 'positiveFindings'; filter: 'all' | 'followedUp' }
  | { kind: 'followups'; filter: 'due' | 'closedOnTime' }
  | {
      kind: 'petitions';
      filter: 'concludeDue' | 'concludedOnTime' | 'acceptDue' | 'acceptedOnTime' | 'rated' | 'satisfied';
    }
  | { kind: 'care'; filter: 'visits' | 'families' | 'assistance' }
  | { kind: 'cases'; filter: 'opened' | 'closed' };

/** Count keys of each screening: `<key>Target` and `<key>Covered`. */
export const SCREENING_KEYS = {
  cervical_cancer: 'cervical',
  breast_cancer: 'breast',
  gynecological: 'gynecological',
  prenatal_screening: 'prenatal',
  newborn_screening: 'newborn',
  premarital: 'premarital',
  prepregnancy: 'prepregnancy',
} as const satisfies Record<ScreeningKind, string>;

type ScreeningKey = (typeof SCREENING_KEYS)[ScreeningKind];

export type ServiceCountKey =
  | `${ScreeningKey}Target`
  | `${ScreeningKey}Covered`
  | 'positiveFindings'
  | 'positiveFollowedUp'
  | 'followupsDue'
  | 'followupsClosedOnTime'
  | 'petitionsConcludeDue'
  | 'petitionsConcludedOnTime'
  | 'petitionsAcceptDue'
  | 'petitionsAcceptedOnTime'
  | 'petitionsRated'
  | 'petitionsSatisfied'
  | 'careVisits'
  | 'careFamilies'
  | 'careFenGranted'
  | 'casesOpened'
  | 'casesClosed';

export const SERVICE_COUNT_KEYS: ServiceCountKey[] = [
  ...Object.values(SCREENING_KEYS).flatMap((k) => [`${k}Target` as const, `${k}Covered` as const]),
  'positiveFindings',
  'positiveFollowedUp',
  'followupsDue',
  'followupsClosedOnTime',
  'petitionsConcludeDue',
  'petitionsConcludedOnTime',
  'petitionsAcceptDue',
  'petitionsAcceptedOnTime',
  'petitionsRated',
  'petitionsSatisfied',
  'careVisits',
  'careFamilies',
  'careFenGranted',
  'casesOpened',
  'casesClosed',
];

const V1 = '2016-01-01';
const percent = { version: 1, effectiveFrom: V1, unit: '%' as const, decimals: 2, normalRange: null };
const count = { version: 1, effectiveFrom: V1, unit: 'count' as const, decimals: 0, normalRange: null };

/** [code, kind, nameZh, nameEn, target group (zh, en), covered (zh, en)] of each screening. */
const SCREENINGS: Array<[string, ScreeningKind, string, string, string, string, string, string]> = [
  [
    'cervicalCancerScreeningRate',
    'cervical_cancer',
    '宫颈癌筛查率',
    'cervical cancer screening coverage',
    '35–64 岁妇女数',
    'women aged 35–64',
    '本期接受宫颈癌筛查的人数',
    'of them screened for cervical cancer in the period',
  ],
  [
    'breastCancerScreeningRate',
    'breast_cancer',
    '乳腺癌筛查率',
    'breast cancer screening coverage',
    '35–64 岁妇女数',
    'women aged 35–64',
    '本期接受乳腺癌筛查的人数',
    'of them screened for breast cancer in the period',
  ],
  [
    'gynecologicalScreeningRate',
    'gynecological',
    '妇科病筛查率',
    'gynecological screening coverage',
    '20–64 岁妇女数',
    'women aged 20–64',
    '本期接受妇科病筛查的人数',
    'of them screened in the period',
  ],
  [
    'prenatalScreeningRate',
    'prenatal_screening',
    '产前筛查率',
    'prenatal screening coverage',
    '本期分娩的产妇数',
    'mothers of births in the period',
    '产前 280 天内接受产前筛查的产妇数',
    'of them screened in the 280 days before the birth',
  ],
  [
    'newbornScreeningRate',
    'newborn_screening',
    '新生儿疾病筛查率',
    'newborn screening coverage',
    '本期活产数',
    'live births in the period',
    '接受新生儿疾病筛查的活产数',
    'of them screened as newborns',
  ],
  [
    'premaritalCheckRate',
    'premarital',
    '婚前医学检查率',
    'premarital medical check coverage',
    '本期结婚的人数',
    'persons who married in the period',
    '婚前一年内接受婚前医学检查的人数',
    'of them checked in the year before the marriage',
  ],
  [
    'prepregnancyCheckRate',
    'prepregnancy',
    '孕前优生健康检查覆盖率',
    'pre-pregnancy health check coverage',
    '本期分娩的产妇数',
    'mothers of births in the period',
    '受孕前两年内（本人或丈夫）接受孕前优生健康检查的产妇数',
    'of them checked (herself or her partner) in the 2 years before conception',
  ],
];

/** How each screening's target group and coverage read (formulaZh, formulaEn). */
const SCREENING_FORMULAS: Record<ScreeningKind, [string, string]> = {
  cervical_cancer: [
    '本期接受宫颈癌筛查的 35–64 岁妇女数 ÷ 本单位 35–64 岁妇女数 × 100%（妇女：本期内在本单位登记（常住口径为居住）且期内有一天处在 35–64 周岁的女性，按期内最后所在单位归属；作废的服务记录不计）',
    'women aged 35–64 screened for cervical cancer in the period / women aged 35–64 registered (or living) in the unit in the period × 100 (each woman counts once, for her last unit in the period; voided services never count)',
  ],
  breast_cancer: [
    '本期接受乳腺癌筛查的 35–64 岁妇女数 ÷ 本单位 35–64 岁妇女数 × 100%（口径同宫颈癌筛查率）',
    'women aged 35–64 screened for breast cancer in the period / women aged 35–64 of the unit × 100 (as for cervical cancer)',
  ],
  gynecological: [
    '本期接受妇科病筛查的 20–64 岁妇女数 ÷ 本单位 20–64 岁妇女数 × 100%（口径同宫颈癌筛查率）',
    'women aged 20–64 screened in the period / women aged 20–64 of the unit × 100 (as for cervical cancer)',
  ],
  prenatal_screening: [
    '分娩前 280 天内（含分娩日）接受产前筛查的产妇数 ÷ 本期分娩的产妇数 × 100%（按分娩日期归期、按出生登记的单位归属；同日多胎计一次；母亲不在登记中的出生不计）',
    'mothers screened in the 280 days up to the birth / mothers of births in the period × 100 (by date and unit of the birth; twins count once; births whose mother is not in the registry not counted)',
  ],
  newborn_screening: [
    '接受新生儿疾病筛查的活产数 ÷ 本期活产数 × 100%（按出生日期归期；筛查可在统计期后补录）',
    'live births screened as newborns / live births in the period × 100 (by date of birth; a screening recorded later still counts)',
  ],
  premarital: [
    '结婚登记前一年内（含结婚日）本人接受婚前医学检查（本人或作为配偶）的人数 ÷ 本期结婚的人数 × 100%（结婚事件的双方中在登记中的人，按结婚日期归期、按登记结婚的单位归属）',
    'persons checked (as the person or the partner) in the year up to the marriage / persons who married in the period × 100 (both spouses of a marriage event who are in the registry, by its date and unit)',
  ],
  prepregnancy: [
    '受孕（分娩日前 280 天）前两年内本人或作为配偶接受孕前优生健康检查的产妇数 ÷ 本期分娩的产妇数 × 100%（口径同产前筛查率）',
    'mothers checked (herself, or as her husband’s partner) in the 2 years before conception (birth − 280 days) / mothers of births in the period × 100 (as for prenatal screening)',
  ],
};

export function serviceDefinitions(): IndicatorDefinition[] {
  return [...healthDefinitions(), ...petitionDefinitions(), ...careDefinitions(), ...caseDefinitions()];
}

function healthDefinitions(): IndicatorDefinition[] {
  const screenings = SCREENINGS.map(
    ([code, kind, nameZh, nameEn, targetZh, targetEn, coveredZh, coveredEn]): IndicatorDefinition => {
      const key = SCREENING_KEYS[kind];
      return {
        ...percent,
        code,
        source: 'health',
        nameZh,
        nameEn,
        formulaZh: SCREENING_FORMULAS[kind][0],
        formulaEn: SCREENING_FORMULAS[kind][1],
        numerator: {
          nameZh: coveredZh,
          nameEn: coveredEn,
          records: { kind: 'screening', screening: kind, filter: 'covered' },
        },
        denominator: {
          nameZh: targetZh,
          nameEn: targetEn,
          records: { kind: 'screening', screening: kind, filter: 'target' },
        },
        formula: { kind: 'proportion', numerator: `${key}Covered`, denominator: `${key}Target`, per: 100 },
      };
    },
  );
  const positives: Part = {
    nameZh: '阳性（异常）检查结果数',
    nameEn: 'positive findings',
    records: { kind: 'positiveFindings', filter: 'all' },
  };
  return [
    ...screenings,
    {
      ...percent,
      code: 'positiveFollowupRate',
      source: 'health',
      nameZh: '阳性随访率',
      nameEn: 'follow-up of positive findings',
      formulaZh:
        '已随访（至少联系一次或已结案）的阳性结果数 ÷ 本期阳性结果数 × 100%（按检查日期归期、按服务记录的单位归属；作废的服务不计）',
      formulaEn:
        'positive findings whose follow-up had a contact or was closed / positive findings in the period × 100 (by date and unit of the service; voided services not counted)',
      numerator: {
        nameZh: '已随访的阳性结果数',
        nameEn: 'positive findings followed up',
        records: { kind: 'positiveFindings', filter: 'followedUp' },
      },
      denominator: positives,
      formula: { kind: 'proportion', numerator: 'positiveFollowedUp', denominator: 'positiveFindings', per: 100 },
    },
    {
      ...percent,
      code: 'followupOnTimeRate',
      source: 'health',
      nameZh: '随访按期完成率',
      nameEn: 'follow-ups closed on time',
      formulaZh:
        '在应随访日期当日或之前结案的随访数 ÷ 本期到期的随访数 × 100%（一项随访计入其结案日与应随访日期中较早那天所在的统计期；未结案且未到期的不计；按随访的单位归属）',
      formulaEn:
        'follow-ups closed on or before their due date / follow-ups that fell due × 100 (a follow-up counts in the period of the earlier of its closing and its due date; open ones not yet due are not counted)',
      numerator: {
        nameZh: '按期结案的随访数',
        nameEn: 'follow-ups closed on time',
        records: { kind: 'followups', filter: 'closedOnTime' },
      },
      denominator: { nameZh: '到期的随访数', nameEn: 'follow-ups due', records: { kind: 'followups', filter: 'due' } },
      formula: { kind: 'proportion', numerator: 'followupsClosedOnTime', denominator: 'followupsDue', per: 100 },
    },
  ];
}

function petitionDefinitions(): IndicatorDefinition[] {
  const base = { ...percent, source: 'petitions' as const };
  return [
    {
      ...base,
      code: 'petitionConcludedOnTimeRate',
      nameZh: '信访按期办结率',
      nameEn: 'petitions concluded on time',
      formulaZh:
        '在办结期限（受理后 60 日，延期后为延长后的期限）当日或之前答复或办结的信访事项数 ÷ 应办结的信访事项数 × 100%（一件信访计入其办结日与办结期限中较早那天所在的统计期：按期办结的在办结的期内，逾期的在期限届满的期内；未办结且未到期的不计；不予受理的不计；按承办单位归属）',
      formulaEn:
        'petitions replied or closed on or before their conclusion deadline (60 days from acceptance, or as extended) / petitions whose conclusion fell due × 100 (a petition counts in the period of the earlier of its conclusion and its deadline; open ones not yet due are not counted; by the assigned unit)',
      numerator: {
        nameZh: '按期办结的信访事项数',
        nameEn: 'petitions concluded on time',
        records: { kind: 'petitions', filter: 'concludedOnTime' },
      },
      denominator: {
        nameZh: '应办结的信访事项数',
        nameEn: 'petitions due for conclusion',
        records: { kind: 'petitions', filter: 'concludeDue' },
      },
      formula: {
        kind: 'proportion',
        numerator: 'petitionsConcludedOnTime',
        denominator: 'petitionsConcludeDue',
        per: 100,
      },
    },
    {
      ...base,
      code: 'petitionAcceptedOnTimeRate',
      nameZh: '信访受理及时率',
      nameEn: 'petitions decided on time',
      formulaZh:
        '在收到后 15 日内（受理期限当日或之前）作出受理或不予受理决定的信访事项数 ÷ 应作出决定的信访事项数 × 100%（计入决定日与受理期限中较早那天所在的统计期；未决定且未到期的不计；按承办单位归属）',
      formulaEn:
        'petitions whose acceptance was decided (accepted or not) by the acceptance deadline (15 days from receipt) / petitions due for a decision × 100 (in the period of the earlier of the decision and the deadline; by the assigned unit)',
      numerator: {
        nameZh: '按期决定受理的信访事项数',
        nameEn: 'petitions decided on time',
        records: { kind: 'petitions', filter: 'acceptedOnTime' },
      },
      denominator: {
        nameZh: '应作出受理决定的信访事项数',
        nameEn: 'petitions due for a decision',
        records: { kind: 'petitions', filter: 'acceptDue' },
      },
      formula: {
        kind: 'proportion',
        numerator: 'petitionsAcceptedOnTime',
        denominator: 'petitionsAcceptDue',
        per: 100,
      },
    },
    {
      ...base,
      code: 'petitionSatisfactionRate',
      nameZh: '信访满意率',
      nameEn: 'petitioners satisfied',
      formulaZh:
        '评价为满意或基本满意的信访事项数 ÷ 有满意度评价的信访事项数 × 100%（按答复日期（无答复的按办结日期）归期，按承办单位归属）',
      formulaEn:
        'petitions rated satisfied or basically satisfied / petitions with a rating × 100 (by the date of the reply, or of closure without one; by the assigned unit)',
      numerator: {
        nameZh: '满意或基本满意的信访事项数',
        nameEn: 'petitions rated satisfied',
        records: { kind: 'petitions', filter: 'satisfied' },
      },
      denominator: {
        nameZh: '有满意度评价的信访事项数',
        nameEn: 'petitions rated',
        records: { kind: 'petitions', filter: 'rated' },
      },
      formula: { kind: 'proportion', numerator: 'petitionsSatisfied', denominator: 'petitionsRated', per: 100 },
    },
  ];
}

function careDefinitions(): IndicatorDefinition[] {
  const base = { ...count, source: 'care' as const, denominator: null };
  return [
    {
      ...base,
      code: 'careVisits',
      nameZh: '生育关怀走访次数',
      nameEn: 'care visits',
      formulaZh: '本期对关怀对象家庭的走访次数（按走访日期归期，按家庭所在单位归属）',
      formulaEn:
        'visits to families of the care register in the period (by the date of the visit and the family’s unit)',
      numerator: { nameZh: '走访次数', nameEn: 'visits', records: { kind: 'care', filter: 'visits' } },
      formula: { kind: 'total', of: 'careVisits', divisor: 1 },
    },
    {
      ...base,
      code: 'careFamilies',
      nameZh: '关怀对象家庭数',
      nameEn: 'families in the care register',
      formulaZh:
        '期末在册的关怀对象家庭数（困难家庭、独生子女死亡或伤残的特殊家庭；一户按登记人计一次；期末已退出的不计）',
      formulaEn:
        'families in the care register at the period’s end (hardship, only child died or disabled; a family counts once by the person it is registered under; ended ones not counted)',
      numerator: {
        nameZh: '期末在册家庭数',
        nameEn: 'families in the register at the end',
        records: { kind: 'care', filter: 'families' },
      },
      formula: { kind: 'total', of: 'careFamilies', divisor: 1 },
    },
    {
      ...base,
      code: 'careAssistanceAmount',
      nameZh: '生育关怀帮扶金额',
      nameEn: 'care assistance granted',
      unit: 'yuan',
      decimals: 2,
      formulaZh: '本期发放的帮扶金额之和（元；现金、实物和服务按价值计，以分计算，不用浮点；按发放日期和家庭所在单位）',
      formulaEn:
        'sum of the assistance granted in the period (yuan; goods and services at their value; computed in integer fen; by date granted and the family’s unit)',
      numerator: {
        nameZh: '帮扶金额（元）',
        nameEn: 'assistance granted (yuan)',
        records: { kind: 'care', filter: 'assistance' },
        measure: 'fen',
      },
      formula: { kind: 'total', of: 'careFenGranted', divisor: 100 },
    },
  ];
}

function caseDefinitions(): IndicatorDefinition[] {
  const base = { ...count, source: 'cases' as const, denominator: null };
  return [
    {
      ...base,
      code: 'casesOpened',
      nameZh: '“两非”案件立案数',
      nameEn: '两非 cases opened',
      formulaZh: '本期收到线索立案的非医学需要胎儿性别鉴定和选择性别人工终止妊娠案件数（按线索收到日期和案件所属单位）',
      formulaEn:
        'cases of non-medical fetal sex determination or sex-selective abortion whose lead was received in the period (by that date and the case’s unit)',
      numerator: { nameZh: '立案数', nameEn: 'cases opened', records: { kind: 'cases', filter: 'opened' } },
      formula: { kind: 'total', of: 'casesOpened', divisor: 1 },
    },
    {
      ...base,
      code: 'casesClosed',
      nameZh: '“两非”案件结案数',
      nameEn: '两非 cases closed',
      formulaZh: '本期结案的“两非”案件数（按结案日期和案件所属单位）',
      formulaEn: 'two-non cases closed in the period (by the closing date and the case’s unit)',
      numerator: { nameZh: '结案数', nameEn: 'cases closed', records: { kind: 'cases', filter: 'closed' } },
      formula: { kind: 'total', of: 'casesClosed', divisor: 1 },
    },
  ];
}
