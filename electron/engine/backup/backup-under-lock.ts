// "Take the library lock, then back up", written once for every way a backup starts:
// the use case (service and CLI) and the scheduled backups (the app's scheduler, the
// engine's, the OS timer's run). A scheduled backup also asks again, under the lock,
// whether one is still owed: the app, the OS timer or a person may have just made one.
import { withLibraryLock } from '../library/lock';

type LockFn = <T>(libraryPath: string, what: string, fn: () => Promise<T>) => Promise<T>;

export interface BackupUnderLockOptions {
  /** Asked once the lock is held; a backup is made only when it resolves true. */
  stillOwed?: (() => Promise<boolean>) | undefined;
  /** The lock to take (tests and simulations pass their own); default the library lock. */
  lock?: LockFn | undefined;
}

/** Runs `make` under the library lock and resolves its result. */
export function backupUnderLock<T>(
  libraryPath: string,
  make: () => Promise<T>,
  options?: { lock?: LockFn | undefined },
): Promise<T>;
/** With `stillOwed`: resolves null, making nothing, when the backup is no longer owed. */
export function backupUnderLock<T>(
  libraryPath: string,
  make: () => Promise<T>,
  options: BackupUnderLockOptions & { stillOwed: () => Promise<boolean> },
): Promise<T | null>;
export function backupUnderLock<T>(
  libraryPath: string,
  make: () => Promise<T>,
  options: BackupUnderLockOptions = {},
): Promise<T | null> {
  const { stillOwed, lock = withLibraryLock } = options;
  // The lock's `what` is what another job is told it waits for.
  if (stillOwed === undefined) return lock(libraryPath, 'a backup', make);
  return lock(libraryPath, 'scheduled backup', async () => ((await stillOwed()) ? make() : null));
}
