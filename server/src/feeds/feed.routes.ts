import path from 'node:path';
import fastifyMultipart from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { App, RouteContext } from '../app.js';
import type { CurrentUser } from '../accounts/session.service.js';
import { actorOf, currentUser } from '../http/context.js';
import { InvalidInputError } from '../lib/errors.js';
import { feedTemplate } from './feed.files.js';
import {
  CreatedFeedCredential,
  DeptFeedQuery,
  FeedBatchDetail,
  FeedBatchPage,
  FeedCredentialInfo,
  FeedEncoding,
  FeedListQuery,
  FeedReceipt,
  FeedRecordPage,
  FeedRecordQuery,
  FeedTypeInfo,
  FeedUploadFields,
  IdParam,
  NewFeedCredential,
  ReprocessBody,
  TypeParam,
} from './feed.schemas.js';
import {
  assertMayManageFeeds,
  FileTooLargeError,
  getFeed,
  getFeedFile,
  getFeedType,
  listFeedRecords,
  listFeeds,
  listFeedTypes,
  receiveFeed,
  reprocessFeed,
  type FeedDeps,
  type FeedUser,
} from './feed.service.js';
import {
  authenticateCredential,
  createFeedCredential,
  credentialActor,
  listFeedCredentials,
  revokeFeedCredential,
} from './feed.credentials.js';
import type { FeedCredentialRow } from './feed.tables.js';

export const feedUserOf = (u: CurrentUser): FeedUser => ({
  userId: u.id,
  username: u.username,
  displayName: u.displayName,
  countyCode: u.countyCode,
  permissions: u.permissions,
});

/** Raw bodies a department's system may POST: the file itself. */
const RAW_TYPES = [
  'text/csv',
  'application/csv',
  'text/plain',
  'application/octet-stream',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
];

/** The credential the department API authenticated, per request (no other route ever sees one). */
const credentials = new WeakMap<FastifyRequest, FeedCredentialRow>();

/** Departments' feeds (docs/feeds.md): upload, department API, received batches and their records. */
export async function feedRoutes(app: App, ctx: RouteContext): Promise<void> {
  const maxBytes = ctx.config.importMaxBytes;
  const deps: FeedDeps = { db: ctx.db, sealer: ctx.sealer, maxBytes };
  const { db } = ctx;
  const staff = (req: FastifyRequest) => feedUserOf(currentUser(req));

  // Uploads: multipart and raw file bodies, in a plugin scope of their own.
  await app.register(async (scope) => {
    await scope.register(fastifyMultipart, {
      limits: { fileSize: maxBytes, files: 1, fields: 10, fieldSize: 64 * 1024, parts: 12 },
    });
    scope.addContentTypeParser(RAW_TYPES, (_req, payload, done) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let failed = false;
      payload.on('data', (c: Buffer) => {
        if (failed) return;
        size += c.length;
        if (size > maxBytes) {
          failed = true;
          done(new FileTooLargeError(maxBytes), undefined);
          return;
        }
        chunks.push(c);
      });
      payload.on('end', () => {
        if (!failed) done(null, Buffer.concat(chunks));
      });
      payload.on('error', (err) => {
        if (!failed) {
          failed = true;
          done(err, undefined);
        }
      });
    });
    const api = scope.withTypeProvider<ZodTypeProvider>();

    api.post(
      '/feeds',
      {
        schema: {
          tags: ['feeds'],
          summary:
            '上传部门数据（multipart：feedType、encoding、departmentName、file）：原样保存并解析；有错误时保存原文件、状态为 refused、不写入记录（400 列出每一处错误）；同一文件再次上传返回已有批次',
          consumes: ['multipart/form-data'],
        },
      },
      async (req, reply) => {
        const user = staff(req);
        const upload = await readMultipart(req, maxBytes);
        const parsed = FeedUploadFields.safeParse(upload.fields);
        if (!parsed.success) {
          const problems = parsed.error.issues.map((i) => ({ field: i.path.join('.') || 'form', message: i.message }));
          throw new InvalidInputError(
            `提交的数据有误：${problems.map((p) => `${p.field} ${p.message}`).join('；')}`,
            problems,
          );
        }
        if (!upload.file) throw InvalidInputError.field('file', '请选择要上传的文件');
        const receipt = await receiveFeed(deps, { kind: 'user', user }, actorOf(req), parsed.data.feedType, {
          fileName: upload.file.fileName,
          bytes: upload.file.bytes,
          encoding: parsed.data.encoding,
          departmentName: parsed.data.departmentName,
        });
        return answer(reply, receipt);
      },
    );

    api.post(
      '/dept/feeds/:type',
      {
        config: { public: true },
        schema: {
          tags: ['feeds'],
          summary:
            '部门接口：以 Authorization: Bearer <密钥> 发送一份数据（请求体为 CSV/XLSX 文件本身，或 multipart 的 file）。凭据只能发送其允许的数据类型，不能访问其他任何接口',
          params: TypeParam,
          querystring: DeptFeedQuery,
          security: [{ feedCredential: [] }],
        },
        onRequest: async (req) => {
          // Before the body is read: an unknown sender's file is not even received.
          credentials.set(req, await authenticateCredential(db, req.headers.authorization, req.ip));
        },
      },
      async (req, reply) => {
        const credential = credentials.get(req)!;
        const type = getFeedType(req.params.type);
        let bytes: Buffer;
        let fileName: string | undefined;
        let encoding = req.query.encoding;
        if (req.isMultipart()) {
          const upload = await readMultipart(req, maxBytes);
          if (!upload.file) throw InvalidInputError.field('file', '请在 multipart 的 file 部分发送文件');
          bytes = upload.file.bytes;
          fileName = upload.file.fileName;
          if (upload.fields.encoding) encoding = FeedEncoding.parse(upload.fields.encoding);
        } else if (Buffer.isBuffer(req.body)) {
          bytes = req.body;
        } else {
          throw InvalidInputError.field(
            'file',
            `请求体应为 CSV 或 XLSX 文件（Content-Type: text/csv、application/vnd.openxmlformats-officedocument.spreadsheetml.sheet 或 application/octet-stream），或 multipart/form-data`,
          );
        }
        fileName = req.query.fileName ?? headerFileName(req) ?? fileName ?? defaultFileName(type, bytes);
        const receipt = await receiveFeed(
          deps,
          { kind: 'credential', credential },
          credentialActor(credential, req.ip),
          type,
          { fileName: safeFileName(fileName), bytes, encoding },
        );
        return answer(reply, receipt);
      },
    );
  });

  app.get(
    '/feeds/types',
    {
      schema: {
        tags: ['feeds'],
        summary: '部门数据类型：名称、发送部门、记录类型、各列的中文表头与常见写法',
        response: { 200: z.array(FeedTypeInfo) },
      },
    },
    async (req) => {
      assertMayManageFeeds(staff(req));
      return listFeedTypes();
    },
  );

  app.get(
    '/feeds/templates/:type',
    { schema: { tags: ['feeds'], summary: '下载某类部门数据的 XLSX 模板（中文表头、填写说明）', params: TypeParam } },
    async (req, reply) => {
      assertMayManageFeeds(staff(req));
      return sendFile(reply, await feedTemplate(getFeedType(req.params.type)));
    },
  );

  app.get(
    '/feeds/credentials',
    {
      schema: { tags: ['feeds'], summary: '部门接口凭据（不含密钥）', response: { 200: z.array(FeedCredentialInfo) } },
    },
    async (req) => listFeedCredentials(db, staff(req)),
  );

  app.post(
    '/feeds/credentials',
    {
      schema: {
        tags: ['feeds'],
        summary: '为部门新建接口凭据：密钥只在此次返回，系统只保存其摘要',
        body: NewFeedCredential,
        response: { 201: CreatedFeedCredential },
      },
    },
    async (req, reply) => reply.code(201).send(await createFeedCredential(db, staff(req), actorOf(req), req.body)),
  );

  app.post(
    '/feeds/credentials/:id/revoke',
    {
      schema: {
        tags: ['feeds'],
        summary: '吊销部门接口凭据：此后以其发送的数据一律拒绝',
        params: IdParam,
        response: { 200: FeedCredentialInfo },
      },
    },
    async (req) => revokeFeedCredential(db, staff(req), actorOf(req), req.params.id),
  );

  app.get(
    '/feeds',
    {
      schema: {
        tags: ['feeds'],
        summary: '已接收的部门数据（本县）',
        querystring: FeedListQuery,
        response: { 200: FeedBatchPage },
      },
    },
    async (req) => listFeeds(db, staff(req), req.query),
  );

  app.get(
    '/feeds/:id',
    {
      schema: {
        tags: ['feeds'],
        summary: '一批部门数据：发送方、时间、文件、解析结果与问题',
        params: IdParam,
        response: { 200: FeedBatchDetail },
      },
    },
    async (req) => getFeed(db, staff(req), req.params.id),
  );

  app.get(
    '/feeds/:id/records',
    {
      schema: {
        tags: ['feeds'],
        summary: '一批部门数据解析出的记录（身份证号码为掩码）',
        params: IdParam,
        querystring: FeedRecordQuery,
        response: { 200: FeedRecordPage },
      },
    },
    async (req) => listFeedRecords(db, staff(req), req.params.id, req.query),
  );

  app.get(
    '/feeds/:id/file',
    { schema: { tags: ['feeds'], summary: '下载接收时的原文件（记入审计日志）', params: IdParam } },
    async (req, reply) => sendFile(reply, await getFeedFile(db, staff(req), actorOf(req), req.params.id)),
  );

  app.post(
    '/feeds/:id/reprocess',
    {
      schema: {
        tags: ['feeds'],
        summary: '重新解析保存的原文件，替换该批次的记录（同一事务）',
        params: IdParam,
        body: ReprocessBody.optional(),
        response: { 200: FeedReceipt },
      },
    },
    async (req) => reprocessFeed(deps, staff(req), actorOf(req), req.params.id, { encoding: req.body?.encoding }),
  );
}

function answer(reply: FastifyReply, receipt: FeedReceipt) {
  // The same bad file again is refused again: it says again what is wrong with it.
  const refused =
    receipt.outcome === 'refused' || (receipt.outcome === 'duplicate' && receipt.batch.status === 'refused');
  if (refused) {
    return reply.code(400).send({
      code: 'FEED_REFUSED',
      message: receipt.message,
      batchId: receipt.batch.id,
      batch: receipt.batch,
      problems: receipt.batch.problems,
    });
  }
  return reply.code(receipt.outcome === 'duplicate' ? 200 : 201).send(receipt);
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

type Upload = { fields: Record<string, string>; file?: { fileName: string; bytes: Buffer } };

/** The form's fields and its one file, read whole (at most RENKOU_IMPORT_MAX_MB). */
async function readMultipart(req: FastifyRequest, maxBytes: number): Promise<Upload> {
  if (!req.isMultipart()) throw InvalidInputError.field('file', '请以 multipart/form-data 上传文件');
  const out: Upload = { fields: {} };
  try {
    for await (const part of req.parts()) {
      if (part.type === 'field') {
        out.fields[part.fieldname] = String(part.value);
        continue;
      }
      if (out.file) throw InvalidInputError.field('file', '一次只能上传一个文件');
      const bytes = await part.toBuffer();
      if (part.file.truncated) throw new FileTooLargeError(maxBytes);
      out.file = { fileName: safeFileName(part.filename), bytes };
    }
  } catch (err) {
    if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new FileTooLargeError(maxBytes);
    throw err;
  }
  return out;
}

function headerFileName(req: FastifyRequest): string | undefined {
  const h = req.headers['x-file-name'];
  if (typeof h !== 'string' || !h) return undefined;
  try {
    return decodeURIComponent(h);
  } catch {
    return h;
  }
}

function defaultFileName(type: string, bytes: Buffer): string {
  const zip = bytes.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
  return `${type}-${new Date().toISOString().replace(/[:.]/g, '-')}.${zip ? 'xlsx' : 'csv'}`;
}

/**
 * The name shown in messages: the base name, no path, no control characters. Browsers send a
 * UTF-8 file name that the multipart parser reads as latin1: read it again.
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
