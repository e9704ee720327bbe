import { z } from 'zod';
import type { App, RouteContext } from '../app.js';
import { actorOf, requirePermission } from '../http/context.js';
import { AnnualReportQuery } from './annualReport.schemas.js';
import { buildAnnualReport, exportAnnualReport } from './annualReport.service.js';

/** The annual statistical report (统计年报): preview as JSON, download as XLSX or PDF (audited). */
export async function annualReportRoutes(app: App, { db }: RouteContext): Promise<void> {
  app.get(
    '/annual-report',
    {
      schema: {
        tags: ['indicators'],
        summary: '统计年报：某年度单位（及其下属乡镇、村）的主要指标；format=json 预览，xlsx/pdf 下载',
        description:
          '数值全部来自指标服务（GET /api/indicators?breakdown=all）。已发布（冻结）的指标按发布值印出并注明；未发布的注明“未发布，仅供参考”。单位限本辖区，辖区外与不存在同样答 404。下载记入审计（annualReport.export），Content-Disposition 中文文件名按 RFC 5987 编码。',
        querystring: AnnualReportQuery,
        produces: [
          'application/json',
          'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          'application/pdf',
        ],
        response: { 200: z.unknown().describe('JSON 年报，或 XLSX / PDF 文件') },
      },
    },
    async (req, reply) => {
      const user = requirePermission(req, 'person.read');
      const { format, ...q } = req.query;
      if (format === 'json') return buildAnnualReport(db, user, q);
      const file = await exportAnnualReport(db, user, actorOf(req), { ...q, format });
      return reply
        .header('content-disposition', file.contentDisposition)
        .header('cache-control', 'no-store')
        .header('x-content-type-options', 'nosniff')
        .type(file.contentType)
        .send(file.body);
    },
  );
}
