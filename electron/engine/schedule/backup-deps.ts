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
