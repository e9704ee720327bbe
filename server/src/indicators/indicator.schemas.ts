import { z } from 'zod';

/** Query parameters of the indicator API; the descriptions document it in the OpenAPI page. */
const UnitId = z.string().trim().min(1, '请选择单位').max(20).describe('单位代码（县、乡镇、村）');
const PeriodCode = z.string().trim().describe('统计期：年 2016、季度 2016Q1 或月份 2016-03');
export const Population = z
  .enum(['registered', 'resident'])
  .default('registered')
  .describe('人口口径：registered 户籍人口，resident 常住人口');
export const BoundariesParam = z
  .enum(['present', 'past'])
  .default('present')
  .describe('区划：present 按现行区划（合并的村计入现在的村），past 按当时的区划');

export const IndicatorQuery = z.object({
  unitId: UnitId,
  period: PeriodCode,
  population: Population,
  boundaries: BoundariesParam,
  codes: z
    .string()
    .optional()
    .transform((s) =>
      s
        ? s
            .split(',')
            .map((c) => c.trim())
            .filter(Boolean)
        : undefined,
    )
    .describe('指标代码，逗号分隔（不填为全部）'),
  breakdown: z
    .enum(['none', 'children', 'all'])
    .default('none')
    .describe('children 同时给出各下级单位，all 给出以下全部乡镇和村'),
});
export type IndicatorQuery = z.infer<typeof IndicatorQuery>;

export const RecordsParams = z.object({ code: z.string().trim().min(1).max(60).describe('指标代码') });
export const RecordsQuery = z.object({
  unitId: UnitId,
  period: PeriodCode,
  population: Population,
  boundaries: BoundariesParam,
  part: z.enum(['numerator', 'denominator']).describe('numerator 分子，denominator 分母'),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type RecordsQuery = z.infer<typeof RecordsQuery>;

export const SeriesQuery = z.object({
  code: z.string().trim().min(1).max(60).describe('指标代码'),
  unitId: UnitId,
  from: z.coerce.number().int().min(2000).max(2100).describe('开始年份'),
  to: z.coerce.number().int().min(2000).max(2100).describe('结束年份'),
  interval: z.enum(['year', 'month']).default('year').describe('year 按年，month 按月'),
  population: Population,
  boundaries: BoundariesParam,
});
export type SeriesQuery = z.infer<typeof SeriesQuery>;

export const PyramidQuery = z.object({
  unitId: UnitId,
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
    .optional()
    .describe('日期（默认今天）'),
  population: Population,
  boundaries: BoundariesParam,
});
export type PyramidQuery = z.infer<typeof PyramidQuery>;

export const PublishRequest = z.object({
  unitId: UnitId,
  period: PeriodCode,
  population: Population,
  boundaries: BoundariesParam,
  codes: z.array(z.string().trim().min(1)).optional().describe('要发布的指标（不填为全部）'),
});
export type PublishRequest = z.infer<typeof PublishRequest>;

export const PublishedQuery = z.object({ unitId: UnitId, period: PeriodCode.optional() });
export type PublishedQuery = z.infer<typeof PublishedQuery>;
