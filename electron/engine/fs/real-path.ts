// The one identity of a library: its resolved real path. A symlink to the library and
// the library itself are the same library for the lock, the schedule, the settings and
// the failure store, and a replace writes the file the link points to.
import fs from 'node:fs';
import path from 'node:path';

/**
 * The real path of `p` (symlinks resolved), absolute. For a file that does not exist
 * (yet), the real path of its nearest existing folder joined with the rest.
 */
export function realPathOf(p: string): string {
  const full = path.resolve(p);
  try {
    return fs.realpathSync(full);
  } catch {
    const parent = path.dirname(full);
    if (parent === full) return full;
    return path.join(realPathOf(parent), path.basename(full));
  }
}
