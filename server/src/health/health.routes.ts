import type { FastifyRequest } from 'fastify';
import type { Permission } from '../accounts/permissions.js';
import type { App, RouteContext } from '../app.js';
import { actorOf, currentUser, requirePermission } from '../http/context.js';
import { ForbiddenError } from '../lib/errors.js';
import { followupSummary, getFollowup, recordContact, searchFollowups } from './health.followup.service.js';
import {
  ContactRequest,
  FollowupQuery,
  IdParams,
  ServiceQuery,
  ServiceRequest,
  SummaryQuery,
  VoidRequest,
} from './health.schemas.js';
import { getService, recordService, searchServices, voidService } from './health.service.js';

/** The caller, if their role holds any of the permissions. */
function requireAny(req: FastifyRequest, ...any: Permission[]) {
  const user = currentUser(req);
  if (!any.some((p) => user.permissions.includes(p))) throw new ForbiddenError();
  return user;
}

const READ: Permission[] = ['health.read', 'health.record', 'health.findings'];
const FOLLOW: Permission[] = ['health.followup', 'health.findings'];

/**
 * The health services register and the follow-ups of its findings (docs/health.md). Routes check
 * the permission; the services scope every record by its unit and decide who sees findings.
 */
export async function healthRoutes(app: App, { db, sealer }: RouteContext): Promise<void> {
  app.post(
    '/health/services',
    {
      schema: {
        tags: ['health'],
        summary: '登记一次免费健康服务；结果异常时自动生成随访（检查所见加密保存）',
        body: ServiceRequest,
      },
    },
    async (req, reply) => {
      const s = await recordService(db, sealer, requirePermission(req, 'health.record'), actorOf(req), req.body);
      return reply.code(201).send(s);
    },
  );
  app.get(
    '/health/services',
    {
      schema: {
        tags: ['health'],
        summary: '本辖区健康服务记录（不含检查所见；身份证号脱敏）',
        querystring: ServiceQuery,
      },
    },
    async (req) => searchServices(db, requireAny(req, ...READ), actorOf(req), req.query),
  );
  app.get(
    '/health/services/:id',
    {
      schema: {
        tags: ['health'],
        summary: '服务记录详情：检查所见仅对有权限者显示（每次查看记入审计），其余脱敏',
        params: IdParams,
      },
    },
    async (req) => getService(db, sealer, requireAny(req, ...READ), actorOf(req), req.params.id),
  );
  app.post(
    '/health/services/:id/void',
    {
      schema: {
        tags: ['health'],
        summary: '作废错误的服务记录（保留不删）；其未结随访以“其他”结案',
        params: IdParams,
        body: VoidRequest,
      },
    },
    async (req) =>
      voidService(db, sealer, requirePermission(req, 'health.record'), actorOf(req), req.params.id, req.body),
  );
  app.get(
    '/health/followups',
    {
      schema: {
        tags: ['health'],
        summary: '本辖区随访：到期、逾期、已结案（不含检查所见）',
        querystring: FollowupQuery,
      },
    },
    async (req) => searchFollowups(db, requireAny(req, ...FOLLOW), actorOf(req), req.query),
  );
  app.get(
    '/health/followups/summary',
    {
      schema: {
        tags: ['health'],
        summary: '各下级单位随访情况：随访中、7天内到期、已逾期、今年结案',
        querystring: SummaryQuery,
      },
    },
    async (req) => followupSummary(db, requireAny(req, ...FOLLOW), req.query.unitId),
  );
  app.get(
    '/health/followups/:id',
    {
      schema: {
        tags: ['health'],
        summary: '随访详情：服务记录与每次随访情况（查看随访情况记入审计）',
        params: IdParams,
      },
    },
    async (req) => getFollowup(db, sealer, requireAny(req, ...FOLLOW), actorOf(req), req.params.id),
  );
  app.post(
    '/health/followups/:id/contacts',
    {
      schema: {
        tags: ['health'],
        summary: '登记一次随访：可改下次随访日期，或以结果结案（乐观锁 version）',
        params: IdParams,
        body: ContactRequest,
      },
    },
    async (req, reply) => {
      const f = await recordContact(
        db,
        sealer,
        requirePermission(req, 'health.followup'),
        actorOf(req),
        req.params.id,
        req.body,
      );
      return reply.code(201).send(f);
    },
  );
}
