import type { App, RouteContext } from '../app.js';
import type { ReportType } from '../db/schema.js';
import { reportFieldLabel } from './report.validation.js';
import { actorOf, currentUser, requirePermission } from '../http/context.js';
import {
  ActionRequest,
  CreateReportRequest,
  ReasonActionRequest,
  ReportIdParam,
  ReportQuery,
  ResubmitRequest,
} from './report.schemas.js';
import {
  approveReport,
  cancelReport,
  confirmReport,
  createReport,
  getTodo,
  listCountyVillages,
  listReports,
  resubmitReport,
  returnReport,
  viewReport,
} from './report.service.js';

const REPORT_TYPES = new Set<string>(['birth', 'death', 'marriage', 'divorce', 'move_in', 'move_out', 'correction']);

/** A new report's schema errors name the field as the form does (出生体重（克）, not payload.weightGrams). */
function labelOfReportField(body: unknown, field: string): string | undefined {
  if (field === 'type') return '报告类型';
  const type = (body as { type?: unknown } | null)?.type;
  if (typeof type !== 'string' || !REPORT_TYPES.has(type)) return undefined;
  return reportFieldLabel(type as ReportType, field);
}

export async function reportRoutes(app: App, { db, sealer }: RouteContext): Promise<void> {
  app.post(
    '/reports',
    {
      schema: {
        tags: ['reporting'],
        summary: '村（社区）报告事件：出生、死亡、结婚、离婚、迁入、迁出、信息更正',
        body: CreateReportRequest,
      },
      config: { fieldLabel: labelOfReportField },
    },
    async (req, reply) =>
      reply.code(201).send(await createReport(db, sealer, currentUser(req), actorOf(req), req.body)),
  );

  app.get(
    '/reports',
    {
      schema: {
        tags: ['reporting'],
        summary: '报告列表与审核队列（mine 本人报告，review 待乡镇审核，confirm 待县级确认）',
        querystring: ReportQuery,
      },
    },
    async (req) => listReports(db, requirePermission(req, 'person.read'), actorOf(req), req.query),
  );

  // A static path, which the router prefers to /reports/:id.
  app.get(
    '/reports/villages',
    { schema: { tags: ['reporting'], summary: '本县全部村（社区）（含已撤销的及其日期），供更正居住地选择与显示' } },
    async (req) => listCountyVillages(db, requirePermission(req, 'person.read')),
  );

  app.get('/todo', { schema: { tags: ['reporting'], summary: '待办：按角色列出等待处理的报告' } }, async (req) =>
    getTodo(db, requirePermission(req, 'person.read')),
  );

  app.get(
    '/reports/:id',
    { schema: { tags: ['reporting'], summary: '报告详情、处理记录与当前用户可执行的操作', params: ReportIdParam } },
    async (req) => viewReport(db, requirePermission(req, 'person.read'), actorOf(req), req.params.id),
  );

  app.put(
    '/reports/:id',
    {
      schema: {
        tags: ['reporting'],
        summary: '修改被退回的报告并重新提交',
        params: ReportIdParam,
        body: ResubmitRequest,
      },
    },
    async (req) => resubmitReport(db, sealer, currentUser(req), actorOf(req), req.params.id, req.body),
  );

  app.post(
    '/reports/:id/approve',
    { schema: { tags: ['reporting'], summary: '乡镇审核通过', params: ReportIdParam, body: ActionRequest } },
    async (req) => approveReport(db, currentUser(req), actorOf(req), req.params.id, req.body.version),
  );

  app.post(
    '/reports/:id/return',
    {
      schema: {
        tags: ['reporting'],
        summary: '退回村（社区）并说明原因',
        params: ReportIdParam,
        body: ReasonActionRequest,
      },
    },
    async (req) => returnReport(db, currentUser(req), actorOf(req), req.params.id, req.body.version, req.body.reason),
  );

  app.post(
    '/reports/:id/confirm',
    {
      schema: {
        tags: ['reporting'],
        summary: '县级确认：报告写入人口登记',
        params: ReportIdParam,
        body: ActionRequest,
      },
    },
    async (req) => confirmReport(db, sealer, currentUser(req), actorOf(req), req.params.id, req.body.version),
  );

  app.post(
    '/reports/:id/cancel',
    {
      schema: {
        tags: ['reporting'],
        summary: '撤销报告（村报告人）',
        params: ReportIdParam,
        body: ReasonActionRequest,
      },
    },
    async (req) => cancelReport(db, currentUser(req), actorOf(req), req.params.id, req.body.version, req.body.reason),
  );
}
