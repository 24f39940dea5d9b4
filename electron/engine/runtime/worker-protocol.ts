// The typed envelope every engine worker speaks. Each request carries a sequence
// number; the worker answers with progress messages (their own kind) and exactly one
// result or serialised error for that sequence number.
import type { ErrorCode } from '../../../shared/errors';
import type { ProgressUpdate } from './progress';

export type HostToWorker =
  { kind: 'request'; seq: number; method: string; args: unknown } | { kind: 'cancel'; seq: number };

export type WorkerToHost =
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
  return (m.kind === 'progress' || m.kind === 'result' || m.kind === 'error') && typeof m.seq === 'number';
}

export function isHostToWorker(msg: unknown): msg is HostToWorker {
  if (typeof msg !== 'object' || msg === null) return false;
  const m = msg as { kind?: unknown; seq?: unknown; method?: unknown };
  if (typeof m.seq !== 'number') return false;
  return (m.kind === 'request' && typeof m.method === 'string') || m.kind === 'cancel';
}
