import { z } from 'zod';
import type { App, RouteContext } from '../app.js';
import { actorOf, requirePermission } from '../http/context.js';
import { AsOfQuery, PersonIdParam, PersonListItem, PersonSearchQuery } from './person.schemas.js';
import { getPersonAsOf, getPersonDetail, revealIdNumber, searchPersons } from './person.service.js';

export async function personRoutes(app: App, { db, sealer }: RouteContext): Promise<void> {
  app.get(
    '/persons',
    {
      schema: {
        tags: ['registry'],
        summary: '人员查询：身份证号、姓名、拼音或首字母（限本单位及下级）',
        querystring: PersonSearchQuery,
        response: { 200: z.object({ items: z.array(PersonListItem), total: z.number() }) },
      },
    },
    async (req) => searchPersons(db, sealer, requirePermission(req, 'person.read'), actorOf(req), req.query),
  );

  app.get(
    '/persons/:id',
    {
      schema: {
        tags: ['registry'],
        summary: '人员详情：基本信息、家庭户、亲属、变更历史、事件与报告',
        params: PersonIdParam,
      },
    },
    async (req) => getPersonDetail(db, requirePermission(req, 'person.read'), actorOf(req), req.params.id),
  );

  app.get(
    '/persons/:id/as-of',
    { schema: { tags: ['registry'], summary: '某一日期时的人员状态', params: PersonIdParam, querystring: AsOfQuery } },
    async (req) =>
      getPersonAsOf(db, requirePermission(req, 'person.read'), actorOf(req), req.params.id, req.query.date),
  );

  app.post(
    '/persons/:id/reveal-id',
    {
      schema: {
        tags: ['registry'],
        summary: '查看完整身份证号码（需权限，记入审计）',
        params: PersonIdParam,
        response: { 200: z.object({ idNumber: z.string().nullable() }) },
      },
    },
    async (req) => revealIdNumber(db, sealer, requirePermission(req, 'person.read'), actorOf(req), req.params.id),
  );
}
