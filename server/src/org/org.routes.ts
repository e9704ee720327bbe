import { z } from 'zod';
import type { App, RouteContext } from '../app.js';
import { actorOf, currentUser, requirePermission } from '../http/context.js';
import { boundaryRoutes } from './boundaries.routes.js';
import { addGroups, endGroup, renameGroup } from './org.groups.service.js';
import { GroupEndInput, GroupRenameInput, GroupsAddInput, MergeInput, SplitInput } from './org.schemas.js';
import { getOrgStructure, getUnitDetail, getUnitTree, mergeUnits, splitUnit } from './org.service.js';

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

  app.get(
    '/org/structure',
    { schema: { tags: ['org'], summary: '本单位及下级单位（含已撤销单位）的有效期与沿革' } },
    async (req) => getOrgStructure(db, currentUser(req)),
  );

  app.post(
    '/org/merge',
    {
      schema: {
        tags: ['org'],
        summary: '合并村（社区）：被合并单位撤销并保留沿革，其户籍人口转入存续单位或新设单位',
        body: MergeInput,
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
        body: SplitInput,
      },
    },
    async (req) => splitUnit(db, requirePermission(req, 'org.manage'), actorOf(req), req.body),
  );

  const UnitParams = z.object({ id: z.string().max(20) });

  app.post(
    '/org/villages/:id/groups',
    {
      schema: {
        tags: ['org'],
        summary: '为村（社区）新增村民小组（组），组代码为村代码加两位序号',
        params: UnitParams,
        body: GroupsAddInput,
      },
    },
    async (req) => addGroups(db, requirePermission(req, 'org.manage'), actorOf(req), req.params.id, req.body),
  );

  app.patch(
    '/org/groups/:id',
    { schema: { tags: ['org'], summary: '组更名（代码不变）', params: UnitParams, body: GroupRenameInput } },
    async (req) => renameGroup(db, requirePermission(req, 'org.manage'), actorOf(req), req.params.id, req.body),
  );

  app.post(
    '/org/groups/:id/end',
    {
      schema: {
        tags: ['org'],
        summary: '撤销组：自生效日期起不再存在；组内仍有户、人或账户时拒绝',
        params: UnitParams,
        body: GroupEndInput,
      },
    },
    async (req) => endGroup(db, requirePermission(req, 'org.manage'), actorOf(req), req.params.id, req.body),
  );
}
