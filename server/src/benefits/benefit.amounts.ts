import { formatFen, type IsoDate, type IsoMonth } from './benefit.dates.js';
import type { AmountLayer, BenefitProgram } from './benefit.programs.js';
import { evaluateRule, type BenefitFacts, type Explanation, type Outcome } from './benefit.rules.js';

/**
 * Amounts: the rate in effect on a date (a tier chosen by its condition, its layers added up) and
 * a period's entitlement from the months counted. Integer fen throughout.
 *
 * A yearly rate is pro-rated as rate × months / 12, rounded half up to the fen once for all the
 * months at the same rate (not month by month), so twelve months are exactly the yearly amount and
 * no rounding drifts across a year. A monthly rate is simply multiplied.
 */

export type Rate = {
  outcome: Outcome;
  /** Integer fen per month or per year (the program's rate); 0 when none applies. */
  fen: number;
  tier?: string;
  /** The layers in effect, one per level and division. */
  layers: AmountLayer[];
  /** How the rate was chosen and added up, e.g. '2016-12-31 适用：全国 960.00 元 + 华容县 140.00 元 = 1,100.00 元/年'. */
  text: string;
  /** The tier conditions looked at, in order. */
  tiers: Explanation[];
};

const UNIT_ZH = { month: '月', year: '年' } as const;
const LEVEL_ZH = { national: '全国', province: '省级', county: '县级' } as const;

/** The layers in effect on a date for a hukou county: the latest of each level and division. */
export function layersInEffect(layers: AmountLayer[], countyCode: string, date: IsoDate): AmountLayer[] {
  const latest = new Map<string, AmountLayer>();
  for (const l of layers) {
    if (l.from > date) continue;
    if (l.division !== undefined && !countyCode.startsWith(l.division)) continue;
    const key = `${l.level}:${l.division ?? ''}`;
    const seen = latest.get(key);
    if (!seen || seen.from <= l.from) latest.set(key, l);
  }
  const order = { national: 0, province: 1, county: 2 } as const;
  return [...latest.values()].sort((a, b) => order[a.level] - order[b.level]);
}

/** The rate of the program for the facts on a date: the first tier whose condition holds. */
export function rateOn(program: BenefitProgram, facts: BenefitFacts, date: IsoDate): Rate {
  const tiers: Explanation[] = [];
  for (const tier of program.amounts) {
    const cond = tier.when ? evaluateRule(tier.when, facts, date) : undefined;
    if (cond) tiers.push(cond);
    if (cond?.outcome === 'no') continue;
    if (cond?.outcome === 'unknown')
      return {
        outcome: 'unknown',
        fen: 0,
        tier: tier.key,
        layers: [],
        tiers,
        text: `标准档次待核实：${tier.label.zh} (the amount tier is to verify: ${tier.label.en})`,
      };
    const layers = layersInEffect(tier.layers, facts.person.countyCode, date);
    const fen = layers.reduce((s, l) => s + l.fen, 0);
    if (layers.length === 0 || fen === 0)
      return {
        outcome: 'no',
        fen: 0,
        tier: tier.key,
        layers,
        tiers,
        text: `${date} 无适用标准 (no amount in effect on ${date})`,
      };
    const parts = layers.map(
      (l) =>
        `${l.level === 'national' ? '全国' : `${l.divisionName ?? l.division}${LEVEL_ZH[l.level]}提标`} ${formatFen(l.fen)}`,
    );
    const text = `${date} 适用「${tier.label.zh}」：${parts.join(' + ')}${layers.length > 1 ? ` = ${formatFen(fen)}` : ''}/${UNIT_ZH[program.rate]} (${tier.label.en}: ${formatFen(fen).replace(' 元', '')} yuan a ${program.rate})`;
    return { outcome: 'yes', fen, tier: tier.key, layers, tiers, text };
  }
  return { outcome: 'no', fen: 0, layers: [], tiers, text: '无适用的标准档次 (no amount tier applies)' };
}

/** A month of a period that counts, with the rate in effect on its last day. */
export type CountedMonth = { month: IsoMonth; rateFen: number; tier?: string };

/** One line of the sum: the months at one rate and what they come to. */
export type AmountLine = { rateFen: number; months: IsoMonth[]; fen: number; text: string };

/** Half-up rounding of a / b for non-negative integers, without floating point. */
const divRound = (a: number, b: number) => Math.floor((2 * a + b) / (2 * b));

const monthSpan = (months: IsoMonth[]) => {
  const runs: string[] = [];
  let start = months[0]!;
  let prev = start;
  const next = (m: IsoMonth) => {
    const y = Number(m.slice(0, 4));
    const mo = Number(m.slice(5, 7));
    return mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`;
  };
  for (const m of months.slice(1)) {
    if (m !== next(prev)) {
      runs.push(start === prev ? start : `${start} 至 ${prev}`);
      start = m;
    }
    prev = m;
  }
  runs.push(start === prev ? start : `${start} 至 ${prev}`);
  return runs.join('、');
};

/**
 * The entitlement of the counted months in integer fen, with a line per rate.
 * Lines are grouped by rate, so a change of amount mid-year gives two lines.
 */
export function entitlementOf(
  program: BenefitProgram,
  counted: CountedMonth[],
): { fen: number; lines: AmountLine[]; text: string } {
  const byRate = new Map<number, IsoMonth[]>();
  for (const c of counted) byRate.set(c.rateFen, [...(byRate.get(c.rateFen) ?? []), c.month]);
  const lines: AmountLine[] = [];
  for (const [rateFen, months] of byRate) {
    const n = months.length;
    const fen = program.rate === 'month' ? rateFen * n : divRound(rateFen * n, 12);
    const how =
      program.rate === 'month'
        ? `${n} 个月 × 每月 ${formatFen(rateFen)} = ${formatFen(fen)}`
        : n === 12
          ? `12 个月，全年 ${formatFen(rateFen)}`
          : `${n} 个月 × 每年 ${formatFen(rateFen)} ÷ 12 = ${formatFen(fen)}`;
    lines.push({ rateFen, months, fen, text: `${monthSpan(months)}：${how} (${n} months)` });
  }
  const fen = lines.reduce((s, l) => s + l.fen, 0);
  const text =
    lines.length === 0
      ? '无应发月份，0.00 元 (no month counts)'
      : `${lines.map((l) => l.text).join('；')}；合计 ${formatFen(fen)} (total)`;
  return { fen, lines, text };
}
