import type { App, RouteContext } from '../app.js';
import { actorOf, requirePermission } from '../http/context.js';
import {
  DispenserListQuery,
  DueQuery,
  EditRequest,
  EventRequest,
  IdParams,
  RegisterRequest,
  RetireRequest,
} from './dispenser.schemas.js';
import {
  dueByTownship,
  editMachine,
  getMachine,
  listMachines,
  recordEvent,
  registerMachine,
  retireMachine,
} from './dispenser.service.js';

/**
 * The dispensing machines (docs/dispensers.md). Every route needs dispenser.manage; the service
 * scopes each machine by its unit (a village sees its own machines, a township its villages').
 */
export async function dispenserRoutes(app: App, { db }: RouteContext): Promise<void> {
  const tags = ['dispensers'];
  app.get(
    '/dispensers',
    {
      schema: {
        tags,
        summary: '本辖区的药具发放机：库存、容量、补货提醒线，待补货的在前',
        querystring: DispenserListQuery,
      },
    },
    async (req) => listMachines(db, requirePermission(req, 'dispenser.manage'), req.query),
  );
  app.get(
    '/dispensers/due',
    {
      schema: {
        tags,
        summary: '待补货的发放机（库存不高于补货提醒线），按乡镇分组',
        querystring: DueQuery,
      },
    },
    async (req) => dueByTownship(db, requirePermission(req, 'dispenser.manage'), req.query.unitId),
  );
  app.post(
    '/dispensers',
    {
      schema: {
        tags,
        summary: '登记发放机：设备编号（全县唯一）、所在单位、安放地点、安装日期、容量、库存、补货提醒线',
        body: RegisterRequest,
      },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(await registerMachine(db, requirePermission(req, 'dispenser.manage'), actorOf(req), req.body)),
  );
  app.get(
    '/dispensers/:id',
    { schema: { tags, summary: '发放机详情：补货、发放、盘点记录（新的在前）和每月合计', params: IdParams } },
    async (req) => getMachine(db, requirePermission(req, 'dispenser.manage'), req.params.id),
  );
  app.patch(
    '/dispensers/:id',
    { schema: { tags, summary: '修改安放地点或补货提醒线', params: IdParams, body: EditRequest } },
    async (req) => editMachine(db, requirePermission(req, 'dispenser.manage'), actorOf(req), req.params.id, req.body),
  );
  app.post(
    '/dispensers/:id/retire',
    { schema: { tags, summary: '撤除发放机（记录保留，不再录入）', params: IdParams, body: RetireRequest } },
    async (req) => retireMachine(db, requirePermission(req, 'dispenser.manage'), actorOf(req), req.params.id, req.body),
  );
  app.post(
    '/dispensers/:id/events',
    {
      schema: {
        tags,
        summary:
          '录入补货（补后不超过容量）、发放机报告的某日发放数（不超过库存，每天一条）或盘点（以实点数为库存，记下差额）',
        params: IdParams,
        body: EventRequest,
      },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(await recordEvent(db, requirePermission(req, 'dispenser.manage'), actorOf(req), req.params.id, req.body)),
  );
}
