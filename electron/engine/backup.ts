// Creating a backup: consistent snapshot (online backup API) -> gzip in workers -> sha256 -> atomic write.
// OWNER: backup helper.
import type { BackupMeta, BackupTrigger } from '../../shared/types';
import type { JobContext } from './progress';

export interface CreateBackupOptions {
  libraryPath: string;
  backupDir: string;
  name?: string;
  trigger: BackupTrigger;
  appVersion: string;
  ctx: JobContext;
}

/** Makes one backup and returns its metadata; on failure or cancel leaves nothing listed. */
export async function createBackup(options: CreateBackupOptions): Promise<BackupMeta> {
  void options;
  throw new Error('not implemented');
}
