import { z } from 'zod';

/** Request shapes of the payments API (docs/benefits-payments.md); descriptions document it in OpenAPI. */
const isoDate = (what: string) => z.string().regex(/^\d{4}-\d{2}-\d{2}$/, `${what}应为 YYYY-MM-DD`);

export const PersonParams = z.object({ personId: z.uuid('人员编号格式不正确') });
export const IdParams = z.object({ id: z.uuid('编号格式不正确') });

export const AccountQuery = z.object({
  q: z.string().trim().min(1, '请输入姓名或身份证号').max(40).describe('姓名（部分）或完整身份证号'),
});

export const AccountRequest = z.object({
  bankName: z
    .string('请填写开户行')
    .trim()
    .min(1, '请填写开户行')
    .max(60, '开户行最多60个字')
    .describe('开户行，如 华容县农村商业银行'),
  accountNumber: z
    .string('请填写账号')
    .trim()
    .min(1, '请填写账号')
    .max(40)
    .describe('一卡通账号（16–19位数字，银联卡号，含校验位）'),
  holderName: z.string('请填写户名').trim().min(1, '请填写户名').max(30).describe('户名：须为本人登记姓名'),
  baseVersion: z.number().int().min(1).optional().describe('修改时：页面上显示的账户版本（乐观锁）；新登记时不填'),
});
export type AccountRequest = z.infer<typeof AccountRequest>;

export const BatchRequest = z.object({
  cycleId: z.uuid('名单编号格式不正确').describe('年度名单（cycle）编号'),
  period: z
    .string()
    .regex(/^\d{4}(Q[1-4]|-\d{2})?$/, '发放期应为 2026、2026Q1 或 2026-03')
    .describe('发放期：按年发放为年份，按季为 2026Q1…Q4，按月为 2026-01…12'),
  kind: z.enum(['regular', 'repay']).default('regular').describe('regular 常规批次（每期一个）；repay 补发批次'),
  madeOn: isoDate('批次日').optional().describe('批次日（按此日登记库状态核定金额），默认今天'),
  dueOn: isoDate('到账日').optional().describe('应到账日（及时发放率据此计算），默认为批次日'),
});
export type BatchRequest = z.infer<typeof BatchRequest>;

export const BatchListQuery = z.object({ cycleId: z.uuid('名单编号格式不正确').optional() });
export const PeriodsQuery = z.object({ cycleId: z.uuid('名单编号格式不正确') });
export const ApproveRequest = z.object({ version: z.number().int().min(1).describe('页面上显示的批次版本') });
export const ExportQuery = z.object({
  format: z.enum(['txt', 'xlsx']).default('txt').describe('txt（GBK 文本，| 分隔）或 xlsx'),
});

export const RecoveryQuery = z.object({ status: z.enum(['open', 'recovered', 'waived']).optional() });
export const CloseRecoveryRequest = z.object({
  status: z.enum(['recovered', 'waived']).describe('recovered 已追回；waived 免于追回'),
  note: z.string().trim().max(500).describe('追回方式或免追理由（必填）'),
});
