// Use case "back up now", as the CLI and the service run it: the library lock around
// createBackup, written once. (Scheduled backups take the lock the same way and check,
// under it, that one is still owed: backupIfStillOwed in schedule/backup-deps.ts.)
// Apart from the other use cases so that `backbeat backup` loads the backup path only,
// not restore, rescan and retention with their schemas.
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

export function backupOperation(o: BackupOperationOptions): Promise<BackupMeta> {
  const libraryPath = realPathOf(o.libraryPath);
  return withLibraryLock(libraryPath, 'a backup', () =>
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
