import type { ExportFormat } from './export.schemas.js';

/**
 * File names and the download header. A Chinese file name travels in `filename*` (RFC 5987 /
 * RFC 6266: UTF-8, percent-encoded); browsers that do not read it get the ASCII fallback.
 */
export type ExportKind = 'persons' | 'households' | 'reports';

const TITLES: Record<ExportKind, string> = { persons: '人员名单', households: '家庭户名单', reports: '事件报告' };

/** 人员名单_新铺村_2026-03-05.xlsx and persons_430623101208_2026-03-05.xlsx */
export function exportFilenames(
  kind: ExportKind,
  unit: { id: string; name: string },
  date: string,
  format: ExportFormat,
) {
  const safe = (s: string) => s.replace(/[\\/:*?"<>|\s]+/g, '_');
  return {
    filename: `${TITLES[kind]}_${safe(unit.name)}_${date}.${format}`,
    asciiFilename: `${kind}_${unit.id.replace(/[^0-9A-Za-z]/g, '')}_${date}.${format}`,
  };
}

/** RFC 5987 ext-value: only attr-chars stay as they are; encodeURIComponent leaves ' ( ) * too. */
function rfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function contentDisposition(filename: string, asciiFilename: string): string {
  const fallback = asciiFilename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${fallback}"; filename*=UTF-8''${rfc5987(filename)}`;
}

export function contentType(format: ExportFormat, encoding: 'utf8' | 'gb18030'): string {
  return format === 'xlsx'
    ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
    : `text/csv; charset=${encoding === 'utf8' ? 'utf-8' : 'gb18030'}`;
}
