// Replace restore: the whole backed-up database takes the live one's place.
//
//   1. stage     the backup copy beside the library (same disk, so the final rename is
//                atomic), in the live library's journal mode, fsynced
//   2. lock      the live database exclusively, waiting up to the busy timeout: no other
//                connection may hold it. A WAL library is checkpointed and switched to
//                rollback mode first, so no -wal holds data the copy would miss
//   3. save      a byte copy of the live file as `<library>.before-restore-<stamp>`
//   4. swap      remove the stale -wal/-shm, rename the staged file over the library,
//                fsync the folder; only then is the lock released
// A failure or cancel before step 4 leaves the library as it was (its journal mode
// switched back). Runs in a worker: the lock wait blocks its thread.
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase } from './sqlite';
import { ContractError } from '../../shared/errors';
import {
  DEFAULT_BUSY_TIMEOUT_MS,
  assertSqliteFile,
  detectVariant,
  isBusyError,
  lockedError,
  openLibrary,
  type Db,
} from './library';
import { throwIfCancelled, type JobContext } from './progress';

export interface ReplaceArgs {
  libraryPath: string;
  /** The decompressed backup (a private temp file); it is moved or copied away. */
  backupCopyPath: string;
  /** Filesystem-safe time stamp used in the names of the saved and staged files. */
  stamp: string;
  busyTimeoutMs?: number;
}

export interface ReplaceOutcome {
  savedLivePath: string;
  /** Tracks in the restored database (0 when it has no recognised tracks table). */
  tracks: number;
}

function fsyncPath(p: string): void {
  const fd = fs.openSync(p, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Directory fsync makes a rename durable; some platforms (Windows) cannot, which is fine. */
function fsyncDirQuietly(dir: string): void {
  try {
    fsyncPath(dir);
  } catch {
    // Not supported here; the rename itself is still atomic.
  }
}

function removeQuietly(p: string): void {
  fs.rmSync(p, { force: true });
}

/** The journal mode a database file was last left in, from its header (bytes 18-19: 2 = WAL). */
function isWalFile(filePath: string): boolean {
  const fd = fs.openSync(filePath, 'r');
  try {
    const header = Buffer.alloc(20);
    fs.readSync(fd, header, 0, 20, 0);
    return header[18] === 2 && header[19] === 2;
  } finally {
    fs.closeSync(fd);
  }
}

function setJournalMode(filePath: string, wal: boolean): void {
  const db = openDatabase(filePath, { fileMustExist: true });
  try {
    db.pragma(`journal_mode = ${wal ? 'WAL' : 'DELETE'}`);
  } finally {
    db.close();
  }
}

/** Moves (or, across disks, copies) the backup copy beside the library and readies it. */
function stage(args: ReplaceArgs, livewal: boolean): { stagedPath: string; tracks: number } {
  const stagedPath = `${args.libraryPath}.restore-${args.stamp}.tmp`;
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
  fsyncPath(stagedPath);
  return { stagedPath, tracks };
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
      if (this.switchedFromWal && !options.replaced) this.db.pragma('journal_mode = WAL');
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

export async function replaceLibrary(args: ReplaceArgs, ctx: JobContext): Promise<ReplaceOutcome> {
  const libraryPath = path.resolve(args.libraryPath);
  const timeout = args.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
  const savedLivePath = `${libraryPath}.before-restore-${args.stamp}`;
  assertSqliteFile(libraryPath);
  ctx.report({ phase: 'replace', label: 'Preparing the backed-up database', fraction: 0 });
  const { stagedPath, tracks } = stage({ ...args, libraryPath }, isWalFile(libraryPath));
  let swapped = false;
  let wasWal = false;
  try {
    throwIfCancelled(ctx.signal);
    ctx.report({ phase: 'replace', label: 'Waiting for other programs to close the library', fraction: 0.3 });
    let live: ExclusiveLibrary | null = new ExclusiveLibrary(libraryPath, timeout);
    wasWal = live.wasWal;
    try {
      ctx.report({ phase: 'replace', label: 'Saving the current library', fraction: 0.4 });
      fs.copyFileSync(libraryPath, savedLivePath, fs.constants.COPYFILE_EXCL);
      fsyncPath(savedLivePath);
      throwIfCancelled(ctx.signal);
      ctx.report({ phase: 'replace', label: 'Putting the backup in place', fraction: 0.9 });
      // Nobody else has the file open (we hold it exclusively), so these are stale.
      removeQuietly(`${libraryPath}-wal`);
      removeQuietly(`${libraryPath}-shm`);
      try {
        fs.renameSync(stagedPath, libraryPath);
      } catch (err) {
        if (!isInUseError(err)) throw err;
        // Let go of the file, then rename at once (untested outside POSIX systems).
        live.release({ replaced: true });
        live = null;
        fs.renameSync(stagedPath, libraryPath);
      }
      swapped = true;
      fsyncDirQuietly(path.dirname(libraryPath));
    } catch (err) {
      removeQuietly(savedLivePath);
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
        // Best effort: the library is intact either way; its next WAL user switches it back.
      }
    }
    throw err;
  } finally {
    if (!swapped) removeQuietly(stagedPath);
  }
  // The saved copy is a byte copy of the old library; give it back its journal mode.
  if (wasWal) setJournalMode(savedLivePath, true);
  ctx.report({ phase: 'replace', label: 'Library replaced', fraction: 1 });
  return { savedLivePath, tracks };
}
