// Cleanup: keep the N newest; pinned ones stay; never zero unless asked.
// OWNER: backup helper.
//
// Rules, in order:
// - Only backups whose metadata is `ok` can be removed. Anything whose metadata is
//   missing, unreadable or of a newer format is reported as kept: cleanup cannot know
//   whether it is pinned or precious.
// - The `keep` newest ok backups stay. Pinned backups stay IN ADDITION to those N
//   (they do not use up a place among the N).
// - `keep: 0` removes every unpinned backup, and is refused unless `allowZero` is set.
import { ContractError } from '../../../shared/errors';
import type { BackupListEntry, CleanupResult } from '../../../shared/types';
import { deleteBackup, listBackups } from '../backup/backup-store';
import { removePlanned } from '../backup/delete-progress';
import type { JobContext } from '../runtime/progress';

export interface CleanupOptions {
  keep: number;
  dryRun: boolean;
  /** Must be true to allow removing every backup. */
  allowZero?: boolean;
  /** Progress per backup removed, and a cancel honoured between two. */
  ctx?: JobContext;
}

/** Refuses a keep count that is not a whole number, or 0 without allowZero. */
export function checkKeep(options: Pick<CleanupOptions, 'keep' | 'allowZero'>): void {
  if (!Number.isInteger(options.keep) || options.keep < 0) {
    throw new ContractError('bad-arguments', 'Say how many backups to keep: a whole number, 1 or more.');
  }
  if (options.keep === 0 && !options.allowZero) {
    throw new ContractError(
      'bad-arguments',
      'Keeping 0 backups would remove every unpinned backup. Keep at least 1, or confirm that you want none left.',
    );
  }
}

export async function cleanupBackups(backupDir: string, options: CleanupOptions): Promise<CleanupResult> {
  checkKeep(options);
  const entries = await listBackups(backupDir); // newest first
  const planned: BackupListEntry[] = [];
  const kept: BackupListEntry[] = [];
  let keptNewest = 0;
  for (const entry of entries) {
    if (entry.status !== 'ok' || entry.pinned) {
      kept.push(entry);
    } else if (keptNewest < options.keep) {
      keptNewest++;
      kept.push(entry);
    } else {
      planned.push(entry);
    }
  }
  return removePlanned(backupDir, { kept, planned }, { ...options, remove: deleteBackup });
}
