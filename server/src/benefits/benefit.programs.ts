import { z } from 'zod';
import { InvalidInputError } from '../lib/errors.js';
import { isIsoDate } from './benefit.dates.js';
import { Rule } from './benefit.rules.js';

/**
 * The benefit programs as data: who qualifies (a rule), how much (amount tiers, each a stack of
 * layers with effective dates: national floor, provincial and county top-ups), per whom, and how
 * often. A county changes an amount by adding a layer, and adds a local program by adding an
 * object of this shape; `parseProgram` checks it. The four programs of the brief follow, and the
 * speech's urban only-child parents' reward.
 *
 * These programs reward or assist families. Nothing here penalises anyone for having children:
 * the one-child-era conditions of the rural reward and the health fee look only at births before
 * 2016-01-01 (the two-child policy took effect that day), so a later birth takes nothing away;
 * the special assistance keeps the national text's "no further child" because it defines the
 * family it assists (a family that has no living child or whose only child is disabled); the
 * childcare subsidy treats every child alike.
 */

const isoDate = z.string().refine(isIsoDate, '日期应为 YYYY-MM-DD (a date is YYYY-MM-DD)');

export const AmountLayer = z
  .strictObject({
    /** national 全国基础标准; province 省级提标; county 县级提标. Layers of different levels add up. */
    level: z.enum(['national', 'province', 'county']),
    /** Division code prefix of the hukou the layer applies to (43 湖南省, 430623 华容县); national layers have none. */
    division: z
      .string()
      .regex(/^\d{2,6}$/)
      .optional(),
    divisionName: z.string().optional(),
    /** In effect from this day until the next layer of the same level and division. */
    from: isoDate,
    /** Integer fen per unit of the program's rate (a month or a year); 0 ends a top-up. */
    fen: z.number().int().min(0),
    source: z.string().optional(),
    /** Said where a figure or date is ours, not a document's. */
    assumption: z.string().optional(),
  })
  .refine((l) => (l.level === 'national') === (l.division === undefined), {
    message:
      '全国标准不带区划代码，省、县标准必须带区划代码 (national layers have no division; provincial and county layers must)',
    path: ['division'],
  });
export type AmountLayer = z.infer<typeof AmountLayer>;

export const AmountTier = z.strictObject({
  key: z.string().regex(/^[a-z0-9_]+$/),
  label: z.strictObject({ zh: z.string().min(1), en: z.string().min(1) }),
  /** The first tier whose condition holds gives the amount; a tier without one always applies. */
  when: Rule.optional(),
  layers: z.array(AmountLayer).min(1),
});
export type AmountTier = z.infer<typeof AmountTier>;

export const BenefitProgram = z.strictObject({
  code: z.string().regex(/^[a-z0-9_]+$/),
  name: z.string().min(1),
  nameEn: z.string().min(1),
  /**
   * Whom an amount is for. 'person': each qualifying person (both parents each get it);
   * 'couple': one amount per couple, the facts being either spouse's; 'child': the facts' person
   * is the child, paid to a guardian.
   */
  per: z.enum(['person', 'couple', 'child']),
  /** The amounts are per month or per year. */
  rate: z.enum(['month', 'year']),
  /**
   * How a period's entitlement is counted. 'months': month by month, a month counts when the rule
   * holds on its last day. 'year': the rule is decided once for each calendar year, on 31 December
   * (ages reached during the year count), and then every month of that year counts.
   */
  entitlement: z.enum(['months', 'year']),
  /** How often a payment batch is made. */
  paid: z.enum(['monthly', 'quarterly', 'yearly']),
  rule: Rule,
  amounts: z.array(AmountTier).min(1),
  /** The program text the rule follows. */
  source: z.string().min(1),
});
export type BenefitProgram = z.infer<typeof BenefitProgram>;

/**
 * Checks a program read from storage or sent by a county administrator.
 * @throws InvalidInputError naming the first wrong field (e.g. `amounts.0.layers.2.fen`)
 */
export function parseProgram(input: unknown): BenefitProgram {
  const r = BenefitProgram.safeParse(input);
  if (r.success) return r.data;
  const problems = r.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message }));
  throw new InvalidInputError(`项目定义有误：${problems.map((p) => `${p.field} ${p.message}`).join('；')}`, problems);
}

/** Births and adoptions before this day are the one-child era (the two-child policy took effect on 2016-01-01). */
export const ONE_CHILD_ERA_END = '2016-01-01';
const ERA = ONE_CHILD_ERA_END;
const HUARONG = { division: '430623', divisionName: '华容县' } as const;
const HUNAN = { division: '43', divisionName: '湖南省' } as const;

/**
 * 农村部分计划生育家庭奖励扶助. National text: 《农村部分计划生育家庭奖励扶助制度试点方案》
 * (国办发〔2004〕21号): both spouses rural; living with one child or two daughters, or whose
 * children died; aged 60 or more; paid yearly for life. That text also asks that 1973–2001 births
 * were within policy: renkou classifies no birth as in or out of policy (BRIEF), so the rule keeps
 * the count of children born or adopted before 2016-01-01 instead, as the brief states it.
 * "Aged 60" is reached by 31 December of the year (a person born in 1956 qualifies for all of 2016).
 */
export const RURAL_REWARD: BenefitProgram = {
  code: 'rural_reward',
  name: '农村部分计划生育家庭奖励扶助',
  nameEn: 'rural family-planning reward and assistance',
  per: 'person',
  rate: 'year',
  entitlement: 'year',
  paid: 'yearly',
  source: '国办发〔2004〕21号；2009年、2012年全国提标（600→720→960元）；华容县2016年1,100元（县级提标）',
  rule: {
    all: [
      { hukouType: { is: 'rural' } },
      {
        hukouType: { who: 'spouse', is: 'rural', ifAbsent: 'yes' },
        label: { zh: '配偶为农村户口（无登记配偶的不看此条）', en: 'the spouse, if any, has rural hukou' },
      },
      { age: { at: 'yearEnd', op: '>=', value: 60 } },
      { alive: {} },
      {
        any: [
          { children: { where: { arrivedBefore: ERA }, op: '==', value: 1 } },
          {
            all: [
              { children: { where: { arrivedBefore: ERA }, op: '==', value: 2 } },
              { children: { where: { arrivedBefore: ERA, sex: 2 }, op: '==', value: 2 } },
            ],
            label: { zh: '2016-01-01前生育两个女孩', en: 'two daughters born before 2016-01-01' },
          },
          {
            all: [
              { children: { where: { arrivedBefore: ERA }, op: '>=', value: 1 } },
              { children: { where: { arrivedBefore: ERA, alive: true }, op: '==', value: 0 } },
            ],
            label: { zh: '子女死亡现无子女', en: 'the children died and none is living' },
          },
        ],
        label: {
          zh: '计划生育年代（2016-01-01前）只生育或收养一个子女、两个女孩，或子女死亡现无子女',
          en: 'in the one-child era (before 2016-01-01) had one child or two daughters, or the children died',
        },
      },
    ],
  },
  amounts: [
    {
      key: 'standard',
      label: { zh: '奖励扶助金', en: 'reward' },
      layers: [
        { level: 'national', from: '2004-01-01', fen: 60_000, source: '国办发〔2004〕21号' },
        { level: 'national', from: '2009-01-01', fen: 72_000, source: '2009年全国提标' },
        { level: 'national', from: '2012-01-01', fen: 96_000, source: '2012年全国提标' },
        {
          level: 'county',
          ...HUARONG,
          from: '2016-01-01',
          fen: 14_000,
          source: '华容县2016年工作报告：每人每年1,100元',
          assumption:
            '讲话只说2016年发放1,100元：按县级提标140元、自2016-01-01起建模 (the speech only says 1,100 was paid in 2016: modelled as a 140-yuan county top-up from 2016-01-01)',
        },
      ],
    },
  ],
};

const childDied = { children: { where: { died: true }, op: '==', value: 1 } } satisfies Rule;
const urban = { hukouType: { is: 'urban' } } satisfies Rule;
const rural = { hukouType: { is: 'rural' } } satisfies Rule;
const specialLayers = (f2008: number, f2012: number, f2014: number): AmountLayer[] => [
  { level: 'national', from: '2008-01-01', fen: f2008, source: '国人口发〔2007〕78号' },
  { level: 'national', from: '2012-01-01', fen: f2012, source: '2012年全国提标' },
  { level: 'national', from: '2014-01-01', fen: f2014, source: '国卫家庭发〔2013〕41号（2014年起城乡分档）' },
];

/**
 * 计划生育家庭特别扶助. National text: 《全国独生子女伤残死亡家庭扶助制度试点方案》
 * (国人口发〔2007〕78号): parents born on or after 1933-01-01, the woman aged 49 or more, who had
 * or lawfully adopted one child, that child having died or been assessed disabled (grade 3 or
 * more severe), and no further child born or adopted since; each parent is paid, monthly amounts.
 * The brief asks that payment start with the month of the woman's 49th birthday (not 1 January).
 */
export const SPECIAL_ASSISTANCE: BenefitProgram = {
  code: 'special_assistance',
  name: '计划生育家庭特别扶助',
  nameEn: 'special assistance to families whose only child died or is disabled',
  per: 'person',
  rate: 'month',
  entitlement: 'months',
  paid: 'quarterly',
  source: '国人口发〔2007〕78号；2012年提标；国卫家庭发〔2013〕41号',
  rule: {
    all: [
      { birthDate: { op: '>=', value: '1933-01-01' } },
      { alive: {} },
      { age: { who: 'woman', op: '>=', value: 49 } },
      {
        children: { op: '==', value: 1 },
        label: {
          zh: '只生育或合法收养一个子女，此后未再生育或收养',
          en: 'had or adopted one child and no further child since',
        },
      },
      {
        any: [childDied, { children: { where: { alive: true, disabilityGradeAtMost: 3 }, op: '==', value: 1 } }],
        label: {
          zh: '独生子女死亡或经鉴定伤病残三级及以上',
          en: 'the only child died or is assessed disabled, grade 3 or more severe',
        },
      },
    ],
  },
  amounts: [
    {
      key: 'death_urban',
      label: { zh: '死亡家庭（城镇）', en: 'child died, urban' },
      when: { all: [childDied, urban] },
      layers: specialLayers(10_000, 13_500, 34_000),
    },
    {
      key: 'death_rural',
      label: { zh: '死亡家庭（农村）', en: 'child died, rural' },
      when: { all: [childDied, rural] },
      layers: specialLayers(10_000, 13_500, 17_000),
    },
    {
      key: 'disability_urban',
      label: { zh: '伤残家庭（城镇）', en: 'child disabled, urban' },
      when: urban,
      layers: specialLayers(8_000, 11_000, 27_000),
    },
    {
      key: 'disability_rural',
      label: { zh: '伤残家庭（农村）', en: 'child disabled, rural' },
      when: rural,
      layers: specialLayers(8_000, 11_000, 15_000),
    },
  ],
};

/**
 * 独生子女父母奖励费（保健费）. Set by each province; in Hunan it is paid to the parents of an only
 * child until the child's 14th birthday (assumption: the age limit of the Hunan regulation as we
 * read it; the county can change it in the rule). Paid once per couple. Since 2016 no new
 * only-child certificate is issued, so the rule looks at children born or adopted before
 * 2016-01-01 and a later birth takes nothing away.
 */
export const ONLY_CHILD_HEALTH_FEE: BenefitProgram = {
  code: 'only_child_health_fee',
  name: '独生子女父母奖励费（保健费）',
  nameEn: "only-child parents' reward and health fee",
  per: 'couple',
  rate: 'month',
  entitlement: 'months',
  paid: 'yearly',
  source: '湖南省人口与计划生育条例；华容县2016年提高到每月20元',
  rule: {
    all: [
      { alive: {} },
      {
        children: { where: { arrivedBefore: ERA }, op: '==', value: 1 },
        label: {
          zh: '2016-01-01前只生育或收养一个子女（独生子女）',
          en: 'one child, born or adopted before 2016-01-01 (an only child)',
        },
      },
      {
        children: { where: { arrivedBefore: ERA, alive: true, ageUnder: 14 }, op: '==', value: 1 },
        label: { zh: '独生子女健在且不满14周岁', en: 'the only child is living and under 14' },
      },
    ],
  },
  amounts: [
    {
      key: 'standard',
      label: { zh: '保健费', en: 'health fee' },
      layers: [
        {
          level: 'province',
          ...HUNAN,
          from: '2002-09-01',
          fen: 500,
          source: '湖南省人口与计划生育条例（每月5元）',
          assumption: '生效日期按2002年条例施行日假定 (the effective date is assumed to be the 2002 regulation)',
        },
        {
          level: 'county',
          ...HUARONG,
          from: '2016-01-01',
          fen: 1_500,
          source: '华容县2016年工作报告：保健费由每月5元提高到20元',
          assumption:
            '讲话未给日期：假定自2016-01-01起，以县级提标15元计 (the speech gives no date: assumed from 2016-01-01 as a 15-yuan county top-up)',
        },
      ],
    },
  ],
};

/**
 * 城镇独生子女父母奖励. The speech counts 7,028 urban only-child parents rewarded in 2016 (266
 * new), apart from the health fee of a child under 14 (raised from 5 to 20 yuan a month). We read
 * it as Hunan's reward to urban only-child parents in old age: urban hukou, aged 60 or more by
 * 31 December of the year, alive, and one child born or adopted before 2016-01-01 (the one-child
 * era; a later birth takes nothing away), paid yearly for life like the rural reward. The
 * conditions and amounts are assumptions to be checked against the provincial text: the amounts
 * are the rural reward's (600, 720, 960 yuan a year, 1,100 in 华容县 from 2016).
 */
export const URBAN_ONLY_CHILD_REWARD: BenefitProgram = {
  code: 'urban_only_child_reward',
  name: '城镇独生子女父母奖励',
  nameEn: "urban only-child parents' reward",
  per: 'person',
  rate: 'year',
  entitlement: 'year',
  paid: 'yearly',
  source:
    '湖南省城镇独生子女父母奖励（条件与金额为假定，待核对省级文件）；华容县2016年工作报告：城镇独生子女父母奖励7,028人',
  rule: {
    all: [
      { hukouType: { is: 'urban' } },
      { age: { at: 'yearEnd', op: '>=', value: 60 } },
      { alive: {} },
      {
        children: { where: { arrivedBefore: ERA }, op: '==', value: 1 },
        label: {
          zh: '2016-01-01前只生育或收养一个子女（独生子女父母）',
          en: 'one child, born or adopted before 2016-01-01 (parent of an only child)',
        },
      },
    ],
  },
  amounts: [
    {
      key: 'standard',
      label: { zh: '奖励金', en: 'reward' },
      layers: [
        ...(
          [
            ['2004-01-01', 60_000],
            ['2009-01-01', 72_000],
            ['2012-01-01', 96_000],
          ] as const
        ).map(([from, fen]): AmountLayer => ({
          level: 'province',
          ...HUNAN,
          from,
          fen,
          source: '按农村奖励扶助标准假定',
          assumption:
            "金额与日期借用农村奖励扶助的标准，待核对湖南省文件 (the rural reward's amounts and dates, assumed until checked against the Hunan text)",
        })),
        {
          level: 'county',
          ...HUARONG,
          from: '2016-01-01',
          fen: 14_000,
          source: '按华容县农村奖励扶助2016年1,100元假定',
          assumption:
            '假定与农村奖励扶助相同，县级提标140元、自2016-01-01起 (assumed equal to the rural reward: a 140-yuan county top-up from 2016-01-01)',
        },
      ],
    },
  ],
};

/**
 * 育儿补贴. National text: 《育儿补贴制度实施方案》 (2025): every child under 3, from
 * 2025-01-01, 3,600 yuan a year, first, second and third child alike; children born before
 * 2025-01-01 and still under 3 get the months left. Counted month by month: the birth month
 * counts, the month of the third birthday does not (36 months for a child born in 2025).
 */
export const CHILDCARE_SUBSIDY: BenefitProgram = {
  code: 'childcare_subsidy',
  name: '育儿补贴',
  nameEn: 'childcare subsidy',
  per: 'child',
  rate: 'year',
  entitlement: 'months',
  paid: 'yearly',
  source: '中共中央办公厅、国务院办公厅《育儿补贴制度实施方案》（2025年）',
  rule: {
    all: [{ dateFrom: '2025-01-01' }, { alive: {} }, { age: { op: '<', value: 3 } }],
  },
  amounts: [
    {
      key: 'standard',
      label: { zh: '育儿补贴', en: 'childcare subsidy' },
      layers: [
        { level: 'national', from: '2025-01-01', fen: 360_000, source: '《育儿补贴制度实施方案》：每孩每年3,600元' },
      ],
    },
  ],
};

export const PROGRAMS: readonly BenefitProgram[] = [
  RURAL_REWARD,
  SPECIAL_ASSISTANCE,
  ONLY_CHILD_HEALTH_FEE,
  CHILDCARE_SUBSIDY,
  URBAN_ONLY_CHILD_REWARD,
];
