// Who made a temp file. Every temp file and folder a job makes carries its owner tag,
// `bb<host>p<pid>j<job>`, so that the next job on the same library or backup folder can
// tell a dead job's leftovers (remove them at once, whatever their age) from a live
// job's work in progress (never touch it).
//
// The job part comes from the lock(s) the job holds (see lock.ts); work outside a
// lock (tests, a verify's metadata update) carries the process's own job `00000000`,
// which lives as long as the process does.
import { AsyncLocalStorage } from 'node:async_hooks';
import crypto from 'node:crypto';
import os from 'node:os';
import { isErrnoCode } from './fs-errors';

export interface OwnerTag {
  host: string;
  pid: number;
  job: string;
}

const HOST = crypto.createHash('sha256').update(os.hostname()).digest('hex').slice(0, 6);
const PROCESS_JOB = '00000000';
const TAG_PATTERN = /bb([0-9a-f]{6})p(\d{1,10})j([0-9a-f]{8})/;

const scope = new AsyncLocalStorage<string>();
/** Jobs of this process that are running (their tag may still gain files). */
const liveJobs = new Set<string>();

export function formatOwnerTag(tag: OwnerTag): string {
  return `bb${tag.host}p${tag.pid}j${tag.job}`;
}

/** The owner tag found in a file name, or null for a name without one. */
export function parseOwnerTag(name: string): OwnerTag | null {
  const m = TAG_PATTERN.exec(name);
  if (!m) return null;
  return { host: m[1]!, pid: Number(m[2]), job: m[3]! };
}

/** The tag for files made now: the running job's, else the process's own. */
export function currentOwnerTag(): string {
  return formatOwnerTag({ host: HOST, pid: process.pid, job: scope.getStore() ?? PROCESS_JOB });
}

/** Runs `fn` as a new job: files it makes carry a tag of their own, live until `fn` ends. */
export async function runAsJob<T>(fn: (tag: string) => Promise<T>): Promise<T> {
  const job = crypto.randomBytes(4).toString('hex');
  liveJobs.add(job);
  try {
    return await scope.run(job, () => fn(formatOwnerTag({ host: HOST, pid: process.pid, job })));
  } finally {
    liveJobs.delete(job);
  }
}

export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return !isErrnoCode(err, 'ESRCH');
  }
}

/**
 * True only when the owner is provably gone: on this machine, and either its process
 * no longer exists, or it is this process and the job has ended. Another machine's
 * files (a shared backup folder) are never judged dead by their tag.
 */
export function ownerIsDead(tag: OwnerTag): boolean {
  if (tag.host !== HOST) return false;
  if (tag.pid === process.pid) return tag.job !== PROCESS_JOB && !liveJobs.has(tag.job);
  return !processIsAlive(tag.pid);
}

/** A name's owner is dead (see ownerIsDead); false for names without a tag. */
export function nameHasDeadOwner(name: string): boolean {
  const tag = parseOwnerTag(name);
  return tag !== null && ownerIsDead(tag);
}
