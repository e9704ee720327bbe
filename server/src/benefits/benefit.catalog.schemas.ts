import { z } from 'zod';
import { isIsoDate } from './benefit.dates.js';

/**
 * Request shapes of the programs API (docs/benefits.md, "Programs as the county keeps them").
 * Every message names its field in Chinese, because it is shown to the county's staff as is.
 * The program definition itself is checked by parseProgram in the service, which names the field
 * deep inside it (e.g. 金额档次第1项·第3层·金额（分）).
 */

const Code = z
  .string()
  .regex(/^[a-z][a-z0-9_]{1,39}$/, '项目代码应为2–40位小写字母、数字或下划线，以字母开头')
  .describe('项目代码，如 rural_reward');

export const ProgramParams = z.object({ code: Code });

const BaseVersion = z
  .number({ error: '基于的版本号（baseVersion）应为整数' })
  .int('基于的版本号（baseVersion）应为整数')
  .min(1, '基于的版本号（baseVersion）应不小于1')
  .describe('修改所基于的版本号（读取项目时得到的 version）；若期间已有他人修改则返回 409');

const Note = (what: string) =>
  z
    .string({ error: `请填写${what}` })
    .trim()
    .min(1, `请填写${what}`)
    .max(500, `${what}最多500字`);

export const ProgramChange = z.object({
  baseVersion: BaseVersion,
  note: Note('修改原因（note）').describe('为何修改（如提标文件文号）'),
  program: z.unknown().describe('完整的项目定义（BenefitProgram JSON），代码须与路径中的一致'),
});
export type ProgramChange = z.infer<typeof ProgramChange>;

export const NewProgram = z.object({
  note: Note('设立原因（note）').describe('为何设立（如县政府文件文号）'),
  program: z.unknown().describe('完整的项目定义（BenefitProgram JSON）；代码不得与内置项目或本县已有项目重复'),
});
export type NewProgram = z.infer<typeof NewProgram>;

export const TopUp = z.object({
  baseVersion: BaseVersion,
  tier: z
    .string({ error: '金额档次（tier）应为档次代码' })
    .regex(/^[a-z0-9_]+$/, '金额档次（tier）应为档次代码')
    .optional()
    .describe('加在哪个金额档次（档次代码）；不填则加在每个档次'),
  from: z
    .string({ error: '生效日期（from）应为 YYYY-MM-DD' })
    .refine(isIsoDate, '生效日期（from）应为 YYYY-MM-DD 格式的有效日期')
    .describe('自该日起生效（至本县下一次调整止）'),
  fen: z
    .number({ error: '县级提标金额（fen）应为整数（分）' })
    .int('县级提标金额（fen）应为整数（分）')
    .min(0, '县级提标金额（fen）不能为负数；0 表示停止县级提标')
    .max(100_000_000, '县级提标金额（fen）过大（上限 1,000,000 元）')
    .describe('县级提标金额，单位为分（每月或每年，与项目标准单位一致）；0 表示自该日起停止县级提标'),
  reason: Note('调整原因（reason）').describe('为何调整（如县政府文件文号）'),
});
export type TopUp = z.infer<typeof TopUp>;
