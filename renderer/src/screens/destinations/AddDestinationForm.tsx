// "Add destination...": a name and a location. Secrets never go into this form: a
// destination that needs keys names a private KEY=VALUE file (only its path is kept),
// and its password is the repository's unless the host was given another.
import { useId, useState, type FormEvent } from 'react';
import type { DestinationAddResult } from '../../../../shared/destination-types';
import { useBridge } from '../../bridge/bridge-context';
import { CredentialsFileField } from '../../components/CredentialsFileField';
import { ErrorNotice } from '../../components/ErrorNotice';
import { errorMessage } from '../../errors';

interface AddDestinationFormProps {
  disabled: boolean;
  onAdded(result: DestinationAddResult): void;
}

export function AddDestinationForm({ disabled, onAdded }: AddDestinationFormProps) {
  const bridge = useBridge();
  const nameId = useId();
  const locationId = useId();
  const locationHintId = useId();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [location, setLocation] = useState('');
  const [credentialsFile, setCredentialsFile] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const close = () => {
    setOpen(false);
    setError(null);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const n = name.trim();
    const l = location.trim();
    const c = credentialsFile.trim();
    if (!n || !l) {
      setError(!n ? 'Give the destination a short name first.' : 'Type where the copy goes first.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const result = await bridge.addDestination({
        name: n,
        location: l,
        ...(c ? { credentialsFile: c } : {}),
      });
      setName('');
      setLocation('');
      setCredentialsFile('');
      setOpen(false);
      onAdded(result);
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
          disabled={disabled}
          onClick={() => setOpen(true)}
        >
          Add destination...
        </button>
      </div>
    );
  }
  return (
    <form
      className="dest-form"
      aria-label="Add destination"
      onSubmit={submit}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && !busy) close();
      }}
      noValidate
    >
      <div className="dest-form-field">
        <label htmlFor={nameId}>Name</label>
        <input
          id={nameId}
          className="input"
          type="text"
          value={name}
          maxLength={40}
          placeholder="e.g. usb"
          autoComplete="off"
          spellCheck={false}
          autoFocus
          disabled={busy}
          onChange={(e) => setName(e.target.value)}
        />
      </div>
      <div className="dest-form-field">
        <label htmlFor={locationId}>Location</label>
        <input
          id={locationId}
          className="input input-mono"
          type="text"
          value={location}
          placeholder="/media/usb/backbeat-copy"
          autoComplete="off"
          spellCheck={false}
          aria-describedby={locationHintId}
          disabled={busy}
          onChange={(e) => setLocation(e.target.value)}
        />
        <p id={locationHintId} className="muted small">
          A folder on another disk, <span className="mono">sftp:user@host:/path</span>,{' '}
          <span className="mono">s3:https://host/bucket/path</span>,{' '}
          <span className="mono">rest:https://host/path</span> or{' '}
          <span className="mono">rclone:remote:path</span>. Never put a password in it.
        </p>
      </div>
      <CredentialsFileField
        value={credentialsFile}
        onChange={setCredentialsFile}
        disabled={busy}
        placeholder="/home/me/.config/backbeat-s3"
        withHint
      />
      <ErrorNotice message={error} />
      <div className="button-row">
        <button type="submit" className="button button-primary" disabled={busy || disabled}>
          {busy ? 'Adding…' : 'Add destination'}
        </button>
        <button type="button" className="button" disabled={busy} onClick={close}>
          Cancel
        </button>
        {busy && (
          <span className="muted small" role="status">
            Reaching the destination and creating its repository…
          </span>
        )}
      </div>
    </form>
  );
}
