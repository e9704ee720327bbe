import { z } from 'zod';
import { isIsoDate, MAX_EXTENSION_DAYS } from './petition.deadlines.js';
import { CHANNELS, SATISFACTIONS } from './petition.tables.js';

/** Request shapes of the petitions API (docs/petitions.md). */

const isoDate = (what: string) =>
  z.string(`请填写${what}`).trim().refine(isIsoDate, `${what}应为 YYYY-MM-DD 格式的有效日期`);

const text = (what: string, max: number) =>
  z.string(`请填写${what}`).trim().min(1, `请填写${what}`).max(max, `${what}最多${max}个字`);

const optionalText = (what: string, max: number) =>
  z
    .string(`${what}应为文字`)
    .trim()
    .max(max, `${what}最多${max}个字`)
    .transform((s) => s || undefined)
    .optional();

const unitId = (what: string) =>
  z
    .string(`请选择${what}`)
    .trim()
    .regex(/^\d{6,15}$/, `${what}编码格式不正确`);

export const IdParams = z.object({ id: z.uuid('编号格式不正确') });

const Version = z
  .number('版本号应为数字')
  .int('版本号应为整数')
  .min(1, '版本号应为正整数')
  .describe('读取时的版本号（乐观锁）：已被他人处理时返回 409');

export const Channel = z
  .enum(CHANNELS, '来访渠道应为 letter、visit、phone、online、email、leader_mailbox 或 transferred')
  .describe(
    '信访形式：letter 来信，visit 来访，phone 来电，online 网上信访，email 电子邮件，leader_mailbox 领导信箱，transferred 上级转交',
  );

export const RegisterRequest = z.object({
  channel: Channel,
  receivedOn: isoDate('收到日期').describe('收到日期（不能晚于今天）：受理期限自次日起算'),
  subject: text('信访事项', 100).describe('信访事项（标题）'),
  content: text('主要内容', 4000).describe('主要诉求和事实'),
  petitionerName: text('信访人姓名', 50).describe('信访人姓名'),
  petitionerPhone: z
    .string('联系电话应为文字')
    .trim()
    .regex(/^$|^[0-9+\-\s]{5,20}$/, '联系电话应为5–20位数字')
    .transform((s) => s || undefined)
    .optional()
    .describe('信访人联系电话'),
  petitionerPersonId: z.uuid('信访人在人口库中的编号格式不正确').optional().describe('信访人在人口库中的记录（可选）'),
  peopleInvolved: optionalText('涉及人员', 500).describe('涉及的人员（姓名、关系等）'),
  assignedUnitId: unitId('承办单位').describe('承办单位（本辖区内的县、乡镇或村）'),
});
export type RegisterRequest = z.infer<typeof RegisterRequest>;

export const AcceptRequest = z.object({
  version: Version,
  decidedOn: isoDate('受理日期').optional().describe('决定受理的日期，默认今天；办结期限自次日起算60日'),
});
export type AcceptRequest = z.infer<typeof AcceptRequest>;

export const NotAcceptRequest = z.object({
  version: Version,
  decidedOn: isoDate('决定日期').optional().describe('决定不予受理的日期，默认今天'),
  reason: text('不予受理的理由', 1000).describe('不予受理的理由（告知信访人；事项随之办结）'),
});
export type NotAcceptRequest = z.infer<typeof NotAcceptRequest>;

export const ExtendRequest = z.object({
  version: Version,
  days: z
    .number('延长天数应为数字')
    .int('延长天数应为整数')
    .min(1, '延长天数至少1天')
    .max(MAX_EXTENSION_DAYS, `延长天数不得超过${MAX_EXTENSION_DAYS}天`)
    .describe('延长天数（1–30，只能延长一次，须在办结期限届满前）'),
  reason: text('延长理由', 1000).describe('延长理由（情况复杂，经负责人批准）'),
});
export type ExtendRequest = z.infer<typeof ExtendRequest>;

export const ReplyRequest = z.object({
  version: Version,
  reply: text('答复意见', 4000).describe('处理意见（书面答复的内容）'),
  repliedOn: isoDate('答复日期').optional().describe('答复日期，默认今天；晚于办结期限的为超期办结'),
});
export type ReplyRequest = z.infer<typeof ReplyRequest>;

export const CloseRequest = z.object({
  version: Version,
  satisfaction: z
    .enum(SATISFACTIONS, '满意度应为 satisfied、basically_satisfied 或 dissatisfied')
    .describe('信访人评价：satisfied 满意，basically_satisfied 基本满意，dissatisfied 不满意'),
  closedOn: isoDate('办结日期').optional().describe('办结日期，默认今天'),
});
export type CloseRequest = z.infer<typeof CloseRequest>;

export const AssignRequest = z.object({
  version: Version,
  unitId: unitId('承办单位').describe('新的承办单位（本辖区内）'),
  note: optionalText('改派说明', 500).describe('改派说明'),
});
export type AssignRequest = z.infer<typeof AssignRequest>;

const flag = (what: string) =>
  z
    .enum(['true', 'false'], `${what}应为 true 或 false`)
    .optional()
    .transform((v) => v === 'true');

export const ListQuery = z.object({
  status: z
    .string()
    .trim()
    .regex(
      /^(registered|accepted|not_accepted|replied|closed)(,(registered|accepted|not_accepted|replied|closed))*$/,
      '状态应为 registered、accepted、not_accepted、replied、closed（可逗号分隔多个）',
    )
    .optional()
    .describe(
      '状态（逗号分隔）：registered 待受理，accepted 办理中，not_accepted 不予受理，replied 已答复，closed 已办结',
    ),
  unitId: unitId('承办单位').optional().describe('只看该单位及其下级承办的'),
  channel: Channel.optional(),
  overdue: flag('超期').describe('true：只看未办结且已超过当前期限的'),
  escalated: flag('已升级').describe('true：只看已升级的（escalation_level ≥ 1）'),
  receivedFrom: isoDate('收到日期起').optional().describe('收到日期起（含）'),
  receivedTo: isoDate('收到日期止').optional().describe('收到日期止（含）'),
  search: z.string().trim().max(50, '搜索词最多50个字').optional().describe('编号、事项、内容或信访人姓名'),
  limit: z.coerce.number('每页条数应为数字').int().min(1).max(200).default(50).describe('每页条数（1–200）'),
  offset: z.coerce.number('偏移应为数字').int().min(0).default(0).describe('跳过的条数'),
});
export type ListQuery = z.infer<typeof ListQuery>;
