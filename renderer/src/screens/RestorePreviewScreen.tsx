// What restoring one restore point would change, track by track, before anything
// is touched. Opening the screen starts the preview job; its result pages the list.
import { useEffect, useRef, useState } from 'react';
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
import { PreviewSummary } from './preview/PreviewSummary';
import { RestorePanel } from './preview/RestorePanel';

interface RestorePreviewScreenProps {
  backupId: string;
  onBack(): void;
}

export function RestorePreviewScreen({ backupId, onBack }: RestorePreviewScreenProps) {
  const bridge = useBridge();
  const backup = useRemoteData((b) => b.getBackup({ id: backupId }), []);
  const preview = useStartJob((id: string) => bridge.startRestorePreview({ id }));
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
        <h1>Restore preview</h1>
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
            <PreviewSummary summary={summary} />
            <RestorePanel
              key={summary.previewId}
              summary={summary}
              onRestoreStarted={() => {
                restoring.current = true;
              }}
              onRestored={() => setRestoredPreviewId(summary.previewId)}
            />
            {summary.featureAware && (
              <ChangeList
                previewId={summary.previewId}
                unfilteredTotal={summary.toRestore}
                title={
                  restoredPreviewId === summary.previewId ? 'Tracks restored' : 'Tracks that would change'
                }
              />
            )}
          </>
        )}
      </div>
    </div>
  );
}
