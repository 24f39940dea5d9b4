// What the OS timer's `backbeat schedule run --library <db>` does while the app is
// closed: if a backup is owed, make one (trigger `scheduled`) under the library lock,
// apply the retention policy, record the run, and say how it went in an exit status.
import type { RetentionResult, ScheduleConfig } from '../../../shared/schedule-types';
import type { BackupMeta } from '../../../shared/types';
import { silentContext } from '../runtime/progress';
import { applyRetention } from '../retention/apply';
import { backupUnderLock } from '../backup/backup-under-lock';
import { engineBackupDeps } from './backup-deps';
import type { BackupDeps } from './backup-deps';
import { systemClock } from './clock';
import type { Clock } from './clock';
import { readScheduleConfig } from './config-store';
import { backupOwed, defaultRetryAfterFailureMs, knowledgeFrom } from './due';
import { describeSchedule } from './schedule-model';
import { fileScheduleStateStore, withRetentionRecorded, withRunRecorded } from './state-store';

export interface ScheduledRunOptions {
  libraryPath: string;
  /** Where schedule configs and run records live (the app's data folder). */
  stateDir: string;
  appVersion: string;
  /** Back up even when nothing is owed (or the schedule is disabled). */
  force?: boolean | undefined;
  /** Default: read from `stateDir`. */
  config?: ScheduleConfig | undefined;
  clock?: Clock | undefined;
  deps?: Partial<BackupDeps> | undefined;
}

export type ScheduledRunOutcome = 'backed-up' | 'not-due' | 'disabled' | 'not-configured' | 'busy' | 'failed';

export interface ScheduledRunResult {
  outcome: ScheduledRunOutcome;
  /** 0 backed up / nothing to do, 1 the backup failed, 2 no usable schedule, 75 library busy (try later). */
  exitCode: number;
  message: string;
  meta: BackupMeta | null;
  retention: RetentionResult | null;
}

/** How early an OS timer may fire (systemd's AccuracySec is a minute; launchd and Windows are as close). */
const TIMER_SLACK_MS = 5 * 60 * 1000;

/** sysexits' EX_TEMPFAIL: the library was busy, the next timer firing will try again. */
export const EXIT_BUSY = 75;

function result(
  outcome: ScheduledRunOutcome,
  exitCode: number,
  message: string,
  meta: BackupMeta | null = null,
  retention: RetentionResult | null = null,
): ScheduledRunResult {
  return { outcome, exitCode, message, meta, retention };
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export async function scheduledRun(options: ScheduledRunOptions): Promise<ScheduledRunResult> {
  const clock = options.clock ?? systemClock;
  const deps: BackupDeps = { ...engineBackupDeps, ...options.deps };
  const { libraryPath, stateDir } = options;

  let config: ScheduleConfig | null;
  try {
    config = options.config ?? (await readScheduleConfig(stateDir, libraryPath));
  } catch (err) {
    return result('not-configured', 2, messageOf(err));
  }
  if (!config) {
    return result(
      'not-configured',
      2,
      `No backup schedule is set for ${libraryPath}. Set one with \`backbeat schedule set\` or in the app.`,
    );
  }
  if (!config.enabled && !options.force) {
    return result('disabled', 0, `Scheduled backups are turned off for ${libraryPath}; nothing to do.`);
  }
  const schedule = config.schedule;
  const retentionPolicy = config.retention;
  const backupDir = config.backupDir ?? deps.defaultBackupDir(libraryPath);
  const store = fileScheduleStateStore(stateDir, libraryPath);

  const retryAfterFailureMs = defaultRetryAfterFailureMs(schedule) - TIMER_SLACK_MS;
  const knowledge = async () =>
    knowledgeFrom(await store.read(), await deps.listBackups(backupDir).catch(() => null));
  const owed = async (): Promise<boolean> => {
    if (options.force) return true;
    // With destinations the timer also fires every 15 minutes for owed copies
    // (timer-firings.ts), so a failed backup waits as in the app (an hour, at most one
    // interval) instead of being tried at every firing. A little less, so the firing an
    // hour after the failure (give or take the timer's accuracy) is the retry.
    return backupOwed(schedule, await knowledge(), clock.now(), { retryAfterFailureMs });
  };
  if (!(await owed())) {
    const known = await knowledge();
    // Owed but for the wait after a failure: say so, not "no backup is due".
    if (known.lastFailureAt && backupOwed(schedule, known, clock.now(), { ignoreFailureBackoff: true })) {
      const retryAt = new Date(known.lastFailureAt.getTime() + retryAfterFailureMs);
      return result(
        'not-due',
        0,
        `The last scheduled backup failed at ${known.lastFailureAt.toLocaleString()}; it is tried again from ${retryAt.toLocaleString()}.`,
      );
    }
    return result('not-due', 0, `No backup is due (${describeSchedule(schedule)}).`);
  }

  try {
    // Checked again under the lock: the app may have backed up while we waited.
    const made = await backupUnderLock(
      libraryPath,
      async () => {
        const startedAt = clock.now();
        const runBase = { time: startedAt.toISOString(), reason: 'os-timer' as const };
        let meta: BackupMeta;
        try {
          meta = await deps.createBackup({
            libraryPath,
            backupDir,
            trigger: 'scheduled',
            appVersion: options.appVersion,
            ctx: silentContext(),
          });
        } catch (err) {
          const error = messageOf(err);
          const run = { ...runBase, finishedAt: clock.now().toISOString(), status: 'failed' as const };
          await store.write(
            withRunRecorded(await store.read(), { ...run, sizeBytes: null, error, backupId: null }),
          );
          return result('failed', 1, `The scheduled backup failed: ${error}`);
        }
        await store.write(
          withRunRecorded(await store.read(), {
            ...runBase,
            finishedAt: clock.now().toISOString(),
            status: 'succeeded',
            sizeBytes: meta.sizes.compressedBytes,
            error: null,
            backupId: meta.id,
          }),
        );
        // Retention only ever follows a successful backup.
        let retention: RetentionResult | null = null;
        let retentionError: string | null = null;
        try {
          retention = await applyRetention(backupDir, retentionPolicy, {
            dryRun: false,
            now: clock.now(),
            list: deps.listBackups,
            remove: deps.deleteBackup,
          });
          retentionError = retention.failures.map((f) => `${f.id}: ${f.error}`).join('; ') || null;
        } catch (err) {
          retentionError = messageOf(err);
        }
        const removed = retention?.removed.map((e) => e.id) ?? [];
        await store.write(
          withRetentionRecorded(await store.read(), {
            at: clock.now().toISOString(),
            removed,
            error: retentionError,
          }),
        );
        const pruned = retentionError
          ? ` Pruning old backups failed: ${retentionError}`
          : ` Pruned ${removed.length} old backup${removed.length === 1 ? '' : 's'}.`;
        return result('backed-up', 0, `Backed up ${libraryPath} as ${meta.id}.${pruned}`, meta, retention);
      },
      { stillOwed: owed, lock: deps.withLibraryLock },
    );
    return made ?? result('not-due', 0, 'The app has just made the backup; nothing to do.');
  } catch (err) {
    if ((err as { code?: unknown } | null)?.code === 'busy') {
      return result('busy', EXIT_BUSY, `${messageOf(err)} The next scheduled run will try again.`);
    }
    return result('failed', 1, `The scheduled backup failed: ${messageOf(err)}`);
  }
}
