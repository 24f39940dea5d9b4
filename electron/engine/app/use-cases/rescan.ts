// Use case "rescan the library's audio", set up once for the app's job and the CLI:
// where its state lives, the plan with the audio check, the saved every-N-tracks
// backup tiers, and the scan itself under the library lock with those backups riding
// on its batch commits. Callers add only what differs: the app's job and events, the
// CLI's prompt and output.
import type { RescanMode, RescanPlanView } from '../../../../shared/rescan-types';
import type { BackupMeta } from '../../../../shared/types';
import { withLibraryLock } from '../../library/lock';
import { explainDamage } from '../../library/library';
import type { JobContext } from '../../runtime/progress';
import { runRescan } from '../../rescan/rescan';
import type { RescanOptions, RescanSummary } from '../../rescan/types';
import { scheduleStateDir } from '../../schedule/config-store';
import { savedProgressTiers } from '../service-schedule-config';
import { progressBackupHook, rescanPlanView } from '../service-rescan';
import { rescanStateDir } from './folders';

export { rescanStateDir } from './folders';

export {
  checkForceConfirmation,
  refuseBlockedPlan,
  rescanCancelled,
  rescanSummaryView,
  rescanVerdict,
} from '../service-rescan';

/**
 * Re-analyses the library's audio under the lock: the scan writes to the library,
 * and a force rescan's safety backup must not race another backup or a restore.
 * Anything the rescan does while running (its progress backups) must not take the
 * lock again; it already holds it.
 */
export function rescanOperation(o: RescanOptions): Promise<RescanSummary> {
  return withLibraryLock(o.libraryPath, 'a rescan', () => runRescan(o)).catch((err: unknown) => {
    throw explainDamage(err, o.libraryPath);
  });
}

export interface RescanRequest {
  libraryPath: string;
  /** The app's data folder: rescan state and the saved schedule (with its tiers) live in it. */
  dataDir: string;
  mode: RescanMode;
  retryFailed?: boolean | undefined;
  limit?: number | undefined;
}

/** The plan with the audio check: how many selected tracks' files are missing, and whether that blocks it. */
export function rescanPlan(r: RescanRequest): Promise<RescanPlanView> {
  return rescanPlanView({
    libraryPath: r.libraryPath,
    stateDir: rescanStateDir(r.dataDir),
    mode: r.mode,
    retryFailed: r.retryFailed,
    limit: r.limit,
  });
}

/**
 * Every how many analysed tracks to back up, as saved for the library. Read before the
 * scan starts, by the app and the CLI alike: a damaged schedule file only turns the
 * tiers off (logged), it never stops a rescan.
 */
export function rescanBackupTiers(
  dataDir: string,
  libraryPath: string,
  log: (message: string) => void,
): ReturnType<typeof savedProgressTiers> {
  return savedProgressTiers(scheduleStateDir(dataDir), libraryPath, log);
}

export interface RescanRun extends RescanRequest {
  backupDir: string;
  confirm?: string | undefined;
  workers?: number | undefined;
  appVersion: string;
  ctx: JobContext;
  /** From rescanBackupTiers; null: no progress backups. */
  tiers: Awaited<ReturnType<typeof savedProgressTiers>>;
  /** Called after each progress backup is made (the app emits backups-changed; the CLI lists them). */
  onProgressBackup?: (meta: BackupMeta) => void;
  log: (message: string) => void;
}

/** The scan, under the lock, with the saved tiers' backups made from inside it. */
export function runRescanWithBackups(r: RescanRun): Promise<RescanSummary> {
  const { libraryPath, backupDir, tiers, ctx } = r;
  return rescanOperation({
    libraryPath,
    backupDir,
    stateDir: rescanStateDir(r.dataDir),
    mode: r.mode,
    ...(r.confirm !== undefined ? { confirm: r.confirm } : {}),
    ...(r.retryFailed !== undefined ? { retryFailed: r.retryFailed } : {}),
    ...(r.limit !== undefined ? { limit: r.limit } : {}),
    ...(r.workers !== undefined ? { workers: r.workers } : {}),
    appVersion: r.appVersion,
    ctx,
    ...(tiers
      ? {
          // The scan holds the library lock; the hook backs up inside it.
          onBatchCommitted: progressBackupHook({
            libraryPath,
            backupDir,
            appVersion: r.appVersion,
            tiers,
            ctx,
            ...(r.onProgressBackup ? { onBackup: r.onProgressBackup } : {}),
            log: r.log,
          }),
        }
      : {}),
  });
}
