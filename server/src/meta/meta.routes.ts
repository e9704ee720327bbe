import { z } from 'zod';
import type { App, RouteContext } from '../app.js';
import { ETHNICITY, MARITAL_STATUS, RELATIONSHIP, SEX } from '../lib/codes.js';

export async function metaRoutes(app: App, ctx: RouteContext): Promise<void> {
  app.get(
    '/health',
    {
      config: { public: true },
      schema: {
        tags: ['meta'],
        summary: '健康检查：服务状态与所用数据库引擎',
        response: {
          200: z.object({ status: z.literal('ok'), engine: z.enum(['pglite', 'postgresql']), version: z.string() }),
        },
      },
    },
    async () => ({ status: 'ok' as const, engine: ctx.engine, version: ctx.version }),
  );

  app.get(
    '/codes',
    {
      schema: {
        tags: ['meta'],
        summary: '国家标准代码表：性别 (GB/T 2261.1)、民族 (GB 3304)、与户主关系 (GB/T 4761)、婚姻状况 (GB/T 2261.2)',
      },
    },
    async () => ({ sex: SEX, ethnicity: ETHNICITY, relationship: RELATIONSHIP, maritalStatus: MARITAL_STATUS }),
  );
}
