import type { ErrorCode, Failure, Result } from './types';

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail(code: ErrorCode, message: string, hint: string): Failure {
  return { ok: false, code, message, hint };
}
