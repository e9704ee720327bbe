import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, type FieldProblem, type InvalidInputError } from '../lib/errors.js';

type ErrorBody = { code: string; message: string; problems?: FieldProblem[] };

/**
 * One place turns errors into answers: typed errors keep their status and Chinese message,
 * schema violations name each field, unique-key violations become 409, and anything else is a
 * 500 whose details stay in the log.
 */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err instanceof AppError) {
      const body: ErrorBody = { code: err.code, message: err.message };
      const problems = (err as Partial<InvalidInputError>).problems;
      if (problems?.length) body.problems = problems;
      return reply.code(err.status).send(body);
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const problems = err.validation.map((v) => ({
        field: fieldOf(v.instancePath, v.params?.issue?.path),
        message: v.message ?? '格式不正确',
      }));
      // The message names each field in Chinese where the route can (problems keep the path for forms).
      const label = (field: string) =>
        (err.validationContext === 'body' ? req.routeOptions.config?.fieldLabel?.(req.body, field) : undefined) ??
        (field || '(整体)');
      const where =
        err.validationContext === 'querystring'
          ? '查询参数'
          : err.validationContext === 'params'
            ? '路径参数'
            : '提交的数据';
      return reply.code(400).send({
        code: 'INVALID_INPUT',
        message: `${where}有误：${problems.map((p) => `${label(p.field)} ${p.message}`).join('；')}`,
        problems,
      } satisfies ErrorBody);
    }
    if ((err as { code?: string }).code === '23505') {
      return reply.code(409).send({ code: 'CONFLICT', message: '记录已存在（重复）' } satisfies ErrorBody);
    }
    if (err.statusCode && err.statusCode < 500) {
      return reply
        .code(err.statusCode)
        .send({ code: err.code ?? 'BAD_REQUEST', message: err.message } satisfies ErrorBody);
    }
    req.log.error({ err }, 'unhandled error');
    return reply
      .code(500)
      .send({ code: 'INTERNAL', message: '服务器内部错误，请稍后重试或联系管理员' } satisfies ErrorBody);
  });
}

function fieldOf(instancePath: string | undefined, issuePath: unknown): string {
  if (Array.isArray(issuePath) && issuePath.length) return issuePath.join('.');
  return (instancePath ?? '').replace(/^\//, '').replaceAll('/', '.');
}
