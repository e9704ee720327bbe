import type { App, RouteContext } from '../app.js';
import { actorOf, currentUser, noContent, requirePermission } from '../http/context.js';
import { ForbiddenError } from '../lib/errors.js';
import { linkageFigures } from './linkage.figures.js';
import {
  Decision,
  FiguresQuery,
  FindingParams,
  FindingQuery,
  ResultParams,
  ReviewQuery,
  Resolution,
  RunQuery,
  RunRequest,
} from './linkage.schemas.js';
import {
  decidePair,
  listFindings,
  listRuns,
  resolveTask,
  reviewQueue,
  runLinkage,
  taskCounts,
} from './linkage.service.js';

/** Record linkage of feeds to the registry (docs/linkage.md): runs, review of uncertain pairs, findings and village tasks, figures. */
export async function linkageRoutes(app: App, { db, sealer }: RouteContext): Promise<void> {
  app.post(
    '/linkage/runs',
    {
      schema: {
        tags: ['linkage'],
        summary: '将一批部门数据与登记系统比对（替换该批上一次比对，关闭其未处理任务）',
        body: RunRequest,
      },
    },
    async (req, reply) => {
      const user = requirePermission(req, 'feed.manage');
      return reply.code(201).send(await runLinkage(db, sealer, user, actorOf(req), req.body.batchId));
    },
  );
  app.get(
    '/linkage/runs',
    { schema: { tags: ['linkage'], summary: '一批部门数据的比对记录', querystring: RunQuery } },
    async (req) => listRuns(db, requirePermission(req, 'feed.manage'), req.query.batchId),
  );
  app.get(
    '/linkage/review',
    {
      schema: {
        tags: ['linkage'],
        summary: '待人工确认的比对（本辖区），附各字段的权重说明',
        querystring: ReviewQuery,
      },
    },
    async (req) => reviewQueue(db, requirePermission(req, 'linkage.review'), req.query),
  );
  app.post(
    '/linkage/review/:id',
    {
      schema: {
        tags: ['linkage'],
        summary: '确认一对记录：是同一人（选候选人）或登记中无此人',
        params: ResultParams,
        body: Decision,
      },
    },
    async (req, reply) => {
      await decidePair(db, requirePermission(req, 'linkage.review'), actorOf(req), req.params.id, req.body);
      return noContent(reply);
    },
  );
  app.get(
    '/linkage/findings',
    { schema: { tags: ['linkage'], summary: '比对发现与核查任务（本辖区）', querystring: FindingQuery } },
    async (req) => listFindings(db, requirePermission(req, 'person.read'), req.query),
  );
  app.post(
    '/linkage/findings/:id/resolve',
    {
      schema: {
        tags: ['linkage'],
        summary: '处理核查任务：已补报（附上报编号）或说明部门数据有误',
        params: FindingParams,
        body: Resolution,
      },
    },
    async (req, reply) => {
      const user = currentUser(req);
      if (!['report.create', 'report.review', 'report.confirm'].some((p) => user.permissions.includes(p as never)))
        throw new ForbiddenError();
      await resolveTask(db, user, actorOf(req), req.params.id, req.body);
      return noContent(reply);
    },
  );
  app.get(
    '/linkage/tasks/counts',
    { schema: { tags: ['linkage'], summary: '本辖区待处理与逾期的核查任务数' } },
    async (req) => taskCounts(db, requirePermission(req, 'person.read')),
  );
  app.get(
    '/linkage/figures',
    {
      schema: {
        tags: ['linkage'],
        summary: '匹配率、漏报率（按部门数据类型与下级单位），出生登记完整性（捕获-再捕获估计）',
        querystring: FiguresQuery,
      },
    },
    async (req) => linkageFigures(db, requirePermission(req, 'person.read'), req.query),
  );
}
