import { z } from 'zod';

/** Query shapes of the funds auditor's API; the descriptions document it in the OpenAPI page. */
const Page = {
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
};
const ProgramCode = z.string().trim().min(1).max(60).optional().describe('项目代码（不填为全部项目）');
const Year = z.coerce
  .number('年度应为数字')
  .int('年度应为整数')
  .min(2004, '年度不能早于2004年')
  .max(2100, '年度不能晚于2100年')
  .optional()
  .describe('年度名单的年度');

export const AuditPaymentsQuery = z.object({
  programCode: ProgramCode,
  year: Year,
  cycleId: z.uuid('名单编号格式不正确').optional().describe('年度名单'),
  batchId: z.uuid('批次编号格式不正确').optional().describe('发放批次'),
  unitId: z
    .string()
    .trim()
    .regex(/^\d{6,15}$/, '单位编码格式不正确')
    .optional()
    .describe('乡镇或村（领取人所在村）'),
  status: z.enum(['pending', 'paid', 'failed']).optional().describe('pending 待回盘，paid 已发放，failed 失败'),
  withRecovery: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .describe('true 只看有追回案件的，false 只看没有的'),
  ...Page,
});
export type AuditPaymentsQuery = z.infer<typeof AuditPaymentsQuery>;

export const AuditPaymentParams = z.object({ id: z.uuid('付款编号格式不正确') });

export const AuditBatchesQuery = z.object({
  programCode: ProgramCode,
  year: Year,
  status: z
    .enum(['draft', 'approved', 'exported', 'reconciled'])
    .optional()
    .describe('draft 草稿，approved 已审批，exported 已导出，reconciled 已对账'),
  ...Page,
});
export type AuditBatchesQuery = z.infer<typeof AuditBatchesQuery>;
