import { z } from 'zod';
import { PersonSearchQuery } from '../registry/person.schemas.js';
import { ReportQuery } from '../reporting/report.schemas.js';
import type { CsvEncoding } from './export.writers.js';

/**
 * The export querystrings: the filters of the list they export (the same schemas, without
 * paging), plus how the file is written.
 */
export const ExportFormat = z.enum(['xlsx', 'csv']);
export type ExportFormat = z.infer<typeof ExportFormat>;

export const ExportFormatParam = z.object({ format: ExportFormat.describe('文件格式：xlsx 或 csv') });

const Encoding = z
  .enum(['utf8', 'utf-8', 'gbk', 'gb18030'])
  .default('utf8')
  .describe('CSV 编码：utf8（默认，带 BOM，Excel 可直接打开）或 gbk/gb18030（国标编码，无 BOM）；XLSX 忽略此项');

const Unmasked = z
  .enum(['true', 'false'])
  .default('false')
  .transform((v) => v === 'true')
  .describe('true：导出完整身份证号码（需“查看完整身份证号”权限，记入审计）；默认脱敏');

export const PersonExportQuery = PersonSearchQuery.omit({ page: true, pageSize: true }).extend({
  unmasked: Unmasked,
  encoding: Encoding,
});
export type PersonExportQuery = z.infer<typeof PersonExportQuery>;

/** The filters of `GET /api/households` (declared in household.routes.ts). */
export const HouseholdExportQuery = z.object({
  q: z.string().max(64).optional().describe('户号、地址或户主姓名'),
  unitId: z.string().max(20).optional().describe('所属单位（含下级）'),
  encoding: Encoding,
});
export type HouseholdExportQuery = z.infer<typeof HouseholdExportQuery>;

export const ReportExportQuery = ReportQuery.omit({ page: true, pageSize: true }).extend({ encoding: Encoding });
export type ReportExportQuery = z.infer<typeof ReportExportQuery>;

/** GBK is asked for by name; GB18030 is what is written (a superset, byte-identical on GBK's characters). */
export const csvEncodingOf = (e: z.infer<typeof Encoding>): CsvEncoding =>
  e === 'gbk' || e === 'gb18030' ? 'gb18030' : 'utf8';
