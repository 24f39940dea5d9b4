// When the app should raise a desktop notification, decided by comparing the
// health before and after a change (a run, a periodic re-check). Pure, so the
// Electron side only shows what this returns, and says each thing once.
import type { BackupHealth, HealthNotification } from '../../../shared/schedule-types';

export interface NotifyOptions {
  /** Successes are quiet unless the user asked for them. */
  notifyOnSuccess?: boolean;
}

export function shouldNotify(
  previous: BackupHealth | null,
  next: BackupHealth,
  options: NotifyOptions = {},
): HealthNotification | null {
  if (next.lastRunFailed && previous?.lastRunFailed?.at !== next.lastRunFailed.at) {
    return {
      kind: 'failed',
      title: 'Backup failed',
      body: `${next.lastRunFailed.error} Backbeat will try again; your existing backups are untouched.`,
    };
  }
  if (next.warning && !previous?.warning && !next.lastRunFailed) {
    return { kind: 'stopped', title: 'Backups have stopped', body: next.warning };
  }
  const wasUnwell = previous !== null && previous.level !== 'ok';
  if (wasUnwell && next.level === 'ok') {
    return { kind: 'recovered', title: 'Backups are running again', body: `${next.text}.` };
  }
  if (
    options.notifyOnSuccess &&
    next.newestAt &&
    next.newestAt !== previous?.newestAt &&
    next.level === 'ok'
  ) {
    return { kind: 'succeeded', title: 'Backup made', body: `${next.text}.` };
  }
  return null;
}
