// The registry of engine worker modules: each one's name, its compiled file and the
// method map it declares. Workers are started by name, so a path is written once and a
// call's method name decides its argument and result types.
//
// Only types are imported from the worker modules: loading this file loads no worker
// code (the CLI's backup path stays lean, see cli/test/main-lazy.test.ts). It sits at
// the engine's root because runtime/ may not import the capability folders.
import path from 'node:path';
import type { CrosscheckMethods } from './repository/crosscheck-worker';
import type { DemoMethods } from './demo/demo-worker';
import type { GzipMethods } from './compression/gzip-worker';
import type { LibraryStatsMethods } from './library/library-stats-worker';
import type { AnalyseMethods } from './rescan/analyse-worker';
import type { RestoreCompareMethods } from './restore/restore-compare-worker';
import type { RestoreMethods } from './restore/restore-worker';
import type { SnapshotMethods } from './backup/snapshot-worker';
import type { TreeStateMethods } from './repository/tree-state-worker';
import type { VerifyMethods } from './backup/verify-worker';
import type { JobContext } from './runtime/progress';
import { EngineWorker, type WorkerOptions } from './runtime/worker-client';
import type { WorkerArgs, WorkerResult } from './runtime/worker-protocol';

/** Each registered worker's method map, by name. */
export interface WorkerModules {
  analyse: AnalyseMethods;
  crosscheck: CrosscheckMethods;
  demo: DemoMethods;
  gzip: GzipMethods;
  libraryStats: LibraryStatsMethods;
  restore: RestoreMethods;
  restoreCompare: RestoreCompareMethods;
  snapshot: SnapshotMethods;
  treeState: TreeStateMethods;
  verify: VerifyMethods;
}

export type WorkerName = keyof WorkerModules;

/** Each worker's compiled module, relative to the engine folder. */
export const WORKER_FILES: Readonly<Record<WorkerName, string>> = {
  analyse: 'rescan/analyse-worker.js',
  crosscheck: 'repository/crosscheck-worker.js',
  demo: 'demo/demo-worker.js',
  gzip: 'compression/gzip-worker.js',
  libraryStats: 'library/library-stats-worker.js',
  restore: 'restore/restore-worker.js',
  restoreCompare: 'restore/restore-compare-worker.js',
  snapshot: 'backup/snapshot-worker.js',
  treeState: 'repository/tree-state-worker.js',
  verify: 'backup/verify-worker.js',
};

/** Absolute paths, resolved once. */
const WORKER_PATHS = Object.fromEntries(
  Object.entries(WORKER_FILES).map(([name, file]) => [name, path.join(__dirname, file)]),
) as Record<WorkerName, string>;

/** The compiled module a worker runs. */
export function workerPath(name: WorkerName): string {
  return WORKER_PATHS[name];
}

/** Starts the worker `name`; its calls are typed by its module's method map. */
export function startWorker<N extends WorkerName>(
  name: N,
  options: WorkerOptions = {},
): EngineWorker<WorkerModules[N]> {
  return new EngineWorker<WorkerModules[N]>(WORKER_PATHS[name], options);
}

/** Runs one call in a fresh worker `name` and stops the worker afterwards. */
export async function runInWorker<N extends WorkerName, K extends keyof WorkerModules[N] & string>(
  name: N,
  method: K,
  args: WorkerArgs<WorkerModules[N][K]>,
  ctx: JobContext,
): Promise<WorkerResult<WorkerModules[N][K]>> {
  const worker = startWorker(name);
  try {
    return await worker.call(method, args, ctx);
  } finally {
    await worker.terminate();
  }
}
