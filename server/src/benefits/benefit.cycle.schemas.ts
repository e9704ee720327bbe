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

export const CandidateOutcome = z.enum(['yes', 'unknown']);
export const CandidateQuery = z.object({
  unitId: z
    .string()
    .trim()
    .regex(/^\d{6,15}$/, '单位编码格式不正确')
    .optional()
    .describe('只看该单位（本辖区内的村或乡镇）'),
  outcome: CandidateOutcome.optional().describe('yes 符合，unknown 待核实'),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export type CandidateQuery = z.infer<typeof CandidateQuery>;
