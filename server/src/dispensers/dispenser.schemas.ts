import { z } from 'zod';
import { isValidDate } from '../lib/idNumber.js';

/** Request shapes of the dispensing machine register (docs/dispensers.md). */

const isoDate = (what: string) =>
  z
    .string(`请填写${what}`)
    .trim()
    .refine((s) => /^\d{4}-\d{2}-\d{2}$/.test(s) && isValidDate(s), `${what}应为 YYYY-MM-DD 格式的有效日期`);

const count = (what: string, min = 0) =>
  z
    .number(`${what}应为数字`)
    .int(`${what}应为整数`)
    .min(min, min > 0 ? `${what}应大于0` : `${what}不能为负数`)
    .max(100_000, `${what}不超过100000`);

const version = z
  .number('版本号应为数字')
  .int('版本号应为整数')
  .min(1, '版本号应为正整数')
  .describe('读取时的版本号（乐观锁）：他人已改过则拒绝，请刷新');

const unitId = z
  .string('请选择所在单位（unitId）')
  .trim()
  .regex(/^\d{6,15}$/, '单位编码格式不正确');

export const IdParams = z.object({ id: z.uuid('发放机编号格式不正确') });

export const DispenserListQuery = z.object({
  unitId: unitId.optional().describe('只看该单位（本辖区内的乡镇或村，含下属）'),
  includeRetired: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true')
    .describe('是否包括已撤除的发放机'),
});
export type DispenserListQuery = z.infer<typeof DispenserListQuery>;

export const DueQuery = z.object({
  unitId: unitId.optional().describe('只看该单位（本辖区内的乡镇或村，含下属）'),
});

export const RegisterRequest = z.object({
  code: z
    .string('请填写设备编号（code）')
    .trim()
    .min(1, '请填写设备编号（code）')
    .max(40, '设备编号最多40个字符')
    .regex(/^[0-9A-Za-z_-]+$/, '设备编号只能含字母、数字、“-”和“_”')
    .describe('设备编号（机身编号），全县唯一'),
  unitId: unitId.describe('所在单位：乡镇或村（社区），也可为县直单位'),
  location: z
    .string('请填写安放地点（location）')
    .trim()
    .min(1, '请填写安放地点（location）')
    .max(200, '安放地点最多200个字')
    .describe('安放地点（如：村卫生室门口）'),
  installedOn: isoDate('安装日期（installedOn）').describe('安装日期，不能晚于今天'),
  capacity: count('容量（capacity）', 1).describe('容量（最多可装的盒数）'),
  stock: count('现有库存（stock）').describe('安装时的库存（盒），不能超过容量'),
  restockThreshold: count('补货提醒线（restockThreshold）').describe('补货提醒线：库存不高于此数时列为待补货'),
});
export type RegisterRequest = z.infer<typeof RegisterRequest>;

export const EditRequest = z.object({
  version,
  location: z
    .string('安放地点应为文字')
    .trim()
    .min(1, '请填写安放地点（location）')
    .max(200, '安放地点最多200个字')
    .optional()
    .describe('新的安放地点'),
  restockThreshold: count('补货提醒线（restockThreshold）').optional().describe('新的补货提醒线'),
});
export type EditRequest = z.infer<typeof EditRequest>;

export const RetireRequest = z.object({
  version,
  retiredOn: isoDate('撤除日期（retiredOn）').describe('撤除日期，不早于安装日期、不晚于今天'),
  note: z.string().trim().max(500, '说明最多500个字').optional().describe('说明'),
});
export type RetireRequest = z.infer<typeof RetireRequest>;

export const EventRequest = z.object({
  version: version.optional(),
  kind: z
    .enum(['restock', 'dispense', 'stocktake'], '类型应为 restock（补货）、dispense（发放数）或 stocktake（盘点）')
    .describe('restock 补货（数量为补入盒数），dispense 发放机报告的某日发放数，stocktake 盘点（数量为实点库存）'),
  onDate: isoDate('日期（onDate）').describe('日期：不早于安装日期，不晚于今天'),
  quantity: count('数量（quantity）').describe('补货：补入盒数；发放：当日发放盒数；盘点：实点库存盒数'),
  note: z.string().trim().max(500, '备注最多500个字').optional().describe('备注'),
});
export type EventRequest = z.infer<typeof EventRequest>;
