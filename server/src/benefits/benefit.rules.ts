import { z } from 'zod';
import { ageOn, isIsoDate, yearEnd, yearStart, type IsoDate } from './benefit.dates.js';

/**
 * The rule language of the benefit programs, and its evaluator.
 *
 * A rule is plain JSON so that a county can store and edit its programs in the database without a
 * code change (the schemas below check what it stores). A rule is evaluated for one person on one
 * date and answers with an explanation tree: every condition, its outcome and the facts it looked
 * at, worded in Chinese with an English gloss, so that a village worker can tell a family why it
 * qualifies or not.
 *
 * Outcomes have three values. 'unknown' (待核实) is what a condition answers when the facts it
 * needs are not in the registry (a disability assessment not yet recorded, a spouse not
 * registered here): the candidate then goes to the village to verify instead of being refused.
 * all/any/not combine them as Kleene logic does.
 *
 * Every fact is read as it stood on the evaluation date: a child born or adopted later does not
 * exist yet, a death later has not happened, an assessment made later is not known. So an event
 * never changes the verdict for a date before it.
 */

export type Sex = 1 | 2;
export type HukouType = 'rural' | 'urban';

/** 残疾等级: grade 1 is the most severe, 4 the least (GB/T 26341-2010). */
export const DisabilityAssessment = z.strictObject({
  grade: z.number().int().min(1).max(4),
  assessedOn: z.string().refine(isIsoDate, '日期应为 YYYY-MM-DD'),
});
export type DisabilityAssessment = z.infer<typeof DisabilityAssessment>;

/** One registered person as the rules see them (filled from `person`; see docs/benefits.md). */
export type PersonFacts = {
  id?: string;
  name?: string;
  sex: Sex;
  birthDate: IsoDate;
  hukouType: HukouType;
  /** County code (GB/T 2260, six digits) of the hukou; a division prefix also matches a province. */
  countyCode: string;
  deathDate?: IsoDate | null;
  /** The day the hukou moved out of the county (person.left_date). */
  leftDate?: IsoDate | null;
  disability?: DisabilityAssessment | null;
};

export type ChildFacts = {
  id?: string;
  name?: string;
  sex: Sex;
  birthDate: IsoDate;
  deathDate?: IsoDate | null;
  /** Date of a lawful adoption; absent for a child born to the couple. */
  adoptedOn?: IsoDate | null;
  /** The latest assessment known; the registry holds none yet (a later migration adds them). */
  disability?: DisabilityAssessment | null;
};

/**
 * Everything a rule may look at for one person: the person, the spouse (if registered) and the
 * children of either of them (mother_id/father_id), each with their dates.
 */
export type BenefitFacts = {
  person: PersonFacts;
  spouse?: PersonFacts | null;
  children: ChildFacts[];
  /**
   * Whether disability assessments were looked up for these children. Until the registry holds
   * them it is false, and "no assessment" means "not known" rather than "not disabled".
   */
  disabilityRecorded?: boolean;
};

export type Outcome = 'yes' | 'no' | 'unknown';
/** Whose fact a condition reads; 'woman' is the woman of the couple (女方): the person or the spouse. */
export type Who = 'person' | 'spouse' | 'woman';
/** The evaluation date, the first or last day of its year, or a fixed date. */
export type DateRef = 'date' | 'yearStart' | 'yearEnd' | IsoDate;
export type Comparison = '>=' | '>' | '<=' | '<' | '==' | '!=';
/** A condition's own wording, when the generated one would not say what the program text says. */
export type Label = { zh: string; en: string };

export type ChildFilter = {
  /** Born (or adopted) before this date. */
  arrivedBefore?: IsoDate;
  /** Born (or adopted) on or after this date. */
  arrivedFrom?: IsoDate;
  sex?: Sex;
  /** Alive on the evaluation date. */
  alive?: boolean;
  /** Died on or before the evaluation date. */
  died?: boolean;
  /** Assessed (on or before the evaluation date) with a disability of this grade or more severe. */
  disabilityGradeAtMost?: number;
  adopted?: boolean;
  /** Younger than this many completed years on the evaluation date. */
  ageUnder?: number;
};

type WhoOpts = { who?: Who; ifAbsent?: Outcome };
export type Rule =
  | { all: Rule[]; label?: Label }
  | { any: Rule[]; label?: Label }
  | { not: Rule; label?: Label }
  | { age: WhoOpts & { at?: DateRef; op: Comparison; value: number }; label?: Label }
  | { birthDate: WhoOpts & { op: Comparison; value: IsoDate }; label?: Label }
  | { hukouType: WhoOpts & { is: HukouType }; label?: Label }
  | { sex: WhoOpts & { is: Sex }; label?: Label }
  | { alive: WhoOpts & { at?: DateRef }; label?: Label }
  | { hukouIn: WhoOpts & { divisions: string[] }; label?: Label }
  | { children: { where?: ChildFilter; op: Comparison; value: number }; label?: Label }
  | { dateFrom: IsoDate; label?: Label };

const isoDate = z.string().refine(isIsoDate, '日期应为 YYYY-MM-DD (a date is YYYY-MM-DD)');
const comparison = z.enum(['>=', '>', '<=', '<', '==', '!=']);
const label = z.strictObject({ zh: z.string().min(1), en: z.string().min(1) }).optional();
const whoOpts = {
  who: z.enum(['person', 'spouse', 'woman']).optional(),
  ifAbsent: z.enum(['yes', 'no', 'unknown']).optional(),
};
const dateRef = z.union([z.enum(['date', 'yearStart', 'yearEnd']), isoDate]);
export const ChildFilter = z.strictObject({
  arrivedBefore: isoDate.optional(),
  arrivedFrom: isoDate.optional(),
  sex: z.union([z.literal(1), z.literal(2)]).optional(),
  alive: z.boolean().optional(),
  died: z.boolean().optional(),
  disabilityGradeAtMost: z.number().int().min(1).max(4).optional(),
  adopted: z.boolean().optional(),
  ageUnder: z.number().int().min(0).max(150).optional(),
});

/** The stored form of a rule, checked before a county's edit is saved or a stored rule is used. */
export const Rule: z.ZodType<Rule> = z.lazy(() =>
  z.union([
    z.strictObject({ all: z.array(Rule).min(1), label }),
    z.strictObject({ any: z.array(Rule).min(1), label }),
    z.strictObject({ not: Rule, label }),
    z.strictObject({
      age: z.strictObject({
        ...whoOpts,
        at: dateRef.optional(),
        op: comparison,
        value: z.number().int().min(0).max(150),
      }),
      label,
    }),
    z.strictObject({ birthDate: z.strictObject({ ...whoOpts, op: comparison, value: isoDate }), label }),
    z.strictObject({ hukouType: z.strictObject({ ...whoOpts, is: z.enum(['rural', 'urban']) }), label }),
    z.strictObject({ sex: z.strictObject({ ...whoOpts, is: z.union([z.literal(1), z.literal(2)]) }), label }),
    z.strictObject({ alive: z.strictObject({ ...whoOpts, at: dateRef.optional() }), label }),
    z.strictObject({
      hukouIn: z.strictObject({ ...whoOpts, divisions: z.array(z.string().regex(/^\d{2,12}$/)).min(1) }),
      label,
    }),
    z.strictObject({
      children: z.strictObject({ where: ChildFilter.optional(), op: comparison, value: z.number().int().min(0) }),
      label,
    }),
    z.strictObject({ dateFrom: isoDate, label }),
  ]),
);

/** One evaluated condition: its wording, outcome, the facts it read and, for all/any/not, its parts. */
export type Explanation = {
  outcome: Outcome;
  /** The condition without values, e.g. '女方年满49周岁 (the woman is aged 49 or more)'. */
  label: string;
  /** The condition with its outcome and the values read, e.g. '年满60周岁：是（1956-03-02 出生，2016-12-31 时 60 岁）(aged 60 or more: yes)'. */
  text: string;
  facts: Record<string, string | number | boolean | null>;
  /** Set on all/any/not nodes. */
  kind?: 'all' | 'any' | 'not';
  parts?: Explanation[];
};

const OUTCOME_ZH: Record<Outcome, string> = { yes: '是', no: '否', unknown: '待核实' };
const OUTCOME_EN: Record<Outcome, string> = { yes: 'yes', no: 'no', unknown: 'unknown, to verify' };
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
const WHO_ZH: Record<Who, string> = { person: '', spouse: '配偶', woman: '女方' };
const WHO_EN: Record<Who, string> = { person: '', spouse: 'the spouse ', woman: 'the woman of the couple ' };
const SEX_ZH: Record<Sex, string> = { 1: '男', 2: '女' };
const GRADE_ZH = ['', '一', '二', '三', '四'];

/** A comparison of the rule language, on numbers or ISO dates. */
export const compare = (a: number | string, op: Comparison, b: number | string): boolean => {
  switch (op) {
    case '>=':
      return a >= b;
    case '>':
      return a > b;
    case '<=':
      return a <= b;
    case '<':
      return a < b;
    case '==':
      return a === b;
    case '!=':
      return a !== b;
  }
};

const resolveDate = (ref: DateRef | undefined, date: IsoDate): IsoDate => {
  if (ref === undefined || ref === 'date') return date;
  if (ref === 'yearEnd') return yearEnd(date);
  if (ref === 'yearStart') return yearStart(date);
  return ref;
};

/** The death date is the first day a person is no longer alive; nobody is alive before birth. */
const aliveOn = (p: { birthDate: IsoDate; deathDate?: IsoDate | null }, date: IsoDate) =>
  p.birthDate <= date && (!p.deathDate || p.deathDate > date);
const arrival = (c: ChildFacts) => c.adoptedOn ?? c.birthDate;

function node(
  outcome: Outcome,
  zh: string,
  en: string,
  detailZh: string,
  facts: Explanation['facts'],
  own?: Label,
  parts?: Explanation[],
  kind?: Explanation['kind'],
): Explanation {
  const labelZh = own?.zh ?? zh;
  const labelEn = own?.en ?? en;
  const detail = detailZh ? `（${detailZh}）` : '';
  return {
    outcome,
    label: `${labelZh} (${labelEn})`,
    text: `${labelZh}：${OUTCOME_ZH[outcome]}${detail} (${labelEn}: ${OUTCOME_EN[outcome]})`,
    facts,
    ...(kind ? { kind } : {}),
    ...(parts ? { parts } : {}),
  };
}

function subject(facts: BenefitFacts, who: Who): PersonFacts | undefined {
  switch (who) {
    case 'person':
      return facts.person;
    case 'spouse':
      return facts.spouse ?? undefined;
    case 'woman':
      if (facts.person.sex === 2) return facts.person;
      return facts.spouse?.sex === 2 ? facts.spouse : undefined;
  }
}

function absent(who: Who, outcome: Outcome | undefined, zh: string, en: string, own?: Label): Explanation {
  const reason = who === 'woman' ? '女方未在登记库中' : '无登记的配偶';
  return node(outcome ?? 'unknown', zh, en, reason, { [who]: null }, own);
}

function combine(kind: 'all' | 'any', outcomes: Outcome[]): Outcome {
  const win: Outcome = kind === 'all' ? 'no' : 'yes';
  if (outcomes.includes(win)) return win;
  if (outcomes.includes('unknown')) return 'unknown';
  return kind === 'all' ? 'yes' : 'no';
}

function describeFilter(f: ChildFilter | undefined): { zh: string; en: string } {
  const parts: [string, string][] = [];
  if (!f) return { zh: '', en: '' };
  if (f.arrivedBefore) parts.push([`${f.arrivedBefore}前出生或收养`, `born or adopted before ${f.arrivedBefore}`]);
  if (f.arrivedFrom) parts.push([`${f.arrivedFrom}起出生或收养`, `born or adopted on or after ${f.arrivedFrom}`]);
  if (f.sex) parts.push(f.sex === 2 ? ['女孩', 'girls'] : ['男孩', 'boys']);
  if (f.alive !== undefined) parts.push(f.alive ? ['存活', 'alive'] : ['非存活', 'not alive']);
  if (f.died !== undefined) parts.push(f.died ? ['已死亡', 'deceased'] : ['未死亡', 'not deceased']);
  if (f.disabilityGradeAtMost)
    parts.push([
      `经鉴定残疾等级为${GRADE_ZH[f.disabilityGradeAtMost]}级及以上`,
      `assessed disabled, grade ${f.disabilityGradeAtMost} or more severe`,
    ]);
  if (f.adopted !== undefined) parts.push(f.adopted ? ['收养', 'adopted'] : ['亲生', 'born to the couple']);
  if (f.ageUnder !== undefined) parts.push([`不满${f.ageUnder}周岁`, `under ${f.ageUnder}`]);
  return { zh: parts.map((p) => p[0]).join('、'), en: parts.map((p) => p[1]).join(', ') };
}

/** Whether a child matches the filter on the date: true, false, or undefined when not known. */
function childMatches(
  c: ChildFacts,
  f: ChildFilter | undefined,
  date: IsoDate,
  disabilityRecorded: boolean,
): boolean | undefined {
  if (!f) return true;
  if (f.arrivedBefore && !(arrival(c) < f.arrivedBefore)) return false;
  if (f.arrivedFrom && !(arrival(c) >= f.arrivedFrom)) return false;
  if (f.sex && c.sex !== f.sex) return false;
  if (f.alive !== undefined && aliveOn(c, date) !== f.alive) return false;
  if (f.died !== undefined && !aliveOn(c, date) !== f.died) return false;
  if (f.adopted !== undefined && Boolean(c.adoptedOn) !== f.adopted) return false;
  if (f.ageUnder !== undefined && !(ageOn(c.birthDate, date) < f.ageUnder)) return false;
  if (f.disabilityGradeAtMost !== undefined) {
    const known = c.disability && c.disability.assessedOn <= date ? c.disability : undefined;
    if (known) return known.grade <= f.disabilityGradeAtMost;
    return disabilityRecorded ? false : undefined;
  }
  return true;
}

const childWord = (c: ChildFacts) =>
  `${c.name ? `${c.name}，` : ''}${c.birthDate}${c.adoptedOn ? `出生、${c.adoptedOn}收养` : '出生'}，${SEX_ZH[c.sex]}`;

/**
 * Evaluates a rule for the facts on a date.
 * Pure: no registry access, no clock; the same rule, facts and date always give the same tree.
 */
export function evaluateRule(rule: Rule, facts: BenefitFacts, date: IsoDate): Explanation {
  const own = rule.label;
  if ('all' in rule || 'any' in rule) {
    const kind = 'all' in rule ? 'all' : 'any';
    const items = 'all' in rule ? rule.all : rule.any;
    const parts = items.map((r) => evaluateRule(r, facts, date));
    const outcome = combine(
      kind,
      parts.map((p) => p.outcome),
    );
    const zh = kind === 'all' ? '同时满足以下各项' : '满足以下任一项';
    const en = kind === 'all' ? 'all of the following' : 'any of the following';
    return node(outcome, zh, en, '', {}, own, parts, kind);
  }
  if ('not' in rule) {
    const part = evaluateRule(rule.not, facts, date);
    const outcome: Outcome = part.outcome === 'unknown' ? 'unknown' : part.outcome === 'yes' ? 'no' : 'yes';
    return node(outcome, `并非：${part.label}`, `not: ${part.label}`, '', {}, own, [part], 'not');
  }
  if ('dateFrom' in rule) {
    const ok = date >= rule.dateFrom;
    return node(
      ok ? 'yes' : 'no',
      `${rule.dateFrom}起实施`,
      `in force from ${rule.dateFrom}`,
      `评估日期 ${date}`,
      { date },
      own,
    );
  }
  if ('children' in rule) {
    const { where, op, value } = rule.children;
    const d = describeFilter(where);
    const zh = `${d.zh ? `${d.zh}的` : ''}子女数${CMP_ZH[op]}${value}`;
    const en = `children${d.en ? ` ${d.en}` : ''}: ${CMP_EN[op]} ${value}`;
    const present = facts.children.filter((c) => arrival(c) <= date);
    const matched: ChildFacts[] = [];
    const unsure: ChildFacts[] = [];
    for (const c of present) {
      const m = childMatches(c, where, date, facts.disabilityRecorded ?? false);
      if (m === true) matched.push(c);
      else if (m === undefined) unsure.push(c);
    }
    let yes = 0;
    let no = 0;
    for (let n = matched.length; n <= matched.length + unsure.length; n++) {
      if (compare(n, op, value)) yes++;
      else no++;
    }
    const outcome: Outcome = no === 0 ? 'yes' : yes === 0 ? 'no' : 'unknown';
    let detail = `${date} 时符合 ${matched.length} 人${matched.length ? `：${matched.map(childWord).join('；')}` : ''}`;
    if (unsure.length) detail += `；另 ${unsure.length} 人残疾情况未登记：${unsure.map(childWord).join('；')}`;
    return node(
      outcome,
      zh,
      en,
      detail,
      { date, matched: matched.length, unknown: unsure.length, children: present.length },
      own,
    );
  }
  // The conditions on one person: the person, the spouse or the woman of the couple.
  if ('age' in rule) {
    const { who = 'person', at, op, value, ifAbsent } = rule.age;
    const opZh = op === '>=' ? `年满${value}周岁` : op === '<' ? `不满${value}周岁` : `年龄${CMP_ZH[op]}${value}周岁`;
    const opEn = op === '>=' ? `aged ${value} or more` : op === '<' ? `under ${value}` : `age ${CMP_EN[op]} ${value}`;
    const zh = `${WHO_ZH[who]}${opZh}`;
    const en = `${WHO_EN[who]}${opEn}`.trim();
    const p = subject(facts, who);
    if (!p) return absent(who, ifAbsent, zh, en, own);
    const on = resolveDate(at, date);
    const age = ageOn(p.birthDate, on);
    return node(
      compare(age, op, value) ? 'yes' : 'no',
      zh,
      en,
      `${p.birthDate} 出生，${on} 时 ${age} 岁`,
      { birthDate: p.birthDate, on, age },
      own,
    );
  }
  if ('birthDate' in rule) {
    const { who = 'person', op, value, ifAbsent } = rule.birthDate;
    const zh = `${WHO_ZH[who]}出生日期${CMP_ZH[op]}${value}`
      .replace('不少于', '不早于')
      .replace('不多于', '不晚于')
      .replace('少于', '早于')
      .replace('多于', '晚于');
    const en = `${WHO_EN[who]}born ${op === '>=' ? 'on or after' : op === '<' ? 'before' : op === '<=' ? 'on or before' : op === '>' ? 'after' : op === '==' ? 'on' : 'not on'} ${value}`;
    const p = subject(facts, who);
    if (!p) return absent(who, ifAbsent, zh, en, own);
    return node(
      compare(p.birthDate, op, value) ? 'yes' : 'no',
      zh,
      en,
      `${p.birthDate} 出生`,
      { birthDate: p.birthDate },
      own,
    );
  }
  if ('hukouType' in rule) {
    const { who = 'person', is, ifAbsent } = rule.hukouType;
    const word = is === 'rural' ? '农村' : '城镇';
    const zh = `${WHO_ZH[who]}为${word}户口`;
    const en = `${WHO_EN[who]}${is} hukou`.trim();
    const p = subject(facts, who);
    if (!p) return absent(who, ifAbsent, zh, en, own);
    return node(
      p.hukouType === is ? 'yes' : 'no',
      zh,
      en,
      `户口类型：${p.hukouType === 'rural' ? '农村' : '城镇'}`,
      { hukouType: p.hukouType },
      own,
    );
  }
  if ('sex' in rule) {
    const { who = 'person', is, ifAbsent } = rule.sex;
    const zh = `${WHO_ZH[who]}性别为${SEX_ZH[is]}`;
    const en = `${WHO_EN[who]}${is === 2 ? 'female' : 'male'}`.trim();
    const p = subject(facts, who);
    if (!p) return absent(who, ifAbsent, zh, en, own);
    return node(p.sex === is ? 'yes' : 'no', zh, en, `性别：${SEX_ZH[p.sex]}`, { sex: p.sex }, own);
  }
  if ('alive' in rule) {
    const { who = 'person', at, ifAbsent } = rule.alive;
    const on = resolveDate(at, date);
    const zh = `${WHO_ZH[who]}${on}时健在`;
    const en = `${WHO_EN[who]}alive on ${on}`.trim();
    const p = subject(facts, who);
    if (!p) return absent(who, ifAbsent, zh, en, own);
    const ok = aliveOn(p, on);
    const detail =
      p.birthDate > on ? `${p.birthDate} 出生，尚未出生` : p.deathDate ? `${p.deathDate} 死亡` : '无死亡登记';
    return node(ok ? 'yes' : 'no', zh, en, detail, { birthDate: p.birthDate, deathDate: p.deathDate ?? null, on }, own);
  }
  const { who = 'person', divisions, ifAbsent } = rule.hukouIn;
  const zh = `${WHO_ZH[who]}户籍在 ${divisions.join('、')}`;
  const en = `${WHO_EN[who]}hukou in ${divisions.join(', ')}`.trim();
  const p = subject(facts, who);
  if (!p) return absent(who, ifAbsent, zh, en, own);
  const moved = p.leftDate && p.leftDate <= date;
  const ok = !moved && divisions.some((d) => p.countyCode.startsWith(d));
  const detail = `户籍地 ${p.countyCode}${moved ? `，${p.leftDate} 已迁出` : ''}`;
  return node(ok ? 'yes' : 'no', zh, en, detail, { countyCode: p.countyCode, leftDate: p.leftDate ?? null }, own);
}

/** The leaf conditions that decided a 'no' or 'unknown': what a refusal or a query names. */
export function decisiveLeaves(e: Explanation): Explanation[] {
  if (e.outcome === 'yes') return [];
  // A 'not' is decided by its whole negated condition, which is named as it stands.
  if (!e.parts || e.kind === 'not') return [e];
  return e.parts.filter((p) => p.outcome === e.outcome).flatMap(decisiveLeaves);
}

/**
 * The facts as they were known on a date: children born or adopted later, deaths, moves and
 * assessments after it are dropped. A payment batch sees the registry as of the day it is made.
 */
export function factsAsOf(facts: BenefitFacts, date: IsoDate): BenefitFacts {
  const person = (p: PersonFacts): PersonFacts => ({
    ...p,
    deathDate: p.deathDate && p.deathDate <= date ? p.deathDate : null,
    leftDate: p.leftDate && p.leftDate <= date ? p.leftDate : null,
    disability: p.disability && p.disability.assessedOn <= date ? p.disability : null,
  });
  return {
    ...facts,
    person: person(facts.person),
    spouse: facts.spouse ? person(facts.spouse) : facts.spouse,
    children: facts.children
      .filter((c) => arrival(c) <= date)
      .map((c) => ({
        ...c,
        deathDate: c.deathDate && c.deathDate <= date ? c.deathDate : null,
        disability: c.disability && c.disability.assessedOn <= date ? c.disability : null,
      })),
  };
}
