// Crash-safe file writes: write a temp file beside the target, fsync it, rename it
// over the target, fsync the folder. A reader sees the old file or the new one, never
// half of one.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { isErrnoCode } from './fs-errors';

/**
 * Makes a rename or unlink in `dir` durable. Some platforms (Windows) cannot open a
 * folder for fsync; there the rename is as durable as the OS makes it anyway.
 */
export async function fsyncDir(dir: fs.PathLike): Promise<void> {
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(dir, 'r');
  } catch (err) {
    if (isErrnoCode(err, 'EISDIR', 'EPERM', 'EACCES', 'EINVAL')) return;
    throw err;
  }
  try {
    await handle.sync();
  } catch (err) {
    if (!isErrnoCode(err, 'EISDIR', 'EPERM', 'EACCES', 'EINVAL')) throw err;
  } finally {
    await handle.close();
  }
}

/** The synchronous twin of fsyncDir, for the few writers that must finish before returning. */
export function fsyncDirSync(dir: string): void {
  let fd: number;
  try {
    fd = fs.openSync(dir, 'r');
  } catch (err) {
    if (isErrnoCode(err, 'EISDIR', 'EPERM', 'EACCES', 'EINVAL')) return;
    throw err;
  }
  try {
    fs.fsyncSync(fd);
  } catch (err) {
    if (!isErrnoCode(err, 'EISDIR', 'EPERM', 'EACCES', 'EINVAL')) throw err;
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Flushes a file's bytes to disk (the rename that publishes it comes later). Opened for
 * writing: Windows refuses to flush a read-only handle.
 */
export async function fsyncFile(filePath: fs.PathLike): Promise<void> {
  const handle = await fs.promises.open(filePath, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** The synchronous twin of fsyncFile. */
export function fsyncFileSync(filePath: fs.PathLike): void {
  const fd = fs.openSync(filePath, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * A temp name beside `finalPath` for writeFileAtomic: hidden, unique to this process and
 * call, ending in `.tmp`, so no listing mistakes it for the file itself.
 */
export function tempPathBeside(finalPath: string): string {
  const unique = `${process.pid}.${crypto.randomBytes(6).toString('hex')}`;
  return path.join(path.dirname(finalPath), `.${path.basename(finalPath)}.${unique}.tmp`);
}

export interface AtomicWriteOptions {
  /** File mode of the new file (settings and secrets: 0o600). */
  mode?: number | undefined;
}

/** Removes a file; a file that is already gone is fine. Never throws. */
export async function removeQuietly(filePath: string): Promise<void> {
  await fs.promises.rm(filePath, { force: true }).catch(() => undefined);
}

/**
 * Writes `data` to `finalPath` atomically through `tempPath` (which must be in the same
 * folder, and named so that listings ignore it). The temp file is removed on failure.
 */
export async function writeFileAtomic(
  finalPath: string,
  tempPath: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions = {},
): Promise<void> {
  try {
    const handle = await fs.promises.open(tempPath, 'w', options.mode ?? 0o666);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.promises.rename(tempPath, finalPath);
  } catch (err) {
    await removeQuietly(tempPath);
    throw err;
  }
  await fsyncDir(path.dirname(finalPath));
}

/** writeFileAtomic for callers that cannot await (settings saved during start-up). */
export function writeFileAtomicSync(
  finalPath: string,
  tempPath: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions = {},
): void {
  try {
    const fd = fs.openSync(tempPath, 'w', options.mode ?? 0o666);
    try {
      fs.writeFileSync(fd, data);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tempPath, finalPath);
  } catch (err) {
    try {
      fs.rmSync(tempPath, { force: true });
    } catch {
      // The folder itself is unusable; the caller reports the first error.
    }
    throw err;
  }
  fsyncDirSync(path.dirname(finalPath));
}
