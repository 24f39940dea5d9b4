// A pool of analysis worker threads speaking the engine worker protocol. Each lane
// takes the next item when its worker is free; a worker that dies (a crash, or its
// memory limit) is replaced and the item it had is reported as failed.
import os from 'node:os';
import { silentContext } from '../runtime/progress';
import type { EngineWorker } from '../runtime/worker-client';
import { startWorker } from '../workers';
import type { AnalyseArgs, AnalyseMethods, AnalyseOutcome } from './analyse-worker';

/** A runaway analysis is stopped rather than allowed to swallow the machine. */
const WORKER_HEAP_LIMIT_MB = 512;

export function defaultWorkerCount(): number {
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.max(1, cores - 1);
}

export interface PoolItem {
  filePath: string;
}

export interface PoolCallbacks<T extends PoolItem> {
  onStart?(item: T): void;
  /** Called once per item that ran to an answer; may be async (the pool waits before the lane goes on). */
  onDone(item: T, outcome: AnalyseOutcome): Promise<void> | void;
}

/**
 * Runs every item through `size` workers until done or `signal` fires. Items not
 * started when the signal fires are left alone; those in flight are cancelled.
 */
export async function runAnalysisPool<T extends PoolItem>(
  items: T[],
  size: number,
  signal: AbortSignal,
  callbacks: PoolCallbacks<T>,
): Promise<void> {
  const lanes = Math.max(1, Math.min(size, items.length));
  const spawn = (): EngineWorker<AnalyseMethods> =>
    startWorker('analyse', { resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_LIMIT_MB } });
  const workers: EngineWorker<AnalyseMethods>[] = [];
  let next = 0;
  const ctx = silentContext(signal);
  const lane = async (i: number): Promise<void> => {
    while (!signal.aborted && next < items.length) {
      const item = items[next++]!;
      callbacks.onStart?.(item);
      let outcome: AnalyseOutcome;
      const started = performance.now();
      try {
        outcome = await workers[i]!.call(
          'analyseTrack',
          { filePath: item.filePath } satisfies AnalyseArgs,
          ctx,
        );
      } catch (err) {
        if (signal.aborted) return;
        // The worker is gone or broken: start a fresh one for the next item.
        await workers[i]!.terminate();
        workers[i] = spawn();
        outcome = {
          ok: false,
          reason: `analysis worker failed: ${(err as Error).message}`,
          ms: performance.now() - started,
        };
      }
      await callbacks.onDone(item, outcome);
    }
  };
  try {
    for (let i = 0; i < lanes; i++) workers.push(spawn());
    await Promise.all(workers.map((_, i) => lane(i)));
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
