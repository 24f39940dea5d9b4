// Where things live, worked out in this one place for the service, the CLI and the
// scheduler: a library's backups, the app's data folder and what is kept in it. Light on
// purpose (no backup engine): the CLI's start-up loads it.
import path from 'node:path';
import { defaultBackupDir } from '../../backup/backup-files';

/** Where backups go: the chosen folder, else `backbeat-backups` beside the library. Always absolute. */
export function resolveBackupDir(libraryPath: string, backupDir: string | null | undefined): string {
  return backupDir ? path.resolve(backupDir) : defaultBackupDir(path.resolve(libraryPath));
}

/** Backbeat's own rescan state (variant A's failure records) lives here, never in the library. */
export function rescanStateDir(dataDir: string): string {
  return path.join(dataDir, 'state');
}

export { defaultDataDir, demoLibraryDir } from '../../fs/paths';
