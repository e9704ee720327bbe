import { z } from 'zod';

/** Request shapes of the record-linkage API; the descriptions document it in the OpenAPI page. */
const Page = z.coerce.number().int().min(1).default(1);
const PageSize = z.coerce.number().int().min(1).max(200).default(20);

export const RunRequest = z.object({ batchId: z.uuid('批次编号格式不正确').describe('部门数据批次编号（已解析）') });
export const RunQuery = z.object({ batchId: z.uuid('批次编号格式不正确') });
export const ResultParams = z.object({ id: z.string().regex(/^\d{1,18}$/, '比对编号格式不正确') });
export const FindingParams = z.object({ id: z.uuid('任务编号格式不正确') });

export const ReviewQuery = z.object({ page: Page, pageSize: PageSize });

export const Decision = z
  .object({
    decision: z.enum(['match', 'nonmatch']).describe('match 是同一人（须选候选人），nonmatch 登记中无此人'),
    personId: z.uuid('候选人编号格式不正确').nullish(),
    note: z.string().trim().max(500, '说明最多500字').nullish(),
  })
  .refine((d) => d.decision === 'nonmatch' || !!d.personId, {
    message: '确认为同一人时须选择候选人',
    path: ['personId'],
  });

export const FindingKind = z.enum(['consistent', 'different', 'missing', 'contradicted', 'unmatched', 'pending']);
export const FindingQuery = z.object({
  kind: FindingKind.optional().describe(
    'consistent 一致，different 不一致，missing 漏报，contradicted 矛盾，unmatched 未匹配，pending 待确认',
  ),
  task: z
    .enum(['open', 'overdue', 'resolved', 'any'])
    .optional()
    .describe('open 待处理任务，overdue 逾期任务，resolved 已处理任务'),
  feedType: z.string().trim().max(40).optional(),
  batchId: z.uuid().optional(),
  page: Page,
  pageSize: PageSize,
});

export const Resolution = z.discriminatedUnion('resolution', [
  z.object({
    resolution: z.literal('reported'),
    reportId: z.uuid('上报编号格式不正确').describe('补报事件的上报编号（走正常审核流程）'),
    note: z.string().trim().max(500).nullish(),
  }),
  z.object({
    resolution: z.literal('disputed'),
    note: z.string().trim().min(1, '请说明部门数据为何有误').max(500, '说明最多500字'),
  }),
]);

export const FiguresQuery = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional().describe('年份（按事件日期；与 period 二选一）'),
  period: z.string().trim().max(10).optional().describe('统计期：年 2026、季度 2026Q3 或月份 2026-08（按事件日期）'),
  unitId: z.string().trim().min(1).max(20).optional().describe('单位代码；不填为本人所属单位'),
});
