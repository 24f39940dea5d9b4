// The repository password, asked when Backbeat has none or the one it has does not open
// the repository. The host checks it against the repository before keeping it, so a
// wrong one is said here and never kept. Where the host cannot keep a typed password
// (browser mode, or no system keychain) it takes the path of a private password file.
// The password itself is never shown in an error, a log or a setting.
import { useId, useRef, useState, type FormEvent } from 'react';
import { useBridge } from '../../bridge/bridge-context';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { PathField } from '../../components/PathChooser';
import { useAction } from '../../hooks/useAction';

export interface RepoPasswordDialogProps {
  /** 'create': no repository yet (the password is typed twice); 'open': an existing one. */
  purpose: 'create' | 'open';
  /** What the host can take: a typed password (keychain) or a password file's path. */
  input: 'password' | 'password-file';
  /** Browser mode (the file is the only way) or the desktop app without a keychain. */
  browserMode: boolean;
  /** Why it is asked, e.g. "The password Backbeat has does not open the repository at ...". */
  reason: string | null;
  onClose(): void;
  onSaved(): void;
}

export function RepoPasswordDialog({
  purpose,
  input,
  browserMode,
  reason,
  onClose,
  onSaved,
}: RepoPasswordDialogProps) {
  const bridge = useBridge();
  const titleId = useId();
  const bodyId = useId();
  const passwordId = useId();
  const confirmId = useId();
  const showId = useId();
  const first = useRef<HTMLInputElement>(null);
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [show, setShow] = useState(false);
  const [file, setFile] = useState('');
  // The dialog closes once the password is kept: busy until then.
  const saving = useAction(
    async (args: { password: string } | { passwordFile: string }) => {
      await bridge.setRepositoryPassword(args);
      onSaved();
    },
    { busyAfterSuccess: true },
  );
  const { busy, error: problem } = saving;

  const check = (): string | null => {
    if (input === 'password-file') return file.trim() ? null : 'Type the full path of the password file.';
    if (password === '') return 'Type the repository password.';
    if (purpose === 'create' && password !== confirm) {
      return 'The two passwords differ. Type the same password in both fields.';
    }
    return null;
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const invalid = check();
    if (invalid) {
      saving.setError(invalid);
      first.current?.focus();
      return;
    }
    const saved = await saving.run(input === 'password' ? { password } : { passwordFile: file.trim() });
    // The host's sentence never holds the password; the field keeps it to be corrected.
    if (!saved) first.current?.select();
  };

  const title = purpose === 'create' ? 'Choose the repository password' : 'Enter the repository password';
  return (
    <Dialog titleId={titleId} describedBy={bodyId} onClose={onClose} busy={busy} initialFocus={first}>
      <h2 id={titleId} className="dialog-title">
        {title}
      </h2>
      <form onSubmit={submit} noValidate>
        <div id={bodyId} className="dialog-body">
          {reason && <p>{reason}</p>}
          {input === 'password' ? (
            <p className="muted small">
              {purpose === 'create'
                ? 'The repository is encrypted with it. Keep a copy somewhere safe: without it no snapshot can be read, by Backbeat or anyone. '
                : ''}
              Backbeat keeps it encrypted by the system keychain.
            </p>
          ) : (
            <p className="muted small">
              {browserMode
                ? 'In browser mode Backbeat keeps no passwords itself. '
                : 'This system has no keychain to keep a password encrypted. '}
              Put the repository password in a file only you can read (chmod 600) and type that file&apos;s
              full path here; Backbeat remembers only the path.
            </p>
          )}
        </div>
        {input === 'password' ? (
          <>
            <div className="confirm-field">
              <label htmlFor={passwordId}>Password</label>
              <input
                ref={first}
                id={passwordId}
                className="input"
                type={show ? 'text' : 'password'}
                value={password}
                autoComplete={purpose === 'create' ? 'new-password' : 'current-password'}
                spellCheck={false}
                disabled={busy}
                aria-invalid={problem !== null}
                onChange={(e) => setPassword(e.target.value)}
              />
            </div>
            {purpose === 'create' && (
              <div className="confirm-field">
                <label htmlFor={confirmId}>Password again</label>
                <input
                  id={confirmId}
                  className="input"
                  type={show ? 'text' : 'password'}
                  value={confirm}
                  autoComplete="new-password"
                  spellCheck={false}
                  disabled={busy}
                  onChange={(e) => setConfirm(e.target.value)}
                />
              </div>
            )}
            <label className="check" htmlFor={showId}>
              <input
                id={showId}
                type="checkbox"
                checked={show}
                disabled={busy}
                onChange={(e) => setShow(e.target.checked)}
              />
              Show {purpose === 'create' ? 'passwords' : 'password'}
            </label>
          </>
        ) : (
          <PathField
            className="confirm-field"
            inputRef={first}
            label="Password file"
            value={file}
            onChange={setFile}
            placeholder="/home/me/.config/backbeat/repository-password"
            disabled={busy}
            invalid={problem !== null}
          />
        )}
        <ErrorNotice message={problem} />
        {busy && <p className="muted small">Checking it against the repository…</p>}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={busy}>
            {input === 'password' ? 'Use this password' : 'Use this file'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
