// Wiring a Scheduler to the real engine for one library: backups under the library
// lock (re-checking that one is still owed once the lock is held), the backup
// folder's listing, retention after each success, run records in the state folder.
import type { RetentionPolicy, RetentionResult, Schedule } from '../../../shared/schedule-types';
import { silentContext } from '../runtime/progress';
import { applyRetention } from '../retention/apply';
import { backupUnderLock } from '../backup/backup-under-lock';
import { engineBackupDeps } from './backup-deps';
import type { BackupDeps } from './backup-deps';
import { systemClock, systemTimers } from './clock';
import type { Clock, TimerFunctions } from './clock';
import { Scheduler } from './scheduler';
import type { RunBackup, SchedulerEvent } from './scheduler';
import { fileScheduleStateStore } from './state-store';

export interface LibrarySchedulerOptions {
  libraryPath: string;
  backupDir: string;
  stateDir: string;
  appVersion: string;
  schedule: Schedule | null;
  retention: RetentionPolicy;
  onEvent?: ((event: SchedulerEvent) => void) | undefined;
  /**
   * Replaces the default backup (createBackup under the lock, no progress). The
   * service can pass one that runs as a visible job; it must take the library lock
   * and call `stillOwed()` once it holds it.
   */
  runBackup?: RunBackup | undefined;
  /**
   * Replaces the default pruning after each scheduled backup (applyRetention under the
   * lock, no progress). The service passes one that runs as a visible job; it must
   * take the library lock.
   */
  runRetention?: ((retention: RetentionPolicy, now: Date) => Promise<RetentionResult>) | undefined;
  clock?: Clock | undefined;
  timers?: TimerFunctions | undefined;
  deps?: Partial<BackupDeps> | undefined;
  checkIntervalMs?: number | undefined;
}

export function createLibraryScheduler(options: LibrarySchedulerOptions): Scheduler {
  const deps: BackupDeps = { ...engineBackupDeps, ...options.deps };
  const clock = options.clock ?? systemClock;
  const { libraryPath, backupDir } = options;
  const defaultRunBackup: RunBackup = (reason, stillOwed) =>
    backupUnderLock(
      libraryPath,
      () =>
        deps.createBackup({
          libraryPath,
          backupDir,
          trigger: reason === 'manual' ? 'manual' : 'scheduled',
          appVersion: options.appVersion,
          ctx: silentContext(),
        }),
      { stillOwed, lock: deps.withLibraryLock },
    );
  return new Scheduler({
    clock,
    timers: options.timers ?? systemTimers,
    schedule: options.schedule,
    runBackup: options.runBackup ?? defaultRunBackup,
    listBackups: () => deps.listBackups(backupDir),
    stateStore: fileScheduleStateStore(options.stateDir, libraryPath),
    applyRetention: () =>
      options.runRetention?.(options.retention, clock.now()) ??
      deps.withLibraryLock(libraryPath, 'pruning old backups', () =>
        applyRetention(backupDir, options.retention, {
          dryRun: false,
          now: clock.now(),
          list: deps.listBackups,
          remove: deps.deleteBackup,
        }),
      ),
    onEvent: options.onEvent,
    checkIntervalMs: options.checkIntervalMs,
  });
}
