// The in-app scheduler for one library. It checks on start, then every
// `checkIntervalMs`, and on wake (a tick that arrives much later than asked for
// means the machine slept). A missed run happens once, never as a burst; a second
// trigger while a backup runs joins that run; retention follows each success only.
import type { RetentionResult, RunReason, Schedule } from '../../../shared/schedule-types';
import type { LastRun, ScheduleState } from '../../../shared/schedule-types';
import type { BackupListEntry, BackupMeta } from '../../../shared/types';
import type { Clock, TimerFunctions, TimerHandle } from './clock';
import { backupOwed, knowledgeFrom } from './due';
import type { RunKnowledge } from './due';
import { nextDueAfter } from './schedule-model';
import { withRetentionRecorded, withRunRecorded } from './state-store';
import type { ScheduleStateStore } from './state-store';

/**
 * Makes one backup. `stillOwed` re-reads the disk: call it after taking the library
 * lock and return null when it says false, because another process (the OS timer's
 * CLI run) may have made the backup while this one waited.
 */
export type RunBackup = (reason: RunReason, stillOwed: () => Promise<boolean>) => Promise<BackupMeta | null>;

export interface SchedulerOptions {
  clock: Clock;
  timers: TimerFunctions;
  /** Null: no automatic backups; "Back up now" still works. */
  schedule: Schedule | null;
  runBackup: RunBackup;
  listBackups: () => Promise<BackupListEntry[]>;
  stateStore: ScheduleStateStore;
  /** Called after each successful backup, never after a failed one. */
  applyRetention?: (() => Promise<RetentionResult>) | undefined;
  onEvent?: ((event: SchedulerEvent) => void) | undefined;
  /** How often to look at the clock. Default one minute. */
  checkIntervalMs?: number | undefined;
  /** A tick this much later than asked for counts as a wake. Default twice the check interval (at least 2 min). */
  wakeThresholdMs?: number | undefined;
  /** Default: one hour, or the schedule's interval if shorter. */
  retryAfterFailureMs?: number | undefined;
}

export interface RunOutcome {
  /** `skipped`: another process held the library, or had just made the backup. */
  status: 'succeeded' | 'failed' | 'skipped';
  reason: RunReason;
  startedAt: string;
  finishedAt: string;
  meta: BackupMeta | null;
  error: string | null;
  retention: { removed: string[]; error: string | null } | null;
}

export type SchedulerEvent =
  | { type: 'wake'; lateByMs: number }
  | { type: 'run-started'; reason: RunReason }
  | { type: 'run-finished'; outcome: RunOutcome }
  | { type: 'problem'; message: string };

const MINUTE_MS = 60_000;

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function isBusy(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === 'busy';
}

export class Scheduler {
  private schedule: Schedule | null;
  private readonly checkIntervalMs: number;
  private readonly wakeThresholdMs: number;
  /** What the disk said at the last look, updated by our own runs; null forces a fresh look. */
  private known: RunKnowledge | null = null;
  private running: Promise<RunOutcome> | null = null;
  private ticking: Promise<unknown> | null = null;
  private timer: TimerHandle | null = null;
  private expectedTickAt = 0;
  private started = false;
  private stopped = false;

  constructor(private readonly options: SchedulerOptions) {
    this.schedule = options.schedule;
    this.checkIntervalMs = options.checkIntervalMs ?? MINUTE_MS;
    this.wakeThresholdMs = options.wakeThresholdMs ?? Math.max(2 * this.checkIntervalMs, 2 * MINUTE_MS);
  }

  /** Checks right away (backing up if due or if there is no backup), then keeps checking. */
  start(): Promise<RunOutcome | null> {
    if (this.started) return Promise.resolve(null);
    this.started = true;
    const first = this.check('start');
    this.ticking = first.finally(() => this.armTimer());
    return first;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) this.options.timers.clearTimeout(this.timer);
    this.timer = null;
  }

  setSchedule(schedule: Schedule | null): void {
    this.schedule = schedule;
  }

  /** "Back up now": runs whether or not a backup is due; joins one already running. */
  backUpNow(reason: RunReason = 'manual'): Promise<RunOutcome> {
    return this.startRun(reason);
  }

  /** For the OS's resume event (Electron's powerMonitor): look again now. */
  notifyWake(): Promise<RunOutcome | null> {
    return this.check('wake');
  }

  get isRunning(): boolean {
    return this.running !== null;
  }

  /** When the schedule next wants a backup, from what is known; null when disabled or unknown. */
  nextDueAt(): Date | null {
    if (!this.schedule || !this.known) return null;
    if (!this.known.hasBackup || !this.known.lastSuccessAt) return this.options.clock.now();
    return nextDueAfter(this.schedule, this.known.lastSuccessAt);
  }

  /** Resolves once no check or run is in flight (for tests and orderly shutdown). */
  async settled(): Promise<void> {
    while (this.ticking || this.running) {
      const current = this.ticking ?? this.running;
      await current;
      if (this.ticking === current) this.ticking = null;
    }
  }

  private armTimer(): void {
    if (this.stopped) return;
    this.expectedTickAt = this.options.clock.now().getTime() + this.checkIntervalMs;
    this.timer = this.options.timers.setTimeout(() => this.onTick(), this.checkIntervalMs);
  }

  private onTick(): void {
    this.timer = null;
    if (this.stopped) return;
    const lateByMs = this.options.clock.now().getTime() - this.expectedTickAt;
    let reason: RunReason = 'tick';
    if (lateByMs > this.wakeThresholdMs) {
      // Suspended: the timer fired late. The check below reads the disk before any run,
      // so a backup the OS timer made at wake is seen and not repeated.
      reason = 'wake';
      this.emit({ type: 'wake', lateByMs });
    }
    this.ticking = this.check(reason).finally(() => this.armTimer());
  }

  private async check(reason: RunReason): Promise<RunOutcome | null> {
    if (this.running) return this.running;
    try {
      if (!this.schedule) return null;
      // Cheap path: the clock alone says nothing is owed yet.
      if (this.known && !this.owed(this.known, reason)) return null;
      this.known = await this.readKnowledge();
      if (this.running) return this.running;
      if (!this.schedule || !this.owed(this.known, reason)) return null;
      return await this.startRun(reason);
    } catch (err) {
      this.emit({ type: 'problem', message: `Checking the backup schedule failed: ${messageOf(err)}` });
      return null;
    }
  }

  private owed(known: RunKnowledge, reason: RunReason): boolean {
    if (!this.schedule) return false;
    return backupOwed(this.schedule, known, this.options.clock.now(), {
      retryAfterFailureMs: this.options.retryAfterFailureMs,
      ignoreFailureBackoff: reason === 'start',
    });
  }

  private async readKnowledge(): Promise<RunKnowledge> {
    const state = await this.options.stateStore.read();
    let entries: BackupListEntry[] | null = null;
    try {
      entries = await this.options.listBackups();
    } catch (err) {
      this.emit({ type: 'problem', message: `Could not list the backups: ${messageOf(err)}` });
    }
    return knowledgeFrom(state, entries);
  }

  private startRun(reason: RunReason): Promise<RunOutcome> {
    if (this.running) return this.running;
    const run = this.execute(reason);
    this.running = run;
    const clear = (): void => {
      if (this.running === run) this.running = null;
    };
    void run.then(clear, clear);
    return run;
  }

  /** Never rejects: every failure becomes an outcome (and a record on disk). */
  private async execute(reason: RunReason): Promise<RunOutcome> {
    const startedAt = this.options.clock.now();
    this.emit({ type: 'run-started', reason });
    const stillOwed = async (): Promise<boolean> => {
      if (reason === 'manual' || reason === 'progress') return true;
      const fresh = await this.readKnowledge();
      this.known = fresh;
      return this.schedule !== null && this.owed(fresh, reason);
    };
    let meta: BackupMeta | null;
    try {
      meta = await this.options.runBackup(reason, stillOwed);
    } catch (err) {
      if (isBusy(err)) return this.finish(this.outcome('skipped', reason, startedAt, null, messageOf(err)));
      const error = messageOf(err);
      await this.record(this.lastRun('failed', reason, startedAt, null, error));
      if (this.known) this.known = { ...this.known, lastFailureAt: startedAt };
      return this.finish(this.outcome('failed', reason, startedAt, null, error));
    }
    if (meta === null) return this.finish(this.outcome('skipped', reason, startedAt, null, null));

    await this.record(this.lastRun('succeeded', reason, startedAt, meta, null));
    this.known = { lastSuccessAt: startedAt, lastFailureAt: null, hasBackup: true };
    const outcome = this.outcome('succeeded', reason, startedAt, meta, null);
    outcome.retention = await this.retain();
    return this.finish(outcome);
  }

  private async retain(): Promise<RunOutcome['retention']> {
    if (!this.options.applyRetention) return null;
    let retention: { removed: string[]; error: string | null };
    try {
      const result = await this.options.applyRetention();
      const failed = result.failures.map((f) => `${f.id}: ${f.error}`).join('; ');
      retention = { removed: result.removed.map((e) => e.id), error: failed || null };
    } catch (err) {
      retention = { removed: [], error: messageOf(err) };
    }
    const at = this.options.clock.now().toISOString();
    await this.updateState((s) => withRetentionRecorded(s, { at, ...retention }));
    return retention;
  }

  private lastRun(
    status: LastRun['status'],
    reason: RunReason,
    startedAt: Date,
    meta: BackupMeta | null,
    error: string | null,
  ): LastRun {
    return {
      time: startedAt.toISOString(),
      finishedAt: this.options.clock.now().toISOString(),
      status,
      reason,
      sizeBytes: meta?.sizes?.compressedBytes ?? null,
      error,
      backupId: meta?.id ?? null,
    };
  }

  private outcome(
    status: RunOutcome['status'],
    reason: RunReason,
    startedAt: Date,
    meta: BackupMeta | null,
    error: string | null,
  ): RunOutcome {
    const finishedAt = this.options.clock.now().toISOString();
    return { status, reason, startedAt: startedAt.toISOString(), finishedAt, meta, error, retention: null };
  }

  private record(run: LastRun): Promise<void> {
    return this.updateState((s) => withRunRecorded(s, run));
  }

  private async updateState(change: (state: ScheduleState) => ScheduleState): Promise<void> {
    try {
      const state = await this.options.stateStore.read();
      await this.options.stateStore.write(change(state));
    } catch (err) {
      this.emit({ type: 'problem', message: `Could not record the backup run: ${messageOf(err)}` });
    }
  }

  private finish(outcome: RunOutcome): RunOutcome {
    this.emit({ type: 'run-finished', outcome });
    return outcome;
  }

  private emit(event: SchedulerEvent): void {
    try {
      this.options.onEvent?.(event);
    } catch {
      // A listener's bug must not stop the schedule.
    }
  }
}
