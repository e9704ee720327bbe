import type { App, RouteContext } from '../app.js';
import { recordAudit } from '../audit/audit.service.js';
import { actorOf, requirePermission } from '../http/context.js';
import { ForbiddenError } from '../lib/errors.js';
import { AuditBatchesQuery, AuditPaymentParams, AuditPaymentsQuery } from './benefit.audit.schemas.js';
import { auditBatches, auditPaymentTrail, auditPayments } from './benefit.audit.service.js';
import { benefitFigureRoutes } from './benefit.figures.routes.js';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The funds auditor's read-only view (docs/benefits-figures.md) and the benefit figures.
 *
 * The auditor (benefit.audit) changes nothing: besides each write route's own permission check,
 * every change request to /api/benefits from a holder of benefit.audit is refused here, before
 * its body is validated, so it answers 403 rather than 400 and a route that forgot its check is
 * still closed to the auditor. The refusal is audited (outcome denied): an auditor's attempt to
 * change a payment is itself a fact worth keeping.
 */
export async function benefitAuditRoutes(app: App, ctx: RouteContext): Promise<void> {
  const { db } = ctx;
  app.addHook('onRequest', async (req) => {
    if (READS.has(req.method) || !req.url.startsWith('/api/benefits')) return;
    if (!req.user?.permissions.includes('benefit.audit')) return;
    await recordAudit(db, actorOf(req), {
      action: 'benefit.audit.changeRefused',
      objectType: 'route',
      objectId: `${req.method} ${req.routeOptions.url ?? req.url.split('?')[0]}`,
      outcome: 'denied',
    });
    throw new ForbiddenError('资金审计员只能查看，不能修改任何发放数据');
  });

  await benefitFigureRoutes(app, ctx);

  app.get(
    '/benefits/audit/payments',
    {
      schema: {
        tags: ['benefits'],
        summary:
          '资金审计：全县每一笔发放（按项目、年度、名单、批次、乡镇/村、状态、有无追回筛选；身份证号和账号脱敏；记入审计）',
        querystring: AuditPaymentsQuery,
      },
    },
    async (req) => auditPayments(db, requirePermission(req, 'benefit.audit'), actorOf(req), req.query),
  );
  app.get(
    '/benefits/audit/payments/:id',
    {
      schema: {
        tags: ['benefits'],
        summary:
          '资金审计：一笔发放的完整记录——资格判断与依据、核实审批每一步、公示与异议、批次的制作审批导出、银行回盘、追回案件、领取人账户的查看记录（记入审计）',
        params: AuditPaymentParams,
      },
    },
    async (req) => auditPaymentTrail(db, requirePermission(req, 'benefit.audit'), actorOf(req), req.params.id),
  );
  app.get(
    '/benefits/audit/batches',
    {
      schema: {
        tags: ['benefits'],
        summary: '资金审计：发放批次及对账（成功、失败、待回盘的笔数与金额是否与批次合计相符；记入审计）',
        querystring: AuditBatchesQuery,
      },
    },
    async (req) => auditBatches(db, requirePermission(req, 'benefit.audit'), actorOf(req), req.query),
  );
}
