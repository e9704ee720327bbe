import { z } from 'zod';
import { isIsoDate } from '../benefits/benefit.dates.js';
import { ASSISTANCE_KINDS, CARE_CATEGORIES, FUND_SOURCES } from './care.tables.js';

/**
 * Request shapes of the care register's API (生育关怀). Every message names its field in Chinese,
 * because it reaches a village worker; FIELD_ZH gives the same names to the error handler.
 */

const isoDate = (what: string) =>
  z.string(`请填写${what}`).trim().refine(isIsoDate, `${what}应为 YYYY-MM-DD 格式的有效日期`);

const text = (what: string, max: number) =>
  z.string(`请填写${what}`).trim().min(1, `请填写${what}`).max(max, `${what}最多${max}个字`);

/** The Chinese names of the request fields, for schema errors (route config fieldLabel). */
export const FIELD_ZH: Record<string, string> = {
  personId: '人员',
  category: '关怀类别',
  reason: '原因',
  flaggedOn: '列入日期',
  version: '版本号',
  endedOn: '结束日期',
  visitedOn: '走访日期',
  visitors: '走访人员',
  needs: '家庭需求',
  notes: '备注',
  grantedOn: '发放日期',
  kind: '帮扶方式',
  amountFen: '金额',
  fundSource: '资金来源',
  purpose: '用途',
};
export const fieldLabel = (_body: unknown, field: string): string | undefined => FIELD_ZH[field];

export const IdParams = z.object({ id: z.uuid('编号格式不正确') });

const unitId = z
  .string()
  .trim()
  .regex(/^\d{6,15}$/, '单位编码格式不正确');

export const FamilyQuery = z.object({
  unitId: unitId.optional().describe('只看该单位（本辖区内的乡镇或村）'),
  category: z
    .enum(CARE_CATEGORIES, '关怀类别不正确')
    .optional()
    .describe('关怀类别：hardship 困难家庭，only_child_died 独生子女死亡家庭，only_child_disabled 独生子女伤残家庭'),
  source: z
    .enum(['registry', 'staff'], '来源不正确')
    .optional()
    .describe('来源：registry 登记库筛查，staff 工作人员列入'),
  status: z
    .enum(['open', 'ended', 'all'], '状态不正确')
    .default('open')
    .describe('open 在册（默认），ended 已结束，all 全部'),
  q: z.string().trim().max(50, '姓名最多50个字').optional().describe('按姓名（或拼音）查找'),
  page: z.coerce.number().int().min(1).default(1).describe('页码'),
  pageSize: z.coerce.number().int().min(1).max(500).default(50).describe('每页条数'),
});
export type FamilyQuery = z.infer<typeof FamilyQuery>;

export const FlagRequest = z.object({
  personId: z.uuid('请选择人员').describe('家庭登记在其名下的父亲或母亲（本辖区内的登记人员）'),
  category: z
    .enum(CARE_CATEGORIES, '请选择关怀类别')
    .describe('关怀类别：hardship 困难家庭，only_child_died 独生子女死亡家庭，only_child_disabled 独生子女伤残家庭'),
  reason: text('原因', 500).describe('列入原因（必填）'),
  flaggedOn: isoDate('列入日期').optional().describe('列入日期，默认今天；不能晚于今天'),
});
export type FlagRequest = z.infer<typeof FlagRequest>;

export const EndRequest = z.object({
  version: z
    .number('版本号应为数字')
    .int('版本号应为整数')
    .min(1, '版本号应为正整数')
    .describe('读取时的版本号（乐观锁）'),
  reason: text('结束原因', 500).describe('结束关怀的原因（必填）'),
  endedOn: isoDate('结束日期').optional().describe('结束日期，默认今天；不能晚于今天，不能早于列入日期'),
});
export type EndRequest = z.infer<typeof EndRequest>;

export const VisitRequest = z.object({
  visitedOn: isoDate('走访日期').describe('走访日期；不能晚于今天'),
  visitors: text('走访人员', 200).describe('走访人员（姓名、单位）'),
  needs: text('家庭需求', 1000).describe('家庭反映的困难和需求'),
  notes: z.string('备注应为文字').trim().max(1000, '备注最多1000个字').optional().describe('备注'),
});
export type VisitRequest = z.infer<typeof VisitRequest>;

/** The most one grant may be: 1,000,000 yuan, far above any real one (a typo guard, in fen). */
export const MAX_GRANT_FEN = 100_000_000;

export const AssistanceRequest = z.object({
  grantedOn: isoDate('发放日期').describe('发放日期；不能晚于今天'),
  kind: z.enum(ASSISTANCE_KINDS, '请选择帮扶方式').describe('帮扶方式：cash 现金，goods 物资，service 服务'),
  amountFen: z
    .number('金额应为数字（分）')
    .int('金额应为整数（单位：分）')
    .min(1, '金额应大于0')
    .max(MAX_GRANT_FEN, '金额不能超过1,000,000元')
    .describe('金额，整数，单位分；物资和服务按价值计'),
  fundSource: z
    .enum(FUND_SOURCES, '请选择资金来源')
    .describe(
      '资金来源：county_finance 县级财政，health_commission 卫健部门，family_planning_association 计生协会，charity 社会捐助，township 乡镇，other 其他',
    ),
  purpose: text('用途', 500).describe('用途'),
});
export type AssistanceRequest = z.infer<typeof AssistanceRequest>;

export const PeriodQuery = z.object({
  familyId: z.uuid('编号格式不正确').optional().describe('只看该家庭'),
  unitId: unitId.optional().describe('只看该单位（本辖区内的乡镇或村）'),
  from: isoDate('开始日期').optional().describe('开始日期（含）'),
  to: isoDate('结束日期').optional().describe('结束日期（含）'),
  limit: z.coerce.number().int().min(1).max(2000).default(500).describe('最多条数（新的在前）'),
});
export type PeriodQuery = z.infer<typeof PeriodQuery>;

export const TotalsQuery = z.object({
  year: z.coerce
    .number('年度应为数字')
    .int('年度应为整数')
    .min(2000, '年度不早于2000')
    .max(2100, '年度不晚于2100')
    .optional()
    .describe('年度（发放日期所在年）；不填为全部年度'),
});
export type TotalsQuery = z.infer<typeof TotalsQuery>;
