/**
 * Calendar arithmetic for the benefit rules. Dates are 'YYYY-MM-DD' strings and months 'YYYY-MM'
 * strings end to end (as in the registry), so comparisons are string comparisons and no time zone
 * can move a birthday by a day.
 */
export type IsoDate = string;
export type IsoMonth = string;

const pad = (n: number) => String(n).padStart(2, '0');

export const isIsoDate = (s: string): boolean => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
};
export const isIsoMonth = (s: string): boolean => /^\d{4}-(0[1-9]|1[0-2])$/.test(s);

export const daysInMonth = (y: number, m: number): number => new Date(Date.UTC(y, m, 0)).getUTCDate();

const parts = (date: IsoDate): [number, number, number] => [
  Number(date.slice(0, 4)),
  Number(date.slice(5, 7)),
  Number(date.slice(8, 10)),
];

/**
 * Age in completed years (周岁) on a date. A birthday on 29 February is reached on 1 March in a
 * common year (the month-and-day comparison), which is how household registration counts it.
 */
export function ageOn(birthDate: IsoDate, on: IsoDate): number {
  const [by, bm, bd] = parts(birthDate);
  const [y, m, d] = parts(on);
  let age = y - by;
  if (m < bm || (m === bm && d < bd)) age -= 1;
  return age;
}

export const monthOf = (date: IsoDate): IsoMonth => date.slice(0, 7);
export const firstDay = (month: IsoMonth): IsoDate => `${month}-01`;
export function lastDay(month: IsoMonth): IsoDate {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return `${month}-${pad(daysInMonth(y, m))}`;
}
export function addMonths(month: IsoMonth, n: number): IsoMonth {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + n;
  return `${Math.floor(index / 12)}-${pad((index % 12) + 1)}`;
}
/** The months from `from` to `to`, both included. */
export function monthsBetween(from: IsoMonth, to: IsoMonth): IsoMonth[] {
  const out: IsoMonth[] = [];
  for (let m = from; m <= to; m = addMonths(m, 1)) out.push(m);
  return out;
}
export const yearEnd = (date: IsoDate): IsoDate => `${date.slice(0, 4)}-12-31`;
export const yearStart = (date: IsoDate): IsoDate => `${date.slice(0, 4)}-01-01`;

/** A period of whole months. */
export type MonthRange = { from: IsoMonth; to: IsoMonth };

/** '2016' (a year), '2016Q3' (a quarter), '2016-03' (a month); undefined when malformed. */
export function parseMonthRange(code: string): MonthRange | undefined {
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})$/.exec(code))) return { from: `${m[1]}-01`, to: `${m[1]}-12` };
  if ((m = /^(\d{4})Q([1-4])$/.exec(code))) {
    const q = Number(m[2]);
    return { from: `${m[1]}-${pad(q * 3 - 2)}`, to: `${m[1]}-${pad(q * 3)}` };
  }
  if (isIsoMonth(code)) return { from: code, to: code };
  return undefined;
}

/** 1234567 fen → '12,345.67 元'. Integer arithmetic only. */
export function formatFen(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100).toLocaleString('en-US');
  return `${sign}${yuan}.${pad(abs % 100)} 元`;
}
