// Cleanup: keep the N newest; pinned ones stay; never zero unless asked.
// OWNER: backup helper.
import type { CleanupResult } from '../../shared/types';

export interface CleanupOptions {
  keep: number;
  dryRun: boolean;
  /** Must be true to allow removing every backup. */
  allowZero?: boolean;
}

export async function cleanupBackups(backupDir: string, options: CleanupOptions): Promise<CleanupResult> {
  void backupDir;
  void options;
  throw new Error('not implemented');
}
