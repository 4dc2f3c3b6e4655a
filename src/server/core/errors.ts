import type { ErrorCode } from '../../shared/errors.js';

/** One error type with stable codes (src/shared/errors.ts); the handler in app.ts maps it to problem+json. */
export type FieldError = { field: string; message: string };

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly errors: FieldError[] = [],
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export const STALE_MESSAGE = '该记录已被他人修改，请刷新后重试';

export const errors = {
  badRequest: (message: string, errs: FieldError[] = [], extra: Record<string, unknown> = {}) =>
    new AppError(400, 'BAD_REQUEST', message, errs, extra),
  field: (field: string, message: string) => new AppError(400, 'BAD_REQUEST', message, [{ field, message }]),
  unauthenticated: (message = '请先登录') => new AppError(401, 'UNAUTHENTICATED', message),
  forbidden: (message = '没有权限执行此操作') => new AppError(403, 'FORBIDDEN', message),
  csrf: () => new AppError(403, 'CSRF', '请求校验失败（CSRF），请刷新页面后重试'),
  passwordChangeRequired: () => new AppError(403, 'PASSWORD_CHANGE_REQUIRED', '首次登录须先修改密码'),
  notFound: (what = '记录') => new AppError(404, 'NOT_FOUND', `${what}不存在或不在您的管理范围内`),
  // 409: four situations, told apart by the code
  stale: (message = STALE_MESSAGE) => new AppError(409, 'STALE_VERSION', message),
  invalidState: (message: string) => new AppError(409, 'INVALID_STATE', message),
  alreadyDone: (message: string) => new AppError(409, 'ALREADY_DONE', message),
  duplicate: (message: string) => new AppError(409, 'DUPLICATE', message),
  locked: (minutes: number) => new AppError(423, 'LOCKED', `登录失败次数过多，账号已锁定，请 ${minutes} 分钟后再试`),
  tooLarge: (message: string) => new AppError(413, 'TOO_LARGE', message),
  unprocessable: (message: string, extra: Record<string, unknown> = {}) =>
    new AppError(422, 'IMPORT_INVALID', message, [], extra),
};
