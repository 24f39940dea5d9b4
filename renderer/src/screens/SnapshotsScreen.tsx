// The repository's snapshots: what each added, browse one's files, compare two. When
// the repository cannot be opened for want of a (working) password, the Audio card's
// password button is offered here too, where the user meets the problem.
import { useState } from 'react';
import { RetryNotice } from '../components/RetryNotice';
import { routeHref } from '../hooks/useHashRoute';
import { plural } from '../format';
import { RepoPasswordButton } from './library/RepoPasswordButton';
import { CompareForm } from './snapshots/CompareForm';
import { FileBrowser } from './snapshots/FileBrowser';
import { SnapshotDiffView } from './snapshots/SnapshotDiffView';
import { SnapshotTable } from './snapshots/SnapshotTable';
import { useRepository } from './snapshots/useRepository';

type Panel = { kind: 'browse'; id: string } | { kind: 'diff'; from: string; to: string } | null;

function Empty({ children }: { children: React.ReactNode }) {
  return (
    <div className="empty-state card" role="status">
      {children}
    </div>
  );
}

export function SnapshotsScreen() {
  const { view, readiness, snapshots, problems, reloadAll } = useRepository();
  const [panel, setPanel] = useState<Panel>(null);
  const list = snapshots.data;
  const newestFirst = list ? [...list].reverse() : [];

  const body = (() => {
    if (problems.length > 0) {
      return (
        <Empty>
          <strong>Snapshots cannot be read here yet.</strong>
          {problems.map((p) => (
            <span key={p}>{p}</span>
          ))}
          {readiness.data && view.data && (
            <RepoPasswordButton
              readiness={readiness.data}
              creating={view.data.repo === null}
              onSaved={reloadAll}
            />
          )}
        </Empty>
      );
    }
    if (view.data && view.data.repo === null) {
      return (
        <Empty>
          <strong>This library has no repository yet.</strong>
          <span>
            Set one up on the <a href={routeHref({ screen: 'library' })}>Library screen</a> (Audio card), then
            take a snapshot.
          </span>
        </Empty>
      );
    }
    if (snapshots.error) {
      return (
        <RetryNotice
          title="Backbeat could not read the snapshots."
          message={snapshots.error}
          onRetry={snapshots.reload}
        />
      );
    }
    if (list === null)
      return (
        <p className="muted" role="status">
          Loading…
        </p>
      );
    if (list.length === 0) {
      return (
        <Empty>
          <strong>No snapshots yet.</strong>
          <span>
            Take the first one with “Take snapshot” on the{' '}
            <a href={routeHref({ screen: 'library' })}>Library screen</a>.
          </span>
        </Empty>
      );
    }
    const selectedId = panel?.kind === 'browse' ? panel.id : null;
    return (
      <div className="snapshots-split">
        <SnapshotTable
          snapshots={newestFirst}
          selectedId={selectedId}
          onOpen={(id) => setPanel({ kind: 'browse', id })}
        />
        {list.length >= 2 && (
          <CompareForm
            snapshots={newestFirst}
            onCompare={(from, to) => setPanel({ kind: 'diff', from, to })}
          />
        )}
        {panel?.kind === 'browse' && (
          <FileBrowser key={panel.id} snapshot={list.find((s) => s.id === panel.id) ?? null} />
        )}
        {panel?.kind === 'diff' && (
          <SnapshotDiffView key={`${panel.from}:${panel.to}`} from={panel.from} to={panel.to} />
        )}
        {panel === null && <p className="muted">Choose a snapshot’s “Browse” to see its files.</p>}
      </div>
    );
  })();

  return (
    <div className="screen">
      <header className="screen-header">
        <h1 tabIndex={-1}>Snapshots</h1>
        {list && list.length > 0 && (
          <span className="screen-header-note">{plural(list.length, 'snapshot')}</span>
        )}
      </header>
      <div className="screen-body screen-scroll">{body}</div>
    </div>
  );
}
