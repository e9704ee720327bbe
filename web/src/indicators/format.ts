/**
 * Figures as people read them: the value with its unit and decimals, the 95% interval, the
 * normal range, and periods (year, quarter, month) with the default year of a dashboard.
 */
import type { Figure, FigureStatus, IndicatorUnit } from './indicatorApi.js';

const SUFFIX: Record<IndicatorUnit, string> = {
  '‰': '‰',
  '%': '%',
  ratio: '',
  perWoman: '',
  count: '',
  yuan: ' 元',
};

/** A total (a count of payments, an amount in yuan): no interval, no denominator. */
export const isTotal = (f: Pick<Figure, 'unit'>) => f.unit === 'count' || f.unit === 'yuan';

/** Integer fen as yuan with two decimals and separators (1100000 → 11,000.00). */
export function formatFen(fen: number | null | undefined): string {
  if (fen === null || fen === undefined || !Number.isFinite(fen)) return '—';
  return formatNumber(fen / 100, 2);
}

export function formatNumber(value: number | null | undefined, decimals: number): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return value.toLocaleString('zh-CN', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/** 105.26, 11.31‰, 35.9%; "—" when there is no value (no births, no population). */
export function formatValue(value: number | null | undefined, f: Pick<Figure, 'unit' | 'decimals'>): string {
  const text = formatNumber(value, f.decimals);
  return text === '—' ? text : `${text}${SUFFIX[f.unit]}`;
}

/** "56.7–195.3"; an open end (a sex ratio with no girls) shows as "∞". */
export function formatInterval(f: Pick<Figure, 'lower' | 'upper' | 'unit' | 'decimals'>): string {
  if (f.lower === null && f.upper === null) return '—';
  const lower = f.lower === null ? '0' : formatNumber(f.lower, f.decimals);
  const upper = f.upper === null ? '∞' : formatNumber(f.upper, f.decimals);
  return `${lower}–${upper}${SUFFIX[f.unit]}`;
}

export function formatRange(range: Figure['normalRange'], f: Pick<Figure, 'unit' | 'decimals'>): string | null {
  if (!range) return null;
  const low = range.low === null ? '' : formatNumber(range.low, 0);
  const high = range.high === null ? '' : formatNumber(range.high, 0);
  return `${low}–${high}${SUFFIX[f.unit]}`;
}

export const STATUS_COLOR: Record<FigureStatus, string> = {
  normal: 'green',
  uncertain: 'gold',
  high: 'red',
  low: 'volcano',
};

export type PeriodKind = 'year' | 'quarter' | 'month';

/** The kind of a period code: 2016, 2016Q1 or 2016-03. */
export function periodKind(code: string): PeriodKind {
  if (/^\d{4}Q[1-4]$/.test(code)) return 'quarter';
  if (/^\d{4}-\d{2}$/.test(code)) return 'month';
  return 'year';
}

export function periodYear(code: string): number {
  return Number(code.slice(0, 4));
}

/** The period of a kind within a year: the whole year, its first quarter or January, or what `sub` says. */
export function periodCode(year: number, kind: PeriodKind, sub = 1): string {
  if (kind === 'quarter') return `${year}Q${Math.min(4, Math.max(1, sub))}`;
  if (kind === 'month') return `${year}-${String(Math.min(12, Math.max(1, sub))).padStart(2, '0')}`;
  return String(year);
}

export function periodSub(code: string): number {
  const kind = periodKind(code);
  if (kind === 'quarter') return Number(code.slice(5));
  if (kind === 'month') return Number(code.slice(5, 7));
  return 1;
}

/** Today's year in China, where the server counts its days. */
export function chinaYear(now = new Date()): number {
  return new Date(now.getTime() + 8 * 3_600_000).getUTCFullYear();
}

/** The last complete year: the default period of the dashboard and the indicator page. */
export function lastCompleteYear(now = new Date()): number {
  return chinaYear(now) - 1;
}

/** Whether a unit's figures for a period rest on any data (births, deaths or a population). */
export function hasData(figures: Figure[]): boolean {
  return figures.some((f) => (f.denominator ?? 0) > 0 || (f.numerator ?? 0) > 0 || (f.parts.populationEnd ?? 0) > 0);
}
