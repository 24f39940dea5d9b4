// Use cases "remove old backups": keep-N cleanup and a retention policy. Both delete
// holding the library lock (a backup or restore of the same library may be reading or
// writing that folder); a dry run, or a folder with no known library, runs without.
// The policy's text forms are re-exported for the CLI's flags and output.
import type { RetentionPolicy, RetentionResult } from '../../../../shared/schedule-types';
import type { CleanupResult } from '../../../../shared/types';
import { sweepBackupLeftovers } from '../../backup/backup-leftovers';
import { withLibraryLock } from '../../library/lock';
import type { JobContext } from '../../runtime/progress';
import { applyRetention } from '../../retention/apply';
import { cleanupBackups, type CleanupOptions } from '../../retention/cleanup';
import { lockableLibrary } from './backups';

export { describePolicy } from '../../retention/describe-policy';
export { parsePolicy, policyFromFlags, policyToText } from '../../retention/parse-policy';
export { formatRetentionResult } from '../../retention/plan-text';

export function cleanupOperation(
  libraryPath: string | null,
  backupDir: string,
  options: CleanupOptions,
): Promise<CleanupResult> {
  const run = async (): Promise<CleanupResult> => {
    if (!options.dryRun) await sweepBackupLeftovers(backupDir);
    return cleanupBackups(backupDir, options);
  };
  if (options.dryRun || !lockableLibrary(libraryPath)) return run();
  return withLibraryLock(libraryPath, 'a cleanup', run);
}

/** Applies a retention policy (what each rule keeps, the rest goes). */
export function retentionOperation(
  libraryPath: string | null,
  backupDir: string,
  policy: RetentionPolicy,
  options: { dryRun: boolean; now: Date; ctx?: JobContext },
): Promise<RetentionResult> {
  const run = async (): Promise<RetentionResult> => {
    if (!options.dryRun) await sweepBackupLeftovers(backupDir);
    return applyRetention(backupDir, policy, options);
  };
  if (options.dryRun || !lockableLibrary(libraryPath)) return run();
  return withLibraryLock(libraryPath, 'pruning old backups', run);
}
