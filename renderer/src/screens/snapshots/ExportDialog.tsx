// "Export...": a snapshot (or the folder being browsed) as one .tar.gz or .zip file,
// written as a job with progress and Cancel, then where it is and its SHA-256 (also
// written beside it as FILE.sha256). In Electron "Choose..." opens the save dialog; in
// browser mode the path is typed.
import { useId, useState, type FormEvent } from 'react';
import type { RepoSnapshotEntry } from '../../../../shared/repository-types';
import { startExportArgsSchema } from '../../../../shared/repository-tools-types';
import type { JobInfo } from '../../../../shared/types';
import { firstZodIssue } from '../../../../shared/zod-issues';
import { useBridge } from '../../bridge/bridge-context';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { JobRunStatus, ownJobParts } from '../../components/JobRunStatus';
import { Notice } from '../../components/Notice';
import { PathField } from '../../components/PathChooser';
import { RadioChoice } from '../../components/RadioChoice';
import { formatBytes } from '../../format';
import { useAction } from '../../hooks/useAction';
import { useRemoteData } from '../../hooks/useRemoteData';
import { useStartJob } from '../../hooks/useStartJob';
import { baseName } from './PathCell';
import { parseExportResult } from './tool-results';

type Format = 'tar.gz' | 'zip';

/** The file name with its archive ending swapped for `format`'s (or added). */
export function withEnding(file: string, format: Format): string {
  const bare = file.replace(/\.(tar\.gz|tgz|zip)$/i, '');
  return bare === '' ? '' : `${bare}.${format}`;
}

interface ExportDialogProps {
  snapshot: RepoSnapshotEntry;
  /** The folder being browsed; offered instead of the whole snapshot when it is not the root. */
  folder: string | null;
  /** The folder as shown, when a name in it is not UTF-8 (its bytes as \xFF); `folder` stays exact. */
  folderDisplay?: string | undefined;
  onClose(): void;
}

export function ExportDialog({ snapshot, folder, folderDisplay, onClose }: ExportDialogProps) {
  const bridge = useBridge();
  const titleId = useId();
  const appInfo = useRemoteData((b) => b.getAppInfo({}), []);
  const [scope, setScope] = useState<'all' | 'folder'>('all');
  const [format, setFormat] = useState<Format>('tar.gz');
  const [file, setFile] = useState('');
  const [outcome, setOutcome] = useState<JobInfo | null>(null);
  const run = useStartJob(
    (args: { snapshot: string; path?: string; out: string }) => bridge.startExport(args),
    setOutcome,
  );
  const result = outcome?.state === 'succeeded' ? parseExportResult(outcome.result) : null;
  const running = run.running;
  const finished = outcome !== null && outcome.state === 'succeeded';
  const snapLabel = snapshot.name ?? snapshot.shortId;
  const suggested = `${snapLabel}${scope === 'folder' && folder ? `-${baseName(folder)}` : ''}.${format}`;

  // "Choose..." and the form's own check share one sentence under the form.
  const choosing = useAction(async () => {
    const chosen = (await bridge.chooseExportFile({ suggestedName: suggested })).path;
    if (chosen) {
      setFile(chosen);
      if (/\.zip$/i.test(chosen)) setFormat('zip');
      else if (/\.(tar\.gz|tgz)$/i.test(chosen)) setFormat('tar.gz');
    }
  });
  const { error: problem, setError: setProblem } = choosing;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const args = {
      snapshot: snapshot.id,
      ...(scope === 'folder' && folder ? { path: folder } : {}),
      out: withEnding(file.trim(), format),
    };
    const parsed = startExportArgsSchema.safeParse(args);
    if (!parsed.success) {
      setProblem(firstZodIssue(parsed.error, 'Type the file to write the archive to.'));
      return;
    }
    setProblem(null);
    setOutcome(null);
    void run.start(args);
  };

  return (
    <Dialog titleId={titleId} onClose={onClose} busy={running}>
      <h2 id={titleId} className="dialog-title">
        Export snapshot {snapLabel}
      </h2>
      <form className="dialog-body restore-dialog" onSubmit={submit} noValidate>
        {!finished && folder && folder !== '/' && (
          <fieldset className="choice-group" disabled={running}>
            <legend>What</legend>
            <RadioChoice name="export-what" checked={scope === 'all'} onSelect={() => setScope('all')}>
              The whole snapshot
            </RadioChoice>
            <RadioChoice name="export-what" checked={scope === 'folder'} onSelect={() => setScope('folder')}>
              <span>This folder</span>
              <span className="choice-note mono">{folderDisplay ?? folder}</span>
            </RadioChoice>
          </fieldset>
        )}
        {!finished && (
          <>
            <fieldset className="choice-group choice-row" disabled={running}>
              <legend>Format</legend>
              {(['tar.gz', 'zip'] as const).map((f) => (
                <RadioChoice
                  key={f}
                  name="export-format"
                  checked={format === f}
                  onSelect={() => {
                    setFormat(f);
                    setFile((v) => (v.trim() ? withEnding(v.trim(), f) : v));
                  }}
                >
                  .{f}
                </RadioChoice>
              ))}
            </fieldset>
            <PathField
              label="Archive file"
              value={file}
              onChange={setFile}
              placeholder={`/home/me/${suggested}`}
              disabled={running}
              hint="A full path. An existing file is never replaced; its SHA-256 goes beside it as FILE.sha256."
              onChoose={appInfo.data?.nativeDialogs ? () => void choosing.run() : undefined}
            />
          </>
        )}
        <ErrorNotice message={problem} />
        <JobRunStatus
          noun="export"
          {...ownJobParts(run)}
          outcome={outcome}
          cancelledText="The export was cancelled; no archive was written."
        >
          {result && (
            <Notice tone="success">
              <strong className="notice-title">
                Exported {result.path === '/' ? 'the snapshot' : result.path} ({formatBytes(result.bytes)}).
              </strong>
              <dl className="export-facts">
                <dt>Archive</dt>
                <dd className="mono">{result.file}</dd>
                <dt>SHA-256</dt>
                <dd className="mono export-hash">{result.sha256}</dd>
                <dt>Checksum file</dt>
                <dd className="mono">{result.sha256File}</dd>
              </dl>
            </Notice>
          )}
        </JobRunStatus>
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose} disabled={running}>
            {finished ? 'Close' : 'Cancel'}
          </button>
          {!finished && (
            <button type="submit" className="button button-primary" disabled={running}>
              Export
            </button>
          )}
        </div>
      </form>
    </Dialog>
  );
}
