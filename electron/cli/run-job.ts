// Runs one long operation for a CLI command: a progress bar on a terminal, and
// Ctrl-C (or SIGTERM) cancels it through its AbortSignal instead of killing the
// process halfway, so the engine can clean up and leave nothing changed.
import { ContractError } from '../../shared/errors';
import {
  CANCEL_GRACE_MS,
  createProgressReporter,
  type JobContext,
  sweepTempLeftovers,
  untilCancelledFor,
} from '../engine/app/use-cases/runtime';
import type { Io } from './io';
import { noProgress, terminalProgress } from './progress-bar';

export const CANCELLED_MESSAGE = 'Cancelled; nothing was changed.';

let abandoned = false;

/**
 * True once a cancelled job was given up on (it did not stop within the grace time):
 * its stuck work would keep the process alive, so the launcher exits explicitly.
 */
export function workWasAbandoned(): boolean {
  return abandoned;
}

export interface RunJobOptions {
  /** Draw a progress bar (only on a terminal, never with --json). */
  showProgress: boolean;
  /** How long a cancelled job may take to stop before it is given up on (see jobs.ts). */
  cancelGraceMs?: number;
}

export async function runJob<T>(
  io: Io,
  options: RunJobOptions,
  fn: (ctx: JobContext) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  const display = options.showProgress ? terminalProgress(io.stderr, io.stderrColumns) : noProgress;
  const stopListening = io.onInterrupt(() => {
    if (controller.signal.aborted) return;
    controller.abort();
    display.clear();
    io.stderr('Cancelling...\n');
  });
  const ctx: JobContext = {
    signal: controller.signal,
    report: createProgressReporter((p) => {
      if (!controller.signal.aborted) display.update(p);
    }),
  };
  // What killed runs left in the temp folder (only dead owners' files), alongside the job.
  const sweeping = sweepTempLeftovers();
  try {
    return await untilCancelledFor(fn(ctx), controller.signal, options.cancelGraceMs ?? CANCEL_GRACE_MS);
  } catch (err) {
    if (controller.signal.aborted && err instanceof ContractError && /stopped waiting/.test(err.message)) {
      abandoned = true;
      throw new ContractError('cancelled', err.message);
    }
    // Whatever the operation threw on its way out, the user asked it to stop.
    if (controller.signal.aborted || (err instanceof ContractError && err.code === 'cancelled')) {
      throw new ContractError('cancelled', CANCELLED_MESSAGE);
    }
    throw err;
  } finally {
    await sweeping;
    display.clear();
    stopListening();
  }
}
