import { z } from 'zod';
import { isIsoDate } from './benefit.dates.js';

/** Request shapes of the workflow API (verification, review, approval, notice, objections, applications, assessments). */

const isoDate = (what: string) =>
  z.string(`请填写${what}`).trim().refine(isIsoDate, `${what}应为 YYYY-MM-DD 格式的有效日期`);

const text = (what: string, max: number) =>
  z.string(`请填写${what}`).trim().min(1, `请填写${what}`).max(max, `${what}最多${max}个字`);

export const IdParams = z.object({ id: z.uuid('编号格式不正确') });

export const StepItem = z.object({
  id: z.uuid('候选人编号格式不正确'),
  version: z
    .number('版本号应为数字')
    .int('版本号应为整数')
    .min(1, '版本号应为正整数')
    .describe('读取时的版本号（乐观锁）'),
});

export const StepRequest = z.object({
  items: z
    .array(StepItem, '请选择要处理的对象')
    .min(1, '请至少选择一个对象')
    .max(500, '一次最多处理500个对象')
    .describe('要处理的候选人及其读取时的版本号；全部成功或全部不保存'),
  verdict: z
    .enum(['eligible', 'not_eligible'], '核实结论应为 eligible（符合）或 not_eligible（不符合）')
    .optional()
    .describe('核实结论（仅核实时）：eligible 符合，not_eligible 不符合'),
  reason: z
    .string('原因应为文字')
    .trim()
    .max(500, '原因最多500个字')
    .optional()
    .describe('原因：退回和核实为不符合时必填；其余为备注'),
});
export type StepRequest = z.infer<typeof StepRequest>;

export const WorkflowQuery = z.object({
  unitId: z
    .string()
    .trim()
    .regex(/^\d{6,15}$/, '单位编码格式不正确')
    .optional()
    .describe('只看该单位（本辖区内的乡镇或村）'),
});

export const PublishRequest = z.object({
  unitId: z
    .string('请选择村（社区）')
    .trim()
    .regex(/^\d{12}$/, '村（社区）编码应为12位数字')
    .describe('公示的村（社区）'),
  publishedOn: isoDate('公示开始日期').optional().describe('公示开始日期，默认今天；不能早于今天'),
  days: z
    .number('公示天数应为数字')
    .int('公示天数应为整数')
    .min(5, '公示不少于5天')
    .max(30, '公示不超过30天')
    .optional()
    .describe('公示天数（含首尾），默认7天，至少5天'),
});
export type PublishRequest = z.infer<typeof PublishRequest>;

export const ObjectionRequest = z.object({
  candidateId: z.uuid('候选人编号格式不正确').optional().describe('异议针对的公示对象；不填为针对整个名单'),
  raisedBy: text('异议人（raisedBy）', 50).describe('提出异议的人（可写“匿名”）'),
  contact: z.string().trim().max(50, '联系方式最多50个字').optional().describe('联系方式'),
  content: text('异议内容（content）', 1000).describe('异议内容'),
  receivedOn: isoDate('收到日期（receivedOn）').describe('收到日期'),
});
export type ObjectionRequest = z.infer<typeof ObjectionRequest>;

export const ResolveRequest = z.object({
  decision: z
    .enum(['upheld', 'dismissed'], '处理结论应为 upheld（异议成立）或 dismissed（不成立）')
    .describe('upheld 异议成立（对象退回村重新核实），dismissed 不成立'),
  reason: text('处理理由（reason）', 500).describe('处理理由'),
});
export type ResolveRequest = z.infer<typeof ResolveRequest>;

export const ApplicationRequest = z.object({
  personId: z.uuid('请选择申请人（personId）').describe('申请人（登记库中的人员）'),
  declared: text('申报情况（declared）', 1000).describe('申请人申报的情况（如：独生子女残疾，持残疾证）'),
  documents: z
    .array(z.string().trim().min(1).max(100, '材料名称最多100个字'), '查验材料应为列表')
    .max(20, '材料最多20项')
    .default([])
    .describe('查验过的材料（如：户口簿、残疾人证）'),
  note: z.string().trim().max(500, '备注最多500个字').optional().describe('备注'),
  receivedOn: isoDate('受理日期（receivedOn）').optional().describe('受理日期，默认今天'),
});
export type ApplicationRequest = z.infer<typeof ApplicationRequest>;

export const DisabilityCategory = z.enum(
  ['visual', 'hearing', 'speech', 'physical', 'intellectual', 'mental', 'multiple'],
  '残疾类别应为 visual 视力、hearing 听力、speech 言语、physical 肢体、intellectual 智力、mental 精神、multiple 多重',
);

export const AssessmentRequest = z.object({
  personId: z.uuid('请选择被评定人（personId）').describe('被评定的人（登记库中的人员）'),
  grade: z
    .number('残疾等级应为数字')
    .int('残疾等级应为1至4的整数')
    .min(1, '残疾等级应为1至4（一级最重）')
    .max(4, '残疾等级应为1至4（一级最重）')
    .describe('残疾等级：1 一级（最重）至 4 四级'),
  category: DisabilityCategory.describe('残疾类别'),
  assessedOn: isoDate('评定日期（assessedOn）').describe('评定日期'),
  certificateNo: z.string().trim().max(40, '残疾证号最多40个字符').optional().describe('残疾人证号'),
});
export type AssessmentRequest = z.infer<typeof AssessmentRequest>;

export const AssessmentQuery = z.object({ personId: z.uuid('人员编号格式不正确') });
