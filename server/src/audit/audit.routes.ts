import { z } from 'zod';
import type { App, RouteContext } from '../app.js';
import { actorOf, requirePermission } from '../http/context.js';
import { recordAudit, searchAudit, verifyAuditChain } from './audit.service.js';

const DateParam = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');

export async function auditRoutes(app: App, { db }: RouteContext): Promise<void> {
  app.get(
    '/audit',
    {
      schema: {
        tags: ['audit'],
        summary: '审计日志查询（审计管理员）',
        querystring: z.object({
          from: DateParam.optional(),
          to: DateParam.optional(),
          username: z.string().max(64).optional(),
          action: z.string().max(64).optional(),
          page: z.coerce.number().int().min(1).default(1),
          pageSize: z.coerce.number().int().min(1).max(200).default(50),
        }),
      },
    },
    async (req) => {
      requirePermission(req, 'audit.read');
      const result = await searchAudit(db, req.query);
      // Reading the audit log is itself audited.
      await recordAudit(db, actorOf(req), { action: 'audit.search', detail: { ...req.query } });
      return {
        total: result.total,
        items: result.items.map((r) => ({ ...r, id: String(r.id), at: r.at.toISOString() })),
      };
    },
  );

  app.get('/audit/verify', { schema: { tags: ['audit'], summary: '校验审计日志哈希链是否完整' } }, async (req) => {
    requirePermission(req, 'audit.read');
    const result = await verifyAuditChain(db);
    await recordAudit(db, actorOf(req), {
      action: 'audit.verify',
      outcome: result.ok ? 'success' : 'failure',
      detail: result,
    });
    return result;
  });
}
