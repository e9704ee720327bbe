import { z } from 'zod';
import type { App, RouteContext } from '../app.js';
import { actorOf, currentUser, requirePermission } from '../http/context.js';
import { boundaryRoutes } from './boundaries.routes.js';
import { getUnitDetail, getUnitTree, mergeUnits, splitUnit } from './org.service.js';

export async function orgRoutes(app: App, ctx: RouteContext): Promise<void> {
  const { db } = ctx;
  await boundaryRoutes(app, ctx);
  app.get('/org/tree', { schema: { tags: ['org'], summary: '本单位及下级单位树' } }, async (req) => ({
    root: await getUnitTree(db, currentUser(req)),
  }));

  app.get(
    '/org/units/:id',
    { schema: { tags: ['org'], summary: '单位详情（含下级与沿革）', params: z.object({ id: z.string().max(20) }) } },
    async (req) => getUnitDetail(db, currentUser(req), req.params.id),
  );

  app.post(
    '/org/merge',
    {
      schema: {
        tags: ['org'],
        summary: '合并村（社区）：被合并单位撤销并保留沿革，其户籍人口转入存续单位',
        body: z.object({
          fromIds: z.array(z.string()).min(1),
          intoId: z.string(),
          effectiveDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
          note: z.string().max(200).optional(),
        }),
      },
    },
    async (req) => mergeUnits(db, requirePermission(req, 'org.manage'), actorOf(req), req.body),
  );

  app.post(
    '/org/split',
    {
      schema: {
        tags: ['org'],
        summary: '拆分村（社区）：新设单位带走所列的组与家庭户，原单位继续存在，保留沿革',
        body: z.object({
          unitId: z.string(),
          effectiveDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
          parts: z
            .array(
              z.object({
                id: z.string(),
                name: z.string().trim().min(1).max(40),
                groupIds: z.array(z.string()).optional(),
                householdIds: z.array(z.string().uuid()).optional(),
              }),
            )
            .min(1),
        }),
      },
    },
    async (req) => splitUnit(db, requirePermission(req, 'org.manage'), actorOf(req), req.body),
  );
}
