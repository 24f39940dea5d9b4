// Use case "back up now", as the CLI, the service and the scheduler run it: the library
// lock around createBackup, written once. Apart from the other use cases so that
// `backbeat backup` loads the backup path only, not restore, rescan and retention with
// their schemas.
import type { BackupMeta, BackupTrigger } from '../../../../shared/types';
import { createBackup } from '../../backup/backup';
import { withLibraryLock } from '../../library/lock';
import { explainDamage } from '../../library/library';
import { realPathOf } from '../../fs/real-path';
import type { JobContext } from '../../runtime/progress';

export { checkBackupName } from '../../backup/backup-name';
export { resolveBackupDir } from './folders';

export interface BackupOperationOptions {
  libraryPath: string;
  backupDir: string;
  name?: string;
  trigger?: BackupTrigger;
  /** A rescan's every-N-tracks backup: recorded in the metadata for retention. */
  tier?: BackupMeta['tier'];
  appVersion: string;
  ctx: JobContext;
}

/**
 * Takes the library lock (`what` names the job in a "busy" refusal), then runs `make`,
 * which calls createBackup: directly, or inside a visible job, after a scheduler has
 * checked again, under the lock, that a backup is still owed. The one "lock, then back
 * up" in Backbeat; work that already holds the lock (a rescan's progress backups, a
 * restore's safety backup) calls createBackup itself.
 */
export function lockedBackup<T>(libraryPath: string, what: string, make: () => Promise<T>): Promise<T> {
  return withLibraryLock(libraryPath, what, make);
}

export function backupOperation(o: BackupOperationOptions): Promise<BackupMeta> {
  const libraryPath = realPathOf(o.libraryPath);
  return lockedBackup(libraryPath, 'a backup', () =>
    createBackup({
      libraryPath,
      backupDir: o.backupDir,
      ...(o.name !== undefined ? { name: o.name } : {}),
      trigger: o.trigger ?? 'manual',
      ...(o.tier !== undefined ? { tier: o.tier } : {}),
      appVersion: o.appVersion,
      ctx: o.ctx,
    }),
  ).catch((err: unknown) => {
    throw explainDamage(err, libraryPath);
  });
}
