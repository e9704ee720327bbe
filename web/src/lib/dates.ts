import dayjs, { type Dayjs } from 'dayjs';

/** Dates are shown as 2016-03-05 everywhere, in both languages. */
export const DATE_FORMAT = 'YYYY-MM-DD';
export const DATE_TIME_FORMAT = 'YYYY-MM-DD HH:mm';

export function formatDate(value: string | null | undefined): string {
  if (!value) return '—';
  // Event dates already are 'YYYY-MM-DD'; never shift them through a time zone.
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const d = dayjs(value);
  return d.isValid() ? d.format(DATE_FORMAT) : value;
}

export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '—';
  const d = dayjs(value);
  return d.isValid() ? d.format(DATE_TIME_FORMAT) : value;
}

export function toIsoDate(value: Dayjs | null | undefined): string | undefined {
  return value ? value.format(DATE_FORMAT) : undefined;
}

export function fromIsoDate(value: string | null | undefined): Dayjs | undefined {
  if (!value) return undefined;
  const d = dayjs(value, DATE_FORMAT);
  return d.isValid() ? d : undefined;
}

export function todayIso(): string {
  return dayjs().format(DATE_FORMAT);
}

/** For DatePicker's disabledDate: event dates cannot lie in the future. */
export function isFuture(value: Dayjs): boolean {
  return value.isAfter(dayjs(), 'day');
}

/** Whole years between two ISO dates (age at an event). */
export function yearsBetween(fromIso: string, toIso: string): number {
  return dayjs(toIso).diff(dayjs(fromIso), 'year');
}
