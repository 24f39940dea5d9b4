// Every copy takes the repository lock (library/lock.ts), as a snapshot, forget,
// restore-files, prune or check does: the app's copy loop, a user's "Copy now", the
// copies after a scheduled snapshot, the OS timer's run and `backbeat copy` alike. So two
// copies, or a copy and a snapshot, prune or check, never work on the library's
// repositories at once, across processes too (restic's own locks would refuse the second
// only once it had started, and a copy beside a prune could read packs being removed).
// Not the library lock: a first copy takes hours, and database backups go on meanwhile.
// A busy repository is no failure of the destination: the copy is recorded as owed
// (copy-retry.ts withBusyRecorded, no back-off step), so the app's next look or the
// timer's next firing makes it.
import type { CopyResult } from '../../../shared/destination-types';
import { ContractError } from '../../../shared/errors';
import { withRepositoryLock } from '../library/lock';
import type { JobContext } from '../runtime/progress';
import { scheduleStateDir } from '../schedule/config-store';
import { isBusy } from './busy';
import { copyOperation } from './copy';
import { fileCopyRetryStore } from './copy-round';
import { withBusyRecorded } from './copy-retry';
import { destinationsOf, findDestination, type DestScope } from './operations';

/** What the lock file says a copy is doing, for another job's "busy" sentence. */
export const COPY_LOCK_WHAT = 'copies to destinations';

/** A lock to run under (tests pass their own); copies default to the repository lock. */
export type LibraryLock = <T>(libraryPath: string, what: string, fn: () => Promise<T>) => Promise<T>;

function whom(names: readonly string[]): string {
  return names.length === 1 ? `The copy to "${names[0]}"` : 'The copies to the destinations';
}

/**
 * Runs `fn` (copies to `names`) under the repository lock. When it is busy:
 * ContractError('busy') saying which job holds it and that the copy is made later.
 */
export async function underCopyLock<T>(
  scope: Pick<DestScope, 'libraryPath'>,
  names: readonly string[],
  fn: () => Promise<T>,
  lock: LibraryLock = withRepositoryLock,
): Promise<T> {
  try {
    return await lock(scope.libraryPath, COPY_LOCK_WHAT, fn);
  } catch (err) {
    if (!isBusy(err)) throw err;
    // The lock's sentence names the holder: "Another Backbeat job (a snapshot, pid ...) is using this library's repository".
    const holder = err.message.replace(/;.*$/s, '').replace(/^Another/, 'another');
    throw new ContractError(
      'busy',
      `${whom(names)} did not start: ${holder}. It is made once that job has finished; nothing is lost.`,
    );
  }
}

/**
 * A copy someone asked for (`backbeat copy`, the app's Copy now) under the repository lock.
 * Busy: every destination asked for is recorded as owed, so the app's loop or the OS
 * timer makes the copy when the library is free, and the error says so.
 */
export async function copyUnderLock(
  scope: DestScope,
  o: { to?: string; ctx: JobContext },
  lock: LibraryLock = withRepositoryLock,
): Promise<CopyResult> {
  const names =
    o.to !== undefined ? [findDestination(scope, o.to).name] : destinationsOf(scope).map((d) => d.name);
  try {
    return await underCopyLock(scope, names, () => copyOperation(scope, o), lock);
  } catch (err) {
    if (isBusy(err)) {
      const store = fileCopyRetryStore(scheduleStateDir(scope.dataDir), scope.libraryPath);
      const now = (scope.now ?? (() => new Date()))();
      let state = await store.read();
      for (const name of names) state = withBusyRecorded(state, name, now, err.message);
      await store.write(state);
    }
    throw err;
  }
}
