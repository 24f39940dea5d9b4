// "Set up repository...": where the encrypted repository of snapshots goes (a folder
// on another disk than the library is safest). The password comes from the host (a
// password file in browser mode), so this form asks only for the folder.
import { useId, useState, type FormEvent } from 'react';
import type { RepoInitResult } from '../../../../shared/repository-types';
import { useBridge } from '../../bridge/bridge-context';
import { ErrorNotice } from '../../components/ErrorNotice';
import { errorMessage } from '../../errors';

/** The folder suggested first: beside the library (the user is told to prefer another disk). */
function suggestedRepo(libraryPath: string): string {
  const cut = Math.max(libraryPath.lastIndexOf('/'), libraryPath.lastIndexOf('\\'));
  const dir = cut > 0 ? libraryPath.slice(0, cut) : libraryPath;
  const sep = libraryPath.includes('\\') && !libraryPath.includes('/') ? '\\' : '/';
  return `${dir}${sep}backbeat-repository`;
}

interface RepoSetupProps {
  libraryPath: string;
  /** Why it cannot be set up here (no restic, no password); the form is then disabled. */
  blocked: boolean;
  onDone(result: RepoInitResult): void;
}

export function RepoSetup({ libraryPath, blocked, onDone }: RepoSetupProps) {
  const bridge = useBridge();
  const fieldId = useId();
  const hintId = useId();
  const [open, setOpen] = useState(false);
  const [folder, setFolder] = useState(() => suggestedRepo(libraryPath));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const repo = folder.trim();
    if (!repo) {
      setError('Type the folder for the repository first.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const result = await bridge.initRepository({ repo });
      setOpen(false);
      onDone(result);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  if (!open) {
    return (
      <div className="button-row">
        <button
          type="button"
          className="button button-primary"
          disabled={blocked}
          onClick={() => setOpen(true)}
        >
          Set up repository...
        </button>
      </div>
    );
  }
  return (
    <form className="path-form" onSubmit={submit}>
      <label htmlFor={fieldId}>Repository folder</label>
      <p id={hintId} className="muted small">
        A new folder is created there, encrypted with the repository password. Choose one on another disk than
        the library. An existing repository is used if the password opens it.
      </p>
      <div className="path-form-row">
        <input
          id={fieldId}
          className="input input-mono"
          type="text"
          value={folder}
          spellCheck={false}
          autoComplete="off"
          autoFocus
          aria-describedby={hintId}
          disabled={busy}
          onChange={(e) => setFolder(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') setOpen(false);
          }}
        />
        <button type="submit" className="button button-primary" disabled={busy || blocked}>
          {busy ? 'Creating…' : 'Create repository'}
        </button>
        <button type="button" className="button" disabled={busy} onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
      <ErrorNotice message={error} />
    </form>
  );
}
