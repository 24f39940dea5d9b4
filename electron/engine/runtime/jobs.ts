// Runs long operations as jobs: each gets a JobContext (cancel signal + throttled
// progress), and its JobInfo is tracked from start to end so the UI can list, watch
// and cancel it. Every change is reported through one callback.
import crypto from 'node:crypto';
import { ContractError } from '../../../shared/errors';
import type { JobInfo, JobKind, JobProgress, JobTally } from '../../../shared/types';
import { createProgressReporter, throwIfCancelled, type JobContext } from './progress';
import { logToStderr, toUserError, type UnexpectedErrorLog } from './error-policy';

export type JobChangeListener = (job: JobInfo) => void;

export interface JobManagerOptions {
  /** Called with a snapshot after every change (start, progress, end). */
  onChange?: JobChangeListener;
  /** How many finished jobs to remember. */
  historyLimit?: number;
  /** Minimum time between two progress events of one job. */
  progressIntervalMs?: number;
  /** See CANCEL_GRACE_MS. */
  cancelGraceMs?: number;
  /** Where a job's unexpected error (a bug) is logged with its stack; default stderr. */
  log?: UnexpectedErrorLog;
}

/**
 * How a job made of items (tracks, backups) went, read from its result: all done is
 * `succeeded`, some `partial`, none `failed` with `noneDone` as its error. Without a
 * verdict a job that returns has succeeded.
 */
export interface JobVerdict {
  tally: JobTally;
  /** The job's error when no item came out right (total > 0, done 0). */
  noneDone: string;
}

export type JobJudge<T> = (result: T) => JobVerdict | null;

interface JobRecord {
  info: JobInfo;
  controller: AbortController;
  done: Promise<JobInfo>;
}

const DEFAULT_HISTORY_LIMIT = 200;
/**
 * How long a cancelled job may take to stop. An operation stuck in the file system (a
 * hung network drive, a folder under /proc) may never return; after this the job ends
 * as cancelled anyway, and the stuck operation is left to finish or not on its own (it
 * still holds the library's lock, so nothing else can trip over it).
 */
export const CANCEL_GRACE_MS = 3000;

const STARTING: JobProgress = {
  phase: 'start',
  label: 'Starting',
  fraction: 0,
  bytesDone: null,
  bytesTotal: null,
  etaSeconds: null,
  items: null,
};

function snapshot(info: JobInfo): JobInfo {
  return { ...info, progress: { ...info.progress }, tally: info.tally ? { ...info.tally } : null };
}

/** All items done (or none to do): succeeded; some: partial; none of several: failed. */
export function stateOf(tally: JobTally): 'succeeded' | 'partial' | 'failed' {
  if (tally.done >= tally.total) return 'succeeded';
  return tally.done === 0 ? 'failed' : 'partial';
}

/** The sentence a job's error carries, by the error policy: its own, or the one for the unexpected (logged). */
export function jobErrorSentence(title: string, err: unknown, log: UnexpectedErrorLog = logToStderr): string {
  return toUserError(err, (details) => log(`${title}: ${details}`)).message;
}

/**
 * `work`, unless `signal` fires and `work` has not settled `graceMs` later: then a
 * `cancelled` ContractError saying that Backbeat stopped waiting.
 */
export function untilCancelledFor<T>(work: Promise<T>, signal: AbortSignal, graceMs: number): Promise<T> {
  let timer: NodeJS.Timeout | null = null;
  let onAbort: (() => void) | null = null;
  const gaveUp = new Promise<never>((_, reject) => {
    onAbort = () => {
      timer = setTimeout(() => {
        reject(
          new ContractError(
            'cancelled',
            `Cancelled. The job did not stop within ${Math.round(graceMs / 1000)} s (its disk or folder ` +
              'stopped answering), so Backbeat stopped waiting for it.',
          ),
        );
      }, graceMs);
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  work.catch(() => undefined); // settles after giving up: nothing is waiting any more
  return Promise.race([work, gaveUp]).finally(() => {
    if (timer) clearTimeout(timer);
    if (onAbort) signal.removeEventListener('abort', onAbort);
  });
}

export class JobManager {
  private readonly running = new Map<string, JobRecord>();
  /** Finished jobs, oldest first. */
  private readonly history: JobInfo[] = [];
  private readonly onChange: JobChangeListener;
  private readonly historyLimit: number;
  private readonly progressIntervalMs: number;
  private readonly cancelGraceMs: number;
  private readonly log: UnexpectedErrorLog;

  constructor(options: JobManagerOptions = {}) {
    this.onChange = options.onChange ?? (() => undefined);
    this.historyLimit = options.historyLimit ?? DEFAULT_HISTORY_LIMIT;
    this.progressIntervalMs = options.progressIntervalMs ?? 100;
    this.cancelGraceMs = options.cancelGraceMs ?? CANCEL_GRACE_MS;
    this.log = options.log ?? logToStderr;
  }

  /** Starts `run` now and returns the job's first snapshot; the job's outcome is in its JobInfo. */
  start<T>(kind: JobKind, title: string, run: (ctx: JobContext) => Promise<T>, judge?: JobJudge<T>): JobInfo {
    const controller = new AbortController();
    const info: JobInfo = {
      id: `job-${crypto.randomUUID()}`,
      kind,
      title,
      state: 'running',
      startedAt: new Date().toISOString(),
      finishedAt: null,
      progress: { ...STARTING },
      error: null,
      result: null,
      tally: null,
    };
    const report = createProgressReporter(
      (progress) => {
        // A late report from an operation that already ended must not reopen it.
        if (info.state !== 'running') return;
        info.progress = progress;
        this.emit(info);
      },
      { intervalMs: this.progressIntervalMs },
    );
    const ctx: JobContext = { signal: controller.signal, report };
    const done = this.execute(info, controller, ctx, run, judge);
    this.running.set(info.id, { info, controller, done });
    this.emit(info);
    return snapshot(info);
  }

  private async execute<T>(
    info: JobInfo,
    controller: AbortController,
    ctx: JobContext,
    run: (ctx: JobContext) => Promise<T>,
    judge: JobJudge<T> | undefined,
  ): Promise<JobInfo> {
    // Let start() register and announce the job before the operation can report anything.
    await Promise.resolve();
    try {
      // Cancelled before it began (dispose right after start): do not begin at all.
      throwIfCancelled(ctx.signal);
      const result = await untilCancelledFor(run(ctx), ctx.signal, this.cancelGraceMs);
      const verdict = judge?.(result) ?? null;
      info.result = result ?? null;
      info.tally = verdict ? { ...verdict.tally } : null;
      info.state = verdict ? stateOf(verdict.tally) : 'succeeded';
      if (info.state === 'failed') info.error = verdict!.noneDone;
      info.progress = { ...info.progress, phase: 'done', label: 'Done', fraction: 1, etaSeconds: 0 };
    } catch (err) {
      const cancelled =
        controller.signal.aborted || (err instanceof ContractError && err.code === 'cancelled');
      info.state = cancelled ? 'cancelled' : 'failed';
      info.error = cancelled
        ? err instanceof ContractError
          ? err.message
          : 'The job was cancelled; nothing was changed.'
        : jobErrorSentence(info.title, err, this.log);
      info.progress = { ...info.progress, etaSeconds: null };
    }
    info.finishedAt = new Date().toISOString();
    this.running.delete(info.id);
    this.history.push(info);
    if (this.history.length > this.historyLimit)
      this.history.splice(0, this.history.length - this.historyLimit);
    this.emit(info);
    return snapshot(info);
  }

  private emit(info: JobInfo): void {
    try {
      this.onChange(snapshot(info));
    } catch {
      // A faulty listener must not break the job it watches.
    }
  }

  /** The job's current snapshot, or null when it is unknown (or has dropped out of the history). */
  get(jobId: string): JobInfo | null {
    const live = this.running.get(jobId);
    if (live) return snapshot(live.info);
    const past = this.history.find((j) => j.id === jobId);
    return past ? snapshot(past) : null;
  }

  /** Running jobs first (oldest first), then finished ones (newest first). */
  list(): JobInfo[] {
    const live = [...this.running.values()].map((r) => snapshot(r.info));
    const past = [...this.history].reverse().map(snapshot);
    return [...live, ...past];
  }

  /** Running jobs, optionally of some kinds only. */
  active(kinds?: readonly JobKind[]): JobInfo[] {
    return [...this.running.values()]
      .map((r) => r.info)
      .filter((info) => !kinds || kinds.includes(info.kind))
      .map(snapshot);
  }

  /** Asks a running job to stop. False when there is no such running job. */
  cancel(jobId: string): boolean {
    const record = this.running.get(jobId);
    if (!record) return false;
    record.controller.abort();
    return true;
  }

  /** Resolves with the job's final snapshot (at once when it has already ended). */
  async wait(jobId: string): Promise<JobInfo> {
    const record = this.running.get(jobId);
    if (record) return record.done;
    const past = this.get(jobId);
    if (past) return past;
    throw new ContractError('not-found', `There is no job ${jobId}; it may have finished long ago.`);
  }

  /** Cancels every running job and waits until all of them have ended. */
  async cancelAll(): Promise<void> {
    const records = [...this.running.values()];
    for (const r of records) r.controller.abort();
    await Promise.all(records.map((r) => r.done));
  }
}
