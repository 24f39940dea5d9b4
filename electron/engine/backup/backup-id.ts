// Backup ids: UTC time to the millisecond plus a random suffix, e.g.
// `20261121-233012-123-a1b2c3`. Lexical order is chronological order, so sorting ids
// sorts backups by age without reading their metadata.
//
// Kept free of zod (and of shared/contract, which loads it): worker threads import this
// through backup-files.ts, and loading zod there costs ~100 ms per worker start.
import crypto from 'node:crypto';
import { ContractError } from '../../../shared/errors';

/**
 * What a backup id may look like: safe as a file name on every system. The same
 * pattern as `backupIdSchema` in shared/contract.ts, which checks ids arriving over IPC;
 * a test (backup-id.test.ts) holds the two to the same answers.
 */
export const BACKUP_ID_PATTERN = /^[0-9A-Za-z][0-9A-Za-z_-]{0,127}$/;

let lastIssuedMs = 0;

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** The id's time part for a moment, e.g. `20261121-233012-123`. */
function timePart(ms: number): string {
  const d = new Date(ms);
  return (
    `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1, 2)}${pad(d.getUTCDate(), 2)}-` +
    `${pad(d.getUTCHours(), 2)}${pad(d.getUTCMinutes(), 2)}${pad(d.getUTCSeconds(), 2)}-` +
    `${pad(d.getUTCMilliseconds(), 3)}`
  );
}

/**
 * A fresh id and the moment it stands for (use it as `createdAt`). Within one process
 * the moments strictly increase, so two backups made in the same millisecond still
 * list in the order they were made.
 */
export function newBackupId(nowMs: number = Date.now()): { id: string; createdAt: Date } {
  const ms = Math.max(nowMs, lastIssuedMs + 1);
  lastIssuedMs = ms;
  const suffix = crypto.randomBytes(3).toString('hex');
  return { id: `${timePart(ms)}-${suffix}`, createdAt: new Date(ms) };
}

/** Throws ContractError('bad-arguments') unless `id` is safe to use in a file name. */
export function assertBackupId(id: unknown): asserts id is string {
  if (typeof id !== 'string' || !BACKUP_ID_PATTERN.test(id)) {
    throw new ContractError('bad-arguments', `"${String(id)}" is not a backup id.`);
  }
}
