// The service's side of a rescan: the plan as the contract shows it, the force
// confirmation checked before a job is started, the summary view, and the optional
// every-N-tracks backups (issue 5) that ride on the scan's batch commits.
import { ContractError } from '../../../shared/errors';
import {
  FORCE_RESCAN_CONFIRMATION,
  failureName,
  type RescanPlanView,
  type RescanSummaryView,
  type RescanMode,
} from '../../../shared/rescan-types';
import type { ProgressTiers } from '../../../shared/schedule-types';
import type { BackupMeta } from '../../../shared/types';
import { createBackup } from '../backup/backup';
import { silentContext, type JobContext } from '../runtime/progress';
import type { JobVerdict } from '../runtime/jobs';
import { audioBlockReason, checkAudio } from '../rescan/audio-check';
import { selectTracks } from '../rescan/selection';
import { defaultWorkerCount } from '../rescan/pool';
import type { RescanSummary } from '../rescan/types';
import { tierBackupName } from '../retention/backup-tier';
import { progressBackupTier } from '../schedule/progress-tier';

export const FORCE_NOT_CONFIRMED = 'Type YES (in capitals) to confirm a force rescan.';

/** Refused before any job starts, so a wrong answer cannot even begin the safety backup. */
export function checkForceConfirmation(mode: RescanMode, confirm: string | undefined): void {
  if (mode === 'force' && confirm !== FORCE_RESCAN_CONFIRMATION) {
    throw new ContractError('bad-arguments', FORCE_NOT_CONFIRMED);
  }
}

/** The plan with the audio check: how many of the selected tracks' files are missing, and whether that blocks it. */
export async function rescanPlanView(o: {
  libraryPath: string;
  stateDir: string;
  mode: RescanMode;
  retryFailed?: boolean | undefined;
  limit?: number | undefined;
}): Promise<RescanPlanView> {
  const { plan, tracks } = selectTracks({
    libraryPath: o.libraryPath,
    stateDir: o.stateDir,
    mode: o.mode,
    ...(o.retryFailed !== undefined ? { retryFailed: o.retryFailed } : {}),
    ...(o.limit !== undefined ? { limit: o.limit } : {}),
  });
  const audio = await checkAudio(o.libraryPath, tracks);
  return { ...plan, defaultWorkers: defaultWorkerCount(), audio, blocked: audioBlockReason(audio) };
}

/** Throws the plan's refusal (no audio found) before a job, a prompt or a backup. */
export function refuseBlockedPlan(plan: RescanPlanView): void {
  if (plan.blocked !== null) throw new ContractError('not-applicable', plan.blocked);
}

/**
 * A finished rescan as a job: every selected track analysed is success; some failed is
 * partial ("Partly done: N of M analysed"); all failed is a failure. Tracks skipped
 * because they gained analysis meanwhile count as neither.
 */
export function rescanVerdict(s: RescanSummaryView): JobVerdict | null {
  if (s.cancelled) return null;
  const total = s.analysed + s.failedCount;
  const first = s.failed[0];
  const example = first ? ` The first: ${failureName(first)}: ${first.reason}.` : '';
  return {
    tally: { done: s.analysed, total, verb: 'analysed' },
    noneDone: `None of the ${total.toLocaleString('en-US')} tracks could be analysed.${example}`,
  };
}

/** The engine's summary, copied field by field so nothing engine-internal leaks into the contract. */
export function rescanSummaryView(s: RescanSummary): RescanSummaryView {
  return {
    mode: s.mode,
    variant: s.variant,
    selected: s.selected,
    analysed: s.analysed,
    failed: s.failed.map((f) => ({
      trackId: f.trackId,
      artist: f.artist,
      title: f.title,
      filePath: f.filePath,
      reason: f.reason,
    })),
    failedCount: s.failedCount,
    skipped: s.skipped,
    cancelled: s.cancelled,
    backupId: s.backupId,
    workers: s.workers,
    seconds: s.seconds,
    tracksPerSecond: s.tracksPerSecond,
    busyRetries: s.busyRetries,
  };
}

/** A cancelled rescan's job error: what was kept, since finished batches stay written. */
export function rescanCancelled(s: RescanSummary): ContractError {
  return new ContractError(
    'cancelled',
    `The rescan was cancelled. The ${s.analysed} tracks analysed before that were kept; run it again to continue.`,
  );
}

export interface ProgressBackupOptions {
  libraryPath: string;
  backupDir: string;
  appVersion: string;
  tiers: ProgressTiers;
  ctx: JobContext;
  /** Called after each progress backup is made (the service emits backups-changed; the CLI lists them). */
  onBackup?: (meta: BackupMeta) => void;
  log: (message: string) => void;
}

/**
 * The rescan's onBatchCommitted hook: a backup (trigger 'scheduled', tagged with its
 * tier) whenever the analysed count crosses a tier's multiple. It calls createBackup
 * directly because the rescan already holds the library lock. A failed progress
 * backup is logged, not fatal: the scan's own work is still good, and throwing here
 * would turn the batch write into a failure.
 */
export function progressBackupHook(o: ProgressBackupOptions): (analysedSoFar: number) => Promise<void> {
  let before = 0;
  return async (analysedSoFar) => {
    const tier = progressBackupTier(analysedSoFar, o.tiers, before);
    before = analysedSoFar;
    if (tier === null || o.ctx.signal.aborted) return;
    try {
      const meta = await createBackup({
        libraryPath: o.libraryPath,
        backupDir: o.backupDir,
        name: tierBackupName(tier, analysedSoFar),
        trigger: 'scheduled',
        tier,
        appVersion: o.appVersion,
        // Its own bar would fight the scan's; the job's cancel still stops it.
        ctx: silentContext(o.ctx.signal),
      });
      o.onBackup?.(meta);
    } catch (err) {
      o.log(
        `The backup after ${analysedSoFar} rescanned tracks failed: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  };
}
