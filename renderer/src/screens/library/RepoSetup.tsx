// "Set up repository...": where the encrypted repository of snapshots goes (a folder
// on another disk than the library is safest). The password comes from the host (a
// password file in browser mode), so this form asks only for the folder.
import { useState, type FormEvent } from 'react';
import type { RepoInitResult } from '../../../../shared/repository-types';
import { useBridge } from '../../bridge/bridge-context';
import { ErrorNotice } from '../../components/ErrorNotice';
import { OpenFormButton, SubmitCancel } from '../../components/OpenableForm';
import { PathField, submitTypedPath } from '../../components/PathChooser';
import { useOpenableForm } from '../../hooks/useOpenableForm';

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
  const [folder, setFolder] = useState(() => suggestedRepo(libraryPath));
  const form = useOpenableForm(async (repo: string) => onDone(await bridge.initRepository({ repo })));

  const submit = (event: FormEvent) =>
    submitTypedPath(event, folder, 'Type the folder for the repository first.', form);

  if (!form.open)
    return <OpenFormButton label="Set up repository..." disabled={blocked} onOpen={form.openForm} />;
  return (
    <PathField
      className="path-form"
      onSubmit={submit}
      label="Repository folder"
      value={folder}
      onChange={setFolder}
      autoFocus
      disabled={form.busy}
      onEscape={form.close}
      hint="A new folder is created there, encrypted with the repository password. Choose one on another disk than the library. An existing repository is used if the password opens it."
      actions={
        <SubmitCancel
          label="Create repository"
          busyLabel="Creating…"
          busy={form.busy}
          disabled={blocked}
          onCancel={form.close}
        />
      }
    >
      <ErrorNotice message={form.error} />
    </PathField>
  );
}
