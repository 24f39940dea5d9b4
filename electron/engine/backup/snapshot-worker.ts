// Worker module: takes the snapshot with SQLite's online backup API and reads the
// snapshot's stats. Runs in worker threads because better-sqlite3 is synchronous.
//
// A backup starts two instances of this module. One copies the library (beginSnapshot,
// copySnapshot); the other reads the stats at the same time (markDataVersion, then
// statsIfUnchanged in WAL mode, or statsUnpinned and unchangedSinceMark in rollback-
// journal mode), so reading tens of thousands of feature documents does not add to
// the backup's time, nor compete with the compression for the cores. The stats must describe exactly the copied state, which
// read-snapshots.ts arranges; when it cannot (another program wrote in between, or the
// library is not in WAL mode), the stats are read from the finished snapshot file
// instead (inspect), as every backup did before.
import fs from 'node:fs';
import path from 'node:path';
import { crashPoint } from '../runtime/crash-points';
import { ContractError } from '../../../shared/errors';
import type { LibraryVariant, TrackStats } from '../../../shared/types';
import {
  detectVariant,
  isBusyError,
  lockedError,
  openLibrary,
  readTrackStats,
  schemaFingerprint,
  type Db,
} from '../library/library';
import { throwIfCancelled, type JobContext } from '../runtime/progress';
import { beginHeldRead, readDataVersion, sameStateAs, type HeldRead } from './read-snapshots';
import { LockBudget } from './lock-budget';
import { copyFileUnderReadLock, fileCopySupported } from './file-copy';
import type { WorkerMethods } from '../runtime/worker-protocol';

export interface BeginSnapshotArgs {
  libraryPath: string;
  busyTimeoutMs: number;
}

export interface BeginSnapshotResult {
  /** True when one read transaction now pins the state that copySnapshot will copy. */
  heldReadTransaction: boolean;
}

export interface CopySnapshotArgs {
  destPath: string;
  busyTimeoutMs: number;
  /** Pages copied per backup step; each step is one short read transaction on the library. */
  pagesPerStep: number;
  /** A rollback-journal library is copied as a file under a read lock (file-copy.ts); default true. */
  fileCopy?: boolean | undefined;
}

export interface MarkDataVersionArgs {
  libraryPath: string;
  busyTimeoutMs: number;
}

export interface MarkDataVersionResult {
  dataVersion: number;
}

export interface SnapshotFacts {
  databaseBytes: number;
  variant: LibraryVariant;
  stats: TrackStats;
  schemaFingerprint: string;
}

export type LibraryFacts = Omit<SnapshotFacts, 'databaseBytes'>;

/** better-sqlite3 clamps the step to this; it means "everything that is left". */
const ALL_PAGES = 0x7fffffff;
/**
 * Pages per step while a read transaction is held: the steps then no longer give a
 * writer a chance in between (WAL writers never wait for readers anyway), so they only
 * pace the progress bar. 16,384 pages is 64 MiB with the usual 4 KiB pages.
 */
const HELD_PAGES_PER_STEP = 16_384;

/** One connection per worker instance and job: this module's state between calls. */
let copySource: { db: Db; held: HeldRead | null; libraryPath: string } | null = null;
let statsSource: { db: Db; dataVersion: number } | null = null;

function closeQuietly(db: Db): void {
  try {
    if (db.open) db.close();
  } catch {
    // Closing only fails on a connection that is already unusable; nothing to keep.
  }
}

function beginSnapshot(args: BeginSnapshotArgs): BeginSnapshotResult {
  if (copySource) closeQuietly(copySource.db);
  // Read-only: a read-only connection never checkpoints or truncates the live WAL, so
  // the library is left exactly as it was.
  const db = openLibrary(args.libraryPath, { readonly: true, busyTimeoutMs: args.busyTimeoutMs, scan: true });
  try {
    const held = beginHeldRead(db);
    copySource = { db, held, libraryPath: args.libraryPath };
    return { heldReadTransaction: held !== null };
  } catch (err) {
    closeQuietly(db);
    if (isBusyError(err)) throw lockedError(args.libraryPath, args.busyTimeoutMs);
    throw err;
  }
}

/** How long the connection's next statement (or backup step) may wait for a lock. */
function setBusyTimeout(db: Db, ms: number): void {
  db.pragma(`busy_timeout = ${Math.max(0, Math.floor(ms))}`);
}

async function copySnapshot(args: CopySnapshotArgs, ctx: JobContext): Promise<{ databaseBytes: number }> {
  const source = copySource;
  if (!source) throw new Error('copySnapshot needs beginSnapshot first');
  copySource = null;
  const { db, held, libraryPath } = source;
  // What is left of the backup's one wait budget, counted from now on this thread's
  // clock. Every step waits in SQLite's busy handler for no more than what is left of
  // it: the connection was opened with the budget as it stood then, and each step used
  // to wait that long again.
  const budget = new LockBudget(args.busyTimeoutMs);
  const locked = (): ContractError => lockedError(libraryPath, args.busyTimeoutMs);
  let lastRemaining = Number.POSITIVE_INFINITY;
  let copyRestAtOnce = false;
  const stepPages = held ? Math.max(args.pagesPerStep, HELD_PAGES_PER_STEP) : args.pagesPerStep;
  try {
    const pageSize = Number(db.pragma('page_size', { simple: true }));
    if (!held && args.fileCopy !== false && fileCopySupported()) {
      setBusyTimeout(db, budget.remainingMs());
      const bytes = copyFileUnderReadLock(db, libraryPath, args.destPath);
      if (bytes !== null) {
        crashPoint('backup-snapshot-step');
        ctx.report({
          phase: 'snapshot',
          label: 'Taking a snapshot of the library',
          fraction: 1,
          bytesDone: bytes,
          bytesTotal: bytes,
        });
        return { databaseBytes: bytes };
      }
      throwIfCancelled(ctx.signal);
    }
    for (;;) {
      setBusyTimeout(db, budget.remainingMs());
      const result = await db.backup(args.destPath, {
        progress: ({ totalPages, remainingPages }) => {
          crashPoint('backup-snapshot-step');
          throwIfCancelled(ctx.signal);
          // Another connection wrote to the library between two steps: SQLite restarts the
          // copy. Copy the rest in one step (one read transaction) so a busy writer cannot
          // keep restarting it; in WAL mode that step does not block the writer. (With a
          // held read transaction nothing restarts: every step reads the pinned state.)
          if (remainingPages > lastRemaining) copyRestAtOnce = true;
          // No progress: the step found the library locked and waited what was left.
          if (remainingPages === lastRemaining && budget.remainingMs() === 0) throw locked();
          lastRemaining = remainingPages;
          setBusyTimeout(db, budget.remainingMs());
          const done = totalPages - remainingPages;
          ctx.report({
            phase: 'snapshot',
            label: 'Taking a snapshot of the library',
            fraction: totalPages > 0 ? done / totalPages : 0,
            bytesDone: done * pageSize,
            bytesTotal: totalPages * pageSize,
          });
          return copyRestAtOnce ? ALL_PAGES : stepPages;
        },
      });
      // A first step that found the library locked copies nothing and reports no pages
      // at all (a database has at least one): better-sqlite3 then takes the copy for
      // finished and deletes the new file. Try again while the budget lasts.
      if (result.totalPages > 0) break;
      throwIfCancelled(ctx.signal);
      if (budget.remainingMs() === 0) throw locked();
    }
  } catch (err) {
    if (err instanceof ContractError) throw err;
    if (isBusyError(err)) throw locked();
    throw new ContractError(
      'io',
      `Could not write the snapshot in ${path.dirname(args.destPath)}: ${(err as Error).message}. ` +
        'Check that the backup folder is writable and has free space.',
    );
  } finally {
    held?.release();
    closeQuietly(db);
  }
  return { databaseBytes: fs.statSync(args.destPath).size };
}

function markDataVersion(args: MarkDataVersionArgs): MarkDataVersionResult {
  if (statsSource) closeQuietly(statsSource.db);
  statsSource = null;
  const db = openLibrary(args.libraryPath, { readonly: true, busyTimeoutMs: args.busyTimeoutMs, scan: true });
  try {
    const dataVersion = readDataVersion(db);
    statsSource = { db, dataVersion };
    return { dataVersion };
  } catch (err) {
    closeQuietly(db);
    if (isBusyError(err)) throw lockedError(args.libraryPath, args.busyTimeoutMs);
    throw err;
  }
}

function readFacts(db: Db): LibraryFacts {
  const variant = detectVariant(db);
  return { variant, stats: readTrackStats(db, variant), schemaFingerprint: schemaFingerprint(db) };
}

/**
 * The library's facts as of the copy's pinned state, or null when that cannot be
 * guaranteed (a commit landed since markDataVersion): the caller then inspects the
 * snapshot file. Must be called after beginSnapshot pinned its state.
 */
function statsIfUnchanged(): LibraryFacts | null {
  const source = statsSource;
  if (!source) throw new Error('statsIfUnchanged needs markDataVersion first');
  statsSource = null;
  try {
    // The exact fallback (inspect) still works from the snapshot file; a busy or
    // odd library here must not fail the backup.
    return factsIfSameState(source);
  } finally {
    closeQuietly(source.db);
  }
}

/**
 * The facts when the library is still in the marked state (held while they are read),
 * else null; null too when it is busy, rather than waiting.
 */
function factsIfSameState(source: { db: Db; dataVersion: number }): LibraryFacts | null {
  try {
    const held = sameStateAs(source.db, source.dataVersion);
    if (!held) return null;
    try {
      return readFacts(source.db);
    } finally {
      held.release();
    }
  } catch (err) {
    if (isBusyError(err)) return null;
    throw err;
  }
}

/**
 * Rollback-journal libraries (no read transaction pins the copy's state): the facts as
 * of now, read while the copy runs, or null when a commit landed since markDataVersion.
 * Never waits for a lock (null instead). The connection stays open for
 * unchangedSinceMark, which the caller asks once the copy is done: only when nothing
 * was committed from the mark to the copy's end did the copy and this reading see the
 * same state. (A commit in between also restarts the copy, from the new state.)
 * The reading holds a shared lock for its duration, as each copy step does for its own.
 */
function statsUnpinned(): LibraryFacts | null {
  const source = statsSource;
  if (!source) throw new Error('statsUnpinned needs markDataVersion first');
  setBusyTimeout(source.db, 0); // a pragma: never busy itself
  return factsIfSameState(source);
}

/** Whether nobody committed to the library since markDataVersion; closes its connection. */
function unchangedSinceMark(): boolean {
  const source = statsSource;
  if (!source) throw new Error('unchangedSinceMark needs markDataVersion first');
  statsSource = null;
  try {
    return readDataVersion(source.db) === source.dataVersion;
  } catch (err) {
    if (isBusyError(err)) return false;
    throw err;
  } finally {
    closeQuietly(source.db);
  }
}

/** Stats of the snapshot file itself, so the metadata describes exactly what the file holds. */
function inspect(args: { path: string }): LibraryFacts {
  const db = openLibrary(args.path, { scan: true });
  try {
    return readFacts(db);
  } finally {
    db.close();
  }
}

export const handlers = {
  beginSnapshot,
  copySnapshot,
  markDataVersion,
  statsIfUnchanged,
  statsUnpinned,
  unchangedSinceMark,
  inspect,
} satisfies WorkerMethods;

export type SnapshotMethods = typeof handlers;
