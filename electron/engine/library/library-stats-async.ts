// getLibraryStats off the main thread: for the app, where a blocked main thread is a
// frozen window. The CLI may call the synchronous version directly.
import type { LibraryStats } from '../../../shared/types';
import type { OpenOptions } from './library';
import { silentContext } from '../runtime/progress';
import { runInWorker } from '../workers';

export function readLibraryStats(libraryPath: string, options: OpenOptions = {}): Promise<LibraryStats> {
  return runInWorker('libraryStats', 'stats', { libraryPath, options }, silentContext());
}
