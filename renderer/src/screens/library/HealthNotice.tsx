// Loud when backups look stopped or the last scheduled run failed (until the next
// success), so nobody finds out on the day they need a restore point.
import type { OverviewHealth } from '../../../../shared/types';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Notice } from '../../components/Notice';
import { formatDateTime } from '../../format';

export function HealthNotice({ health }: { health: OverviewHealth | undefined }) {
  if (!health) return null;
  return (
    <>
      {health.lastRunFailed && (
        <ErrorNotice
          title="The last scheduled backup failed."
          message={`${health.lastRunFailed.error} (${formatDateTime(health.lastRunFailed.at)}). It stays here until a backup succeeds.`}
        />
      )}
      {health.warning && (
        <Notice tone="warning">
          <strong className="notice-title">{health.warning}</strong>
        </Notice>
      )}
    </>
  );
}
