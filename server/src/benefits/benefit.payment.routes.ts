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
import { actorOf, requirePermission } from '../http/context.js';
import { clock } from '../lib/clock.js';
import { InvalidInputError } from '../lib/errors.js';
import { openSpreadsheet, SpreadsheetError, type SheetRow } from '../lib/spreadsheet.js';
import { findAccounts, importAccounts, revealAccount, saveAccount } from './benefit.account.service.js';
import { importResults, type ResultUpload } from './benefit.batch.results.js';
import { approveBatch, getBatch, getBatches, makeBatch, makeRepayBatch, payPeriods } from './benefit.batch.service.js';
import { exportBatch } from './benefit.batch.export.js';
import { findCycleById } from './benefit.cycle.repository.js';
import type { BenefitProgram } from './benefit.programs.js';
import {
  AccountQuery,
  AccountRequest,
  ApproveRequest,
  BatchListQuery,
  BatchRequest,
  CloseRecoveryRequest,
  ExportQuery,
  IdParams,
  PeriodsQuery,
  PersonParams,
  RecoveryQuery,
} from './benefit.payment.schemas.js';
import { closeRecovery, listRecoveries, openRecoveries } from './benefit.recovery.service.js';

const MAX_BYTES = 20 * 1024 * 1024;

/**
 * Payments (issue 6, docs/benefits-payments.md): one-card accounts (benefit.account: village,
 * township, county), payment batches, bank files, result files and recovery cases (benefit.pay:
 * county). Routes check the permission and shape the answer; the services decide.
 */
export async function benefitPaymentRoutes(app: App, { db, sealer }: RouteContext): Promise<void> {
  // Uploads (the bank's result file, the bank's account list) in a plugin scope of their own.
  await app.register(async (scope) => {
    await scope.register(fastifyMultipart, {
      limits: { fileSize: MAX_BYTES, files: 1, fields: 5, fieldSize: 1024, parts: 6 },
    });
    const api = scope.withTypeProvider<ZodTypeProvider>();

    api.get(
      '/benefits/accounts',
      {
        schema: {
          tags: ['benefits'],
          summary: '按姓名或身份证号查找本辖区人员及其一卡通账户（账号脱敏）',
          querystring: AccountQuery,
        },
      },
      async (req) => findAccounts(db, sealer, requirePermission(req, 'benefit.account'), actorOf(req), req.query.q),
    );
    api.put(
      '/benefits/accounts/:personId',
      {
        schema: {
          tags: ['benefits'],
          summary: '登记或更换本人的一卡通账户（户名须为本人；修改须带版本号）',
          params: PersonParams,
          body: AccountRequest,
        },
      },
      async (req) =>
        saveAccount(db, sealer, requirePermission(req, 'benefit.account'), actorOf(req), req.params.personId, req.body),
    );
    api.post(
      '/benefits/accounts/:personId/reveal',
      { schema: { tags: ['benefits'], summary: '查看完整账号（记入审计）', params: PersonParams } },
      async (req) =>
        revealAccount(db, sealer, requirePermission(req, 'benefit.account'), actorOf(req), req.params.personId),
    );
    api.post(
      '/benefits/accounts/import',
      {
        schema: {
          tags: ['benefits'],
          summary:
            '导入银行提供的账户清单（XLSX/CSV：姓名、身份证号、账号、开户行）：全部正确才写入，否则 400 列出每一处错误',
          consumes: ['multipart/form-data'],
        },
      },
      async (req, reply) => {
        const caller = requirePermission(req, 'benefit.account');
        return withUpload(req, reply, async (file) => {
          let rows: SheetRow[] = [];
          try {
            const sheet = await openSpreadsheet(file.path, {
              fileName: file.fileName,
              limits: { maxBytes: MAX_BYTES },
            });
            for await (const b of sheet.rows()) rows = rows.concat(b);
          } catch (e) {
            if (e instanceof SpreadsheetError)
              throw new InvalidInputError(`${file.fileName}：${e.message}`, [
                { file: file.fileName, field: 'file', message: e.message },
              ]);
            throw e;
          }
          return importAccounts(db, sealer, caller, actorOf(req), file.fileName, rows);
        });
      },
    );

    api.get(
      '/benefits/payments/periods',
      { schema: { tags: ['benefits'], summary: '年度名单的发放期（按项目的发放频率）', querystring: PeriodsQuery } },
      async (req) => {
        const caller = requirePermission(req, 'benefit.pay');
        const cycle = await findCycleById(db, caller.countyCode, req.query.cycleId);
        if (!cycle) return { periods: [], paid: null };
        const program = cycle.program as BenefitProgram;
        return { periods: payPeriods(program, cycle.year), paid: program.paid, today: clock.today() };
      },
    );
    api.get(
      '/benefits/batches',
      { schema: { tags: ['benefits'], summary: '发放批次及其对账情况', querystring: BatchListQuery } },
      async (req) => getBatches(db, requirePermission(req, 'benefit.pay'), req.query.cycleId),
    );
    api.post(
      '/benefits/batches',
      {
        schema: {
          tags: ['benefits'],
          summary: '生成发放批次：按批次日登记库重新核定每人金额；死亡、迁出、不再符合、无账户者列入停发名单并注明原因',
          body: BatchRequest,
        },
      },
      async (req, reply) => {
        const caller = requirePermission(req, 'benefit.pay');
        const madeOn = req.body.madeOn ?? clock.today();
        const body = { ...req.body, madeOn, dueOn: req.body.dueOn ?? madeOn };
        const make = body.kind === 'repay' ? makeRepayBatch : makeBatch;
        return reply.code(201).send(await make(db, caller, actorOf(req), body));
      },
    );
    api.get(
      '/benefits/batches/:id',
      { schema: { tags: ['benefits'], summary: '发放批次：明细（账号脱敏）、停发名单、对账汇总', params: IdParams } },
      async (req) => getBatch(db, requirePermission(req, 'benefit.pay'), actorOf(req), req.params.id),
    );
    api.post(
      '/benefits/batches/:id/approve',
      {
        schema: {
          tags: ['benefits'],
          summary: '批准发放批次（生成人不能批准）',
          params: IdParams,
          body: ApproveRequest,
        },
      },
      async (req) =>
        approveBatch(db, requirePermission(req, 'benefit.pay'), actorOf(req), req.params.id, req.body.version),
    );
    api.get(
      '/benefits/batches/:id/export',
      {
        schema: {
          tags: ['benefits'],
          summary: '导出一卡通代发文件（先核对合计；完整账号只在此导出，记入审计）',
          params: IdParams,
          querystring: ExportQuery,
        },
      },
      async (req, reply) =>
        sendFile(
          reply,
          await exportBatch(
            db,
            sealer,
            requirePermission(req, 'benefit.pay'),
            actorOf(req),
            req.params.id,
            req.query.format,
          ),
        ),
    );
    api.post(
      '/benefits/batches/:id/results',
      {
        schema: {
          tags: ['benefits'],
          summary:
            '导入银行回盘文件（文本/CSV/XLSX，GBK 或 UTF-8）：逐行核对序号、账号、金额，全部正确才写入；同一文件不重复导入',
          params: IdParams,
          consumes: ['multipart/form-data'],
        },
      },
      async (req, reply) => {
        const caller = requirePermission(req, 'benefit.pay');
        return withUpload(req, reply, (file) => importResults(db, sealer, caller, actorOf(req), req.params.id, file));
      },
    );

    api.get(
      '/benefits/recoveries',
      { schema: { tags: ['benefits'], summary: '追回案件（死亡后发放的款项）', querystring: RecoveryQuery } },
      async (req) => listRecoveries(db, requirePermission(req, 'benefit.pay'), actorOf(req), req.query.status),
    );
    api.post(
      '/benefits/recoveries/scan',
      {
        schema: {
          tags: ['benefits'],
          summary: '检查已发放款项：收款人已死亡的，按死亡重新核定并立追回案件（不重复立案）',
        },
      },
      async (req) => {
        const caller = requirePermission(req, 'benefit.pay');
        return openRecoveries(db, caller.countyCode, undefined, actorOf(req));
      },
    );
    api.post(
      '/benefits/recoveries/:id/close',
      {
        schema: {
          tags: ['benefits'],
          summary: '结案：已追回或免于追回（须写明说明）',
          params: IdParams,
          body: CloseRecoveryRequest,
        },
      },
      async (req) => closeRecovery(db, requirePermission(req, 'benefit.pay'), actorOf(req), req.params.id, req.body),
    );
  });
}

function sendFile(reply: FastifyReply, f: { fileName: string; contentType: string; body: Buffer }) {
  return reply
    .header('content-type', f.contentType)
    .header(
      'content-disposition',
      `attachment; filename="${encodeURIComponent(f.fileName).replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(f.fileName)}`,
    )
    .header('cache-control', 'no-store')
    .send(f.body);
}

/** The one uploaded file, streamed to a temporary file while its SHA-256 is computed; deleted after. */
async function withUpload<T>(
  req: FastifyRequest,
  reply: FastifyReply,
  fn: (file: ResultUpload) => Promise<T>,
): Promise<T | FastifyReply> {
  if (!req.isMultipart()) throw InvalidInputError.field('file', '请以 multipart/form-data 上传文件');
  const tmp = path.join(os.tmpdir(), `renkou-pay-${randomBytes(12).toString('hex')}`);
  let file: ResultUpload | undefined;
  try {
    try {
      for await (const part of req.parts()) {
        if (part.type === 'field') continue;
        if (file) throw InvalidInputError.field('file', '一次只能上传一个文件');
        const hash = createHash('sha256');
        const count = new Transform({
          transform(chunk: Buffer, _enc, cb) {
            hash.update(chunk);
            cb(null, chunk);
          },
        });
        await pipeline(part.file, count, fs.createWriteStream(tmp, { mode: 0o600 }));
        if (part.file.truncated) return tooLarge(reply);
        file = { path: tmp, fileName: safeFileName(part.filename), sha256: hash.digest('hex') };
      }
    } catch (err) {
      if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') return tooLarge(reply);
      throw err;
    }
    if (!file) throw InvalidInputError.field('file', '请选择要上传的文件');
    return await fn(file);
  } finally {
    await fs.promises.rm(tmp, { force: true });
  }
}

const tooLarge = (reply: FastifyReply) =>
  reply.code(413).send({ code: 'FILE_TOO_LARGE', message: `文件超过上限 ${MAX_BYTES / 1024 / 1024} MB` });

/** Browsers send a UTF-8 file name that the multipart parser reads as latin1: read it again. */
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
