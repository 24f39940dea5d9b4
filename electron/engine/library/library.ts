// Opening a library database and reading what it holds: which `tracks` variant it
// uses (see ../shared/reference/library-format.md), track counts by analysis state,
// and a fingerprint of its schema.
import fs from 'node:fs';
import crypto from 'node:crypto';
import type Database from 'better-sqlite3';
import { openDatabase } from '../sqlite';
import { ContractError } from '../../../shared/errors';
import type { LibraryStats, LibraryVariant, TrackStats } from '../../../shared/types';
import { BEAT3TOWER_SQL } from './features';

export type Db = Database.Database;

/** How long to wait on a database locked by another writer before giving up. */
export const DEFAULT_BUSY_TIMEOUT_MS = 60_000;

export interface OpenOptions {
  readonly?: boolean;
  busyTimeoutMs?: number;
  /**
   * For a connection that reads each page once (a backup copy, a stats scan): keep
   * SQLite's page cache small. The default 16 MB cache is filled and recycled for
   * nothing there, and costs allocation and page faults: a 217 MB copy took ~40 ms
   * more CPU with it, a stats scan ~30 ms (more in a fresh process).
   */
  scan?: boolean;
}

/** The page cache of a scanning connection (see OpenOptions.scan), in KiB. */
const SCAN_CACHE_KIB = 256;

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

/** Throws a clear ContractError unless `filePath` is an existing SQLite database file. */
export function assertSqliteFile(filePath: string): void {
  let fd: number;
  try {
    fd = fs.openSync(filePath, 'r');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ContractError('not-found', `No library database at ${filePath}.`);
    if (code === 'EISDIR')
      throw new ContractError('not-sqlite', `${filePath} is a folder, not a library database.`);
    if (code === 'EACCES' || code === 'EPERM')
      throw new ContractError('io', `Backbeat may not read ${filePath}; check its permissions.`);
    throw new ContractError('io', `Cannot open ${filePath}: ${(err as Error).message}`);
  }
  try {
    // On Linux a folder opens fine and only fails on read; say what it is instead.
    if (fs.fstatSync(fd).isDirectory()) {
      throw new ContractError('not-sqlite', `${filePath} is a folder, not a library database.`);
    }
    const header = Buffer.alloc(16);
    const n = fs.readSync(fd, header, 0, 16, 0);
    if (n < 16 || !header.equals(SQLITE_MAGIC)) {
      throw new ContractError('not-sqlite', `${filePath} is not a SQLite database.`);
    }
  } finally {
    fs.closeSync(fd);
  }
}

const DAMAGE_MESSAGE = /database disk image is malformed|file is not a database/i;

/**
 * True for SQLite's "the file is damaged" errors (SQLITE_CORRUPT, SQLITE_NOTADB), also
 * after they crossed a worker boundary (which keeps the message, not the code).
 */
export function isDamageError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB') return true;
  return err instanceof Error && DAMAGE_MESSAGE.test(err.message);
}

/** What to say when the library itself is damaged: which file, and what to do. */
export function libraryDamagedError(libraryPath: string): ContractError {
  return new ContractError(
    'corrupt',
    `The library database ${libraryPath} is damaged (SQLite: "database disk image is malformed"), ` +
      'so Backbeat cannot read it safely. Restore the whole database from a backup made before the ' +
      'damage: `backbeat restore <backup> --replace --apply` (in the app, replace the whole library ' +
      'from a restore point); the damaged file is kept beside it as a before-restore copy.',
  );
}

/** `err` as libraryDamagedError when it is a damage error; otherwise unchanged. */
export function explainDamage(err: unknown, libraryPath: string): unknown {
  if (err instanceof ContractError && err.code === 'corrupt') return err;
  return isDamageError(err) ? libraryDamagedError(libraryPath) : err;
}

/** True for SQLite's "database is locked" / "busy" errors. */
export function isBusyError(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED' || code === 'SQLITE_BUSY_SNAPSHOT';
}

export function lockedError(filePath: string, timeoutMs: number): ContractError {
  return new ContractError(
    'locked',
    `The library ${filePath} stayed locked by another program for ${Math.round(timeoutMs / 1000)} s. ` +
      'Wait for the other program (a scan, perhaps) to finish, then try again.',
  );
}

/**
 * Opens a library. Checks the file first so a missing or non-SQLite file gets a
 * clear error instead of an empty database being created.
 */
export function openLibrary(filePath: string, options: OpenOptions = {}): Db {
  assertSqliteFile(filePath);
  const timeout = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
  let db: Db;
  try {
    db = openDatabase(filePath, { readonly: options.readonly ?? false, fileMustExist: true, timeout });
  } catch (err) {
    throw new ContractError('io', `Cannot open ${filePath}: ${(err as Error).message}`);
  }
  try {
    // Touch the schema: this is where a corrupt file or a held lock shows up.
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    if (options.scan) db.pragma(`cache_size = -${SCAN_CACHE_KIB}`);
  } catch (err) {
    db.close();
    if (isBusyError(err)) throw lockedError(filePath, timeout);
    throw new ContractError(
      'not-sqlite',
      `${filePath} is not a readable SQLite database: ${(err as Error).message}`,
    );
  }
  return db;
}

export function columnsOf(db: Db, table: string): Set<string> {
  const rows = db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[];
  return new Set(rows.map((r) => r.name));
}

/**
 * Recognises the two `tracks` layouts without configuration. Variant B is the
 * generator's own schema (epoch `sonic_analyzed_at`); variant A the documented one
 * (ISO `sonic_features_updated_at`). Anything else is `none`.
 */
export function detectVariant(db: Db): LibraryVariant {
  const cols = columnsOf(db, 'tracks');
  if (!cols.has('track_id') || !cols.has('sonic_features') || !cols.has('file_path')) return 'none';
  if (cols.has('sonic_analyzed_at')) return 'B';
  if (cols.has('sonic_features_updated_at')) return 'A';
  return 'none';
}

/** The columns a restore writes back, per variant; everything else in `tracks` is left alone. */
export const ANALYSIS_COLUMNS: Record<'A' | 'B', readonly string[]> = {
  A: ['sonic_features', 'sonic_features_updated_at'],
  B: ['sonic_features', 'sonic_analyzed_at', 'sonic_source', 'sonic_failed_at'],
};

/** The column that says when a track was analysed, per variant. */
export const ANALYZED_AT_COLUMN: Record<'A' | 'B', string> = {
  A: 'sonic_features_updated_at',
  B: 'sonic_analyzed_at',
};

/**
 * Counts tracks by analysis state in one pass. Variant A has no failure column; its
 * failures live in Backbeat's own state, so they are reported as 0 here.
 */
export function readTrackStats(db: Db, variant: LibraryVariant): TrackStats {
  if (variant === 'none') return { tracks: 0, analyzed: 0, pending: 0, failed: 0, beat3tower: 0, legacy: 0 };
  const failedExpr = variant === 'B' ? 'sonic_failed_at IS NOT NULL' : '0';
  const row = db
    .prepare(
      `SELECT count(*) AS tracks,
              coalesce(sum(sonic_features IS NOT NULL), 0) AS analyzed,
              coalesce(sum(sonic_features IS NULL AND NOT (${failedExpr})), 0) AS pending,
              coalesce(sum(sonic_features IS NULL AND (${failedExpr})), 0) AS failed,
              coalesce(sum(sonic_features IS NOT NULL AND ${BEAT3TOWER_SQL}), 0) AS beat3tower
         FROM tracks`,
    )
    .get() as { tracks: number; analyzed: number; pending: number; failed: number; beat3tower: number };
  return {
    tracks: row.tracks,
    analyzed: row.analyzed,
    pending: row.pending,
    failed: row.failed,
    beat3tower: row.beat3tower,
    legacy: row.analyzed - row.beat3tower,
  };
}

/** sha256 over the sorted, whitespace-normalised schema SQL: equal schemas, equal fingerprints. */
export function schemaFingerprint(db: Db): string {
  const rows = db
    .prepare(`SELECT type, name, tbl_name, coalesce(sql, '') AS sql FROM sqlite_master ORDER BY type, name`)
    .all() as { type: string; name: string; tbl_name: string; sql: string }[];
  const text = rows
    .map((r) => `${r.type}|${r.name}|${r.tbl_name}|${r.sql.replace(/\s+/g, ' ').trim()}`)
    .join('\n');
  return crypto.createHash('sha256').update(text).digest('hex');
}

/** Size of the database on disk: the main file plus a -wal file when there is one. */
export function databaseBytes(filePath: string): number {
  let total = 0;
  for (const p of [filePath, `${filePath}-wal`]) {
    try {
      total += fs.statSync(p).size;
    } catch {
      // No WAL file: nothing to add.
    }
  }
  return total;
}

/** Opens the library read-only, reads its stats, closes it. */
export function getLibraryStats(filePath: string, options: OpenOptions = {}): LibraryStats {
  const db = openLibrary(filePath, { ...options, readonly: true, scan: true });
  try {
    const variant = detectVariant(db);
    let stats: TrackStats;
    try {
      stats = readTrackStats(db, variant);
    } catch (err) {
      if (isBusyError(err)) throw lockedError(filePath, options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS);
      throw explainDamage(err, filePath);
    }
    return { libraryPath: filePath, variant, databaseBytes: databaseBytes(filePath), ...stats };
  } finally {
    db.close();
  }
}
