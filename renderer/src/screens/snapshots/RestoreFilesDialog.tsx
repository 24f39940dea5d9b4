// "Restore...": what restoring the chosen files of a snapshot would do (written new,
// overwritten with the current file kept beside it, or left alone as identical), where
// to (their original place or another folder), then Restore as a job with progress and
// Cancel, and what it did. Cancel has the first focus: Enter alone restores nothing.
import { useId, useRef, useState } from 'react';
import type { RepoSnapshotEntry } from '../../../../shared/repository-types';
import type { RestoreFileAction } from '../../../../shared/repository-tools-types';
import type { JobInfo } from '../../../../shared/types';
import { useBridge } from '../../bridge/bridge-context';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { JobRunStatus, ownJobParts } from '../../components/JobRunStatus';
import { Notice } from '../../components/Notice';
import { PathField } from '../../components/PathChooser';
import { RadioChoice } from '../../components/RadioChoice';
import { formatBytes, formatCount, plural } from '../../format';
import { useAction } from '../../hooks/useAction';
import { useDebouncedValue } from '../../hooks/useDebouncedValue';
import { useRemoteData } from '../../hooks/useRemoteData';
import { useStartJob } from '../../hooks/useStartJob';
import { pathTitle } from './PathCell';
import { useRestorePreview } from './useRestorePreview';
import { parseRestoreResult } from './tool-results';

export interface RestoreRequest {
  snapshot: RepoSnapshotEntry;
  /** Paths in the snapshot (files or folders)... */
  paths?: string[];
  /** ...or library track ids. */
  tracks?: string[];
  /** What is restored, in words: "3 selected items", "the audio of track 42". */
  what: string;
}

/** The first files of the preview shown; the counts cover them all. */
const SHOWN_FILES = 8;

const ACTION_WORDS: Record<RestoreFileAction, string> = {
  new: 'New',
  overwrite: 'Overwrite',
  identical: 'Identical',
};

interface RestoreFilesDialogProps {
  request: RestoreRequest;
  onClose(): void;
  /** Told once a restore has finished writing (to check the library again). */
  onRestored?(): void;
}

export function RestoreFilesDialog({ request, onClose, onRestored }: RestoreFilesDialogProps) {
  const bridge = useBridge();
  const titleId = useId();
  const bodyId = useId();
  const cancelButton = useRef<HTMLButtonElement>(null);
  const appInfo = useRemoteData((b) => b.getAppInfo({}), []);
  const [where, setWhere] = useState<'original' | 'folder'>('original');
  const [folder, setFolder] = useState('');
  const [outcome, setOutcome] = useState<JobInfo | null>(null);
  const typedFolder = useDebouncedValue(folder.trim(), 400);
  const to = where === 'folder' ? typedFolder : null;
  const preview = useRestorePreview(request, to);
  const restore = useStartJob(
    (args: { snapshot: string; paths?: string[]; tracks?: string[]; to?: string }) =>
      bridge.startRestoreFiles(args),
    (job) => {
      setOutcome(job);
      if (job.state === 'succeeded') onRestored?.();
    },
  );
  const result = outcome?.state === 'succeeded' ? parseRestoreResult(outcome.result) : null;
  const running = restore.running;
  const plan = preview.plan;
  const toWrite = plan ? plan.counts.new + plan.counts.overwrite : 0;
  const finished = outcome !== null;

  const choosing = useAction(async () => {
    const chosen = (await bridge.chooseRestoreFolder({})).path;
    if (chosen) {
      setWhere('folder');
      setFolder(chosen);
    }
  });

  const apply = () => {
    if (!plan || toWrite === 0) return;
    setOutcome(null);
    void restore.start({
      snapshot: request.snapshot.id,
      ...(request.paths ? { paths: request.paths } : {}),
      ...(request.tracks ? { tracks: request.tracks } : {}),
      ...(plan.to !== null ? { to: plan.to } : {}),
    });
  };

  const snapLabel = request.snapshot.name ?? request.snapshot.shortId;
  return (
    <Dialog
      titleId={titleId}
      describedBy={bodyId}
      onClose={onClose}
      busy={running}
      initialFocus={cancelButton}
    >
      <h2 id={titleId} className="dialog-title">
        Restore from snapshot {snapLabel}
      </h2>
      <div id={bodyId} className="dialog-body restore-dialog">
        {!finished && (
          <p>
            Restores {request.what}. A file that is overwritten is first kept beside itself, so nothing is
            lost.
          </p>
        )}
        {!finished && (
          <fieldset className="choice-group" disabled={running}>
            <legend>Restore to</legend>
            <RadioChoice
              name="restore-where"
              checked={where === 'original'}
              onSelect={() => setWhere('original')}
            >
              <span>Their original place</span>
            </RadioChoice>
            <RadioChoice
              name="restore-where"
              checked={where === 'folder'}
              onSelect={() => setWhere('folder')}
            >
              <span>Another folder</span>
              <span className="choice-note">Each file keeps its full path below it.</span>
            </RadioChoice>
          </fieldset>
        )}
        {where === 'folder' && !finished && (
          <PathField
            label="Folder to restore into"
            value={folder}
            onChange={setFolder}
            placeholder="/home/me/restored"
            disabled={running}
            onChoose={appInfo.data?.nativeDialogs ? () => void choosing.run() : undefined}
          >
            <ErrorNotice message={choosing.error} />
          </PathField>
        )}
        {!finished && <PreviewPart preview={preview} waitingForFolder={where === 'folder' && !typedFolder} />}
        <JobRunStatus
          noun="restore"
          {...ownJobParts(restore)}
          outcome={outcome}
          cancelledText="The restore was cancelled. Files not yet moved into place were left as they were."
        >
          {result && (
            <Notice tone="success">
              <strong className="notice-title">
                Restored {plural(result.written, 'file')} ({formatBytes(result.bytesToWrite)})
                {result.to ? ` below ${result.to}` : ' to their original place'}.
              </strong>
              {result.movedAside.length > 0 && (
                <>
                  <span>
                    {result.movedAside.length === 1
                      ? 'The file that was there before is kept beside it:'
                      : 'The files that were there before are kept beside them:'}
                  </span>
                  <ul className="restore-file-list" aria-label="Kept beside">
                    {result.movedAside.slice(0, SHOWN_FILES).map((m) => (
                      <li key={m.movedTo} className="mono">
                        {/* A name that is not UTF-8 shows its bytes, as the preview does. */}
                        {m.movedToDisplay ?? m.movedTo}
                      </li>
                    ))}
                    {result.movedAside.length > SHOWN_FILES && (
                      <li>…and {formatCount(result.movedAside.length - SHOWN_FILES)} more.</li>
                    )}
                  </ul>
                </>
              )}
            </Notice>
          )}
        </JobRunStatus>
      </div>
      <div className="dialog-actions">
        <button ref={cancelButton} type="button" className="button" onClick={onClose} disabled={running}>
          {finished ? 'Close' : 'Cancel'}
        </button>
        {!finished && (
          <button
            type="button"
            className="button button-primary"
            onClick={apply}
            disabled={running || preview.loading || !plan || toWrite === 0}
          >
            {plan && toWrite > 0 ? `Restore ${plural(toWrite, 'file')}` : 'Restore'}
          </button>
        )}
      </div>
    </Dialog>
  );
}

function PreviewPart({
  preview,
  waitingForFolder,
}: {
  preview: ReturnType<typeof useRestorePreview>;
  waitingForFolder: boolean;
}) {
  if (waitingForFolder)
    return <p className="muted">Type the folder to restore into to see what would change.</p>;
  if (preview.error) return <ErrorNotice message={preview.error} />;
  const plan = preview.plan;
  if (!plan || preview.loading)
    return (
      <p className="muted" role="status">
        Working out what would change…
      </p>
    );
  const { counts } = plan;
  return (
    <div className="restore-preview" aria-label="What the restore would do">
      <p className="restore-counts">
        <span>
          <strong>{formatCount(counts.new)}</strong> new
        </span>
        <span>
          <strong>{formatCount(counts.overwrite)}</strong> overwritten (current kept beside)
        </span>
        <span>
          <strong>{formatCount(counts.identical)}</strong> left alone (identical)
        </span>
        <span>
          <strong>{formatBytes(plan.bytesToWrite)}</strong> to write
        </span>
      </p>
      <ul className="restore-file-list" aria-label="Files">
        {plan.files.slice(0, SHOWN_FILES).map((f) => (
          <li key={f.destination} className="restore-file">
            <span className={`restore-action restore-action-${f.action}`}>{ACTION_WORDS[f.action]}</span>
            <span
              className="mono restore-dest"
              title={pathTitle({ path: f.destination, display: f.destinationDisplay })}
            >
              <bdi dir="ltr">{f.destinationDisplay ?? f.destination}</bdi>
            </span>
            <span className="muted">{formatBytes(f.size)}</span>
          </li>
        ))}
        {plan.files.length > SHOWN_FILES && (
          <li className="muted">…and {plural(plan.files.length - SHOWN_FILES, 'more file')}.</li>
        )}
      </ul>
      {counts.new + counts.overwrite === 0 && (
        <Notice tone="info">Every file is already there as the snapshot has it; nothing to restore.</Notice>
      )}
    </div>
  );
}
