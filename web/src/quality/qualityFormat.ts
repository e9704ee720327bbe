/** Number formats of the data-quality page (shared by the tables, the chart and the detail). */

/** A p-value as people read it: 0.0425, 3.1e-4. */
export function formatP(p: number | null | undefined): string {
  if (p === null || p === undefined || Number.isNaN(p)) return '—';
  if (p >= 0.001) return p.toFixed(4).replace(/0+$/, '').replace(/\.$/, '');
  return p.toExponential(1);
}

export function formatPercent(v: number | null | undefined, digits = 1): string {
  return v === null || v === undefined ? '—' : `${(v * 100).toFixed(digits)}%`;
}

export function formatNumber(v: number | null | undefined, digits = 1): string {
  return v === null || v === undefined || Number.isNaN(v) ? '—' : v.toFixed(digits);
}

/** Years a user may pick: from 2000 to this year, newest first. */
export function yearOptions(today = new Date()): number[] {
  const last = today.getFullYear();
  return Array.from({ length: last - 2000 + 1 }, (_, i) => last - i);
}

/** The year the page opens on: last year (complete, and most reports of it are in). */
export const defaultYear = (today = new Date()) => today.getFullYear() - 1;

/** Query parameters of a web path the server named (an alert's link to the violation list). */
export function paramsOf(href: string): Record<string, string> {
  const q = href.indexOf('?');
  return q < 0 ? {} : Object.fromEntries(new URLSearchParams(href.slice(q + 1)));
}
