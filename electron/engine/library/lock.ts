// One mutating job at a time per library, across processes (CLI and app). A lock
// left by a crashed process is detected (dead pid) and taken over.
// OWNER: backup helper.
//
// The lock is the file `<real library path>.backbeat.lock` (symlinks resolved, so a link
// and its target share one lock), created exclusively (`wx`) and holding JSON
// {pid, hostname, what, since, job}; `job` is the owner tag its temp files carry. It is taken over only when its holder is provably
// gone: same host and the pid no longer exists, or the file is not ours to parse (and
// old enough that it is not a lock being written this very moment).
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

export function lockPathFor(libraryPath: string): string {
  return `${realPathOf(libraryPath)}.backbeat.lock`;
}

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

function acquire(lockPath: string, what: string, job: string): string {
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
        `Another Backbeat job (${who}) is using this library; wait for it or cancel it.`,
      );
    }
    if (existing.text) removeIfUnchanged(lockPath, existing.text);
  }
  throw new ContractError(
    'busy',
    'Another Backbeat job keeps taking this library; wait for it or cancel it.',
  );
}

/**
 * Runs `fn` holding the library's lock, as a job with its own owner tag (see
 * job-owner.ts); ContractError('busy') naming the holder when taken. Once the lock is
 * held, what dead jobs left beside the library is cleaned up first (library-leftovers.ts).
 */
export async function withLibraryLock<T>(
  libraryPath: string,
  what: string,
  fn: () => Promise<T>,
): Promise<T> {
  const lockPath = lockPathFor(libraryPath);
  return runAsJob(async (tag) => {
    const mine = acquire(lockPath, what, tag);
    try {
      sweepLibraryLeftovers(lockPath.slice(0, -'.backbeat.lock'.length));
      return await fn();
    } finally {
      // Only remove the lock if it is still ours.
      removeIfUnchanged(lockPath, mine);
    }
  });
}
