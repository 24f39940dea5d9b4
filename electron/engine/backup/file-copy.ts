// The snapshot of a rollback-journal library as a plain copy of its file, made while
// the copying connection holds a read lock.
//
// Why: SQLite's online backup API copies page by page (two system calls a page, about
// 90,000 for a 180 MB library) and fsyncs the copy, which is only a temp file; a plain
// copy takes a tenth of the time. Why it is exact: in rollback-journal mode a writer
// changes the main file only under an EXCLUSIVE lock, which it cannot get while a
// SHARED lock is held, so the file's first `page_count x page_size` bytes are the very
// state the connection reads. (A hot journal left by a crashed writer makes the read
// that takes the lock fail, so an unfinished commit is never copied.) In WAL mode the
// committed state lives partly in the WAL; there the backup API stays.
//
// The copy runs in a child process (`cp`): POSIX drops every lock a process holds on a
// file when that process closes any descriptor of the file, so opening and closing the
// library here would silently release this process's SQLite locks, the held one and
// those of other connections in the app. A child's descriptors are its own. Not on
// Windows, whose byte-range locks make reads of a locked library fail (and which has no
// `cp`); there, and whenever the copy fails, the caller uses the backup API.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import type { Db } from '../library/library';

/** Copies `source` to the new file `dest` outside this process; false when it could not. */
export type FileCopier = (source: string, dest: string) => boolean;

export const copyWithChildProcess: FileCopier = (source, dest) => {
  const res = spawnSync('cp', ['--', source, dest], { stdio: 'ignore' });
  return res.error === undefined && res.status === 0;
};

export function fileCopySupported(platform: NodeJS.Platform = process.platform): boolean {
  return platform !== 'win32';
}

/**
 * Copies the library's state as of a read transaction it opens on `db` (not WAL mode,
 * see above) into `destPath`; returns the snapshot's size, or null when the copy failed
 * (the caller then takes the snapshot with the backup API; `destPath` is removed).
 * Waiting for a held library is left to `db`'s busy timeout; a busy error is thrown.
 */
export function copyFileUnderReadLock(
  db: Db,
  libraryPath: string,
  destPath: string,
  copy: FileCopier = copyWithChildProcess,
): number | null {
  db.exec('BEGIN');
  try {
    // A deferred BEGIN takes no lock; this first read takes the SHARED lock.
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    const bytes =
      Number(db.pragma('page_count', { simple: true })) * Number(db.pragma('page_size', { simple: true }));
    if (!copy(libraryPath, destPath) || !fs.existsSync(destPath) || fs.statSync(destPath).size < bytes) {
      fs.rmSync(destPath, { force: true });
      return null;
    }
    // Bytes past the last page (left by an interrupted truncation) are no part of the state.
    fs.truncateSync(destPath, bytes);
    return bytes;
  } finally {
    if (db.inTransaction) db.exec('COMMIT');
  }
}
