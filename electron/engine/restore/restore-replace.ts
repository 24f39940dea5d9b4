// Replace restore: the whole backed-up database takes the live one's place.
//
//   1. stage     the backup copy beside the library (same disk, so the final rename is
//                atomic), in the live library's journal mode, fsynced
//   2. lock      the live database exclusively, waiting up to the busy timeout: no other
//                connection may hold it. A WAL library is checkpointed and switched to
//                rollback mode first (a `was-wal` marker says so until it is undone), so
//                no -wal holds data the copy would miss
//   3. save      a byte copy of the live file as `<library>.before-restore-<stamp>`
//   4. swap      remove the stale -wal/-shm/-journal, rename the staged file over the
//                library, fsync the folder; only then is the lock released
// A failure or cancel before step 4 leaves the library as it was (its journal mode
// switched back). A kill at any point leaves files named with the job's owner tag
// (replace-files.ts), which the next job on the library finishes or undoes
// (library-leftovers.ts), so the library's header ends as it was or as the backup's.
// Runs in a worker: the lock wait blocks its thread.
//
// `libraryPath` is resolved to the real file: a replace through a symlink replaces the
// file the link points to and leaves the link a link.
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../sqlite';
import { ContractError } from '../../../shared/errors';
import { crashPoint } from '../runtime/crash-points';
import { diskFullError } from '../fs/fs-errors';
import {
  DEFAULT_BUSY_TIMEOUT_MS,
  assertSqliteFile,
  detectVariant,
  isBusyError,
  lockedError,
  openLibrary,
  type Db,
} from '../library/library';
import { throwIfCancelled, type JobContext } from '../runtime/progress';
import { realPathOf } from '../fs/real-path';
import { fsyncFileSync } from '../fs/atomic-file';
import {
  fsyncDirQuietly,
  isWalFile,
  replaceFilesFor,
  savedLivePathFor,
  writeMarker,
  type ReplaceFiles,
} from './replace-files';

export interface ReplaceArgs {
  libraryPath: string;
  /** The decompressed backup (a private temp file); it is moved or copied away. */
  backupCopyPath: string;
  /** Filesystem-safe time stamp used in the name of the saved copy. */
  stamp: string;
  /** The owner tag of the job (job-owner.ts) that the temp files carry. */
  ownerTag: string;
  busyTimeoutMs?: number | undefined;
}

export interface ReplaceOutcome {
  savedLivePath: string;
  /** Tracks in the restored database (0 when it has no recognised tracks table). */
  tracks: number;
}

function removeQuietly(p: string): void {
  fs.rmSync(p, { force: true });
}

export function setJournalMode(filePath: string, wal: boolean): void {
  const db = openDatabase(filePath, { fileMustExist: true });
  try {
    db.pragma(`journal_mode = ${wal ? 'WAL' : 'DELETE'}`);
  } finally {
    db.close();
  }
}

/** Moves (or, across disks, copies) the backup copy beside the library and readies it. */
function stage(args: ReplaceArgs, stagedPath: string, livewal: boolean): { tracks: number } {
  try {
    fs.renameSync(args.backupCopyPath, stagedPath);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
    fs.copyFileSync(args.backupCopyPath, stagedPath);
  }
  assertSqliteFile(stagedPath);
  const db = openLibrary(stagedPath, { readonly: true });
  let tracks: number;
  try {
    tracks =
      detectVariant(db) === 'none' ? 0 : (db.prepare('SELECT count(*) FROM tracks').pluck().get() as number);
  } finally {
    db.close();
  }
  // Keep the library's journal mode: programs that opened it in WAL mode expect WAL.
  if (isWalFile(stagedPath) !== livewal) setJournalMode(stagedPath, livewal);
  for (const suffix of ['-wal', '-shm', '-journal']) removeQuietly(`${stagedPath}${suffix}`);
  fsyncFileSync(stagedPath);
  return { tracks };
}

function lockFailed(err: unknown, libraryPath: string, timeout: number): Error {
  if (isBusyError(err)) {
    return new ContractError(
      'locked',
      `${lockedError(libraryPath, timeout).message} A full replace needs every other program to close the library.`,
    );
  }
  return err as Error;
}

/** Holds the live database so no other connection can read or write it; see the file comment. */
class ExclusiveLibrary {
  readonly db: Db;
  private switchedFromWal = false;

  constructor(
    private readonly libraryPath: string,
    private readonly timeout: number,
    private readonly walMarker: string,
  ) {
    this.db = openLibrary(libraryPath, { busyTimeoutMs: timeout });
    try {
      this.lock();
    } catch (err) {
      this.release();
      throw lockFailed(err, libraryPath, timeout);
    }
  }

  private lock(): void {
    const { db } = this;
    const mode = String(db.pragma('journal_mode', { simple: true })).toLowerCase();
    if (mode === 'wal') {
      // Written before the switch: a job killed from here on leaves the marker, and the
      // next job puts WAL mode back (library-leftovers.ts).
      writeMarker(this.walMarker);
      crashPoint('replace-wal-marker');
      // In WAL mode only EXCLUSIVE locking mode keeps readers out; it waits for every other
      // connection to close. Then fold the WAL into the file and leave WAL mode.
      db.pragma('locking_mode = EXCLUSIVE');
      db.exec('BEGIN EXCLUSIVE');
      db.prepare('SELECT count(*) FROM sqlite_master').get();
      db.exec('COMMIT');
      const now = String(db.pragma('journal_mode = DELETE', { simple: true })).toLowerCase();
      if (now !== 'delete')
        throw new ContractError('locked', `Could not take ${this.libraryPath} out of WAL mode.`);
      this.switchedFromWal = true;
      crashPoint('replace-switched-from-wal');
      db.pragma('locking_mode = NORMAL');
    }
    // A read inside an EXCLUSIVE transaction holds the file's exclusive lock until ROLLBACK.
    db.exec('BEGIN EXCLUSIVE');
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  }

  get wasWal(): boolean {
    return this.switchedFromWal;
  }

  /** Ends the transaction (releasing the lock); puts WAL mode back unless the file was replaced. */
  release(options: { replaced?: boolean } = {}): void {
    try {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      if (this.switchedFromWal && !options.replaced) {
        this.db.pragma('journal_mode = WAL');
        removeQuietly(this.walMarker);
      }
    } finally {
      this.db.close();
    }
  }
}

/** Windows will not rename over a file that is open, even by this process. */
function isInUseError(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'EPERM' || code === 'EACCES' || code === 'EBUSY';
}

/** The ENOSPC of a copy or write beside the library, as a sentence; other errors unchanged. */
function replaceWriteError(err: unknown, libraryPath: string): unknown {
  return diskFullError(err, `There is not enough free space beside ${libraryPath} to replace it`) ?? err;
}

export async function replaceLibrary(args: ReplaceArgs, ctx: JobContext): Promise<ReplaceOutcome> {
  const libraryPath = realPathOf(args.libraryPath);
  try {
    return doReplace({ ...args, libraryPath }, replaceFilesFor(libraryPath, args.ownerTag), ctx);
  } catch (err) {
    throw replaceWriteError(err, libraryPath);
  }
}

function doReplace(args: ReplaceArgs, files: ReplaceFiles, ctx: JobContext): ReplaceOutcome {
  const { libraryPath } = args;
  const timeout = args.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
  const savedLivePath = savedLivePathFor(libraryPath, args.stamp);
  assertSqliteFile(libraryPath);
  ctx.report({ phase: 'replace', label: 'Preparing the backed-up database', fraction: 0 });
  let swapped = false;
  let wasWal = false;
  let tracks = 0;
  try {
    crashPoint('replace-before-stage');
    ({ tracks } = stage(args, files.staged, isWalFile(libraryPath)));
    crashPoint('replace-staged');
    throwIfCancelled(ctx.signal);
    ctx.report({ phase: 'replace', label: 'Waiting for other programs to close the library', fraction: 0.3 });
    let live: ExclusiveLibrary | null = new ExclusiveLibrary(libraryPath, timeout, files.walMarker);
    wasWal = live.wasWal;
    try {
      ctx.report({ phase: 'replace', label: 'Saving the current library', fraction: 0.4 });
      fs.copyFileSync(libraryPath, files.savedPartial, fs.constants.COPYFILE_EXCL);
      fsyncFileSync(files.savedPartial);
      crashPoint('replace-saved-copy');
      throwIfCancelled(ctx.signal);
      ctx.report({ phase: 'replace', label: 'Putting the backup in place', fraction: 0.9 });
      // Nobody else has the file open (we hold it exclusively), so these are stale; the
      // -journal is the zeroed one the switch out of WAL mode left in exclusive locking mode.
      removeQuietly(`${libraryPath}-wal`);
      removeQuietly(`${libraryPath}-shm`);
      removeQuietly(`${libraryPath}-journal`);
      try {
        fs.renameSync(files.staged, libraryPath);
      } catch (err) {
        if (!isInUseError(err)) throw err;
        // Let go of the file, then rename at once (untested outside POSIX systems).
        live.release({ replaced: true });
        live = null;
        fs.renameSync(files.staged, libraryPath);
      }
      swapped = true;
      fsyncDirQuietly(path.dirname(libraryPath));
      crashPoint('replace-swapped');
    } catch (err) {
      if (!swapped) removeQuietly(files.savedPartial);
      throw err;
    } finally {
      live?.release({ replaced: swapped });
    }
  } catch (err) {
    // A failed fallback rename above let go without putting WAL mode back; do it now.
    if (!swapped && wasWal && !isWalFile(libraryPath)) {
      try {
        setJournalMode(libraryPath, true);
      } catch {
        // Best effort: the marker stays, and the next job switches it back.
      }
    }
    if (!swapped && (!wasWal || isWalFile(libraryPath))) removeQuietly(files.walMarker);
    throw err;
  } finally {
    if (!swapped) {
      for (const suffix of ['', '-journal', '-wal', '-shm']) removeQuietly(`${files.staged}${suffix}`);
    }
  }
  // The saved copy is a byte copy of the old library; give it back its journal mode.
  if (wasWal) setJournalMode(files.savedPartial, true);
  for (const suffix of ['-journal', '-wal', '-shm']) removeQuietly(`${files.savedPartial}${suffix}`);
  fs.renameSync(files.savedPartial, savedLivePath);
  fsyncDirQuietly(path.dirname(libraryPath));
  crashPoint('replace-saved-named');
  removeQuietly(files.walMarker);
  ctx.report({ phase: 'replace', label: 'Library replaced', fraction: 1 });
  return { savedLivePath, tracks };
}
