// Refusals the service's methods share. (What becomes of an unexpected error is the
// engine's one error policy, runtime/error-policy.ts.)
import path from 'node:path';
import { ContractError } from '../../../shared/contract';

/** The app has no working folder a user could mean: a relative path is refused, never guessed. */
export function refuseRelative(raw: string, what: string): void {
  if (!path.isAbsolute(raw)) {
    throw new ContractError('bad-arguments', `The ${what} "${raw}" is a relative path; give its full path.`);
  }
}
