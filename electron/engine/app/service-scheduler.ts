// The app's scheduled backups for the current library: one engine Scheduler, made
// when the service starts and again whenever the library, its backup folder or its
// schedule changes, and only while the saved schedule is switched on (off is the
// default, so nothing runs until the user sets a schedule). Each backup it makes is
// a visible job ("Scheduled backup", kind `backup`) that holds the library lock, so
// it shows in Activity and never overlaps a manual backup, a restore or a CLI run.
// Apart from it, while the library has a destination, the copy loop runs whatever the
// backup schedule: retries, each destination's own copy schedule, "copies stopped".
import { ContractError, type BackbeatEvent } from '../../../shared/contract';
import type { RetentionPolicy, RetentionResult, ScheduleConfig } from '../../../shared/schedule-types';
import type { BackupMeta, BackupTrigger } from '../../../shared/types';
import { createBackup } from '../backup/backup';
import type { JobManager } from '../runtime/jobs';
import { backupUnderLock } from '../backup/backup-under-lock';
import { retentionOperation } from './use-cases/cleanup';
import { SCHEDULED_RETENTION_TITLE, cleanupVerdict } from './service-cleanup';
import type { Clock, TimerFunctions } from '../schedule/clock';
import { createLibraryScheduler } from '../schedule/library-scheduler';
import type { RunBackup, Scheduler, SchedulerEvent } from '../schedule/scheduler';
import type { HealthNotification } from '../../../shared/schedule-types';
import type { DestScope } from '../destinations/operations';
import type { CopyRetryLoop } from '../schedule/copy-retry-loop';
import {
  scheduledSnapshotJob,
  startCopyRetry,
  type ScheduledSnapshotDeps,
} from './service-scheduled-snapshot';

export const SCHEDULED_BACKUP_TITLE = 'Scheduled backup';

export interface ScheduleTarget {
  libraryPath: string;
  /** Where the app puts backups (its setting, resolved). */
  backupDir: string;
}

export interface ServiceSchedulerOptions {
  stateDir: string;
  appVersion: string;
  clock: Clock;
  timers: TimerFunctions;
  /** How often the scheduler looks at the clock; default the engine's (one minute). */
  checkIntervalMs?: number | undefined;
  jobs: JobManager;
  emit(event: BackbeatEvent): void;
  log(message: string): void;
  /** The library's saved config; null when none is set. May throw for a damaged file. */
  readConfig(libraryPath: string): Promise<ScheduleConfig | null>;
  /** The library's repository and destinations; without it "database and audio" runs only back up the database. */
  repoScope?: ((libraryPath: string) => DestScope) | undefined;
  /** A desktop notification (copies to a destination stopped). */
  notify?: ((notification: HealthNotification) => void) | undefined;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** "busy" makes the engine's Scheduler count the run as skipped: nothing is recorded as failed. */
function closingError(): ContractError {
  return new ContractError(
    'busy',
    'Backbeat was closing, so the scheduled backup will run at the next start.',
  );
}

export class ServiceScheduler {
  private current: Scheduler | null = null;
  /** Replaced schedulers whose last run may still be going; waited for on shutdown. */
  private readonly retired = new Set<Scheduler>();
  /** Refreshes run one after another, so two quick changes never leave two schedulers. */
  private queue: Promise<void> = Promise.resolve();
  private closing = false;
  /** The library the schedulers are for. */
  private target: ScheduleTarget | null = null;
  /** The repository steps after a scheduled backup; the copy loop runs while a library is open. */
  private snapshotRuns = new Set<Promise<void>>();
  private copyRetry: CopyRetryLoop | null = null;
  /** Copy loops stopped by a refresh whose tick may still be going; waited for on shutdown. */
  private readonly stoppedCopyLoops = new Set<CopyRetryLoop>();

  constructor(private readonly options: ServiceSchedulerOptions) {}

  /** Whether a backup scheduler runs now (the schedule is on for the current library). */
  get active(): boolean {
    return this.current !== null;
  }

  /** Replaces the scheduler for `target` (null: no library). Problems are logged, never thrown. */
  refresh(target: ScheduleTarget | null): Promise<void> {
    this.queue = this.queue
      .then(() => this.replace(target))
      .catch((err) => this.options.log(`Scheduled backups are not running: ${messageOf(err)}`));
    return this.queue;
  }

  /** After a destination was added or removed: the copy loop runs while the library has one. */
  refreshCopies(): Promise<void> {
    this.queue = this.queue
      .then(() => {
        this.stopCopyLoop();
        if (!this.closing && this.target) this.startCopyLoop(this.target.libraryPath);
      })
      .catch((err) => this.options.log(`Scheduled copies are not running: ${messageOf(err)}`));
    return this.queue;
  }

  /** After the machine wakes: look at the schedule now rather than at the next check. */
  notifyWake(): void {
    void this.current?.notifyWake();
  }

  /** Stops every check at once; no new backup starts after this. */
  stop(): void {
    this.closing = true;
    this.retire();
  }

  /** Resolves when no refresh and no scheduled run is in flight (call after stop and cancelling jobs). */
  async settled(): Promise<void> {
    await this.queue;
    await Promise.all([...this.retired].map((s) => s.settled().catch(() => undefined)));
    await Promise.all([...this.snapshotRuns]);
    await this.copyRetry?.settled();
    await Promise.all([...this.stoppedCopyLoops].map((l) => l.settled()));
  }

  private stopCopyLoop(): void {
    const loop = this.copyRetry;
    this.copyRetry = null;
    if (!loop) return;
    loop.stop();
    this.stoppedCopyLoops.add(loop);
    void loop.settled().then(() => this.stoppedCopyLoops.delete(loop));
  }

  /**
   * Copies have their own loop, whatever the backup schedule: retries of an unreachable
   * destination, each destination's own copy schedule and the "copies stopped" warning.
   * Armed whenever a library is open, even with no destination yet: a destination the
   * CLI adds while the app runs is then seen at the next tick (each tick reads the list).
   */
  private startCopyLoop(libraryPath: string): void {
    if (!this.options.repoScope) return;
    this.copyRetry = startCopyRetry(this.snapshotDeps(), libraryPath, () =>
      this.options.readConfig(libraryPath),
    );
  }

  private retire(): void {
    this.stopCopyLoop();
    const old = this.current;
    this.current = null;
    if (!old) return;
    old.stop();
    this.retired.add(old);
    const forget = (): void => {
      this.retired.delete(old);
    };
    void old.settled().then(forget, forget);
  }

  private async replace(target: ScheduleTarget | null): Promise<void> {
    this.retire();
    this.target = target;
    if (this.closing || !target) return;
    this.startCopyLoop(target.libraryPath);
    const config = await this.options.readConfig(target.libraryPath);
    if (this.closing || !config?.enabled) return;
    const scheduler = createLibraryScheduler({
      libraryPath: target.libraryPath,
      backupDir: target.backupDir,
      stateDir: this.options.stateDir,
      appVersion: this.options.appVersion,
      schedule: config.schedule,
      retention: config.retention,
      runBackup: this.runAsJob(target),
      runRetention: (policy, now) => this.retentionJob(target, policy, now),
      onEvent: (event) => {
        this.onSchedulerEvent(event);
        this.afterScheduledBackup(event, target, config);
      },
      clock: this.options.clock,
      timers: this.options.timers,
      checkIntervalMs: this.options.checkIntervalMs,
    });
    this.current = scheduler;
    // Not awaited: the first check may make a whole backup, and callers only change settings.
    void scheduler.start();
  }

  /** Takes the lock first and asks again, so the job only appears when a backup is really made. */
  private runAsJob(target: ScheduleTarget): RunBackup {
    return (reason, stillOwed) =>
      backupUnderLock(
        target.libraryPath,
        () => this.backupJob(target, reason === 'manual' ? 'manual' : 'scheduled'),
        {
          stillOwed,
        },
      );
  }

  private async backupJob(target: ScheduleTarget, trigger: BackupTrigger): Promise<BackupMeta> {
    if (this.closing) throw closingError();
    const { jobs } = this.options;
    let failure: unknown = null;
    const job = jobs.start('backup', SCHEDULED_BACKUP_TITLE, async (ctx) => {
      try {
        const meta = await createBackup({
          libraryPath: target.libraryPath,
          backupDir: target.backupDir,
          trigger,
          appVersion: this.options.appVersion,
          ctx,
        });
        this.options.emit({ type: 'backups-changed' });
        return meta;
      } catch (err) {
        failure = err;
        throw err;
      }
    });
    const end = await jobs.wait(job.id);
    if (end.state === 'succeeded') return end.result as BackupMeta;
    if (this.closing) throw closingError();
    // The engine's sentence when there is one; the job's own wording for anything unexpected.
    if (failure instanceof ContractError) throw failure;
    throw new ContractError('internal', end.error ?? 'The scheduled backup failed.');
  }

  /** The pruning after a scheduled backup, as a visible job ("cleanup") under the library lock. */
  private async retentionJob(
    target: ScheduleTarget,
    policy: RetentionPolicy,
    now: Date,
  ): Promise<RetentionResult> {
    if (this.closing) throw closingError();
    const { jobs } = this.options;
    const job = jobs.start(
      'cleanup',
      SCHEDULED_RETENTION_TITLE,
      (ctx) => retentionOperation(target.libraryPath, target.backupDir, policy, { dryRun: false, now, ctx }),
      cleanupVerdict,
    );
    const end = await jobs.wait(job.id);
    // Partly done still has a result: its failures are what the scheduler records.
    if ((end.state === 'succeeded' || end.state === 'partial') && end.result)
      return end.result as RetentionResult;
    throw new ContractError('io', end.error ?? 'Pruning old backups failed.');
  }

  private snapshotDeps(): ScheduledSnapshotDeps {
    const o = this.options;
    return {
      stateDir: o.stateDir,
      clock: o.clock,
      timers: o.timers,
      checkIntervalMs: o.checkIntervalMs ?? 60_000,
      jobs: o.jobs,
      emit: o.emit,
      log: o.log,
      repoScope:
        o.repoScope ??
        (() => {
          throw new Error('no repository is known to the app.');
        }),
      ...(o.notify ? { notify: o.notify } : {}),
    };
  }

  /** A "database and audio" schedule: the snapshot (and its forget, check, copies) follows each scheduled backup. */
  private afterScheduledBackup(event: SchedulerEvent, target: ScheduleTarget, config: ScheduleConfig): void {
    if (event.type !== 'run-finished' || event.outcome.status !== 'succeeded') return;
    if (event.outcome.reason === 'manual' || event.outcome.reason === 'progress' || this.closing) return;
    const run = scheduledSnapshotJob(this.snapshotDeps(), target.libraryPath, config).catch((err) =>
      this.options.log(`The scheduled snapshot failed: ${messageOf(err)}`),
    );
    this.snapshotRuns.add(run);
    void run.finally(() => this.snapshotRuns.delete(run));
  }

  private onSchedulerEvent(event: SchedulerEvent): void {
    if (event.type === 'problem') {
      this.options.log(event.message);
      return;
    }
    if (event.type !== 'run-finished' || event.outcome.status === 'skipped') return;
    const { outcome } = event;
    if (outcome.status === 'failed') this.options.log(`The scheduled backup failed: ${outcome.error}`);
    if (outcome.retention?.error) this.options.log(`Pruning old backups failed: ${outcome.retention.error}`);
    // Health (and, after pruning, the list) changed whether the run worked or not.
    this.options.emit({ type: 'backups-changed' });
  }
}
