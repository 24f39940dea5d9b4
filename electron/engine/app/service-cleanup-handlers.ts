// The contract's pruning methods: keep-N cleanup and retention, each as a job (they
// delete backups), with dry runs answered at once, and the retention plan.
import type { RetentionPolicy } from '../../../shared/schedule-types';
import type { JobInfo } from '../../../shared/types';
import { listBackups } from '../backup/backup-store';
import { checkKeep } from '../retention/cleanup';
import { planRetention } from '../retention/plan';
import { cleanupOperation, retentionOperation } from './use-cases/cleanup';
import { CLEANUP_TITLE, RETENTION_TITLE, cleanupVerdict } from './service-cleanup';
import { awaitJob, refuseWhileMutating, type HandlersFor, type ServiceContext } from './service-context';
import { savedRetentionPolicy } from './service-schedule-config';

type CleanupMethod = 'cleanup' | 'startCleanup' | 'previewRetention' | 'applyRetention' | 'startRetention';

export function cleanupHandlers(s: ServiceContext): HandlersFor<CleanupMethod> {
  const startCleanupJob = (keep: number, allowZero: boolean | undefined): JobInfo => {
    const libraryPath = s.libraryOrNull();
    const backupDir = s.backupDir();
    // The same refusals as before it became a job, before it shows in Activity.
    checkKeep({ keep, ...(allowZero !== undefined ? { allowZero } : {}) });
    refuseWhileMutating(s.jobs);
    return s.jobs.start(
      'cleanup',
      `${CLEANUP_TITLE} (keep ${keep})`,
      async (ctx) => {
        try {
          return await cleanupOperation(libraryPath, backupDir, {
            keep,
            dryRun: false,
            ...(allowZero !== undefined ? { allowZero } : {}),
            ctx,
          });
        } finally {
          s.emit({ type: 'backups-changed' });
        }
      },
      cleanupVerdict,
    );
  };

  const chosenPolicy = async (policy: RetentionPolicy | undefined): Promise<RetentionPolicy> =>
    policy ?? (await savedRetentionPolicy(s.scheduleDir, s.libraryOrNull()));

  const startRetentionJob = async (policy: RetentionPolicy | undefined): Promise<JobInfo> => {
    const libraryPath = s.libraryOrNull();
    const backupDir = s.backupDir();
    const chosen = await chosenPolicy(policy);
    refuseWhileMutating(s.jobs);
    return s.jobs.start(
      'cleanup',
      RETENTION_TITLE,
      async (ctx) => {
        try {
          return await retentionOperation(libraryPath, backupDir, chosen, {
            dryRun: false,
            now: s.clock.now(),
            ctx,
          });
        } finally {
          s.emit({ type: 'backups-changed' });
        }
      },
      cleanupVerdict,
    );
  };

  return {
    cleanup: async ({ keep, dryRun, allowZero }) => {
      if (dryRun) return cleanupOperation(s.libraryOrNull(), s.backupDir(), { keep, dryRun });
      // Deleting is a job like the others, whichever method asked for it.
      return awaitJob(s.jobs, startCleanupJob(keep, allowZero).id);
    },

    startCleanup: async ({ keep, allowZero }) => ({ jobId: startCleanupJob(keep, allowZero).id }),

    previewRetention: async ({ policy }) =>
      planRetention(await listBackups(s.backupDir()), await chosenPolicy(policy), s.clock.now()),

    applyRetention: async ({ policy, dryRun }) => {
      if (!dryRun) return awaitJob(s.jobs, (await startRetentionJob(policy)).id);
      return retentionOperation(s.libraryOrNull(), s.backupDir(), await chosenPolicy(policy), {
        dryRun,
        now: s.clock.now(),
      });
    },

    startRetention: async ({ policy }) => ({ jobId: (await startRetentionJob(policy)).id }),
  };
}
