// Whether a library owes a scheduled backup, from what is on disk: the recorded
// runs and the backups themselves (a manual backup made an hour ago counts too).
// Shared by the app's Scheduler and `backbeat schedule run`, so both agree.
import type { Schedule, ScheduleState } from '../../../shared/schedule-types';
import type { BackupListEntry } from '../../../shared/types';
import { isDue, scheduleIntervalMs } from './schedule-model';

export interface RunKnowledge {
  /** The newest of the last recorded success and the newest readable backup. */
  lastSuccessAt: Date | null;
  /** The last recorded failure, when it came after the last success. */
  lastFailureAt: Date | null;
  hasBackup: boolean;
}

function validDate(text: string | null | undefined): Date | null {
  if (!text) return null;
  const d = new Date(text);
  return Number.isNaN(d.getTime()) ? null : d;
}

function later(a: Date | null, b: Date | null): Date | null {
  if (!a) return b;
  if (!b) return a;
  return a.getTime() >= b.getTime() ? a : b;
}

export function knowledgeFrom(
  state: ScheduleState,
  entries: readonly BackupListEntry[] | null,
): RunKnowledge {
  let newestBackupAt: Date | null = null;
  for (const entry of entries ?? []) {
    if (entry.status === 'ok') newestBackupAt = later(newestBackupAt, validDate(entry.createdAt));
  }
  const lastSuccessAt = later(validDate(state.lastSuccess?.time), newestBackupAt);
  const failedAt = state.lastRun?.status === 'failed' ? validDate(state.lastRun.time) : null;
  const lastFailureAt = failedAt && (!lastSuccessAt || failedAt > lastSuccessAt) ? failedAt : null;
  // Without a listing (the folder could not be read), trust the record of a success.
  const hasBackup = entries === null ? state.lastSuccess !== null : newestBackupAt !== null;
  return { lastSuccessAt, lastFailureAt, hasBackup };
}

/** After a failure, wait this long before the next automatic try (at most one interval). */
export function defaultRetryAfterFailureMs(schedule: Schedule): number {
  return Math.min(3_600_000, scheduleIntervalMs(schedule));
}

export interface OwedOptions {
  retryAfterFailureMs?: number | undefined;
  /** Starting the app, or an OS timer firing, is itself a deliberate retry. */
  ignoreFailureBackoff?: boolean | undefined;
}

export function backupOwed(
  schedule: Schedule,
  known: RunKnowledge,
  now: Date,
  options: OwedOptions = {},
): boolean {
  if (known.lastFailureAt && !options.ignoreFailureBackoff) {
    const wait = options.retryAfterFailureMs ?? defaultRetryAfterFailureMs(schedule);
    const sinceFailure = now.getTime() - known.lastFailureAt.getTime();
    if (sinceFailure >= 0 && sinceFailure < wait) return false;
  }
  if (!known.hasBackup) return true;
  return isDue(schedule, known.lastSuccessAt, now);
}
