// The contract's rescan methods: the plan (with the audio check) and the scan as a job.
// The set-up (state folder, tiers, progress backups) is the rescan use case's, shared
// with the CLI; what is the app's own here is the job, its refusals and its events.
import type { HandlersFor, ServiceContext } from './service-context';
import { refuseWhileMutating } from './service-context';
import {
  checkForceConfirmation,
  refuseBlockedPlan,
  rescanBackupTiers,
  rescanCancelled,
  rescanPlan,
  rescanSummaryView,
  rescanVerdict,
  runRescanWithBackups,
} from './use-cases/rescan';

export function rescanHandlers(s: ServiceContext): HandlersFor<'getRescanPlan' | 'startRescan'> {
  const dataDir = s.dataDir;
  return {
    getRescanPlan: async ({ mode, retryFailed, limit }) =>
      rescanPlan({ libraryPath: s.requireLibrary(), dataDir, mode, retryFailed, limit }),

    startRescan: async ({ mode, confirm, retryFailed, limit, workers }) => {
      const libraryPath = s.requireLibrary();
      const backupDir = s.backupDir();
      checkForceConfirmation(mode, confirm);
      refuseWhileMutating(s.jobs);
      const request = { libraryPath, dataDir, mode, retryFailed, limit };
      // No audio at all (an unplugged drive): refused here, before a job or a safety backup.
      refuseBlockedPlan(await rescanPlan(request));
      refuseWhileMutating(s.jobs);
      const tiers = await rescanBackupTiers(dataDir, libraryPath, s.log);
      const title = mode === 'force' ? 'Rescan (force)' : 'Rescan (safe)';
      const job = s.jobs.start(
        'rescan',
        title,
        async (ctx) => {
          try {
            const summary = await runRescanWithBackups({
              ...request,
              backupDir,
              confirm,
              workers,
              appVersion: s.appVersion,
              ctx,
              tiers,
              onProgressBackup: () => s.emit({ type: 'backups-changed' }),
              log: s.log,
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
