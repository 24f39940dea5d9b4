// Job context handed to every long operation: a cancellation signal and a throttled,
// typed progress reporter that estimates the time left.
import type { JobProgress } from '../../../shared/types';
import { ContractError } from '../../../shared/errors';

export type ProgressUpdate = Pick<JobProgress, 'phase' | 'label' | 'fraction'> &
  Partial<Pick<JobProgress, 'bytesDone' | 'bytesTotal' | 'items'>>;

export interface JobContext {
  readonly signal: AbortSignal;
  /** Report progress; cheap to call often (it is throttled). */
  report(update: ProgressUpdate): void;
}

/** A context that ignores progress and is never cancelled, for callers that do not care. */
export function silentContext(signal: AbortSignal = new AbortController().signal): JobContext {
  return { signal, report: () => undefined };
}

/** Throws a `cancelled` ContractError when the job's signal has fired. Call between units of work. */
export function throwIfCancelled(signal: AbortSignal): void {
  if (signal.aborted) throw new ContractError('cancelled', 'The job was cancelled; nothing was changed.');
}

/**
 * Wraps a progress sink: fills in the ETA from the rate since the start, and drops
 * updates that come sooner than `intervalMs` after the last one (phase changes and
 * completion always pass), so a tight loop cannot flood IPC or the terminal.
 */
export function createProgressReporter(
  sink: (p: JobProgress) => void,
  options: { intervalMs?: number; now?: () => number } = {},
): (update: ProgressUpdate) => void {
  const intervalMs = options.intervalMs ?? 100;
  const now = options.now ?? Date.now;
  const startedAt = now();
  let lastAt = -Infinity;
  let lastPhase = '';
  return (update) => {
    const t = now();
    const fraction = Math.min(1, Math.max(0, update.fraction));
    const phaseChanged = update.phase !== lastPhase;
    if (!phaseChanged && fraction < 1 && t - lastAt < intervalMs) return;
    lastAt = t;
    lastPhase = update.phase;
    const elapsed = (t - startedAt) / 1000;
    // Only estimate once there is enough signal to avoid wild early guesses.
    const etaSeconds =
      fraction > 0.02 && elapsed > 0.2 ? Math.max(0, (elapsed * (1 - fraction)) / fraction) : null;
    sink({
      phase: update.phase,
      label: update.label,
      fraction,
      bytesDone: update.bytesDone ?? null,
      bytesTotal: update.bytesTotal ?? null,
      // A copy: the caller may keep changing its object after reporting it.
      items: update.items ? { ...update.items } : null,
      etaSeconds: fraction >= 1 ? 0 : etaSeconds,
    });
  };
}

/**
 * Maps a sub-step's 0..1 onto a slice [start, end) of the whole job, so a job made
 * of phases reports one monotonic fraction.
 */
export function sliceContext(ctx: JobContext, start: number, end: number): JobContext {
  return {
    signal: ctx.signal,
    report: (u) =>
      ctx.report({ ...u, fraction: start + (end - start) * Math.min(1, Math.max(0, u.fraction)) }),
  };
}
