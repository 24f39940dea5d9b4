// How errors leave the process, for both transports (HTTP here, IPC in electron/main):
// a ContractError keeps its code and user sentence; anything else is a bug, logged
// with its stack and replaced by a generic sentence so no internals reach the page.
import { ContractError } from '../../shared/contract';
import type { ErrorCode, SerializedError } from '../../shared/contract';

export const INTERNAL_ERROR_MESSAGE =
  'Something went wrong inside Backbeat. The details were written to the log; please try again.';

export type Envelope<T = unknown> = { ok: true; result: T } | { ok: false; error: SerializedError };

export function toSerializedError(
  err: unknown,
  logUnexpected: (err: unknown) => void = logToStderr,
): SerializedError {
  if (err instanceof ContractError) return { code: err.code, message: err.message };
  logUnexpected(err);
  return { code: 'internal', message: INTERNAL_ERROR_MESSAGE };
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

function logToStderr(err: unknown): void {
  const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
  process.stderr.write(`backbeat: unexpected error: ${detail}\n`);
}
