// Whether a snapshot restic just stored differs from its parent only in the folders
// above the paths it was given, decided from the backup's own item lines (restic
// `backup --verbose=2`), so no `restic diff` has to open the repository again.
//
// restic stores the folders above each path (the home folder, the data folder...) with
// their times, and those change all the time (the library's lock file and -wal come and
// go beside it), so --skip-if-unchanged keeps a new snapshot that holds nothing new.
// Such a snapshot is the same as its parent when the parent was taken of exactly the
// same paths and restic reports each of those paths unchanged: a folder reported
// unchanged has the same metadata and the same tree (restic compares the subtree id),
// a file the same metadata and content. Then the only entries left that can differ are
// the folders above, whose trees hold nothing but the way down to those paths.
// Anything else (a folder inside an audio folder changed, a path not reported, other
// paths than the parent's, a platform whose paths restic spells differently) answers
// "cannot tell", and the caller asks `restic diff`.
import path from 'node:path';
import { backupItemSchema } from './restic-messages';

export interface ParentComparison {
  /**
   * False when no item line could make the answer yes (no parent, or one of other paths):
   * then the backup need not print them (--verbose=2 costs a line per file).
   */
  readonly canTell: boolean;
  /** Feeds one `verbose_status` message of the backup. */
  observe(message: unknown): void;
  /** True only when the new snapshot provably differs from the parent in folders above the paths alone. */
  onlyFoldersAboveChanged(): boolean;
}

/** restic's name for an absolute path inside a snapshot; null where it is spelled differently (Windows). */
function snapshotPath(p: string): string | null {
  return process.platform === 'win32' || !path.isAbsolute(p) ? null : path.posix.normalize(p);
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const x = [...new Set(a)].sort();
  const y = [...new Set(b)].sort();
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/**
 * `targets` are the paths given to `restic backup` (folders and the database copy),
 * `parentPaths` the paths of the parent snapshot given to it with --parent.
 */
export function compareWithParent(
  targets: readonly string[],
  parentPaths: readonly string[],
): ParentComparison {
  const names = targets.map(snapshotPath);
  const usable = names.every((n) => n !== null) && sameSet(targets, parentPaths);
  // Each path's item as restic prints it: a folder's ends in "/", a file's does not.
  const pending = new Set<string>();
  for (const n of names) if (n !== null) pending.add(n).add(`${n}/`);
  const above = new Set<string>();
  for (const n of names) {
    for (let d = path.posix.dirname(n ?? '/'); d !== '/'; d = path.posix.dirname(d)) above.add(`${d}/`);
  }
  const unchanged = new Set<string>();
  let otherChange = false;
  return {
    canTell: usable,
    observe(message) {
      const m = backupItemSchema.safeParse(message);
      if (!m.success) return;
      const { action, item } = m.data;
      if (action === 'unchanged') {
        if (pending.has(item)) unchanged.add(item.endsWith('/') ? item.slice(0, -1) : item);
      } else if (action === 'modified' && above.has(item)) {
        // A folder above the paths: its times, or its tree because of those times.
      } else if (action === 'new' || action === 'modified') {
        otherChange = true;
      }
    },
    onlyFoldersAboveChanged() {
      return usable && !otherChange && names.every((n) => n !== null && unchanged.has(n));
    },
  };
}
