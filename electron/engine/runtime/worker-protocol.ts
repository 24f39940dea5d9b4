// The typed envelope every engine worker speaks. Each request carries a sequence
// number; the worker answers with progress messages (their own kind) and exactly one
// result or serialised error for that sequence number.
import type { ErrorCode } from '../../../shared/errors';
import type { JobContext, ProgressUpdate } from './progress';

/**
 * One method a worker module serves: its typed arguments and the job context in, its
 * result (or the result's promise) out. `never` accepts a method of any argument type.
 */
export type WorkerMethod = (args: never, ctx: JobContext) => unknown;

/**
 * A worker module's method map, `{ methodName: (args, ctx) => result }`: each module
 * exports its `handlers` object (checked with `satisfies WorkerMethods`) and the map's
 * type, which types the host's calls (worker-client.ts) by the method's name.
 */
export type WorkerMethods = Record<string, WorkerMethod>;

/** The arguments of a worker method (`unknown` for a method that takes none). */
export type WorkerArgs<F> = F extends (args: infer A, ctx: JobContext) => unknown ? A : never;

/** What a worker method answers, once settled. */
export type WorkerResult<F> = F extends (args: never, ctx: JobContext) => infer R ? Awaited<R> : never;

export type HostToWorker =
  { kind: 'request'; seq: number; method: string; args: unknown } | { kind: 'cancel'; seq: number };

export type WorkerToHost =
  /** Sent once, when the worker has loaded its module: the host may start the next worker. */
  | { kind: 'ready' }
  | { kind: 'progress'; seq: number; progress: ProgressUpdate }
  | { kind: 'result'; seq: number; value: unknown }
  | { kind: 'error'; seq: number; error: SerializedWorkerError };

export interface SerializedWorkerError {
  code: ErrorCode;
  message: string;
  stack: string | null;
}

export function isWorkerToHost(msg: unknown): msg is WorkerToHost {
  if (typeof msg !== 'object' || msg === null) return false;
  const m = msg as { kind?: unknown; seq?: unknown };
  if (m.kind === 'ready') return true;
  return (m.kind === 'progress' || m.kind === 'result' || m.kind === 'error') && typeof m.seq === 'number';
}

export function isHostToWorker(msg: unknown): msg is HostToWorker {
  if (typeof msg !== 'object' || msg === null) return false;
  const m = msg as { kind?: unknown; seq?: unknown; method?: unknown };
  if (typeof m.seq !== 'number') return false;
  return (m.kind === 'request' && typeof m.method === 'string') || m.kind === 'cancel';
}
