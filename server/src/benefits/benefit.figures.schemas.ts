import { z } from 'zod';

/** Query of the benefit figures per township and program; the descriptions document it in the OpenAPI page. */
export const FiguresQuery = z.object({
  year: z.coerce
    .number('年度应为数字')
    .int('年度应为整数')
    .min(2004, '年度不能早于2004年')
    .max(2100, '年度不能晚于2100年')
    .optional()
    .describe('年度（按批次应到账日期归期）；与 period 二选一，都不填为今年'),
  period: z.string().trim().optional().describe('统计期：年 2026、季度 2026Q1 或月份 2026-03（按批次应到账日期归期）'),
  programCode: z.string().trim().min(1).max(60).optional().describe('只看某项目（不填为全部项目）'),
});
export type FiguresQuery = z.infer<typeof FiguresQuery>;
