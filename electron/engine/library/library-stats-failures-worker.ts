// Worker handler for readStatsWithFailuresAsync: counting a big library (or waiting on
// a locked one) happens here, never on the app's main thread.
import type { OpenOptions } from './library';
import { readStatsWithFailures } from './library-stats-failures';
import type { JobContext } from '../runtime/progress';

export const handlers = {
  statsWithFailures(args: unknown, _ctx: JobContext) {
    const { libraryPath, stateDir, options } = args as {
      libraryPath: string;
      stateDir: string;
      options: OpenOptions;
    };
    return readStatsWithFailures(libraryPath, stateDir, options);
  },
};
