// Applying the preview: "Restore" (additive, the default) or, behind its own
// confirmation, "Replace whole database...". Both make a safety backup first; the
// job's progress covers that backup and the restore itself.
import { useId, useState } from 'react';
import { countForKinds, type RestoreKind } from '../../../../shared/restore-kinds';
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
  /** The kinds of change an additive restore writes. */
  include: readonly RestoreKind[];
  /** Opens the preview of undoing a finished restore (from its safety backup). */
  onUndo(safetyBackupId: string): void;
  /** Tells the screen a restore is under way or done, so library changes are expected. */
  onRestoreStarted(): void;
  onRestored(): void;
}

export function RestorePanel({ summary, include, onUndo, onRestoreStarted, onRestored }: RestorePanelProps) {
  const bridge = useBridge();
  const noteId = useId();
  const [confirmingReplace, setConfirmingReplace] = useState(false);
  const [confirmingOther, setConfirmingOther] = useState(false);
  const toRestore = countForKinds(summary, include);
  const undo = summary.undo !== null;
  const restore = useStartJob(
    (mode: RestoreMode) =>
      bridge.startRestore(
        mode === 'replace'
          ? { id: summary.backupId, mode }
          : {
              id: summary.backupId,
              mode,
              ...(undo ? { undo: true } : { include: [...include] }),
              // The user saw the warning in this preview and confirmed it.
              ...(summary.otherLibrary !== null ? { otherLibrary: true } : {}),
            },
      ),
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
      {summary.otherLibrary && (
        <Notice tone="warning">
          <strong className="notice-title">This looks like another library’s backup.</strong>{' '}
          {summary.otherLibrary}
        </Notice>
      )}
      {showActions && (
        <div className="restore-actions">
          {summary.featureAware && (
            <button
              type="button"
              className="button button-primary"
              onClick={() => (summary.otherLibrary && !undo ? setConfirmingOther(true) : start('additive'))}
              disabled={toRestore === 0}
              aria-describedby={noteId}
            >
              {undo ? 'Undo restore' : 'Restore'}
            </button>
          )}
          <p id={noteId} className="restore-note">
            {summary.featureAware
              ? toRestore === 0
                ? include.length === 0
                  ? 'Nothing to restore: no kind of change is chosen.'
                  : 'Nothing to restore with the chosen kinds.'
                : undo
                  ? `Puts back the analysis of ${plural(toRestore, 'track')} as it was before that restore. A safety backup is made first.`
                  : `Restores the analysis of ${plural(toRestore, 'track')} in one step. A safety backup of the current library is made first, so you can undo it.`
              : 'A safety backup of the current library is made first.'}
          </p>
          {!undo && (
            <button type="button" className="button" onClick={() => setConfirmingReplace(true)}>
              Replace whole database...
            </button>
          )}
        </div>
      )}
      {restore.running && (
        <div className="restore-running">
          <p>Making a safety backup of the current library first, then restoring…</p>
          {job && <JobProgress job={job} />}
        </div>
      )}
      <div role="status" aria-live="polite">
        {job && job.state !== 'running' && <RestoreResultNotice job={job} onUndo={onUndo} />}
      </div>
      <ErrorNotice title="The restore could not start." message={restore.startError} />
      {confirmingOther && (
        <ConfirmDialog
          title="Restore from another library’s backup?"
          confirmLabel="Restore anyway"
          onCancel={() => setConfirmingOther(false)}
          onConfirm={async () => {
            setConfirmingOther(false);
            start('additive');
          }}
        >
          <p>{summary.otherLibrary}</p>
          <p>Restore only if this is the backup you meant. A safety backup is made first.</p>
        </ConfirmDialog>
      )}
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
