import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { App, RouteContext } from '../app.js';
import { actorOf, requirePermission } from '../http/context.js';
import { InvalidInputError } from '../lib/errors.js';
import { importDispensingCounts } from './dispenser.import.js';
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

const FILE_TYPES = [
  'application/octet-stream',
  'text/csv',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
];

/** The name to show in messages: from the X-File-Name header (URI-encoded), base name only. */
function fileNameOf(h: string | string[] | undefined): string {
  let n = typeof h === 'string' ? h : '';
  try {
    n = decodeURIComponent(n);
  } catch {
    /* sent as is */
  }
  const base = [...path.basename(n.replace(/\\/g, '/'))].filter((c) => c.charCodeAt(0) >= 0x20).join('');
  return base.slice(0, 200) || '上传文件';
}

/**
 * The dispensing machines (docs/dispensers.md). Every route needs dispenser.manage; the service
 * scopes each machine by its unit (a village sees its own machines, a township its villages').
 */
export async function dispenserRoutes(app: App, { db, config }: RouteContext): Promise<void> {
  const tags = ['dispensers'];

  // The vendor's file as the request body itself, in a scope of its own so no other route reads raw bodies.
  await app.register(async (scope) => {
    scope.addContentTypeParser(
      FILE_TYPES,
      { parseAs: 'buffer', bodyLimit: config.importMaxBytes },
      (_req, body, done) => done(null, body),
    );
    scope.post(
      '/dispensers/import',
      {
        schema: {
          tags,
          summary:
            '导入厂家发来的每日发放数（请求体为 XLSX 或 CSV 文件本身，文件名放在 X-File-Name 头；列：设备编号、日期、发放数量）：全部正确才写入，错误列出行和列',
          consumes: FILE_TYPES,
        },
      },
      async (req, reply) => {
        const user = requirePermission(req, 'dispenser.manage');
        if (!Buffer.isBuffer(req.body) || req.body.length === 0)
          throw InvalidInputError.field('file', '请上传 XLSX 或 CSV 文件');
        const fileName = fileNameOf(req.headers['x-file-name']);
        const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'renkou-dispensers-'));
        try {
          const file = path.join(dir, 'upload');
          await fs.promises.writeFile(file, req.body);
          return reply.code(201).send(await importDispensingCounts(db, user, actorOf(req), { path: file, fileName }));
        } finally {
          await fs.promises.rm(dir, { recursive: true, force: true });
        }
      },
    );
  });

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
