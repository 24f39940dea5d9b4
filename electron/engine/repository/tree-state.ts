// A digest of what restic would read below a snapshot's paths, taken before it reads
// them, so an unchanged library can be told without starting restic at all
// (snapshot-unchanged-proof.ts).
//
// Each entry is recorded by its path and the lstat fields restic stores or compares
// (type and mode, owner, size, mtime, inode, device, link count) and its ctime: the
// kernel moves an entry's ctime on every write, truncate, chmod, chown, xattr change,
// link, unlink or rename of it, and nothing can set it back (short of the clock), so an
// entry with the same ctime, inode and device is the same entry, untouched. restic
// itself trusts the same fields to reuse a file's content (mtime, ctime, size, inode),
// so this is no weaker than its own change detection. A folder's listing is read, so an
// entry added or removed shows even where a folder's times do not. Symlinks are not
// followed (restic stores them as links). Excluded entries are walked too: a change
// there only costs a run of restic, never a missed change.
//
// Synchronous on purpose: it runs in a worker (tree-state-worker.ts), where a plain
// loop of lstat calls is several times faster than as many promises.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface TreeState {
  /** SHA-256 over every entry, in a fixed order; null when some entry could not be read. */
  digest: string | null;
  entries: number;
  /**
   * The newest ctime the walk saw, in nanoseconds since the epoch (a decimal string, as
   * it crosses from the worker): a walk that ran beside restic is trusted only when
   * nothing it saw changed after restic started (snapshot-walk-beside.ts).
   */
  newestCtimeNs: string;
}

function entryLine(p: string, s: fs.BigIntStats): string {
  const fields = [s.mode, s.uid, s.gid, s.size, s.mtimeNs, s.ctimeNs, s.ino, s.dev, s.nlink];
  return `${p}\0${fields.join('\0')}\n`;
}

interface Counter {
  entries: number;
  newestCtimeNs: bigint;
}

/** Hashes `p` and, for a folder, everything below it, names in code-unit order. */
function walk(p: string, hash: crypto.Hash, counter: Counter): void {
  const s = fs.lstatSync(p, { bigint: true });
  hash.update(entryLine(p, s));
  counter.entries++;
  if (s.ctimeNs > counter.newestCtimeNs) counter.newestCtimeNs = s.ctimeNs;
  if (!s.isDirectory()) return;
  for (const name of fs.readdirSync(p).sort()) walk(path.join(p, name), hash, counter);
}

/**
 * The state of `paths` (files or folders, absolute) and everything below them. A path
 * that cannot be read (gone, no permission, a name that is not valid UTF-8) gives a
 * null digest: nothing can be proven then, and restic runs as usual.
 */
export function treeState(paths: readonly string[]): TreeState {
  const hash = crypto.createHash('sha256');
  const counter: Counter = { entries: 0, newestCtimeNs: 0n };
  const newestCtimeNs = (): string => counter.newestCtimeNs.toString();
  try {
    for (const p of paths) walk(p, hash, counter);
  } catch {
    return { digest: null, entries: counter.entries, newestCtimeNs: newestCtimeNs() };
  }
  return { digest: hash.digest('hex'), entries: counter.entries, newestCtimeNs: newestCtimeNs() };
}
