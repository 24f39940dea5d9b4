// The demo library: variant A (B on request), realistic beat3tower features (all 137
// named values), some legacy, some pending, plus playlists and genres. Generated in a
// worker thread so the app stays responsive; deterministic for a seed.
import fs from 'node:fs';
import path from 'node:path';
import { ContractError } from '../../../shared/contract';
import type { DemoWorkerArgs } from './demo-worker';
import type { DemoCounts, DemoVariant } from './demo-writer';
import { silentContext, type JobContext } from '../runtime/progress';
import { runInWorker } from '../workers';

export type { DemoCounts, DemoVariant } from './demo-writer';

export interface DemoOptions {
  tracks?: number;
  /** Deterministic output for tests and benchmarks. */
  seed?: number;
  /** Variant A (documented layout, the default) or B (the generator's own layout). */
  variant?: DemoVariant;
  /** Progress and cancellation; a cancelled run leaves no library behind. */
  ctx?: JobContext;
}

export const DEFAULT_DEMO_TRACKS = 500;
export const DEFAULT_DEMO_SEED = 1;

/** Writes `<dir>/library.db` and returns what it holds; refuses to overwrite an existing library. */
export async function createDemoLibraryWithCounts(
  dir: string,
  options: DemoOptions = {},
): Promise<{ path: string; counts: DemoCounts }> {
  const args: DemoWorkerArgs = {
    dir: path.resolve(dir),
    tracks: options.tracks ?? DEFAULT_DEMO_TRACKS,
    seed: options.seed ?? DEFAULT_DEMO_SEED,
    variant: options.variant ?? 'A',
  };
  if (!Number.isInteger(args.tracks) || args.tracks < 1) {
    throw new ContractError('bad-arguments', 'The demo library needs a whole number of tracks, at least 1.');
  }
  try {
    return await runInWorker('demo', 'write', args, options.ctx ?? silentContext());
  } catch (err) {
    removeWorkerDebris(args.dir);
    throw err;
  }
}

/**
 * The worker removes its partial file when cancelled, but a worker that does not answer
 * within the cancel grace time is stopped, cleanup or not (on a busy machine it may
 * just be slow): so once it has ended, the partial files of this process are removed
 * here too.
 */
function removeWorkerDebris(dir: string): void {
  const prefix = `.library.db.${process.pid}.`;
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return; // no folder, no debris
  }
  for (const name of names) {
    if (name.startsWith(prefix) && /\.partial(-wal|-shm|-journal)?$/.test(name)) {
      fs.rmSync(path.join(dir, name), { force: true });
    }
  }
}

/** Writes `<dir>/library.db` (refusing to overwrite an existing one) and returns its path. */
export async function createDemoLibrary(dir: string, options: DemoOptions = {}): Promise<string> {
  return (await createDemoLibraryWithCounts(dir, options)).path;
}
