// Verifying a backup: sha256, decompress, PRAGMA integrity_check, track count vs metadata.
// OWNER: backup helper.
import type { VerifyResult } from '../../shared/types';
import type { JobContext } from './progress';

/** Never throws for a bad backup: problems are in the result. Records the outcome in the metadata. */
export async function verifyBackup(backupDir: string, id: string, ctx: JobContext): Promise<VerifyResult> {
  void backupDir;
  void id;
  void ctx;
  throw new Error('not implemented');
}
