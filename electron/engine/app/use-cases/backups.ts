// Use cases on a folder's backups that are not "back up" or "restore": list, find by
// ref, verify one or all, delete one (under the library lock, like every deletion).
import fs from 'node:fs';
import type { VerifyResult } from '../../../../shared/types';
import { sweepBackupLeftovers } from '../../backup/backup-leftovers';
import { deleteBackup } from '../../backup/backup-store';
import { verifyBackup } from '../../backup/verify';
import { withLibraryLock } from '../../library/lock';
import type { JobContext } from '../../runtime/progress';

export { listBackups, resolveRef, setPinned } from '../../backup/backup-store';
export { verifyAllBackups, verifyAllVerdict } from '../../backup/verify-all';

/** Checks one backup; problems are in the result, not thrown. */
export function verifyOperation(backupDir: string, id: string, ctx: JobContext): Promise<VerifyResult> {
  return verifyBackup(backupDir, id, ctx);
}

/** Backups can outlive their library (moved, deleted); then there is nothing to lock. */
export function lockableLibrary(libraryPath: string | null): libraryPath is string {
  return libraryPath !== null && fs.existsSync(libraryPath);
}

/** Deletes one backup, under the lock (a backup or restore of the same library may be using the folder). */
export async function deleteBackupOperation(
  libraryPath: string | null,
  backupDir: string,
  id: string,
): Promise<void> {
  const run = async (): Promise<void> => {
    await sweepBackupLeftovers(backupDir);
    await deleteBackup(backupDir, id);
  };
  if (!lockableLibrary(libraryPath)) return run();
  return withLibraryLock(libraryPath, 'deleting a backup', run);
}
