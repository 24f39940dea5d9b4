// "Recover from a copy...": with this machine's library and repository gone, bring the
// newest (or a chosen) snapshot back from a destination into an empty folder, as a job,
// then say what was written where and offer to open the recovered library.
import { useId, useState, type FormEvent } from 'react';
import type { JobInfo, LibraryOverview } from '../../../../shared/types';
import { useBridge } from '../../bridge/bridge-context';
import { CredentialsFileField } from '../../components/CredentialsFileField';
import { ErrorNotice } from '../../components/ErrorNotice';
import { JobRunStatus, ownJobParts } from '../../components/JobRunStatus';
import { Notice } from '../../components/Notice';
import { PathField } from '../../components/PathChooser';
import { formatBytes, formatDateTime, plural } from '../../format';
import { useAction } from '../../hooks/useAction';
import { useStartJob } from '../../hooks/useStartJob';
import { parseRecoverResult, type RecoverOutcome } from '../destinations/copy-result';

interface RecoverArgs {
  from: string;
  to: string;
  snapshot?: string;
  credentialsFile?: string;
}

/** A library has many album folders; the first few show where they went. */
const SHOWN_FOLDERS = 5;

function Written({ result }: { result: RecoverOutcome }) {
  const snap = result.snapshot.name ?? result.snapshot.shortId;
  return (
    <Notice tone="success">
      <strong className="notice-title">
        Recovered snapshot {snap} from {formatDateTime(result.snapshot.time)}:{' '}
        {plural(result.filesRestored, 'file')}, {formatBytes(result.bytesRestored)}.
      </strong>
      <span className="recover-line">
        Library database: <span className="mono">{result.databasePath}</span>
      </span>
      {result.folders.length > 0 && (
        <>
          <span className="recover-line">
            {plural(result.folders.length, 'audio folder')}, each under its original path below the folder:
          </span>
          <ul className="recover-folders" aria-label="Recovered audio folders">
            {result.folders.slice(0, SHOWN_FOLDERS).map((f) => (
              <li key={f.original} className="mono" title={`Now at ${f.restoredTo}`}>
                {f.original}
              </li>
            ))}
            {result.folders.length > SHOWN_FOLDERS && (
              <li>…and {plural(result.folders.length - SHOWN_FOLDERS, 'more folder')}.</li>
            )}
          </ul>
        </>
      )}
    </Notice>
  );
}

interface RecoverFormProps {
  onOpened(overview: LibraryOverview): void;
  onClose(): void;
}

export function RecoverForm({ onOpened, onClose }: RecoverFormProps) {
  const bridge = useBridge();
  const headingId = useId();
  const snapshotId = useId();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [snapshot, setSnapshot] = useState('');
  const [credentialsFile, setCredentialsFile] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<JobInfo | null>(null);
  // Once the recovered library opens, this screen goes: the button stays off until then.
  const opening = useAction(async (path: string) => onOpened(await bridge.setLibrary({ path })), {
    busyAfterSuccess: true,
  });
  const recover = useStartJob((args: RecoverArgs) => bridge.startRecover(args), setOutcome);
  const result = outcome?.state === 'succeeded' ? parseRecoverResult(outcome.result) : null;
  const busy = recover.running;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const f = from.trim();
    const t = to.trim();
    if (!f || !t) {
      setProblem(
        !f ? 'Type the destination to recover from first.' : 'Type the folder to recover into first.',
      );
      return;
    }
    setProblem(null);
    setOutcome(null);
    const s = snapshot.trim();
    const c = credentialsFile.trim();
    void recover.start({
      from: f,
      to: t,
      ...(s ? { snapshot: s } : {}),
      ...(c ? { credentialsFile: c } : {}),
    });
  };

  return (
    <section className="recover-form" aria-labelledby={headingId}>
      <h2 id={headingId}>Recover from a copy</h2>
      <p className="muted small">
        Brings back the library database and its audio folders from a destination, when this machine’s library
        and repository are gone. Nothing is overwritten: the folder must be new or empty.
      </p>
      <form className="dest-form-fields" onSubmit={submit} noValidate>
        <PathField
          label="Recover from"
          value={from}
          onChange={setFrom}
          placeholder="/media/usb/backbeat-copy"
          autoFocus
          disabled={busy}
          hint="A destination’s saved name or its location (a folder, sftp:, s3:, rest: or rclone:). Its password is the repository’s."
        />
        <PathField
          label="Recover into folder"
          value={to}
          onChange={setTo}
          placeholder="/home/me/recovered"
          disabled={busy}
          hint="The database goes there under its own file name, each audio folder under its original path."
        />
        <div className="recover-optional">
          <div className="dest-form-field">
            <label htmlFor={snapshotId}>Snapshot (optional)</label>
            <input
              id={snapshotId}
              className="input input-mono"
              type="text"
              value={snapshot}
              placeholder="newest"
              autoComplete="off"
              spellCheck={false}
              disabled={busy}
              onChange={(e) => setSnapshot(e.target.value)}
            />
          </div>
          <CredentialsFileField value={credentialsFile} onChange={setCredentialsFile} disabled={busy} />
        </div>
        <ErrorNotice message={problem} />
        <div className="button-row">
          <button type="submit" className="button button-primary" disabled={busy}>
            Recover
          </button>
          <button type="button" className="button" disabled={busy} onClick={onClose}>
            Close
          </button>
        </div>
      </form>
      <JobRunStatus
        noun="recovery"
        {...ownJobParts(recover)}
        outcome={outcome}
        cancelledText="The recovery was cancelled; nothing was put in place."
      >
        {result && <Written result={result} />}
      </JobRunStatus>
      {result && (
        <div className="button-row">
          <button
            type="button"
            className="button button-primary"
            disabled={opening.busy}
            onClick={() => void opening.run(result.databasePath)}
          >
            Open the recovered library
          </button>
        </div>
      )}
      <ErrorNotice message={opening.error} />
    </section>
  );
}
