// Backup ids: UTC time to the millisecond plus a random suffix, e.g.
// `20261121-233012-123-a1b2c3`. Lexical order is chronological order, so sorting ids
// sorts backups by age without reading their metadata.
import crypto from 'node:crypto';
import { ContractError, backupIdSchema } from '../../shared/contract';

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
  if (!backupIdSchema.safeParse(id).success) {
    throw new ContractError('bad-arguments', `"${String(id)}" is not a backup id.`);
  }
}
