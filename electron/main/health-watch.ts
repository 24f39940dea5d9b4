// Decides the desktop notifications about scheduled backups: it re-reads the current
// library's backup health (on a timer and after backup jobs end) and passes on what
// shouldNotify says, once per change. No Electron here, so it is tested under Node.
import type { BackbeatEvent } from '../../shared/contract';
import type { BackupHealth, HealthNotification, ScheduleView } from '../../shared/schedule-types';
import { shouldNotify } from '../engine/health/notify';

/** Often enough that "backups have stopped" is news within minutes, rare enough to cost nothing. */
export const HEALTH_POLL_MS = 5 * 60 * 1000;

export interface HealthWatchDeps {
  getSchedule(): Promise<ScheduleView>;
  notify(notification: HealthNotification): void;
  /** The newest health after each check (the tray shows its text); null without a library. */
  onHealth?(health: BackupHealth | null): void;
}

/** A backup job that ended (scheduled or not) may have changed the health. */
export function endsBackupJob(event: BackbeatEvent): boolean {
  return event.type === 'job' && event.job.kind === 'backup' && event.job.state !== 'running';
}

export class HealthWatch {
  private previous: BackupHealth | null = null;
  private checking: Promise<void> | null = null;

  constructor(private readonly deps: HealthWatchDeps) {}

  /** Re-reads the health; overlapping calls share one read so a burst of events notifies once. */
  check(): Promise<void> {
    this.checking ??= this.read().finally(() => {
      this.checking = null;
    });
    return this.checking;
  }

  private async read(): Promise<void> {
    let view: ScheduleView;
    try {
      view = await this.deps.getSchedule();
    } catch {
      // No library chosen (or it went away): nothing to say about its backups.
      this.previous = null;
      this.deps.onHealth?.(null);
      return;
    }
    this.deps.onHealth?.(view.health);
    const notifyOnSuccess = view.config?.notifyOnSuccess ?? false;
    const notification = shouldNotify(this.previous, view.health, { notifyOnSuccess });
    this.previous = view.health;
    if (notification) this.deps.notify(notification);
  }
}
