// Engine workers run at a lower CPU priority than the main thread. The machine often has
// no more cores than busy workers (two gzip workers plus a snapshot or a restore worker);
// at equal priority the main thread then waits for a core each time it wakes, and those
// waits were the longest main-thread stalls during a backup or restore. At a lower
// priority the workers still get every idle cycle, but give way as soon as the main
// thread has something to do.
import os from 'node:os';

/** Niceness of worker threads: well below the main thread, still far from "idle only". */
export const WORKER_NICENESS = 10;

/**
 * The niceness workers started from now on take (read by worker-client). The app keeps
 * WORKER_NICENESS for its UI's sake. The CLI has no UI thread to keep responsive (only
 * a progress bar), and at niceness 10 its workers got about a tenth of the CPU share of
 * any other busy program (CFS weights 110 against 1024): `backbeat backup` beside a
 * scanner took 1.47x the time of pigz, which runs at the normal priority. So the CLI
 * sets 0.
 */
let hostWorkerNiceness = WORKER_NICENESS;

export function setWorkerNiceness(niceness: number): void {
  hostWorkerNiceness = niceness;
}

export function workerNiceness(): number {
  return hostWorkerNiceness;
}

/**
 * Lowers the calling thread's priority, on Linux only: there setpriority() with pid 0
 * applies to the calling thread alone. On macOS and Windows it would lower the whole
 * process, main thread included, so it is left alone there. Returns whether it changed
 * anything; a refusal is harmless (the worker simply keeps the normal priority).
 */
export function lowerThreadPriority(
  platform: NodeJS.Platform = process.platform,
  niceness: number = WORKER_NICENESS,
): boolean {
  if (platform !== 'linux') return false;
  try {
    if (os.getPriority(0) >= niceness) return false;
    os.setPriority(0, niceness);
    return true;
  } catch {
    return false;
  }
}
