// The library database as it goes into a snapshot: a consistent, uncompressed copy
// taken with SQLite's online backup API (the same worker the .db.gz backups use), so
// the repository deduplicates it against earlier copies.
//
// The copy lives in a staging folder that persists between snapshots. When a new copy
// is byte-identical to the staged one, the staged file is kept as it is (same inode,
// times and size), so restic sees it unchanged and an unchanged library with unchanged
// audio makes no new snapshot. Otherwise the new copy replaces it atomically. "The
// staged one" is known by the hash noted when it was put in place, together with its
// inode, size and times then: a staged file that anything touched since (a run killed
// half-way, a user, a disk fault) no longer matches that note and is replaced.
//
// restic stores the folders above a path too, with their times, so the copy sits alone
// in `<staging>/db/` and everything that comes and goes (the partial copy, its hash,
// the exclude file) lives in `<staging>/work/`: an unchanged copy touches no folder
// that the snapshot holds.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fsyncDir, fsyncFile, removeQuietly } from '../fs/atomic-file';
import { DEFAULT_BUSY_TIMEOUT_MS } from '../library/library';
import type { JobContext } from '../runtime/progress';
import { throwIfCancelled } from '../runtime/progress';
import { startWorker } from '../workers';

export interface StagedDatabase {
  /** The staged copy's path: this is what the snapshot stores. */
  path: string;
  bytes: number;
  sha256: string;
  /** False when the library had not changed since the last staged copy. */
  changed: boolean;
}

export function stagingDir(dataDir: string, key: string): string {
  return path.join(dataDir, 'repository-staging', key);
}

async function sha256Of(file: string): Promise<string> {
  const hash = crypto.createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function readQuietly(file: string): Promise<string | null> {
  try {
    return (await fs.promises.readFile(file, 'utf8')).trim();
  } catch {
    return null;
  }
}

/** The note kept beside the staged copy: its hash, and its inode, size and times now; null when it is missing. */
async function stagedNote(file: string, sha256: string): Promise<string | null> {
  try {
    const s = await fs.promises.lstat(file, { bigint: true });
    return `${sha256} ${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`;
  } catch {
    return null;
  }
}

/** Copies the library into `dir/<library file name>`; see the file comment. */
export function stagingWorkDir(dir: string): string {
  return path.join(dir, 'work');
}

export async function stageDatabase(
  libraryPath: string,
  dir: string,
  ctx: JobContext,
): Promise<StagedDatabase> {
  const dbDir = path.join(dir, 'db');
  const workDir = stagingWorkDir(dir);
  await fs.promises.mkdir(dbDir, { recursive: true });
  await fs.promises.mkdir(workDir, { recursive: true });
  const finalPath = path.join(dbDir, path.basename(libraryPath));
  const hashPath = path.join(workDir, 'staged.sha256');
  const partial = path.join(workDir, `.copy-${process.pid}-${crypto.randomBytes(4).toString('hex')}.partial`);
  const worker = startWorker('snapshot');
  try {
    const open = { libraryPath, busyTimeoutMs: DEFAULT_BUSY_TIMEOUT_MS };
    await worker.call('beginSnapshot', open);
    await worker.call(
      'copySnapshot',
      { destPath: partial, busyTimeoutMs: DEFAULT_BUSY_TIMEOUT_MS, pagesPerStep: 2048 },
      ctx,
    );
    throwIfCancelled(ctx.signal);
    const [sha256, previous, stat] = await Promise.all([
      sha256Of(partial),
      readQuietly(hashPath),
      fs.promises.stat(partial),
    ]);
    if (previous !== null && previous === (await stagedNote(finalPath, sha256))) {
      return { path: finalPath, bytes: stat.size, sha256, changed: false };
    }
    await fsyncFile(partial);
    // The old hash goes first: a crash before the new one is written leaves no hash,
    // which only means the next copy is taken as changed.
    await removeQuietly(hashPath);
    await fs.promises.rename(partial, finalPath);
    await fs.promises.writeFile(hashPath, `${await stagedNote(finalPath, sha256)}\n`);
    await fsyncDir(dbDir);
    return { path: finalPath, bytes: stat.size, sha256, changed: true };
  } finally {
    await worker.terminate();
    await Promise.all(['', '-journal', '-wal', '-shm'].map((s) => removeQuietly(`${partial}${s}`)));
  }
}
