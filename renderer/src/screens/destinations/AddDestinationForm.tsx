// "Add destination...": a name and a location. Secrets never go into this form: a
// destination that needs keys names a private KEY=VALUE file (only its path is kept),
// and its password is the repository's unless the host was given another.
import { useId, useState, type FormEvent } from 'react';
import type { MethodArgs } from '../../../../shared/contract';
import type { DestinationAddResult } from '../../../../shared/destination-types';
import { useBridge } from '../../bridge/bridge-context';
import { CredentialsFileField } from '../../components/CredentialsFileField';
import { ErrorNotice } from '../../components/ErrorNotice';
import { OpenFormButton, SubmitCancel } from '../../components/OpenableForm';
import { PathField } from '../../components/PathChooser';
import { useOpenableForm } from '../../hooks/useOpenableForm';

interface AddDestinationFormProps {
  disabled: boolean;
  onAdded(result: DestinationAddResult): void;
}

export function AddDestinationForm({ disabled, onAdded }: AddDestinationFormProps) {
  const bridge = useBridge();
  const nameId = useId();
  const [name, setName] = useState('');
  const [location, setLocation] = useState('');
  const [credentialsFile, setCredentialsFile] = useState('');
  const form = useOpenableForm(async (args: MethodArgs<'addDestination'>) => {
    const result = await bridge.addDestination(args);
    setName('');
    setLocation('');
    setCredentialsFile('');
    onAdded(result);
  });
  const { busy } = form;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const n = name.trim();
    const l = location.trim();
    const c = credentialsFile.trim();
    if (!n || !l) {
      form.setError(!n ? 'Give the destination a short name first.' : 'Type where the copy goes first.');
      return;
    }
    void form.run({ name: n, location: l, ...(c ? { credentialsFile: c } : {}) });
  };

  if (!form.open)
    return <OpenFormButton label="Add destination..." disabled={disabled} onOpen={form.openForm} />;
  return (
    <form
      className="dest-form"
      aria-label="Add destination"
      onSubmit={submit}
      onKeyDown={form.closeOnEscape}
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
      <PathField
        label="Location"
        value={location}
        onChange={setLocation}
        placeholder="/media/usb/backbeat-copy"
        disabled={busy}
        hint={
          <>
            A folder on another disk, <span className="mono">sftp:user@host:/path</span>,{' '}
            <span className="mono">s3:https://host/bucket/path</span>,{' '}
            <span className="mono">rest:https://host/path</span> or{' '}
            <span className="mono">rclone:remote:path</span>. Never put a password in it.
          </>
        }
      />
      <CredentialsFileField
        value={credentialsFile}
        onChange={setCredentialsFile}
        disabled={busy}
        placeholder="/home/me/.config/backbeat-s3"
        withHint
      />
      <ErrorNotice message={form.error} />
      <div className="button-row">
        <SubmitCancel
          label="Add destination"
          busyLabel="Adding…"
          busy={busy}
          disabled={disabled}
          onCancel={form.close}
        />
        {busy && (
          <span className="muted small" role="status">
            Reaching the destination and creating its repository…
          </span>
        )}
      </div>
    </form>
  );
}
