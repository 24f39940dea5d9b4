// The "Credentials file (optional)" field of adding a destination and of recovering
// from one: only the path of a private KEY=VALUE file is ever typed, never a secret.
import { PathField } from './PathChooser';

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
  return (
    <PathField
      label="Credentials file (optional)"
      value={value}
      onChange={onChange}
      placeholder={placeholder}
      disabled={disabled}
      hint={
        withHint
          ? 'The path of a private KEY=VALUE file (only you can read it) with S3 keys or a REST login. Backbeat keeps only its path, never what is in it. SFTP uses your SSH keys.'
          : undefined
      }
    />
  );
}
