// The contract's rescan methods: the plan (with the audio check) and the scan as a job,
// with the optional every-N-tracks backups riding on its batch commits.
import type { HandlersFor, ServiceContext } from './service-context';
import { refuseWhileMutating } from './service-context';
import { rescanOperation } from './operations';
import { savedProgressTiers } from './service-schedule-config';
import {
  checkForceConfirmation,
  progressBackupHook,
  refuseBlockedPlan,
  rescanCancelled,
  rescanPlanView,
  rescanStateDir,
  rescanSummaryView,
  rescanVerdict,
} from './service-rescan';

export function rescanHandlers(s: ServiceContext): HandlersFor<'getRescanPlan' | 'startRescan'> {
  const stateDir = rescanStateDir(s.dataDir);
  return {
    getRescanPlan: async ({ mode, retryFailed, limit }) =>
      rescanPlanView({ libraryPath: s.requireLibrary(), stateDir, mode, retryFailed, limit }),

    startRescan: async ({ mode, confirm, retryFailed, limit, workers }) => {
      const libraryPath = s.requireLibrary();
      const backupDir = s.backupDir();
      checkForceConfirmation(mode, confirm);
      refuseWhileMutating(s.jobs);
      // No audio at all (an unplugged drive): refused here, before a job or a safety backup.
      refuseBlockedPlan(await rescanPlanView({ libraryPath, stateDir, mode, retryFailed, limit }));
      refuseWhileMutating(s.jobs);
      // Read before the job starts: a damaged schedule file only turns the tiers off.
      const tiers = await savedProgressTiers(s.scheduleDir, libraryPath, s.log);
      const title = mode === 'force' ? 'Rescan (force)' : 'Rescan (safe)';
      const job = s.jobs.start(
        'rescan',
        title,
        async (ctx) => {
          try {
            const summary = await rescanOperation({
              libraryPath,
              backupDir,
              stateDir,
              mode,
              ...(confirm !== undefined ? { confirm } : {}),
              ...(retryFailed !== undefined ? { retryFailed } : {}),
              ...(limit !== undefined ? { limit } : {}),
              ...(workers !== undefined ? { workers } : {}),
              appVersion: s.appVersion,
              ctx,
              ...(tiers
                ? {
                    onBatchCommitted: progressBackupHook({
                      libraryPath,
                      backupDir,
                      appVersion: s.appVersion,
                      tiers,
                      ctx,
                      onBackup: () => s.emit({ type: 'backups-changed' }),
                      log: s.log,
                    }),
                  }
                : {}),
            });
            // A cancelled scan returns normally (it keeps what it finished); the job must still read as cancelled.
            if (summary.cancelled) throw rescanCancelled(summary);
            return rescanSummaryView(summary);
          } finally {
            // Finished batches are written even when the scan fails or is cancelled.
            s.emit({ type: 'library-changed' });
            if (mode === 'force') s.emit({ type: 'backups-changed' });
          }
        },
        rescanVerdict,
      );
      return { jobId: job.id };
    },
  };
}
