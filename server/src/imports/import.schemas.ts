import { z } from 'zod';

export const ImportKind = z.enum(['persons', 'events']).describe('导入类型：persons 人员与家庭户，events 历史事件');
export type ImportKind = z.infer<typeof ImportKind>;

export const ImportOptions = z
  .object({
    mapping: z
      .record(z.string().max(100), z.string().max(40))
      .optional()
      .describe('列对应关系 {文件中的列名: 字段}，字段为空字符串表示忽略该列'),
    encoding: z
      .enum(['auto', 'utf-8', 'gbk', 'gb18030', 'utf-16le', 'utf-16be'])
      .default('auto')
      .describe('CSV 编码，默认自动识别'),
    sheet: z.string().max(100).optional().describe('XLSX 工作表名称，默认第一个'),
  })
  .strict();
export type ImportOptions = z.infer<typeof ImportOptions>;

/** The non-file fields of the multipart upload. */
export const ImportFormFields = z.object({
  kind: ImportKind,
  options: z
    .string()
    .max(20_000)
    .optional()
    .transform((s, ctx) => {
      if (!s) return {};
      try {
        return JSON.parse(s) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'options 应为 JSON' });
        return z.NEVER;
      }
    })
    .pipe(ImportOptions),
  progressToken: z
    .string()
    .regex(/^[A-Za-z0-9_-]{8,64}$/, '进度标识应为8–64位字母、数字、-或_')
    .optional(),
});
export type ImportFormFields = z.infer<typeof ImportFormFields>;

export const TemplateParam = z.object({
  file: z
    .string()
    .regex(/^(persons|events)\.(xlsx|csv)$/, '模板应为 persons.xlsx、persons.csv、events.xlsx 或 events.csv'),
});

export const BatchIdParam = z.object({ id: z.string().max(64) });
export const ProgressParam = z.object({ token: z.string().max(64) });

export const ImportListQuery = z.object({
  status: z.enum(['succeeded', 'failed']).optional(),
  kind: ImportKind.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

/** The largest file an import accepts (RENKOU_IMPORT_MAX_MB), for the web page to say and check. */
export const ImportLimits = z.object({ maxUploadBytes: z.number().int() });
