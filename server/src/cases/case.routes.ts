import type { App, RouteContext } from '../app.js';
import { recordAudit } from '../audit/audit.service.js';
import { actorOf, requirePermission } from '../http/context.js';
import { ForbiddenError } from '../lib/errors.js';
import { CaseListQuery, CloseRequest, IdParams, OpenCaseRequest, ReferRequest, StepRequest } from './case.schemas.js';
import { addStep, closeCase, getCase, listCases, openCase, referCase } from './case.service.js';

const CASES_URL = /^\/api\/cases(\/|\?|$)/;

/**
 * The 两非 case register (docs/cases.md). Confidential: every request to /api/cases from a user
 * without case.handle is refused here, before its input is validated, so any other role gets 403
 * on every route (never a 400 that would tell it the route exists in a certain shape), and the
 * refusal is audited. Each route still checks the permission itself.
 */
export async function caseRoutes(app: App, { db }: RouteContext): Promise<void> {
  app.addHook('onRequest', async (req) => {
    if (!req.user || !CASES_URL.test(req.url)) return;
    if (req.user.permissions.includes('case.handle')) return;
    await recordAudit(db, actorOf(req), {
      action: 'case.accessRefused',
      objectType: 'route',
      objectId: `${req.method} ${req.routeOptions.url ?? req.url.split('?')[0]}`,
      outcome: 'denied',
    });
    throw new ForbiddenError('两非案件仅限综合监督执法人员查看和办理');
  });

  const tags = ['cases'];
  app.get(
    '/cases',
    {
      schema: {
        tags,
        summary: '两非案件列表（按状态、类型、年度、案发乡镇/村筛选；新的在前；每次查看记入审计）',
        querystring: CaseListQuery,
      },
    },
    async (req) => listCases(db, requirePermission(req, 'case.handle'), actorOf(req), req.query),
  );
  app.post(
    '/cases',
    {
      schema: {
        tags,
        summary:
          '立案：类型、线索来源与收到日期、案发乡镇/村、案情摘要、涉案人员和机构；按县和年度编案号（两非〔2026〕3号）',
        body: OpenCaseRequest,
      },
    },
    async (req, reply) =>
      reply.code(201).send(await openCase(db, requirePermission(req, 'case.handle'), actorOf(req), req.body)),
  );
  app.get(
    '/cases/:id',
    { schema: { tags, summary: '案件详情及办理步骤（记入审计）', params: IdParams } },
    async (req) => getCase(db, requirePermission(req, 'case.handle'), actorOf(req), req.params.id),
  );
  app.post(
    '/cases/:id/steps',
    {
      schema: {
        tags,
        summary: '记录办理步骤（调查、现场检查、询问、取证、备注）；已立案的案件转为调查中',
        params: IdParams,
        body: StepRequest,
      },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(await addStep(db, requirePermission(req, 'case.handle'), actorOf(req), req.params.id, req.body)),
  );
  app.post(
    '/cases/:id/refer',
    {
      schema: { tags, summary: '移送公安机关或市场监管部门（只能移送一次）', params: IdParams, body: ReferRequest },
    },
    async (req) => referCase(db, requirePermission(req, 'case.handle'), actorOf(req), req.params.id, req.body),
  );
  app.post(
    '/cases/:id/close',
    {
      schema: {
        tags,
        summary: '结案：已处罚、已移送处理（须先移送）、查无实据或其他，写明说明；结案后不能重开',
        params: IdParams,
        body: CloseRequest,
      },
    },
    async (req) => closeCase(db, requirePermission(req, 'case.handle'), actorOf(req), req.params.id, req.body),
  );
}
