import { z } from 'zod';
import { RULE_CODES } from './quality.rules.js';

/** Request shapes of the data-quality API; the descriptions document it in the OpenAPI page. */
const UnitId = z.string().trim().min(1).max(20).describe('单位代码（县、乡镇、村）；不填为本人所属单位');
const Year = z.coerce.number().int().min(2000).max(2100);
const Page = z.coerce.number().int().min(1).default(1);
const PageSize = z.coerce.number().int().min(1).max(200).default(20);

export const AlertStatus = z.enum(['open', 'acknowledged', 'dismissed', 'resolved']);
export const AlertSeverity = z.enum(['high', 'medium', 'low']);
export const AlertKind = z.enum(['rule', 'anomaly', 'completeness']);

export const AlertQuery = z.object({
  unitId: UnitId.optional(),
  status: AlertStatus.optional().describe('open 待处理，acknowledged 已知悉，dismissed 已排除，resolved 已消除'),
  severity: AlertSeverity.optional().describe('high 高，medium 中，low 低'),
  kind: AlertKind.optional().describe('rule 规则，anomaly 异常，completeness 完整及时'),
  code: z.string().trim().max(60).optional().describe('规则或异常代码'),
  period: z.string().trim().max(10).optional().describe('年份，或 current（当前登记状态）'),
  page: Page,
  pageSize: PageSize,
});
export type AlertQuery = z.infer<typeof AlertQuery>;

export const AlertParams = z.object({ id: z.uuid('预警编号格式不正确') });

export const AlertAction = z.object({
  note: z.string().trim().min(1, '请填写说明').max(500, '说明最多500字').describe('处理说明（记入审计）'),
});
export type AlertAction = z.infer<typeof AlertAction>;

export const ScanRequest = z.object({
  years: z.array(Year).min(1).max(10).optional().describe('扫描的年份（默认今年和去年）'),
});
export type ScanRequest = z.infer<typeof ScanRequest>;

export const ViolationQuery = z.object({
  rule: z
    .enum(RULE_CODES as [string, ...string[]])
    .optional()
    .describe('规则代码（不填为全部）'),
  unitId: UnitId.optional(),
  period: z
    .string()
    .trim()
    .regex(/^(\d{4}|current)$/, '统计期应为年份（2016）或 current')
    .optional()
    .describe('年份（事件类规则），或 current（登记状态类规则）'),
  page: Page,
  pageSize: PageSize,
});
export type ViolationQuery = z.infer<typeof ViolationQuery>;

export const CompletenessQuery = z.object({
  unitId: UnitId.optional(),
  year: Year.describe('年份'),
});
export type CompletenessQuery = z.infer<typeof CompletenessQuery>;

export const FunnelQuery = z.object({
  unitId: UnitId.optional(),
  year: Year.describe('年份'),
  measure: z
    .enum(['sexRatio', 'birthRate'])
    .default('sexRatio')
    .describe('sexRatio 男孩占比（出生性别比），birthRate 出生率'),
  level: z.enum(['village', 'township']).default('village').describe('village 各村，township 各乡镇'),
});
export type FunnelQuery = z.infer<typeof FunnelQuery>;
