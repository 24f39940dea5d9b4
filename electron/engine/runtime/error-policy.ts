// Backbeat's one error policy, for the service, the transports, jobs and the CLI alike.
// An expected error is a ContractError: it carries its own sentence for the user and
// passes through unchanged. Anything else is a bug (or an errno nobody mapped): the
// user gets the one sentence below, and its stack is logged, once, wherever it is
// first met; the same error met again further out (a job's failure rethrown by its
// method) is not logged a second time.
import { ContractError } from '../../../shared/errors';

export const UNEXPECTED_ERROR_MESSAGE =
  'Something went wrong inside Backbeat. The details were written to the log; please try again.';

/** Where an unexpected error's details go: the app's log, the host's stderr, the CLI's stderr. */
export type UnexpectedErrorLog = (details: string) => void;

/** Errors whose stack has been logged already (objects only; a thrown string is logged each time). */
const logged = new WeakSet<object>();

function detailsOf(err: unknown): string {
  return err instanceof Error ? (err.stack ?? `${err.name}: ${err.message}`) : String(err);
}

/** The error as the user sees it: itself when expected, else the one sentence (with the stack logged once). */
export function toUserError(err: unknown, log: UnexpectedErrorLog): ContractError {
  if (err instanceof ContractError) return err;
  const isObject = typeof err === 'object' && err !== null;
  if (!isObject || !logged.has(err)) {
    if (isObject) logged.add(err);
    log(`unexpected error: ${detailsOf(err)}`);
  }
  return new ContractError('internal', UNEXPECTED_ERROR_MESSAGE);
}

/** The default log when none is injected: one line block on stderr. */
export function logToStderr(details: string): void {
  process.stderr.write(`backbeat: ${details}\n`);
}
