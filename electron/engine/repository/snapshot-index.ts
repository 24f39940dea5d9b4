// Backbeat's own index of snapshot listings: each snapshot's `restic ls` is read once
// into a SQLite cache in the data folder, so browsing and comparing snapshots never
// runs restic per folder. A snapshot is indexed in one transaction: an indexing that
// is killed leaves nothing, and the next one starts over. Snapshots never change, so
// an indexed one stays valid; the cache can be deleted at any time.
import path from 'node:path';
import { ContractError } from '../../../shared/errors';
import type { SnapshotDiff, SnapshotFile } from '../../../shared/repository-types';
import { isLossy } from './lossy-names';
import { displayPaths } from './raw-names';
import { lsNodeSchema } from './restic-messages';
import { runResticSerialized, type RepoAccess } from './restic-runner';
import { openDatabase, type Db } from '../sqlite';

export function indexPath(dataDir: string): string {
  return path.join(dataDir, 'repository-index.sqlite');
}

export function openIndex(dataDir: string): Db {
  const db = openDatabase(indexPath(dataDir), { timeout: 60_000 });
  db.pragma('journal_mode = WAL');
  createTables(db);
  upgradeFormat(db);
  return db;
}

/**
 * The index's format, kept as SQLite's user_version. 0: written before the display forms
 * of names that are not UTF-8 existed (a snapshot indexed then has U+FFFD paths and no
 * display_names rows, and would keep them for ever, since an indexed snapshot is never
 * read again). 1: display forms kept.
 */
export const INDEX_FORMAT = 1;

/**
 * Brings an index written by older code up to INDEX_FORMAT, once: the snapshots whose
 * listing has a name that is not UTF-8 are marked unindexed, so the next use reads them
 * again (indexOnce replaces their entries, now with display forms); the others are still
 * right and stay. A snapshot marked so is listed through restic again, not the cache
 * alone (snapshot-known.ts joins on `indexed`).
 */
function upgradeFormat(db: Db): void {
  if ((db.pragma('user_version', { simple: true }) as number) >= INDEX_FORMAT) return;
  db.exec('BEGIN IMMEDIATE');
  try {
    // Another process may have upgraded it meanwhile.
    if ((db.pragma('user_version', { simple: true }) as number) < INDEX_FORMAT) {
      // A snapshot that already has display forms was indexed by code that kept them.
      db.prepare(
        `DELETE FROM indexed WHERE snapshot IN
           (SELECT DISTINCT snapshot FROM entries WHERE instr(path, char(65533)) > 0)
         AND snapshot NOT IN (SELECT snapshot FROM display_names)`,
      ).run();
      db.pragma(`user_version = ${INDEX_FORMAT}`);
    }
    db.exec('COMMIT');
  } catch (err) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw err;
  }
}

// A folder is listed from entries_folder alone: it covers the columns shown and is in
// path order, so SQLite neither sorts nor reads the table. With only (snapshot, parent)
// the planner walked the whole snapshot in primary-key order to skip the sort (about
// 0.5 s per folder at 100,000 entries); entries_parent was that index and is dropped.
function createTables(db: Db): void {
  db.exec(`CREATE TABLE IF NOT EXISTS indexed (snapshot TEXT PRIMARY KEY, entries INTEGER NOT NULL);
           CREATE TABLE IF NOT EXISTS entries (
             snapshot TEXT NOT NULL, path TEXT NOT NULL, parent TEXT NOT NULL, type TEXT NOT NULL,
             size INTEGER, mtime TEXT, PRIMARY KEY (snapshot, path)) WITHOUT ROWID;
           DROP INDEX IF EXISTS entries_parent;
           CREATE INDEX IF NOT EXISTS entries_folder ON entries (snapshot, parent, path, type, size, mtime);
           CREATE TABLE IF NOT EXISTS known (
             repo TEXT NOT NULL, library TEXT NOT NULL, snapshot TEXT NOT NULL, entry TEXT NOT NULL,
             PRIMARY KEY (repo, library, snapshot)) WITHOUT ROWID;
           CREATE TABLE IF NOT EXISTS display_names (
             snapshot TEXT NOT NULL, path TEXT NOT NULL, display TEXT NOT NULL,
             PRIMARY KEY (snapshot, path)) WITHOUT ROWID;`);
}

function parentOf(p: string): string {
  const i = p.lastIndexOf('/');
  return i <= 0 ? '/' : p.slice(0, i);
}

/**
 * Writes to one cache run one at a time, in this process. An indexing holds the cache's
 * write transaction while restic lists the snapshot; a second write started meanwhile (the
 * app asks for a folder and a search of a snapshot at once) would wait on SQLite's busy
 * timeout, which blocks the main thread, so the first could never finish and both would
 * fail with "database is locked". Waiting here instead, the second finds the snapshot indexed.
 */
const writing = new Map<string, Promise<void>>();

/** Runs `write` after every earlier write to the cache in `dataDir` has finished. */
export function queuedWrite<T>(dataDir: string, write: () => Promise<T> | T): Promise<T> {
  const key = indexPath(dataDir);
  const run = (writing.get(key) ?? Promise.resolve()).then(write);
  const settled = run.then(
    () => undefined,
    () => undefined,
  );
  writing.set(key, settled);
  void settled.then(() => {
    if (writing.get(key) === settled) writing.delete(key);
  });
  return run;
}

/** Reads the snapshot's listing into the index unless it is there already. */
export function ensureIndexed(
  dataDir: string,
  access: RepoAccess,
  snapshotId: string,
  signal?: AbortSignal,
): Promise<void> {
  return queuedWrite(dataDir, () => indexOnce(dataDir, access, snapshotId, signal));
}

async function indexOnce(
  dataDir: string,
  access: RepoAccess,
  snapshotId: string,
  signal?: AbortSignal,
): Promise<void> {
  const db = openIndex(dataDir);
  try {
    if (db.prepare('SELECT 1 FROM indexed WHERE snapshot = ?').get(snapshotId)) return;
    const insert = db.prepare(
      'INSERT OR REPLACE INTO entries (snapshot, path, parent, type, size, mtime) VALUES (?, ?, ?, ?, ?, ?)',
    );
    let count = 0;
    const lossy: string[] = [];
    db.exec('BEGIN IMMEDIATE');
    try {
      db.prepare('DELETE FROM entries WHERE snapshot = ?').run(snapshotId);
      db.prepare('DELETE FROM display_names WHERE snapshot = ?').run(snapshotId);
      await runResticSerialized(access, ['ls', snapshotId], {
        ...(signal ? { signal } : {}),
        onMessage: (m) => {
          const n = lsNodeSchema.safeParse(m);
          if (!n.success || n.data.struct_type !== 'node') return;
          const p = n.data.path;
          insert.run(snapshotId, p, parentOf(p), n.data.type, n.data.size ?? null, n.data.mtime ?? null);
          if (isLossy(p)) lossy.push(p);
          count++;
        },
      });
      // Names that are not UTF-8: their exact bytes, from restic's trees, for display and search.
      if (lossy.length > 0) {
        const shown = await displayPaths(access, snapshotId, lossy, signal);
        const put = db.prepare('INSERT INTO display_names (snapshot, path, display) VALUES (?, ?, ?)');
        for (const [p, display] of shown) put.run(snapshotId, p, display);
      }
      db.prepare('INSERT INTO indexed (snapshot, entries) VALUES (?, ?)').run(snapshotId, count);
      db.exec('COMMIT');
    } catch (err) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw err;
    }
  } finally {
    db.close();
  }
}

function normalizeDir(p: string | undefined): string {
  if (!p || p === '/') return '/';
  const abs = path.posix.normalize(p.startsWith('/') ? p : `/${p}`);
  return abs.length > 1 && abs.endsWith('/') ? abs.slice(0, -1) : abs;
}

interface EntryRow {
  path: string;
  type: string;
  size: number | null;
  mtime: string | null;
}

/** Adds `display` (the bytes shown) to the rows whose path holds U+FFFD, where it is known. */
function withDisplay<T extends { path: string; display?: string }>(
  db: Db,
  snapshotId: string,
  rows: T[],
): T[] {
  if (!rows.some((r) => isLossy(r.path))) return rows;
  const get = db.prepare('SELECT display FROM display_names WHERE snapshot = ? AND path = ?');
  for (const r of rows) {
    if (!isLossy(r.path)) continue;
    const found = get.get(snapshotId, r.path) as { display: string } | undefined;
    if (found) r.display = found.display;
  }
  return rows;
}

/** The entries of one folder of an indexed snapshot (or the one entry a file path names). */
export function listIndexedFiles(dataDir: string, snapshotId: string, dir?: string): SnapshotFile[] {
  const db = openIndex(dataDir);
  try {
    const at = normalizeDir(dir);
    const self = db
      .prepare('SELECT path, type, size, mtime FROM entries WHERE snapshot = ? AND path = ?')
      .get(snapshotId, at) as EntryRow | undefined;
    if (at !== '/' && !self)
      throw new ContractError('not-found', `${at} is not in snapshot ${snapshotId.slice(0, 8)}.`);
    if (self && self.type !== 'dir') return withDisplay(db, snapshotId, [self]);
    const rows = db
      .prepare(
        'SELECT path, type, size, mtime FROM entries WHERE snapshot = ? AND parent = ? AND path != ? ORDER BY path',
      )
      .all(snapshotId, at, '/') as EntryRow[];
    return withDisplay(db, snapshotId, rows);
  } finally {
    db.close();
  }
}

/** What changed from snapshot a to b: files (not folders) added, removed, or changed in size or time. */
export function diffIndexed(dataDir: string, a: string, b: string): SnapshotDiff {
  const db = openIndex(dataDir);
  try {
    const only = db.prepare(
      `SELECT x.path, x.size FROM entries x WHERE x.snapshot = ? AND x.type != 'dir'
       AND NOT EXISTS (SELECT 1 FROM entries y WHERE y.snapshot = ? AND y.path = x.path AND y.type != 'dir')
       ORDER BY x.path`,
    );
    const changed = db.prepare(
      `SELECT y.path, y.size, x.size AS sizeBefore FROM entries x JOIN entries y ON y.path = x.path
       WHERE x.snapshot = ? AND y.snapshot = ? AND x.type != 'dir' AND y.type != 'dir'
       AND (x.type != y.type OR x.size IS NOT y.size OR x.mtime IS NOT y.mtime) ORDER BY y.path`,
    );
    return {
      added: withDisplay(db, b, only.all(b, a) as SnapshotDiff['added']),
      removed: withDisplay(db, a, only.all(a, b) as SnapshotDiff['removed']),
      changed: withDisplay(db, b, changed.all(a, b) as SnapshotDiff['changed']),
    };
  } finally {
    db.close();
  }
}

/** Entries of an indexed snapshot whose path contains `query` (case-insensitive), by path; at most `limit`. */
export function searchIndexedFiles(
  dataDir: string,
  snapshotId: string,
  query: string,
  limit: number,
): { entries: SnapshotFile[]; truncated: boolean } {
  const db = openIndex(dataDir);
  try {
    // instr() on lower(): no LIKE, so % and _ in the query are plain characters.
    const rows = db
      .prepare(
        `SELECT path, type, size, mtime FROM entries WHERE snapshot = ? AND path != '/'
         AND instr(lower(path), lower(?)) > 0 ORDER BY path LIMIT ?`,
      )
      .all(snapshotId, query, limit + 1) as EntryRow[];
    // Names that are not UTF-8 are also found by their shown bytes ("\xFF").
    const byDisplay = db
      .prepare(
        `SELECT e.path, e.type, e.size, e.mtime FROM display_names d
         JOIN entries e ON e.snapshot = d.snapshot AND e.path = d.path
         WHERE d.snapshot = ? AND instr(lower(d.display), lower(?)) > 0 ORDER BY e.path LIMIT ?`,
      )
      .all(snapshotId, query, limit + 1) as EntryRow[];
    if (byDisplay.length > 0) {
      const seen = new Set(rows.map((r) => r.path));
      for (const r of byDisplay) if (!seen.has(r.path)) rows.push(r);
      rows.sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
    }
    const entries = withDisplay(db, snapshotId, rows.slice(0, limit));
    return { entries, truncated: rows.length > limit };
  } finally {
    db.close();
  }
}
