// Worker handlers for reading a library's stats, so counting 300,000 tracks (or waiting
// on a locked database) never blocks the app's main thread.
import type { LibraryStats } from '../../../shared/types';
import type { WorkerMethods } from '../runtime/worker-protocol';
import { getLibraryStats, type OpenOptions } from './library';
import { readStatsWithFailures } from './library-stats-failures';

export interface StatsArgs {
  libraryPath: string;
  options: OpenOptions;
}

export interface StatsWithFailuresArgs extends StatsArgs {
  /** The rescan's state folder, where variant A's recorded failures are kept. */
  stateDir: string;
}

export const handlers = {
  stats: ({ libraryPath, options }: StatsArgs): LibraryStats => getLibraryStats(libraryPath, options),
  statsWithFailures: ({ libraryPath, stateDir, options }: StatsWithFailuresArgs): LibraryStats =>
    readStatsWithFailures(libraryPath, stateDir, options),
} satisfies WorkerMethods;

export type LibraryStatsMethods = typeof handlers;
