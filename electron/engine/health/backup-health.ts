// Is this library's backup routine healthy? The newest backup's age against a
// threshold (default: twice the schedule's interval), and the last run's failure,
// which stays visible until a newer backup exists.
import type { BackupHealth, LastRun, Schedule } from '../../../shared/schedule-types';
import type { BackupListEntry } from '../../../shared/types';
import { scheduleIntervalMs } from '../schedule/schedule-model';
import { formatAge, formatSpan } from './age-text';

export interface BackupHealthInput {
  entries: readonly BackupListEntry[];
  /** Null when scheduled backups are off: then only an explicit threshold warns. */
  schedule: Schedule | null;
  lastRun: LastRun | null;
  now: Date;
  thresholdMs?: number | null | undefined;
}

export function newestReadableBackup(
  entries: readonly BackupListEntry[],
): { entry: BackupListEntry; at: Date } | null {
  let newest: { entry: BackupListEntry; at: Date } | null = null;
  for (const entry of entries) {
    if (entry.status !== 'ok' || !entry.createdAt) continue;
    const at = new Date(entry.createdAt);
    if (Number.isNaN(at.getTime())) continue;
    if (!newest || at.getTime() > newest.at.getTime()) newest = { entry, at };
  }
  return newest;
}

export function healthThresholdMs(schedule: Schedule | null, thresholdMs?: number | null): number | null {
  if (thresholdMs !== undefined && thresholdMs !== null) return thresholdMs;
  return schedule ? 2 * scheduleIntervalMs(schedule) : null;
}

export function backupHealth(input: BackupHealthInput): BackupHealth {
  const newest = newestReadableBackup(input.entries);
  const threshold = healthThresholdMs(input.schedule, input.thresholdMs);
  const ageMs = newest ? input.now.getTime() - newest.at.getTime() : null;

  let warning: string | null = null;
  if (threshold !== null) {
    if (ageMs === null) warning = 'There is no backup yet; backups may not be running.';
    else if (ageMs > threshold) warning = `No backup for ${formatSpan(ageMs)}; backups may have stopped.`;
  }

  // A failure is old news once a newer backup exists (made by hand, say).
  const run = input.lastRun;
  const failedAt = run?.status === 'failed' ? new Date(run.time) : null;
  const lastRunFailed =
    run && failedAt && !(newest && newest.at.getTime() > failedAt.getTime())
      ? { at: run.time, error: run.error ?? 'The backup failed for an unknown reason.' }
      : null;

  return {
    level: lastRunFailed ? 'error' : warning ? 'warning' : 'ok',
    newestAt: newest ? newest.at.toISOString() : null,
    newestAgeMs: ageMs,
    text: ageMs === null ? 'No backups yet' : `Newest backup: ${formatAge(ageMs)}`,
    warning,
    lastRunFailed,
  };
}
