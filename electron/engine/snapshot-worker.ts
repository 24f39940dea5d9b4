// Worker module: takes the snapshot with SQLite's online backup API and reads the
// snapshot's stats. Runs in a worker thread because better-sqlite3 is synchronous.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { ContractError } from '../../shared/errors';
import type { LibraryVariant, TrackStats } from '../../shared/types';
import {
  detectVariant,
  isBusyError,
  lockedError,
  openLibrary,
  readTrackStats,
  schemaFingerprint,
} from './library';
import { throwIfCancelled, type JobContext } from './progress';
import type { WorkerHandlers } from './worker-entry';

export interface SnapshotArgs {
  libraryPath: string;
  destPath: string;
  busyTimeoutMs: number;
  /** Pages copied per backup step; each step is one short read transaction on the library. */
  pagesPerStep: number;
}

export interface SnapshotFacts {
  databaseBytes: number;
  variant: LibraryVariant;
  stats: TrackStats;
  schemaFingerprint: string;
}

/** better-sqlite3 clamps the step to this; it means "everything that is left". */
const ALL_PAGES = 0x7fffffff;

async function snapshot(args: SnapshotArgs, ctx: JobContext): Promise<{ databaseBytes: number }> {
  // Read-only: a read-only connection never checkpoints or truncates the live WAL, so
  // the library is left exactly as it was.
  const db = openLibrary(args.libraryPath, { readonly: true, busyTimeoutMs: args.busyTimeoutMs });
  let lastRemaining = Number.POSITIVE_INFINITY;
  let copyRestAtOnce = false;
  let stalledSince: number | null = null;
  const pageSize = Number(db.pragma('page_size', { simple: true }));
  try {
    await db.backup(args.destPath, {
      progress: ({ totalPages, remainingPages }) => {
        throwIfCancelled(ctx.signal);
        // Another connection wrote to the library between two steps: SQLite restarts the
        // copy. Copy the rest in one step (one read transaction) so a busy writer cannot
        // keep restarting it; in WAL mode that step does not block the writer.
        if (remainingPages > lastRemaining) copyRestAtOnce = true;
        // No progress means the library is locked (the step returned SQLITE_BUSY).
        if (remainingPages === lastRemaining) {
          stalledSince ??= Date.now();
          if (Date.now() - stalledSince > args.busyTimeoutMs)
            throw lockedError(args.libraryPath, args.busyTimeoutMs);
        } else {
          stalledSince = null;
        }
        lastRemaining = remainingPages;
        const done = totalPages - remainingPages;
        ctx.report({
          phase: 'snapshot',
          label: 'Taking a snapshot of the library',
          fraction: totalPages > 0 ? done / totalPages : 0,
          bytesDone: done * pageSize,
          bytesTotal: totalPages * pageSize,
        });
        return copyRestAtOnce ? ALL_PAGES : args.pagesPerStep;
      },
    });
  } catch (err) {
    if (err instanceof ContractError) throw err;
    if (isBusyError(err)) throw lockedError(args.libraryPath, args.busyTimeoutMs);
    throw new ContractError(
      'io',
      `Could not write the snapshot in ${path.dirname(args.destPath)}: ${(err as Error).message}. ` +
        'Check that the backup folder is writable and has free space.',
    );
  } finally {
    db.close();
  }
  return { databaseBytes: fs.statSync(args.destPath).size };
}

/** Stats of the snapshot itself, so the metadata describes exactly what the file holds. */
function inspect(args: { path: string }): Omit<SnapshotFacts, 'databaseBytes'> {
  const db = new Database(args.path, { fileMustExist: true });
  try {
    const variant = detectVariant(db);
    return { variant, stats: readTrackStats(db, variant), schemaFingerprint: schemaFingerprint(db) };
  } finally {
    db.close();
  }
}

export const handlers: WorkerHandlers = {
  snapshot: (args, ctx) => snapshot(args as SnapshotArgs, ctx),
  inspect: (args) => inspect(args as { path: string }),
};
