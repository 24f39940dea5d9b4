// Start-up sweep of the temp folder: the `backbeat-*` folders (unpacked backups) that
// killed jobs left there. Only those whose owner tag (job-owner.ts) names a dead job
// are removed; another running Backbeat's work in progress is left alone, and so are
// names without a tag.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { nameHasDeadOwner } from './job-owner';

export const TEMP_PREFIX = 'backbeat-';

/** Removes dead jobs' leftovers from `tempDir` (default: the OS temp folder). Never throws. */
export async function sweepTempLeftovers(tempDir: string = os.tmpdir()): Promise<string[]> {
  let names: string[];
  try {
    names = await fs.promises.readdir(tempDir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(TEMP_PREFIX) || !nameHasDeadOwner(name)) continue;
    try {
      await fs.promises.rm(path.join(tempDir, name), { recursive: true, force: true });
      removed.push(name);
    } catch {
      // Not ours to remove after all (permissions): leave it.
    }
  }
  return removed;
}
