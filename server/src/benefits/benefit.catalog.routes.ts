import type { App, RouteContext } from '../app.js';
import { actorOf, requirePermission } from '../http/context.js';
import { NewProgram, ProgramChange, ProgramParams, TopUp } from './benefit.catalog.schemas.js';
import { addTopUp, changeProgram, createProgram, getProgram, listPrograms } from './benefit.catalog.service.js';

/** The benefit programs as the county keeps them (docs/benefits.md): list, read, change amounts, add local programs. */
export async function benefitCatalogRoutes(app: App, { db }: RouteContext): Promise<void> {
  app.get(
    '/benefits/programs',
    {
      schema: {
        tags: ['benefits'],
        summary: '本县现行的奖励扶助项目：资格条件、各档次今日标准、发放周期、版本与修改人',
      },
    },
    async (req) => listPrograms(db, requirePermission(req, 'person.read')),
  );
  app.get(
    '/benefits/programs/:code',
    { schema: { tags: ['benefits'], summary: '一个项目的现行定义及其全部版本（新版在前）', params: ProgramParams } },
    async (req) => getProgram(db, requirePermission(req, 'person.read'), req.params.code),
  );
  app.put(
    '/benefits/programs/:code',
    {
      schema: {
        tags: ['benefits'],
        summary: '以完整定义保存项目的新版本（须给出所基于的版本号；期间已被他人修改则返回 409，不保存）',
        params: ProgramParams,
        body: ProgramChange,
      },
    },
    async (req) => changeProgram(db, requirePermission(req, 'benefit.manage'), actorOf(req), req.params.code, req.body),
  );
  app.post(
    '/benefits/programs/:code/amounts',
    {
      schema: {
        tags: ['benefits'],
        summary: '自某日起增加（或调整、以 0 停止）县级提标，生成项目的新版本',
        params: ProgramParams,
        body: TopUp,
      },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(await addTopUp(db, requirePermission(req, 'benefit.manage'), actorOf(req), req.params.code, req.body)),
  );
  app.post(
    '/benefits/programs',
    {
      schema: {
        tags: ['benefits'],
        summary: '设立本县的地方项目（代码不得与内置项目或本县已有项目重复）',
        body: NewProgram,
      },
    },
    async (req, reply) =>
      reply.code(201).send(await createProgram(db, requirePermission(req, 'benefit.manage'), actorOf(req), req.body)),
  );
}
