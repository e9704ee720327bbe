import { InvalidInputError } from '../lib/errors.js';
import { entitlementOf, rateOn, type AmountLine, type Rate } from './benefit.amounts.js';
import {
  formatFen,
  lastDay,
  monthsBetween,
  parseMonthRange,
  isIsoDate,
  isIsoMonth,
  type IsoDate,
  type IsoMonth,
  type MonthRange,
} from './benefit.dates.js';
import type { BenefitProgram } from './benefit.programs.js';
import {
  decisiveLeaves,
  evaluateRule,
  factsAsOf,
  type BenefitFacts,
  type Explanation,
  type Outcome,
} from './benefit.rules.js';

/**
 * One person, one program: eligible or not, how much, and why.
 *
 * - `{ on }`: the state on a day: whether the rule holds and the rate then in effect (per month
 *   or per year, as the program's rate is). Used to show a family where it stands.
 * - `{ period }`: the entitlement for a year, quarter, month or range of months, counted by the
 *   month rule (see BenefitProgram.entitlement): a month counts when the rule holds on its last
 *   day and is paid at the rate in effect on that day. So the special assistance starts with the
 *   month of the woman's 49th birthday, the childcare subsidy counts the birth month and stops
 *   before the month of the third birthday, and the month of a death does not count.
 * - `{ period, batchDate }`: what a payment batch made that day pays. The batch sees the registry
 *   as of its date (later events are not known yet). A person whose death is registered on or
 *   before the batch date is not paid by it: the death date is the first day a person is not
 *   alive, and a payment into a dead person's account would open a recovery case. The months owed
 *   before the death are reported as withheld, for the survivors' claim to decide.
 */
export type EvaluateOptions = { on: IsoDate } | { period: string | MonthRange; batchDate?: IsoDate };

export type MonthVerdict = { month: IsoMonth; outcome: Outcome; rateFen: number; reasons: string[] };

export type BenefitEvaluation = {
  program: string;
  eligible: boolean;
  outcome: Outcome;
  /** Integer fen: the rate on the day for `{ on }`, the entitlement (or the batch's payment) for `{ period }`. */
  amountFen: number;
  explanation: {
    /** One sentence, Chinese with an English gloss. */
    verdict: string;
    /** The day the rule tree below was evaluated on. */
    referenceDate: IsoDate;
    rule: Explanation;
    rate?: Rate;
    months?: MonthVerdict[];
    /** The months in runs: '2016-01 至 2016-06：否（女方年满49周岁 …）'. */
    monthRuns?: string[];
    amount?: { lines: AmountLine[]; text: string };
    batch?: { date: IsoDate; paid: boolean; withheldFen: number; text: string };
  };
};

const reasonsOf = (e: Explanation) => decisiveLeaves(e).map((l) => l.label);

/**
 * Evaluates one program for one person's facts.
 * @throws InvalidInputError for a malformed date, period or batch date (field `on`, `period` or `batchDate`)
 */
export function evaluate(program: BenefitProgram, facts: BenefitFacts, options: EvaluateOptions): BenefitEvaluation {
  return 'on' in options
    ? evaluateOn(program, facts, options.on)
    : evaluatePeriod(program, facts, options.period, options.batchDate);
}

function evaluateOn(program: BenefitProgram, facts: BenefitFacts, on: IsoDate): BenefitEvaluation {
  if (!isIsoDate(on)) throw InvalidInputError.field('on', `日期应为 YYYY-MM-DD：${on}`);
  const known = factsAsOf(facts, on);
  const rule = evaluateRule(program.rule, known, on);
  const rate = rule.outcome === 'yes' ? rateOn(program, known, on) : undefined;
  const outcome: Outcome = rate ? rate.outcome : rule.outcome;
  const amountFen = outcome === 'yes' ? rate!.fen : 0;
  const unit = program.rate === 'month' ? '月' : '年';
  const verdict =
    outcome === 'yes'
      ? `${on} 符合「${program.name}」，标准每${unit} ${formatFen(amountFen)} (eligible for the ${program.nameEn} on ${on})`
      : `${on} ${outcome === 'no' ? '不符合' : '待核实'}「${program.name}」：${(rate ? [rate.text] : reasonsOf(rule)).join('；')} (${outcome === 'no' ? 'not eligible' : 'to verify'})`;
  return {
    program: program.code,
    eligible: outcome === 'yes',
    outcome,
    amountFen,
    explanation: { verdict, referenceDate: on, rule, ...(rate ? { rate } : {}) },
  };
}

function evaluatePeriod(
  program: BenefitProgram,
  facts: BenefitFacts,
  period: string | MonthRange,
  batchDate: IsoDate | undefined,
): BenefitEvaluation {
  const range = typeof period === 'string' ? parseMonthRange(period) : period;
  if (!range || !isIsoMonth(range.from) || !isIsoMonth(range.to) || range.from > range.to)
    throw InvalidInputError.field('period', `期间应为 2016、2016Q3、2016-03 或起止月份：${JSON.stringify(period)}`);
  if (batchDate !== undefined && !isIsoDate(batchDate))
    throw InvalidInputError.field('batchDate', `日期应为 YYYY-MM-DD：${batchDate}`);
  const known = batchDate ? factsAsOf(facts, batchDate) : facts;
  // 'year' programs decide once per calendar year, on 31 December; 'months' programs on each month's last day.
  const refOf = (m: IsoMonth) => (program.entitlement === 'year' ? `${m.slice(0, 4)}-12-31` : lastDay(m));
  const ruleAt = new Map<IsoDate, Explanation>();
  const ruleOn = (d: IsoDate) => {
    let e = ruleAt.get(d);
    if (!e) ruleAt.set(d, (e = evaluateRule(program.rule, known, d)));
    return e;
  };

  const months: MonthVerdict[] = monthsBetween(range.from, range.to).map((month) => {
    const rule = ruleOn(refOf(month));
    if (rule.outcome !== 'yes') return { month, outcome: rule.outcome, rateFen: 0, reasons: reasonsOf(rule) };
    const rate = rateOn(program, known, lastDay(month));
    return { month, outcome: rate.outcome, rateFen: rate.fen, reasons: rate.outcome === 'yes' ? [] : [rate.text] };
  });
  const counted = months.filter((m) => m.outcome === 'yes');
  const amount = entitlementOf(
    program,
    counted.map((m) => ({ month: m.month, rateFen: m.rateFen })),
  );
  const outcome: Outcome = counted.length > 0 ? 'yes' : months.some((m) => m.outcome === 'unknown') ? 'unknown' : 'no';
  const referenceDate = refOf((counted.at(-1) ?? months.at(-1)!).month);
  const rule = ruleOn(referenceDate);
  const periodText = range.from === range.to ? range.from : `${range.from} 至 ${range.to}`;

  let verdict =
    outcome === 'yes'
      ? `符合「${program.name}」，${periodText} 应发 ${formatFen(amount.fen)}（${counted.length} 个月） (eligible for the ${program.nameEn}: ${counted.length} months)`
      : `${outcome === 'no' ? '不符合' : '待核实'}「${program.name}」：${[...new Set(months.flatMap((m) => m.reasons))].join('；')} (${outcome === 'no' ? 'not eligible' : 'to verify'} in ${periodText})`;
  let amountFen = amount.fen;
  let batch: BenefitEvaluation['explanation']['batch'];
  const death = known.person.deathDate;
  if (batchDate) {
    if (death && death <= batchDate) {
      batch = {
        date: batchDate,
        paid: false,
        withheldFen: amount.fen,
        text: `${death} 死亡，${batchDate} 的发放批次不予发放${amount.fen ? `，死亡前应发 ${formatFen(amount.fen)} 另行处理` : ''} (died on or before the batch date: not paid by this batch)`,
      };
      verdict = `${batch.text}；${verdict}`;
      amountFen = 0;
    } else {
      batch = {
        date: batchDate,
        paid: amountFen > 0,
        withheldFen: 0,
        text: `${batchDate} 发放批次：${formatFen(amountFen)} (paid by the batch of ${batchDate})`,
      };
    }
  }
  const eligible = outcome === 'yes' && amountFen > 0;
  return {
    program: program.code,
    eligible,
    outcome: batch && !batch.paid && outcome === 'yes' ? 'no' : outcome,
    amountFen,
    explanation: {
      verdict,
      referenceDate,
      rule,
      months,
      monthRuns: runsOf(months),
      amount: { lines: amount.lines, text: amount.text },
      ...(batch ? { batch } : {}),
    },
  };
}

/** Consecutive months with the same outcome, rate and reasons, in words. */
function runsOf(months: MonthVerdict[]): string[] {
  const runs: string[] = [];
  let i = 0;
  while (i < months.length) {
    const a = months[i]!;
    const key = `${a.outcome}|${a.rateFen}|${a.reasons.join('|')}`;
    let j = i;
    while (j + 1 < months.length) {
      const b = months[j + 1]!;
      if (`${b.outcome}|${b.rateFen}|${b.reasons.join('|')}` !== key) break;
      j++;
    }
    const span = i === j ? a.month : `${a.month} 至 ${months[j]!.month}`;
    const what =
      a.outcome === 'yes'
        ? `是，标准 ${formatFen(a.rateFen)}`
        : `${a.outcome === 'no' ? '否' : '待核实'}（${a.reasons.join('；')}）`;
    runs.push(`${span}：${what}`);
    i = j + 1;
  }
  return runs;
}
