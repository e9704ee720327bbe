import { z } from 'zod';
import { isValidDate } from '../lib/idNumber.js';

/** Request shapes of the 两非 case register (docs/cases.md). */

const isoDate = (what: string) =>
  z
    .string(`请填写${what}`)
    .trim()
    .refine((s) => /^\d{4}-\d{2}-\d{2}$/.test(s) && isValidDate(s), `${what}应为 YYYY-MM-DD 格式的有效日期`);

const text = (what: string, max: number) =>
  z.string(`请填写${what}`).trim().min(1, `请填写${what}`).max(max, `${what}最多${max}个字`);

const version = z
  .number('版本号应为数字')
  .int('版本号应为整数')
  .min(1, '版本号应为正整数')
  .describe('读取时的版本号（乐观锁）：他人已改过则拒绝，请刷新');

export const CaseKind = z
  .enum(
    ['fetal_sex_determination', 'sex_selective_abortion', 'both'],
    '案件类型应为 fetal_sex_determination（非医学需要胎儿性别鉴定）、sex_selective_abortion（非医学需要选择性别人工终止妊娠）或 both（两者）',
  )
  .describe(
    '案件类型：fetal_sex_determination 非医学需要的胎儿性别鉴定，sex_selective_abortion 非医学需要的选择性别人工终止妊娠，both 两者',
  );

export const LeadSource = z
  .enum(
    ['hotline', 'inspection', 'hospital', 'police', 'market_regulation', 'other_department', 'other'],
    '线索来源应为 hotline（举报电话）、inspection（监督检查）、hospital（医疗机构报告）、police（公安）、market_regulation（市场监管）、other_department（其他部门）或 other（其他）',
  )
  .describe(
    '线索来源：hotline 举报电话，inspection 监督检查，hospital 医疗机构报告，police 公安，market_regulation 市场监管，other_department 其他部门，other 其他',
  );

export const CaseStatus = z
  .enum(['open', 'investigating', 'referred', 'closed'], '状态应为 open、investigating、referred 或 closed')
  .describe('状态：open 已立案，investigating 调查中，referred 已移送，closed 已结案');

export const IdParams = z.object({ id: z.uuid('案件编号格式不正确') });

export const CaseListQuery = z.object({
  status: CaseStatus.optional(),
  kind: CaseKind.optional(),
  year: z.coerce
    .number('年度应为数字')
    .int('年度应为整数')
    .min(2000, '年度不早于2000年')
    .max(2100, '年度不晚于2100年')
    .optional()
    .describe('立案年度（案号中的年度）'),
  unitId: z
    .string()
    .trim()
    .regex(/^\d{6,15}$/, '单位编码格式不正确')
    .optional()
    .describe('案发乡镇或村（含其下属单位）'),
  page: z.coerce.number().int().min(1, '页码从1开始').default(1).describe('页码'),
  pageSize: z.coerce.number().int().min(1).max(200, '每页最多200条').default(50).describe('每页条数'),
});
export type CaseListQuery = z.infer<typeof CaseListQuery>;

export const OpenCaseRequest = z.object({
  kind: CaseKind,
  leadSource: LeadSource,
  leadReceivedOn: isoDate('线索收到日期（leadReceivedOn）').describe('线索收到日期，不能晚于今天'),
  unitId: z
    .string('请选择案发乡镇或村（unitId）')
    .trim()
    .regex(/^\d{9}$|^\d{12}$/, '案发地应为乡镇（9位）或村（12位）编码')
    .describe('案发地：乡镇或村（社区）'),
  summary: text('案情摘要（summary）', 2000).describe(
    '案情摘要。原案结案后又有新线索的，新立一案，并在摘要中写明原案号',
  ),
  parties: text('当事人（parties）', 1000).describe(
    '涉案人员和机构（自由文字：实施鉴定或手术的人员、诊所、B超设备来源等）；本登记只追究实施“两非”的行为人，不登记、不处罚生育的父母',
  ),
});
export type OpenCaseRequest = z.infer<typeof OpenCaseRequest>;

export const StepRequest = z.object({
  version,
  kind: z
    .enum(
      ['investigation', 'inspection', 'interview', 'evidence', 'note'],
      '步骤类型应为 investigation（调查）、inspection（现场检查）、interview（询问）、evidence（取证）或 note（备注）；移送和结案请用对应操作',
    )
    .describe('步骤：investigation 调查，inspection 现场检查，interview 询问，evidence 取证，note 备注'),
  stepOn: isoDate('日期（stepOn）').describe('步骤日期：不早于线索收到日期，不晚于今天'),
  note: text('情况说明（note）', 2000).describe('情况说明'),
});
export type StepRequest = z.infer<typeof StepRequest>;

export const ReferRequest = z.object({
  version,
  referredTo: z
    .enum(
      ['police', 'market_regulation', 'other'],
      '移送单位应为 police（公安机关）、market_regulation（市场监管部门）或 other（其他）',
    )
    .describe('移送单位：police 公安机关，market_regulation 市场监管部门，other 其他'),
  referredOn: isoDate('移送日期（referredOn）').describe('移送日期：不早于线索收到日期，不晚于今天'),
  note: text('移送说明（note）', 2000).describe('移送说明（移送函文号、移送的材料等）'),
});
export type ReferRequest = z.infer<typeof ReferRequest>;

export const CloseRequest = z.object({
  version,
  outcome: z
    .enum(
      ['penalised', 'referred', 'unfounded', 'other'],
      '结案结果应为 penalised（已处罚）、referred（已移送处理）、unfounded（查无实据）或 other（其他）',
    )
    .describe('结案结果：penalised 已作出行政处罚，referred 移送后由接收部门处理，unfounded 查无实据，other 其他'),
  closedOn: isoDate('结案日期（closedOn）').describe('结案日期：不早于线索收到和移送日期，不晚于今天'),
  note: text('结案说明（note）', 2000).describe('结案说明（处罚决定书文号、处理结果等）'),
});
export type CloseRequest = z.infer<typeof CloseRequest>;
