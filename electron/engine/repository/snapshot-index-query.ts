// Lookups in Backbeat's index of snapshot listings (snapshot-index.ts) for the tools
// that work file by file: restore-files, crosscheck and export.
import { isLossy } from './lossy-names';
import { openIndex } from './snapshot-index';

export interface IndexedEntry {
  path: string;
  type: string;
  size: number | null;
  mtime: string | null;
}

/** The snapshot's entry at `p` (an absolute, normalised path), or null. */
export function entryAt(dataDir: string, snapshotId: string, p: string): IndexedEntry | null {
  const db = openIndex(dataDir);
  try {
    const row = db
      .prepare('SELECT path, type, size, mtime FROM entries WHERE snapshot = ? AND path = ?')
      .get(snapshotId, p) as IndexedEntry | undefined;
    return row ?? null;
  } finally {
    db.close();
  }
}

/** Every regular file and symlink below the folder `dir` in the snapshot (what a restore writes), by path. */
export function filesBelow(dataDir: string, snapshotId: string, dir: string): IndexedEntry[] {
  const db = openIndex(dataDir);
  try {
    const prefix = dir === '/' ? '/' : `${dir}/`;
    // Paths that start with prefix sort between prefix and prefix with its last character raised.
    const upper = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
    return db
      .prepare(
        `SELECT path, type, size, mtime FROM entries WHERE snapshot = ? AND type IN ('file', 'symlink')
         AND path >= ? AND path < ? ORDER BY path`,
      )
      .all(snapshotId, prefix, upper) as IndexedEntry[];
  } finally {
    db.close();
  }
}

/** The entries of `paths` in one snapshot (absent paths are left out). */
export function entriesOf(
  dataDir: string,
  snapshotId: string,
  paths: readonly string[],
): Map<string, IndexedEntry> {
  const db = openIndex(dataDir);
  try {
    const get = db.prepare('SELECT path, type, size, mtime FROM entries WHERE snapshot = ? AND path = ?');
    const out = new Map<string, IndexedEntry>();
    for (const p of paths) {
      const row = get.get(snapshotId, p) as IndexedEntry | undefined;
      if (row) out.set(p, row);
    }
    return out;
  } finally {
    db.close();
  }
}

/** For each path, the first of `snapshotIds` (give them newest first) that holds it as a file. */
export function firstHolding(
  dataDir: string,
  snapshotIds: readonly string[],
  paths: readonly string[],
): Map<string, string> {
  const db = openIndex(dataDir);
  try {
    const get = db.prepare(`SELECT 1 FROM entries WHERE snapshot = ? AND path = ? AND type = 'file'`);
    const out = new Map<string, string>();
    for (const p of paths) {
      const id = snapshotIds.find((s) => get.get(s, p) !== undefined);
      if (id !== undefined) out.set(p, id);
    }
    return out;
  } finally {
    db.close();
  }
}

/**
 * The display forms (snapshot-index.ts) of those of `paths` that have one: paths with a
 * name that is not UTF-8, shown with its bytes as \xFF. Other paths are left out.
 */
export function displayFormsOf(
  dataDir: string,
  snapshotId: string,
  paths: readonly string[],
): Map<string, string> {
  const out = new Map<string, string>();
  const lossy = paths.filter(isLossy);
  if (lossy.length === 0) return out;
  const db = openIndex(dataDir);
  try {
    const get = db.prepare('SELECT display FROM display_names WHERE snapshot = ? AND path = ?').pluck();
    for (const p of lossy) {
      const display = get.get(snapshotId, p);
      if (typeof display === 'string') out.set(p, display);
    }
    return out;
  } finally {
    db.close();
  }
}
