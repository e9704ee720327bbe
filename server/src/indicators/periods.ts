import { InvalidInputError } from '../lib/errors.js';

/**
 * Reporting periods: a year (2016), a quarter (2016Q1) or a month (2016-03). A period lies in one
 * calendar year and starts and ends on month boundaries, so the population at its start (the end
 * of the month before) and at its end is read from population_change exactly. A period still
 * running is computed to date; rates are annualised by the days covered.
 */
export type PeriodKind = 'year' | 'quarter' | 'month';

/** The end of a calendar month: the population at this point is a sum of population_change rows. */
export type MonthEnd = { year: number; month: number };

export type Period = {
  code: string;
  kind: PeriodKind;
  /** First day. */
  start: string;
  /** Last day counted: the period's last day, or today while it runs. */
  end: string;
  /** The period is not over: figures are to date. */
  running: boolean;
  /** Days from start to end, both included. */
  days: number;
  /** days / days of the calendar year: person-years = mean population × yearFraction. */
  yearFraction: number;
  /** Population at the start: the end of the month before the period. */
  startBoundary: MonthEnd;
  /** Population at the end: the end of the period's (or today's) month. */
  endBoundary: MonthEnd;
};

/** Indicators are computed from 2000 on: population changes dated earlier are summed into 1999. */
export const FIRST_YEAR = 2000;

const pad = (n: number) => String(n).padStart(2, '0');
export const isoDate = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;
export const daysInMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / 86_400_000;
export const daysBetween = (from: string, to: string) => dayNumber(to) - dayNumber(from);
export const addDays = (date: string, n: number) =>
  new Date((dayNumber(date) + n) * 86_400_000).toISOString().slice(0, 10);

/**
 * Parses a period code against today's date.
 * @throws InvalidInputError for a malformed code, a period before 2000 or one not yet begun
 */
export function parsePeriod(code: string, today: string, field = 'period'): Period {
  let m: RegExpMatchArray | null;
  let kind: PeriodKind;
  let year: number;
  let firstMonth: number;
  let lastMonth: number;
  if ((m = /^(\d{4})$/.exec(code))) {
    kind = 'year';
    year = Number(m[1]);
    firstMonth = 1;
    lastMonth = 12;
  } else if ((m = /^(\d{4})Q([1-4])$/.exec(code))) {
    kind = 'quarter';
    year = Number(m[1]);
    firstMonth = (Number(m[2]) - 1) * 3 + 1;
    lastMonth = firstMonth + 2;
  } else if ((m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(code))) {
    kind = 'month';
    year = Number(m[1]);
    firstMonth = lastMonth = Number(m[2]);
  } else {
    throw InvalidInputError.field(field, '统计期应为年（2016）、季度（2016Q1）或月份（2016-03）');
  }
  if (year < FIRST_YEAR) throw InvalidInputError.field(field, `指标从 ${FIRST_YEAR} 年起计算`);
  const start = isoDate(year, firstMonth, 1);
  if (start > today) throw InvalidInputError.field(field, '统计期尚未开始');
  const nominalEnd = isoDate(year, lastMonth, daysInMonth(year, lastMonth));
  const running = nominalEnd > today;
  const end = running ? today : nominalEnd;
  const endMonth = Number(end.slice(5, 7));
  const days = daysBetween(start, end) + 1;
  const yearDays = daysBetween(isoDate(year, 1, 1), isoDate(year + 1, 1, 1));
  return {
    code,
    kind,
    start,
    end,
    running,
    days,
    yearFraction: days / yearDays,
    startBoundary: firstMonth === 1 ? { year: year - 1, month: 12 } : { year, month: firstMonth - 1 },
    endBoundary: { year, month: endMonth },
  };
}

/** The periods of a series: each year from..to, or each month of those years (not past today). */
export function seriesPeriods(from: number, to: number, interval: 'year' | 'month', today: string): Period[] {
  if (to < from) throw InvalidInputError.field('to', '结束年份不能早于开始年份');
  if (to - from > 40) throw InvalidInputError.field('to', '一次最多查询40年');
  const out: Period[] = [];
  for (let y = from; y <= to; y++) {
    if (interval === 'year') {
      if (isoDate(y, 1, 1) <= today) out.push(parsePeriod(String(y), today, 'from'));
      continue;
    }
    for (let mo = 1; mo <= 12; mo++) {
      if (isoDate(y, mo, 1) <= today) out.push(parsePeriod(`${y}-${pad(mo)}`, today, 'from'));
    }
  }
  return out;
}
