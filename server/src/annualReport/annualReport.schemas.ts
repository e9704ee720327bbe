import { z } from 'zod';
import { BoundariesParam, Population } from '../indicators/indicator.schemas.js';

/** The annual statistical report's query: which year and unit, and in which form. */
export const AnnualReportFormat = z.enum(['json', 'xlsx', 'pdf']);
export type AnnualReportFormat = z.infer<typeof AnnualReportFormat>;

export const AnnualReportQuery = z.object({
  unitId: z.string().trim().max(20).optional().describe('单位代码（县或乡镇，亦可为村）；缺省为本人所在单位'),
  year: z.coerce
    .number({ error: '请填写年份' })
    .int('年份应为整数')
    .min(2000, '年份不能早于 2000 年')
    .max(2100, '年份有误')
    .describe('统计年度，如 2016'),
  format: AnnualReportFormat.default('json').describe('json 预览，xlsx 或 pdf 下载（下载记入审计）'),
  population: Population,
  boundaries: BoundariesParam,
});
export type AnnualReportQuery = z.infer<typeof AnnualReportQuery>;
