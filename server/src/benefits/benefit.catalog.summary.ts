/**
 * A program in words for the programs page: who qualifies (the rule's own labels where it has
 * them, else generated sentences), the amount in effect today per tier and how often it is paid.
 */
import { layersInEffect } from './benefit.amounts.js';
import { formatFen, type IsoDate } from './benefit.dates.js';
import type { AmountLayer, BenefitProgram } from './benefit.programs.js';
import type { ChildFilter, Comparison, Rule } from './benefit.rules.js';

/** A rule as words, for people: the rule's own labels where it has them, else generated ones. */
export type RuleText = { zh: string; en: string; kind?: 'all' | 'any' | 'not'; parts?: RuleText[] };

export type TierSummary = {
  key: string;
  label: { zh: string; en: string };
  /** When the tier applies (its condition), absent for a tier that always applies. */
  when?: RuleText;
  /** Integer fen per month or per year in effect today for a hukou in this county; 0 when none. */
  fenToday: number;
  layersToday: AmountLayer[];
  /** e.g. '全国 960.00 元 + 华容县县级提标 140.00 元 = 1,100.00 元/年'. */
  text: string;
};

export type ProgramSummary = {
  /** Who qualifies: the rule as a tree of sentences. */
  qualifies: RuleText;
  tiers: TierSummary[];
  /** e.g. '每人每年 1,100.00 元，按年发放'. */
  amountText: string;
  paidText: string;
  /** The day "today" was taken as (China Standard Time). */
  asOf: IsoDate;
};

const PER_ZH = { person: '每人', couple: '每对夫妇', child: '每孩' } as const;
const UNIT_ZH = { month: '每月', year: '每年' } as const;
const PAID_ZH = { monthly: '按月发放', quarterly: '按季度发放', yearly: '按年发放' } as const;
const LEVEL_ZH = { national: '全国', province: '省级', county: '县级' } as const;

/** Who qualifies, the amount in effect today per tier, and how often it is paid. */
export function summarize(program: BenefitProgram, countyCode: string, today: IsoDate): ProgramSummary {
  const tiers: TierSummary[] = program.amounts.map((t) => {
    const layersToday = layersInEffect(t.layers, countyCode, today);
    const fenToday = layersToday.reduce((s, l) => s + l.fen, 0);
    const parts = layersToday.map(
      (l) =>
        `${l.level === 'national' ? '全国' : `${l.divisionName ?? l.division}${LEVEL_ZH[l.level]}`} ${formatFen(l.fen)}`,
    );
    const text =
      layersToday.length === 0
        ? `${today} 无适用标准`
        : `${parts.join(' + ')}${layersToday.length > 1 ? ` = ${formatFen(fenToday)}` : ''}`;
    return {
      key: t.key,
      label: t.label,
      ...(t.when ? { when: describeRule(t.when) } : {}),
      fenToday,
      layersToday,
      text,
    };
  });
  const one = tiers.length === 1 ? tiers[0]! : undefined;
  const amountText = one
    ? `${PER_ZH[program.per]}${UNIT_ZH[program.rate]} ${formatFen(one.fenToday)}`
    : `${PER_ZH[program.per]}${UNIT_ZH[program.rate]}：${tiers.map((t) => `${t.label.zh} ${formatFen(t.fenToday)}`).join('；')}`;
  return { qualifies: describeRule(program.rule), tiers, amountText, paidText: PAID_ZH[program.paid], asOf: today };
}

const CMP_ZH: Record<Comparison, string> = {
  '>=': '不少于',
  '>': '多于',
  '<=': '不多于',
  '<': '少于',
  '==': '为',
  '!=': '不为',
};
const CMP_EN: Record<Comparison, string> = {
  '>=': 'at least',
  '>': 'more than',
  '<=': 'at most',
  '<': 'fewer than',
  '==': 'exactly',
  '!=': 'not',
};
const WHO_ZH = { person: '', spouse: '配偶', woman: '女方' } as const;
const WHO_EN = { person: '', spouse: 'the spouse ', woman: 'the woman of the couple ' } as const;
const AT_ZH = (at: string | undefined) =>
  at === 'yearEnd'
    ? '（按当年12月31日计）'
    : at === 'yearStart'
      ? '（按当年1月1日计）'
      : at && at !== 'date'
        ? `（按${at}计）`
        : '';
const AT_EN = (at: string | undefined) =>
  at === 'yearEnd'
    ? ' by 31 December of the year'
    : at === 'yearStart'
      ? ' on 1 January of the year'
      : at && at !== 'date'
        ? ` on ${at}`
        : '';

function filterWords(f: ChildFilter | undefined): { zh: string; en: string } {
  if (!f) return { zh: '', en: '' };
  const p: [string, string][] = [];
  if (f.arrivedBefore) p.push([`${f.arrivedBefore}前出生或收养`, `born or adopted before ${f.arrivedBefore}`]);
  if (f.arrivedFrom) p.push([`${f.arrivedFrom}起出生或收养`, `born or adopted from ${f.arrivedFrom}`]);
  if (f.sex) p.push(f.sex === 2 ? ['女孩', 'girls'] : ['男孩', 'boys']);
  if (f.alive !== undefined) p.push(f.alive ? ['健在', 'living'] : ['非健在', 'not living']);
  if (f.died !== undefined) p.push(f.died ? ['已死亡', 'deceased'] : ['未死亡', 'not deceased']);
  if (f.disabilityGradeAtMost)
    p.push([`残疾${f.disabilityGradeAtMost}级及以上`, `disabled, grade ${f.disabilityGradeAtMost} or more severe`]);
  if (f.adopted !== undefined) p.push(f.adopted ? ['收养', 'adopted'] : ['亲生', 'born to the couple']);
  if (f.ageUnder !== undefined) p.push([`不满${f.ageUnder}周岁`, `under ${f.ageUnder}`]);
  return { zh: p.map((x) => x[0]).join('、'), en: p.map((x) => x[1]).join(', ') };
}

/**
 * A rule as a tree of sentences without any person's values: the rule's own label where it has
 * one (the program text's wording), else words generated from the condition.
 */
export function describeRule(rule: Rule): RuleText {
  const own = rule.label;
  const leaf = (zh: string, en: string): RuleText => ({ zh: own?.zh ?? zh, en: own?.en ?? en });
  if ('all' in rule || 'any' in rule) {
    const kind = 'all' in rule ? 'all' : 'any';
    const parts = ('all' in rule ? rule.all : rule.any).map(describeRule);
    return {
      ...leaf(
        kind === 'all' ? '同时满足以下各项' : '满足以下任一项',
        kind === 'all' ? 'all of the following' : 'any of the following',
      ),
      kind,
      parts,
    };
  }
  if ('not' in rule) {
    const part = describeRule(rule.not);
    return { ...leaf(`并非：${part.zh}`, `not: ${part.en}`), kind: 'not', parts: [part] };
  }
  if ('dateFrom' in rule) return leaf(`${rule.dateFrom}起实施`, `in force from ${rule.dateFrom}`);
  if ('children' in rule) {
    const { where, op, value } = rule.children;
    const d = filterWords(where);
    return leaf(
      `${d.zh ? `${d.zh}的` : ''}子女数${CMP_ZH[op]}${value}`,
      `children${d.en ? ` ${d.en}` : ''}: ${CMP_EN[op]} ${value}`,
    );
  }
  const absent = (who: string, ifAbsent: string | undefined) =>
    who !== 'person' && ifAbsent === 'yes'
      ? { zh: `（无登记的${WHO_ZH[who as 'spouse']}时不看此条）`, en: ' (if registered)' }
      : { zh: '', en: '' };
  if ('age' in rule) {
    const { who = 'person', at, op, value, ifAbsent } = rule.age;
    const zh = op === '>=' ? `年满${value}周岁` : op === '<' ? `不满${value}周岁` : `年龄${CMP_ZH[op]}${value}周岁`;
    const en = op === '>=' ? `aged ${value} or more` : op === '<' ? `under ${value}` : `age ${CMP_EN[op]} ${value}`;
    const a = absent(who, ifAbsent);
    return leaf(`${WHO_ZH[who]}${zh}${AT_ZH(at)}${a.zh}`, `${WHO_EN[who]}${en}${AT_EN(at)}${a.en}`);
  }
  if ('birthDate' in rule) {
    const { who = 'person', op, value, ifAbsent } = rule.birthDate;
    const zh = { '>=': '不早于', '>': '晚于', '<=': '不晚于', '<': '早于', '==': '为', '!=': '不为' }[op];
    const en = { '>=': 'on or after', '>': 'after', '<=': 'on or before', '<': 'before', '==': 'on', '!=': 'not on' }[
      op
    ];
    const a = absent(who, ifAbsent);
    return leaf(`${WHO_ZH[who]}出生日期${zh}${value}${a.zh}`, `${WHO_EN[who]}born ${en} ${value}${a.en}`);
  }
  if ('hukouType' in rule) {
    const { who = 'person', is, ifAbsent } = rule.hukouType;
    const a = absent(who, ifAbsent);
    return leaf(
      `${WHO_ZH[who]}为${is === 'rural' ? '农村' : '城镇'}户口${a.zh}`,
      `${WHO_EN[who]}${is} hukou${a.en}`.trim(),
    );
  }
  if ('sex' in rule) {
    const { who = 'person', is, ifAbsent } = rule.sex;
    const a = absent(who, ifAbsent);
    return leaf(
      `${WHO_ZH[who]}性别为${is === 2 ? '女' : '男'}${a.zh}`,
      `${WHO_EN[who]}${is === 2 ? 'female' : 'male'}${a.en}`.trim(),
    );
  }
  if ('alive' in rule) {
    const { who = 'person', at, ifAbsent } = rule.alive;
    const a = absent(who, ifAbsent);
    return leaf(`${WHO_ZH[who]}健在${AT_ZH(at)}${a.zh}`, `${WHO_EN[who]}alive${AT_EN(at)}${a.en}`.trim());
  }
  const { who = 'person', divisions, ifAbsent } = rule.hukouIn;
  const a = absent(who, ifAbsent);
  return leaf(
    `${WHO_ZH[who]}户籍在 ${divisions.join('、')} 且未迁出${a.zh}`,
    `${WHO_EN[who]}hukou in ${divisions.join(', ')}${a.en}`.trim(),
  );
}
