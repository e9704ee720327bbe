import { z } from 'zod';
import type { App, RouteContext } from '../app.js';
import { actorOf, requirePermission } from '../http/context.js';
import { getHouseholdDetail, searchHouseholds } from './household.service.js';

export async function householdRoutes(app: App, { db }: RouteContext): Promise<void> {
  app.get(
    '/households',
    {
      schema: {
        tags: ['registry'],
        summary: '家庭户查询：户号、地址或户主姓名',
        querystring: z.object({
          q: z.string().max(64).optional(),
          unitId: z.string().max(20).optional(),
          page: z.coerce.number().int().min(1).default(1),
          pageSize: z.coerce.number().int().min(1).max(100).default(20),
        }),
      },
    },
    async (req) => searchHouseholds(db, requirePermission(req, 'person.read'), actorOf(req), req.query),
  );

  app.get(
    '/households/:id',
    {
      schema: {
        tags: ['registry'],
        summary: '家庭户详情：现有成员、原户成员与变动历史（谁何时因哪份已确认报告迁入迁出、户主变更）',
        params: z.object({ id: z.string().max(64) }),
      },
    },
    async (req) => getHouseholdDetail(db, requirePermission(req, 'person.read'), actorOf(req), req.params.id),
  );
}
