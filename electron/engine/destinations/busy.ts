// Whether an error is a lock's "busy" (library/lock.ts): another Backbeat job holds the
// library's repository, so a copy waits its turn; that is no failure of the destination.
import { ContractError } from '../../../shared/errors';

export function isBusy(err: unknown): err is ContractError {
  return err instanceof ContractError && err.code === 'busy';
}
