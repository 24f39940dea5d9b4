// Worker handlers for the cross-check's heavy part (crosscheck-scan.ts): reading the
// library and the index and looking at every track's file, off the main thread.
import type { WorkerMethods } from '../runtime/worker-protocol';
import { holding, scanLibrary } from './crosscheck-scan';

export const handlers = {
  scan: scanLibrary,
  holding,
} satisfies WorkerMethods;

export type CrosscheckMethods = typeof handlers;
