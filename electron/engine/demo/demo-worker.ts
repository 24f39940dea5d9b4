// Worker handlers for the demo library: generating hundreds of MB of rows would
// otherwise hold the main thread for seconds.
import type { WorkerHandlers } from '../runtime/worker-entry';
import { writeDemoLibrary, type DemoWriteOptions } from './demo-writer';

export interface DemoWorkerArgs extends DemoWriteOptions {
  dir: string;
}

export const handlers: WorkerHandlers = {
  write: (args, ctx) => {
    const { dir, ...options } = args as DemoWorkerArgs;
    return writeDemoLibrary(dir, options, ctx);
  },
};
