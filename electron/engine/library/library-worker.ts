// Worker handlers for reading a library, so counting 300,000 tracks (or waiting on a
// locked database) never blocks the app's main thread.
import type { JobContext } from '../runtime/progress';
import { getLibraryStats, type OpenOptions } from './library';

export const handlers = {
  stats(args: unknown, _ctx: JobContext) {
    const { libraryPath, options } = args as { libraryPath: string; options: OpenOptions };
    return getLibraryStats(libraryPath, options);
  },
};
