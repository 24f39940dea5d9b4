// How the service words what went wrong: a ContractError passes through as it is;
// anything else (a bug, an errno nobody mapped) becomes one sentence naming the method.
import path from 'node:path';
import { ContractError, type MethodName } from '../../../shared/contract';

export function asContractError(method: MethodName, err: unknown): ContractError {
  if (err instanceof ContractError) return err;
  const detail = err instanceof Error ? err.message : String(err);
  return new ContractError(
    'internal',
    `Something went wrong (${method}: ${detail}). Try again; if it keeps failing, report this message.`,
  );
}

/** The app has no working folder a user could mean: a relative path is refused, never guessed. */
export function refuseRelative(raw: string, what: string): void {
  if (!path.isAbsolute(raw)) {
    throw new ContractError('bad-arguments', `The ${what} "${raw}" is a relative path; give its full path.`);
  }
}
