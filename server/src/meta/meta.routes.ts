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
          200: z.object({
            status: z.literal('ok'),
            engine: z.enum(['pglite', 'postgresql']),
            version: z.string(),
            demo: z.boolean().describe('是否有可登录的演示账户（登录页据此显示演示提示）'),
          }),
        },
      },
    },
    async () => {
      // The login page names the demo accounts only where they exist: a real installation has none.
      const demo = await ctx.db
        .selectFrom('appUser')
        .select('id')
        .where('isDemo', '=', true)
        .where('disabled', '=', false)
        .limit(1)
        .executeTakeFirst();
      return { status: 'ok' as const, engine: ctx.engine, version: ctx.version, demo: demo !== undefined };
    },
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
