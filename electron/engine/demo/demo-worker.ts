// Worker handlers for the demo library: generating hundreds of MB of rows would
// otherwise hold the main thread for seconds.
import type { JobContext } from '../runtime/progress';
import type { WorkerMethods } from '../runtime/worker-protocol';
import { writeDemoLibrary, type DemoWriteOptions } from './demo-writer';

export interface DemoWorkerArgs extends DemoWriteOptions {
  dir: string;
}

export const handlers = {
  write: ({ dir, ...options }: DemoWorkerArgs, ctx: JobContext) => writeDemoLibrary(dir, options, ctx),
} satisfies WorkerMethods;

export type DemoMethods = typeof handlers;
