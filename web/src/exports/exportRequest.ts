import { withQuery } from '../api/api.js';

/** The registry lists the server exports (docs/export.md), by the name of their endpoint. */
export type ExportList = 'persons' | 'households' | 'reports';
export type ExportFormat = 'xlsx' | 'csv';
/** CSV only: UTF-8 with a byte-order mark (Excel reads it), or GBK (written as GB18030) for older tools. */
export type CsvEncoding = 'utf8' | 'gbk';

export type ExportFilters = Record<string, string | number | undefined>;

/**
 * The URL that exports a list exactly as it is filtered on screen: the list's filters, never its
 * page, plus how the file is written. `unmasked` only exists for persons.
 */
export function exportPath(
  list: ExportList,
  format: ExportFormat,
  filters: ExportFilters,
  options: { encoding?: CsvEncoding; unmasked?: boolean } = {},
): string {
  const { page: _page, pageSize: _pageSize, ...rest } = filters;
  return withQuery(`/api/exports/${list}.${format}`, {
    ...rest,
    encoding: format === 'csv' ? (options.encoding ?? 'utf8') : undefined,
    unmasked: list === 'persons' && options.unmasked ? 'true' : undefined,
  });
}
