// Use case "back up now", as the CLI and the service run it: the one check of the name
// and the library (before anything is locked or written), then the library lock around
// createBackup (backupUnderLock, which scheduled backups use too, with their "still
// owed?" re-check). Apart from the other use cases so that `backbeat backup` loads the
// backup path only, not restore, rescan and retention with their schemas.
import type { BackupMeta, BackupTrigger } from '../../../../shared/types';
import { createBackup } from '../../backup/backup';
import { backupUnderLock } from '../../backup/backup-under-lock';
import { checkBackupTarget, type CheckedBackupTarget } from '../../backup/backup-target';
import { explainDamage } from '../../library/library';
import { realPathOf } from '../../fs/real-path';
import type { JobContext } from '../../runtime/progress';

export { resolveBackupDir } from './folders';
export type { CheckedBackupTarget } from '../../backup/backup-target';

export interface BackupOperationOptions {
  libraryPath: string;
  backupDir: string;
  name?: string;
  /**
   * The library and name as checkBackupRequest already checked them (the CLI checks
   * first, to tell a usage mistake from a failure); omitted, they are checked here.
   */
  checked?: CheckedBackupTarget;
  trigger?: BackupTrigger;
  /** A rescan's every-N-tracks backup: recorded in the metadata for retention. */
  tier?: BackupMeta['tier'];
  appVersion: string;
  ctx: JobContext;
}

/**
 * The one check of a backup request: the name (a `bad-arguments` ContractError), then
 * the library file (`not-found`, `not-sqlite` or `io`).
 */
export function checkBackupRequest(libraryPath: string, name: string | undefined): CheckedBackupTarget {
  return checkBackupTarget(libraryPath, name);
}

export async function backupOperation(o: BackupOperationOptions): Promise<BackupMeta> {
  const checked = o.checked ?? checkBackupRequest(o.libraryPath, o.name);
  const libraryPath = realPathOf(o.libraryPath);
  return backupUnderLock(libraryPath, () =>
    createBackup({
      libraryPath,
      backupDir: o.backupDir,
      checked,
      trigger: o.trigger ?? 'manual',
      ...(o.tier !== undefined ? { tier: o.tier } : {}),
      appVersion: o.appVersion,
      ctx: o.ctx,
    }),
  ).catch((err: unknown) => {
    throw explainDamage(err, libraryPath);
  });
}
