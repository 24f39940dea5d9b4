// How the backup routine is doing: newest backup, next run, and the last run (loud
// when it failed, until the next success).
import { useId } from 'react';
import type { ScheduleView } from '../../../../shared/schedule-types';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Field } from '../../components/Field';
import { Notice } from '../../components/Notice';
import { formatBytes, formatDateTime, formatRelative } from '../../format';
import { useNow } from '../../hooks/useNow';

const REASONS: Record<string, string> = {
  start: 'when the app started',
  tick: 'on schedule',
  wake: 'after the computer woke',
  'os-timer': 'by the system timer',
  manual: 'by hand',
  progress: 'during a rescan',
};

export function ScheduleStatus({ view }: { view: ScheduleView }) {
  const headingId = useId();
  const now = useNow();
  const { health, lastRun } = view;
  return (
    <section className="card" aria-labelledby={headingId}>
      <div className="card-header">
        <h2 id={headingId}>Status</h2>
        <span className="card-header-note">{health.text}</span>
      </div>
      {health.lastRunFailed && (
        <ErrorNotice
          title="The last scheduled backup failed."
          message={`${health.lastRunFailed.error} (${formatDateTime(health.lastRunFailed.at)})`}
        />
      )}
      {health.warning && (
        <Notice tone="warning">
          <strong className="notice-title">{health.warning}</strong>
        </Notice>
      )}
      {view.snapshotHealth?.level === 'error' && (
        <ErrorNotice title="The audio snapshot has a problem." message={view.snapshotHealth.text} />
      )}
      {view.snapshotHealth?.level === 'warning' && (
        <Notice tone="warning">
          <strong className="notice-title">{view.snapshotHealth.text}</strong>
        </Notice>
      )}
      <dl className="fields">
        <Field label="Newest backup">
          {health.newestAt
            ? `${formatRelative(health.newestAt, now)} (${formatDateTime(health.newestAt)})`
            : 'None yet'}
        </Field>
        {view.snapshotHealth?.level === 'ok' && (
          <Field label="Audio snapshots">{view.snapshotHealth.text}</Field>
        )}
        <Field label="Next run">
          {view.nextDueAt ? formatDateTime(view.nextDueAt) : view.config?.enabled ? '—' : 'Not scheduled'}
        </Field>
        <Field label="Last run">
          {lastRun ? (
            <>
              {formatDateTime(lastRun.time)}
              {' · '}
              <span className={lastRun.status === 'failed' ? 'text-danger' : 'text-success'}>
                {lastRun.status === 'failed' ? 'Failed' : 'Succeeded'}
              </span>
              {' · '}
              {formatBytes(lastRun.sizeBytes)} · {REASONS[lastRun.reason] ?? lastRun.reason}
            </>
          ) : (
            'Never'
          )}
        </Field>
      </dl>
      {lastRun?.status === 'failed' && lastRun.error && !health.lastRunFailed && (
        <ErrorNotice title="The last run failed." message={lastRun.error} />
      )}
    </section>
  );
}
