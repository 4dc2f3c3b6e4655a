import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../shared/errors.js';
import { AppError, errors } from './errors.js';

describe('error codes', () => {
  it('are listed once each, with one status', () => {
    const codes = ERROR_CODES.map((c) => c.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const c of ERROR_CODES) expect(c.meaning.length).toBeGreaterThan(10);
  });

  it('every factory raises a listed code with the status the list gives it', () => {
    const made: AppError[] = [
      errors.badRequest('x'), errors.field('f', 'x'), errors.unauthenticated(), errors.forbidden(), errors.csrf(), errors.passwordChangeRequired(),
      errors.notFound(), errors.stale(), errors.invalidState('x'), errors.alreadyDone('x'), errors.duplicate('x'), errors.locked(5),
      errors.tooLarge('x'), errors.unprocessable('x'),
    ];
    expect(made.length).toBe(Object.keys(errors).length);
    for (const e of made) expect(ERROR_CODES.find((c) => c.code === e.code)?.status).toBe(e.status);
  });
});
