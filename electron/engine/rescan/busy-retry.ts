// Writing to a library another program writes to (the generator's own scanner
// commits every 50 tracks): a write that finds the database locked waits a little
// and tries again, without blocking the event loop, up to a time limit.
import { DEFAULT_BUSY_TIMEOUT_MS, isBusyError, lockedError } from '../library/library';

const FIRST_WAIT_MS = 20;
const MAX_WAIT_MS = 500;

export interface BusyRetryStats {
  retries: number;
}

export async function retryWhileBusy<T>(
  libraryPath: string,
  attempt: () => T,
  stats: BusyRetryStats,
  timeoutMs: number = DEFAULT_BUSY_TIMEOUT_MS,
): Promise<T> {
  const started = Date.now();
  let wait = FIRST_WAIT_MS;
  for (;;) {
    try {
      return attempt();
    } catch (err) {
      if (!isBusyError(err)) throw err;
      if (Date.now() - started >= timeoutMs) throw lockedError(libraryPath, timeoutMs);
      stats.retries++;
      await new Promise((resolve) => setTimeout(resolve, wait));
      wait = Math.min(MAX_WAIT_MS, wait * 2);
    }
  }
}
