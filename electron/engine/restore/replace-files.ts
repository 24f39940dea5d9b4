// The files a replace restore makes beside the library, named with the job's owner tag
// (see job-owner.ts) so that the next job can finish or undo a killed replace:
//
//   <library>.backbeat-<tag>.restore.tmp              the staged backup copy
//   <library>.backbeat-<tag>.was-wal                  the live library was in WAL mode and
//                                                     has been switched out of it
//   <library>.backbeat-<tag>.before-restore.partial   the byte copy of the live library
//   <library>.before-restore-<stamp>                  that copy, once the swap is done
//
// The staged file disappears only by the swap itself (a failed replace removes the
// saved copy before the staged file), so "saved copy present, staged file gone" means
// the library was replaced and the copy is the user's only old version: it is kept.
import fs from 'node:fs';
import path from 'node:path';
import { fsyncDirSync } from '../fs/atomic-file';

export const REPLACE_INFIX = '.backbeat-';

export interface ReplaceFiles {
  staged: string;
  walMarker: string;
  savedPartial: string;
}

export function replaceFilesFor(libraryPath: string, tag: string): ReplaceFiles {
  const base = `${libraryPath}${REPLACE_INFIX}${tag}`;
  return {
    staged: `${base}.restore.tmp`,
    walMarker: `${base}.was-wal`,
    savedPartial: `${base}.before-restore.partial`,
  };
}

export function savedLivePathFor(libraryPath: string, stamp: string): string {
  return `${libraryPath}.before-restore-${stamp}`;
}

/** `20250601T120000123Z`: sortable and safe in file names on every system. */
export function fileStamp(date: Date = new Date()): string {
  return date.toISOString().replace(/[-:.]/g, '');
}

/** Creates an empty marker file durably. */
export function writeMarker(file: string): void {
  const fd = fs.openSync(file, 'w');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fsyncDirQuietly(path.dirname(file));
}

/** Directory fsync makes a rename durable; some platforms (Windows) cannot, which is fine. */
export function fsyncDirQuietly(dir: string): void {
  try {
    fsyncDirSync(dir);
  } catch {
    // Not supported here; the rename itself is still atomic.
  }
}

/** The journal mode a database file was last left in, from its header (bytes 18-19: 2 = WAL). */
export function isWalFile(filePath: string): boolean {
  const fd = fs.openSync(filePath, 'r');
  try {
    const header = Buffer.alloc(20);
    fs.readSync(fd, header, 0, 20, 0);
    return header[18] === 2 && header[19] === 2;
  } finally {
    fs.closeSync(fd);
  }
}
