import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import fastifyMultipart from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { App, RouteContext } from '../app.js';
import type { CurrentUser } from '../accounts/session.service.js';
import { actorOf, currentUser } from '../http/context.js';
import { InvalidInputError } from '../lib/errors.js';
import { templateFile, type FileFormat } from './import.files.js';
import { progressTracker } from './import.progress.js';
import {
  BatchIdParam,
  ImportFormFields,
  ImportLimits,
  ImportListQuery,
  ProgressParam,
  TemplateParam,
} from './import.schemas.js';
import {
  assertMayImport,
  getErrorReport,
  getImport,
  importFile,
  listImports,
  previewFile,
  type ImportDeps,
  type Importer,
  type ImportResult,
  type UploadedFile,
} from './import.service.js';

export const importerOf = (u: CurrentUser): Importer => ({
  userId: u.id,
  username: u.username,
  displayName: u.displayName,
  role: u.role,
  unitId: u.unitId,
  unitPath: u.unitPath,
  countyCode: u.countyCode,
});

/** Bulk import of people, households and events (issue 3); see docs/import.md. */
export async function importRoutes(app: App, ctx: RouteContext): Promise<void> {
  // The largest upload (RENKOU_IMPORT_MAX_MB, default 100): a larger file is refused while it
  // streams in, and the reader is given the same limit.
  const maxBytes = ctx.config.importMaxBytes;
  const deps: ImportDeps = { database: ctx.database, sealer: ctx.sealer, limits: { maxBytes } };
  const { db, sealer } = ctx;

  // Multipart only for these routes: a plugin scope of its own.
  await app.register(async (scope) => {
    await scope.register(fastifyMultipart, {
      limits: { fileSize: maxBytes, files: 1, fields: 10, fieldSize: 64 * 1024, parts: 12 },
    });
    const api = scope.withTypeProvider<ZodTypeProvider>();

    api.get(
      '/imports/limits',
      {
        schema: {
          tags: ['imports'],
          summary: '导入文件的大小上限（RENKOU_IMPORT_MAX_MB）',
          response: { 200: ImportLimits },
        },
      },
      async (req) => {
        assertMayImport(importerOf(currentUser(req)));
        return { maxUploadBytes: maxBytes };
      },
    );

    api.get(
      '/imports/templates/:file',
      {
        schema: {
          tags: ['imports'],
          summary: '下载导入模板（persons.xlsx、persons.csv、events.xlsx、events.csv），表头为中文列名',
          params: TemplateParam,
        },
      },
      async (req, reply) => {
        assertMayImport(importerOf(currentUser(req)));
        const [kind, format] = req.params.file.split('.') as ['persons' | 'events', FileFormat];
        return sendFile(reply, await templateFile(kind, format));
      },
    );

    api.post(
      '/imports/preview',
      {
        schema: {
          tags: ['imports'],
          summary:
            '预览：上传文件（multipart：kind、options、file），返回识别的表头、建议的列对应关系、前几行解析结果和全部问题，不写入数据',
          consumes: ['multipart/form-data'],
        },
      },
      async (req, reply) => {
        const importer = importerOf(currentUser(req));
        assertMayImport(importer);
        return withUpload(req, reply, maxBytes, async (fields, file) =>
          previewFile(deps, importer, actorOf(req), fields.kind, file, fields.options),
        );
      },
    );

    api.post(
      '/imports',
      {
        schema: {
          tags: ['imports'],
          summary: '导入文件（multipart：kind、options、progressToken、file）：全部正确才写入，否则 400 列出每一个错误',
          consumes: ['multipart/form-data'],
        },
      },
      async (req, reply) => {
        const importer = importerOf(currentUser(req));
        assertMayImport(importer);
        return withUpload(req, reply, maxBytes, async (fields, file) => {
          const token = fields.progressToken;
          const track = token
            ? (p: Parameters<typeof progressTracker.update>[2]) => progressTracker.update(token, importer.userId, p)
            : undefined;
          let result: ImportResult;
          try {
            result = await importFile(deps, importer, actorOf(req), fields.kind, file, fields.options, track);
          } catch (err) {
            track?.({ phase: 'failed', rows: 0, total: null });
            throw err;
          }
          track?.({
            phase: result.status === 'imported' ? 'done' : 'failed',
            rows: result.status === 'imported' ? result.batch.rowCount : 0,
            total: null,
          });
          return answer(reply, result);
        });
      },
    );
  });

  app.get(
    '/imports',
    {
      schema: {
        tags: ['imports'],
        summary: '导入记录（本人辖区内的成功与被拒绝的文件）',
        querystring: ImportListQuery,
      },
    },
    async (req) => {
      const importer = importerOf(currentUser(req));
      assertMayImport(importer);
      return listImports(db, importer, req.query);
    },
  );

  app.get(
    '/imports/progress/:token',
    {
      schema: {
        tags: ['imports'],
        summary: '导入进度（上传时提交的 progressToken）：phase checking/writing/finishing/done/failed，rows，total',
        params: ProgressParam,
      },
    },
    async (req) => {
      const p = progressTracker.get(req.params.token, currentUser(req).id);
      return p ?? { phase: 'unknown', rows: 0, total: null };
    },
  );

  app.get(
    '/imports/:id',
    { schema: { tags: ['imports'], summary: '导入批次详情（被拒绝时含前1000个问题）', params: BatchIdParam } },
    async (req) => {
      const importer = importerOf(currentUser(req));
      assertMayImport(importer);
      return getImport(db, importer, req.params.id);
    },
  );

  for (const format of ['xlsx', 'csv'] as const) {
    app.get(
      `/imports/:id/errors.${format}`,
      {
        schema: {
          tags: ['imports'],
          summary: `被拒绝文件的错误报告（${format.toUpperCase()}）：原始各行加“错误说明”列`,
          params: BatchIdParam,
        },
      },
      async (req, reply) =>
        sendFile(
          reply,
          await getErrorReport(db, sealer, importerOf(currentUser(req)), actorOf(req), req.params.id, format),
        ),
    );
  }
}

function answer(reply: FastifyReply, result: ImportResult) {
  switch (result.status) {
    case 'imported':
      return reply
        .code(201)
        .send({ batchId: result.batch.id, counts: result.counts, batch: result.batch, warnings: result.warnings });
    case 'duplicate':
      return reply
        .code(409)
        .send({ code: 'ALREADY_IMPORTED', message: result.message, batchId: result.batch.id, batch: result.batch });
    case 'invalid':
      return reply.code(400).send({
        code: 'IMPORT_REJECTED',
        message: result.message,
        batchId: result.batchId,
        errorReportUrl: result.errorReportUrl,
        problemCount: result.problemCount,
        badRowCount: result.badRowCount,
        problems: result.problems,
        warnings: result.warnings,
      });
  }
}

function sendFile(reply: FastifyReply, f: { fileName: string; contentType: string; body: Buffer }) {
  return reply
    .header('content-type', f.contentType)
    .header(
      'content-disposition',
      `attachment; filename="${encodeURIComponent(f.fileName)
        .replace(/%20/g, ' ')
        .replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(f.fileName)}`,
    )
    .header('cache-control', 'no-store')
    .send(f.body);
}

/**
 * Reads the multipart upload: the fields, and the one file streamed to a temporary file while
 * its SHA-256 is computed. The file is deleted when `fn` is done, whatever happens.
 */
async function withUpload<T>(
  req: FastifyRequest,
  reply: FastifyReply,
  maxBytes: number,
  fn: (fields: ImportFormFields, file: UploadedFile) => Promise<T>,
): Promise<T | FastifyReply> {
  if (!req.isMultipart()) throw InvalidInputError.field('file', '请以 multipart/form-data 上传文件');
  const raw: Record<string, string> = {};
  const tmp = path.join(os.tmpdir(), `renkou-import-${randomBytes(12).toString('hex')}`);
  let file: UploadedFile | undefined;
  try {
    try {
      for await (const part of req.parts()) {
        if (part.type === 'field') {
          raw[part.fieldname] = String(part.value);
          continue;
        }
        if (file) throw InvalidInputError.field('file', '一次只能上传一个文件');
        const hash = createHash('sha256');
        let bytes = 0;
        const count = new Transform({
          transform(chunk: Buffer, _enc, cb) {
            hash.update(chunk);
            bytes += chunk.length;
            cb(null, chunk);
          },
        });
        await pipeline(part.file, count, fs.createWriteStream(tmp, { mode: 0o600 }));
        if (part.file.truncated) return tooLarge(reply, maxBytes);
        file = { path: tmp, fileName: safeFileName(part.filename), bytes, sha256: hash.digest('hex') };
      }
    } catch (err) {
      if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') return tooLarge(reply, maxBytes);
      throw err;
    }
    if (!file) throw InvalidInputError.field('file', '请选择要上传的文件');
    const parsed = ImportFormFields.safeParse(raw);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => ({ field: i.path.join('.') || 'options', message: i.message }));
      throw new InvalidInputError(
        `提交的数据有误：${problems.map((p) => `${p.field} ${p.message}`).join('；')}`,
        problems,
      );
    }
    return await fn(parsed.data, file);
  } finally {
    await fs.promises.rm(tmp, { force: true });
  }
}

function tooLarge(reply: FastifyReply, maxBytes: number) {
  return reply
    .code(413)
    .send({ code: 'FILE_TOO_LARGE', message: `文件超过上限 ${maxBytes / 1024 / 1024} MB，请拆分后分批导入` });
}

/**
 * The name shown in messages and reports: the base name, no path, no control characters.
 * Browsers send a UTF-8 file name that the multipart parser reads as latin1: read it again.
 */
function safeFileName(name: string | undefined): string {
  let n = name ?? '';
  if (/[\u0080-\u00ff]/.test(n) && [...n].every((c) => c.charCodeAt(0) <= 0xff)) {
    try {
      n = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(n, 'latin1'));
    } catch {
      /* really latin1 */
    }
  }
  const base = [...path.basename(n.replace(/\\/g, '/'))]
    .filter((c) => c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) !== 0x7f)
    .join('')
    .slice(0, 200);
  return base || '上传文件';
}
