import { PassThrough } from 'node:stream';
import type { FastifyBaseLogger, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { App, RouteContext } from '../app.js';
import { actorOf, requirePermission } from '../http/context.js';
import { contentDisposition } from './export.files.js';
import {
  csvEncodingOf,
  ExportFormatParam,
  HouseholdExportQuery,
  PersonExportQuery,
  ReportExportQuery,
} from './export.schemas.js';
import {
  prepareHouseholdExport,
  preparePersonExport,
  prepareReportExport,
  type PreparedExport,
} from './export.service.js';
import { ExportAbortedError } from './export.writers.js';

const FILE_RESPONSE =
  '文件下载（Content-Disposition: attachment，中文文件名按 RFC 5987 编码于 filename*）。以 = + - @ 制表符或回车开头的单元格前加单引号，防止公式注入。无 person.read 权限为 403。';

const FILE_TYPES = ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/csv'];
const FILE_RESPONSES = {
  200: z.unknown().describe('XLSX 或 CSV 文件（流式下载；X-Export-Rows 头为导出开始时符合条件的行数）'),
};

/** Sends the prepared file as a stream; an error after the headers aborts the download. */
function sendFile(reply: FastifyReply, file: PreparedExport, log: FastifyBaseLogger) {
  const body = new PassThrough();
  file.writeTo(body).catch((err: unknown) => {
    if (!(err instanceof ExportAbortedError)) log.error({ err }, 'export failed while streaming');
    body.destroy(err instanceof Error ? err : new Error(String(err)));
  });
  return reply
    .header('content-disposition', contentDisposition(file.filename, file.asciiFilename))
    .header('cache-control', 'no-store')
    .header('x-content-type-options', 'nosniff')
    .header('x-export-rows', String(file.rows))
    .type(file.contentType)
    .send(body);
}

/** Registry lists to XLSX and CSV (issue 3): the filters of the list, the caller's scope, always audited. */
export async function exportRoutes(app: App, { db, sealer }: RouteContext): Promise<void> {
  app.get(
    '/exports/persons.:format',
    {
      schema: {
        tags: ['export'],
        summary: '导出人员名单（筛选条件同 GET /api/persons；身份证号默认脱敏）',
        description: `${FILE_RESPONSE} unmasked=true 需“查看完整身份证号”权限，否则 403。每次导出记入审计（person.export）。`,
        params: ExportFormatParam,
        querystring: PersonExportQuery,
        produces: FILE_TYPES,
        response: FILE_RESPONSES,
      },
    },
    async (req, reply) => {
      const { unmasked, encoding, ...filter } = req.query;
      const file = await preparePersonExport(db, sealer, requirePermission(req, 'person.read'), actorOf(req), filter, {
        format: req.params.format,
        encoding: csvEncodingOf(encoding),
        unmasked,
      });
      return sendFile(reply, file, req.log);
    },
  );

  app.get(
    '/exports/households.:format',
    {
      schema: {
        tags: ['export'],
        summary: '导出家庭户名单（筛选条件同 GET /api/households）',
        description: `${FILE_RESPONSE} 每次导出记入审计（household.export）。`,
        params: ExportFormatParam,
        querystring: HouseholdExportQuery,
        produces: FILE_TYPES,
        response: FILE_RESPONSES,
      },
    },
    async (req, reply) => {
      const { encoding, ...filter } = req.query;
      const file = await prepareHouseholdExport(db, requirePermission(req, 'person.read'), actorOf(req), filter, {
        format: req.params.format,
        encoding: csvEncodingOf(encoding),
      });
      return sendFile(reply, file, req.log);
    },
  );

  app.get(
    '/exports/reports.:format',
    {
      schema: {
        tags: ['export'],
        summary: '导出事件报告列表（筛选条件同 GET /api/reports）',
        description: `${FILE_RESPONSE} 每次导出记入审计（report.export）。`,
        params: ExportFormatParam,
        querystring: ReportExportQuery,
        produces: FILE_TYPES,
        response: FILE_RESPONSES,
      },
    },
    async (req, reply) => {
      const { encoding, ...filter } = req.query;
      const file = await prepareReportExport(db, requirePermission(req, 'person.read'), actorOf(req), filter, {
        format: req.params.format,
        encoding: csvEncodingOf(encoding),
      });
      return sendFile(reply, file, req.log);
    },
  );
}
