// The audio folders snapshots hold: proposed from the library's own file paths until
// the user edits them; each with gitignore-style exclude patterns; add and remove.
import { useId, useState, type FormEvent } from 'react';
import type { RepoFolderView, RepositoryView } from '../../../../shared/repository-types';
import { useBridge } from '../../bridge/bridge-context';
import { ErrorNotice } from '../../components/ErrorNotice';
import { PathField, submitTypedPath } from '../../components/PathChooser';
import { useAction } from '../../hooks/useAction';

/** One pattern a line; blank lines dropped. */
function patternsOf(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

interface AudioFoldersProps {
  view: RepositoryView;
  onChanged(view: RepositoryView): void;
}

function FolderRow({ folder, onChanged }: { folder: RepoFolderView; onChanged(view: RepositoryView): void }) {
  const bridge = useBridge();
  const fieldId = useId();
  const pathId = useId();
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(folder.excludes.join('\n'));
  const { run, busy, error } = useAction(async (call: () => Promise<RepositoryView>) => {
    onChanged(await call());
    setEditing(false);
  });

  const save = (event: FormEvent) => {
    event.preventDefault();
    void run(() => bridge.addRepositoryFolder({ path: folder.path, excludes: patternsOf(text) }));
  };

  return (
    <li className="audio-folder">
      <div className="audio-folder-line">
        <span id={pathId} className="path audio-folder-path" title={folder.path}>
          {folder.path}
        </span>
        {!folder.present && <span className="badge badge-warning">Missing</span>}
        <div className="button-row">
          <button
            type="button"
            className="button button-small"
            aria-describedby={pathId}
            aria-expanded={editing}
            disabled={busy}
            onClick={() => {
              setText(folder.excludes.join('\n'));
              setEditing(!editing);
            }}
          >
            Excludes...
          </button>
          <button
            type="button"
            className="button button-small"
            aria-label={`Remove ${folder.path}`}
            disabled={busy}
            onClick={() => void run(() => bridge.removeRepositoryFolder({ path: folder.path }))}
          >
            Remove
          </button>
        </div>
      </div>
      {folder.excludes.length > 0 && !editing && (
        <p className="muted small">Leaves out: {folder.excludes.join(', ')}</p>
      )}
      {editing && (
        <form className="path-form" onSubmit={save}>
          <label htmlFor={fieldId}>Leave out (one pattern a line, as in .gitignore)</label>
          <textarea
            id={fieldId}
            className="input input-mono"
            rows={3}
            value={text}
            spellCheck={false}
            placeholder={'*.tmp\nPodcasts/'}
            disabled={busy}
            onChange={(e) => setText(e.target.value)}
          />
          <div className="button-row">
            <button type="submit" className="button button-primary button-small" disabled={busy}>
              Save excludes
            </button>
            <button
              type="button"
              className="button button-small"
              disabled={busy}
              onClick={() => setEditing(false)}
            >
              Cancel
            </button>
          </div>
        </form>
      )}
      <ErrorNotice message={error} />
    </li>
  );
}

export function AudioFolders({ view, onChanged }: AudioFoldersProps) {
  const bridge = useBridge();
  const headingId = useId();
  const [adding, setAdding] = useState(false);
  const [typed, setTyped] = useState('');
  const adder = useAction(async (path: string) => {
    onChanged(await bridge.addRepositoryFolder({ path }));
    setTyped('');
    setAdding(false);
  });
  const { busy } = adder;
  const missing = view.folders.filter((f) => !f.present).length;

  const add = (event: FormEvent) =>
    submitTypedPath(event, typed, 'Type the full path of the folder first.', adder);

  return (
    <div className="audio-folders">
      <h3 id={headingId} className="subheading">
        Audio folders
      </h3>
      <p className="muted small">
        {view.foldersProposed
          ? 'Proposed from the folders that hold the library’s tracks. Change them as you like.'
          : 'The folders each snapshot stores, with the library database.'}
      </p>
      {view.folders.length === 0 ? (
        <p className="muted">No audio folders: snapshots hold only the library database.</p>
      ) : (
        <ul className="audio-folder-list" aria-labelledby={headingId}>
          {view.folders.map((f) => (
            <FolderRow key={`${f.path}\n${f.excludes.join('\n')}`} folder={f} onChanged={onChanged} />
          ))}
        </ul>
      )}
      {missing > 0 && (
        // Said once under the list, not under each folder: a library on an unplugged drive misses them all.
        <p className="muted small">
          {missing === 1 ? 'The folder marked Missing is' : `The ${missing} folders marked Missing are`} not
          there now (a drive unplugged?). Snapshots wait until {missing === 1 ? 'it is' : 'they are'} back, or
          until you remove {missing === 1 ? 'it' : 'them'} here.
        </p>
      )}
      {adding ? (
        <PathField
          className="path-form"
          onSubmit={add}
          label="Folder to add"
          value={typed}
          onChange={setTyped}
          placeholder="/path/to/music"
          autoFocus
          disabled={busy}
          onEscape={() => setAdding(false)}
          actions={
            <>
              <button type="submit" className="button button-primary" disabled={busy}>
                Add folder
              </button>
              <button type="button" className="button" disabled={busy} onClick={() => setAdding(false)}>
                Cancel
              </button>
            </>
          }
        />
      ) : (
        <div className="button-row">
          <button type="button" className="button" onClick={() => setAdding(true)}>
            Add folder...
          </button>
        </div>
      )}
      <ErrorNotice message={adder.error} />
    </div>
  );
}
