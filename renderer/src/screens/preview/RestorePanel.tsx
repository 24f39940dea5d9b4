// Applying the preview: "Restore" (additive, the default) or, behind its own
// confirmation, "Replace whole database...". Both make a safety backup first; the
// job's progress covers that backup and the restore itself.
import { useId, useState } from 'react';
import type { RestoreMode, RestorePreviewSummary } from '../../../../shared/types';
import { useBridge } from '../../bridge/bridge-context';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { JobProgress } from '../../components/JobProgress';
import { Notice } from '../../components/Notice';
import { plural } from '../../format';
import { useStartJob } from '../../hooks/useStartJob';
import { RestoreResultNotice } from './RestoreResultNotice';

interface RestorePanelProps {
  summary: RestorePreviewSummary;
  /** Tells the screen a restore is under way or done, so library changes are expected. */
  onRestoreStarted(): void;
  onRestored(): void;
}

export function RestorePanel({ summary, onRestoreStarted, onRestored }: RestorePanelProps) {
  const bridge = useBridge();
  const noteId = useId();
  const [confirmingReplace, setConfirmingReplace] = useState(false);
  const restore = useStartJob(
    (mode: RestoreMode) => bridge.startRestore({ id: summary.backupId, mode }),
    (job) => {
      if (job.state === 'succeeded') onRestored();
    },
  );
  const job = restore.job;
  const done = job?.state === 'succeeded';
  const showActions = !restore.running && !done;

  const start = (mode: RestoreMode) => {
    onRestoreStarted();
    void restore.start(mode);
  };

  return (
    <section className="restore-panel" aria-label="Restore">
      {!summary.featureAware && (
        <Notice tone="warning">
          <strong className="notice-title">A track-by-track restore is not possible here.</strong>{' '}
          {summary.reason ?? 'The backup or the library has no recognised tracks table.'} Only replacing the
          whole database applies.
        </Notice>
      )}
      {showActions && (
        <div className="restore-actions">
          {summary.featureAware && (
            <button
              type="button"
              className="button button-primary"
              onClick={() => start('additive')}
              disabled={summary.toRestore === 0}
              aria-describedby={noteId}
            >
              Restore
            </button>
          )}
          <p id={noteId} className="restore-note">
            {summary.featureAware
              ? summary.toRestore === 0
                ? 'Nothing to restore: every matching track already has this analysis.'
                : `Restores the analysis of ${plural(summary.toRestore, 'track')} in one step. A safety backup of the current library is made first, so you can undo it.`
              : 'A safety backup of the current library is made first.'}
          </p>
          <button type="button" className="button" onClick={() => setConfirmingReplace(true)}>
            Replace whole database...
          </button>
        </div>
      )}
      {restore.running && (
        <div className="restore-running">
          <p>Making a safety backup of the current library first, then restoring…</p>
          {job && <JobProgress job={job} />}
        </div>
      )}
      <div role="status" aria-live="polite">
        {job && job.state !== 'running' && <RestoreResultNotice job={job} />}
      </div>
      <ErrorNotice title="The restore could not start." message={restore.startError} />
      {confirmingReplace && (
        <ConfirmDialog
          title="Replace whole database?"
          confirmLabel="Replace database"
          onCancel={() => setConfirmingReplace(false)}
          onConfirm={async () => {
            setConfirmingReplace(false);
            start('replace');
          }}
        >
          <p>
            The library database will be replaced by the one in this restore point: every table, not only the
            analysis. Tracks added since then will be gone from the library.
          </p>
          <p>A safety backup is made first, and the current database file is kept beside the library.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
