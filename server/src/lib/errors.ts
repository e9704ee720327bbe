/**
 * The few typed errors services throw. One handler in app.ts turns them into responses;
 * messages are in Chinese because they reach the user, the code is stable for clients.
 */
export type FieldProblem = { field: string; message: string; row?: number; file?: string };

export abstract class AppError extends Error {
  abstract readonly status: number;
  abstract readonly code: string;
}

/** Also used for records outside the caller's scope: they must look exactly like missing ones. */
export class NotFoundError extends AppError {
  readonly status = 404;
  readonly code = 'NOT_FOUND';
  constructor(what = '记录') {
    super(`${what}不存在`);
  }
}

export class ForbiddenError extends AppError {
  readonly status = 403;
  constructor(
    message = '没有执行此操作的权限',
    readonly code: string = 'FORBIDDEN',
  ) {
    super(message);
  }
}

export class UnauthorizedError extends AppError {
  readonly status = 401;
  readonly code = 'UNAUTHORIZED';
  constructor(message = '请先登录') {
    super(message);
  }
}

export class ConflictError extends AppError {
  readonly status = 409;
  readonly code = 'CONFLICT';
  problems: FieldProblem[] = [];
  /** Names the field the conflict is about, so the form can mark it. */
  withField(field: string): this {
    this.problems = [{ field, message: this.message }];
    return this;
  }
}

export class InvalidInputError extends AppError {
  readonly status = 400;
  readonly code = 'INVALID_INPUT';
  constructor(
    message: string,
    readonly problems: FieldProblem[] = [],
  ) {
    super(message);
  }
  static field(field: string, message: string): InvalidInputError {
    return new InvalidInputError(message, [{ field, message }]);
  }
}
