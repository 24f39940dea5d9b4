// The repository half of a "database and audio" schedule, in one line for health:
// the last scheduled snapshot (a failure said loudly, never silently), old snapshots
// that could not be forgotten, and the newest repository check's outcome.
import type { RepoCheckResult } from '../../../shared/repository-tools-types';
import type { HealthLevel, LastSnapshotRun, ScheduleScope } from '../../../shared/schedule-types';
import { formatAge } from './age-text';

export interface SnapshotHealth {
  level: HealthLevel;
  text: string;
}

export function snapshotHealth(
  scope: ScheduleScope,
  last: LastSnapshotRun | null,
  lastCheck: RepoCheckResult | null,
  now: Date,
): SnapshotHealth | null {
  if (scope !== 'database-and-audio' && !last) return null;
  // Refused because a long copy held the repository: owed, made once it has finished.
  if (last?.status === 'failed' && last.busy === true) {
    return {
      level: 'warning',
      text: `${last.error ?? 'The scheduled audio snapshot waits.'} It is made once that job has finished.`,
    };
  }
  if (last?.status === 'failed') {
    return { level: 'error', text: last.error ?? 'The last scheduled audio snapshot failed.' };
  }
  if (lastCheck?.outcome === 'errors') return { level: 'error', text: lastCheck.message };
  const parts: string[] = [];
  parts.push(
    last
      ? `Last scheduled snapshot ${formatAge(now.getTime() - Date.parse(last.at))}${last.status === 'partial' ? ' (some files were unreadable)' : ''}.`
      : 'No scheduled snapshot yet.',
  );
  if (lastCheck)
    parts.push(`Repository checked ${formatAge(now.getTime() - Date.parse(lastCheck.checkedAt))}.`);
  if (last?.forgetError) {
    parts.push(`Forgetting old snapshots failed: ${last.forgetError}`);
    return { level: 'warning', text: parts.join(' ') };
  }
  return { level: last?.status === 'partial' ? 'warning' : 'ok', text: parts.join(' ') };
}
