import { z } from 'zod';

/**
 * Request shapes of the health services API (docs/health.md) and the shapes it answers with.
 * The descriptions document it in the OpenAPI page; the web pages are built against these names.
 */

const isIsoDate = (s: string): boolean => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
};

const isoDate = (what: string) =>
  z.string(`请填写${what}`).trim().refine(isIsoDate, `${what}应为 YYYY-MM-DD 格式的有效日期`);

const text = (what: string, max: number) =>
  z.string(`请填写${what}`).trim().min(1, `请填写${what}`).max(max, `${what}最多${max}个字`);

const UnitId = z
  .string()
  .trim()
  .regex(/^\d{6,15}$/, '单位编码格式不正确')
  .describe('单位编码（本辖区内的县、乡镇或村）；不填为本人所属单位');
const Page = z.coerce.number().int().min(1).default(1).describe('页码，从1开始');
const PageSize = z.coerce.number().int().min(1).max(200).default(20).describe('每页条数，最多200');

export const HEALTH_KINDS = [
  'premarital',
  'prepregnancy',
  'prenatal_screening',
  'newborn_screening',
  'gynecological',
  'cervical_cancer',
  'breast_cancer',
] as const;
export type HealthKind = (typeof HEALTH_KINDS)[number];

export const HealthKindSchema = z.enum(
  HEALTH_KINDS,
  '服务项目（kind）应为 premarital 婚前医学检查、prepregnancy 孕前优生健康检查、prenatal_screening 产前筛查、newborn_screening 新生儿疾病筛查、gynecological 妇女病普查、cervical_cancer 宫颈癌筛查、breast_cancer 乳腺癌筛查',
);

export const OUTCOMES = [
  'treated',
  'referred',
  'normal_on_recheck',
  'under_care',
  'declined',
  'moved_away',
  'died',
  'other',
] as const;
export type FollowupOutcome = (typeof OUTCOMES)[number];

export const OutcomeSchema = z.enum(
  OUTCOMES,
  '结案结果（outcome）应为 treated 已治疗、referred 已转诊、normal_on_recheck 复查正常、under_care 在治疗观察中、declined 本人拒绝、moved_away 已迁出、died 已死亡、other 其他',
);

export const CONTACT_METHODS = ['visit', 'phone', 'clinic', 'other'] as const;
export type ContactMethod = (typeof CONTACT_METHODS)[number];

export const IdParams = z.object({ id: z.uuid('编号格式不正确') });

export const ServiceRequest = z.object({
  kind: HealthKindSchema.describe('服务项目'),
  personId: z.uuid('请选择服务对象（personId）').describe('服务对象（登记库中的人员）'),
  partnerPersonId: z
    .uuid('配偶编号（partnerPersonId）格式不正确')
    .optional()
    .describe('配偶（仅婚前医学检查、孕前优生健康检查，夫妻同检时填写）'),
  servedOn: isoDate('服务日期（servedOn）').describe('服务日期，不能晚于今天'),
  place: text('服务地点（place）', 100).describe('服务地点，如 县妇幼保健院、三封寺镇卫生院'),
  provider: text('服务机构或医生（provider）', 100).describe('提供服务的机构或医生'),
  result: z
    .enum(['normal', 'abnormal'], '结果（result）应为 normal 未见异常 或 abnormal 异常')
    .describe('normal 未见异常；abnormal 异常（阳性），自动生成随访'),
  findings: z
    .string('检查所见（findings）应为文字')
    .trim()
    .max(2000, '检查所见（findings）最多2000个字')
    .optional()
    .describe('检查所见（敏感个人信息，加密保存）；结果异常时必填'),
  followUpDays: z
    .number('随访期限天数（followUpDays）应为数字')
    .int('随访期限天数（followUpDays）应为整数')
    .min(1, '随访期限天数（followUpDays）至少1天')
    .max(365, '随访期限天数（followUpDays）最多365天')
    .optional()
    .describe('结果异常时，自服务日期起多少天内随访；不填按项目默认（新生儿筛查7天，产前筛查14天，其余30天）'),
});
export type ServiceRequest = z.infer<typeof ServiceRequest>;

export const VoidRequest = z.object({
  reason: text('作废原因（reason）', 500).describe('作废原因（如：录错人员）；记录保留，不删除'),
});
export type VoidRequest = z.infer<typeof VoidRequest>;

export const ServiceQuery = z.object({
  unitId: UnitId.optional(),
  kind: HealthKindSchema.optional().describe('服务项目'),
  result: z.enum(['normal', 'abnormal']).optional().describe('normal 未见异常；abnormal 异常'),
  from: isoDate('起始日期（from）').optional().describe('服务日期自（含）'),
  to: isoDate('截止日期（to）').optional().describe('服务日期至（含）'),
  personId: z.uuid('人员编号格式不正确').optional().describe('只看此人的服务记录'),
  includeVoided: z.enum(['true', 'false']).optional().describe('true 同时列出已作废的记录（默认不列）'),
  page: Page,
  pageSize: PageSize,
});
export type ServiceQuery = z.infer<typeof ServiceQuery>;

export const FollowupQuery = z.object({
  unitId: UnitId.optional(),
  status: z.enum(['open', 'closed']).optional().describe('open 随访中（默认），closed 已结案'),
  due: z.enum(['overdue', 'soon', 'all']).default('all').describe('overdue 已逾期；soon 7天内到期（未逾期）；all 全部'),
  kind: HealthKindSchema.optional().describe('服务项目'),
  page: Page,
  pageSize: PageSize,
});
export type FollowupQuery = z.infer<typeof FollowupQuery>;

export const SummaryQuery = z.object({ unitId: UnitId.optional() });
export type SummaryQuery = z.infer<typeof SummaryQuery>;

export const ContactRequest = z.object({
  version: z
    .number('版本号（version）应为数字')
    .int('版本号（version）应为整数')
    .min(1, '版本号（version）应为正整数')
    .describe('读取时的随访版本号（乐观锁）'),
  contactedOn: isoDate('随访日期（contactedOn）').describe('随访日期：不早于随访开始日期，不晚于今天'),
  method: z
    .enum(CONTACT_METHODS, '随访方式（method）应为 visit 入户、phone 电话、clinic 到院复查、other 其他')
    .describe('visit 入户；phone 电话；clinic 到院复查；other 其他'),
  note: z
    .string('随访情况（note）应为文字')
    .trim()
    .max(2000, '随访情况（note）最多2000个字')
    .optional()
    .describe('随访情况（敏感个人信息，加密保存）'),
  nextDueOn: isoDate('下次随访日期（nextDueOn）')
    .optional()
    .describe('下次随访日期：改为新的应随访日期（不早于本次随访日期）'),
  close: z
    .object({ outcome: OutcomeSchema.describe('结案结果') }, '结案（close）应为 {outcome}')
    .optional()
    .describe('本次随访后结案，须填结案结果'),
});
export type ContactRequest = z.infer<typeof ContactRequest>;

// ---- Answers (what the routes return) ----

export interface PersonRef {
  id: string;
  name: string;
  /** As the registry shows it: 430623********1234. */
  idNumberMasked: string;
  sex: 'male' | 'female';
  birthDate: string;
}

export interface ServiceListItem {
  id: string;
  kind: HealthKind;
  person: PersonRef;
  partner: PersonRef | null;
  unitId: string;
  unitName: string;
  servedOn: string;
  place: string;
  provider: string;
  result: 'normal' | 'abnormal';
  followupId: string | null;
  followupStatus: 'open' | 'closed' | null;
  voided: boolean;
}

export interface ServiceDetail extends ServiceListItem {
  /** In clear only for health.findings / health.record holders (each opening audited); otherwise null. */
  findings: string | null;
  findingsMasked: boolean;
  recordedBy: string | null;
  recordedAt: string;
  voidedAt: string | null;
  voidReason: string | null;
}

export interface ServiceList {
  total: number;
  page: number;
  pageSize: number;
  items: ServiceListItem[];
}

export interface FollowupListItem {
  id: string;
  serviceId: string;
  kind: HealthKind;
  person: PersonRef;
  unitId: string;
  /** The village (unit) name. */
  unitName: string;
  townshipName: string | null;
  openedOn: string;
  dueOn: string;
  /** Days past due_on today (0 when not overdue or closed). */
  daysOverdue: number;
  /** 'overdue' | 'soon' (due within 7 days) | 'later' | 'closed'. */
  dueState: 'overdue' | 'soon' | 'later' | 'closed';
  lastContactOn: string | null;
  contactCount: number;
  status: 'open' | 'closed';
  closedOn: string | null;
  outcome: FollowupOutcome | null;
  version: number;
}

export interface FollowupList {
  total: number;
  page: number;
  pageSize: number;
  items: FollowupListItem[];
}

export interface FollowupContact {
  id: string;
  contactedOn: string;
  method: ContactMethod;
  /** In clear only for health.followup / health.findings holders in scope (opening audited); otherwise null. */
  note: string | null;
  noteMasked: boolean;
  nextDueOn: string | null;
  closes: boolean;
  recordedBy: string | null;
  recordedAt: string;
}

export interface FollowupDetail extends FollowupListItem {
  service: ServiceDetail;
  contacts: FollowupContact[];
}

export interface FollowupSummaryRow {
  unitId: string;
  unitName: string;
  level: 'county' | 'township' | 'village';
  open: number;
  dueSoon: number;
  overdue: number;
  closedThisYear: number;
}

export interface FollowupSummary {
  unitId: string;
  unitName: string;
  today: string;
  rows: FollowupSummaryRow[];
  total: Omit<FollowupSummaryRow, 'unitId' | 'unitName' | 'level'>;
}
