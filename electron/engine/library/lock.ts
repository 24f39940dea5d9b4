// Two locks per library, across processes (CLI and app). A lock left by a crashed
// process is detected (dead pid) and taken over.
// OWNER: backup helper.
//
// - The library lock, `<real library path>.backbeat.lock`: jobs that read or write the
//   library database: a database backup (manual or scheduled), a restore, a rescan,
//   deleting, pruning and cleaning up .db.gz backups.
// - The repository lock, `<real library path>.backbeat-repo.lock`: jobs that run restic
//   against the library's repository or its destinations: copies, dest prune,
//   check --dest, repository check, forget of old snapshots, restore-files (writes audio,
//   reads the database only to find tracks) and export. A first copy of a large library
//   takes hours; it holds only this lock, so the user's Back up is never refused for it.
//   Reads that only list (snapshots, files, diff, crosscheck, the app's Audio card) take
//   neither: restic's shared locks let them run beside a copy.
// - Both, library first and then repository: a snapshot (stages the database, then
//   restic backup) and repo init. Always in that order, so two jobs never wait on each
//   other's lock; a job that finds the repository busy releases the library at once and
//   is refused busy (nothing waits while holding).
//
// Each lock is the file above (symlinks resolved, so a link and its target share one
// lock), created exclusively (`wx`) and holding JSON {pid, hostname, what, since, job};
// `job` is the owner tag its temp files carry. It is taken over only when its holder is
// provably gone: same host and the pid no longer exists, or the file is not ours to
// parse (and old enough that it is not a lock being written this very moment).
import fs from 'node:fs';
import os from 'node:os';
import { ContractError } from '../../../shared/errors';
import { describeFsError, isErrnoCode } from '../fs/fs-errors';
import { processIsAlive, runAsJob } from '../fs/job-owner';
import { sweepLibraryLeftovers } from '../restore/library-leftovers';
import { realPathOf } from '../fs/real-path';

interface LockInfo {
  pid: number;
  hostname: string;
  what: string;
  since: string;
  /** The holder's owner tag (see job-owner.ts); absent in locks of older versions. */
  job?: string;
}

/** A garbage lock file younger than this may be one being written right now. */
const GARBAGE_GRACE_MS = 2000;
const MAX_ATTEMPTS = 5;

const LIBRARY_SUFFIX = '.backbeat.lock';
const REPOSITORY_SUFFIX = '.backbeat-repo.lock';

export function lockPathFor(libraryPath: string): string {
  return `${realPathOf(libraryPath)}${LIBRARY_SUFFIX}`;
}

export function repositoryLockPathFor(libraryPath: string): string {
  return `${realPathOf(libraryPath)}${REPOSITORY_SUFFIX}`;
}

/** What a busy sentence says the holder is using. */
type Subject = 'this library' | "this library's repository";

function parseLockInfo(text: string): LockInfo | null {
  try {
    const raw = JSON.parse(text) as Partial<LockInfo> | null;
    if (
      raw &&
      Number.isInteger(raw.pid) &&
      typeof raw.hostname === 'string' &&
      typeof raw.what === 'string' &&
      typeof raw.since === 'string'
    ) {
      return raw as LockInfo;
    }
  } catch {
    // Garbage: handled by the caller.
  }
  return null;
}

/** Tries once to create the lock file; returns its contents on success, null when it exists. */
function tryCreate(lockPath: string, info: LockInfo): string | null {
  const text = `${JSON.stringify(info)}\n`;
  let fd: number;
  try {
    fd = fs.openSync(lockPath, 'wx');
  } catch (err) {
    if (isErrnoCode(err, 'EEXIST')) return null;
    throw new ContractError('io', `Cannot create the lock file ${lockPath}: ${describeFsError(err)}.`);
  }
  try {
    fs.writeSync(fd, text);
  } finally {
    fs.closeSync(fd);
  }
  return text;
}

/** Reads the current lock; returns what to do about it. */
function inspectExisting(
  lockPath: string,
): { stale: true; text: string } | { stale: false; holder: LockInfo | null } {
  let text: string;
  let mtimeMs: number;
  try {
    text = fs.readFileSync(lockPath, 'utf8');
    mtimeMs = fs.statSync(lockPath).mtimeMs;
  } catch (err) {
    if (isErrnoCode(err, 'ENOENT')) return { stale: true, text: '' }; // released meanwhile: retry
    throw new ContractError('io', `Cannot read the lock file ${lockPath}: ${describeFsError(err)}.`);
  }
  const holder = parseLockInfo(text);
  if (!holder)
    return Date.now() - mtimeMs > GARBAGE_GRACE_MS ? { stale: true, text } : { stale: false, holder: null };
  if (holder.hostname === os.hostname() && !processIsAlive(holder.pid)) return { stale: true, text };
  return { stale: false, holder };
}

/** Removes a stale lock, but only if it still holds what we judged stale (another process may have replaced it). */
function removeIfUnchanged(lockPath: string, staleText: string): void {
  try {
    if (fs.readFileSync(lockPath, 'utf8') === staleText) fs.rmSync(lockPath, { force: true });
  } catch {
    // Gone already: fine.
  }
}

function acquire(lockPath: string, subject: Subject, what: string, job: string): string {
  const info: LockInfo = {
    pid: process.pid,
    hostname: os.hostname(),
    what,
    since: new Date().toISOString(),
    job,
  };
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const mine = tryCreate(lockPath, info);
    if (mine !== null) return mine;
    const existing = inspectExisting(lockPath);
    if (!existing.stale) {
      const h = existing.holder;
      const who = h
        ? `${h.what}, pid ${h.pid}${h.hostname === os.hostname() ? '' : ` on ${h.hostname}`}, since ${h.since}`
        : 'starting up';
      throw new ContractError(
        'busy',
        `Another Backbeat job (${who}) is using ${subject}; wait for it or cancel it.`,
      );
    }
    if (existing.text) removeIfUnchanged(lockPath, existing.text);
  }
  throw new ContractError('busy', `Another Backbeat job keeps taking ${subject}; wait for it or cancel it.`);
}

type Lock = { path: string; subject: Subject };

function libraryLock(libraryPath: string): Lock {
  return { path: lockPathFor(libraryPath), subject: 'this library' };
}

function repositoryLock(libraryPath: string): Lock {
  return { path: repositoryLockPathFor(libraryPath), subject: "this library's repository" };
}

/**
 * Runs `fn` as one job (one owner tag, see job-owner.ts) holding `locks`, taken in the
 * order given and released in reverse; when one is busy, those already taken are
 * released before the ContractError('busy') naming its holder. Once the library lock is
 * held, what dead jobs left beside the library is cleaned up first (library-leftovers.ts).
 */
function withLocks<T>(locks: readonly Lock[], what: string, fn: () => Promise<T>): Promise<T> {
  return runAsJob(async (tag) => {
    const held: { path: string; mine: string }[] = [];
    try {
      for (const lock of locks)
        held.push({ path: lock.path, mine: acquire(lock.path, lock.subject, what, tag) });
      const library = held.find((h) => h.path.endsWith(LIBRARY_SUFFIX));
      if (library) sweepLibraryLeftovers(library.path.slice(0, -LIBRARY_SUFFIX.length));
      return await fn();
    } finally {
      // Only remove a lock that is still ours.
      for (const h of held.reverse()) removeIfUnchanged(h.path, h.mine);
    }
  });
}

/** Runs `fn` holding the library's lock (the database's jobs: see the header). */
export function withLibraryLock<T>(libraryPath: string, what: string, fn: () => Promise<T>): Promise<T> {
  return withLocks([libraryLock(libraryPath)], what, fn);
}

/** Runs `fn` holding the repository's lock (restic's jobs: see the header). */
export function withRepositoryLock<T>(libraryPath: string, what: string, fn: () => Promise<T>): Promise<T> {
  return withLocks([repositoryLock(libraryPath)], what, fn);
}

/** Runs `fn` holding both, the library's first (snapshots, repo init: see the header). */
export function withLibraryAndRepositoryLocks<T>(
  libraryPath: string,
  what: string,
  fn: () => Promise<T>,
): Promise<T> {
  return withLocks([libraryLock(libraryPath), repositoryLock(libraryPath)], what, fn);
}
