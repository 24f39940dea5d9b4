// The "Credentials file (optional)" field of adding a destination and of recovering
// from one: only the path of a private KEY=VALUE file is ever typed, never a secret.
import { useId } from 'react';

interface CredentialsFileFieldProps {
  value: string;
  onChange(value: string): void;
  disabled: boolean;
  placeholder?: string;
  /** Show the sentence about what the file holds (the add form has room for it). */
  withHint?: boolean;
}

export function CredentialsFileField({
  value,
  onChange,
  disabled,
  placeholder = '~/.config/backbeat-s3',
  withHint = false,
}: CredentialsFileFieldProps) {
  const fieldId = useId();
  const hintId = useId();
  return (
    <div className="dest-form-field">
      <label htmlFor={fieldId}>Credentials file (optional)</label>
      <input
        id={fieldId}
        className="input input-mono"
        type="text"
        value={value}
        placeholder={placeholder}
        autoComplete="off"
        spellCheck={false}
        aria-describedby={withHint ? hintId : undefined}
        disabled={disabled}
        onChange={(e) => onChange(e.target.value)}
      />
      {withHint && (
        <p id={hintId} className="muted small">
          The path of a private KEY=VALUE file (only you can read it) with S3 keys or a REST login. Backbeat
          keeps only its path, never what is in it. SFTP uses your SSH keys.
        </p>
      )}
    </div>
  );
}
