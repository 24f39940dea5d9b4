// Use case "what does the library hold": its statistics, with the rescan's failure
// records kept in Backbeat's data folder (variant A libraries cannot hold them).
import type { LibraryStats } from '../../../../shared/types';
import { readStatsWithFailures } from '../../library/library-stats-failures';
import { rescanStateDir } from './folders';

export function libraryStats(libraryPath: string, dataDir: string): LibraryStats {
  return readStatsWithFailures(libraryPath, rescanStateDir(dataDir));
}
