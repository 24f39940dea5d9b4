// How errors leave the process, for both transports (HTTP here, IPC in electron/main),
// by the engine's one error policy: a ContractError keeps its code and user sentence;
// anything else is a bug, its stack logged (once) and replaced by the one sentence so
// no internals reach the page. The service maps its own errors the same way first.
import type { ErrorCode, SerializedError } from '../../shared/contract';
import {
  logToStderr,
  toUserError,
  UNEXPECTED_ERROR_MESSAGE,
  type UnexpectedErrorLog,
} from '../engine/app/use-cases/runtime';

export const INTERNAL_ERROR_MESSAGE = UNEXPECTED_ERROR_MESSAGE;

export type Envelope<T = unknown> = { ok: true; result: T } | { ok: false; error: SerializedError };

export function toSerializedError(err: unknown, log: UnexpectedErrorLog = logToStderr): SerializedError {
  const { code, message } = toUserError(err, log);
  return { code, message };
}

/** The HTTP status for an error code, as docs/http-protocol.md lists them. */
export function httpStatusFor(code: ErrorCode): number {
  switch (code) {
    case 'bad-arguments':
      return 400;
    case 'forbidden':
      return 403;
    case 'unknown-method':
      return 404;
    case 'internal':
      return 500;
    default:
      return 422;
  }
}
