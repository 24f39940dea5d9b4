// Host side of the worker protocol: starts a worker that serves a module's handlers,
// sends requests with sequence numbers, relays progress, and forwards cancellation.
import { Worker } from 'node:worker_threads';
import path from 'node:path';
import { ContractError, type ErrorCode } from '../../../shared/errors';
import type { JobContext } from './progress';
import {
  isWorkerToHost,
  type HostToWorker,
  type SerializedWorkerError,
  type WorkerArgs,
  type WorkerMethods,
  type WorkerResult,
} from './worker-protocol';

interface Pending {
  resolve(value: unknown): void;
  reject(err: Error): void;
  ctx: JobContext | null;
  onAbort: (() => void) | null;
}

/** How long a cancelled request may take to wind down before the worker is terminated. */
const CANCEL_GRACE_MS = 5000;

/**
 * Starting a worker thread costs this thread a millisecond or more (more for the first in
 * a process) and the new thread some 20-35 ms of CPU (its isolate, Node's bootstrap, the
 * module). A backup starts four. Started together, they were four CPU-hungry threads at
 * once beside this one, which then, after any longer turn, waited 20 ms and more for a
 * core (issue 18; perf sched beside two busy programs). So threads start one at a time:
 * the next is created once the previous one has loaded its module (its `ready` message),
 * has failed, or was stopped, and never in the turn that asked for it. What is sent to a
 * worker before its thread exists waits for it.
 */
const startQueue: (() => void)[] = [];
/** A thread is being created and has not yet loaded its module. */
let starting = false;

function startNext(): void {
  if (starting) return;
  const start = startQueue.shift();
  if (!start) return;
  starting = true;
  start();
}

/** The thread that was starting is ready, failed or stopped: the next may start. */
function startFinished(): void {
  starting = false;
  if (startQueue.length > 0) setImmediate(startNext);
}

function scheduleStart(start: () => void): void {
  startQueue.push(start);
  if (startQueue.length === 1 && !starting) setImmediate(startNext);
}

export function errorFromWorker(e: SerializedWorkerError): ContractError {
  const err = new ContractError(e.code as ErrorCode, e.message);
  if (e.stack) err.stack = e.stack;
  return err;
}

export interface WorkerOptions {
  resourceLimits?: { maxOldGenerationSizeMb?: number };
}

/**
 * One worker thread running `worker-entry.js`, which loads `modulePath` (a compiled
 * engine module exporting `handlers`) and serves its methods. `M` is that module's
 * method map: a call's method name decides its argument and result types. Started by
 * name through the registry (../workers.ts), which ties the name, the file and the map.
 */
export class EngineWorker<M extends WorkerMethods> {
  private worker: Worker | null = null;
  /** Messages sent before the thread was created, in order. */
  private readonly queued: { msg: HostToWorker; transfer: ArrayBuffer[] }[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextSeq = 1;
  private exited = false;
  /** True while this worker holds the start slot (created, module not yet loaded). */
  private holdsStart = false;

  constructor(modulePath: string, options: WorkerOptions = {}) {
    scheduleStart(() => this.start(modulePath, options));
  }

  private start(modulePath: string, options: WorkerOptions): void {
    if (this.exited) {
      startFinished(); // terminated before it started
      return;
    }
    this.holdsStart = true;
    try {
      this.worker = new Worker(path.join(__dirname, 'worker-entry.js'), {
        workerData: { modulePath },
        resourceLimits: options.resourceLimits,
      });
    } catch (err) {
      this.exited = true;
      this.releaseStart();
      this.failAll(
        new ContractError('internal', `A background worker could not start: ${(err as Error).message}`),
      );
      return;
    }
    this.worker.on('message', (msg: unknown) => this.onMessage(msg));
    this.worker.on('error', (err) => {
      this.releaseStart();
      this.failAll(err);
    });
    this.worker.on('exit', (code) => {
      this.exited = true;
      this.releaseStart();
      this.failAll(
        new ContractError('internal', `A background worker stopped unexpectedly (exit code ${code}).`),
      );
    });
    for (const { msg, transfer } of this.queued.splice(0)) this.worker.postMessage(msg, transfer);
  }

  private releaseStart(): void {
    if (!this.holdsStart) return;
    this.holdsStart = false;
    startFinished();
  }

  /** Calls a handler in the worker. Progress goes to `ctx.report`; aborting `ctx.signal` cancels it. */
  call<K extends keyof M & string>(
    method: K,
    args: WorkerArgs<M[K]>,
    ctx: JobContext | null = null,
    transfer: ArrayBuffer[] = [],
  ): Promise<WorkerResult<M[K]>> {
    if (this.exited)
      return Promise.reject(new ContractError('internal', 'The background worker has stopped.'));
    const seq = this.nextSeq++;
    return new Promise<WorkerResult<M[K]>>((resolve, reject) => {
      // The worker answers this method with its result type (the module's map says so).
      const entry: Pending = { resolve: resolve as (v: unknown) => void, reject, ctx, onAbort: null };
      if (ctx) {
        if (ctx.signal.aborted) {
          reject(new ContractError('cancelled', 'The job was cancelled; nothing was changed.'));
          return;
        }
        entry.onAbort = () => {
          this.post({ kind: 'cancel', seq });
          // A handler stuck in native code cannot see the flag; stop the thread instead.
          setTimeout(() => {
            if (this.pending.has(seq)) void this.terminate();
          }, CANCEL_GRACE_MS).unref();
        };
        ctx.signal.addEventListener('abort', entry.onAbort, { once: true });
      }
      this.pending.set(seq, entry);
      this.post({ kind: 'request', seq, method, args }, transfer);
    });
  }

  async terminate(): Promise<void> {
    if (this.exited) return;
    if (!this.worker) {
      // Never started: make sure it never does, and answer what was sent to it.
      this.exited = true;
      this.failAll(new ContractError('internal', 'The background worker was stopped before it started.'));
      return;
    }
    await this.worker.terminate();
  }

  private post(msg: HostToWorker, transfer: ArrayBuffer[] = []): void {
    if (this.worker) this.worker.postMessage(msg, transfer);
    else this.queued.push({ msg, transfer });
  }

  private onMessage(msg: unknown): void {
    if (!isWorkerToHost(msg)) return;
    if (msg.kind === 'ready') {
      this.releaseStart();
      return;
    }
    const entry = this.pending.get(msg.seq);
    if (!entry) return;
    if (msg.kind === 'progress') {
      entry.ctx?.report(msg.progress);
      return;
    }
    this.pending.delete(msg.seq);
    if (entry.ctx && entry.onAbort) entry.ctx.signal.removeEventListener('abort', entry.onAbort);
    if (msg.kind === 'result') entry.resolve(msg.value);
    else entry.reject(errorFromWorker(msg.error));
  }

  private failAll(err: Error): void {
    for (const [seq, entry] of this.pending) {
      this.pending.delete(seq);
      const cancelled = entry.ctx?.signal.aborted;
      entry.reject(
        cancelled ? new ContractError('cancelled', 'The job was cancelled; nothing was changed.') : err,
      );
    }
  }
}
