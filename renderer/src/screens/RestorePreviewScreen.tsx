// What restoring one restore point would change, track by track, before anything
// is touched. Opening the screen starts the preview job; its result pages the list.
// With `undo`, the restore point is a restore's safety backup and the preview is of
// putting back exactly what that restore wrote.
import { useEffect, useRef, useState } from 'react';
import { normaliseKinds, type RestoreKind } from '../../../shared/restore-kinds';
import type { RestorePreviewSummary } from '../../../shared/types';
import { useBridge } from '../bridge/bridge-context';
import { ErrorNotice } from '../components/ErrorNotice';
import { JobProgress } from '../components/JobProgress';
import { Notice } from '../components/Notice';
import { backupLabel, formatDateTime } from '../format';
import { useBridgeEvent } from '../hooks/useBridgeEvent';
import { useRemoteData } from '../hooks/useRemoteData';
import { useStartJob } from '../hooks/useStartJob';
import { isRestorePreviewSummary } from '../schemas';
import { ChangeList } from './preview/ChangeList';
import { KindChoice } from './preview/KindChoice';
import { PreviewSummary } from './preview/PreviewSummary';
import { RestorePanel } from './preview/RestorePanel';

interface RestorePreviewScreenProps {
  backupId: string;
  undo: boolean;
  onBack(): void;
  onUndo(safetyBackupId: string): void;
}

export function RestorePreviewScreen({ backupId, undo, onBack, onUndo }: RestorePreviewScreenProps) {
  const bridge = useBridge();
  const backup = useRemoteData((b) => b.getBackup({ id: backupId }), []);
  const preview = useStartJob((id: string) => bridge.startRestorePreview(undo ? { id, undo: true } : { id }));
  const [libraryChanged, setLibraryChanged] = useState(false);
  /** The preview whose changes have been applied: its list now shows what was restored. */
  const [restoredPreviewId, setRestoredPreviewId] = useState<string | null>(null);
  /** Set once our own restore starts: the library changing is then expected, not stale. */
  const restoring = useRef(false);
  const startPreview = preview.start;

  useEffect(() => {
    setLibraryChanged(false);
    restoring.current = false;
    void startPreview(backupId);
  }, [backupId, startPreview]);

  useBridgeEvent((event) => {
    if (event.type === 'library-changed' && preview.job?.state === 'succeeded' && !restoring.current) {
      setLibraryChanged(true);
    }
  });

  const job = preview.job;
  const summary = job?.state === 'succeeded' && isRestorePreviewSummary(job.result) ? job.result : null;
  const title = backup.data ? backupLabel(backup.data) : backupId;
  const again = () => {
    setLibraryChanged(false);
    void startPreview(backupId);
  };

  return (
    <div className="screen">
      <header className="screen-header">
        <button type="button" className="button button-small" onClick={onBack}>
          <span aria-hidden="true">‹ </span>Back
        </button>
        <h1>{undo ? 'Undo restore preview' : 'Restore preview'}</h1>
        <span className="screen-header-note" title={title}>
          {title}
          {backup.data?.createdAt && ` · ${formatDateTime(backup.data.createdAt)}`}
        </span>
      </header>
      <div className="screen-body preview-body">
        {(preview.starting || job?.state === 'running') && (
          <div className="preview-progress">
            <p>Comparing the restore point with the library, track by track. Nothing is changed.</p>
            {job && <JobProgress job={job} />}
          </div>
        )}
        <ErrorNotice title="The preview could not start." message={preview.startError} />
        {job?.state === 'failed' && <ErrorNotice title="The preview failed." message={job.error} />}
        {job?.state === 'cancelled' && <Notice tone="info">The preview was cancelled.</Notice>}
        {(preview.startError || job?.state === 'failed' || job?.state === 'cancelled') && (
          <div className="button-row">
            <button type="button" className="button" onClick={again}>
              Preview again
            </button>
          </div>
        )}
        {job?.state === 'succeeded' && !summary && (
          <ErrorNotice message="Backbeat sent a preview in an unexpected shape. Try previewing again." />
        )}
        {summary && (
          <>
            {libraryChanged && (
              <div className="inline-row">
                <Notice tone="warning">
                  The library changed after this preview was made, so it may be out of date.
                </Notice>
                <button type="button" className="button button-small" onClick={again}>
                  Preview again
                </button>
              </div>
            )}
            <PreviewResult
              key={summary.previewId}
              summary={summary}
              restored={restoredPreviewId === summary.previewId}
              onUndo={onUndo}
              onRestoreStarted={() => {
                restoring.current = true;
              }}
              onRestored={() => setRestoredPreviewId(summary.previewId)}
            />
          </>
        )}
      </div>
    </div>
  );
}

interface PreviewResultProps {
  summary: RestorePreviewSummary;
  restored: boolean;
  onUndo(safetyBackupId: string): void;
  onRestoreStarted(): void;
  onRestored(): void;
}

/** One preview's numbers, kind choice, restore panel and list; the kinds start as the engine's default. */
function PreviewResult({ summary, restored, onUndo, onRestoreStarted, onRestored }: PreviewResultProps) {
  const [include, setInclude] = useState<RestoreKind[]>(() => normaliseKinds(summary.include));
  const [started, setStarted] = useState(false);
  const undo = summary.undo;
  const changes = summary.fills + summary.replaces + summary.downgrades + summary.erases;
  return (
    <>
      {undo && (
        <Notice tone="info">
          <strong className="notice-title">Undoing the restore from {undo.restoredFrom}.</strong> That restore
          wrote {undo.recorded.toLocaleString('en-US')} tracks; only those go back to the analysis they had
          before it.
          {undo.changedSince > 0 &&
            ` ${undo.changedSince.toLocaleString('en-US')} of them changed again since and keep their newer analysis.`}
        </Notice>
      )}
      <PreviewSummary summary={summary} include={include} />
      {summary.featureAware && !undo && (
        <KindChoice summary={summary} include={include} onChange={setInclude} disabled={started} />
      )}
      <RestorePanel
        summary={summary}
        include={include}
        onUndo={onUndo}
        onRestoreStarted={() => {
          setStarted(true);
          onRestoreStarted();
        }}
        onRestored={onRestored}
      />
      {summary.featureAware && (
        <ChangeList
          previewId={summary.previewId}
          unfilteredTotal={changes}
          include={include}
          title={restored ? 'Tracks that differed from the backup' : 'Tracks that differ from the backup'}
        />
      )}
    </>
  );
}
