// "Enter repository password..." beside the sentence saying snapshots cannot run without
// one: opens the password dialog, and reloads what depends on the password once it is kept.
// The one button for it, wherever the problem is met: the Library screen's Audio card, the
// Snapshots screen and the Destinations screen.
import { useState } from 'react';
import type { RepositoryReadiness } from '../../../../shared/repository-browse';
import { useRemoteData } from '../../hooks/useRemoteData';
import { RepoPasswordDialog } from './RepoPasswordDialog';

interface RepoPasswordButtonProps {
  readiness: RepositoryReadiness;
  /** No repository yet: the password is being chosen (typed twice). */
  creating: boolean;
  onSaved(): void;
}

export function RepoPasswordButton({ readiness, creating, onSaved }: RepoPasswordButtonProps) {
  const [open, setOpen] = useState(false);
  const appInfo = useRemoteData((b) => b.getAppInfo({}), []);
  const { password, passwordInput } = readiness;
  if (password.ok || passwordInput === 'none') return null;
  const label =
    passwordInput === 'password-file'
      ? 'Choose password file...'
      : creating
        ? 'Choose repository password...'
        : 'Enter repository password...';
  return (
    <>
      <div className="button-row">
        <button type="button" className="button button-primary" onClick={() => setOpen(true)}>
          {label}
        </button>
      </div>
      {open && (
        <RepoPasswordDialog
          purpose={creating ? 'create' : 'open'}
          input={passwordInput}
          browserMode={appInfo.data?.mode === 'browser'}
          reason={password.wrong ? password.problem : null}
          onClose={() => setOpen(false)}
          onSaved={() => {
            setOpen(false);
            onSaved();
          }}
        />
      )}
    </>
  );
}
