// Crash-safe file writes: write a temp file beside the target, fsync it, rename it
// over the target, fsync the folder. A reader sees the old file or the new one, never
// half of one.
import fs from 'node:fs';
import path from 'node:path';
import { isErrnoCode } from './fs-errors';

/**
 * Makes a rename or unlink in `dir` durable. Some platforms (Windows) cannot open a
 * folder for fsync; there the rename is as durable as the OS makes it anyway.
 */
export async function fsyncDir(dir: string): Promise<void> {
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
): Promise<void> {
  try {
    const handle = await fs.promises.open(tempPath, 'w');
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
