// The engine functions a scheduled backup needs, gathered so tests and simulations
// can swap them (no real database, lock or folder) while production uses the real ones.
import type { BackupListEntry, BackupMeta } from '../../../shared/types';
import { createBackup } from '../backup/backup';
import type { CreateBackupOptions } from '../backup/backup';
import { defaultBackupDir, deleteBackup, listBackups } from '../backup/backup-store';
import { withLibraryLock } from '../library/lock';

export interface BackupDeps {
  createBackup(options: CreateBackupOptions): Promise<BackupMeta>;
  withLibraryLock<T>(libraryPath: string, what: string, fn: () => Promise<T>): Promise<T>;
  listBackups(backupDir: string): Promise<BackupListEntry[]>;
  deleteBackup(backupDir: string, id: string): Promise<void>;
  defaultBackupDir(libraryPath: string): string;
}

export const engineBackupDeps: BackupDeps = {
  createBackup,
  withLibraryLock,
  listBackups,
  deleteBackup,
  defaultBackupDir,
};

/**
 * Every scheduled backup's "lock, then back up" (the app's scheduler, the engine's, the
 * OS timer's run): take the library lock, ask again under it whether a backup is still
 * owed (the app, the OS timer or a person may have just made one), and only then make
 * it. Resolves null when it is no longer owed.
 */
export function backupIfStillOwed<T>(
  deps: Pick<BackupDeps, 'withLibraryLock'>,
  libraryPath: string,
  stillOwed: () => Promise<boolean>,
  make: () => Promise<T>,
): Promise<T | null> {
  return deps.withLibraryLock(libraryPath, 'scheduled backup', async () =>
    (await stillOwed()) ? make() : null,
  );
}
