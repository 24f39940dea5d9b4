// `backbeat status --json` and its plain-text form: what is scheduled, where the
// backups go, the retention policy in words, the newest backup and the last run.
import { formatByteSize } from '../../../shared/byte-size';
import type { LastRun, RetentionPolicy, Schedule, StatusReport } from '../../../shared/schedule-types';
import type { BackupListEntry } from '../../../shared/types';
import { describePolicy } from '../retention/describe-policy';
import { describeSchedule } from '../schedule/schedule-model';
import { formatAge } from './age-text';
import { backupHealth, newestReadableBackup } from './backup-health';

export interface StatusInput {
  enabled: boolean;
  schedule: Schedule | null;
  backupFolder: string;
  policy: RetentionPolicy;
  entries: readonly BackupListEntry[];
  lastRun: LastRun | null;
  now: Date;
  thresholdMs?: number | null | undefined;
}

export function statusReport(input: StatusInput): StatusReport {
  const newest = newestReadableBackup(input.entries);
  const health = backupHealth({
    entries: input.entries,
    schedule: input.enabled ? input.schedule : null,
    lastRun: input.lastRun,
    now: input.now,
    thresholdMs: input.thresholdMs,
  });
  const run = input.lastRun;
  return {
    enabled: input.enabled,
    schedule: input.schedule ? { ...input.schedule, text: describeSchedule(input.schedule) } : null,
    backupFolder: input.backupFolder,
    retentionPolicy: describePolicy(input.policy),
    count: input.entries.length,
    newestBackup: newest
      ? {
          id: newest.entry.id,
          name: newest.entry.name,
          createdAt: newest.at.toISOString(),
          ageText: formatAge(input.now.getTime() - newest.at.getTime()),
          sizeBytes: newest.entry.sizeBytes,
          trigger: newest.entry.trigger,
        }
      : null,
    lastRun: run ? { time: run.time, status: run.status, sizeBytes: run.sizeBytes, error: run.error } : null,
    health: {
      level: health.level,
      text: health.text,
      warning: health.warning ?? health.lastRunFailed?.error ?? null,
    },
  };
}

/** The one size style of CLI and app (shared/byte-size.ts): 42.0 MB. */
export function formatBytes(bytes: number | null): string {
  if (bytes === null) return 'size unknown';
  return formatByteSize(bytes);
}

/** The human form of the report, one fact a line. */
export function formatStatusText(report: StatusReport): string {
  const lines: string[] = [];
  const schedule = report.schedule ? report.schedule.text : 'none set';
  lines.push(`Scheduled backups: ${report.enabled ? `on, ${schedule}` : `off (schedule: ${schedule})`}`);
  lines.push(`Backup folder: ${report.backupFolder}`);
  lines.push(`Retention: ${report.retentionPolicy}`);
  lines.push(`Backups: ${report.count}`);
  if (report.newestBackup) {
    const b = report.newestBackup;
    lines.push(`Newest backup: ${b.ageText} (${b.createdAt}, ${b.id}, ${formatBytes(b.sizeBytes)})`);
  } else {
    lines.push('Newest backup: none yet');
  }
  if (report.lastRun) {
    const r = report.lastRun;
    const detail =
      r.status === 'failed'
        ? `FAILED: ${r.error ?? 'unknown error'}`
        : `succeeded, ${formatBytes(r.sizeBytes)}`;
    lines.push(`Last scheduled run: ${r.time}, ${detail}`);
  }
  if (report.health.level !== 'ok' && report.health.warning) lines.push(`WARNING: ${report.health.warning}`);
  return lines.join('\n');
}
