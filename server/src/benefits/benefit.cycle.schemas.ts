import { z } from 'zod';

/** Request shapes of the benefit-cycle API; the descriptions document it in the OpenAPI page. */
export const GenerateRequest = z.object({
  programCode: z
    .string('请选择项目')
    .trim()
    .min(1, '请选择项目')
    .max(60, '项目代码最多60个字符')
    .describe(
      '项目代码：rural_reward 农村奖励扶助，special_assistance 特别扶助，only_child_health_fee 独生子女父母奖励费，childcare_subsidy 育儿补贴',
    ),
  year: z
    .number('年度应为数字')
    .int('年度应为整数')
    .min(2004, '年度不能早于2004年')
    .max(2100, '年度不能晚于2100年')
    .describe('年度（公历年）'),
});
export type GenerateRequest = z.infer<typeof GenerateRequest>;

export const CycleParams = z.object({ id: z.uuid('名单编号格式不正确') });

export const CandidateOutcome = z.enum(['yes', 'unknown', 'no']);
export const CandidateStatus = z.enum(['candidate', 'verified', 'reviewed', 'approved', 'returned', 'excluded']);
const STATUS_LIST =
  /^(candidate|verified|reviewed|approved|returned|excluded)(,(candidate|verified|reviewed|approved|returned|excluded))*$/;
export const CandidateQuery = z.object({
  unitId: z
    .string()
    .trim()
    .regex(/^\d{6,15}$/, '单位编码格式不正确')
    .optional()
    .describe('只看该单位（本辖区内的村或乡镇）'),
  outcome: CandidateOutcome.optional().describe('yes 符合，unknown 待核实，no 不符合（仅申请录入的）'),
  status: z
    .string()
    .regex(STATUS_LIST, '状态应为 candidate、verified、reviewed、approved、returned、excluded，多个以逗号分隔')
    .transform((s) => s.split(',') as z.infer<typeof CandidateStatus>[])
    .optional()
    .describe(
      '状态（可多个，逗号分隔）：candidate 待村核实，verified 村已核实，reviewed 乡镇已审核，approved 县已审批，returned 已退回，excluded 县确认不符合',
    ),
  verdict: z
    .enum(['eligible', 'not_eligible', 'none'])
    .optional()
    .describe('村核实结论：eligible 符合，not_eligible 不符合，none 尚未核实'),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export type CandidateQuery = z.infer<typeof CandidateQuery>;
