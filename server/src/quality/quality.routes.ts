import type { App, RouteContext } from '../app.js';
import { actorOf, requirePermission } from '../http/context.js';
import {
  AlertAction,
  AlertParams,
  AlertQuery,
  CompletenessQuery,
  FunnelQuery,
  ScanRequest,
  ViolationQuery,
} from './quality.schemas.js';
import {
  actOnAlert,
  alertSummary,
  catalog,
  completenessFor,
  funnelFor,
  getAlert,
  listAlertsFor,
  scanNow,
  violationsFor,
} from './quality.service.js';

/** Data quality (docs/quality.md): alerts, rule violations, completeness of reporting, funnel plots. */
export async function qualityRoutes(app: App, { db, sealer }: RouteContext): Promise<void> {
  app.get(
    '/quality/alerts',
    {
      schema: {
        tags: ['quality'],
        summary: '数据质量预警列表（限本辖区；按状态、严重程度、类型、单位筛选）',
        querystring: AlertQuery,
      },
    },
    async (req) => listAlertsFor(db, requirePermission(req, 'person.read'), req.query),
  );

  app.get(
    '/quality/summary',
    {
      schema: {
        tags: ['quality'],
        summary: '预警按状态和严重程度计数，及最近一次扫描',
        querystring: AlertQuery.pick({ unitId: true }),
      },
    },
    async (req) => alertSummary(db, requirePermission(req, 'person.read'), req.query.unitId),
  );

  app.get(
    '/quality/alerts/:id',
    { schema: { tags: ['quality'], summary: '一条预警：异常程度、控制限、所依据的记录', params: AlertParams } },
    async (req) => getAlert(db, requirePermission(req, 'person.read'), req.params.id),
  );

  app.post(
    '/quality/alerts/:id/acknowledge',
    {
      schema: {
        tags: ['quality'],
        summary: '标记预警为已知悉（附说明，记入审计）',
        params: AlertParams,
        body: AlertAction,
      },
    },
    async (req) =>
      actOnAlert(db, requirePermission(req, 'person.read'), actorOf(req), req.params.id, 'acknowledge', req.body.note),
  );

  app.post(
    '/quality/alerts/:id/dismiss',
    {
      schema: {
        tags: ['quality'],
        summary: '排除预警（确认数据无误，附说明，记入审计）',
        params: AlertParams,
        body: AlertAction,
      },
    },
    async (req) =>
      actOnAlert(db, requirePermission(req, 'quality.dismiss'), actorOf(req), req.params.id, 'dismiss', req.body.note),
  );

  app.post(
    '/quality/alerts/:id/reopen',
    {
      schema: {
        tags: ['quality'],
        summary: '重新打开已知悉或已排除的预警（附说明，记入审计）',
        params: AlertParams,
        body: AlertAction,
      },
    },
    async (req) =>
      actOnAlert(db, requirePermission(req, 'quality.dismiss'), actorOf(req), req.params.id, 'reopen', req.body.note),
  );

  app.post(
    '/quality/scan',
    {
      schema: {
        tags: ['quality'],
        summary: '立即扫描（默认今年和去年）：规则、异常、报告完整性，更新预警',
        body: ScanRequest,
      },
    },
    async (req) => scanNow(db, sealer, requirePermission(req, 'quality.scan'), actorOf(req), req.body.years),
  );

  app.get('/quality/rules', { schema: { tags: ['quality'], summary: '一致性规则和异常检测的目录' } }, async (req) => {
    requirePermission(req, 'person.read');
    return catalog();
  });

  app.get(
    '/quality/violations',
    {
      schema: {
        tags: ['quality'],
        summary: '违反一致性规则的记录（限本辖区，身份证号脱敏，记入审计）',
        querystring: ViolationQuery,
      },
    },
    async (req) => violationsFor(db, sealer, requirePermission(req, 'person.read'), actorOf(req), req.query),
  );

  app.get(
    '/quality/completeness',
    { schema: { tags: ['quality'], summary: '各村、乡镇某年报告的完整性与及时性', querystring: CompletenessQuery } },
    async (req) => completenessFor(db, requirePermission(req, 'person.read'), req.query),
  );

  app.get(
    '/quality/funnel',
    {
      schema: {
        tags: ['quality'],
        summary: '漏斗图：各村或乡镇的男孩占比或出生率与全县比较，95%和99.8%控制限',
        querystring: FunnelQuery,
      },
    },
    async (req) => funnelFor(db, requirePermission(req, 'person.read'), req.query),
  );
}
