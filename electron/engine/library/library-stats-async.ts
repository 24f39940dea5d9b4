// getLibraryStats off the main thread: for the app, where a blocked main thread is a
// frozen window. The CLI may call the synchronous version directly.
import path from 'node:path';
import type { LibraryStats } from '../../../shared/types';
import type { OpenOptions } from './library';
import { silentContext } from '../runtime/progress';
import { runInWorker } from '../runtime/worker-client';

export function readLibraryStats(libraryPath: string, options: OpenOptions = {}): Promise<LibraryStats> {
  return runInWorker<LibraryStats>(
    path.join(__dirname, 'library-worker.js'),
    'stats',
    { libraryPath, options },
    silentContext(),
  );
}
