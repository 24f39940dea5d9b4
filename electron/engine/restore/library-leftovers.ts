// What a killed job left beside the library, finished or undone by the next job on it
// (withLibraryLock calls this once it holds the lock, so no live job of this library is
// writing there). Only files whose owner tag (job-owner.ts) names a dead job are touched.
import fs from 'node:fs';
import path from 'node:path';
import { ownerIsDead, parseOwnerTag } from '../fs/job-owner';
import { fileStamp, isWalFile, replaceFilesFor, savedLivePathFor, REPLACE_INFIX } from './replace-files';
import { setJournalMode } from './restore-replace';

function exists(p: string): boolean {
  return fs.existsSync(p);
}

function removeWithCompanions(p: string): void {
  for (const suffix of ['', '-journal', '-wal', '-shm']) fs.rmSync(`${p}${suffix}`, { force: true });
}

/** Finishes or undoes one dead replace (see replace-files.ts for why this order is safe). */
function recoverReplace(libraryPath: string, tag: string): void {
  const files = replaceFilesFor(libraryPath, tag);
  if (exists(files.savedPartial)) {
    if (exists(files.staged)) {
      // Killed before the swap: the library was not replaced, so its copy is not needed.
      removeWithCompanions(files.savedPartial);
    } else {
      // Killed after the swap: this copy is the only old version left. Keep it, named.
      if (exists(files.walMarker)) setJournalMode(files.savedPartial, true);
      for (const s of ['-journal', '-wal', '-shm']) fs.rmSync(`${files.savedPartial}${s}`, { force: true });
      fs.renameSync(files.savedPartial, savedLivePathFor(libraryPath, fileStamp()));
    }
  }
  if (exists(files.walMarker)) {
    // The library was in WAL mode when the replace began; it ends in WAL mode.
    if (exists(libraryPath) && !isWalFile(libraryPath)) setJournalMode(libraryPath, true);
    fs.rmSync(files.walMarker, { force: true });
  }
  removeWithCompanions(files.staged);
}

/** The zeroed rollback journal a switch out of WAL mode leaves; SQLite never uses it again. */
function removeDeadJournal(libraryPath: string): void {
  const journal = `${libraryPath}-journal`;
  try {
    if (!isWalFile(libraryPath)) return;
    const fd = fs.openSync(journal, 'r');
    let firstBytes: Buffer;
    try {
      firstBytes = Buffer.alloc(8);
      fs.readSync(fd, firstBytes, 0, 8, 0);
    } finally {
      fs.closeSync(fd);
    }
    // A hot journal starts with its magic number; an empty or zeroed one is dead.
    if (firstBytes.every((b) => b === 0)) fs.rmSync(journal, { force: true });
  } catch {
    // No journal, or no library: nothing to do.
  }
}

/**
 * Cleans up after dead jobs beside `libraryPath` (its real path). Never throws: a
 * leftover that cannot be handled now is handled by a later job.
 */
export function sweepLibraryLeftovers(libraryPath: string): string[] {
  const dir = path.dirname(libraryPath);
  const prefix = `${path.basename(libraryPath)}${REPLACE_INFIX}`;
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => n.startsWith(prefix));
  } catch {
    return [];
  }
  const dead = new Set<string>();
  for (const name of names) {
    const tag = parseOwnerTag(name.slice(prefix.length));
    if (tag && ownerIsDead(tag)) dead.add(name.slice(prefix.length).split('.')[0]!);
  }
  const handled: string[] = [];
  for (const tag of dead) {
    try {
      recoverReplace(libraryPath, tag);
      handled.push(tag);
    } catch {
      // Locked by another program, say: the next job tries again.
    }
  }
  removeDeadJournal(libraryPath);
  return handled;
}
